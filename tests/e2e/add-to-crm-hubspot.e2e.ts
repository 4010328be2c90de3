// Issue #12, end to end with a CRM: the built extension's service worker connected to the local
// HubSpot fake (tests/fakes/hubspot.ts, routed as in sync.e2e.ts). On the LinkedIn profile of
// someone new, "Add as contact" with her company makes exactly one contact, one company and their
// association in HubSpot although HubSpot's first answer to the contact's creation is lost (the
// contact was made; the answer never came), and the sidebar then says "in the CRM · yours" with a
// link that opens the contact in HubSpot. A call the SDR then logs becomes one HubSpot call,
// associated to her contact and company. The service worker stopped while HubSpot is making the
// next person's contact: the worker that starts again finds it, and there is still one.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Target } from 'puppeteer-core';
import { HubspotFake } from '../fakes/hubspot';
import { PAGES, askBackground, launchWithExtension, openExtensionPage, openFixturePage, tabIdOf, until, waitForSidebarFrame, withFailureScreenshot, type Launched } from './harness';
import { connectCrm, outboxEmpty, routeHubspotToFake } from './crmRoute';

const TOKEN = 'pat-na1-test';
const ROUTES = { [PAGES.linkedinAna.url]: PAGES.linkedinAna.fixture };

describe('Add to CRM with HubSpot connected', () => {
  let launched: Launched;
  let fake: HubspotFake;
  let route: Awaited<ReturnType<typeof routeHubspotToFake>>;
  /** set by a test: stop the extension's service worker while this request's answer is on its way */
  let stopWorkerOn: ((r: { method: string; path: string }) => Promise<'stop-worker' | undefined>) | undefined;

  beforeAll(async () => {
    fake = new HubspotFake();
    await fake.start();
    // A profile in which the user once allowed HubSpot's API host.
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), granted: { origins: ['https://api.hubapi.com/*'] } });
    route = await routeHubspotToFake(launched, fake.url, { afterAnswer: async (r) => (await stopWorkerOn?.(r)) ?? undefined });
  });

  afterAll(async () => {
    await route?.stop();
    await launched?.close();
    await fake?.stop();
  });

  it('makes one contact, one company and their association under a lost answer, links to the contact, and logs a call once', () =>
    withFailureScreenshot('add-to-crm-hubspot', async () => {
      // The team's own data only (demo records never sync); contacts are the team's default.
      const options = await connectCrm(launched, 'hubspot', TOKEN, { addAs: 'contact' });
      // HubSpot makes the contact, and its answer is lost on the way back.
      fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts/batch/upsert');

      const { page } = await openFixturePage(launched.browser, PAGES.linkedinAna.url, ROUTES);
      const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
      const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
      await panel.setViewport({ width: 400, height: 900 });
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'new', { timeout: 60_000 });
      await panel.click('[data-dealside="add-to-crm"]');
      await panel.waitForSelector('[data-dealside="add-form"]', { timeout: 30_000 });
      expect(await panel.$eval('[data-dealside="add-kind-contact"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
      expect(await panel.$eval('[data-dealside="add-create-company"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
      await panel.waitForFunction(() => !/Checking|Comprobando/.test(document.querySelector('[data-dealside="add-form"]')?.textContent ?? ''), { timeout: 30_000 });
      expect(await panel.$('[data-dealside="add-gate"]')).toBeNull();
      await panel.click('[data-dealside="add-submit"]');

      // The sidebar turns to "in the CRM · yours" once HubSpot has accepted her, with her link.
      const link = await panel.waitForSelector('[data-dealside="sync-state"][data-state="in-crm"] [data-dealside="crm-link"][data-system="hubspot"]', { timeout: 90_000 });
      expect(await panel.$eval('[data-dealside="sync-state"]', (el) => el.textContent ?? '')).toMatch(/In the CRM · yours/);
      const contacts = [...fake.objects.contacts.values()].filter((c) => !c.archived);
      const companies = [...fake.objects.companies.values()].filter((c) => !c.archived);
      expect(fake.counters.faults).toBe(1);
      expect(contacts).toHaveLength(1);
      expect(companies).toHaveLength(1);
      expect(contacts[0]!.properties).toMatchObject({ firstname: 'Ana Belén', lastname: 'Soto', jobtitle: 'Responsable de Compras' });
      expect(contacts[0]!.properties.hs_linkedin_url).toMatch(/linkedin\.com\/in\/anabelensoto/);
      expect(companies[0]!.properties.name).toBe('Grupo Sotomar');
      expect(await link!.evaluate((el) => (el as HTMLAnchorElement).href)).toBe(`https://app.hubspot.com/contacts/4481234/record/0-1/${contacts[0]!.id}`);
      await until('the association', () => fake.associated('contacts', contacts[0]!.id, 'companies').length > 0);
      expect(fake.associated('contacts', contacts[0]!.id, 'companies')).toEqual([companies[0]!.id]);
      // Nothing is left to send, and nothing was made twice.
      await outboxEmpty(options, 'hubspot');
      expect([...fake.objects.contacts.values()].filter((c) => !c.archived)).toHaveLength(1);
      expect([...fake.objects.companies.values()].filter((c) => !c.archived)).toHaveLength(1);

      // The call she just had, logged from the sidebar, reaches HubSpot once, on her and her company
      // (its answer lost too).
      fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/crm/v3/objects/calls/batch/upsert');
      await panel.click('[data-dealside="log-touch"]');
      await panel.waitForSelector('[data-dealside="log-touch-form"]', { timeout: 30_000 });
      await panel.click('[data-dealside="touch-call"]');
      // the note as the SDR types it, over what was prefilled (two lines: the first is the call's title)
      await panel.click('[data-dealside="touch-text"]', { count: 3 });
      await panel.keyboard.down('Control');
      await panel.keyboard.press('a');
      await panel.keyboard.up('Control');
      await panel.keyboard.press('Backspace');
      await panel.type('[data-dealside="touch-text"]', 'Primera llamada\nPresupuesto aprobado para 2027');
      await panel.click('[data-dealside="touch-save"]');
      const call = await until('the call in HubSpot', () => [...fake.objects.calls.values()][0]);
      expect(call.properties).toMatchObject({ hs_call_title: 'Primera llamada', hs_call_body: 'Presupuesto aprobado para 2027', hs_call_status: 'COMPLETED' });
      await until('the call’s associations', () => fake.associated('calls', call.id, 'companies').length > 0);
      expect(fake.associated('calls', call.id, 'contacts')).toEqual([contacts[0]!.id]);
      expect(fake.associated('calls', call.id, 'companies')).toEqual([companies[0]!.id]);
      await outboxEmpty(options, 'hubspot');
      expect(fake.objects.calls.size).toBe(1);
      expect(fake.counters.faults).toBe(2);
      await panel.close();
      await page.close();
      await options.close();
    }));

  it('the worker stopped while HubSpot makes the contact: the next worker finds it, one contact', () =>
    withFailureScreenshot('add-to-crm-hubspot-restart', async () => {
      const { page: options } = await openExtensionPage(launched, 'options.html');
      const before = [...fake.objects.contacts.values()].length;
      let stopped = false;
      let workerGone = 0;
      const onGone = (t: Target) => {
        if (t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${launched.extensionId}/`)) workerGone++;
      };
      launched.browser.on('targetdestroyed', onGone);
      stopWorkerOn = async (r) => {
        if (stopped || r.method !== 'POST' || r.path !== '/crm/v3/objects/contacts/batch/upsert') return undefined;
        stopped = true;
        // HubSpot has made the contact; the worker is stopped before it reads the answer.
        return 'stop-worker';
      };
      const { page } = await openFixturePage(launched.browser, PAGES.linkedinJuanCarlos.url, { [PAGES.linkedinJuanCarlos.url]: PAGES.linkedinJuanCarlos.fixture });
      const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
      const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
      await panel.setViewport({ width: 400, height: 900 });
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'new', { timeout: 60_000 });
      await panel.click('[data-dealside="add-to-crm"]');
      await panel.waitForSelector('[data-dealside="add-form"]', { timeout: 30_000 });
      await panel.waitForFunction(() => !/Checking|Comprobando/.test(document.querySelector('[data-dealside="add-form"]')?.textContent ?? ''), { timeout: 30_000 });
      await panel.click('[data-dealside="add-submit"]');
      await until('the worker stopped mid-create', () => stopped && workerGone > 0);
      launched.browser.off('targetdestroyed', onGone);
      // The worker starts again (a message wakes it) and sends what its outbox still holds.
      const made = await until(
        'his contact accepted',
        async () => {
          const status = await askBackground<{ connections: Array<{ system: string; outbox: { pending: number } }> }>(options, { type: 'sync/status' }).catch(() => undefined);
          return status?.connections.find((c) => c.system === 'hubspot')?.outbox.pending === 0 ? [...fake.objects.contacts.values()].filter((c) => c.properties.lastname?.includes('Pérez')) : undefined;
        },
        90_000,
      );
      expect(made).toHaveLength(1);
      expect([...fake.objects.contacts.values()]).toHaveLength(before + 1);
      const link = await panel.waitForSelector('[data-dealside="sync-state"][data-state="in-crm"] [data-dealside="crm-link"]', { timeout: 60_000 });
      expect(await link!.evaluate((el) => (el as HTMLAnchorElement).href)).toBe(`https://app.hubspot.com/contacts/4481234/record/0-1/${made[0]!.id}`);
      stopWorkerOn = undefined;
      await panel.close();
      await page.close();
      await options.close();
    }));

  it("a HubSpot record page whose record is not in Dealside's copy yet says it is in HubSpot, and offers no second one", () =>
    withFailureScreenshot('add-to-crm-hubspot-unsynced', async () => {
      // connected (the first test), and this contact exists in HubSpot but not in the fake's first pull
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture });
      const frame = await waitForSidebarFrame(page);
      await frame.waitForFunction(() => /In HubSpot, not yet in Dealside/.test(document.querySelector('[data-dealside="verdict"]')?.textContent ?? ''), { timeout: 60_000 });
      expect(await frame.$eval('[data-dealside="verdict"]', (el) => el.textContent ?? '')).toMatch(/arrives with the next sync/);
      expect(await frame.$('[data-dealside="add-to-crm"]')).toBeNull();
      await page.close();
    }));
});
