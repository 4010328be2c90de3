// Which language the UI speaks: the user's choice in Options, or the browser's languages. Kept
// apart from the messages so the CRM content script (its frame's labels) can use it cheaply.

export type Locale = 'en' | 'es';

/** What Options stores: a language, or "follow the browser" (the default). */
export type LanguagePreference = 'browser' | Locale;

export const LANGUAGE_PREFERENCES: readonly LanguagePreference[] = ['browser', 'en', 'es'];

/** The first of the browser's languages that Dealside speaks (any Spanish variant is Spanish); English otherwise. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const base = lang.toLowerCase().split('-')[0];
    if (base === 'es') return 'es';
    if (base === 'en') return 'en';
  }
  return 'en';
}

/** A stored value as a preference: anything unknown (nothing stored, an old or tampered value) follows the browser. */
export function parseLanguagePreference(raw: unknown): LanguagePreference {
  return LANGUAGE_PREFERENCES.includes(raw as LanguagePreference) ? (raw as LanguagePreference) : 'browser';
}

export function resolveLocale(preference: LanguagePreference, browserLanguages: readonly string[]): Locale {
  return preference === 'browser' ? pickLocale(browserLanguages) : preference;
}

/** The browser's languages as a page or worker sees them. */
export function browserLanguages(nav: Pick<Navigator, 'languages' | 'language'> = navigator): readonly string[] {
  return nav.languages?.length ? nav.languages : [nav.language];
}
