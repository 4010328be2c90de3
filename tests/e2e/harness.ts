// End-to-end harness shared by the e2e tests (vitest) and `npm run demo`: find Chromium, build the
// extension, launch Chromium with it, serve fixture pages at their real URLs by request
// interception (aborting and recording everything else), simulate single-page-app navigation,
// read what a Dealside surface shows, and take screenshots when a test fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { findOrInstallBrowser } from '../browsers';
import type { Browser, CDPSession, Frame, HTTPRequest, Page, SerializedAXNode, Target, WebWorker, WindowBounds } from 'puppeteer-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES_DIR = path.join(ROOT, 'tests/fixtures/pages');
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output/screenshots');

// ---------------------------------------------------------------------------------------------
// Chromium

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The Chromium to drive: $CHROME_PATH, else the usual Debian/Ubuntu/Google paths. When none is
 * there and we are root with apt-get, installs Debian's `chromium` (saying so); otherwise throws
 * with what to install.
 */
export function findChromium(): string {
  return findOrInstallBrowser({
    name: 'Chromium',
    envVar: 'CHROME_PATH',
    candidates: CHROMIUM_CANDIDATES,
    debPackage: 'chromium',
    suite: 'the browser tests',
    missing: 'No Chromium found',
    hint: 'Google Chrome works too. Do not `npm install puppeteer` to download one.',
  });
}

// ---------------------------------------------------------------------------------------------
// Building

let built: string | undefined;

/**
 * Builds the Chromium MV3 extension once per process (`npx wxt build`) and returns the absolute
 * path of `.output/chrome-mv3`. With DEALSIDE_SKIP_BUILD=1 the existing build is used.
 */
export function buildExtension(): string {
  if (built) return built;
  const manifest = path.join(EXTENSION_DIR, 'manifest.json');
  if (process.env.DEALSIDE_SKIP_BUILD === '1') {
    if (!fs.existsSync(manifest)) {
      throw new Error(`DEALSIDE_SKIP_BUILD=1 but ${manifest} does not exist: run \`npx wxt build\` first.`);
    }
  } else {
    console.log('Building the extension (npx wxt build) …');
    const run = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, encoding: 'utf8', env: process.env });
    if (run.status !== 0) {
      process.stdout.write(run.stdout ?? '');
      process.stderr.write(run.stderr ?? '');
      throw new Error(`\`npx wxt build\` failed with exit code ${run.status}.`);
    }
    if (!fs.existsSync(manifest)) throw new Error(`The build wrote no ${manifest}.`);
  }
  built = EXTENSION_DIR;
  return built;
}

// ---------------------------------------------------------------------------------------------
// Launching

export type Lang = 'en-US' | 'es-ES';

export type LaunchOptions = {
  /** headless unless false (a display is needed then) */
  headless?: boolean;
  /** UI language and Accept-Language of the browser; en-US by default */
  lang?: Lang;
  executablePath?: string;
  /** window size; also the viewport in headless mode */
  width?: number;
  height?: number;
  /**
   * Optional permissions the user already allowed (a profile where they once clicked "Allow"):
   * `permissions.request` for them then answers at once, as it does in a real profile. A headless
   * browser cannot click the prompt itself, so the grant is written into the profile's preferences
   * between a first start (which installs the extension) and the real one.
   */
  granted?: { permissions?: string[]; origins?: string[] };
};

/** Write optional permissions as granted into the profile's Preferences (see LaunchOptions.granted). */
function grantInProfile(userDataDir: string, extensionDir: string, granted: NonNullable<LaunchOptions['granted']>): void {
  const file = path.join(userDataDir, 'Default', 'Preferences');
  const prefs = JSON.parse(fs.readFileSync(file, 'utf8')) as { extensions?: { settings?: Record<string, Record<string, unknown>> } };
  const entry = Object.values(prefs.extensions?.settings ?? {}).find((e) => typeof e.path === 'string' && path.resolve(e.path) === path.resolve(extensionDir));
  if (!entry) throw new Error(`The extension at ${extensionDir} is not in the profile's preferences: cannot pre-grant permissions.`);
  for (const key of ['granted_permissions', 'active_permissions']) {
    const set = (entry[key] ??= {}) as { api?: string[]; explicit_host?: string[] };
    set.api = [...new Set([...(set.api ?? []), ...(granted.permissions ?? [])])];
    set.explicit_host = [...new Set([...(set.explicit_host ?? []), ...(granted.origins ?? [])])];
  }
  fs.writeFileSync(file, JSON.stringify(prefs));
}

export type Launched = {
  browser: Browser;
  extensionId: string;
  /** the extension's service worker */
  worker: WebWorker;
  /** extension page URL, e.g. extensionUrl('options.html') */
  extensionUrl: (pagePath: string) => string;
  close: () => Promise<void>;
};

const openBrowsers = new Set<Browser>();

/** The launch flags known to work here (PLATFORM.md), for an unpacked extension in DIR. */
export function chromiumArgs(dir: string, lang: Lang, width: number, height: number): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-domain-reliability',
    '--metrics-recording-only',
    `--disable-extensions-except=${dir}`,
    `--load-extension=${dir}`,
    `--lang=${lang}`,
    `--accept-lang=${lang},${lang.split('-')[0]}`,
    `--window-size=${width},${height}`,
  ];
}

