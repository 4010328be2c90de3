// `npx tsx scripts/screenshots/frameworks.ts`: MEDDICC in the rep's sidebar (María José García
// López's HubSpot contact, her deal Iberia Logística) at 1440×900, in English and Spanish: Options →
// Qualification framework set to MEDDICC, the header with the seven elements and the question to
// ask now, and the Metrics editor open. Builds the extension (DEALSIDE_SKIP_BUILD=1 reuses
// .output/chrome-mv3); PNGs go to test-output/screenshots/frameworks-*.png, for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import { PAGES, ROOT, buildExtension, findChromium, launchWithExtension, openFixturePage, waitForSidebarFrame } from '../../tests/e2e/harness';

const OUT = path.join(ROOT, 'test-output/screenshots');
const settle = () => new Promise((r) => setTimeout(r, 300));

async function main(): Promise<void> {
  const dir = buildExtension();
  fs.mkdirSync(OUT, { recursive: true });
  for (const lang of ['en-US', 'es-ES'] as const) {
    const launched = await launchWithExtension(dir, { executablePath: findChromium(), lang, width: 1440, height: 900 });
    try {
      const options = await launched.browser.newPage();
      await options.setViewport({ width: 1440, height: 900 });
      await options.goto(launched.extensionUrl('options.html'));
      await options.waitForSelector('[data-dealside="framework-default"]', { timeout: 30_000 });
      await options.select('[data-dealside="framework-default"]', 'meddicc');
      await options.select('[data-dealside="framework-segment"][data-segment="smb"]', 'champ');
      await options.click('[data-dealside="framework-save"]');
      await options.waitForSelector('[data-dealside="framework-saved"]', { timeout: 30_000 });
      await options.$eval('[data-dealside="framework-choice"]', (el) => el.closest('section')?.scrollIntoView({ block: 'center' }));
      await settle();
      const shot = async (page: typeof options, name: string) => {
        const file = path.join(OUT, `frameworks-${name}-${lang}.png`) as `${string}.png`;
        await page.screenshot({ path: file });
        console.log(`Wrote ${path.relative(ROOT, file)}`);
      };
      await shot(options, 'options');
      await options.close();

      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture });
      await page.setViewport({ width: 1440, height: 900 });
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="framework-strip"][data-framework="meddicc"]', { timeout: 30_000 });
      await settle();
      await shot(page, 'sidebar');
      await frame.click('[data-dealside="entity-name"]');
      await page.keyboard.press('m');
      await frame.waitForSelector('[data-dealside="bant-editor"][data-letter="metrics"]', { timeout: 30_000 });
      await settle();
      await shot(page, 'editor');
      await page.keyboard.press('?');
      await frame.waitForSelector('[data-dealside="shortcut-sheet"]', { timeout: 30_000 });
      await frame.$eval('[data-dealside="shortcut-sheet"]', (el) => el.scrollIntoView({ block: 'center' }));
      await settle();
      await shot(page, 'keys');
    } finally {
      await launched.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
