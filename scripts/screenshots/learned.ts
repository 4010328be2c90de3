// `npx tsx scripts/screenshots/learned.ts`: Options → the score that learns, on the demo workspace,
// at 1440×900 in English (DEALSIDE_LANG=es-ES for Spanish). Builds the extension
// (DEALSIDE_SKIP_BUILD=1 reuses .output/chrome-mv3), runs the fit and saves the report as
// test-output/screenshots/learned-score-<en|es>.png.
import path from 'node:path';
import { ROOT, buildExtension, clickUntil, findChromium, launchWithExtension, openExtensionPage } from '../../tests/e2e/harness';
import { runScript, saveSection } from './run';

const LANG = process.env.DEALSIDE_LANG === 'es-ES' ? 'es-ES' : 'en-US';
const OUT = path.join(ROOT, `test-output/screenshots/learned-score-${LANG === 'en-US' ? 'en' : 'es'}.png`);

async function main(): Promise<void> {
  const launched = await launchWithExtension(buildExtension(), { executablePath: findChromium(), lang: LANG, width: 1440, height: 900 });
  try {
    const { page } = await openExtensionPage(launched, 'options.html');
    await page.setViewport({ width: 1440, height: 900 });
    await page.waitForFunction(() => Number((document.querySelector('[data-dealside="count-people"]')?.textContent ?? '').replace(/\D/g, '')) > 0, { timeout: 60_000 });
    await clickUntil(page, '[data-dealside="learn-run"]', '[data-dealside="learn-report"], [data-dealside="learn-running"]');
    const report = await page.waitForSelector('[data-dealside="learn-report"]:has([data-dealside="learn-auc-fitted"])', { timeout: 120_000 });
    if (!report) throw new Error('the learned score report did not appear');
    const section = (await page.$('section:has([data-dealside="learn-report"])')) ?? report;
    await saveSection(section, OUT);
  } finally {
    await launched.close();
  }
}

runScript(main);
