// The UI's text in the chosen language (Options, else the browser's: ./locale.ts), with formatting
// helpers: every date, day count, duration, amount and percent the UI shows goes through them
// (./format.ts).
import {
  type DurationUnit,
  LOCALE_TAGS,
  formatDate,
  formatDuration,
  formatMoney, formatMoneyCompact,
  formatNumber,
  formatPercent,
  formatRelativeDays,
} from './format';
import type { Dictionary, SidebarKey } from './sidebarMessages';
import type { Locale } from './locale';

export { pickLocale, resolveLocale, type Locale, type LanguagePreference } from './locale';

export type { Dictionary, SidebarKey } from './sidebarMessages';

/**
 * The UI's text and formats in one language. `K`: the keys of the surface's dictionary — the
 * sidebar's (the default) or Options' (every key).
 */
export type Translator<K extends string = SidebarKey> = {
  locale: Locale;
  /** whose dictionary `t` reads: a sidebar translator has none of the Options-only text */
  surface: Dictionary<K>['surface'];
  t: (key: K) => string;
  relativeTime: (iso: string, now: Date) => string;
  /** "9 Jan 2027" / "9 ene 2027"; a date-only string ("2027-01-09") is that day in every time zone */
  date: (iso: string) => string;
  money: (amount: number, currency: string) => string;
  /** an estimate at a glance, two significant digits: "€9.8k" / "9,8 mil €" */
  moneyShort: (amount: number, currency: string) => string;
  /** "1,234" / "1234", "7.5" / "7,5" */
  number: (n: number) => string;
  /** "30 days" / "30 días"; short: "24 hrs" / "24 h" */
  duration: (n: number, unit: DurationUnit, display?: 'long' | 'short') => string;
  /** days from today: "in 12 days" / "dentro de 12 días", "3 days ago" / "hace 3 días", "tomorrow" / "mañana" */
  relativeDays: (days: number) => string;
  /** a share 0…1: "98%" / "98 %" */
  percent: (share: number, digits?: number) => string;
};

const DAY = 86_400_000;

export function createTranslator<K extends string>(locale: Locale, dictionary: Dictionary<K>): Translator<K> {
  const dict = dictionary[locale];
  const tag = LOCALE_TAGS[locale];
  const rtf = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  return {
    locale,
    surface: dictionary.surface,
    t: (key) => dict[key],
    relativeTime(iso, now) {
      // a day with no time of day (a CRM's last activity date): in calendar days from the user's today
      const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      if (day) {
        const days = Math.round((Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / DAY);
        return Math.abs(days) < 60 ? rtf.format(days, 'day') : rtf.format(Math.round(days / 30), 'month');
      }
      const diff = new Date(iso).getTime() - now.getTime();
      const days = Math.round(diff / DAY);
      if (Math.abs(days) < 1) return rtf.format(Math.round(diff / 3_600_000), 'hour');
      if (Math.abs(days) < 60) return rtf.format(days, 'day');
      return rtf.format(Math.round(days / 30), 'month');
    },
    date: (iso) => formatDate(iso, locale),
    money: (amount, currency) => formatMoney(amount, currency, locale),
    moneyShort: (amount, currency) => formatMoneyCompact(amount, currency, locale),
    number: (n) => formatNumber(n, locale),
    duration: (n, unit, display) => formatDuration(n, unit, locale, display),
    relativeDays: (days) => formatRelativeDays(days, locale),
    percent: (share, digits) => formatPercent(share, locale, digits),
  };
}
