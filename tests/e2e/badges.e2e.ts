// Issue #5 point 4 / issue #4 point 5: badges on list pages. On a CRM list every row gets one
// (in CRM · owner); on LinkedIn search results nothing is drawn until the user opts in.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  contentScriptInjected,
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  readClosedShadowHosts,
  serveFixtures,
  withFailureScreenshot,
  type Launched,
} from './harness';

const HUBSPOT_LIST = 'https://app.hubspot.com/contacts/4481234/objects/0-1/views/all/list';
const LINKEDIN_SEARCH = 'https://www.linkedin.com/search/results/people/?keywords=logistica&origin=GLOBAL_SEARCH_HEADER';

type Badge = { href: string; verdict?: string; text: string };

/** What each badge says, read from its closed shadow root; and proof the page itself reads nothing. */
async function badges(page: Page): Promise<Badge[]> {
  const hosts = await readClosedShadowHosts(page, 'dealside-badge');
  for (const host of hosts) expect(host.attributes).toEqual({ 'data-dealside-surface': 'badge' });
  const seenByPage = await page.$$eval('dealside-badge', (els) => els.map((el) => [el.textContent, el.shadowRoot, el.attributes.length]));
  expect(seenByPage.every(([text, shadow, count]) => text === '' && shadow === null && count === 1)).toBe(true);
  return hosts.map((h) => ({ href: h.previousHref ?? '', verdict: h.inner[0]?.['data-verdict'], text: h.text }));
}

describe('badges on list pages', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('puts a badge on every row of a HubSpot contacts list: in CRM with the owner, or a possible duplicate', () =>
    withFailureScreenshot('badges-hubspot-list', async () => {
      const { page } = await openFixturePage(launched.browser, HUBSPOT_LIST, { [HUBSPOT_LIST]: 'hubspot/contacts-list.html' });
      await page.waitForFunction(() => document.querySelectorAll('main dealside-badge').length === 5, { timeout: 30_000 });
      const list = await badges(page);
      // María José has a likely duplicate in the CRM (the lead "Maria Jose Garcia"): say so.
      expect(list.find((b) => b.href.endsWith('/51001'))).toMatchObject({ verdict: 'possible', text: 'Duplicate? · Maria Jose Garcia' });
      expect(list.find((b) => b.href.endsWith('/51002'))?.text).toBe('In CRM · Diego Morales');
      // Not synced into Dealside yet, but it is the CRM's own list: in CRM, owner unknown here.
      expect(list.find((b) => b.href.endsWith('/59990'))).toMatchObject({ verdict: 'in-crm', text: 'In CRM' });
      // The "recently viewed" link in the header is page chrome, not a row.
      expect(await page.$$eval('header dealside-badge', (els) => els.length)).toBe(0);
      // No in-page sidebar on a list page.
      expect(await page.$eval('dealside-sidebar', (el) => getComputedStyle(el).display).catch(() => 'none')).toBe('none');
      await page.close();
    }));

  it('draws nothing on LinkedIn search results until the user opts in, then in CRM / new', () =>
    withFailureScreenshot('badges-linkedin-search', async () => {
      const page = await launched.browser.newPage();
      await serveFixtures(page, { [LINKEDIN_SEARCH]: 'linkedin/search-people.html' });
      let injected = await contentScriptInjected(page, launched.extensionId);
      await page.goto(LINKEDIN_SEARCH, { waitUntil: 'load' });
      await injected();
      await new Promise((r) => setTimeout(r, 1500)); // give a (wrong) badge the time it would need
      expect(await page.$$eval('dealside-badge', (els) => els.length)).toBe(0);

      const { page: options } = await openExtensionPage(launched, 'options.html');
      await options.waitForSelector('[data-dealside="linkedin-badges"]:not([disabled])');
      await options.click('[data-dealside="linkedin-badges"]');
      await options.waitForFunction(() => (document.querySelector('[data-dealside="linkedin-badges"]') as HTMLInputElement).checked);
      await options.close();

      injected = await contentScriptInjected(page, launched.extensionId);
      await page.reload({ waitUntil: 'load' });
      await injected();
      await page.waitForFunction(() => document.querySelectorAll('dealside-badge').length === 3, { timeout: 30_000 });
      const list = await badges(page);
      expect(list.find((b) => b.href.includes('/in/mariajosegarcialopez'))).toMatchObject({ verdict: 'in-crm', text: 'In CRM · Lucía Fernández' });
      expect(list.find((b) => b.href.includes('/in/anabelensoto'))).toMatchObject({ verdict: 'new' });
      expect(list.find((b) => b.href.includes('/in/jcperezruiz'))?.text).toBe('In CRM · Diego Morales');
      expect(list.some((b) => b.href.includes('viewer-self'))).toBe(false);
      await page.close();
    }));
});
