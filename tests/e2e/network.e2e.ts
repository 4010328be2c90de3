// (f) Nothing leaves the machine: with every surface open (HubSpot page and its sidebar, LinkedIn
// page and the side panel, options), every request that is not a fixture page or the extension's
// own is aborted, including trackers a real page would fire; the service worker fetches nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  PAGES,
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  tabIdOf,
  waitForSidebarFrame,
  waitForSurface,
  withFailureScreenshot,
  type FixtureServer,
  type Launched,
} from './harness';

const ROUTES = {
  [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture,
  [PAGES.linkedinMaria.url]: PAGES.linkedinMaria.fixture,
};

// What a real page would fire at third parties; fired from the page to prove they are stopped.
const TRACKERS = [
  'https://js.hs-analytics.net/analytics/1700000000000/4481234.js',
  'https://forms.hubspot.com/collected-forms/v1/config/json?portalId=4481234',
  'https://px.ads.linkedin.com/collect?pid=12345&fmt=gif',
  'https://static.licdn.com/aero-v1/sc/h/1x2y3z4w5v6u7t8s9r0q.woff2',
];

/** Browser noise that may show up beside the page's own requests, and nothing else. */
const EXPECTED_NOISE = [/^https:\/\/(app\.hubspot\.com|www\.linkedin\.com)\/favicon\.ico$/];

async function fireTrackers(page: Page): Promise<string[]> {
  return page.evaluate(
    (urls: string[]) =>
      Promise.all(
        urls.map((url) =>
          fetch(url, { mode: 'no-cors' }).then(
            () => `${url} → answered`,
            () => `${url} → failed`,
          ),
        ),
      ),
    TRACKERS,
  );
}

describe('network isolation', () => {
  let launched: Launched;
  const servers: FixtureServer[] = [];
  const workerRequests: string[] = [];

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
    // The service worker's own network traffic (it has no page to intercept in).
    launched.worker.client.on('Network.requestWillBeSent', (event) => workerRequests.push(event.request.url));
    await launched.worker.client.send('Network.enable');
  });

  afterAll(async () => {
    await launched?.close();
  });

  it('aborts every request that is not a fixture page or the extension', () =>
    withFailureScreenshot('network-isolation', async () => {
      const hubspot = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      servers.push(hubspot.server);
      const frame = await waitForSidebarFrame(hubspot.page);
      await waitForSurface(frame, (v) => v.entityName === 'María José García López' && v.cards.length > 0, { timeoutMs: 30_000 });

      const linkedin = await openFixturePage(launched.browser, PAGES.linkedinMaria.url, ROUTES);
      servers.push(linkedin.server);
      const tabId = await tabIdOf(launched.worker, linkedin.page, 'https://www.linkedin.com/*');
      const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
      servers.push(panel.server);
      await waitForSurface(panel.page, (v) => v.entityName === 'María José García López' && v.cards.length > 0);

      const options = await openExtensionPage(launched, 'options.html');
      servers.push(options.server);
      await options.page.waitForSelector('[data-dealside="count-people"]');

      expect(await fireTrackers(hubspot.page)).toEqual(TRACKERS.map((u) => `${u} → failed`));
      expect(await fireTrackers(linkedin.page)).toEqual(TRACKERS.map((u) => `${u} → failed`));

      const all = servers.flatMap((s) => s.requests);
      // Fixture pages were served only at their own URLs.
      expect(new Set(all.filter((r) => r.outcome === 'fixture').map((r) => r.url))).toEqual(new Set(Object.keys(ROUTES)));
      // Everything else that was not the extension's own was aborted …
      const others = all.filter((r) => r.outcome !== 'fixture' && r.outcome !== 'extension');
      expect(others.every((r) => r.outcome === 'aborted')).toBe(true);
      // … and was either a tracker we fired or browser noise, never something Dealside asked for.
      const unexpected = others.filter((r) => !TRACKERS.includes(r.url) && !EXPECTED_NOISE.some((re) => re.test(r.url)));
      expect(unexpected).toEqual([]);
      for (const tracker of TRACKERS) expect(others.filter((r) => r.url === tracker)).toHaveLength(2);
      // No response ever came back for anything but a fixture or the extension.
      expect(servers.flatMap((s) => s.leaked)).toEqual([]);
      // The extension's pages requested nothing outside the extension.
      expect(panel.server.requests.filter((r) => r.outcome !== 'extension')).toEqual([]);
      expect(options.server.requests.filter((r) => r.outcome !== 'extension')).toEqual([]);
      // The service worker fetched nothing from the network.
      expect(workerRequests.filter((u) => !/^(chrome-extension|data|blob):/.test(u))).toEqual([]);
    }));
});
