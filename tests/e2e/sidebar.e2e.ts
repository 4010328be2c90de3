// The sidebar's sections and keys, the way a rep uses them: sections fold to one line with a
// summary and stay as the user left them (across reloads and surfaces); the next actions show the
// top three with the rest one click away; single keys move between sections, open the shortcut
// sheet, and Esc gives the focus back to the CRM page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { PAGES, launchWithExtension, openFixturePage, toggleSection, waitForSidebarFrame, waitForSidebarSettled, withFailureScreenshot, type Launched } from './harness';

const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };
const section = (id: string) => `[data-dealside="section"][data-section="${id}"]`;

async function openContact(launched: Launched): Promise<{ page: Page; frame: Frame }> {
  const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
  const frame = await waitForSidebarFrame(page);
  await frame.waitForSelector('[data-dealside="moment-header"][data-moment="rep"] [data-dealside="score"]', { timeout: 60_000 });
  // the sections come in the commit after the header's
  await waitForSidebarSettled(frame);
  return { page, frame };
}

const isOpen = (frame: Frame, id: string) => frame.$eval(section(id), (el) => el.getAttribute('data-open'));

describe('sidebar sections and keys', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('folds a section to its one-line summary and remembers it after a reload', () =>
    withFailureScreenshot('sidebar-folds', async () => {
      const { page, frame } = await openContact(launched);
      // Folded by default on the rep's page, the committee still says how covered it is.
      expect(await isOpen(frame, 'committee')).toBe('false');
      expect(await frame.$eval(`${section('committee')} [data-dealside="section-summary"]`, (el) => el.textContent ?? '')).toMatch(/\d of \d roles covered/);
      expect(await frame.$eval(`${section('committee')} [data-dealside="committee"]`, (el) => el.checkVisibility())).toBe(false);
      await toggleSection(frame, 'committee');
      expect(await isOpen(frame, 'committee')).toBe('true');
      expect(await frame.$eval(`${section('committee')} [data-dealside="committee"]`, (el) => el.checkVisibility())).toBe(true);
      // … and the next actions, open by default, are folded by hand.
      await toggleSection(frame, 'actions');
      expect(await isOpen(frame, 'actions')).toBe('false');
      // Stored for the user (extension storage, shared by every Dealside surface) before the reload.
      await frame.waitForFunction(
        async () => {
          const stored = (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('ui.folds'))['ui.folds'] as Record<string, boolean> | undefined;
          return stored?.committee === true && stored?.actions === false;
        },
        { timeout: 30_000 },
      );

      await page.reload({ waitUntil: 'load' });
      const again = await waitForSidebarFrame(page);
      await again.waitForSelector(section('committee'), { timeout: 60_000 });
      await again.waitForFunction(
        (c, a) => document.querySelector(c)?.getAttribute('data-open') === 'true' && document.querySelector(a)?.getAttribute('data-open') === 'false',
        { timeout: 30_000 },
        section('committee'),
        section('actions'),
      );
      // Back as it was, for the next tests.
      await toggleSection(again, 'actions');
      await toggleSection(again, 'committee');
      await page.close();
    }));

  it('shows the top three next actions, the rest behind "more"', () =>
    withFailureScreenshot('sidebar-actions-more', async () => {
      const { page, frame } = await openContact(launched);
      await frame.waitForSelector(`${section('actions')}[data-open="true"] [data-dealside="next-action"]`, { timeout: 30_000 });
      await waitForSidebarSettled(frame);
      // the top three of the ranking (and, below them, any that came in after they were drawn, marked new)
      const shown = await frame.$$eval('[data-dealside="next-action"]', (els) => els.map((e) => !!e.querySelector('[data-dealside="action-new"]')));
      expect(shown.filter((fresh) => !fresh)).toHaveLength(3);
      const more = await frame.$eval('[data-dealside="actions-more"]', (el) => el.textContent ?? '');
      const rest = Number(/\d+/.exec(more)?.[0]);
      expect(rest).toBeGreaterThan(0);
      await frame.click('[data-dealside="actions-more"]');
      await frame.waitForFunction((n) => document.querySelectorAll('[data-dealside="next-action"]').length === n, { timeout: 30_000 }, shown.length + rest);
      // the committee's gaps are one action, not one per missing role
      const committeeActions = await frame.$$eval('[data-dealside="next-action"][data-category="multithread"]', (els) => els.map((e) => e.getAttribute('data-key')));
      expect(committeeActions.filter((k) => k?.startsWith('multithread:gaps') || /^multithread:[a-z-]+$/.test(k ?? ''))).toHaveLength(1);
      await page.close();
    }));

  it('moves between sections with J and K, shows the shortcut sheet with ?, and Esc gives the focus back to the page', () =>
    withFailureScreenshot('sidebar-keys', async () => {
      const { page, frame } = await openContact(launched);
      await frame.click('[data-dealside="entity-name"]');
      await page.keyboard.press('?');
      const sheet = await frame.waitForSelector('[data-dealside="shortcut-sheet"]', { timeout: 30_000 });
      expect(await sheet!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/B A N T[\s\S]*Undo your last change/);
      await page.keyboard.press('Escape');
      await frame.waitForFunction(() => !document.querySelector('[data-dealside="shortcut-sheet"]'), { timeout: 30_000 });

      const focusedSection = () => frame.evaluate(() => document.activeElement?.closest('[data-dealside="section"]')?.getAttribute('data-section') ?? null);
      const order = await frame.$$eval('[data-dealside="section"]', (els) => els.map((e) => e.getAttribute('data-section')));
      await page.keyboard.press('j');
      expect(await focusedSection()).toBe(order[0]);
      await page.keyboard.press('j');
      expect(await focusedSection()).toBe(order[1]);
      await page.keyboard.press('k');
      expect(await focusedSection()).toBe(order[0]);

      // Esc with nothing open: the CRM page has the keyboard again.
      expect(await frame.evaluate(() => document.hasFocus())).toBe(true);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.hasFocus(), { timeout: 30_000 });
      expect(await frame.evaluate(() => document.hasFocus())).toBe(false);
      await page.close();
    }));
});
