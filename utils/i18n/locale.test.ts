import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { parseLanguagePreference, pickLocale, resolveLocale } from './locale';
import { LANGUAGE_KEY, readLanguagePreference, saveLanguagePreference, watchLanguagePreference } from '../page/preferences';

describe('the UI language', () => {
  beforeEach(() => fakeBrowser.reset());

  it('follows the browser unless a language was chosen', () => {
    expect(resolveLocale('browser', ['es-AR', 'en'])).toBe('es');
    expect(resolveLocale('browser', ['de-DE', 'en-US'])).toBe('en');
    expect(resolveLocale('en', ['es-ES'])).toBe('en');
    expect(resolveLocale('es', ['en-GB'])).toBe('es');
    expect(pickLocale(['pt-BR', 'es-419'])).toBe('es');
  });

  it('takes anything unknown in storage as "follow the browser"', () => {
    expect(parseLanguagePreference(undefined)).toBe('browser');
    expect(parseLanguagePreference('fr')).toBe('browser');
    expect(parseLanguagePreference({ en: true })).toBe('browser');
    expect(parseLanguagePreference('es')).toBe('es');
  });

  it('stores the choice in storage.local, "browser" as no value, and tells every watcher', async () => {
    const seen: string[] = [];
    const stop = watchLanguagePreference((p) => seen.push(p));
    expect(await readLanguagePreference()).toBe('browser');
    await saveLanguagePreference('es');
    expect(await fakeBrowser.storage.local.get(LANGUAGE_KEY)).toEqual({ [LANGUAGE_KEY]: 'es' });
    expect(await readLanguagePreference()).toBe('es');
    await saveLanguagePreference('browser');
    expect(await fakeBrowser.storage.local.get(LANGUAGE_KEY)).toEqual({});
    stop();
    await saveLanguagePreference('en');
    expect(seen).toEqual(['es', 'browser']);
  });
});
