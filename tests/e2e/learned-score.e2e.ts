// A score that learns (issue #19.3): on the demo workspace Options fits the agreement to the closed
// deals in the background, shows the agreed model's held-out AUC beside the fitted one's, the
// calibration by band and each rule's points with their evidence, and adopts the fitted points as
// the agreement's next version.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { axeViolations, clickUntil, formatViolations, launchWithExtension, openExtensionPage, withFailureScreenshot, type Launched } from './harness';

const text = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim());

describe('a score that learns from the closed deals', () => {
  let launched: Launched;
  let options: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
    ({ page: options } = await openExtensionPage(launched, 'options.html'));
    options.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
  });

  afterAll(async () => {
    await launched?.close();
  });

  it('shows both models’ AUC on the demo’s closed deals and adopts the fitted one', () =>
    withFailureScreenshot('learned-score', async () => {
      // the demo is seeded in the first seconds after install; the sections above settle first
      await options.waitForFunction(() => Number((document.querySelector('[data-dealside="count-people"]')?.textContent ?? '').replace(/\D/g, '')) > 0, { timeout: 45_000 });
      await options.waitForSelector('[data-dealside="model-version"]', { timeout: 30_000 });
      expect(await text(options, '[data-dealside="model-version"]')).toMatch(/v1$/);

      await clickUntil(options, '[data-dealside="learn-run"]', '[data-dealside="learn-report"], [data-dealside="learn-running"]');
      await options.waitForSelector('[data-dealside="learn-auc-fitted"]', { timeout: 120_000 });
      const agreed = Number(await text(options, '[data-dealside="learn-auc-agreed"]'));
      const fitted = Number(await text(options, '[data-dealside="learn-auc-fitted"]'));
      expect(agreed).toBeGreaterThan(0.5);
      expect(fitted).toBeGreaterThan(agreed);
      expect(fitted).toBeLessThanOrEqual(1);
      expect(await text(options, '[data-dealside="learn-deals"]')).toMatch(/^\d+ closed deals: \d+ won, \d+ lost$/);
      // calibration by band for both, on the same held-out deals
      expect((await options.$$('[data-dealside="learn-calibration-agreed"] tbody tr')).length).toBeGreaterThan(1);
      expect((await options.$$('[data-dealside="learn-calibration-fitted"] tbody tr')).length).toBeGreaterThan(1);
      // each changed rule: its label, agreed → fitted points, and the deals behind it
      const need = await text(options, '[data-dealside="learn-rules"] tr[data-rule="bant.need.confirmed"]');
      expect(need).toMatch(/^Need: confirmed 20 → -?\d+ \d+ of \d+ won$/);

      // the report is read as the rest of Options is: no axe violation in it
      expect(formatViolations(await axeViolations(options, { include: ['[data-dealside="learn-report"]'] }))).toBe('no violations');

      await options.click('[data-dealside="learn-adopt"]');
      await options.waitForSelector('[data-dealside="learn-adopted"]', { timeout: 30_000 });
      expect(dialogs).toHaveLength(1);
      expect(await text(options, '[data-dealside="learn-adopted"]')).toMatch(/version 2; version 1 is kept/);
      await options.waitForFunction(() => /v2$/.test(document.querySelector('[data-dealside="model-version"]')?.textContent ?? ''), { timeout: 30_000 });
      // the agreement now carries the fitted points: the JSON the team edits shows them
      const json = JSON.parse(await options.$eval('[data-dealside="qualify-json"]', (el) => (el as HTMLTextAreaElement).value)) as {
        scoringModel: { version: number; bant: { need: { confirmed: number } } };
      };
      expect(json.scoringModel.version).toBe(2);
      expect(String(json.scoringModel.bant.need.confirmed)).toBe(need.match(/→ (-?\d+)/)![1]);
      // the version it replaced is kept, to download and import again
      await options.waitForSelector('[data-dealside="learn-history"] li[data-version="1"]', { timeout: 30_000 });
      const kept = await options.$eval('[data-dealside="learn-history"] li[data-version="1"] a', (a) => decodeURIComponent((a as HTMLAnchorElement).href.replace(/^data:application\/json;charset=utf-8,/, '')));
      const old = JSON.parse(kept) as { scoringModel: { version: number; bant: { need: { confirmed: number } } } };
      expect(old.scoringModel.version).toBe(1);
      expect(old.scoringModel.bant.need.confirmed).toBe(20);
    }));
});