export async function launchWithExtension(dir: string, options: LaunchOptions = {}): Promise<Launched> {
  const lang = options.lang ?? 'en-US';
  const headless = options.headless ?? true;
  const width = options.width ?? 1440;
  const height = options.height ?? 900;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-e2e-'));
  // The Accept-Language preference of the fresh profile, so navigator.languages follows `lang`.
  fs.mkdirSync(path.join(userDataDir, 'Default'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ intl: { accept_languages: `${lang},${lang.split('-')[0]}`, selected_languages: `${lang},${lang.split('-')[0]}` } }),
  );
  const launchOptions = {
    executablePath: options.executablePath ?? findChromium(),
    headless,
    userDataDir,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: chromiumArgs(dir, lang, width, height),
    defaultViewport: headless ? { width, height } : null,
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: `${lang.replace('-', '_')}.UTF-8` },
  };
  if (options.granted) {
    const first = await puppeteer.launch(launchOptions);
    await first.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 30_000 }).finally(() => first.close());
    grantInProfile(userDataDir, dir, options.granted);
  }
  const browser = await puppeteer.launch(launchOptions);
  openBrowsers.add(browser);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    openBrowsers.delete(browser);
    await browser.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  try {
    const target = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
      { timeout: 30_000 },
    );
    const worker = await target.worker();
    if (!worker) throw new Error('The extension service worker target has no worker.');
    const extensionId = new URL(target.url()).host;
    return {
      browser,
      extensionId,
      worker,
      extensionUrl: (pagePath) => `chrome-extension://${extensionId}/${pagePath.replace(/^\//, '')}`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Closes every browser this process launched (for afterAll hooks and signal handlers). */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.all([...openBrowsers].map((b) => b.close().catch(() => {})));
  openBrowsers.clear();
}

type ChromeTabsApi = { tabs: { query(q: Record<string, unknown>): Promise<{ id?: number; url?: string }[]> } };

/**
 * The browser tab id of a page, asked of the service worker. `urlPattern` (a match pattern such
 * as 'https://www.linkedin.com/*') narrows the query; the page's current URL picks the tab.
 */
export async function tabIdOf(worker: WebWorker, page: Page, urlPattern?: string): Promise<number> {
  const url = page.url();
  const ids = await worker.evaluate(
    async (pattern: string | null, wanted: string) => {
      const api = (globalThis as unknown as { chrome: ChromeTabsApi }).chrome;
      const tabs = await api.tabs.query(pattern ? { url: pattern } : {});
      return tabs.filter((t) => t.url === wanted).map((t) => t.id ?? -1);
    },
    urlPattern ?? null,
    url,
  );
  if (ids.length !== 1 || ids[0] === undefined || ids[0] < 0) {
    throw new Error(`Expected exactly one tab showing ${url}, found ${JSON.stringify(ids)}.`);
  }
  return ids[0];
}

/** Tab ids of every tab whose URL matches a match pattern, e.g. 'https://www.linkedin.com/*'. */
export async function tabIdsMatching(worker: WebWorker, urlPattern: string): Promise<number[]> {
  return worker.evaluate(async (pattern: string) => {
    const api = (globalThis as unknown as { chrome: ChromeTabsApi }).chrome;
    const tabs = await api.tabs.query({ url: pattern });
    return tabs.map((t) => t.id ?? -1);
  }, urlPattern);
}

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
      void request
        .respond({
          status: route.status ?? 200,
          contentType: route.contentType ?? 'text/html; charset=utf-8',
          headers: { 'Cache-Control': 'no-store', ...route.headers },
          body: body(route),
        })
        .catch(() => {});
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

// ---------------------------------------------------------------------------------------------
// In-page navigation

export type InPageNavigation = {
  /** the next record's URL */
  url: string;
  /** the fixture whose DOM replaces the current record's */
  fixture: string;
  /** the element whose content the app re-renders; 'body' by default */
  root?: string;
  /** the app renders the new record this long after pushState (as real SPAs do) */
  renderDelayMs?: number;
};

/**
 * Simulates a single-page app moving to another record, in the page's MAIN world: pushState to
 * the next URL, then (after a short render delay) replace the record DOM and the title with the
 * next fixture's. Inline scripts of the new DOM run, as the app's own rendering would.
 * No reload happens.
 */
