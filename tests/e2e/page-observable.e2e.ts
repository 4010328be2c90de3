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
  navigateInPage,
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
    // Every element or attribute of ours anyone adds, and any shadow root attached by page-world code.
    const mutations: string[] = [];
    (window as unknown as { __mutations: string[] }).__mutations = mutations;
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
      mutations.push(`shadow root on <${this.nodeName.toLowerCase()}>`);
      return attach.call(this, init);
    };
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of Array.from(r.addedNodes)) {
          const ours = '[data-dealside], [data-dealside-surface], dealside-sidebar, dealside-badge';
          if (/dealside/i.test(n.nodeName) || (n instanceof Element && (n.matches(ours) || n.querySelector(ours)))) mutations.push(`added <${n.nodeName.toLowerCase()}>`);
        }
        if (r.type === 'attributes' && /dealside/i.test(r.attributeName ?? '')) mutations.push(`attribute ${r.attributeName}`);
      }
    }).observe(document, { childList: true, subtree: true, attributes: true });
    window.addEventListener('message', (e) => heard.messages.push(JSON.stringify(e.data)), true);
    for (const script of ['salesforce', 'hubspot', 'pipedrive', 'dynamics', 'zoho', 'linkedin'])
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

      // Nothing in the DOM: no element, attribute or shadow host of ours, in the whole session.
      expect(await page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations)).toEqual([]);
      // No web-accessible resource: the page cannot load any of our files (LinkedIn probes for them).
      const reachable = await page.evaluate(async (id: string) => {
        const found: string[] = [];
        for (const path of ['sidebar.html', 'manifest.json', 'icon/128.png', 'icon/48.png', 'options.html', 'popup.html', 'sidepanel.html']) {
          const url = `chrome-extension://${id}/${path}`;
          const ok = await fetch(url).then(
            () => true,
            () => false,
          );
          const img = await new Promise<boolean>((resolve) => {
            const i = new Image();
            i.onload = () => resolve(true);
            i.onerror = () => resolve(false);
            i.src = url;
          });
          if (ok || img) found.push(path);
        }
        return found;
      }, launched.extensionId);
      expect(reachable).toEqual([]);

      // A page that fires WXT's own announcement (what made other copies of a script stop) changes
      // nothing: the next in-page navigation is still noticed and read.
      await page.evaluate((id: string) => {
        for (const name of ['linkedin:wxt:content-script-started', 'crm:wxt:content-script-started']) {
          window.postMessage({ type: `${id}:${name}`, contentScriptName: name.split(':')[0], messageId: 'x' }, '*');
          document.dispatchEvent(new CustomEvent(`${id}:${name}`, { detail: { contentScriptName: name.split(':')[0], messageId: 'x' } }));
        }
      }, launched.extensionId);
      await navigateInPage(page, { url: PAGES.linkedinAna.url, fixture: PAGES.linkedinAna.fixture, root: '.application-outlet' });
      const until = Date.now() + 30_000;
      for (;;) {
        const url = await launched.worker.evaluate(
          (key: string) =>
            (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, { url?: string }>> } } } }).chrome.storage.session
              .get(key)
              .then((v) => v[key]?.url),
          `tab:${tabId}`,
        );
        if (url === PAGES.linkedinAna.url) break;
        if (Date.now() > until) throw new Error(`The in-page navigation was not noticed (the tab still shows ${url})`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await page.close();
    }));
});
