// Every point of the score with its reason (the rule, the fact, its date), the trend, and what
// would raise it most. The number itself and its band are in the header.
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { useTranslator } from '../app/DealsideProvider';
import { Sparkline } from '../ui/Sparkline';

export function ScoreBreakdown({ q }: { q: QualificationView }) {
  const { t, locale, date } = useTranslator();
  const items = [...q.score.breakdown].sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const first = q.score.trend[0];
  const change = first ? q.score.score - first.score : 0;
  return (
    <div data-dealside="score-breakdown">
      <div className="mb-1 flex items-center justify-between gap-2 text-[11px] text-slate-700" data-dealside="score-trend">
        <span>{change === 0 ? t('trendFlat') : `${change > 0 ? '▲' : '▼'} ${Math.abs(change)} ${t('trendSince')} ${first ? date(first.at) : ''}`}</span>
        <Sparkline points={q.score.trend} label={t('scoreTrend')} />
      </div>
      <p className="mb-1 text-[12px] text-slate-700" data-dealside="stage-reason">{q.stage.reason[locale]}</p>
      <ul className="space-y-0.5" data-dealside="score-reasons">
        {items.map((item, i) => (
          <li key={`${item.ruleId}-${i}`} className="flex justify-between gap-2 text-[12px]">
            <span className="text-slate-800">
              {item.label[locale]} <span className="text-slate-700">· {item.fact[locale]}{item.at ? ` · ${date(item.at)}` : ''}</span>
            </span>
            <span className={`font-mono font-semibold ${item.points >= 0 ? 'text-emerald-800' : 'text-rose-800'}`}>
              {item.points > 0 ? '+' : ''}
              {item.points}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
