// The account manager on a customer's account: how healthy it is and its main risk, when it
// renews and what to do now, whether it is a key account (its plan, a message waiting against the
// key-account SLA), and the next thing to offer with what it could be worth.
import type { Account360View } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { Pill } from '../ui/primitives';
import { HealthTrend } from './HealthTrend';

export const HEALTH_TONE = { healthy: 'green', watch: 'amber', 'at-risk': 'red' } as const;

export function AmHeader({ view }: { view: Account360View }) {
  const { t, locale, date, money, moneyShort, percent, relativeTime, duration } = useTranslator();
  const key = view.keyAccount?.key ? view.keyAccount : undefined;
  const now = new Date();
  const risk = view.health?.signals.find((s) => s.tone === 'risk');
  const strength = view.health?.signals.find((s) => s.tone === 'good');
  // The domain ranks whitespace cells by expected value: its first action is the best bet.
  const top = view.matrix.actions[0];
  const topProduct = top && view.matrix.products.find((p) => p.id === top.productId);
  const topUnit = top && top.unitId !== view.accountId ? view.matrix.units.find((u) => u.id === top.unitId) : undefined;
  return (
    <div className="space-y-1 text-[12px]">
      {view.health ? (
        <div data-dealside="health" data-band={view.health.band} className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-slate-700">{t('accountHealth')}</span>
          <Pill tone={HEALTH_TONE[view.health.band]}>{t(`healthBand.${view.health.band}`)}</Pill>
          <span className="font-bold tabular-nums">
            {view.health.score}
            <span className="font-normal text-slate-600">/100</span>
          </span>
          <HealthTrend trend={view.health.trend} name="health-trend" />
          {risk ? (
            <span className="w-full text-rose-900" data-dealside="health-risk">
              ▼ {risk.text[locale]}
            </span>
          ) : strength ? (
            <span className="w-full text-emerald-900">▲ {strength.text[locale]}</span>
          ) : null}
        </div>
      ) : null}
      {view.renewal ? (
        <div data-dealside="renewal" data-phase={view.renewal.phase}>
          <span className="text-slate-700">{t('renewal')}</span>{' '}
          <span className="font-semibold">{date(view.renewal.date)}</span> · <span className="whitespace-nowrap">{relativeTime(view.renewal.date, now)}</span>
          {/* the line breaks before "· NRR", never inside "in 4 months" */}
          {view.retention?.nrr !== undefined ? (
            <>
              {' '}
              <span data-dealside="nrr" className="whitespace-nowrap">· NRR {percent(view.retention.nrr)}</span>
            </>
          ) : null}
          {view.atRisk && view.atRisk.arr > 0 ? (
            <span className="whitespace-nowrap font-semibold text-rose-900" data-dealside="arr-at-risk-glance">
              {' '}
              · {money(view.atRisk.arr, view.atRisk.currency)} {t('arrAtRiskLabel')}
            </span>
          ) : null}
          {view.renewal.action ? <div className="font-medium text-amber-950">→ {view.renewal.action[locale]}</div> : null}
        </div>
      ) : null}
      {key ? (
        <div data-dealside="key-account-glance" className="flex flex-wrap items-baseline gap-x-1.5">
          <Pill tone="violet">{t('keyAccountPill')}</Pill>{' '}
          <span className="whitespace-nowrap">
            {key.plan ? t('keyPlanSummary').replace('{done}', String(key.plan.done)).replace('{total}', String(key.plan.total)) : null}
            {key.response ? (
              <span className={`font-semibold ${key.response.overdue ? 'text-rose-900' : 'text-amber-950'}`} data-dealside="key-response-glance">
                {key.plan ? ' · ' : ''}
                {t(key.response.overdue ? 'keyAnswerOverdue' : 'keyLeftToAnswer').replace('{h}', duration(key.response.hours, 'hour', 'short'))}
              </span>
            ) : null}
          </span>
        </div>
      ) : null}
      {top ? (
        <div data-dealside="top-whitespace">
          <span className="text-slate-700">{t('nextToOffer')}</span> <span className="font-semibold">{topProduct?.name ?? top.productId}</span>
          {topUnit ? <span> · {topUnit.name}</span> : null}
          <span className="tabular-nums"> · {t('matrixExpected').replace('{ev}', moneyShort(top.expectedValue, top.currency))}</span>
          <div className="text-slate-700">{top.reason[locale]}</div>
        </div>
      ) : null}
    </div>
  );
}
