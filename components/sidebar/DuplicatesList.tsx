// "Possible duplicates of this record", compact: who, owned by whom, touched when, why it looks
// the same — and "not the same person" for the rep to overrule.
import type { PersonMatch } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { Pill } from '../ui/primitives';
import { NotSameButton } from './NotSameButton';

export function DuplicatesList({ duplicates, pageKey, tabId, now }: { duplicates: PersonMatch[]; pageKey?: string; tabId: number; now: Date }) {
  const { t, locale, relativeTime, percent } = useTranslator();
  return (
    <div data-dealside="duplicates" className="text-amber-950">
      <div className="mb-1 text-[12px]">{t('possibleDuplicatesHint')}</div>
      <ul className="space-y-1.5">
        {duplicates.map((d) => (
          <li key={d.id} data-dealside="duplicate" className="rounded border border-amber-200 bg-white px-2 py-1 text-slate-800">
            <div className="flex flex-wrap items-center gap-1">
              <Pill tone={d.kind === 'lead' ? 'amber' : 'blue'}>{t(d.kind)}</Pill>
              <span className="font-medium" data-dealside="match-name">{d.fullName}</span>
              {d.evidence ? <span className="ml-auto text-[11px] text-slate-700">{percent(d.evidence.probability)}</span> : null}
            </div>
            <div className="text-[11px] text-slate-700">
              {[d.title, d.companyName, d.email].filter(Boolean).join(' · ')}
            </div>
            <div className="text-[11px] text-slate-700">
              {t('owner')}: {d.owner?.name ?? t('noOwner')}
              {d.lastActivity ? ` · ${relativeTime(d.lastActivity.at, now)}` : ''}
              {d.openDeals.length ? ` · ${d.openDeals.length} ${t('openDeals').toLowerCase()}` : ''}
            </div>
            {d.evidence ? (
              <div className="text-[11px] text-slate-700" data-dealside="match-reasons">
                {d.evidence.reasons[locale]}
              </div>
            ) : null}
            {pageKey ? <NotSameButton pageKey={pageKey} recordId={d.id} tabId={tabId} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
