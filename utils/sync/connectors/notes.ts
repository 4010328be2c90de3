// Connect notes in the language of the person connecting: each note is written in English and in
// Spanish where it is pushed, and `say` picks one. CRM field, scope and API names stay as they are.
import type { ConnectOptions } from '../connector';

export type Locale = NonNullable<ConnectOptions['locale']>;

/** A connect note in the connecting person's language (English when not said). */
export type Say = ((en: string, es: string) => string) & {
  readonly locale: Locale;
  /** "A and B" / "A y B" (CRM object names) */
  and(items: readonly string[]): string;
};

export function sayIn(locale: Locale = 'en'): Say {
  const es = locale === 'es';
  return Object.assign((en: string, spanish: string) => (es ? spanish : en), {
    locale,
    and: (items: readonly string[]) => items.join(es ? ' y ' : ' and '),
  });
}
