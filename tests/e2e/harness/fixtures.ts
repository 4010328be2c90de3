// End-to-end harness: Fixture pages served at the CRMs' and LinkedIn's real URLs by request interception (everything
// else is aborted and recorded), and extension pages opened with their traffic recorded.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, HTTPRequest, Page, WindowBounds } from 'puppeteer-core';
import type { Launched } from './browser';
import { FIXTURES_DIR } from './browser';

// ---------------------------------------------------------------------------------------------
// Fixture pages

/** The demo pages, at their real URLs, and the fixture each is served from. */
export const PAGES = {
  hubspot51001: {
    url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51001',
    fixture: 'hubspot/contact-51001.html',
  },
  hubspot51002: {
    url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51002',
    fixture: 'hubspot/contact-51002.html',
  },
  hubspot51003: {
    url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51003',
    fixture: 'hubspot/contact-51003.html',
  },
  linkedinMaria: {
    url: 'https://www.linkedin.com/in/mariajosegarcialopez/',
    fixture: 'linkedin/profile-mariajosegarcialopez.html',
  },
  linkedinAna: {
    url: 'https://www.linkedin.com/in/anabelensoto/',
    fixture: 'linkedin/profile-anabelensoto.html',
  },
  linkedinJuanCarlos: {
    url: 'https://www.linkedin.com/in/jcperezruiz/',
    fixture: 'linkedin/profile-jcperezruiz.html',
  },
  linkedinAuthwall: {
    url: 'https://www.linkedin.com/authwall?trk=bf&trkInfo=AQH2&original_referer=&sessionRedirect=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fmariajosegarcialopez%2F',
    fixture: 'linkedin/authwall.html',
  },
} as const satisfies Record<string, { url: string; fixture: string }>;

export const STRICT_CSP = "default-src 'self'; frame-src 'self'; script-src 'self'";

export type FixtureRoute = {
  /** an exact URL (the #hash is ignored), a URL prefix ending in '*', or a RegExp */
  url: string | RegExp;
  /** path under tests/fixtures/pages, e.g. 'hubspot/contact-51001.html' */
  fixture: string;
  /** extra response headers, e.g. { 'Content-Security-Policy': STRICT_CSP } */
  headers?: Record<string, string>;
  status?: number;
  contentType?: string;
  /**
   * Text replaced in the fixture as it is served (every occurrence, in order): the same page for
   * another record — another vanity, company or id — without a second copy of the file.
   */
  replace?: ReadonlyArray<readonly [string, string]>;
  /** hold the response this long (a slow sub-resource that keeps the page's `load` waiting) */
  delayMs?: number;
};

/** Routes as a list, or as a map from URL (or prefix ending in '*') to fixture path. */
export type Routes = readonly FixtureRoute[] | Readonly<Record<string, string>>;

export type RecordedRequest = {
  url: string;
  method: string;
  resourceType: string;
  frameUrl?: string;
  outcome: 'fixture' | 'extension' | 'aborted';
};

export type FixtureServer = {
  page: Page;
  /** every request the page made, in order, with what was done with it */
  requests: RecordedRequest[];
  /** requests answered with a fixture */
  served: () => RecordedRequest[];
  /** requests to anything but a fixture or the extension: all aborted */
  aborted: () => RecordedRequest[];
  /** non-fixture, non-extension URLs for which the page nevertheless got a response */
  leaked: string[];
  /** add routes (e.g. before an in-page navigation to a page with its own URL) */
  addRoutes: (routes: Routes) => void;
};

const servers: FixtureServer[] = [];

/** Every fixture server set up in this process, for network assertions across pages. */
export function allFixtureServers(): readonly FixtureServer[] {
  return servers;
}

export function fixturePath(fixture: string): string {
  const file = path.resolve(FIXTURES_DIR, fixture);
  if (!file.startsWith(FIXTURES_DIR + path.sep)) throw new Error(`Fixture outside ${FIXTURES_DIR}: ${fixture}`);
  return file;
}

export function readFixture(fixture: string): string {
  return fs.readFileSync(fixturePath(fixture), 'utf8');
}

function normaliseRoutes(routes: Routes): FixtureRoute[] {
  if (Array.isArray(routes)) return [...(routes as readonly FixtureRoute[])];
  return Object.entries(routes as Record<string, string>).map(([url, fixture]) => ({ url, fixture }));
}

function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

