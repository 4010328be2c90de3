// Where the account's health is heading: "▼ down 9 in 12 weeks", with the weekly line beside it
// in the account section (the header shows the words only).
import type { Account360View } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { Sparkline } from '../ui/Sparkline';

type Trend = NonNullable<Account360View['health']>['trend'];

const ARROW = { up: '▲', down: '▼', flat: '▶' } as const;
const TONE = { up: 'text-emerald-800', down: 'text-rose-800', flat: 'text-slate-700' } as const;
const WEEK_MS = 7 * 86_400_000;

/** How many weeks the trend spans, from its first point to its last (now). */
function weeksOf(trend: Trend): string {
  const first = Date.parse(trend.points[0]?.at ?? '');
  const last = Date.parse(trend.points.at(-1)?.at ?? '');
  const weeks = Math.round((last - first) / WEEK_MS);
  return String(Number.isFinite(weeks) && weeks > 0 ? weeks : 1);
}

export function HealthTrend({ trend, withLine = false, name }: { trend: Trend; withLine?: boolean; name: string }) {
  const { t } = useTranslator();
  const weeks = weeksOf(trend);
  const key = trend.direction === 'up' ? 'healthTrendUp' : trend.direction === 'down' ? 'healthTrendDown' : 'healthTrendFlat';
  const text = t(key).replace('{n}', String(Math.abs(trend.change))).replace('{weeks}', weeks);
  return (
    <span className={`inline-flex items-center gap-2 ${TONE[trend.direction]}`} data-dealside={name} data-direction={trend.direction} data-change={trend.change}>
      <span>
        <span aria-hidden="true">{ARROW[trend.direction]} </span>
        {text}
      </span>
      {withLine ? <Sparkline points={trend.points} label={t('healthTrendLabel').replace('{weeks}', weeks)} width={72} height={18} /> : null}
    </span>
  );
}
