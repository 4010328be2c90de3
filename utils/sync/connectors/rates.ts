// Each CRM's exchange rates as the domain keeps them (utils/domain/currency.ts): units of each
// currency per one unit of the CRM's home currency. The connectors read them once per pull run
// (CrmConnector.readRates) and bring each CRM's own shape here.
import type { CurrencyRates } from '../../domain/currency';

/** A currency as a CRM lists it: its ISO code, units of it per unit of home, whether it is home. */
export type CrmRate = { code: unknown; perHome: unknown; home?: boolean };

/**
 * The rates of the rows: the home currency is the row marked so, else `home` (the one the connection
 * knows); a row without a usable code or a positive, finite rate is left out (its currency cannot be
 * converted). Undefined when no home currency is known.
 */
export function ratesFrom(rows: readonly CrmRate[], home: string | undefined): CurrencyRates | undefined {
  const marked = rows.find((r) => r.home && typeof r.code === 'string' && r.code);
  const homeCode = (typeof marked?.code === 'string' ? marked.code : home)?.toUpperCase();
  if (!homeCode) return undefined;
  const perHome: Record<string, number> = { [homeCode]: 1 };
  for (const r of rows) {
    if (typeof r.code !== 'string' || !r.code) continue;
    const code = r.code.toUpperCase();
    if (code === homeCode) continue;
    const rate = typeof r.perHome === 'string' ? Number(r.perHome) : r.perHome;
    if (typeof rate === 'number' && Number.isFinite(rate) && rate > 0) perHome[code] = rate;
  }
  return { home: homeCode, perHome };
}
