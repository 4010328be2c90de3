// The UI language: English, Spanish, or the browser's (the default). Stored in storage.local; every
// open surface (in-page sidebar, side panel, popup, this page) switches at once.
import { useEffect, useState } from 'react';
import { browserLanguages, pickLocale, type LanguagePreference, type Locale } from '../../utils/i18n/locale';
import { readLanguagePreference, saveLanguagePreference, watchLanguagePreference } from '../../utils/page/preferences';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card } from '../ui/primitives';

/** Each language is named in itself, so someone who cannot read the current one still finds theirs. */
const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };

export function LanguageSection() {
  const { t } = useOptionsTranslator();
  const [preference, setPreference] = useState<LanguagePreference>();
  useEffect(() => {
    let live = true;
    void readLanguagePreference().then((stored) => live && setPreference((seen) => seen ?? stored));
    const stop = watchLanguagePreference(setPreference);
    return () => {
      live = false;
      stop();
    };
  }, []);
  const choose = (value: LanguagePreference) => {
    setPreference(value);
    void saveLanguagePreference(value);
  };
  const browserName = LANGUAGE_NAMES[pickLocale(browserLanguages())];
  const choices: { value: LanguagePreference; label: string; lang?: Locale }[] = [
    { value: 'browser', label: t('languageBrowser').replace('{language}', browserName) },
    { value: 'en', label: LANGUAGE_NAMES.en, lang: 'en' },
    { value: 'es', label: LANGUAGE_NAMES.es, lang: 'es' },
  ];
  return (
    <Card>
      <fieldset data-dealside="language" disabled={preference === undefined}>
        <legend className="mb-1 text-[15px] font-semibold">{t('language')}</legend>
        <p className="mb-2 text-slate-600">{t('languageHint')}</p>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {choices.map((c) => (
            <label key={c.value} className="flex items-center gap-1.5" lang={c.lang}>
              <input
                type="radio"
                name="dealside-language"
                value={c.value}
                data-dealside={`language-${c.value}`}
                checked={preference === c.value}
                onChange={() => choose(c.value)}
              />
              {c.label}
            </label>
          ))}
        </div>
      </fieldset>
    </Card>
  );
}
