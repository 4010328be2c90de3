// Score, band, stage and trend at a glance; the top reasons, and every point one click away.
import { useState } from 'react';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { BAND_LABELS, STAGE_LABELS } from '../../utils/domain/labels';
import { useTranslator } from '../app/DealsideProvider';
import { Card, Pill, SectionTitle } from '../ui/primitives';

const BAND_TONE = { cold: 'slate', warm: 'amber', mql: 'blue', sql: 'green', hot: 'red' } as const;
const STAGE_TONE = { new: 'slate', mql: 'blue', sql: 'green', nurture: 'amber', disqualified: 'red' } as const;

function Sparkline({ points }: { points: { score: number }[] }) {
  if (points.length < 2) return null;
  const w = 96;
  const h = 28;
  const max = Math.max(...points.map((p) => p.score), 1);
  const min = Math.min(...points.map((p) => p.score), 0);
  const span = max - min || 1;
  const d = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${((i / (points.length - 1)) * w).toFixed(1)},${(h - ((p.score - min) / span) * h).toFixed(1)}`)
    .join(' ');
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true" className="overflow-visible">
      <path d={d} fill="none" stroke="#0f766e" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}

export function ScoreCard({ q }: { q: QualificationView }) {
  const { t, locale, date } = useTranslator();
  const [open, setOpen] = useState(false);
  const items = [...q.score.breakdown].sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const first = q.score.trend[0];
  const change = first ? q.score.score - first.score : 0;
  return (
    <Card>
      <div className="flex items-start justify-between gap-2">
        <div>
          <SectionTitle>{t('score')}</SectionTitle>
          <div className="flex items-baseline gap-2">
            <span data-dealside="score" className="text-[28px] leading-none font-bold">{q.score.score}</span>
            <Pill tone={BAND_TONE[q.score.band]} data-dealside="score-band">{BAND_LABELS[q.score.band][locale]}</Pill>
          </div>
          <div className="mt-1 text-[11px] text-slate-500" data-dealside="score-trend">
            {change === 0 ? t('trendFlat') : `${change > 0 ? '▲' : '▼'} ${Math.abs(change)} ${t('trendSince')} ${first ? date(first.at) : ''}`}
          </div>
        </div>
        <div className="text-right">
          <Pill tone={STAGE_TONE[q.stage.stage]} data-dealside="stage">{STAGE_LABELS[q.stage.stage][locale]}</Pill>
          <div className="mt-2"><Sparkline points={q.score.trend} /></div>
        </div>
      </div>
      <p className="mt-1 text-[12px] text-slate-600" data-dealside="stage-reason">{q.stage.reason[locale]}</p>
      <ul className="mt-2 space-y-0.5" data-dealside="score-reasons">
        {(open ? items : items.slice(0, 3)).map((item, i) => (
          <li key={`${item.ruleId}-${i}`} className="flex justify-between gap-2 text-[12px]">
            <span className="text-slate-700">
              {item.label[locale]} <span className="text-slate-500">· {item.fact[locale]}{item.at ? ` · ${date(item.at)}` : ''}</span>
            </span>
            <span className={`font-mono font-semibold ${item.points >= 0 ? 'text-emerald-700' : 'text-rose-700'}`}>
              {item.points > 0 ? '+' : ''}
              {item.points}
            </span>
          </li>
        ))}
      </ul>
      {items.length > 3 ? (
        <button data-dealside="score-breakdown-toggle" aria-expanded={open} className="mt-1 text-[12px] text-teal-700 underline" onClick={() => setOpen((o) => !o)}>
          {open ? t('showLess') : `${t('fullBreakdown')} (${items.length})`}
        </button>
      ) : null}
    </Card>
  );
}
