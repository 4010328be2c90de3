// `npm run demo`: build Dealside, open Chromium with it on the demo workspace, and show the three
// moments it is built for, in English and in Spanish:
//   - the rep on a call: a HubSpot contact with an open deal (in-page sidebar);
//   - the SDR before outreach: Ana Belén Soto's LinkedIn profile, not in the CRM (side panel), and
//     María José García López's, who is;
//   - the account manager: the HubSpot company page of a customer (in-page sidebar);
// plus the rep's moment in the dark theme, the options page and the toolbar popup. PNGs go to
// demo-output/ and what each first glance says is printed. Fixture pages are served at their real
// URLs by request interception; nothing reaches the internet.
//
// With a display (DISPLAY set) the English windows stay open until Ctrl+C; otherwise Chromium runs
// headless and closes at the end.
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import {
  PAGES,
  ROOT,
  buildExtension,
  findChromium,
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  savePng,
  tabIdOf,
  waitForSidebarFrame,
  type Lang,
  type Launched,
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
const written: string[] = [];
const report: string[] = [];

/** What the first-glance header says, read from its DESIGN.md contract 5 names. */
const READ_HEADER = `(() => {
  const header = document.querySelector('[data-dealside="moment-header"]');
  if (!header) return null;
  const text = (sel) => { const el = header.querySelector(sel); return el ? el.textContent.replace(/\\s+/g, ' ').trim() : undefined; };
  const score = header.querySelector('[data-dealside="score"]');
  const health = header.querySelector('[data-dealside="health"]');
  const verdict = header.querySelector('[data-dealside="verdict"]');
  return {
    moment: header.getAttribute('data-moment'),
    name: text('[data-dealside="entity-name"]'),
    subtitle: text('[data-dealside="entity-subtitle"]'),
    subject: text('[data-dealside="qualification-subject"]'),
    stage: text('[data-dealside="stage"]'),
    score: score ? score.textContent + ' (' + score.getAttribute('data-band') + ', read against ' + score.getAttribute('data-scale') + ')' : undefined,
    bant: Array.from(header.querySelectorAll('[data-dealside="bant-letter"]')).map((el) => el.getAttribute('data-letter') + ' ' + el.getAttribute('data-status')).join(', ') || undefined,
    question: text('[data-dealside="next-question"]'),
    clock: text('[data-dealside="response-clock"]'),
    verdict: verdict ? verdict.getAttribute('data-verdict') + ': ' + verdict.textContent.replace(/\\s+/g, ' ').trim() : undefined,
    company: text('[data-dealside="company-verdict"]'),
    health: health ? health.textContent.replace(/\\s+/g, ' ').trim() : undefined,
    renewal: text('[data-dealside="renewal"]'),
    keyAccount: text('[data-dealside="key-account-glance"]'),
    whitespace: text('[data-dealside="top-whitespace"]'),
    bottom: Math.round(header.getBoundingClientRect().bottom),
  };
})()`;

type Header = Record<string, string | number | undefined> & { moment?: string; bottom?: number };

async function header(target: Page | Frame, label: string): Promise<Header | undefined> {
  try {
    await target.waitForSelector('[data-dealside="moment-header"]', { timeout: 60_000 });
    // Let the header settle (the view is refetched once the page's record is read).
    await new Promise((r) => setTimeout(r, 500));
    return (await target.evaluate(READ_HEADER)) as Header;
  } catch (error) {
    problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function describe(label: string, h: Header | undefined) {
  report.push(`\n${label}`);
  if (!h) return report.push('  (no header)');
  for (const [key, value] of Object.entries(h)) {
    if (value !== undefined && value !== null && key !== 'bottom') report.push(`  ${key.padEnd(11)} ${value}`);
  }
  report.push(`  ${'fits'.padEnd(11)} header ends at ${h.bottom}px of ${HEIGHT}px`);
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

/** The three moments in one language; the English run adds dark, options and the popup. */
async function moments(dir: string, chromium: string, lang: Lang, headless: boolean): Promise<Launched> {
  const suffix = lang === 'es-ES' ? 'es' : 'en';
  const launched = await launchWithExtension(dir, { headless, executablePath: chromium, width: 1440, height: HEIGHT, lang });

  // The rep on a call: María José's HubSpot contact page, with the deal she is on.
  const { page: contact } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
  const [blank] = (await launched.browser.pages()).filter((p) => p.url() === 'about:blank');
  await blank?.close();
  const repFrame = await waitForSidebarFrame(contact, 60_000);
  describe(`[${suffix}] The rep on a call — HubSpot contact (${PAGES.hubspot51001.url})`, await header(repFrame, 'rep'));
  written.push(await savePng(contact, OUT, `rep-hubspot-contact-${suffix}`));

  // The SDR: someone new on LinkedIn, and someone already owned.
  const ana = await openProfileWithPanel(launched, PAGES.linkedinAna.url, headless, 40);
  describe(`[${suffix}] The SDR — LinkedIn, not in the CRM (${PAGES.linkedinAna.url})`, await header(ana.panel, 'sdr new'));
  written.push(await sideBySide(launched, ana.page, ana.panel, `sdr-linkedin-new-${suffix}`));
  const maria = await openProfileWithPanel(launched, PAGES.linkedinMaria.url, headless, 80);
  describe(`[${suffix}] The SDR — LinkedIn, in the CRM (${PAGES.linkedinMaria.url})`, await header(maria.panel, 'sdr in crm'));
  written.push(await sideBySide(launched, maria.page, maria.panel, `sdr-linkedin-in-crm-${suffix}`));

  // The account manager on a customer's company page.
  const { page: company } = await openFixturePage(launched.browser, COMPANY_URL, ROUTES);
  const amFrame = await waitForSidebarFrame(company, 60_000);
  describe(`[${suffix}] The account manager — HubSpot company (${COMPANY_URL})`, await header(amFrame, 'am'));
  written.push(await savePng(company, OUT, `am-hubspot-company-${suffix}`));

  if (lang === 'en-US') {
    // The rep's moment in the dark theme (the system setting).
    await contact.bringToFront();
    await contact.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await new Promise((r) => setTimeout(r, 300));
    written.push(await savePng(contact, OUT, 'rep-hubspot-contact-dark'));
    await contact.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);

    const { page: options } = await openExtensionPage(launched, 'options.html', { newWindow: !headless });
    if (headless) await options.setViewport({ width: 1100, height: HEIGHT });
    await options.waitForSelector('[data-dealside="count-people"]', { timeout: 60_000 }).catch(() => problems.push('options: no counts'));
    const [mode, accounts, people, deals] = await options.evaluate(
      (keys: string[]) => keys.map((key) => document.querySelector(`[data-dealside="${key}"]`)?.textContent?.trim() ?? '?'),
      ['workspace-mode', 'count-accounts', 'count-people', 'count-deals'],
    );
    report.push(`\nOptions — ${mode}: ${accounts} accounts, ${people} contacts and leads, ${deals} deals`);
    written.push(await savePng(options, OUT, 'options'));

    // The toolbar popup: "is it in the CRM?" for a surname typed there.
    const { page: popup } = await openExtensionPage(launched, 'popup.html');
    await popup.setViewport({ width: 320, height: 420 });
    await popup.waitForSelector('[data-dealside="quick-search"]', { timeout: 60_000 }).catch(() => problems.push('popup did not render'));
    await popup.type('[data-dealside="quick-search"]', 'García');
    await popup.waitForSelector('[data-dealside="quick-result"]', { timeout: 60_000 }).catch(() => problems.push('popup: no quick-search results'));
    written.push(await savePng(popup, OUT, 'popup'));
    await contact.bringToFront();
  }
  return launched;
}

async function main(): Promise<number> {
  const headless = !process.env.DISPLAY;
  const chromium = findChromium();
  const dir = buildExtension();
  fs.mkdirSync(OUT, { recursive: true });
  console.log(`Dealside demo — Chromium ${chromium}, ${headless ? 'headless' : `window on DISPLAY=${process.env.DISPLAY}`}`);
  console.log(`Extension: ${path.relative(ROOT, dir)}`);

  const spanish = await moments(dir, chromium, 'es-ES', true);
  await spanish.close();
  const english = await moments(dir, chromium, 'en-US', headless);
  const stop = async (code: number) => {
    await english.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  console.log(report.join('\n'));
  console.log(`\nScreenshots:\n${written.map((f) => `  ${path.relative(ROOT, f)}`).join('\n')}`);
  if (problems.length) console.log(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  if (headless) {
    await english.close();
    return problems.length ? 1 : 0;
  }
  console.log('\nThe browser stays open; press Ctrl+C to close it.');
  english.browser.on('disconnected', () => process.exit(0));
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
