// The Firefox end-to-end harness: find (or install) Firefox ESR, build the Firefox extension, launch
// Firefox through WebDriver BiDi (puppeteer-core, `browser: 'firefox'`) with the build installed as
// a temporary add-on, and serve fixture pages at their real CRM URLs by request interception,
// aborting everything else. Firefox gives puppeteer no background target and no way to open a
// moz-extension:// page with page.goto: tests read the extension through the pages it draws into.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Frame, HTTPRequest, Page } from 'puppeteer-core';
import { FIXTURES_DIR, ROOT } from '../e2e/harness';
import { findOrInstallBrowser } from '../browsers';

export const FIREFOX_EXTENSION_DIR = path.join(ROOT, '.output/firefox-mv3');

const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/**
 * Firefox to drive: $FIREFOX_PATH, else Debian's firefox-esr (or firefox). When none is there and
 * we are root with apt-get, installs Debian's `firefox-esr` (saying so); otherwise throws, saying
 * plainly that Firefox is missing and how to install it.
 */
export function findFirefox(): string {
  return findOrInstallBrowser({
    name: 'Firefox',
    envVar: 'FIREFOX_PATH',
    candidates: FIREFOX_CANDIDATES,
    debPackage: 'firefox-esr',
    suite: 'the Firefox tests',
    missing: 'FIREFOX COULD NOT BE INSTALLED',
  });
}

/** Builds the Firefox extension (`npx wxt build -b firefox`) unless DEALSIDE_SKIP_BUILD=1. */
export function buildFirefoxExtension(): string {
  const manifest = path.join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (process.env.DEALSIDE_SKIP_BUILD !== '1') {
    console.log('Building the Firefox extension (npx wxt build -b firefox) …');
    // The production build, as shipped: vitest's NODE_ENV=test would give React's development build.
    const env = { ...process.env };
    delete env.NODE_ENV;
    const run = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, encoding: 'utf8', env });
    if (run.status !== 0) {
      process.stdout.write(run.stdout ?? '');
      process.stderr.write(run.stderr ?? '');
      throw new Error(`\`npx wxt build -b firefox\` failed with exit code ${run.status}.`);
    }
  }
  if (!fs.existsSync(manifest)) throw new Error(`No ${manifest}: run \`npm run build:firefox\` first.`);
  return FIREFOX_EXTENSION_DIR;
}

export type FirefoxLaunched = { browser: Browser; addonId: string; close: () => Promise<void> };

/** Headless Firefox with the extension installed as a temporary add-on, in a fresh profile. */
export async function launchFirefox(executablePath: string, extensionDir: string): Promise<FirefoxLaunched> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width: 1440, height: 900 },
    // Nothing may leave the machine: no updates, telemetry, remote settings or captive-portal checks.
    extraPrefsFirefox: {
      'intl.accept_languages': 'en-US, en',
      'intl.locale.requested': 'en-US',
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'extensions.getAddons.cache.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'browser.safebrowsing.downloads.enabled': false,
    },
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  try {
    const addonId = await browser.installExtension(extensionDir);
    return { browser, addonId, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A page that answers the given URLs with fixture files and aborts every other http(s) request
 * (recorded in `aborted`); the extension's own moz-extension:// loads pass.
 */
export async function openFixturePageInFirefox(
  browser: Browser,
  url: string,
  routes: Record<string, string>,
): Promise<{ page: Page; aborted: string[] }> {
  const page = await browser.newPage();
  const aborted: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const target = request.url();
    if (/^(moz-extension|data|blob|about):/.test(target)) return void request.continue().catch(() => {});
    const fixture = request.method() === 'GET' ? routes[target] : undefined;
    if (fixture) {
      return void request
        .respond({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Cache-Control': 'no-store' }, body: fs.readFileSync(path.join(FIXTURES_DIR, fixture)) })
        .catch(() => {});
    }
    aborted.push(target);
    void request.abort().catch(() => {});
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, aborted };
}

/**
 * The in-page sidebar's frame. Firefox's BiDi reports an extension frame's URL as about:blank, so
 * the frame is found by asking each one where it is.
 */
export async function waitForFirefoxSidebarFrame(page: Page, timeoutMs = 90_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (/^moz-extension:\/\/[^/]+\/sidebar\.html/.test(href)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`No sidebar frame on ${page.url()} after ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
