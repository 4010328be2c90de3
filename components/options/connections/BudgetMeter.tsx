// The API budget a connection has used of its limit, as a meter (or "unknown" when the CRM does not say).
import type { ConnectionViewMessage } from '../../../utils/messaging/protocol';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { Field } from '../../ui/primitives';

export function BudgetMeter({ usage }: { usage: ConnectionViewMessage['usage'] }) {
  const { t, number } = useOptionsTranslator();
  if (!usage || usage.limit <= 0) {
    return (
      <Field label={t('apiBudget')} data-dealside="api-budget">
        <span className="font-normal text-slate-500">{t('usageUnknown')}</span>
      </Field>
    );
  }
  const share = Math.min(1, usage.used / usage.limit);
  const tone = share >= 0.95 ? 'bg-rose-600' : share >= 0.8 ? 'bg-amber-500' : 'bg-emerald-600';
  return (
    <div className="py-0.5" data-dealside="api-budget" data-used={usage.used} data-limit={usage.limit}>
      <div className="flex items-baseline justify-between gap-2">
        <span className="text-slate-500">{t('apiBudget')}</span>
        <span className="text-right font-medium">
          {number(usage.used)} / {number(usage.limit)} {t(`usage.${usage.kind}`)}
        </span>
      </div>
      <div className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={usage.limit} aria-valuenow={usage.used}>
        <div className={`h-full ${tone}`} style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
    </div>
  );
}
