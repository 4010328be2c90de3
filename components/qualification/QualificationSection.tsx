// The rep's view of the deal or lead on the page: score, BANT, committee, next actions.
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { useTranslator } from '../app/DealsideProvider';
import { ScoreCard } from './ScoreCard';
import { BantPanel } from './BantPanel';
import { CommitteeMap } from './CommitteeMap';
import { NextActions } from './NextActions';

export function QualificationSection({ q, tabId }: { q: QualificationView; tabId: number }) {
  const { t } = useTranslator();
  return (
    <section data-dealside="qualification" data-entity-id={q.entityId} className="space-y-2">
      <div className="text-[11px] text-slate-500" data-dealside="qualification-subject">
        {q.entityType === 'deal' ? t('deal') : t('lead')}: <span className="font-medium text-slate-700">{q.entityName}</span>
      </div>
      <ScoreCard q={q} />
      <BantPanel q={q} tabId={tabId} />
      <NextActions q={q} tabId={tabId} />
      <CommitteeMap q={q} tabId={tabId} />
    </section>
  );
}
