// Preferences kept in storage.local, read directly by content scripts and extension pages (no
// secrets here: tokens live in the background only). Options writes them; every reader listens
// to storage.onChanged, so a change shows at once on every open surface.
import { browser } from 'wxt/browser';
import { parseLanguagePreference, type LanguagePreference } from '../i18n/locale';

/** Opt-in: badges on LinkedIn search results. Off by default, since LinkedIn probes for DOM changes. */
export const LINKEDIN_BADGES_KEY = 'linkedinBadges';

/** The UI language: 'en', 'es', or 'browser' (also when nothing is stored). */
export const LANGUAGE_KEY = 'uiLanguage';

export async function readLanguagePreference(): Promise<LanguagePreference> {
  const stored = await browser.storage.local.get(LANGUAGE_KEY).catch(() => ({}) as Record<string, unknown>);
  return parseLanguagePreference(stored[LANGUAGE_KEY]);
}

export async function saveLanguagePreference(preference: LanguagePreference): Promise<void> {
  if (preference === 'browser') await browser.storage.local.remove(LANGUAGE_KEY);
  else await browser.storage.local.set({ [LANGUAGE_KEY]: preference });
}

/** Calls `onChange` whenever the stored language changes (in any tab or page). Returns the unsubscribe. */
export function watchLanguagePreference(onChange: (preference: LanguagePreference) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && LANGUAGE_KEY in changes) onChange(parseLanguagePreference(changes[LANGUAGE_KEY]!.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
