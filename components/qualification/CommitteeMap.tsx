// Who is in the buying committee, which required roles are still missing (with the titles to look
// for), whose relationship went cold, and the risks — with the rep able to set anyone's role.
import type { QualificationView } from '../../utils/messaging/qualificationView';
import type { CommitteeRole } from '../../utils/domain/committee/roles';
import { useTranslator } from '../app/DealsideProvider';
import { Pill } from '../ui/primitives';
import { useQualificationEdit } from './useQualificationEdit';

export function CommitteeMap({ q, tabId }: { q: QualificationView; tabId: number }) {
  const { t, locale, relativeTime } = useTranslator();
  const mutation = useQualificationEdit(tabId);
  const target = { entityType: q.entityType, entityId: q.entityId };
  const c = q.committee;
  const now = new Date();
  const onDeal = c.members.filter((m) => m.onDeal || m.role);
  const others = c.members.filter((m) => !m.onDeal && !m.role);
  return (
    <div data-dealside="committee">
      <div className="mb-1 text-[11px] text-slate-700">{c.template[locale]}</div>
      {c.risks.map((r) => (
        <div key={`${r.kind}-${r.personId}`} data-dealside="committee-risk" className="mb-1 rounded bg-rose-50 px-2 py-1 text-[12px] text-rose-800">
          ⚠ {r.text[locale]}
        </div>
      ))}
      <ul className="space-y-1">
        {onDeal.map((m) => (
          <li key={m.personId} data-dealside="committee-member" className="flex items-center gap-2">
            <div className="min-w-0 flex-1">
              <div className="truncate font-medium">
                {m.name}
                {m.leftCompany ? <> <Pill tone="red">{t('leftCompany')}</Pill></> : null}
                {m.cold ? <> <Pill tone="amber">{t('cold')}</Pill></> : null}
              </div>
              <div className="truncate text-[11px] text-slate-700">
                {m.title ?? '—'}
                {m.lastTouchAt ? ` · ${relativeTime(m.lastTouchAt, now)}` : ''}
              </div>
            </div>
            <select
              data-dealside="committee-role"
              aria-label={`${t('role')} · ${m.name}`}
              value={m.role ?? ''}
              className={`max-w-44 shrink-0 rounded border bg-white px-1 py-0.5 text-[11px] ${m.roleSource === 'override' ? 'border-teal-600' : 'border-slate-300'}`}
              title={m.roleSource === 'inferred' ? t('roleInferred') : m.roleSource === 'override' ? t('roleOverride') : ''}
              onChange={(e) =>
                mutation.mutate({
                  type: 'qualification/role',
                  target,
                  personId: m.personId,
                  role: (e.target.value || undefined) as CommitteeRole | undefined,
                })
              }
            >
              <option value="">—</option>
              {q.roles.map((r) => (
                <option key={r.role} value={r.role}>
                  {r.label[locale]}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      {c.gaps.length ? (
        <div className="mt-2">
          <div className="text-[11px] font-semibold text-slate-700 uppercase">{t('missingRoles')}</div>
          <ul className="space-y-0.5">
            {c.gaps.map((g) => (
              <li key={g.role} data-dealside="committee-gap" data-role={g.role} className="text-[12px]">
                <span className="font-medium">{g.roleLabel[locale]}</span>
                <span className="text-slate-700"> — {t('lookFor')}: {g.lookFor[locale].slice(0, 4).join(', ')}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {others.length ? (
        <details className="mt-2 text-[12px]">
          <summary className="cursor-pointer text-slate-600">
            {t('othersAtAccount')} ({others.length})
          </summary>
          <ul className="mt-1 space-y-0.5">
            {others.slice(0, 30).map((m) => (
              <li key={m.personId} className="truncate text-slate-700">
                {m.name} <span className="text-slate-700">· {m.title ?? '—'}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
