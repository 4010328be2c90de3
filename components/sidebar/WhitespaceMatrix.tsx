// The whitespace matrix on a customer account: its units (the account and the accounts below it)
// × the catalogue, each cell owned, in an open deal, whitespace or not applicable. The best
// whitespace cells carry their rank; choosing a cell says what it is, and the ranked ones become
// the next actions with the reason from comparable customers.
import { useState } from 'react';
import type { Account360View, MatrixCellView } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { SectionTitle } from '../ui/primitives';

type Matrix = Account360View['matrix'];

const CELL_STYLE: Record<MatrixCellView['state'], string> = {
  owned: 'bg-emerald-100 text-emerald-900',
  'in-deal': 'bg-sky-100 text-sky-900',
  whitespace: 'bg-white text-slate-600 ring-1 ring-inset ring-slate-300',
  'not-applicable': 'bg-slate-50 text-slate-500',
};
const SYMBOL: Record<MatrixCellView['state'], string> = { owned: '✓', 'in-deal': '◐', whitespace: '○', 'not-applicable': '–' };

export function WhitespaceMatrix({ matrix }: { matrix: Matrix }) {
  const { t, locale, money, moneyShort, date, percent } = useTranslator();
  const rankOf = new Map(matrix.ranked.slice(0, matrix.actions.length).map(([u, p], i) => [`${u}:${p}`, i + 1]));
  const [selected, setSelected] = useState<[number, number] | undefined>(matrix.ranked[0]);
  const many = matrix.units.length > 1;
  const heading = (u: Matrix['units'][number]) => (u.depth === 0 && many ? t('matrixParent') : many ? u.label : t('matrixThisAccount'));
  const stateText = (cell: MatrixCellView): string => {
    switch (cell.state) {
      case 'owned':
        return [
          t('matrixOwnedSince').replace('{date}', date(cell.since)),
          cell.seats !== undefined ? t('seats').replace('{n}', String(cell.seats)) : undefined,
          cell.arr !== undefined ? `${money(cell.arr, cell.currency)} ARR` : undefined,
        ]
          .filter(Boolean)
          .join(' · ');
      case 'in-deal':
        return [t('matrixInDeal').replace('{deal}', cell.dealName), t(`stage.${cell.stage}`), cell.amount !== undefined ? money(cell.amount, cell.currency) : undefined]
          .filter(Boolean)
          .join(' · ');
      case 'whitespace':
        return t('matrixWhitespace')
          .replace('{p}', percent(cell.propensity))
          .replace('{ev}', moneyShort(cell.expectedValue, cell.currency));
      case 'not-applicable':
        return cell.reason[locale];
    }
  };
  const sel = selected ? matrix.cells[selected[0]]?.[selected[1]] : undefined;
  return (
    <section data-dealside="account-whitespace">
      <SectionTitle>{t('whitespaceMatrix')}</SectionTitle>
      <div className="mt-1 overflow-x-auto">
        <table data-dealside="whitespace-matrix" className="w-full table-fixed border-separate border-spacing-0.5 text-[11px]">
          <caption className="sr-only">{t('whitespaceMatrixCaption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="w-[34%] text-left font-normal text-slate-600">
                {t('matrixProduct')}
              </th>
              {matrix.units.map((u) => (
                <th key={u.id} scope="col" title={u.name} data-dealside="matrix-unit" data-unit={u.id} className="px-0.5 text-center align-bottom text-[10px] font-medium leading-tight text-slate-700 [overflow-wrap:anywhere]">
                  {heading(u)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.products.map((p, j) => (
              <tr key={p.id}>
                <th scope="row" className="text-left font-normal leading-tight text-slate-800 [overflow-wrap:anywhere]">
                  {p.name}
                </th>
                {matrix.units.map((u, i) => {
                  const cell = matrix.cells[i]![j]!;
                  const rank = rankOf.get(`${i}:${j}`);
                  const on = selected?.[0] === i && selected?.[1] === j;
                  return (
                    <td key={u.id} className="p-0">
                      <button
                        type="button"
                        data-dealside="matrix-cell"
                        data-state={cell.state}
                        data-unit={u.id}
                        data-product={p.id}
                        {...(rank ? { 'data-rank': String(rank) } : {})}
                        aria-pressed={on}
                        aria-label={`${p.name} · ${u.name}: ${t(`matrixState.${cell.state}`)}${rank ? ` #${rank}` : ''}`}
                        onClick={() => setSelected([i, j])}
                        className={`h-5 w-full rounded-sm text-center font-semibold leading-5 ${rank ? 'bg-amber-200 text-amber-950' : CELL_STYLE[cell.state]} ${on ? 'outline outline-2 outline-slate-800' : ''}`}
                      >
                        <span aria-hidden="true">{rank ? String(rank) : SYMBOL[cell.state]}</span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-0.5 text-[11px] text-slate-600" data-dealside="matrix-legend">
        ✓ {t('matrixState.owned')} · ◐ {t('matrixState.in-deal')} · ○ {t('matrixState.whitespace')} · – {t('matrixState.not-applicable')}
        {rankOf.size ? ` · 1–${rankOf.size} ${t('matrixBestBets')}` : ''}
      </p>
      {sel && selected ? (
        <p className="mt-1 rounded bg-slate-50 px-2 py-1 text-[12px] text-slate-800" data-dealside="matrix-detail" aria-live="polite">
          <span className="font-medium">
            {matrix.products[selected[1]]!.name} · {matrix.units[selected[0]]!.name}
          </span>
          : {stateText(sel)}
        </p>
      ) : null}
      {matrix.actions.length ? (
        <div className="mt-2">
          <SectionTitle>{t('nextActions')}</SectionTitle>
          <ol className="mt-0.5 space-y-1 text-[12px]" data-dealside="whitespace-actions">
            {matrix.actions.map((a, i) => (
              <li key={`${a.unitId}:${a.productId}`} data-dealside="whitespace-action" data-unit={a.unitId} data-product={a.productId} className="flex gap-2">
                <span className="mt-px h-4 w-4 shrink-0 rounded-sm bg-amber-200 text-center text-[11px] font-semibold leading-4 text-amber-950" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="font-medium">{a.text[locale]}</span>
                  <span className="tabular-nums text-slate-700"> · {t('matrixExpected').replace('{ev}', moneyShort(a.expectedValue, a.currency))}</span>
                  <span className="block text-[11px] text-slate-600" data-dealside="whitespace-reason">
                    {a.reason[locale]}
                  </span>
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
