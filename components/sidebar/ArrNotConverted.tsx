// One line under an account's ARR when it leaves some out: the won deals in a currency their CRM
// gives no exchange rate for (utils/domain/account/ownedFromDeals.ts). Rendered as text.
import type { ArrNotConvertedView } from '../../utils/messaging/views';
import type { Translator } from '../../utils/i18n';
import { crmName } from '../../utils/crms/names';
import { useTranslator } from '../app/DealsideProvider';

/** "Not included: MX$120,000 ARR — Pipedrive gives no exchange rate" / "Sin incluir: 120.000 MXN de ARR — …". */
export function arrNotConvertedText(value: ArrNotConvertedView, tr: Pick<Translator, 't' | 'money'>): string {
  const items = value.items.map((i) => tr.money(i.arr, i.currency)).join(', ');
  return tr.t(value.crm ? 'arrNotConverted' : 'arrNotConvertedNoCrm').replace('{items}', items).replace('{crm}', value.crm ? crmName(value.crm) : '');
}

export function ArrNotConverted({ value }: { value: ArrNotConvertedView | undefined }) {
  const tr = useTranslator();
  if (!value?.items.length) return null;
  return (
    <p className="mt-1 text-[11px] text-amber-900" data-dealside="arr-not-converted" data-currencies={value.items.map((i) => i.currency).join(' ')}>
      {arrNotConvertedText(value, tr)}
    </p>
  );
}
