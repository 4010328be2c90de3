// CSV import (issue #6): in the options page, upload a small export, watch the progress reach
// 100 %, read the rejected-rows report, and see the people count grow by the rows that were new
// (a row that is María José García López merges into her instead of copying her).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { launchWithExtension, openExtensionPage, openFixturePage, waitForSidebarFrame, withFailureScreenshot, type Launched } from './harness';

const CSV = [
  'First Name;Last Name;Email;Phone Number;Company Name;City',
  'Zacarías;Ulloa Bermejo;zacarias.ulloa@quintanar-tejidos.example;+34 611 222 333;Quintanar Tejidos S.L.;Toledo',
  'Gertrudis;Oyarzábal Lete;g.oyarzabal@txingudi-naval.example;;Txingudi Naval S.A.;Irún',
  'Baltasar;Iturbe;baltasar@;;Iturbe y Asociados;Bilbao',
  'Leocadia;Sarasola Mugica;leocadia.sarasola@goierri-forja.example;;Goierri Forja S.Coop.;Beasain',
  'María José;García López;MARIA.JOSE.GARCIA@IberiaLogistica.es;;Iberia Logística, S.L.;Madrid',
].join('\r\n');

const HUBSPOT = [
  'Record ID,First Name,Last Name,Email,Company Name,Lifecycle Stage',
  '90001,Gumersinda,Pazos Rial,gumersinda.pazos@rial-conservas.example,Rial Conservas S.A.,Lead',
  '90002,Nicanor,Ybarra Olano,nicanor@olano-maquinaria.example,Olano Maquinaria S.L.,Customer',
  '90003,Wenceslao,Quirós Alba,w.quiros@alba-vinos.example,Alba Vinos S.L.,Marketing Qualified Lead',
].join('\r\n');

// Northwind Logistics, a prospect of the demo workspace, on its Dynamics 365 account form
const NORTHWIND_DYNAMICS =
  'https://acme.crm4.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=entityrecord&etn=account&id=8d2f4c1a-3b5e-4f60-9a7b-1c2d3e4f5a6b';

