// End-to-end harness: Finding Chromium, building the extension, launching Chromium with it, and the tabs it has open.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { fileURLToPath } from 'node:url';
import { findOrInstallBrowser } from '../../browsers';
import type { Browser, Page, WebWorker } from 'puppeteer-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
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

/** Every browser this process launched and has not closed (for screenshots and clean-up). */
export const openBrowsers = new Set<Browser>();

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

/**
 * Stops the extension's service worker and waits until Chromium says it has stopped, so the next
 * page wakes a fresh one (no match index in memory). puppeteer's `worker.close()` did not always
 * stop it under load; this is the bench's way (scripts/bench/pageLoad.ts `watchWorker`): the
 * worker's own DevTools session detached (a worker with a debugger attached is not stopped), then
 * ServiceWorker.stopWorker over a page's session until every version of ours is stopped.
 */
export async function stopExtensionWorker(launched: Launched, timeoutMs = 30_000): Promise<void> {
  await launched.worker.client.detach().catch(() => {});
  const page = await launched.browser.newPage();
  try {
    const session = await page.createCDPSession();
    type Version = { versionId: string; scriptURL: string; runningStatus: string };
    const status = new Map<string, string>();
    session.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
      for (const v of e.versions) if (v.scriptURL.startsWith(`chrome-extension://${launched.extensionId}/`)) status.set(v.versionId, v.runningStatus);
    });
    await session.send('ServiceWorker.enable');
    const until = async (what: string, ok: () => boolean) => {
      const deadline = Date.now() + timeoutMs;
      while (!ok()) {
        if (Date.now() > deadline) throw new Error(`the extension's service worker did not ${what} within ${timeoutMs} ms (${JSON.stringify([...status.values()])})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until('show up', () => status.size > 0);
    for (const [versionId, running] of status) if (running !== 'stopped') await session.send('ServiceWorker.stopWorker', { versionId });
    await until('stop', () => [...status.values()].every((s) => s === 'stopped'));
    await session.detach().catch(() => {});
  } finally {
    await page.close().catch(() => {});
  }
}
