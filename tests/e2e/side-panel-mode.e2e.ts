// "Where Dealside shows on CRM pages" (Options): in the browser's side panel, a CRM record page is
// left untouched — its content script still recognises the record and tells the background, so
// the side panel shows it — and nothing is inserted into the page: no <dealside-sidebar>, no frame
// of sidebar.html. Chrome's toolbar button then opens the side panel, and the keyboard command
// opens it on a CRM record too. Switched back to "beside the page" in Options, the open tab gets
// its in-page sidebar at once, without a reload. In side-panel mode the toolbar button no longer
// opens the popup, so the quick search ("is it in the CRM?") is in the side panel too.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  PAGES,
  domChanges,
  launchWithExtension,
  openExtensionPage,
  readUntil,
  serveFixtures,
  tabIdOf,
  waitForSidebarFrame,
  waitForSurface,
  watchDomChanges,
  withFailureScreenshot,
  type Launched,
} from './harness';

const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };
const NAME = 'María José García López';

type Chrome = {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  commands: { onCommand: { dispatch(command: string, tab: unknown): void } };
  sidePanel: { open(o: object): Promise<void>; getPanelBehavior(): Promise<{ openPanelOnActionClick?: boolean }> };
  storage: { local: { get(k: string): Promise<Record<string, unknown>> } };
};

/** The HubSpot record page, every element added to it after DOMContentLoaded recorded. */
async function openRecord(launched: Launched): Promise<Page> {
  const page = await launched.browser.newPage();
  await serveFixtures(page, ROUTES);
  await watchDomChanges(page, 'body');
  await page.goto(PAGES.hubspot51001.url, { waitUntil: 'load' });
  return page;
}

/** What Dealside put into the page: hosts, and any element that names us or is a frame. */
async function oursInPage(page: Page) {
  const changes = await domChanges(page);
  return {
    hosts: await page.evaluate(() => document.querySelectorAll('dealside-sidebar, [data-dealside-host]').length),
    added: changes.filter((c) => c.suspicious).map((c) => c.detail),
    sidebarFrames: page.frames().filter((f) => f.url().includes('/sidebar.html')).length,
  };
}

const panelBehaviour = (launched: Launched) => launched.worker.evaluate(async () => (await (globalThis as unknown as { chrome: Chrome }).chrome.sidePanel.getPanelBehavior()).openPanelOnActionClick ?? false);

describe('Dealside in the browser’s side panel (Options → Where Dealside shows on CRM pages)', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), width: 1440, height: 900 });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('leaves the CRM page untouched while the side panel shows the record; switching back brings the in-page sidebar to the open tab', () =>
    withFailureScreenshot('side-panel-mode', async () => {
      // beside the page by default: the toolbar button keeps its popup
      expect(await readUntil('the default behaviour read', () => panelBehaviour(launched), (b) => b === false)).toBe(false);

      const { page: options } = await openExtensionPage(launched, 'options.html');
      await options.waitForSelector('[data-dealside="placement"]:not([disabled])', { timeout: 30_000 });
      expect(await options.$eval('[data-dealside="placement-page"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
      await options.click('[data-dealside="placement-sidePanel"]');
      await readUntil(
        'the choice stored',
        () => launched.worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.get('crmPlacement')),
        (v) => v?.crmPlacement === 'sidePanel',
      );
      // Chrome's toolbar button now opens the side panel
      await readUntil('the toolbar button set to open the side panel', () => panelBehaviour(launched), (b) => b === true);

      const page = await openRecord(launched);
      const tabId = await tabIdOf(launched.worker, page, 'https://app.hubspot.com/*');
      // The side panel shows the record: the content script recognised it and sent page/detected.
      const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`, { newWindow: true });
      await waitForSurface(panel, (v) => v.state === 'ready' && v.entityName === NAME, { timeoutMs: 45_000 });
      // Nothing of ours in the page: no host, no tab, no frame.
      expect(await oursInPage(page)).toEqual({ hosts: 0, added: [], sidebarFrames: 0 });
      // The toolbar button opens this panel now, not the popup: the quick search is here, above the
      // record, and does not take the focus from it.
      expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-dealside') ?? null)).not.toBe('quick-search');
      await panel.type('[data-dealside="quick-search"]', 'garcía lóp');
      await panel.waitForFunction(
        (name: string) => [...document.querySelectorAll('[data-dealside="quick-result"]')].some((r) => r.textContent?.includes(name)),
        { timeout: 30_000 },
        NAME,
      );
      await panel.$eval('[data-dealside="quick-search"]', (el) => {
        const input = el as HTMLInputElement;
        input.focus();
        input.select();
      });
      await panel.keyboard.press('Backspace');
      await panel.waitForFunction(() => document.querySelectorAll('[data-dealside="quick-result"]').length === 0, { timeout: 10_000 });

      // The keyboard command on this CRM record opens the side panel for the tab (a headless browser
      // gives the command no user gesture, so the real sidePanel.open would refuse: record the call).
      await launched.worker.evaluate(() => {
        const g = globalThis as unknown as { __opened: object[] };
        g.__opened = [];
        (globalThis as unknown as { chrome: Chrome }).chrome.sidePanel.open = (o: object) => {
          g.__opened.push(o);
          return Promise.resolve();
        };
      });
      await launched.worker.evaluate(async (wanted: string) => {
        const tab = (await (globalThis as unknown as { chrome: Chrome }).chrome.tabs.query({})).find((t) => t.url === wanted);
        if (!tab) throw new Error(`no tab shows ${wanted}`);
        (globalThis as unknown as { chrome: Chrome }).chrome.commands.onCommand.dispatch('open-dealside', tab);
      }, PAGES.hubspot51001.url);
      const opened = await readUntil(
        'the side panel opened by the command',
        () => launched.worker.evaluate(() => (globalThis as unknown as { __opened: object[] }).__opened),
        (o) => o?.length === 1,
      );
      expect(opened).toEqual([{ tabId }]);
      expect(await oursInPage(page)).toEqual({ hosts: 0, added: [], sidebarFrames: 0 });

      // Back to beside the page, from Options: the open tab gets its sidebar, with the record.
      await options.bringToFront();
      await options.click('[data-dealside="placement-page"]');
      const frame = await waitForSidebarFrame(page);
      await waitForSurface(frame, (v) => v.state === 'ready' && v.entityName === NAME, { timeoutMs: 45_000 });
      expect((await oursInPage(page)).hosts).toBe(1);
      await readUntil('the toolbar button back to the popup', () => panelBehaviour(launched), (b) => b === false);
      expect(await launched.worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.get('crmPlacement'))).toEqual({});

      // And side panel again, with the tab still open: the host goes.
      await options.click('[data-dealside="placement-sidePanel"]');
      await page.bringToFront();
      await readUntil('the host gone', () => oursInPage(page), (o) => o?.hosts === 0 && o.sidebarFrames === 0);
      await options.close();
      await panel.close();
      await page.close();
    }));
});
