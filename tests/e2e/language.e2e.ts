// The UI language: English or Spanish as the browser says, or as chosen in Options; every open
// surface (in-page sidebar, side panel, popup, options) switches at once, without a reload.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import {
  PAGES,
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  tabIdOf,
  waitForSidebarFrame,
  waitForSurface,
  withFailureScreenshot,
  type Launched,
} from './harness';

const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };

/** The language a surface speaks: its <html lang> and the text of a few landmarks. */
async function spoken(target: Page | Frame) {
  return target.evaluate(() => ({
    lang: document.documentElement.lang,
    verdict: document.querySelector('[data-dealside="verdict"]')?.textContent ?? '',
    text: document.body.innerText.slice(0, 2000),
  }));
}

/** A mark on a surface's window that a reload would wipe. */
const mark = (target: Page | Frame) => target.evaluate(() => void ((window as unknown as { __mark?: boolean }).__mark = true));
const marked = (target: Page | Frame) => target.evaluate(() => (window as unknown as { __mark?: boolean }).__mark === true);

async function waitForLanguage(target: Page | Frame, lang: 'en' | 'es', text: RegExp) {
  const deadline = Date.now() + 30_000;
  let last: Awaited<ReturnType<typeof spoken>> | undefined;
  for (;;) {
    last = await spoken(target).catch(() => last);
    if (last && last.lang === lang && text.test(last.text)) return last;
    if (Date.now() > deadline) throw new Error(`Expected ${lang} and ${text}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('UI language', () => {
  let launched: Launched;
  afterAll(async () => {
    await launched?.close();
  });

  describe('in an English browser', () => {
    beforeAll(async () => {
      launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), lang: 'en-US' });
    });

    it('switches the sidebar, the side panel, the popup and Options to Spanish and back, live', () =>
      withFailureScreenshot('language-switch', async () => {
        const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
        const frame = await waitForSidebarFrame(page);
        await waitForSurface(frame, (v) => v.cards.length > 0, { timeoutMs: 30_000 });
        const tabId = await tabIdOf(launched.worker, page, 'https://app.hubspot.com/*');
        const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
        await waitForSurface(panel, (v) => v.cards.length > 0);
        const { page: popup } = await openExtensionPage(launched, 'popup.html');
        const { page: options } = await openExtensionPage(launched, 'options.html');

        // the sidebar on the contact's own HubSpot page: the rep's header (no "In CRM" there)
        expect((await waitForLanguage(frame, 'en', /Ask next/)).text).toMatch(/Next actions/i);
        await waitForLanguage(panel, 'en', /Ask next/);
        await waitForLanguage(popup, 'en', /This tab/i);
        await waitForLanguage(options, 'en', /Language \(Idioma\)/);
        await options.waitForSelector('[data-dealside="language-browser"]:checked');
        // The browser's language is named in the choice that follows it.
        expect(await options.$eval('[data-dealside="language"]', (el) => el.textContent)).toMatch(/The browser's language \(English\)/);

        for (const target of [frame, panel, popup, options]) await mark(target);
        await options.click('[data-dealside="language-es"]');
        expect((await waitForLanguage(frame, 'es', /Pregunta ahora/)).text).toMatch(/Próximas acciones/i);
        await waitForLanguage(panel, 'es', /Pregunta ahora/);
        await waitForLanguage(popup, 'es', /Esta pestaña/i);
        await waitForLanguage(options, 'es', /Idioma \(Language\)/);
        expect(await options.title()).toBe('Dealside — Opciones');
        // Live: no surface was reloaded.
        for (const target of [frame, panel, popup, options]) expect(await marked(target)).toBe(true);

        // Stored: a page opened now speaks Spanish from the start.
        const { page: second } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
        const secondFrame = await waitForSidebarFrame(second);
        await waitForLanguage(secondFrame, 'es', /Pregunta ahora/);
        await second.close();

        await options.click('[data-dealside="language-browser"]');
        await waitForLanguage(frame, 'en', /Ask next/);
        await waitForLanguage(panel, 'en', /Ask next/);
        await waitForLanguage(options, 'en', /Language \(Idioma\)/);
        expect(await launched.worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<object> } } } }).chrome.storage.local.get('uiLanguage'))).toEqual({});
        for (const p of [page, panel, popup, options]) await p.close();
      }));
  });

  describe('in a Spanish browser', () => {
    beforeAll(async () => {
      await launched?.close();
      launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), lang: 'es-ES' });
    });

    it('speaks Spanish by default, and English when chosen', () =>
      withFailureScreenshot('language-spanish-browser', async () => {
        const { page: options } = await openExtensionPage(launched, 'options.html');
        await waitForLanguage(options, 'es', /Idioma \(Language\)/);
        expect(await options.$eval('[data-dealside="language"]', (el) => el.textContent)).toMatch(/El idioma del navegador \(Español\)/);
        const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
        const frame = await waitForSidebarFrame(page);
        await waitForLanguage(frame, 'es', /Pregunta ahora/);
        await options.bringToFront();
        await options.click('[data-dealside="language-en"]');
        await waitForLanguage(frame, 'en', /Ask next/);
        await waitForLanguage(options, 'en', /Language \(Idioma\)/);
      }));
  });
});
