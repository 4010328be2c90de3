// (d) LinkedIn profiles: Dealside changes nothing in the page; the side panel page for the tab
// shows the person and follows in-page navigations. (e) The authwall yields no person.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  PAGES,
  contentScriptInjected,
  describeSurface,
  domChanges,
  launchWithExtension,
  navigateInPage,
  openExtensionPage,
  serveFixtures,
  setWindowMarker,
  tabIdOf,
  waitForSurface,
  watchDomChanges,
  windowMarker,
  withFailureScreenshot,
  type FixtureServer,
  type Launched,
} from './harness';

const LINKEDIN_ROUTES = {
  [PAGES.linkedinMaria.url]: PAGES.linkedinMaria.fixture,
  [PAGES.linkedinAna.url]: PAGES.linkedinAna.fixture,
  [PAGES.linkedinJuanCarlos.url]: PAGES.linkedinJuanCarlos.fixture,
  [PAGES.linkedinAuthwall.url]: PAGES.linkedinAuthwall.fixture,
};
const APP_ROOT = '.application-outlet';

/** Everything Dealside could have left in a LinkedIn page, read from the page's main world. */
async function dealsideTraces(page: Page, extensionId: string) {
  const static_ = await page.evaluate((id: string) => {
    const all = Array.from(document.querySelectorAll('*'));
    return {
      sidebarHosts: document.querySelectorAll('dealside-sidebar, [data-dealside-host], [data-dealside]').length,
      extensionFrames: Array.from(document.querySelectorAll('iframe')).filter((f) => /^(chrome|moz)-extension:/.test(f.src)).length,
      customElements: all.filter((el) => el.tagName.includes('-')).map((el) => el.tagName.toLowerCase()),
      extensionUrls: all.filter((el) => el.outerHTML.includes(`chrome-extension://${id}`) && el.children.length === 0).length,
    };
  }, extensionId);
  // LinkedIn probes web-accessible resources: none may be exposed to linkedin.com.
  const webAccessible = await page.evaluate(
    (id: string) =>
      fetch(`chrome-extension://${id}/sidebar.html`).then(
        () => 'reachable',
        () => 'unreachable',
      ),
    extensionId,
  );
  const changes = await domChanges(page);
  return {
    sidebarHosts: static_.sidebarHosts,
    extensionFrames: static_.extensionFrames,
    customElements: static_.customElements,
    extensionUrls: static_.extensionUrls,
    webAccessible,
    changesOutsideApp: changes.filter((c) => !c.insideApp),
    suspiciousChanges: changes.filter((c) => c.suspicious),
  };
}

const NO_TRACES = {
  sidebarHosts: 0,
  extensionFrames: 0,
  customElements: [],
  extensionUrls: 0,
  webAccessible: 'unreachable',
  changesOutsideApp: [],
  suspiciousChanges: [],
};

