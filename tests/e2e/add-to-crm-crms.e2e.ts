// Issue #12, end to end with Salesforce and Pipedrive (HubSpot: add-to-crm-hubspot.e2e.ts): the
// built extension's service worker connected by token to the local fake of each CRM, routed at the
// CRM's real API address. On the LinkedIn profile of someone new the SDR adds her — as a lead in
// Salesforce (a Lead with Company, no Account), as a contact with her company in Pipedrive (a
// person and an organization, linked) — although the CRM's first answer to the create is lost;
// the sidebar then links to the record in that CRM, and a call logged from the sidebar becomes one
// Salesforce Task or one Pipedrive call activity on her.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { SalesforceFake } from '../fakes/salesforce';
import { PipedriveFake } from '../fakes/pipedrive';
import { PAGES, launchWithExtension, openExtensionPage, openFixturePage, tabIdOf, until, withFailureScreenshot, type Launched } from './harness';
import { connectCrm, outboxEmpty, routeCrmToFake, type CrmRoute } from './crmRoute';

const ROUTES = { [PAGES.linkedinAna.url]: PAGES.linkedinAna.fixture };
const SF_INSTANCE = 'https://iberia-analytics.my.salesforce.com';
const PD_API = 'https://api.pipedrive.com';

/** Ana Belén Soto's profile with the side panel beside it; the form opened and checked by the gate. */
async function openAddForm(launched: Launched): Promise<{ page: Page; panel: Page }> {
  const { page } = await openFixturePage(launched.browser, PAGES.linkedinAna.url, ROUTES);
  const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
  const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
  await panel.setViewport({ width: 400, height: 900 });
  await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'new', { timeout: 60_000 });
  await panel.click('[data-dealside="add-to-crm"]');
  await panel.waitForSelector('[data-dealside="add-form"]', { timeout: 30_000 });
  await panel.waitForFunction(() => !/Checking|Comprobando/.test(document.querySelector('[data-dealside="add-form"]')?.textContent ?? ''), { timeout: 30_000 });
  expect(await panel.$('[data-dealside="add-gate"]')).toBeNull();
  return { page, panel };
}

/** "Log a touch" → a call, with the note typed over what was prefilled. */
async function logCall(panel: Page, note: string): Promise<void> {
  await panel.click('[data-dealside="log-touch"]');
  await panel.waitForSelector('[data-dealside="log-touch-form"]', { timeout: 30_000 });
  await panel.click('[data-dealside="touch-call"]');
  await panel.$eval('[data-dealside="touch-text"]', (el) => (el as HTMLTextAreaElement).select());
  await panel.keyboard.press('Backspace');
  await panel.type('[data-dealside="touch-text"]', note);
  await panel.click('[data-dealside="touch-save"]');
}

