// `npx tsx scripts/screenshots/account.ts`: the account manager's sidebar on a demo customer
// (Iberia Logística's HubSpot company page) at 1440×900, in English and Spanish: the first glance,
// then the key account with its plan, the account section scrolled to health and trend, and to the
// whitespace matrix with its next actions, the ABM section, the weekly review moved on with R,
// Options → Key accounts, and the side panel (360 px) with no record open running the review. Builds the extension (DEALSIDE_SKIP_BUILD=1 reuses .output/chrome-mv3); PNGs go to
// test-output/screenshots/account-*.png, for a person to look at.
import path from 'node:path';
import { ROOT, buildExtension, findChromium, launchWithExtension, openFixturePage, waitForSidebarFrame } from '../../tests/e2e/harness';
import { runScript } from './run';

const COMPANY = 'https://app.hubspot.com/contacts/4481234/record/0-2/90001';
const OUT = path.join(ROOT, 'test-output/screenshots');

async function main(): Promise<void> {
  const dir = buildExtension();
  for (const lang of ['en-US', 'es-ES'] as const) {
    const launched = await launchWithExtension(dir, { executablePath: findChromium(), lang, width: 1440, height: 900 });
    try {
      const { page } = await openFixturePage(launched.browser, COMPANY, { [COMPANY]: 'hubspot/company-90001.html' });
      await page.setViewport({ width: 1440, height: 900 });
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="whitespace-matrix"]', { timeout: 30_000 });
      const shot = async (name: string) => {
        const file = path.join(OUT, `account-${name}-${lang}.png`) as `${string}.png`;
        await page.screenshot({ path: file });
        console.log(`Wrote ${path.relative(ROOT, file)}`);
      };
      await shot('glance');
      for (const [name, selector] of [
        ['key-account', '[data-dealside="key-account"]'],
        ['key-plan', '[data-dealside="key-plan"]'],
        ['health', '[data-dealside="account-health"]'],
        ['matrix', '[data-dealside="account-whitespace"]'],
        ['abm', '[data-dealside="section"][data-section="abm"]'],
      ] as const) {
        await frame.$eval(selector, (el) => el.scrollIntoView({ block: 'start' }));
        await new Promise((r) => setTimeout(r, 300));
        await shot(name);
      }
      // the weekly review, one account on: R, as the account manager would press it
      await frame.waitForSelector('[data-dealside="review-next"]', { timeout: 30_000 });
      await frame.$eval('[data-dealside="section"][data-section="abm"] [data-dealside="section-toggle"]', (el) => (el as HTMLElement).focus());
      await page.keyboard.press('r');
      await frame.waitForSelector('[data-dealside="review-account-name"]', { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 300));
      await shot('review-next');
      const options = await launched.browser.newPage();
      await options.setViewport({ width: 1440, height: 900 });
      await options.goto(`chrome-extension://${launched.extensionId}/options.html`);
      await options.waitForSelector('[data-dealside="key-threshold"]:not([disabled])', { timeout: 30_000 });
      await options.$eval('[data-dealside="key-threshold-form"]', (el) => el.closest('section')?.scrollIntoView({ block: 'center' }));
      await new Promise((r) => setTimeout(r, 300));
      const file = path.join(OUT, `account-options-${lang}.png`) as `${string}.png`;
      await options.screenshot({ path: file });
      console.log(`Wrote ${path.relative(ROOT, file)}`);
      // the side panel with no record open: the weekly review alone, started with R
      const panel = await launched.browser.newPage();
      await panel.setViewport({ width: 360, height: 900 });
      await panel.goto(`chrome-extension://${launched.extensionId}/sidepanel.html`);
      await panel.waitForSelector('[data-dealside="weekly-review"] [data-dealside="review-next"]', { timeout: 30_000 });
      await panel.keyboard.press('r');
      await panel.waitForSelector('[data-dealside="review-account-name"]', { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 300));
      const panelFile = path.join(OUT, `account-review-panel-${lang}.png`) as `${string}.png`;
      await panel.screenshot({ path: panelFile });
      console.log(`Wrote ${path.relative(ROOT, panelFile)}`);
    } finally {
      await launched.close();
    }
  }
}

runScript(main);
