// `npm run demo`: build Dealside, open Chromium with it on the demo pages — a HubSpot contact with
// the in-page sidebar, María José García López's LinkedIn profile with the side panel page beside
// it, Ana Belén Soto's profile (not in the CRM), the HubSpot company of a customer (health, renewal,
// whitespace for the account manager) and the options page — write PNG screenshots to
// demo-output/ and print what each surface shows. Fixture pages are served at their real URLs by
// request interception; nothing reaches the internet.
//
// With a display (DISPLAY set) the windows stay open until Ctrl+C; otherwise Chromium runs
// headless and closes at the end.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  PAGES,
  ROOT,
  buildExtension,
  describeSurface,
  findChromium,
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  readSurface,
  savePng,
  tabIdOf,
  waitForSidebarFrame,
  waitForSurface,
  type Launched,
  type SurfaceView,
} from '../tests/e2e/harness';

const OUT = path.join(ROOT, 'demo-output');
const PAGE_WIDTH = 1040;
const PANEL_WIDTH = 400;
const HEIGHT = 900;

const COMPANY_URL = 'https://app.hubspot.com/contacts/4481234/record/0-2/90001';

const ROUTES = {
  [COMPANY_URL]: 'hubspot/company-90001.html',
  [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture,
  [PAGES.hubspot51002.url]: PAGES.hubspot51002.fixture,
  [PAGES.hubspot51003.url]: PAGES.hubspot51003.fixture,
  [PAGES.linkedinMaria.url]: PAGES.linkedinMaria.fixture,
  [PAGES.linkedinAna.url]: PAGES.linkedinAna.fixture,
  [PAGES.linkedinJuanCarlos.url]: PAGES.linkedinJuanCarlos.fixture,
};

const problems: string[] = [];

/** Waits for the expected view; on timeout, reports it and returns what the surface shows. */
async function expectView(
  label: string,
  read: () => Promise<SurfaceView>,
  wait: () => Promise<SurfaceView>,
): Promise<SurfaceView> {
  try {
    return await wait();
  } catch (error) {
    problems.push(`${label}: ${error instanceof Error ? error.message.split('. Last seen')[0] : String(error)}`);
    return read().catch(() => ({ cards: [], text: '' }) as SurfaceView);
  }
}

/** A side-by-side PNG of a page and its side panel, the way the browser shows them. */
async function sideBySide(launched: Launched, left: Page, right: Page, name: string): Promise<string> {
  // A background tab renders no frames: bring each to the front before its screenshot.
  await left.bringToFront();
  const a = await left.screenshot({ encoding: 'base64' });
  await right.bringToFront();
  const b = await right.screenshot({ encoding: 'base64' });
  const canvas = await launched.browser.newPage();
  await canvas.setViewport({ width: PAGE_WIDTH + PANEL_WIDTH + 1, height: HEIGHT });
  await canvas.setContent(
    `<!doctype html><html><body style="margin:0;display:flex;background:#c7c7c7;gap:1px">` +
      `<img style="width:${PAGE_WIDTH}px;height:auto;align-self:flex-start" src="data:image/png;base64,${a}">` +
      `<img style="width:${PANEL_WIDTH}px;height:auto;align-self:flex-start" src="data:image/png;base64,${b}">` +
      `</body></html>`,
    { waitUntil: 'load' },
  );
  const file = await savePng(canvas, OUT, name);
  await canvas.close();
  return file;
}

async function openProfileWithPanel(launched: Launched, url: string, headless: boolean, left: number) {
  const { page } = await openFixturePage(launched.browser, url, ROUTES, {
    newWindow: !headless,
    windowBounds: { left, top: left, width: PAGE_WIDTH, height: HEIGHT },
  });
  const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
  // The side panel page for that tab, in a narrow window beside it.
  const panel = headless
    ? await launched.browser.newPage()
    : await launched.browser.newPage({
        type: 'window',
        windowBounds: { left: left + PAGE_WIDTH, top: left, width: PANEL_WIDTH, height: HEIGHT },
      });
  if (headless) {
    await page.setViewport({ width: PAGE_WIDTH, height: HEIGHT });
    await panel.setViewport({ width: PANEL_WIDTH, height: HEIGHT });
  }
  await panel.goto(launched.extensionUrl(`sidepanel.html?tab=${tabId}`), { waitUntil: 'load' });
  return { page, panel, tabId };
}

async function main(): Promise<number> {
  const headless = !process.env.DISPLAY;
  const chromium = findChromium();
  const dir = buildExtension();
  fs.mkdirSync(OUT, { recursive: true });
  console.log(`Dealside demo — Chromium ${chromium}, ${headless ? 'headless' : `window on DISPLAY=${process.env.DISPLAY}`}`);
  console.log(`Extension: ${path.relative(ROOT, dir)}\n`);

  const launched = await launchWithExtension(dir, { headless, executablePath: chromium, width: 1440, height: HEIGHT });
  const stop = async (code: number) => {
    await launched.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const written: string[] = [];

  // 1. HubSpot contact 51001 with the in-page sidebar.
  const { page: hubspot } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
  const [blank] = (await launched.browser.pages()).filter((p) => p.url() === 'about:blank');
  await blank?.close();
  const frame = await waitForSidebarFrame(hubspot, 30_000);
  const hubspotView = await expectView(
    'HubSpot sidebar',
    () => readSurface(frame),
    () => waitForSurface(frame, (v) => v.entityName === 'María José García López' && v.cards.length > 0, { timeoutMs: 30_000 }),
  );
  written.push(await savePng(hubspot, OUT, 'hubspot-contact'));

  // 2. María José's LinkedIn profile, the side panel page beside it.
  const maria = await openProfileWithPanel(launched, PAGES.linkedinMaria.url, headless, 0);
  const mariaView = await expectView(
    'LinkedIn side panel (María José)',
    () => readSurface(maria.panel),
    () => waitForSurface(maria.panel, (v) => v.entityName === 'María José García López' && v.cards.length > 0),
  );
  written.push(await sideBySide(launched, maria.page, maria.panel, 'linkedin-sidepanel'));

  // 3. Ana Belén Soto: in no CRM.
  const ana = await openProfileWithPanel(launched, PAGES.linkedinAna.url, headless, 60);
  const anaView = await expectView(
    'LinkedIn side panel (Ana Belén)',
    () => readSurface(ana.panel),
    () => waitForSurface(ana.panel, (v) => v.entityName === 'Ana Belén Soto' && v.verdict !== undefined),
  );
  written.push(await sideBySide(launched, ana.page, ana.panel, 'linkedin-new-person'));

  // 4. The account manager on a customer's HubSpot company page: health, renewal, whitespace.
  const { page: company } = await openFixturePage(launched.browser, COMPANY_URL, ROUTES);
  const companyFrame = await waitForSidebarFrame(company, 30_000);
  let accountSummary = '  (the account panel did not appear)';
  try {
    await companyFrame.waitForSelector('[data-dealside="account-360"]', { timeout: 30_000 });
    // Plain data out of the page (no helper functions inside evaluate: the bundler renames them).
    const data = await companyFrame.evaluate(() => {
      document.querySelector('[data-dealside="account-360"]')?.scrollIntoView();
      return {
        score: document.querySelector('[data-dealside="health-score"]')?.textContent?.trim() ?? '',
        band: document.querySelector('[data-dealside="health-band"]')?.textContent?.trim() ?? '',
        signals: [...document.querySelectorAll('[data-dealside="health-signal"]')].map((e) => (e.textContent ?? '').trim()),
        phase: document.querySelector('[data-dealside="account-renewal"]')?.getAttribute('data-phase') ?? '—',
        action: document.querySelector('[data-dealside="renewal-action"]')?.textContent?.trim() ?? '',
        owned: [...document.querySelectorAll('[data-dealside="owned-product"]')].map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
        open: [...document.querySelectorAll('[data-dealside="whitespace-item"]')].map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
      };
    });
    accountSummary = [
      `  health:        ${data.score} — ${data.band}`,
      ...data.signals.map((sig) => `                 ${sig}`),
      `  renewal:       ${data.phase} ${data.action}`,
      `  owns:          ${data.owned.join('; ')}`,
      `  whitespace:    ${data.open.slice(0, 3).join('; ')}`,
    ].join('\n');
  } catch (error) {
    problems.push(`account panel: ${error instanceof Error ? error.message : String(error)}`);
  }
  written.push(await savePng(company, OUT, 'hubspot-account'));

  // 5. The options page: the demo workspace.
  const { page: options } = await openExtensionPage(launched, 'options.html', { newWindow: !headless });
  if (headless) await options.setViewport({ width: 1100, height: 700 });
  await options.waitForSelector('[data-dealside="count-people"]', { timeout: 30_000 }).catch(() => problems.push('options: no counts'));
  const [mode, accounts, people, deals, activities] = await options.evaluate(
    (keys: string[]) => keys.map((key) => document.querySelector(`[data-dealside="${key}"]`)?.textContent?.trim() ?? '?'),
    ['workspace-mode', 'count-accounts', 'count-people', 'count-deals', 'count-activities'],
  );
  const counts = { mode, accounts, people, deals, activities };
  written.push(await savePng(options, OUT, 'options'));

  console.log(`HubSpot contact 51001 — in-page sidebar (${PAGES.hubspot51001.url})`);
  console.log(describeSurface(hubspotView));
  console.log(`\nLinkedIn ${PAGES.linkedinMaria.url} — side panel for tab ${maria.tabId}`);
  console.log(describeSurface(mariaView));
  console.log(`\nLinkedIn ${PAGES.linkedinAna.url} — side panel for tab ${ana.tabId}`);
  console.log(describeSurface(anaView));
  console.log(`\nHubSpot company 90001 — the account manager's panel (${COMPANY_URL})`);
  console.log(accountSummary);
  console.log(`\nOptions — ${counts.mode}: ${counts.accounts} accounts, ${counts.people} contacts and leads, ${counts.deals} deals, ${counts.activities} activities`);
  console.log(`\nScreenshots:\n${written.map((f) => `  ${path.relative(ROOT, f)}`).join('\n')}`);
  if (problems.length) console.log(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  if (headless) {
    await launched.close();
    return problems.length ? 1 : 0;
  }
  await hubspot.bringToFront();
  console.log('\nThe browser stays open; press Ctrl+C to close it.');
  launched.browser.on('disconnected', () => process.exit(0));
  await new Promise<never>(() => {});
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
