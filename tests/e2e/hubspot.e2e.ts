// (b) The in-page sidebar on a HubSpot contact record, and after an in-page (pushState)
// navigation to another record; a record whose header renders late; (c) the same page served
// with a strict Content-Security-Policy.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  PAGES,
  STRICT_CSP,
  describeSurface,
  launchWithExtension,
  navigateInPage,
  openFixturePage,
  readSurface,
  setWindowMarker,
  waitForSidebarFrame,
  waitForSurface,
  windowMarker,
  withFailureScreenshot,
  type FixtureServer,
  type Launched,
  type SurfaceView,
} from './harness';

const HUBSPOT_ROUTES = {
  [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture,
  [PAGES.hubspot51002.url]: PAGES.hubspot51002.fixture,
  [PAGES.hubspot51003.url]: PAGES.hubspot51003.fixture,
};

/** The sidebar's host element: present, with a closed shadow root (invisible to the page). */
async function sidebarHost(page: Page) {
  return page.evaluate(() => {
    const hosts = document.querySelectorAll('dealside-sidebar');
    const host = hosts[0] as HTMLElement | undefined;
    return {
      count: hosts.length,
      shadowVisibleToPage: host ? host.shadowRoot !== null : undefined,
      display: host ? getComputedStyle(host).display : undefined,
    };
  });
}

function expectRecord(view: SurfaceView, name: string, owner: string, openDeals?: number) {
  expect(view.surface, describeSurface(view)).toBe('sidebar');
  expect(view.state).toBe('ready');
  expect(view.entityName).toBe(name);
  expect(view.verdict).toBe('in-crm');
  const card = view.cards[0];
  expect(card, describeSurface(view)).toBeDefined();
  expect(card?.name).toBe(name);
  expect(card?.owner).toBe(owner);
  expect(card?.lastActivity).toBeTruthy();
  expect(card?.lastActivity).not.toBe('No activity recorded');
  expect(card?.demo).toBe(true);
  if (openDeals !== undefined) expect(card?.openDeals, describeSurface(view)).toHaveLength(openDeals);
}

describe('HubSpot contact record: in-page sidebar', () => {
  let launched: Launched;
  const servers: FixtureServer[] = [];

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });

  afterAll(async () => {
    await launched?.close();
  });

  it('shows María José García López, in CRM, her owner, last activity, 2 open deals and the demo badge; follows a pushState navigation to 51002 without a reload', () =>
    withFailureScreenshot('hubspot-contact-51001', async () => {
      const { page, server } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, HUBSPOT_ROUTES);
      servers.push(server);
      const frame = await waitForSidebarFrame(page);
      const first = await waitForSurface(frame, (v) => v.entityName === 'María José García López' && v.cards.length > 0, {
        timeoutMs: 30_000, // includes the first-install seed
      });
      expectRecord(first, 'María José García López', 'Lucía Fernández', 2);
      expect(await sidebarHost(page)).toMatchObject({ count: 1, shadowVisibleToPage: false });
      expect((await sidebarHost(page)).display).not.toBe('none');

      // In-page navigation, as HubSpot's single-page app does it: no reload.
      await setWindowMarker(page, 'before-pushState');
      await navigateInPage(page, { url: PAGES.hubspot51002.url, fixture: PAGES.hubspot51002.fixture });
      const second = await waitForSurface(frame, (v) => v.entityName === 'Juan Carlos Pérez Ruiz' && v.cards.length > 0);
      expectRecord(second, 'Juan Carlos Pérez Ruiz', 'Diego Morales');
      expect(await windowMarker(page)).toBe('before-pushState');
      expect(page.url()).toBe(PAGES.hubspot51002.url);
      expect(page.frames().filter((f) => f.url().includes('/sidebar.html'))).toHaveLength(1);
      expect((await sidebarHost(page)).count).toBe(1);
      // Only the first document was ever requested.
      expect(server.served().map((r) => r.url)).toEqual([PAGES.hubspot51001.url]);
    }));

  it('reads a record whose header renders late (Sarah Mitchell, 51003)', () =>
    withFailureScreenshot('hubspot-contact-51003-late', async () => {
      const { page, server } = await openFixturePage(launched.browser, PAGES.hubspot51003.url, HUBSPOT_ROUTES);
      servers.push(server);
      const frame = await waitForSidebarFrame(page);
      const view = await waitForSurface(frame, (v) => v.entityName === 'Sarah Mitchell' && v.cards.length > 0);
      expectRecord(view, 'Sarah Mitchell', 'Emily Carter');
      await page.close();
    }));

  it('shows the sidebar when the page sends a strict Content-Security-Policy', () =>
    withFailureScreenshot('hubspot-contact-51001-csp', async () => {
      const { page, server } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, [
        { url: PAGES.hubspot51001.url, fixture: PAGES.hubspot51001.fixture, headers: { 'Content-Security-Policy': STRICT_CSP } },
      ]);
      servers.push(server);
      // The policy is in force: an inline script is refused.
      const violation = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
            const s = document.createElement('script');
            s.textContent = 'window.__inlineScriptRan = true';
            document.head.append(s);
            setTimeout(() => resolve((window as unknown as { __inlineScriptRan?: boolean }).__inlineScriptRan ? 'ran' : 'no event'), 2000);
          }),
      );
      expect(violation).toBe('script-src-elem');

      const frame = await waitForSidebarFrame(page);
      const view = await waitForSurface(frame, (v) => v.entityName === 'María José García López' && v.cards.length > 0);
      expectRecord(view, 'María José García López', 'Lucía Fernández', 2);
      expect(await readSurface(frame)).toMatchObject({ surface: 'sidebar' });
    }));

  it('let no request leave for a non-fixture host', () => {
    const requests = servers.flatMap((s) => s.requests);
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      if (r.outcome === 'fixture') expect(Object.keys(HUBSPOT_ROUTES)).toContain(r.url);
      else if (r.outcome === 'extension') expect(r.url).toMatch(/^(chrome-extension|data|blob|about):/);
      else expect(r.outcome).toBe('aborted');
    }
    expect(servers.flatMap((s) => s.leaked)).toEqual([]);
  });
});
