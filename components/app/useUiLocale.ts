// The language every surface speaks: the one chosen in Options, else the browser's. Follows a
// change made in Options (storage.onChanged) or in the browser's languages (languagechange) live.
import { useEffect, useState } from 'react';
import { browserLanguages, resolveLocale, type LanguagePreference, type Locale } from '../../utils/i18n/locale';
import { readLanguagePreference, watchLanguagePreference } from '../../utils/page/preferences';

/** undefined until the stored choice has been read (a few milliseconds), so no surface flashes in the wrong language. */
export function useUiLocale(): Locale | undefined {
  const [preference, setPreference] = useState<LanguagePreference>();
  const [languages, setLanguages] = useState(() => browserLanguages());
  useEffect(() => {
    let live = true;
    // A change seen by the watcher is newer than what the first read returns.
    void readLanguagePreference().then((stored) => live && setPreference((seen) => seen ?? stored));
    const stopWatching = watchLanguagePreference(setPreference);
    const onLanguages = () => setLanguages(browserLanguages());
    window.addEventListener('languagechange', onLanguages);
    return () => {
      live = false;
      stopWatching();
      window.removeEventListener('languagechange', onLanguages);
    };
  }, []);
  return preference === undefined ? undefined : resolveLocale(preference, languages);
}
