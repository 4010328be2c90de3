// Issue #14's probes from a hostile page, kept in the suite: clickjacking (the page fades the
// in-page sidebar to nothing and puts a decoy under it; a click must not act), and framing
// (another page on a CRM host frames sidebar.html?tab=N for someone else's tab; it must not read it).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { PAGES, launchWithExtension, openFixturePage, tabIdOf, waitForSidebarFrame, withFailureScreenshot, type Launched } from './harness';

const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };

const actionKeys = (frame: Frame) => frame.$$eval('[data-dealside="next-action"]', (els) => els.map((e) => e.getAttribute('data-key') ?? ''));

/** A click where the user sees something on the page, at the centre of an element inside the sidebar frame. */
async function clickThrough(page: Page, frame: Frame, selector: string) {
  const box = await (await frame.$(selector))!.boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe('a hostile page', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('cannot click the sidebar it has faded out or covered: the click is ignored, and works again once it is visible', () =>
    withFailureScreenshot('attack-clickjacking', async () => {
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="next-action"] [data-dealside="action-dismiss"]', { timeout: 60_000 });
      const [first] = await actionKeys(frame);
      const dismiss = `[data-dealside="next-action"][data-key="${first}"] [data-dealside="action-dismiss"]`;
      await frame.$eval(dismiss, (el) => el.scrollIntoView({ block: 'center' }));

      // The page fades Dealside's host to nothing and draws a decoy button where "Dismiss" is.
      await page.evaluate(() => {
        const host = document.querySelector('dealside-sidebar') as HTMLElement;
        host.style.setProperty('opacity', '0');
      });
      await frame.waitForSelector('[data-dealside="paused"]', { timeout: 30_000 });
      await clickThrough(page, frame, dismiss);
      await new Promise((r) => setTimeout(r, 1000)); // the time a dismissal would take
      expect(await actionKeys(frame)).toContain(first);

      // Covered by something that lets clicks through: the same.
      await page.evaluate(() => {
        (document.querySelector('dealside-sidebar') as HTMLElement).style.removeProperty('opacity');
        const decoy = document.createElement('div');
        decoy.id = 'decoy';
        decoy.textContent = 'Win a prize!';
        decoy.style.cssText = 'position:fixed;inset:0;z-index:2147483647;pointer-events:none;background:#fff;';
        document.body.append(decoy);
      });
      await frame.waitForSelector('[data-dealside="paused"]', { timeout: 30_000 });
      await clickThrough(page, frame, dismiss);
      await new Promise((r) => setTimeout(r, 1000));
      expect(await actionKeys(frame)).toContain(first);

      // Visible again, as drawn: the same click works.
      await page.evaluate(() => document.getElementById('decoy')?.remove());
      await frame.waitForFunction(() => !document.querySelector('[data-dealside="paused"]'), { timeout: 30_000 });
      await clickThrough(page, frame, dismiss);
      await frame.waitForFunction((key) => !document.querySelector(`[data-dealside="next-action"][data-key="${key}"]`), { timeout: 30_000 }, first);
      await page.close();
    }));

  it('on a CRM host cannot frame the sidebar of another tab and read its record', () =>
    withFailureScreenshot('attack-framing', async () => {
      const { page: victim } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      await waitForSidebarFrame(victim);
      const victimTab = await tabIdOf(launched.worker, victim, 'https://app.hubspot.com/*');
      // A page of the same CRM host (say, a user's uploaded HTML file) frames sidebar.html for the victim's tab.
      const evilUrl = 'https://app.hubspot.com/evil/page';
      const page = await launched.browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (request.url() === evilUrl) {
          void request.respond({
            status: 200,
            contentType: 'text/html',
            body: `<!doctype html><title>evil</title><iframe id="x" style="width:400px;height:600px" src="chrome-extension://${launched.extensionId}/sidebar.html?tab=${victimTab}"></iframe>`,
          });
        } else if (request.url().startsWith('chrome-extension://')) void request.continue();
        else void request.abort();
      });
      await page.goto(evilUrl, { waitUntil: 'load' });
      const deadline = Date.now() + 30_000;
      let framed: Frame | undefined;
      while (!framed && Date.now() < deadline) {
        framed = page.frames().find((f) => f.url().includes('/sidebar.html?tab='));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(framed, 'the frame loaded').toBeDefined();
      await framed!.waitForSelector('[data-dealside="error"]', { timeout: 30_000 });
      const text = await framed!.evaluate(() => document.body.innerText);
      expect(text).not.toMatch(/María José|Iberia/);
      expect(text).toMatch(/another tab/);
      await page.close();
      await victim.close();
    }));
});