// An accounts export with the products each account owns, one row per account × product, as a
// finance team keeps it (Spanish headers, day-first dates, amounts with a currency sign): 01/11/2025
// is 1 November, as the file's 15/02/2026 shows; a date that is no date (31 February) is refused
// with its row, the others import.
const OWNED = [
  'Empresa;Sitio web;Producto;Producto desde;Licencias;ARR',
  'Northwind Logistics Inc.;northwindlogistics.com;Telemetría de Flota;01/11/2025;40;18.000 €',
  'Northwind Logistics Inc.;northwindlogistics.com;Planificador de Rutas;15/02/2026;12;6.000 €',
  'Northwind Logistics Inc.;northwindlogistics.com;Portal de Clientes;31/02/2026;5;900 €',
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
      await options.waitForSelector('[data-dealside="import-columns"]', { timeout: 30_000 });
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
      await expect.poll(() => peopleCount(options), { timeout: 30_000, interval: 200 }).toBe(before + 3);
    }));

  it('shows what the rows become (leads / contacts) and imports them as the user chooses, with their HubSpot ids', () =>
    withFailureScreenshot('import-csv-kind', async () => {
      await options.click('[data-dealside="import-another"]');
      const file = path.join(dir, 'hubspot-contacts.csv');
      fs.writeFileSync(file, HUBSPOT, 'utf8');
      const input = (await options.waitForSelector('[data-dealside="import-file"]')) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(file);
      await options.waitForSelector('[data-dealside="import-kind-preview"]', { timeout: 30_000 });
      // the ids' CRM is recognised; the lifecycle stage makes two leads and one contact
      expect(await options.$eval('[data-dealside="import-crm"]', (el) => (el as HTMLSelectElement).value)).toBe('hubspot');
      expect(await options.$eval('[data-dealside="import-map-0"]', (el) => (el as HTMLSelectElement).value)).toBe('crmId');
      const preview = () => options.$eval('[data-dealside="import-kind-preview"]', (el) => [el.getAttribute('data-leads'), el.getAttribute('data-contacts'), el.textContent]);
      expect(await preview()).toEqual(['2', '1', 'First 3 rows: 2 leads, 1 contacts']);
      // the user overrides: all of them are contacts
      await options.select('[data-dealside="import-person-kind"]', 'contact');
      await expect.poll(async () => (await preview()).slice(0, 2)).toEqual(['0', '3']);

      await options.click('[data-dealside="import-start"]');
      await options.waitForSelector('[data-dealside="import-done"]', { timeout: 30_000 });
      expect(await options.$eval('[data-dealside="import-imported"]', (el) => (el.textContent ?? '').trim())).toBe('3');
      const stored = await launched.worker.evaluate(
        () =>
          new Promise<Array<{ fullName: string; kind: string; crmKeys: string[] }>>((resolve, reject) => {
            const open = indexedDB.open('dealside');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const req = open.result.transaction('people').objectStore('people').index('byCrmKey').getAll(IDBKeyRange.bound('hubspot:person:', 'hubspot:person:\uffff'));
              req.onsuccess = () => {
                // (the demo workspace's records carry invented HubSpot ids too)
                const imported = (req.result as Array<{ fullName: string; kind: string; crmKeys: string[]; source: string }>).filter((p) => p.source === 'import');
                resolve(imported.map((p) => ({ fullName: p.fullName, kind: p.kind, crmKeys: p.crmKeys })));
                open.result.close();
              };
              req.onerror = () => reject(req.error);
            };
          }),
      );
      expect(stored.sort((a, b) => a.fullName.localeCompare(b.fullName))).toEqual([
        { fullName: 'Gumersinda Pazos Rial', kind: 'contact', crmKeys: ['hubspot:person:90001'] },
        { fullName: 'Nicanor Ybarra Olano', kind: 'contact', crmKeys: ['hubspot:person:90002'] },
        { fullName: 'Wenceslao Quirós Alba', kind: 'contact', crmKeys: ['hubspot:person:90003'] },
      ]);
    }));

  it('a cell longer than a spreadsheet holds rejects that row with its reason; the others import (the whole file used to fail)', () =>
    withFailureScreenshot('import-csv-long-cell', async () => {
      await (await options.$('[data-dealside="import-another"]'))?.click();
      const file = path.join(dir, 'long-cell.csv');
      const csv = [
        'First Name,Last Name,Email,Notes',
        'Herminia,Zubiaur Vega,herminia.zubiaur@vega-aceros.example,ok',
        `Eustaquio,Lavín Roca,eustaquio@lavin-roca.example,${'x'.repeat(40_000)}`,
        'Filomena,Urrutia Sanz,filomena@urrutia-sanz.example,ok',
      ].join('\r\n');
      fs.writeFileSync(file, csv, 'utf8');
      const input = (await options.waitForSelector('[data-dealside="import-file"]')) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(file);
      await options.waitForSelector('[data-dealside="import-columns"]', { timeout: 30_000 });
      await options.click('[data-dealside="import-start"]');
      await options.waitForSelector('[data-dealside="import-report"]:is([data-state="done"], [data-state="failed"])', { timeout: 30_000 });
      expect(await options.$eval('[data-dealside="import-report"]', (el) => el.getAttribute('data-state'))).toBe('done');
      expect(await options.$eval('[data-dealside="import-imported"]', (el) => (el.textContent ?? '').trim())).toBe('2');
      const rejected = await options.$$eval('[data-dealside="import-rejection"]', (rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
      );
      expect(rejected).toEqual([['3', 'Notes', 'a value of 40,000 characters, more than a spreadsheet cell holds (32,767): is a quote not closed?']]);
    }));

  it('an accounts file with the products they own: the account becomes a customer whose sidebar shows them owned', () =>
    withFailureScreenshot('import-csv-owned', async () => {
      await (await options.$('[data-dealside="import-another"]'))?.click();
      const file = path.join(dir, 'owned.csv');
      fs.writeFileSync(file, OWNED, 'utf8');
      const input = (await options.waitForSelector('[data-dealside="import-file"]')) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(file);
      await options.waitForSelector('[data-dealside="import-columns"]', { timeout: 30_000 });
      await options.select('[data-dealside="import-kind"]', 'accounts');
      // the product columns are recognised by their Spanish names
      const mapped = await options.$$eval('[data-dealside^="import-map-"]', (els) => els.map((e) => (e as HTMLSelectElement).value));
      expect(mapped).toEqual(['companyName', 'companyDomain', 'product', 'productSince', 'productSeats', 'productArr']);
      // before importing, the page says how it reads the file's dates
      expect(await options.$eval('[data-dealside="import-date-order"]', (el) => [el.getAttribute('data-order'), el.textContent])).toEqual([
        'dmy',
        'Dates are read day first, as this file writes them: 01/11/2025 is November 1, 2025.',
      ]);
      await options.click('[data-dealside="import-start"]');
      await options.waitForSelector('[data-dealside="import-report"]:is([data-state="done"], [data-state="failed"])', { timeout: 30_000 });
      expect(await options.$eval('[data-dealside="import-report"]', (el) => el.getAttribute('data-state'))).toBe('done');
      // the rows are Northwind, already in the workspace: merged into it, not a second account
      expect(await options.$eval('[data-dealside="import-imported"]', (el) => (el.textContent ?? '').trim())).toBe('0');
      expect(await options.$eval('[data-dealside="import-merged"]', (el) => (el.textContent ?? '').trim())).toBe('2');
      const rejected = await options.$$eval('[data-dealside="import-rejection"]', (rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
      );
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.slice(0, 2)).toEqual(['4', 'Producto desde']);

      // The account manager opens Northwind in Dynamics: a customer now, with both products owned.
      const { page } = await openFixturePage(launched.browser, NORTHWIND_DYNAMICS, { [NORTHWIND_DYNAMICS]: 'dynamics/account-northwind.html' });
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="account-360"]', { timeout: 30_000 });
      expect(await frame.$eval('[data-dealside="moment-header"]', (el) => el.getAttribute('data-moment'))).toBe('am');
      const owned = await frame.$$eval('[data-dealside="matrix-cell"][data-state="owned"]', (els) => els.map((e) => e.getAttribute('data-product')));
      expect(owned.sort()).toEqual(['imp-product-planificador-de-rutas', 'imp-product-telemetria-de-flota']);
      const labels = await frame.$$eval('[data-dealside="matrix-cell"][data-state="owned"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      expect(labels.join(' | ')).toContain('Telemetría de Flota');
      await page.close();
    }));
});