describe('LinkedIn profile: side panel, nothing in the page', () => {
  let launched: Launched;
  const servers: FixtureServer[] = [];

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });

  afterAll(async () => {
    await launched?.close();
  });

  async function openProfile(url: string) {
    const page = await launched.browser.newPage();
    servers.push(await serveFixtures(page, LINKEDIN_ROUTES));
    await watchDomChanges(page, APP_ROOT);
    const injected = await contentScriptInjected(page, launched.extensionId);
    await page.goto(url, { waitUntil: 'load' });
    await injected();
    return page;
  }

  async function openSidePanel(page: Page) {
    const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`, { newWindow: true });
    servers.push(panel.server);
    return panel.page;
  }

  it("shows María José García López in the side panel (in CRM, her owner) and inserts nothing in LinkedIn's page; follows pushState to Ana Belén Soto (new) and Juan Carlos Pérez Ruiz", () =>
    withFailureScreenshot('linkedin-profile-sidepanel', async () => {
      const page = await openProfile(PAGES.linkedinMaria.url);
      const panel = await openSidePanel(page);

      const maria = await waitForSurface(panel, (v) => v.entityName === 'María José García López' && v.cards.length > 0, {
        timeoutMs: 30_000, // includes the first-install seed
      });
      expect(maria.surface).toBe('sidepanel');
      expect(maria.state).toBe('ready');
      expect(maria.verdict, describeSurface(maria)).toBe('in-crm');
      expect(maria.cards[0]?.name).toBe('María José García López');
      expect(maria.cards[0]?.owner).toBe('Lucía Fernández');
      expect(maria.cards[0]?.lastActivity).toBeTruthy();
      expect(maria.cards[0]?.openDeals).toHaveLength(2);
      expect(maria.cards[0]?.demo).toBe(true);
      expect(await dealsideTraces(page, launched.extensionId)).toEqual(NO_TRACES);

      // In-page navigation to a person who is in no CRM.
      await setWindowMarker(page, 'before-pushState');
      await navigateInPage(page, { url: PAGES.linkedinAna.url, fixture: PAGES.linkedinAna.fixture, root: APP_ROOT });
      const ana = await waitForSurface(panel, (v) => v.entityName === 'Ana Belén Soto' && v.verdict !== undefined);
      expect(ana.verdict, describeSurface(ana)).toBe('new');
      expect(ana.state).toBe('ready');
      expect(ana.cards).toEqual([]);
      expect(await windowMarker(page)).toBe('before-pushState');

      // And to another person in the CRM, with another owner.
      await navigateInPage(page, { url: PAGES.linkedinJuanCarlos.url, fixture: PAGES.linkedinJuanCarlos.fixture, root: APP_ROOT });
      const jc = await waitForSurface(panel, (v) => v.entityName === 'Juan Carlos Pérez Ruiz' && v.cards.length > 0);
      expect(jc.verdict, describeSurface(jc)).toBe('in-crm');
      expect(jc.cards[0]?.owner).toBe('Diego Morales');
      expect(await windowMarker(page)).toBe('before-pushState');
      expect(await dealsideTraces(page, launched.extensionId)).toEqual(NO_TRACES);
      await panel.close();
      await page.close();
    }));

  it('shows no person for the authwall page', () =>
    withFailureScreenshot('linkedin-authwall', async () => {
      const page = await openProfile(PAGES.linkedinAuthwall.url);
      const panel = await openSidePanel(page);
      const view = await waitForSurface(panel, (v) => v.state !== undefined);
      expect(['no-page', 'unreadable'], describeSurface(view)).toContain(view.state);
      expect(view.entityName).toBeUndefined();
      expect(view.verdict).toBeUndefined();
      expect(await dealsideTraces(page, launched.extensionId)).toEqual(NO_TRACES);
      await panel.close();
      await page.close();
    }));

  it.each([
    ['someone not in the CRM', 'linkedinAna'],
    ['someone in the CRM (the URL alone must not bring her record back)', 'linkedinMaria'],
  ] as const)('reads no person from the authwall served at the profile URL of %s', (_who, key) =>
    withFailureScreenshot(`linkedin-authwall-at-${key}`, async () => {
      const page = await launched.browser.newPage();
      servers.push(await serveFixtures(page, { [PAGES[key].url]: PAGES.linkedinAuthwall.fixture }));
      const injected = await contentScriptInjected(page, launched.extensionId);
      await page.goto(PAGES[key].url, { waitUntil: 'load' });
      await injected();
      const panel = await openSidePanel(page);
      // The URL names a profile, so the page is read; the read must find the sign-in wall, nobody.
      const view = await waitForSurface(panel, (v) => v.state !== undefined && v.state !== 'reading' && v.state !== 'no-page');
      expect(view.state, describeSurface(view)).toBe('unavailable');
      expect(view.entityName).toBeUndefined();
      expect(view.verdict).toBeUndefined();
      await panel.close();
      await page.close();
    }));

  it('drops the previous profile when the tab is sent to the authwall (full navigation)', () =>
    withFailureScreenshot('linkedin-profile-then-authwall', async () => {
      const page = await openProfile(PAGES.linkedinMaria.url);
      const panel = await openSidePanel(page);
      await waitForSurface(panel, (v) => v.entityName === 'María José García López' && v.cards.length > 0);

      // The session expires: LinkedIn redirects the tab to the authwall (a real page load). The
      // new document shows nobody, so the side panel must stop showing María José.
      const injected = await contentScriptInjected(page, launched.extensionId);
      await page.goto(PAGES.linkedinAuthwall.url, { waitUntil: 'load' });
      await injected();
      const view = await waitForSurface(panel, (v) => v.entityName === undefined && v.state !== undefined, { timeoutMs: 10_000 });
      expect(['no-page', 'unreadable'], describeSurface(view)).toContain(view.state);
      await panel.close();
      await page.close();
    }));

  it('let no request leave for a non-fixture host', () => {
    const requests = servers.flatMap((s) => s.requests);
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      if (r.outcome === 'fixture') expect(Object.keys(LINKEDIN_ROUTES)).toContain(r.url);
      else if (r.outcome === 'extension') expect(r.url).toMatch(/^(chrome-extension|data|blob|about):/);
      else expect(r.outcome).toBe('aborted');
    }
    expect(servers.flatMap((s) => s.leaked)).toEqual([]);
  });
});

describe('LinkedIn profile in a Spanish browser', () => {
  let launched: Launched;

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), lang: 'es-ES' });
  });

  afterAll(async () => {
    await launched?.close();
  });

  it("reads Ana Belén Soto's profile (Spanish UI, 'Empresa actual:') and says she is not in the CRM, in Spanish", () =>
    withFailureScreenshot('linkedin-es-new-person', async () => {
      const page = await launched.browser.newPage();
      await serveFixtures(page, LINKEDIN_ROUTES);
      await page.goto(PAGES.linkedinAna.url, { waitUntil: 'load' });
      const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
      const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`, { newWindow: true });
      const view = await waitForSurface(panel, (v) => v.entityName === 'Ana Belén Soto' && v.verdict !== undefined, { timeoutMs: 30_000 });
      expect(view.verdict, describeSurface(view)).toBe('new');
      expect(view.subtitle).toContain('Grupo Sotomar');
      expect(await panel.evaluate(() => document.documentElement.lang)).toBe('es');
      expect(view.text).toContain('No está en el CRM');
    }));
});
