// Nothing a page can observe: on a CRM record (with the in-page sidebar, folded and opened) and on
// a LinkedIn profile, the page's own scripts receive no message and no event from Dealside —
// in particular not the "content script started" announcement WXT's context makes by default
// (window.postMessage and a document event naming our extension id), which pages that scan for
// extensions read.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  PAGES,
  contentScriptInjected,
  launchWithExtension,
  serveFixtures,
  tabIdOf,
  waitForSidebarFrame,
  waitForSurface,
  withFailureScreenshot,
  type Launched,
} from './harness';

type Heard = { messages: string[]; events: string[] };

/** Installs, before any script of the page, listeners a curious page would have. */
async function listenLikeAPage(page: Page, extensionId: string): Promise<void> {
  await page.evaluateOnNewDocument((id: string) => {
    const heard: Heard = { messages: [], events: [] };
    (window as unknown as { __heard: Heard }).__heard = heard;
    window.addEventListener('message', (e) => heard.messages.push(JSON.stringify(e.data)), true);
    for (const script of ['crm', 'linkedin'])
      for (const name of ['wxt:content-script-started', 'wxt:locationchange'])
        for (const target of [window, document]) target.addEventListener(`${id}:${script}:${name}`, (e) => heard.events.push(e.type), true);
  }, extensionId);
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as { __heard: Heard }).__heard);

describe('nothing a page can observe', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('a CRM record page hears no message or event from Dealside, through load, fold, open and the keyboard command', () =>
    withFailureScreenshot('page-observable-crm', async () => {
      const page = await launched.browser.newPage();
      await serveFixtures(page, { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture });
      await listenLikeAPage(page, launched.extensionId);
      const injected = await contentScriptInjected(page, launched.extensionId);
      await page.goto(PAGES.hubspot51001.url, { waitUntil: 'load' });
      await injected();
      const frame = await waitForSidebarFrame(page);
      await waitForSurface(frame, (v) => v.state === 'ready', { timeoutMs: 30_000 });
      await (await page.waitForSelector('::-p-aria(Fold Dealside away)'))!.click();
      await (await page.waitForSelector('::-p-aria(Open Dealside)'))!.click();
      const tabId = await tabIdOf(launched.worker, page, 'https://app.hubspot.com/*');
      await launched.worker.evaluate(async (id: number) => {
        const chrome = (globalThis as unknown as { chrome: { tabs: { get(id: number): Promise<unknown> }; commands: { onCommand: { dispatch(c: string, t: unknown): void } } } }).chrome;
        chrome.commands.onCommand.dispatch('open-dealside', await chrome.tabs.get(id));
      }, tabId);
      await frame.waitForFunction(() => document.hasFocus(), { timeout: 30_000 });
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.hasFocus(), { timeout: 30_000 });
      expect(await heard(page)).toEqual({ messages: [], events: [] });
      await page.close();
    }));

  it('a LinkedIn profile hears nothing either', () =>
    withFailureScreenshot('page-observable-linkedin', async () => {
      const page = await launched.browser.newPage();
      await serveFixtures(page, { [PAGES.linkedinMaria.url]: PAGES.linkedinMaria.fixture });
      await listenLikeAPage(page, launched.extensionId);
      const injected = await contentScriptInjected(page, launched.extensionId);
      await page.goto(PAGES.linkedinMaria.url, { waitUntil: 'load' });
      await injected();
      // The content script has read the page once the background holds this tab's snapshot (utils/background/tabState.ts).
      const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
      const deadline = Date.now() + 30_000;
      for (;;) {
        const stored = await launched.worker.evaluate(
          (key: string) =>
            (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, { snapshot?: unknown }>> } } } }).chrome.storage.session
              .get(key)
              .then((v) => v[key]?.snapshot !== undefined),
          `tab:${tabId}`,
        );
        if (stored) break;
        if (Date.now() > deadline) throw new Error('The LinkedIn page was never read');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await heard(page)).toEqual({ messages: [], events: [] });
      await page.close();
    }));
});
