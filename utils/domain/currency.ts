// Exchange rates between the currencies a CRM's deals are in, as the CRM itself keeps them (issue
// #17: an account's ARR across currencies). Pure. A CRM states each currency's rate against its own
// home (corporate, base) currency: Salesforce's CurrencyType.ConversionRate, HubSpot's exchange
// rates, Dynamics 365's transactioncurrency.exchangerate, Zoho CRM's org currencies. We keep them
// the same way and never guess a rate: a currency the CRM gives none for cannot be converted
// (`convert` answers undefined) and its amounts are left out and reported, never added as they are.

/**
 * A CRM's exchange rates: `perHome[X]` is how many units of X one unit of the home currency buys
 * (`{ home: 'EUR', perHome: { EUR: 1, USD: 1.08, MXN: 19.6 } }`). The home currency's own rate is
 * 1 whether listed or not. ISO 4217 codes, upper case.
 */
export type CurrencyRates = { home: string; perHome: Readonly<Record<string, number>> };

/** Rates that know the home currency alone (a CRM that says its currency but publishes no rates). */
export function homeOnly(home: string): CurrencyRates {
  const code = home.toUpperCase();
  return { home: code, perHome: { [code]: 1 } };
}

/** Units of `code` per one unit of the home currency, when the rates know it (a positive, finite number). */
export function rateOf(rates: CurrencyRates | undefined, code: string): number | undefined {
  if (!rates) return undefined;
  const c = code.toUpperCase();
  if (c === rates.home.toUpperCase()) return 1;
  const r = rates.perHome[c];
  return typeof r === 'number' && Number.isFinite(r) && r > 0 ? r : undefined;
}

/**
 * What one unit of `from` is in `to`: 1 for the same currency (with or without rates), else through
 * the home currency; undefined when either rate is unknown.
 */
export function conversionFactor(from: string, to: string, rates: CurrencyRates | undefined): number | undefined {
  if (from.toUpperCase() === to.toUpperCase()) return 1;
  const f = rateOf(rates, from);
  const t = rateOf(rates, to);
  return f !== undefined && t !== undefined ? t / f : undefined;
}

/** `amount` of `from` in `to`, or undefined when the rates cannot say (never the amount unconverted). */
export function convert(amount: number, from: string, to: string, rates: CurrencyRates | undefined): number | undefined {
  const factor = conversionFactor(from, to, rates);
  return factor === undefined ? undefined : factor === 1 ? amount : amount * factor;
}

/** Whether two sets of rates say the same: the same home, and the same rate for every currency either lists. */
export function sameRates(a: CurrencyRates | undefined, b: CurrencyRates | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.home.toUpperCase() !== b.home.toUpperCase()) return false;
  const codes = new Set([...Object.keys(a.perHome), ...Object.keys(b.perHome)].map((c) => c.toUpperCase()));
  for (const c of codes) if (rateOf(a, c) !== rateOf(b, c)) return false;
  return true;
}
