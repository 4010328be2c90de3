// Net revenue retention on a customer account: the account's NRR over the last 12 months with the
// movements behind it (expansion, contraction, churn by product, each with the kind of deal behind
// it when the CRM says: an add-on, a renewal, a downgrade), the ARR at risk at the renewal, and the
// same figure for the book of accounts the user owns.
import type { Account360View } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { SectionTitle } from '../ui/primitives';
import { RETENTION_RULES } from '../../utils/domain/account/retention';
import { ArrNotConverted } from './ArrNotConverted';

const TONE = (nrr: number | undefined) => (nrr === undefined ? 'text-slate-800' : nrr >= 1 ? 'text-emerald-800' : nrr >= 0.9 ? 'text-amber-900' : 'text-rose-800');

export function RetentionSummary({ view }: { view: Account360View }) {
  const { t, locale, money, percent } = useTranslator();
  const r = view.retention;
  if (!r && !view.book) return null;
  const name = (id: string) => view.matrix.products.find((p) => p.id === id)?.name ?? id;
  const book = view.book?.byCurrency[0];
  const renewing = view.book?.renewing.find((x) => x.currency === book?.currency) ?? view.book?.renewing[0];
  return (
    <section data-dealside="account-retention" className="mb-3">
      <SectionTitle>{t('retentionTitle')}</SectionTitle>
      {r ? (
        <>
          <div className="mt-0.5 flex items-baseline gap-2">
            <span className={`whitespace-nowrap text-[15px] font-semibold tabular-nums ${TONE(r.nrr)}`} data-dealside="account-nrr" data-nrr={r.nrr ?? ''} title={t('nrrLabel')}>
              {r.nrr !== undefined ? `NRR ${percent(r.nrr)}` : t('nrrNone')}
            </span>
            <span className="text-[12px] text-slate-700" title={r.text[locale]}>
              {r.nrr !== undefined ? t('retentionFromTo').replace('{start}', money(r.startArr, r.currency)).replace('{end}', money(r.endArr, r.currency)) : r.text[locale]}
            </span>
          </div>
          {/* what the ARR above leaves out (a currency with no exchange rate) */}
          <ArrNotConverted value={view.arrNotConverted} />
          {r.movements.length ? (
            <ul className="text-[11px] text-slate-700" data-dealside="retention-movements">
              {r.movements.slice(0, 4).map((m) => (
                <li key={`${m.productId}:${m.kind}`} data-kind={m.kind}>
                  {name(m.productId)}{' '}
                  <span className={`tabular-nums ${m.kind === 'expansion' || m.kind === 'new' ? 'text-emerald-800' : 'text-rose-800'}`}>
                    {m.kind === 'expansion' || m.kind === 'new' ? '+' : '−'}
                    {money(m.amount, r.currency)}
                  </span>{' '}
                  · {t(`movement.${m.kind}`)}
                  {/* what the CRM's deal type says it came from: an add-on, a renewal, a downgrade */}
                  {m.via ? <span data-dealside="movement-via" data-via={m.via}> ({t(`movementVia.${m.via}`)})</span> : null}
                </li>
              ))}
              {r.movements.length > 4 ? <li>+{r.movements.length - 4}</li> : null}
            </ul>
          ) : null}
        </>
      ) : null}
      {view.atRisk ? (
        <p className="mt-1 text-[12px]" data-dealside="arr-at-risk" data-arr={view.atRisk.arr}>
          <span className="text-slate-700">{t('arrAtRiskLabel')}: </span>
          <span className={`font-semibold tabular-nums ${view.atRisk.arr > 0 ? 'text-rose-800' : 'text-slate-900'}`}>{money(view.atRisk.arr, view.atRisk.currency)}</span>
          <span className="text-slate-700"> · {view.atRisk.text[locale]}</span>
        </p>
      ) : null}
      {book ? (
        <p className="mt-1 text-[12px] text-slate-700" data-dealside="book-nrr" data-nrr={book.nrr ?? ''}>
          {t('bookNrr')
            .replace('{nrr}', book.nrr !== undefined ? percent(book.nrr) : '—')
            .replace('{n}', String(book.accounts))}
          {renewing
            ? ` · ${t(renewing.accounts === 1 ? 'bookRenewingOne' : 'bookRenewing')
                .replace('{arr}', money(renewing.arr, renewing.currency))
                .replace('{days}', String(RETENTION_RULES.bookRenewingWithinDays))
                .replace('{n}', String(renewing.accounts))}`
            : ''}
        </p>
      ) : null}
    </section>
  );
}
