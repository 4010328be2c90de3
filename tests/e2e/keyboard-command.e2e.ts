// The keyboard command (Alt+Shift+D): Dealside for this tab, with the keyboard in it. A headless
// browser cannot press an extension's shortcut, so the test dispatches the command to the
// service worker's own chrome.commands.onCommand listeners — the path a real key press takes from
// there on. What follows is real: the background's message, the content script unfolding its
// frame and focusing it, BANT keys reaching the sidebar, and Escape giving focus back to the page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { PAGES, launchWithExtension, openFixturePage, readUntil, waitForSidebarFrame, waitForSurface, withFailureScreenshot, type Launched } from './harness';

const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };
const HUBSPOT_LIST = 'https://app.hubspot.com/contacts/4481234/objects/0-1/views/all/list';

type Chrome = {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  commands: { onCommand: { dispatch(command: string, tab: unknown): void } };
  sidePanel: { open(o: object): Promise<void> };
  storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
};

/** The command, as the browser hands it to the service worker for the tab showing `url`. */
async function pressCommand(launched: Launched, url: string): Promise<void> {
  await launched.worker.evaluate(async (wanted: string) => {
    const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
    const tab = (await chrome.tabs.query({})).find((t) => t.url === wanted);
    if (!tab) throw new Error(`no tab shows ${wanted}`);
    chrome.commands.onCommand.dispatch('open-dealside', tab);
  }, url);
}

const focusOf = async (page: Page, frame: Frame) => ({
  page: await page.evaluate(() => ({ focused: document.hasFocus(), active: document.activeElement?.getAttribute('data-test-id') ?? document.activeElement?.tagName })),
  sidebar: await frame.evaluate(() => document.hasFocus()),
});