describe('Add to CRM and log a touch with Salesforce connected', () => {
  let launched: Launched;
  let fake: SalesforceFake;
  let route: CrmRoute;
  beforeAll(async () => {
    fake = new SalesforceFake({ orgName: 'Iberia Analytics S.L.' });
    await fake.start();
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
    route = await routeCrmToFake(launched, `${SF_INSTANCE}/`, fake.url);
  });
  afterAll(async () => {
    await route?.stop();
    await launched?.close();
    await fake?.stop();
  });

  it('one Lead with her company under a lost answer, a link to it, and a call logged once as a Task', () =>
    withFailureScreenshot('add-to-crm-salesforce', async () => {
      const options = await connectCrm(launched, 'salesforce', '00D-session-token', { addAs: 'lead', baseUrl: SF_INSTANCE });
      fake.failNext(1, 'lost-response', (r) => r.method === 'PATCH' && r.path.endsWith('/composite/sobjects/Lead/Dealside_Id__c'));
      const { page, panel } = await openAddForm(launched);
      expect(await panel.$eval('[data-dealside="add-kind-lead"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
      await panel.click('[data-dealside="add-submit"]');

      const link = await panel.waitForSelector('[data-dealside="sync-state"][data-state="in-crm"] [data-dealside="crm-link"][data-system="salesforce"]', { timeout: 90_000 });
      await outboxEmpty(options, 'salesforce');
      const leads = fake.find('Lead', 'LastName', 'Soto');
      expect(fake.counters.faults).toBe(1);
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({ FirstName: 'Ana Belén', Title: 'Responsable de Compras', Company: 'Grupo Sotomar' });
      expect(String(leads[0]!.Dealside_LinkedIn_URL__c)).toMatch(/linkedin\.com\/in\/anabelensoto/);
      expect(fake.find('Account', 'Name', 'Grupo Sotomar')).toEqual([]); // a lead names its company; no Account yet
      expect(await link!.evaluate((el) => (el as HTMLAnchorElement).href)).toBe(`${SF_INSTANCE}/lightning/r/Lead/${leads[0]!.Id}/view`);

      fake.failNext(1, 'lost-response', (r) => r.method !== 'GET' && /\/sobjects\/Task|\/composite\/sobjects/.test(r.path));
      await logCall(panel, 'Primera llamada\nPresupuesto aprobado para 2027');
      const task = await until('the Task in Salesforce', () => [...(fake.records.Task?.values() ?? [])][0]);
      await outboxEmpty(options, 'salesforce');
      expect(fake.records.Task!.size).toBe(1);
      expect(task).toMatchObject({ Subject: 'Primera llamada', WhoId: leads[0]!.Id, Status: 'Completed' });
      expect(String(task.Description)).toMatch(/Presupuesto aprobado para 2027/);
      expect(fake.counters.faults).toBe(2);
      await panel.close();
      await page.close();
      await options.close();
    }));
});

describe('Add to CRM and log a touch with Pipedrive connected', () => {
  let launched: Launched;
  let fake: PipedriveFake;
  let route: CrmRoute;
  beforeAll(async () => {
    fake = new PipedriveFake();
    await fake.start();
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
    route = await routeCrmToFake(launched, `${PD_API}/`, fake.url);
  });
  afterAll(async () => {
    await route?.stop();
    await launched?.close();
    await fake?.stop();
  });

  it('one person and one organization, linked, under a lost answer; a link to her; a call logged once', () =>
    withFailureScreenshot('add-to-crm-pipedrive', async () => {
      const options = await connectCrm(launched, 'pipedrive', fake.token, { addAs: 'contact' });
      fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/api/v2/persons');
      const { page, panel } = await openAddForm(launched);
      expect(await panel.$eval('[data-dealside="add-create-company"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
      await panel.click('[data-dealside="add-submit"]');

      const link = await panel.waitForSelector('[data-dealside="sync-state"][data-state="in-crm"] [data-dealside="crm-link"][data-system="pipedrive"]', { timeout: 90_000 });
      await outboxEmpty(options, 'pipedrive');
      const people = [...fake.objects.persons.values()];
      const orgs = [...fake.objects.organizations.values()];
      expect(fake.counters.faults).toBe(1);
      expect(people.map((p) => p.name)).toEqual(['Ana Belén Soto']);
      expect(orgs.map((o) => o.name)).toEqual(['Grupo Sotomar']);
      await until('her organization', () => fake.objects.persons.get(people[0]!.id)?.org_id === orgs[0]!.id);
      expect(await link!.evaluate((el) => (el as HTMLAnchorElement).href)).toBe(`https://iberia-analytics.pipedrive.com/person/${people[0]!.id}`);

      fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/v1/activities');
      await logCall(panel, 'Primera llamada\nPresupuesto aprobado para 2027');
      const call = await until('the call in Pipedrive', () => [...fake.activities.values()][0]);
      await outboxEmpty(options, 'pipedrive');
      expect(fake.activities.size).toBe(1);
      expect(call).toMatchObject({ type: 'call', subject: 'Primera llamada', done: true, person_id: people[0]!.id, org_id: orgs[0]!.id });
      expect(fake.counters.faults).toBe(2);
      await panel.close();
      await page.close();
      await options.close();
    }));
});
