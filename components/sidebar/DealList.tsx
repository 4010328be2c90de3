import type { DealSummary } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';

export function DealList({ deals }: { deals: DealSummary[] }) {
  const { t, money, date } = useTranslator();
  if (deals.length === 0) return <p className="text-slate-500">{t('noOpenDeals')}</p>;
  return (
    <ul className="space-y-1">
      {deals.map((d) => (
        <li key={d.id} data-dealside="open-deal" className="rounded border border-slate-100 bg-slate-50 px-2 py-1">
          <div className="font-medium">{d.name}</div>
          <div className="text-[11px] text-slate-600">
            {t(`stage.${d.stage}`)} · {d.amount !== undefined ? money(d.amount, d.currency) : t('amountMissing')}
            {d.closeDate ? ` · ${t('closes')} ${date(d.closeDate)}` : ''}
            {d.owner ? ` · ${d.owner.name}` : ''}
          </div>
        </li>
      ))}
    </ul>
  );
}
