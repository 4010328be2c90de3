// `npx tsx scripts/screenshots/connections.ts`: the README's picture of Options → Connections.
// Builds the extension (DEALSIDE_SKIP_BUILD=1 reuses .output/chrome-mv3), opens options.html in
// headless Chromium at 1440×900 in English, opens the connect form of HubSpot, Salesforce and
// Pipedrive, and saves the Connections section as docs/screenshot-connections.png.
import path from 'node:path';
import { ROOT, buildExtension, findChromium, launchWithExtension, openExtensionPage } from '../../tests/e2e/harness';

const OUT = path.join(ROOT, 'docs/screenshot-connections.png');

async function main(): Promise<void> {
  const launched = await launchWithExtension(buildExtension(), { executablePath: findChromium(), lang: 'en-US', width: 1440, height: 900 });
  try {
    const { page } = await openExtensionPage(launched, 'options.html');
    await page.setViewport({ width: 1440, height: 900 });
    await page.waitForFunction(() => document.querySelectorAll('[data-dealside="connection"]').length === 3, { timeout: 30_000 });
    // Not connected, each card shows "Connect…": open the three forms so their inputs show.
    for (const system of ['hubspot', 'salesforce', 'pipedrive']) {
      await page.click(`[data-dealside="connection"][data-system="${system}"] [data-dealside="connect-open"]`);
      await page.waitForSelector(`[data-dealside="connect-form"][data-system="${system}"]`, { timeout: 10_000 });
    }
    // The sign-in set-up loads on its own: wait until its hint is there, so the picture is final.
    await page.waitForSelector('[data-dealside="sign-in"][data-system="salesforce"] p', { timeout: 10_000 });
    const section = await page.waitForSelector('section:has([data-dealside="connection"])', { timeout: 10_000 });
    if (!section) throw new Error('Options → Connections did not appear.');
    await section.scrollIntoView();
    await section.screenshot({ path: OUT as `${string}.png` });
    console.log(`Wrote ${path.relative(ROOT, OUT)}`);
  } finally {
    await launched.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
