// Numbers a person can read, in English or Spanish: dates, day counts, durations, money, percents
// and points, all through Intl. Pure (no browser APIs, no clock): the translator (./index.ts) uses
// these for the UI, and the domain core and the views use them for the bilingual text they build.
export type Locale = 'en' | 'es';

/** British English (day before month, 24 h) and Spain's Spanish; Latin American readers read both. */
export const LOCALE_TAGS: Readonly<Record<Locale, string>> = { en: 'en-GB', es: 'es-ES' };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** "1,234" / "1234" (Spanish groups from five digits), "7.5" / "7,5". */
export function formatNumber(n: number, locale: Locale): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(LOCALE_TAGS[locale], { maximumFractionDigits: 1 })).format(n);
}

/** Score points with their sign: "+20", "-10", "0". */
export function formatPoints(n: number, locale: Locale): string {
  return cached(`p:${locale}`, () => new Intl.NumberFormat(LOCALE_TAGS[locale], { maximumFractionDigits: 1, signDisplay: 'exceptZero' })).format(n);
}

export type DurationUnit = 'day' | 'hour' | 'minute' | 'week' | 'month';

/** A length of time: "1 day", "45 days", "1 día", "45 días"; short: "24 hrs" / "24 h". */
export function formatDuration(n: number, unit: DurationUnit, locale: Locale, display: 'long' | 'short' = 'long'): string {
  return cached(`u:${locale}:${unit}:${display}`, () => new Intl.NumberFormat(LOCALE_TAGS[locale], { style: 'unit', unit, unitDisplay: display, maximumFractionDigits: 1 })).format(n);
}

/** A day count: "1 day", "30 days" / "1 día", "30 días". */
export function formatDays(n: number, locale: Locale): string {
  return formatDuration(n, 'day', locale);
}

/** Days from today: "in 12 days", "12 days ago", "tomorrow" / "dentro de 12 días", "hace 12 días", "mañana". */
export function formatRelativeDays(days: number, locale: Locale): string {
  return cached(`r:${locale}`, () => new Intl.RelativeTimeFormat(LOCALE_TAGS[locale], { numeric: 'auto' })).format(days, 'day');
}

/** A share 0…1 as a percent: "98%" / "98 %"; with `digits`, small shares keep them: "1.8%" / "1,8 %". */
export function formatPercent(share: number, locale: Locale, digits = 0): string {
  return cached(`%:${locale}:${digits}`, () => new Intl.NumberFormat(LOCALE_TAGS[locale], { style: 'percent', maximumFractionDigits: digits })).format(share);
}

/** Whole units of a currency: "€48,000" / "48.000 €". */
export function formatMoney(amount: number, currency: string, locale: Locale): string {
  const make = () => {
    try {
      return new Intl.NumberFormat(LOCALE_TAGS[locale], { style: 'currency', currency, maximumFractionDigits: 0 });
    } catch {
      // not an ISO 4217 code (a CRM's free text): the number, then the code as written
      return undefined;
    }
  };
  const key = `m:${locale}:${currency}`;
  const f = cache.has(key) ? (cache.get(key) as Intl.NumberFormat) : make();
  if (!f) return `${formatNumber(Math.round(amount), locale)} ${currency}`.trim();
  cache.set(key, f);
  return f.format(amount);
}

/** Money at a glance, two significant digits: "€4.8k", "€18k" / "4,8 mil €", "18 mil €". */
export function formatMoneyCompact(amount: number, currency: string, locale: Locale): string {
  const key = `mc:${locale}:${currency}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    try {
      f = new Intl.NumberFormat(LOCALE_TAGS[locale], { style: 'currency', currency, notation: 'compact', maximumSignificantDigits: 2 });
    } catch {
      return formatMoney(amount, currency, locale);
    }
    cache.set(key, f);
  }
  return f.format(amount);
}

/** A calendar day with no time ("2027-01-09"): the day it names, whatever the reader's time zone. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export type DateOptions = {
  withTime?: boolean;
  /** IANA zone for instants; default the reader's. Date-only strings are always read in UTC. */
  timeZone?: string;
};

/**
 * A short date: "9 Jan 2027" / "9 ene 2027" (with time: "9 Jan 2027, 14:05"). An unreadable
 * string is returned as it is rather than "Invalid Date".
 */
export function formatDate(iso: string, locale: Locale, options: DateOptions = {}): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const timeZone = DATE_ONLY.test(iso) ? 'UTC' : options.timeZone;
  const withTime = options.withTime === true && !DATE_ONLY.test(iso);
  const f = cached(
    `d:${locale}:${withTime}:${timeZone ?? ''}`,
    () =>
      new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
        ...(timeZone ? { timeZone } : {}),
      }),
  );
  return f.format(ms);
}
