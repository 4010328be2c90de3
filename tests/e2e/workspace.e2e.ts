// (a) The demo workspace is seeded on first install, labelled as demo data, removable with one
// click and loadable again, as the options page shows it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchWithExtension, openExtensionPage, withFailureScreenshot, type Launched } from './harness';

type Counts = {
  surface?: string;
  mode?: string;
  accounts: number;
  people: number;
  deals: number;
  activities: number;
  users: number;
  removeButton?: string;
  loadButton?: string;
};

// Counts are shown with toLocaleString ("2,345"): keep the digits.
async function readOptions(page: Page): Promise<Counts> {
  return (await page.evaluate(`(() => {
    function text(sel) {
      const el = document.querySelector(sel);
      return el && el.textContent ? el.textContent.replace(/\\s+/g, ' ').trim() : undefined;
    }
    function count(key) {
      const t = text('[data-dealside="count-' + key + '"]');
      return t === undefined ? -1 : Number(t.replace(/\\D/g, ''));
    }
    const surface = document.querySelector('[data-dealside-surface]');
    return {
      surface: surface ? surface.getAttribute('data-dealside-surface') : undefined,
      mode: text('[data-dealside="workspace-mode"]'),
      accounts: count('accounts'),
      people: count('people'),
      deals: count('deals'),
      activities: count('activities'),
      users: count('users'),
      removeButton: text('[data-dealside="remove-demo"]'),
      loadButton: text('[data-dealside="load-demo"]'),
    };
  })()`)) as Counts;
}

describe('demo workspace', () => {
  let launched: Launched;
  let options: Page;
  const dialogs: { type: string; message: string }[] = [];

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
    ({ page: options } = await openExtensionPage(launched, 'options.html'));
    options.on('dialog', (dialog) => {
      dialogs.push({ type: dialog.type(), message: dialog.message() });
      void dialog.accept();
    });
  });

  afterAll(async () => {
    await launched?.close();
  });

  it('is seeded on first install and labelled as demo data', () =>
    withFailureScreenshot('workspace-seeded', async () => {
      // The background seeds in the first seconds after install.
      await expect.poll(async () => (await readOptions(options)).people, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
      const seeded = await readOptions(options);
      expect(seeded.surface).toBe('options');
      expect(seeded.mode).toBe('Demo workspace');
      expect(seeded.accounts).toBeGreaterThanOrEqual(200);
      expect(seeded.people).toBeGreaterThanOrEqual(2000);
      expect(seeded.deals).toBeGreaterThanOrEqual(300);
      expect(seeded.removeButton).toMatch(/Remove/i);
      expect(await options.$eval('body', (b) => b.innerText)).toContain('demo workspace');
    }));

  it('removes the demo data with one click (after a confirmation)', () =>
    withFailureScreenshot('workspace-remove-demo', async () => {
      await options.click('[data-dealside="remove-demo"]');
      await options.waitForSelector('[data-dealside="load-demo"]', { timeout: 30_000 });
      expect(dialogs).toHaveLength(1);
      expect(dialogs[0]?.type).toBe('confirm');
      await expect
        .poll(async () => {
          const c = await readOptions(options);
          return { accounts: c.accounts, people: c.people, deals: c.deals, activities: c.activities, mode: c.mode };
        }, { timeout: 30_000, interval: 200 })
        .toEqual({ accounts: 0, people: 0, deals: 0, activities: 0, mode: 'Empty workspace' });
      expect((await readOptions(options)).removeButton).toBeUndefined();
      // the demo's user no longer signs anything: Options asks who the rep is, and takes a name
      await options.waitForFunction(() => /Not set yet/.test(document.querySelector('[data-dealside="you-current"]')?.textContent ?? ''), { timeout: 30_000 });
      await options.type('[data-dealside="you-name"]', 'Marta Gil');
      await options.click('[data-dealside="you-save"]');
      await options.waitForFunction(() => /Signed as\s*Marta Gil/.test(document.querySelector('[data-dealside="you-current"]')?.textContent ?? ''), { timeout: 30_000 });
    }));

  it('loads the demo data again', () =>
    withFailureScreenshot('workspace-load-demo', async () => {
      await options.click('[data-dealside="load-demo"]');
      await options.waitForSelector('[data-dealside="remove-demo"]', { timeout: 30_000 });
      await expect.poll(async () => (await readOptions(options)).mode, { timeout: 30_000, interval: 200 }).toBe('Demo workspace');
      const again = await readOptions(options);
      expect(again.accounts).toBeGreaterThanOrEqual(200);
      expect(again.people).toBeGreaterThanOrEqual(2000);
      expect(again.deals).toBeGreaterThanOrEqual(300);
    }));
});
