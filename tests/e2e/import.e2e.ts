// CSV import (issue #6): in the options page, upload a small export, watch the progress reach
// 100 %, read the rejected-rows report, and see the people count grow by the rows that were new
// (a row that is María José García López merges into her instead of copying her).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { launchWithExtension, openExtensionPage, withFailureScreenshot, type Launched } from './harness';

const CSV = [
  'First Name;Last Name;Email;Phone Number;Company Name;City',
  'Zacarías;Ulloa Bermejo;zacarias.ulloa@quintanar-tejidos.example;+34 611 222 333;Quintanar Tejidos S.L.;Toledo',
  'Gertrudis;Oyarzábal Lete;g.oyarzabal@txingudi-naval.example;;Txingudi Naval S.A.;Irún',
  'Baltasar;Iturbe;baltasar@;;Iturbe y Asociados;Bilbao',
  'Leocadia;Sarasola Mugica;leocadia.sarasola@goierri-forja.example;;Goierri Forja S.Coop.;Beasain',
  'María José;García López;MARIA.JOSE.GARCIA@IberiaLogistica.es;;Iberia Logística, S.L.;Madrid',
].join('\r\n');

async function peopleCount(page: Page): Promise<number> {
  const text = await page.$eval('[data-dealside="count-people"]', (el) => el.textContent ?? '').catch(() => '');
  return text ? Number(text.replace(/\D/g, '')) : -1;
}

describe('CSV import in the options page', () => {
  let launched: Launched;
  let options: Page;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-import-'));
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
    ({ page: options } = await openExtensionPage(launched, 'options.html'));
  });
  afterAll(async () => {
    await launched?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports new people, merges a known one, and reports the rejected row', () =>
    withFailureScreenshot('import-csv', async () => {
      // the demo workspace is seeded in the first seconds after install
      await expect.poll(() => peopleCount(options), { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
      const before = await peopleCount(options);

      const file = path.join(dir, 'contactos.csv');
      fs.writeFileSync(file, CSV, 'utf8');
      const input = (await options.waitForSelector('[data-dealside="import-file"]')) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(file);
      await options.waitForSelector('[data-dealside="import-columns"]', { timeout: 15_000 });
      const info = await options.$eval('[data-dealside="import-file-info"]', (el) => el.textContent ?? '');
      expect(info).toContain('5 rows');
      expect(info).toContain('";"');
      // the columns were recognised: Email is mapped to the e-mail field
      expect(await options.$eval('[data-dealside="import-map-2"]', (el) => (el as HTMLSelectElement).value)).toBe('email');

      await options.click('[data-dealside="import-start"]');
      await options.waitForSelector('[data-dealside="import-done"]', { timeout: 30_000 });
      expect(await options.$eval('[data-dealside="import-progress"]', (el) => el.getAttribute('data-percent'))).toBe('100');
      const counts = await options.$$eval('[data-dealside^="import-"]', (els) =>
        Object.fromEntries(els.map((el) => [el.getAttribute('data-dealside'), (el.textContent ?? '').trim()])),
      );
      expect(counts['import-imported']).toBe('3');
      expect(counts['import-merged']).toBe('1');
      expect(counts['import-rejected-count']).toBe('1');

      const rejected = await options.$$eval('[data-dealside="import-rejection"]', (rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
      );
      expect(rejected).toEqual([['4', 'Email', 'not an e-mail address: "baltasar@"']]);
      const merge = await options.$eval('[data-dealside="import-merge"]', (el) => el.textContent ?? '');
      expect(merge).toContain('María José García López');

      // the workspace counts follow (event/workspace-changed)
      await expect.poll(() => peopleCount(options), { timeout: 15_000, interval: 200 }).toBe(before + 3);
    }));
});