function routeMatches(route: FixtureRoute, url: string): boolean {
  if (route.url instanceof RegExp) return route.url.test(url);
  if (route.url.endsWith('*')) return url.startsWith(route.url.slice(0, -1));
  return withoutHash(url) === withoutHash(route.url);
}

const PASS_THROUGH = /^(chrome-extension|data|blob|about):/;

/**
 * Serves fixture pages to `page` at their real URLs by request interception. Requests for the
 * extension's own pages (chrome-extension://) and data: URLs go through; every other request is
 * aborted and recorded, so a test can assert that nothing left the machine.
 */
export async function serveFixtures(page: Page, routes: Routes = []): Promise<FixtureServer> {
  const table = normaliseRoutes(routes);
  const bodies = new Map<FixtureRoute, Buffer>();
  const body = (route: FixtureRoute) => {
    let b = bodies.get(route);
    if (!b) {
      b = fs.readFileSync(fixturePath(route.fixture));
      if (route.replace?.length) {
        let text = b.toString('utf8');
        for (const [from, to] of route.replace) {
          if (!text.includes(from)) throw new Error(`${route.fixture} does not contain "${from}" to replace.`);
          text = text.split(from).join(to);
        }
        b = Buffer.from(text, 'utf8');
      }
      bodies.set(route, b);
    }
    return b;
  };
  for (const r of table) body(r); // fail early on a missing fixture

  const requests: RecordedRequest[] = [];
  const leaked: string[] = [];
  const fixtureUrls = new Set<string>();

  const onRequest = (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    const record = (outcome: RecordedRequest['outcome']) =>
      requests.push({
        url,
        method: request.method(),
        resourceType: request.resourceType(),
        frameUrl: request.frame()?.url(),
        outcome,
      });
    if (PASS_THROUGH.test(url)) {
      record('extension');
      void request.continue().catch(() => {});
      return;
    }
    const route = request.method() === 'GET' ? table.find((r) => routeMatches(r, url)) : undefined;
    if (route) {
      record('fixture');
      fixtureUrls.add(url);
      const respond = () =>
        void request
          .respond({
            status: route.status ?? 200,
            contentType: route.contentType ?? 'text/html; charset=utf-8',
            headers: { 'Cache-Control': 'no-store', ...route.headers },
            body: body(route),
          })
          .catch(() => {});
      if (route.delayMs) setTimeout(respond, route.delayMs);
      else respond();
      return;
    }
    record('aborted');
    void request.abort('blockedbyclient').catch(() => {});
  };

  await page.setRequestInterception(true);
  page.on('request', onRequest);
  page.on('response', (response) => {
    const url = response.url();
    if (PASS_THROUGH.test(url) || fixtureUrls.has(url)) return;
    leaked.push(url);
  });

  const server: FixtureServer = {
    page,
    requests,
    served: () => requests.filter((r) => r.outcome === 'fixture'),
    aborted: () => requests.filter((r) => r.outcome === 'aborted'),
    leaked,
    addRoutes: (more) => {
      const extra = normaliseRoutes(more);
      for (const r of extra) body(r);
      table.push(...extra);
    },
  };
  servers.push(server);
  return server;
}

/** A new page that serves the given routes, navigated to `url`. */
export async function openFixturePage(
  browser: Browser,
  url: string,
  routes: Routes,
  options: { newWindow?: boolean; windowBounds?: WindowBounds } = {},
): Promise<{ page: Page; server: FixtureServer }> {
  const page = options.newWindow
    ? await browser.newPage({ type: 'window', windowBounds: options.windowBounds })
    : await browser.newPage();
  const server = await serveFixtures(page, routes);
  await page.goto(url, { waitUntil: 'load' });
  return { page, server };
}

/** An extension page (sidepanel.html?tab=…, options.html …) in its own page, traffic recorded. */
export async function openExtensionPage(
  launched: Launched,
  pagePath: string,
  options: { newWindow?: boolean; windowBounds?: WindowBounds } = {},
): Promise<{ page: Page; server: FixtureServer }> {
  const page = options.newWindow
    ? await launched.browser.newPage({ type: 'window', windowBounds: options.windowBounds ?? { width: 420, height: 900 } })
    : await launched.browser.newPage();
  const server = await serveFixtures(page, []);
  await page.goto(launched.extensionUrl(pagePath), { waitUntil: 'load' });
  return { page, server };
}
