// What to do next, ranked, each with its reason in words; done / dismissed is remembered.
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { CATEGORY_LABELS } from '../../utils/domain/labels';
import type { ActionCategory } from '../../utils/domain/actions';
import { useTranslator } from '../app/DealsideProvider';
import { Card, Pill, SectionTitle } from '../ui/primitives';
import { useQualificationEdit } from './useQualificationEdit';

export function NextActions({ q, tabId }: { q: QualificationView; tabId: number }) {
  const { t, locale, relativeTime } = useTranslator();
  const mutation = useQualificationEdit(tabId);
  const target = { entityType: q.entityType, entityId: q.entityId };
  const now = new Date();
  return (
    <Card>
      <SectionTitle>{t('nextActions')}</SectionTitle>
      {q.actions.length === 0 ? <p className="text-slate-500" data-dealside="no-actions">{t('noActions')}</p> : null}
      <ol className="space-y-1.5" data-dealside="next-actions">
        {q.actions.map((a) => (
          <li key={a.key} data-dealside="next-action" data-category={a.category} data-key={a.key} className="rounded border border-slate-200 px-2 py-1.5">
            <div className="flex items-center gap-1">
              <Pill tone={a.overdue ? 'red' : 'slate'}>{CATEGORY_LABELS[a.category as ActionCategory]?.[locale] ?? a.category}</Pill>
              <span className={`ml-auto text-[11px] ${a.overdue ? 'font-semibold text-rose-700' : 'text-slate-500'}`} data-dealside="action-due">
                {a.overdue ? `${t('overdue')} · ` : ''}
                {relativeTime(a.dueAt, now)}
              </span>
            </div>
            <div className="mt-0.5 font-medium" data-dealside="action-title">{a.title[locale]}</div>
            <div className="text-[12px] text-slate-600" data-dealside="action-reason">{a.reason[locale]}</div>
            {a.question ? <div className="mt-0.5 text-[12px] text-teal-800 italic" data-dealside="action-question">“{a.question[locale]}”</div> : null}
            {a.personName ? <div className="text-[11px] text-slate-500">→ {a.personName}</div> : null}
            <div className="mt-1 flex gap-1">
              <button
                data-dealside="action-done"
                className="rounded bg-emerald-700 px-2 py-0.5 text-[11px] text-white"
                onClick={() => mutation.mutate({ type: 'qualification/action', target, actionKey: a.key, state: 'done' })}
              >
                ✓ {t('done')}
              </button>
              <button
                data-dealside="action-dismiss"
                className="rounded border border-slate-300 px-2 py-0.5 text-[11px]"
                onClick={() => mutation.mutate({ type: 'qualification/action', target, actionKey: a.key, state: 'dismissed' })}
              >
                {t('dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      {mutation.isError ? <p className="mt-1 text-[12px] text-rose-700">{mutation.error.message}</p> : null}
    </Card>
  );
}
