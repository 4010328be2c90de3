// Issue #19's "done when": a team switches to MEDDICC in Options and a rep captures it on a call
// with the keyboard in Spanish. Options → Marco de cualificación → MEDDICC; then, on a HubSpot
// contact with an open deal, the sidebar shows MEDDICC's seven elements with their Spanish keys,
// the rep answers Métricas with M and 5, types the evidence, answers the question asked now with
// one key, and sees the score and the tiles change; a reload shows the same answers.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { PAGES, launchWithExtension, openExtensionPage, openFixturePage, waitForSidebarFrame, withFailureScreenshot, type Launched } from './harness';

const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };
const tile = (element: string) => `[data-dealside="framework-element"][data-element="${element}"]`;
const statusOf = (frame: Frame, element: string) => frame.$eval(tile(element), (el) => el.getAttribute('data-status'));
const scoreOf = (frame: Frame) => frame.$eval('[data-dealside="score"]', (el) => Number(el.textContent));
const press = (page: Page, key: string) => page.keyboard.press(key as Parameters<Page['keyboard']['press']>[0]);
const waitStatus = (frame: Frame, element: string, status: string) =>
  frame.waitForFunction((sel, s) => document.querySelector(sel)?.getAttribute('data-status') === s, { timeout: 30_000 }, tile(element), status);

describe('MEDDICC captured with the keyboard, in Spanish', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('switches to MEDDICC in Options and answers it in the sidebar with keys', () =>
    withFailureScreenshot('frameworks-meddicc-es', async () => {
      // Options, in Spanish (as Options → Idioma stores it): the framework for every deal
      const { page: options } = await openExtensionPage(launched, 'options.html');
      await options.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { set(o: object): Promise<void> } } } }).chrome.storage.local.set({ uiLanguage: 'es' }));
      await options.waitForFunction(() => document.documentElement.lang === 'es', { timeout: 30_000 });
      await options.waitForSelector('[data-dealside="framework-default"]', { timeout: 30_000 });
      expect(await options.$eval('[data-dealside="framework-choice"]', (el) => el.closest('section')?.querySelector('h2')?.textContent)).toBe('Marco de cualificación');
      await options.select('[data-dealside="framework-default"]', 'meddicc');
      await options.click('[data-dealside="framework-save"]');
      await options.waitForSelector('[data-dealside="framework-saved"]', { timeout: 30_000 });
      await options.close();

      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      let frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="framework-strip"][data-framework="meddicc"]', { timeout: 30_000 });
      await frame.waitForFunction(() => document.documentElement.lang === 'es', { timeout: 30_000 });
      const tiles = await frame.$$eval('[data-dealside="framework-element"]', (els) =>
        els.map((e) => [e.querySelector('span')?.textContent, e.querySelector('kbd')?.textContent]),
      );
      expect(tiles).toEqual([
        ['Métricas', 'M'],
        ['Decisor económico', 'E'],
        ['Criterios de decisión', 'D'],
        ['Proceso de decisión', 'O'],
        ['Dolor identificado', 'I'],
        ['Promotor', 'C'],
        ['Competencia', 'V'],
      ]);
      expect(await frame.$('[data-dealside="bant-strip"]')).toBeNull();
      const scoreBefore = await scoreOf(frame);

      // Only the keyboard from here: focus the sidebar as a click on it would.
      await frame.click('[data-dealside="entity-name"]');
      await press(page, 'm');
      await frame.waitForSelector('[data-dealside="bant-editor"][data-letter="metrics"]', { timeout: 30_000 });
      await press(page, '5'); // beneficio cuantificado
      await waitStatus(frame, 'metrics', 'confirmed');
      await frame.waitForFunction(() => /Métricas/.test(document.querySelector('[data-dealside="save-status"]')?.textContent ?? ''), { timeout: 30_000 });
      await press(page, 'Enter');
      await page.keyboard.type('Ahorro de 120 horas al mes en conciliación');
      await press(page, 'Escape');
      await press(page, 'Escape');
      await frame.waitForFunction(() => !document.querySelector('[data-dealside="bant-editor"]'), { timeout: 30_000 });

      // The question to ask now, in Spanish, answered with one key.
      const asked = await frame.$eval('[data-dealside="next-question"]', (el) => ({ element: el.getAttribute('data-element')!, text: (el as HTMLElement).innerText }));
      expect(asked.text).toMatch(/Pregunta ahora:.*¿.*\?/s);
      expect(asked.element).not.toBe('metrics');
      const before = await statusOf(frame, asked.element);
      await press(page, '5');
      await frame.waitForFunction(
        (sel, s) => document.querySelector(sel)?.getAttribute('data-status') !== s,
        { timeout: 30_000 },
        tile(asked.element),
        before,
      );
      const answered = await statusOf(frame, asked.element);
      expect(answered).not.toBe('unknown');
      expect(await scoreOf(frame)).toBeGreaterThan(scoreBefore);

      // The shortcut sheet lists MEDDICC's keys.
      await press(page, '?');
      expect(await frame.$eval('[data-dealside="shortcut-sheet"]', (el) => (el as HTMLElement).innerText)).toMatch(/Métricas \(MEDDICC\)/);
      await press(page, 'Escape');

      // Stored: a reload shows the same answers and the evidence.
      await page.reload({ waitUntil: 'load' });
      frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="framework-strip"][data-framework="meddicc"]', { timeout: 30_000 });
      expect(await statusOf(frame, 'metrics')).toBe('confirmed');
      expect(await statusOf(frame, asked.element)).toBe(answered);
      await frame.click(tile('metrics'));
      const note = await frame.$eval('[data-dealside="bant-editor"][data-letter="metrics"] [data-dealside="bant-note"]', (el) => (el as HTMLTextAreaElement).value);
      expect(note).toBe('Ahorro de 120 horas al mes en conciliación');
      await page.close();
    }));
});
