// `npx tsx scripts/screenshots/connections.ts`: the README's picture of Options → Connections.
// Builds the extension (DEALSIDE_SKIP_BUILD=1 reuses .output/chrome-mv3), opens options.html in
// headless Chromium at 1440×900 in English (DEALSIDE_LANG=es-ES for Spanish, written beside it),
// opens the connect form of every CRM, and saves the Connections section as
// docs/screenshot-connections.png.
import path from 'node:path';
import { ROOT, buildExtension, findChromium, launchWithExtension, openExtensionPage } from '../../tests/e2e/harness';
import { runScript, saveSection } from './run';

const LANG = process.env.DEALSIDE_LANG === 'es-ES' ? 'es-ES' : 'en-US';
const OUT = path.join(ROOT, LANG === 'en-US' ? 'docs/screenshot-connections.png' : 'test-output/screenshots/connections-es.png');
const SYSTEMS = ['hubspot', 'salesforce', 'pipedrive', 'dynamics', 'zoho'];

async function main(): Promise<void> {
  const launched = await launchWithExtension(buildExtension(), { executablePath: findChromium(), lang: LANG, width: 1440, height: 900 });
  try {
    const { page } = await openExtensionPage(launched, 'options.html');
    await page.setViewport({ width: 1440, height: 900 });
    await page.waitForFunction((n) => document.querySelectorAll('[data-dealside="connection"]').length === n, { timeout: 30_000 }, SYSTEMS.length);
    // Not connected, each card shows "Connect…": open every form so their inputs show.
    for (const system of SYSTEMS) {
      await page.click(`[data-dealside="connection"][data-system="${system}"] [data-dealside="connect-open"]`);
      await page.waitForSelector(`[data-dealside="connect-form"][data-system="${system}"]`, { timeout: 10_000 });
    }
    // The sign-in set-up loads on its own: wait until its hint is there, so the picture is final.
    await page.waitForSelector('[data-dealside="sign-in"][data-system="salesforce"] p', { timeout: 10_000 });
    const section = await page.waitForSelector('section:has([data-dealside="connection"])', { timeout: 10_000 });
    if (!section) throw new Error('Options → Connections did not appear.');
    await saveSection(section, OUT);
  } finally {
    await launched.close();
  }
}

runScript(main);