export async function navigateInPage(page: Page, nav: InPageNavigation): Promise<void> {
  const html = readFixture(nav.fixture);
  await page.evaluate(
    (url: string, source: string, rootSelector: string, delay: number) =>
      new Promise<void>((resolve, reject) => {
        const next = new DOMParser().parseFromString(source, 'text/html');
        // The DOM watch (watchDomChanges) must not count the app's own re-render as Dealside's.
        const watch = (window as unknown as { __e2eDomWatch?: { flush(): void; discard(): void } }).__e2eDomWatch;
        history.pushState({ e2e: url }, '', url);
        setTimeout(() => {
          try {
            watch?.flush();
            const target = document.querySelector(rootSelector);
            const replacement = next.querySelector(rootSelector);
            if (!target || !replacement) throw new Error(`No ${rootSelector} in the page or in the next fixture`);
            document.title = next.title;
            if (next.documentElement.lang) document.documentElement.lang = next.documentElement.lang;
            target.replaceChildren(...Array.from(replacement.childNodes).map((n) => document.importNode(n, true)));
            // Scripts inserted this way do not run; re-create them so they do (the app renders).
            for (const old of Array.from(target.querySelectorAll('script'))) {
              const type = old.getAttribute('type');
              if (type && type !== 'text/javascript' && type !== 'module') continue;
              const fresh = document.createElement('script');
              for (const attr of Array.from(old.attributes)) fresh.setAttribute(attr.name, attr.value);
              fresh.textContent = old.textContent;
              old.replaceWith(fresh);
            }
            watch?.discard();
            resolve();
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }, delay);
      }),
    nav.url,
    html,
    nav.root ?? 'body',
    nav.renderDelayMs ?? 120,
  );
}

// ---------------------------------------------------------------------------------------------
// Watching the page DOM for changes made by anyone but the page itself

export type DomChange = {
  kind: 'added' | 'attribute';
  /** tag name of the added element, or of the element whose attribute changed */
  tag: string;
  /** the attribute that changed, or a short description of the added element */
  detail: string;
  /** inside the page app's own root (the given selector), where its scripts render */
  insideApp: boolean;
  /** custom element, iframe, or anything naming dealside / chrome-extension */
  suspicious: boolean;
};

// Plain JavaScript (see READ_SURFACE below for why a string). Installed before any page script
// runs; records, after DOMContentLoaded (content scripts run at document_idle), every element
// added and every attribute change on <html>, <head> and <body>.
const DOM_WATCH_SCRIPT = (appRoot: string) => `(() => {
  if (window.__e2eDomWatch) return;
  const log = [];
  let armed = false;
  function describe(el) {
    const attrs = Array.from(el.attributes || []).map(function (a) { return a.name + '=' + String(a.value).slice(0, 60); });
    return '<' + el.tagName.toLowerCase() + (attrs.length ? ' ' + attrs.join(' ') : '') + '>';
  }
  function suspicious(el) {
    if (!el.tagName) return false;
    if (el.tagName.indexOf('-') >= 0 || el.tagName === 'IFRAME') return true;
    return /dealside|chrome-extension|moz-extension/i.test(describe(el));
  }
  function insideApp(node) {
    const root = document.querySelector(${JSON.stringify(appRoot)});
    return !!root && root !== node && root.contains(node);
  }
  function handle(records) {
    if (!armed) return;
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of Array.from(r.addedNodes)) {
          if (n.nodeType !== 1) continue;
          const inApp = insideApp(n);
          const bad = suspicious(n) || (n.querySelector && n.querySelector('iframe, [data-dealside], [data-dealside-host]') !== null);
          log.push({ kind: 'added', tag: n.tagName.toLowerCase(), detail: describe(n).slice(0, 300), insideApp: inApp, suspicious: !!bad });
        }
      } else if (r.type === 'attributes') {
        const t = r.target;
        if (t === document.documentElement || t === document.head || t === document.body || /dealside/i.test(r.attributeName || '')) {
          log.push({ kind: 'attribute', tag: t.tagName.toLowerCase(), detail: r.attributeName || '', insideApp: insideApp(t), suspicious: /dealside/i.test(r.attributeName || '') });
        }
      }
    }
  }
  const observer = new MutationObserver(handle);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  // What the parser inserted is the page itself: forget it, and record from here on.
  document.addEventListener('DOMContentLoaded', function () { observer.takeRecords(); armed = true; }, { once: true });
  window.__e2eDomWatch = {
    log: log,
    flush: function () { handle(observer.takeRecords()); },
    discard: function () { observer.takeRecords(); },
  };
})()`;

/**
 * Records, in the page's main world, every element added and every attribute change on
 * html/head/body after DOMContentLoaded. Call before page.goto. `appRoot` is the element the
 * page's own scripts render into (their additions there are expected).
 */
export async function watchDomChanges(page: Page, appRoot: string): Promise<void> {
  await page.evaluateOnNewDocument(DOM_WATCH_SCRIPT(appRoot));
}

/** The DOM changes recorded by watchDomChanges so far. */
export async function domChanges(page: Page): Promise<DomChange[]> {
  return (await page.evaluate(`(() => {
    const w = window.__e2eDomWatch;
    if (!w) throw new Error('watchDomChanges was not installed on this page');
    w.flush();
    return w.log.slice();
  })()`)) as DomChange[];
}

/**
 * Resolves once the extension has a content-script world (an isolated execution context of
 * chrome-extension://<id>) in the page's main frame: proof its content script was injected.
 * Start it before page.goto.
 */
export async function contentScriptInjected(
  page: Page,
  extensionId: string,
  timeoutMs = 45_000,
): Promise<() => Promise<void>> {
  const session = await page.createCDPSession();
  let resolveSeen!: () => void;
  const seen = new Promise<void>((resolve) => (resolveSeen = resolve));
  // Runtime.enable reports the contexts that already exist before it answers; listening only
  // afterwards counts only worlds created for the next document.
  await session.send('Runtime.enable');
  session.on('Runtime.executionContextCreated', (event) => {
    const ctx = event.context;
    const aux = (ctx.auxData ?? {}) as { type?: string; isDefault?: boolean };
    if (aux.type === 'isolated' && ctx.origin.startsWith(`chrome-extension://${extensionId}`)) resolveSeen();
  });
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        seen,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`No Dealside content script in ${page.url()} after ${timeoutMs} ms.`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await session.detach().catch(() => {});
    }
  };
}

/** Sets a marker on the page's window; `hasWindowMarker` is true until the page reloads. */
export async function setWindowMarker(page: Page, value: string): Promise<void> {
  await page.evaluate((v: string) => {
    (window as unknown as { __dealsideE2EMarker?: string }).__dealsideE2EMarker = v;
  }, value);
}

export async function windowMarker(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { __dealsideE2EMarker?: string }).__dealsideE2EMarker);
}

// ---------------------------------------------------------------------------------------------
// Seeing into closed shadow roots (as DevTools does; the page's scripts cannot)

