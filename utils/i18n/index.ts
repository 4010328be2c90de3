// The UI's text in the chosen language (Options, else the browser's), with formatting helpers.
import { en, es, type MessageKey } from './messages';
import type { Locale } from './locale';

export { pickLocale, resolveLocale, type Locale, type LanguagePreference } from './locale';

export type Translator = {
  locale: Locale;
  t: (key: MessageKey) => string;
  relativeTime: (iso: string, now: Date) => string;
  date: (iso: string) => string;
  money: (amount: number, currency: string) => string;
  /** a count in the UI language's digits grouping (1,234 / 1234 / 12.345) */
  number: (n: number) => string;
};

const DAY = 86_400_000;

export function createTranslator(locale: Locale): Translator {
  const dict = locale === 'es' ? es : en;
  const tag = locale === 'es' ? 'es-ES' : 'en-GB';
  const rtf = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  return {
    locale,
    t: (key) => dict[key],
    relativeTime(iso, now) {
      const diff = new Date(iso).getTime() - now.getTime();
      const days = Math.round(diff / DAY);
      if (Math.abs(days) < 1) return rtf.format(Math.round(diff / 3_600_000), 'hour');
      if (Math.abs(days) < 60) return rtf.format(days, 'day');
      return rtf.format(Math.round(days / 30), 'month');
    },
    date: (iso) => new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso)),
    money: (amount, currency) =>
      new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount),
    number: (n) => new Intl.NumberFormat(tag).format(n),
  };
}
