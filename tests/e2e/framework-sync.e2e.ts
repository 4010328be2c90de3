// Issue #19 point 1, end to end: a MEDDICC answer reaches the CRM through the mapping screen. The
// team qualifies with MEDDICC; a HubSpot admin added two deal properties for Metrics; in Options →
// Connections the mapping lists MEDDICC's elements (saying Dealside creates no field for them) and
// the admin maps Metrics' status and evidence there. The rep answers Metrics in the sidebar of a
// HubSpot contact with an open deal, and the values arrive in the HubSpot fake's deal; the answer
// option nobody mapped stays in Dealside without a failed entry.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HubspotFake } from '../fakes/hubspot';
import { PAGES, askBackground, clickUntil, openFixturePage, waitForSidebarFrame, withFailureScreenshot, type Launched, until } from './harness';
import { connectCrm, launchOnHubspotFake, outboxEmpty } from './crmRoute';

const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };
const mapping = '[data-system="hubspot"] [data-dealside="field-mapping"]';
const select = (field: string) => `${mapping} [data-dealside="mapping-select"][data-field="${field}"]`;

describe('a MEDDICC element mapped in Options reaches HubSpot', () => {
  let launched: Launched;
  let fake: HubspotFake;
  let close: (() => Promise<void>) | undefined;
  let dealId = '';

  beforeAll(async () => {
    fake = new HubspotFake();
    await fake.start();
    // the contact the fixture page shows (its URL's id) and her open deal
    const ids = fake as unknown as { nextId: number };
    ids.nextId = 51001;
    const contact = fake.seed('contacts', { firstname: 'María José', lastname: 'García López', email: 'mjgarcia@iberialogistica.es' });
    const deal = fake.seed('deals', { dealname: 'Iberia Logística — Plataforma 2027', amount: 48000, dealstage: 'qualifiedtobuy', closedate: '2027-03-31T00:00:00.000Z' });
    fake.associate('deals', deal.id, 'contacts', contact.id);
    dealId = deal.id;
    fake.defineProperty('deals', 'meddicc_metrics', 'MEDDICC: metrics');
    fake.defineProperty('deals', 'meddicc_metrics_evidence', 'MEDDICC: metrics evidence');
    ({ launched, close } = await launchOnHubspotFake({ extensionDir: inject('extensionDir'), chromePath: inject('chromePath') }, fake.url));
  });

  afterAll(async () => {
    await close?.();
    await fake?.stop();
  });

  it('lists the framework’s elements in the mapping screen and pushes the rep’s answer to the mapped properties', () =>
    withFailureScreenshot('framework-sync-hubspot', async () => {
      const options = await connectCrm(launched, 'hubspot', 'pat-na1-test', { addAs: 'contact' });
      // the team qualifies with MEDDICC (Options → Qualification framework)
      await options.reload({ waitUntil: 'load' });
      await options.bringToFront();
      // The cards above this one are still filling in after the reload, so a click aimed at the
      // save button can land where it was a moment ago: choose and save again until it is saved.
      await until('MEDDICC saved as the team’s framework', async () => {
        await options.waitForSelector('[data-dealside="framework-default"]', { timeout: 30_000 });
        await options.select('[data-dealside="framework-default"]', 'meddicc');
        await options.click('[data-dealside="framework-save"]').catch(() => undefined);
        return !!(await options.waitForSelector('[data-dealside="framework-saved"]', { timeout: 10_000 }).catch(() => null));
      }, 60_000);

      // the mapping screen: MEDDICC's own elements under BANT, none of BANT's letters twice
      await options.waitForSelector('[data-dealside="connection"][data-system="hubspot"][data-status="connected"]', { timeout: 30_000 });
      await clickUntil(options, `${mapping} summary`, () => options.$eval(mapping, (el) => (el as HTMLDetailsElement).open));
      await options.waitForSelector(select('element.metrics.status'), { timeout: 30_000 });
      const fields = await options.$$eval(`${mapping} [data-dealside="mapping-select"]`, (els) => els.map((e) => e.getAttribute('data-field')));
      expect(fields.filter((f) => f?.startsWith('element.')).map((f) => f!.split('.')[1])).toEqual(
        ['metrics', 'decision-criteria', 'decision-process', 'champion', 'competition'].flatMap((e) => [e, e, e]),
      );
      expect(await options.$eval('[data-dealside="mapping-elements-hint"]', (el) => el.textContent)).toMatch(/MEDDICC.*creates no CRM fields.*not sent/);
      const row = await options.$eval(select('element.metrics.status'), (el) => el.closest('tr')?.textContent ?? '');
      expect(row).toMatch(/^Metrics · status/);
      // nothing is mapped until the admin chooses (no property is created for elements)
      expect(await options.$eval(select('element.metrics.status'), (el) => (el as HTMLSelectElement).value)).toBe('');
      await options.select(select('element.metrics.status'), 'meddicc_metrics');
      await options.select(select('element.metrics.note'), 'meddicc_metrics_evidence');
      await options.click(`${mapping} [data-dealside="save-mapping"]`);
      await options.waitForSelector(`${mapping} [data-dealside="mapping-saved"]`, { timeout: 30_000 });
      // a field mapped anew is read again on every record by the next sync, and Options says so
      expect(await options.$eval(`${mapping} [data-dealside="mapping-saved"]`, (el) => el.textContent)).toMatch(/next sync reads these fields on every record/);

      // the rep answers Metrics on the contact's page: M, 5 (gain quantified), the evidence
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="framework-strip"][data-framework="meddicc"]', { timeout: 30_000 });
      await frame.click('[data-dealside="entity-name"]');
      await page.keyboard.press('m');
      await frame.waitForSelector('[data-dealside="bant-editor"][data-letter="metrics"]', { timeout: 30_000 });
      await page.keyboard.press('5');
      await frame.waitForFunction(() => document.querySelector('[data-dealside="framework-element"][data-element="metrics"]')?.getAttribute('data-status') === 'confirmed', { timeout: 30_000 });
      await page.keyboard.press('Enter');
      await page.keyboard.type('120 hours a month saved');
      await page.keyboard.press('Escape');

      await until('the metrics answer in HubSpot', () => fake.objects.deals.get(dealId)?.properties.meddicc_metrics === 'confirmed', 90_000);
      await until('the evidence in HubSpot', () => fake.objects.deals.get(dealId)?.properties.meddicc_metrics_evidence === '120 hours a month saved', 90_000);
      await outboxEmpty(options, 'hubspot');
      const status = await askBackground<{ connections: Array<{ system: string; outbox: { failed: number } }> }>(options, { type: 'sync/status' });
      expect(status.connections.find((c) => c.system === 'hubspot')?.outbox.failed).toBe(0);

      // a mapping only cleared reads nothing again, and the message says what clearing did
      await options.bringToFront();
      await options.select(select('element.metrics.note'), '');
      await options.click(`${mapping} [data-dealside="save-mapping"]`);
      await options.waitForFunction(
        (sel) => /no longer reads or writes the fields you cleared/.test(document.querySelector(sel)?.textContent ?? ''),
        { timeout: 30_000 },
        `${mapping} [data-dealside="mapping-saved"]`,
      );
      expect(await options.$eval(select('element.metrics.note'), (el) => (el as HTMLSelectElement).value)).toBe('');
      await page.close();
    }));
});