export type ClosedShadowHost = {
  /** the host element's own attributes: all the page can read */
  attributes: Record<string, string>;
  /** href of the element just before the host (the link a badge belongs to) */
  previousHref?: string;
  /** the text inside its shadow root */
  text: string;
  /** attributes of the elements inside its shadow root, in order */
  inner: Record<string, string>[];
};

/** Every `tagName` element of the page's main document, with what its closed shadow root holds. */
export async function readClosedShadowHosts(page: Page, tagName: string): Promise<ClosedShadowHost[]> {
  type Node = { nodeType: number; nodeName: string; nodeValue?: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
  const session = await page.createCDPSession();
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    const attrs = (n: Node) => Object.fromEntries((n.attributes ?? []).flatMap((v, i, all) => (i % 2 ? [] : [[v, all[i + 1]!]])));
    const text = (n: Node): string => (n.nodeType === 3 ? (n.nodeValue ?? '') : [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(text).join(''));
    const elements = (n: Node): Node[] => (n.children ?? []).flatMap((c) => (c.nodeType === 1 ? [c, ...elements(c)] : []));
    const found: ClosedShadowHost[] = [];
    const walk = (n: Node) => {
      const kids = n.children ?? [];
      kids.forEach((child, i) => {
        if (child.nodeName === tagName.toUpperCase()) {
          const before = kids.slice(0, i).reverse().find((k) => k.nodeType === 1);
          found.push({
            attributes: attrs(child),
            previousHref: before ? attrs(before).href : undefined,
            text: (child.shadowRoots ?? []).map(text).join(''),
            inner: (child.shadowRoots ?? []).flatMap(elements).map(attrs),
          });
        }
        walk(child);
      });
    };
    walk(root);
    return found;
  } finally {
    await session.detach().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the surfaces

/** The frame of the in-page sidebar (`<dealside-sidebar>` → iframe of sidebar.html). */
export async function waitForSidebarFrame(page: Page, timeoutMs = 45_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/sidebar.html'));
    if (frame) {
      // Clicks count once the browser has said whether the sidebar is visible as drawn (#14.2);
      // a folded sidebar's frame is not rendered, so there is nothing to wait for.
      const owner = await frame.frameElement().catch(() => null);
      const drawn = owner ? await owner.boundingBox().catch(() => null) : null;
      if (drawn) await frame
        .waitForFunction(() => document.documentElement.dataset.visibleAsDrawn !== undefined, { timeout: Math.max(1, deadline - Date.now()) })
        .catch(() => undefined);
      return frame;
    }
    if (Date.now() > deadline) throw new Error(`No sidebar frame on ${page.url()} after ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the sidebar's view looks for nothing more: its duplicates are in (or there are none). */
export async function waitForSidebarSettled(frame: Frame, timeoutMs = 45_000): Promise<void> {
  await frame.waitForFunction(() => !!document.querySelector('[data-dealside="tab-view"]') && !document.querySelector('[data-dealside="tab-view"][data-pending]'), {
    timeout: timeoutMs,
  });
}

export type MatchCardView = {
  name?: string;
  owner?: string;
  lastActivity?: string;
  openDeals: string[];
  demo: boolean;
  matchedBy?: string;
};

export type SurfaceView = {
  surface?: string;
  state?: string;
  entityName?: string;
  subtitle?: string;
  verdict?: string;
  /** the first-glance header chosen for the page: rep, sdr or am (DESIGN.md contract 5) */
  moment?: string;
  /** what the view still looks for ('duplicates': a worker just woken loads its match index) */
  pending?: string;
  cards: MatchCardView[];
  text: string;
};

// Plain JavaScript (a string, so no transpiler helper such as esbuild's __name can leak into it)
// that reads a surface's DOM contract: data-dealside-surface, tab-view state, entity name, verdict,
// and one card per matched record.
const READ_SURFACE = `(() => {
  function text(el) {
    const t = el && el.textContent ? el.textContent.replace(/\\s+/g, ' ').trim() : '';
    return t || undefined;
  }
  function attr(sel, name) {
    const el = document.querySelector(sel);
    return el ? el.getAttribute(name) || undefined : undefined;
  }
  const cards = Array.from(document.querySelectorAll('[data-dealside="owner"]')).map(function (owner) {
    const card = owner.closest('section') || owner.parentElement;
    return {
      // on the record's own CRM page its card leaves the name to the header
      name: text(card.querySelector('[data-dealside="match-name"]')) || text(document.querySelector('[data-dealside="entity-name"]')),
      owner: text(owner),
      lastActivity: text(card.querySelector('[data-dealside="last-activity"]')),
      openDeals: Array.from(card.querySelectorAll('[data-dealside="open-deal"]')).map(function (d) {
        return text(d.firstElementChild || d) || '';
      }),
      // a demo record: its own badge in a real workspace, or the header's once in the demo workspace
      demo: card.querySelector('[data-dealside="demo-badge"]') !== null || document.querySelector('[data-dealside="workspace-demo"]') !== null,
      matchedBy: text(card.querySelector('[data-dealside="matched-by"]')),
    };
  });
  return {
    surface: attr('[data-dealside-surface]', 'data-dealside-surface'),
    state: attr('[data-dealside="tab-view"]', 'data-state'),
    entityName: text(document.querySelector('[data-dealside="entity-name"]')),
    subtitle: text(document.querySelector('[data-dealside="entity-subtitle"]')),
    // The SDR's header says it; the rep's and the account manager's headers are only chosen for
    // records in the CRM (components/sidebar/moment.ts), so they stand for 'in-crm'.
    verdict:
      attr('[data-dealside="verdict"]', 'data-verdict') ||
      (['rep', 'am'].indexOf(attr('[data-dealside="moment-header"]', 'data-moment') || '') >= 0 ? 'in-crm' : undefined),
    moment: attr('[data-dealside="moment-header"]', 'data-moment'),
    pending: attr('[data-dealside="tab-view"]', 'data-pending'),
    cards: cards,
    text: ((document.body && document.body.innerText) || '').slice(0, 4000),
  };
})()`;

/** What a Dealside surface (sidebar frame, side panel or popup page) shows, read from the DOM. */
export async function readSurface(target: Page | Frame): Promise<SurfaceView> {
  return (await target.evaluate(READ_SURFACE)) as SurfaceView;
}

/**
 * Polls a surface until `ready(view)` holds and the view looks for nothing more (no pending
 * duplicates, which would add a section a moment later); returns that view or throws with the last
 * one seen.
 */
export async function waitForSurface(
  target: Page | Frame,
  ready: (view: SurfaceView) => boolean,
  { timeoutMs = 45_000, intervalMs = 100 } = {},
): Promise<SurfaceView> {
  const deadline = Date.now() + timeoutMs;
  let last: SurfaceView | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await readSurface(target);
      if (ready(last) && !last.pending) return last;
    } catch (error) {
      lastError = error; // the frame may be navigating
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The surface did not reach the expected state within ${timeoutMs} ms. Last seen: ${JSON.stringify(
          last ? { ...last, text: last.text.slice(0, 400) } : null,
        )}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A short text summary of a surface, for the demo and for failure messages. */
export function describeSurface(view: SurfaceView): string {
  const lines = [
    `  entity:        ${view.entityName ?? '(none)'}${view.subtitle ? ` — ${view.subtitle}` : ''}`,
    `  state:         ${view.state ?? '(unknown)'}`,
    `  verdict:       ${view.verdict ?? '(none)'}`,
    `  moment:        ${view.moment ?? '(none)'}`,
  ];
  if (view.cards.length === 0) lines.push('  matches:       none');
  view.cards.forEach((c, i) => {
    lines.push(`  match ${i + 1}:       ${c.name ?? '(unnamed)'}${c.demo ? ' [demo]' : ''}${c.matchedBy ? ` (matched by ${c.matchedBy})` : ''}`);
    lines.push(`    owner:         ${c.owner ?? '(none)'}`);
    lines.push(`    last activity: ${c.lastActivity ?? '(none)'}`);
    lines.push(`    open deals:    ${c.openDeals.length}${c.openDeals.length ? ` — ${c.openDeals.join('; ')}` : ''}`);
  });
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Screenshots

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'screenshot';
}

/** Writes a PNG of every open page of every browser this process launched. Returns the files. */
export async function screenshotAllPages(name: string, dir = SCREENSHOT_DIR): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let n = 0;
  for (const browser of openBrowsers) {
    const pages = await browser.pages().catch(() => [] as Page[]);
    for (const page of pages) {
      n += 1;
      const file = path.join(dir, `${safeName(name)}${n === 1 ? '' : `-${n}`}.png`);
      try {
        // A tab in the background produces no frames: bring it to the front, and never wait long.
        await withTimeout(page.bringToFront(), 3_000, 'bringToFront');
        await withTimeout(page.screenshot({ path: file as `${string}.png`, fullPage: false }), 10_000, 'screenshot');
        files.push(file);
      } catch (error) {
        console.warn(`[e2e] Could not screenshot ${page.url()}: ${String(error)}`);
      }
    }
  }
  return files;
}

/**
 * Runs `fn`; if it throws, writes test-output/screenshots/<name>.png (and <name>-2.png … for
 * further pages) of every open page, then rethrows.
 */
/**
 * Poll until the probe gives a value (not undefined / false): the worker syncs on its own schedule,
 * so tests wait for what they expect rather than for a time. A probe that throws is tried again;
 * the last error is told if the deadline passes. No timing is asserted.
 */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function withFailureScreenshot<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const files = await screenshotAllPages(name);
    if (files.length) console.error(`[e2e] ${name} failed; screenshots: ${files.map((f) => path.relative(ROOT, f)).join(', ')}`);
    throw error;
  }
}

/** Saves a PNG of one page under `dir`. */
export async function savePng(page: Page, dir: string, name: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${safeName(name)}.png`) as `${string}.png`;
  await withTimeout(page.bringToFront(), 3_000, 'bringToFront');
  await withTimeout(page.screenshot({ path: file }), 15_000, 'screenshot');
  return file;
}

// ---------------------------------------------------------------------------------------------
// Routing the browser's requests to local servers

export type ForwardRoute = {
  /** requests whose URL starts with this (e.g. 'https://api.hubapi.com/') … */
  prefix: string;
  /** … are answered by this local server: the rest of the URL is appended to it */
  to: string;
  /**
   * 'server': the local server answers CORS itself, as the real one must (the team's token
   * exchange): the request keeps the browser's Origin header, preflights go to the server, and
   * only the server's access-control headers reach the browser, which checks them.
   * Default: preflights are answered here and CORS headers that allow everything are added.
   */
  cors?: 'server';
};

/**
 * Answers every request of the browser (pages, popup windows such as the identity API's sign-in
 * window, and the extension's service worker) to the given prefixes from local servers, through
 * the DevTools Fetch domain on the browser target. Redirects are passed back as they are (the
 * sign-in window must see the redirect to https://<id>.chromiumapp.org/). CORS headers are added,
 * as a server that allows the extension would send them, unless the route says the server answers
 * CORS itself (`cors: 'server'`).
 */
export async function forwardRequests(launched: Launched, routes: readonly ForwardRoute[]): Promise<{ count: (prefix: string) => number; stop: () => Promise<void> }> {
  type Paused = {
    requestId: string;
    request: { url: string; method: string; headers: Record<string, string>; postData?: string; postDataEntries?: Array<{ bytes?: string }> };
  };
  const session = await launched.browser.target().createCDPSession();
  const workerSessions = new Set<CDPSession>();
  let stopped = false;
  const counts = new Map<string, number>();
  const cors = [
    { name: 'access-control-allow-origin', value: '*' },
    { name: 'access-control-allow-headers', value: 'authorization, content-type, accept' },
    { name: 'access-control-allow-methods', value: 'GET, POST, PATCH, PUT, DELETE' },
    { name: 'access-control-expose-headers', value: '*' },
  ];
  const onPaused = (session: CDPSession) => (event: Paused) => {
    void (async () => {
      const { requestId, request } = event;
      const route = routes.find((r) => request.url.startsWith(r.prefix));
      try {
        if (!route) {
          await session.send('Fetch.continueRequest', { requestId });
          return;
        }
        const serverCors = route.cors === 'server';
        if (request.method === 'OPTIONS' && !serverCors) {
          await session.send('Fetch.fulfillRequest', { requestId, responseCode: 204, responseHeaders: cors, body: '' });
          return;
        }
        counts.set(route.prefix, (counts.get(route.prefix) ?? 0) + 1);
        const body =
          request.postData ??
          (request.postDataEntries ? Buffer.concat(request.postDataEntries.map((e) => Buffer.from(e.bytes ?? '', 'base64'))).toString('utf8') : undefined);
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(([k]) => !(serverCors ? /^(host|referer|content-length)$/i : /^(host|origin|referer|content-length)$/i).test(k)),
        );
        const res = await fetch(`${route.to}${request.url.slice(route.prefix.length)}`, {
          method: request.method,
          headers,
          redirect: 'manual',
          ...(body !== undefined && request.method !== 'GET' && request.method !== 'HEAD' ? { body } : {}),
        });
        const bytes = Buffer.from(await res.arrayBuffer());
        const responseHeaders = [...res.headers.entries()]
          .filter(([k]) => !(serverCors ? /^(content-length|connection|keep-alive|transfer-encoding)$/i : /^(content-length|connection|keep-alive|transfer-encoding|access-control-.*)$/i).test(k))
          .map(([name, value]) => ({ name, value }));
        await session.send('Fetch.fulfillRequest', {
          requestId,
          responseCode: res.status,
          responseHeaders: serverCors ? responseHeaders : [...responseHeaders, ...cors],
          body: bytes.toString('base64'),
        });
      } catch (error) {
        await session.send('Fetch.failRequest', { requestId, errorReason: 'Failed' }).catch(() => {});
        // A request paused just before stop() or before its tab / worker went away cannot be
        // answered any more, and nothing waits for it: not a failure worth a stack trace.
        const message = error instanceof Error ? error.message : String(error);
        if (stopped || /Fetch domain is not enabled|Target closed|Session closed|No resource with given/i.test(message)) return;
        console.warn(`[e2e] forwarding ${request.url} failed: ${message}`);
      }
    })();
  };
  const patterns = routes.map((r) => ({ urlPattern: `${r.prefix}*` }));
  session.on('Fetch.requestPaused', onPaused(session));
  await session.send('Fetch.enable', { patterns });
  // The browser target does not see the extension service worker's own fetches: attach to it too
  // (again whenever the worker is restarted).
  const attach = async (target: Target) => {
    if (target.type() !== 'service_worker' || !target.url().startsWith(`chrome-extension://${launched.extensionId}/`)) return;
    const worker = await target.createCDPSession();
    workerSessions.add(worker);
    worker.on('Fetch.requestPaused', onPaused(worker));
    await worker.send('Fetch.enable', { patterns });
  };
  const onTarget = (t: Target) => void attach(t).catch(() => {});
  launched.browser.on('targetcreated', onTarget);
  for (const t of launched.browser.targets()) await attach(t);
  return {
    count: (prefix) => counts.get(prefix) ?? 0,
    stop: async () => {
      stopped = true;
      launched.browser.off('targetcreated', onTarget);
      for (const s of [session, ...workerSessions]) {
        await s.send('Fetch.disable').catch(() => {});
        await s.detach().catch(() => {});
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The sidebar's folding sections

/**
 * Opens or folds a sidebar section as a user does: its toggle brought to the middle of the view
 * first (the sticky header would otherwise cover a toggle scrolled just under it), then clicked.
 */
export async function toggleSection(target: Page | Frame, id: string): Promise<void> {
  const toggle = `[data-dealside="section"][data-section="${id}"] [data-dealside="section-toggle"]`;
  const before = await target.$eval(`[data-dealside="section"][data-section="${id}"]`, (el) => el.getAttribute('data-open'));
  await target.$eval(toggle, (el) => el.scrollIntoView({ block: 'center' }));
  await target.click(toggle);
  await target.waitForFunction(
    (sel, was) => document.querySelector(sel)?.getAttribute('data-open') !== was,
    { timeout: 30_000 },
    `[data-dealside="section"][data-section="${id}"]`,
    before,
  );
}

// ---------------------------------------------------------------------------------------------
// Clicking while a page may still be settling

/**
 * Click `selector` until `done` holds (a form opened, a <details> expanded): an options page whose
 * sections load one by one can shift between finding a button and the mouse reaching it.
 */
export async function clickUntil(page: Page | Frame, selector: string, done: string | (() => Promise<boolean>), attempts = 3): Promise<void> {
  const check = typeof done === 'string' ? async () => (await page.$(done)) !== null : done;
  for (let i = 1; i <= attempts; i++) {
    await page.waitForSelector(selector, { timeout: 30_000 });
    await page.click(selector);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Clicking ${selector} ${attempts} times did not ${typeof done === 'string' ? `show ${done}` : 'have the expected effect'}.`);
}

// ---------------------------------------------------------------------------------------------
// Talking to the background as the UI does

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** A request to the background from an extension page, as the UI sends it; its data, or an error with the message. */
export async function askBackground<T = unknown>(page: Page, request: Record<string, unknown>): Promise<T> {
  const answer = (await page.evaluate(
    (r) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(r),
    request,
  )) as Envelope<T>;
  if (!answer.ok) throw new Error(`${String(request.type)}: ${answer.error.message}`);
  return answer.data;
}

// ---------------------------------------------------------------------------------------------
// Accessibility: axe-core, accessible names, visible focus

/**
 * The rule sets every surface is held to: WCAG 2.0 / 2.1 levels A and AA, plus axe's best
 * practices (landmarks, heading order, one main, region …). Best practices are on because the
 * surfaces pass them and a screen-reader user navigates the sidebar by landmark and heading.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

export type AxeOptions = {
  /** CSS selectors to test (default: the whole document) */
  include?: string[];
  /** CSS selectors to leave out */
  exclude?: string[];
  /** rule tags to run; AXE_TAGS by default */
  tags?: readonly string[];
  /** rule ids to switch off, e.g. ['region'] on a partial page */
  disableRules?: string[];
};

export type AxeViolation = {
  rule: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string; html: string }[];
};

let axeSourceText: string | undefined;

/** axe.min.js of the installed axe-core (devDependency), read once. */
export function axeSource(): string {
  axeSourceText ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSourceText;
}

/**
 * Runs axe-core in a page or frame (an extension page, the sidebar's iframe …): injects axe's
 * source with evaluate (once per document), runs the AXE_TAGS rules and returns the violations in
 * a readable form. `iframes: false`: each surface is tested in its own document.
 */
export async function axeViolations(target: Page | Frame, options: AxeOptions = {}): Promise<AxeViolation[]> {
  const loaded = await target.evaluate('typeof window.axe === "object" && typeof window.axe.run === "function"');
  if (!loaded) await target.evaluate(axeSource());
  const config = {
    include: options.include ?? null,
    exclude: options.exclude ?? [],
    tags: [...(options.tags ?? AXE_TAGS)],
    disable: options.disableRules ?? [],
  };
  // Plain JavaScript (see READ_SURFACE): nothing of the test's transpiler may leak into the page.
  const script = `(async () => {
    const config = ${JSON.stringify(config)};
    const context = config.include || config.exclude.length
      ? { include: config.include || [document], exclude: config.exclude }
      : document;
    const rules = {};
    for (const id of config.disable) rules[id] = { enabled: false };
    const result = await window.axe.run(context, {
      runOnly: { type: 'tag', values: config.tags },
      rules: rules,
      resultTypes: ['violations'],
      iframes: false,
    });
    return result.violations.map(function (v) {
      return {
        rule: v.id,
        impact: v.impact || null,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map(function (n) {
          return {
            target: n.target.map(function (t) { return Array.isArray(t) ? t.join(' >>> ') : String(t); }).join(' | '),
            summary: String(n.failureSummary || '').replace(/\\s+/g, ' ').trim(),
            html: String(n.html || '').replace(/\\s+/g, ' ').slice(0, 240),
          };
        }),
      };
    });
  })()`;
  return (await target.evaluate(script)) as AxeViolation[];
}

/** Violations as lines a failure message can show: rule, impact, what, and each element. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  if (violations.length === 0) return 'no violations';
  return violations
    .map((v) =>
      [
        `${v.rule} (${v.impact ?? 'no impact'}): ${v.help} — ${v.helpUrl}`,
        ...v.nodes.map((n) => `    at ${n.target}\n      ${n.summary}\n      ${n.html}`),
      ].join('\n'),
    )
    .join('\n');
}

export type ControlName = {
  control: string;
  name: string | undefined;
  disabled: boolean;
  /** a radio button after the first of its group: the group is one Tab stop */
  inRadioGroup?: boolean;
};

// Marks every visible control of a document (button, select, input, textarea, summary, link)
// with a numbered attribute and describes it; plain JavaScript (see READ_SURFACE).
const PROBE_ATTR = 'data-e2e-a11y-probe';
const MARK_CONTROLS = `(() => {
  const selector = 'button, select, textarea, summary, a[href], input:not([type="hidden"]), [role="button"], [tabindex]:not([tabindex="-1"])';
  const out = [];
  const radioGroups = new Set();
  let n = 0;
  for (const el of Array.from(document.querySelectorAll(selector))) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    // A group of radio buttons is one Tab stop (arrows move inside it): count its first only.
    let inGroup = false;
    if (el.tagName === 'INPUT' && el.type === 'radio' && el.name) {
      inGroup = radioGroups.has(el.name);
      radioGroups.add(el.name);
    }
    n += 1;
    el.setAttribute('${PROBE_ATTR}', String(n));
    const dealside = el.getAttribute('data-dealside');
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
    out.push({
      id: String(n),
      disabled: el.matches(':disabled'),
      inRadioGroup: inGroup,
      control: '<' + el.tagName.toLowerCase() + (el.type && el.tagName === 'INPUT' ? ' type=' + el.type : '') + (dealside ? ' data-dealside=' + dealside : '') + '>' + (text ? ' "' + text + '"' : ''),
    });
  }
  return out;
})()`;
const UNMARK_CONTROLS = `document.querySelectorAll('[${PROBE_ATTR}]').forEach(function (el) { el.removeAttribute('${PROBE_ATTR}'); })`;

/**
 * The name Chromium's accessibility tree (what a screen reader reads) gives every visible button,
 * select, input, textarea, summary and link of a page or of a frame (the in-page sidebar's iframe,
 * reached through its page's tree). Controls missing from the tree come back without a name.
 */
export async function controlNames(target: Page | Frame): Promise<ControlName[]> {
  const controls = (await target.evaluate(MARK_CONTROLS)) as { id: string; control: string; disabled: boolean; inRadioGroup: boolean }[];
  try {
    const page = 'mainFrame' in target ? target : target.page();
    const tree = await page.accessibility.snapshot({ interestingOnly: true, includeIframes: page !== target });
    const names = new Map<string, string>();
    const walk = async (node: SerializedAXNode | null | undefined): Promise<void> => {
      if (!node) return;
      if (node.role !== 'StaticText' && node.role !== 'RootWebArea' && node.role !== 'WebArea') {
        const handle = await node.elementHandle().catch(() => null);
        if (handle) {
          const id = await handle.evaluate((el, attr) => (el instanceof Element ? el.getAttribute(attr) : null), PROBE_ATTR).catch(() => null);
          await handle.dispose();
          if (id) names.set(id, (node.name ?? '').trim());
        }
      }
      for (const child of node.children ?? []) await walk(child);
    };
    await walk(tree);
    return controls.map((c) => ({ control: c.control, name: names.get(c.id), disabled: c.disabled, inRadioGroup: c.inRadioGroup }));
  } finally {
    await target.evaluate(UNMARK_CONTROLS).catch(() => {});
  }
}

/** Controls a screen reader would announce without a name, as failure-message lines. */
export function unnamed(names: readonly ControlName[]): string[] {
  return names.filter((c) => !c.name).map((c) => `${c.control}: ${c.name === undefined ? 'not in the accessibility tree' : 'empty name'}`);
}

export type FocusStop = {
  control: string;
  focusVisible: boolean;
  outline: string;
};

// The focused element of a document and how its focus is drawn; null when the document has no
// focused control. Plain JavaScript (see READ_SURFACE).
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.hasAttribute('data-e2e-focus-id')) el.setAttribute('data-e2e-focus-id', String(document.querySelectorAll('[data-e2e-focus-id]').length + 1));
  // A visually hidden control (e.g. a file input inside its label) shows its focus on the label.
  const box = el.getBoundingClientRect();
  const drawn = (box.width <= 1 || box.height <= 1) && el.closest('label') ? el.closest('label') : el;
  const s = getComputedStyle(drawn);
  const dealside = el.getAttribute('data-dealside');
  const text = (el.textContent || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
  return {
    id: el.getAttribute('data-e2e-focus-id'),
    control: '<' + el.tagName.toLowerCase() + (dealside ? ' data-dealside=' + dealside : '') + '>' + (text ? ' "' + text + '"' : ''),
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: s.outlineStyle,
    outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineColor: s.outlineColor,
    outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
  };
})()`;

/**
 * Walks a surface with the Tab key, as a keyboard user does, and returns every control that took
 * focus without a visible focus-visible outline (at least 2px, not transparent). `start` puts
 * focus at the surface's start (e.g. a click on its header; by default the document's body takes
 * focus, so Tab starts at the first control); the walk ends when focus leaves the document or
 * comes back to a control it already visited.
 */
export async function focusWithoutOutline(
  page: Page,
  target: Page | Frame,
  { start, maxStops = 400 }: { start?: () => Promise<void>; maxStops?: number } = {},
): Promise<{ stops: number; problems: string[] }> {
  await page.bringToFront();
  if (start) await start();
  else await target.evaluate(`(() => { const b = document.body; b.setAttribute('tabindex', '-1'); b.focus(); b.removeAttribute('tabindex'); })()`);
  const seen = new Set<string>();
  const problems: string[] = [];
  let previous: string | undefined;
  let stops = 0;
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    const focused = (await target.evaluate(FOCUSED)) as
      | (FocusStop & { id: string; outlineStyle: string; outlineWidth: number; outlineColor: string })
      | null;
    if (!focused) {
      if (stops > 0) break; // focus left the surface
      continue; // still in the page around the surface (e.g. a CRM page's own links)
    }
    if (focused.id === previous) continue; // a date input's fields take several Tabs
    if (seen.has(focused.id)) break; // wrapped around
    seen.add(focused.id);
    previous = focused.id;
    stops += 1;
    const visible =
      focused.focusVisible &&
      focused.outlineStyle !== 'none' &&
      focused.outlineWidth >= 2 &&
      !/rgba\([^)]*,\s*0\)|transparent/.test(focused.outlineColor);
    if (!visible) problems.push(`${focused.control}: ${focused.focusVisible ? '' : 'not :focus-visible; '}outline ${focused.outline}`);
  }
  await target.evaluate(`document.querySelectorAll('[data-e2e-focus-id]').forEach(function (el) { el.removeAttribute('data-e2e-focus-id'); })`).catch(() => {});
  return { stops, problems };
}