describe('the keyboard command', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('on a CRM record unfolds the in-page sidebar and focuses it; Escape gives the keyboard back to where it was', () =>
    withFailureScreenshot('command-in-page', async () => {
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="bant-letter"]', { timeout: 30_000 });
      // Folded on this site, and the rep is working in the page.
      await (await page.waitForSelector('::-p-aria(Fold Dealside away)'))!.click();
      await page.waitForSelector('::-p-aria(Open Dealside)');
      await page.focus('[data-test-id="account-menu"]');
      expect((await focusOf(page, frame)).page.active).toBe('account-menu');

      await pressCommand(launched, PAGES.hubspot51001.url);
      await readUntil('the sidebar focused', () => focusOf(page, frame), (f) => f?.sidebar === true);
      expect(await (await frame.frameElement())!.boundingBox()).toMatchObject({ width: 360 });
      expect((await focusOf(page, frame)).page.active).toBe('DEALSIDE-SIDEBAR');
      // Unfolding is remembered for the site like a click on the tab.
      const stored = await launched.worker.evaluate(() =>
        (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.get('sidebarLayout:app.hubspot.com'),
      );
      expect(stored['sidebarLayout:app.hubspot.com']).toMatchObject({ collapsed: false });

      // The keys now reach the sidebar: N opens need's editor.
      await page.keyboard.press('n');
      await frame.waitForSelector('[data-dealside="bant-letter"][data-letter="need"][aria-expanded="true"]', { timeout: 30_000 });

      // Escape in the note only leaves the note; the next closes the editor; the next leaves the sidebar.
      await page.keyboard.press('Enter');
      await frame.waitForFunction(() => document.activeElement?.getAttribute('data-dealside') === 'bant-note', { timeout: 30_000 });
      await page.keyboard.press('Escape');
      await frame.waitForFunction(() => document.activeElement === document.body, { timeout: 30_000 });
      expect((await focusOf(page, frame)).sidebar).toBe(true);
      await page.keyboard.press('Escape');
      await frame.waitForFunction(() => !document.querySelector('[data-dealside="bant-editor"]'), { timeout: 30_000 });
      expect((await focusOf(page, frame)).sidebar).toBe(true);
      await page.keyboard.press('Escape');
      const back = await readUntil('focus back in the page', () => focusOf(page, frame), (f) => f?.sidebar === false && f.page.focused);
      expect(back.page.active).toBe('account-menu');
      // …and the page's keys are the page's again.
      // The listener is in place before the key is sent: an evaluate left pending races the key
      // press on a busy machine (the key can arrive first, and the wait would never end).
      await page.evaluate(() => {
        const w = window as unknown as { __typed?: string };
        document.addEventListener('keydown', (e) => (w.__typed = e.key), { once: true });
      });
      await page.keyboard.press('x');
      await page.waitForFunction(() => (window as unknown as { __typed?: string }).__typed !== undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { __typed?: string }).__typed)).toBe('x');
      await page.close();
    }));

  it('on a CRM record loaded folded (no sidebar frame yet) makes the frame, focuses it and shows the record', () =>
    withFailureScreenshot('command-folded-load', async () => {
      await launched.worker.evaluate(() =>
        (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.set({ 'sidebarLayout:app.hubspot.com': { collapsed: true, width: 384 } }),
      );
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      await page.waitForSelector('::-p-aria(Open Dealside)', { timeout: 30_000 });
      expect(page.frames().filter((f) => f.url().includes('/sidebar.html'))).toEqual([]);

      await pressCommand(launched, PAGES.hubspot51001.url);
      const frame = await waitForSidebarFrame(page);
      await readUntil('the sidebar focused', () => focusOf(page, frame), (f) => f?.sidebar === true);
      expect(await (await frame.frameElement())!.boundingBox()).toMatchObject({ width: 360 });
      await waitForSurface(frame, (v) => v.state === 'ready' && v.entityName === 'María José García López', { timeoutMs: 30_000 });
      await page.close();
    }));

  it('elsewhere — LinkedIn, or a CRM page without the in-page sidebar — opens the side panel for that tab', () =>
    withFailureScreenshot('command-side-panel', async () => {
      // A headless browser gives the command no user gesture, so the real sidePanel.open refuses
      // ("may only be called in response to a user gesture"): record the calls instead.
      await launched.worker.evaluate(() => {
        const g = globalThis as unknown as { chrome: Chrome; __opened: object[]; __open: Chrome['sidePanel']['open'] };
        g.__opened = [];
        g.__open = g.chrome.sidePanel.open;
        g.chrome.sidePanel.open = (o: object) => {
          g.__opened.push(o);
          return Promise.resolve();
        };
      });
      try {
        const linkedin = await openFixturePage(launched.browser, PAGES.linkedinMaria.url, { [PAGES.linkedinMaria.url]: PAGES.linkedinMaria.fixture });
        const list = await openFixturePage(launched.browser, HUBSPOT_LIST, { [HUBSPOT_LIST]: 'hubspot/contacts-list.html' });
        const ids = await launched.worker.evaluate(async (urls: string[]) => {
          const tabs = await (globalThis as unknown as { chrome: Chrome }).chrome.tabs.query({});
          return urls.map((u) => tabs.find((t) => t.url === u)?.id);
        }, [PAGES.linkedinMaria.url, HUBSPOT_LIST]);
        await pressCommand(launched, PAGES.linkedinMaria.url);
        await pressCommand(launched, HUBSPOT_LIST);
        const opened = await readUntil(
          'two side panels opened',
          () => launched.worker.evaluate(() => (globalThis as unknown as { __opened: object[] }).__opened),
          (o) => o?.length === 2,
        );
        expect(opened).toEqual(ids.map((tabId) => ({ tabId })));
        // Nothing was drawn in LinkedIn's page.
        expect(await linkedin.page.evaluate(() => document.querySelectorAll('dealside-sidebar').length)).toBe(0);
        await linkedin.page.close();
        await list.page.close();
      } finally {
        await launched.worker.evaluate(() => {
          const g = globalThis as unknown as { chrome: Chrome; __open: Chrome['sidePanel']['open'] };
          g.chrome.sidePanel.open = g.__open;
        });
      }
    }));
});
