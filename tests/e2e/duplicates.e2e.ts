// Issue #5 point 3, "Before you reach out": the sidebar lists likely duplicates with their reasons,
// warns when another rep owns the person and touched them recently, and remembers "not the same".
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PAGES, askBackground, launchWithExtension, openExtensionPage, openFixturePage, stopExtensionWorker, toggleSection, waitForSidebarFrame, waitForSidebarSettled, withFailureScreenshot, type Launched } from './harness';

const ROUTES = {
  [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture,
  [PAGES.hubspot51002.url]: PAGES.hubspot51002.fixture,
};

describe('before you reach out', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('look-alikes found after a woken worker has answered arrive folded, in the place of the "looking" line, moving nothing', () =>
    withFailureScreenshot('duplicates-late', async () => {
      // The worker seeds the demo workspace when the browser starts, and a page's answer waits for
      // the seed: let it finish first. Stopped in the middle, the woken worker spent the test
      // finishing it under load (no sidebar within 45 s, and none for the tests after).
      // (asked from Options: a record page would load the match index, which this test wants the
      // woken worker to load itself, after its answer)
      const { page: options } = await openExtensionPage(launched, 'options.html');
      await askBackground(options, { type: 'workspace/status' });
      await options.close();
      // The worker stopped: the page wakes it, it answers from IndexedDB's indexes and restores its
      // match index only once the sidebar has shown that answer, so the look-alikes come after.
      await stopExtensionWorker(launched);
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      const frame = await waitForSidebarFrame(page);
      // every height the look-alikes' place takes in the frame, from before its first render on
      await frame.evaluate(() => {
        const heights: number[] = [];
        const actions: string[][] = [];
        Object.assign(window, { heights, actions });
        const note = () => {
          const slot = document.querySelector('[data-section="duplicates"]');
          if (slot) heights.push(Math.round(slot.getBoundingClientRect().height));
          const cards = [...document.querySelectorAll('[data-dealside="next-action"]')].map((e) => e.getAttribute('data-key') ?? '');
          if (cards.length) actions.push(cards);
        };
        new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true });
      });
      await frame.waitForSelector('[data-dealside="moment-header"] [data-dealside="score"]', { timeout: 60_000 });
      await waitForSidebarSettled(frame);
      const duplicates = '[data-dealside="section"][data-section="duplicates"]';
      expect(await frame.$eval(duplicates, (el) => [el.getAttribute('data-arrived'), el.getAttribute('data-open')])).toEqual(['late', 'false']);
      // still the answer at a glance: who else is there, and whose
      expect(await frame.$eval(`${duplicates} [data-dealside="section-summary"]`, (el) => el.textContent ?? '')).toContain('Maria Jose Garcia');
      // The place never changed height ("looking…", then the folded section), and it is the height
      // of any folded section: nothing below it moved when they arrived.
      const heights = await frame.evaluate(() => [...new Set((window as unknown as { heights: number[] }).heights)]);
      const folded = await frame.$eval('[data-dealside="section"][data-section="score"]', (el) => Math.round(el.getBoundingClientRect().height));
      expect(heights).toEqual([folded]);
      // The next actions drawn before kept their places; the one the look-alikes brought ("check the
      // duplicate first") came in below them, marked new — the sidebar's own mark of a card that
      // arrived after the first ones were shown. (On a loaded machine the frame can draw its first
      // answer before this observer is in place: what it saw first may already hold that card.)
      const drawn = await frame.evaluate(() => (window as unknown as { actions: string[][] }).actions);
      const first = drawn[0]!.filter((k) => !k.startsWith('duplicate'));
      expect(first.length).toBeGreaterThan(0);
      for (const cards of drawn) expect(cards.slice(0, first.length)).toEqual(first);
      const last = await frame.$$eval('[data-dealside="next-action"]', (els) => els.map((e) => [e.getAttribute('data-key'), !!e.querySelector('[data-dealside="action-new"]')]));
      expect(last.slice(0, first.length).map(([k]) => k)).toEqual(first);
      expect(last.slice(first.length)).toEqual([[expect.stringMatching(/^duplicate/), true]]);
      // folded, the section's line names the card shown first, not the newcomer ranked above it
      const firstTitle = await frame.$eval(`[data-dealside="next-action"][data-key="${first[0]}"] [data-dealside="action-title"]`, (el) => el.textContent ?? '');
      await toggleSection(frame, 'actions');
      const actionsLine = await frame.$eval('[data-dealside="section"][data-section="actions"] [data-dealside="section-summary"]', (el) => el.textContent ?? '');
      expect(actionsLine.startsWith(firstTitle)).toBe(true);
      await toggleSection(frame, 'actions');
      // one click opens them
      await toggleSection(frame, 'duplicates');
      expect(await frame.$$eval(`${duplicates} [data-dealside="match-name"]`, (els) => els.map((e) => e.textContent))).toContain('Maria Jose Garcia');
      await page.close();
    }));

  it('shows a likely duplicate with its reasons and forgets it after "not the same"', () =>
    withFailureScreenshot('duplicates-not-same', async () => {
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      let frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="duplicates"] [data-dealside="match-name"]', { timeout: 30_000 });
      await waitForSidebarSettled(frame);
      // found after the view was drawn (a worker that had not restored its index yet), they came folded
      if ((await frame.$eval('[data-section="duplicates"]', (el) => el.getAttribute('data-open'))) === 'false') await toggleSection(frame, 'duplicates');
      const names = await frame.$$eval('[data-dealside="duplicates"] [data-dealside="match-name"]', (els) => els.map((e) => e.textContent));
      expect(names).toContain('Maria Jose Garcia');
      const reasons = await frame.$eval('[data-dealside="duplicates"] [data-dealside="match-reasons"]', (el) => el.textContent ?? '');
      expect(reasons).toMatch(/name|company|e-mail/);

      await frame.click('[data-dealside="duplicates"] [data-dealside="not-same"]');
      // asked twice, inside the frame (#14.2): one click a page tricks the user into discards nothing
      await frame.waitForSelector('[data-dealside="duplicates"] [data-dealside="not-same-question"]', { timeout: 30_000 });
      expect(await frame.$$eval('[data-dealside="duplicates"] [data-dealside="match-name"]', (els) => els.map((e) => e.textContent))).toContain('Maria Jose Garcia');
      await frame.click('[data-dealside="duplicates"] [data-dealside="not-same-yes"]');
      await frame.waitForFunction(
        () => ![...document.querySelectorAll('[data-dealside="duplicates"] [data-dealside="match-name"]')].some((e) => e.textContent === 'Maria Jose Garcia'),
        { timeout: 30_000 },
      );
      await page.reload({ waitUntil: 'load' });
      frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="moment-header"] [data-dealside="score"]', { timeout: 30_000 });
      const after = await frame.$$eval('[data-dealside="match-name"]', (els) => els.map((e) => e.textContent));
      expect(after).not.toContain('Maria Jose Garcia');
      await page.close();
    }));

  it("warns that Juan Carlos is another rep's contact, touched recently", () =>
    withFailureScreenshot('duplicates-owner-warning', async () => {
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51002.url, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="owner-warning"]', { timeout: 30_000 });
      const text = await frame.$eval('[data-dealside="owner-warning"]', (el) => el.textContent ?? '');
      expect(text).toContain('Diego Morales');
      expect(text).toMatch(/coordinate/);
      await page.close();
    }));

});

