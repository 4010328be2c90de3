// `npx tsx scripts/screenshots/account.ts`: the account manager's sidebar on a demo customer
// (Iberia Logística's HubSpot company page) at 1440×900, in English and Spanish: the first glance,
// then the account section scrolled to health and trend, and to the whitespace matrix with its next
// actions. Builds the extension (DEALSIDE_SKIP_BUILD=1 reuses .output/chrome-mv3); PNGs go to
// test-output/screenshots/account-*.png, for a person to look at.
import path from 'node:path';
import { ROOT, buildExtension, findChromium, launchWithExtension, openFixturePage, waitForSidebarFrame } from '../../tests/e2e/harness';

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
      for (const [name, selector] of [['health', '[data-dealside="account-health"]'], ['matrix', '[data-dealside="account-whitespace"]']] as const) {
        await frame.$eval(selector, (el) => el.scrollIntoView({ block: 'start' }));
        await new Promise((r) => setTimeout(r, 300));
        await shot(name);
      }
    } finally {
      await launched.close();
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
