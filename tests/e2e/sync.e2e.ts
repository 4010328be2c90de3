// Issue #6, end to end: the built extension's real service worker syncs with the local HubSpot
// fake (tests/fakes/hubspot.ts). The worker's requests to https://api.hubapi.com are routed to the
// fake through the DevTools Fetch domain on the service-worker target (the extension code is the
// shipped one, talking to HubSpot's real address). A BANT answer in the sidebar reaches HubSpot; a
// change made in HubSpot reaches the open sidebar after "Sync now"; a field changed on both sides
// is shown with both values and resolved by the rep; a buying-committee role becomes a HubSpot
// association label; a deal deleted in HubSpot while the rep works on it is kept, shown as
// deleted, and created again on the rep's click.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { HubspotFake } from '../fakes/hubspot';
import {
  PAGES,
  askBackground,
  clickUntil,
  openExtensionPage,
  openFixturePage,
  waitForSidebarFrame,
  withFailureScreenshot,
  type Launched,
  until,
} from './harness';
import { launchOnHubspotFake } from './crmRoute';

const TOKEN = 'pat-na1-test';
const CONTACT_ID = '51001';
const DEAL_URL = 'https://app.hubspot.com/contacts/4481234/record/0-3/71001';
const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture, [DEAL_URL]: 'hubspot/deal-71001.html' };

const ask = askBackground;

const connectionText = (options: Page, selector: string) =>
  options.$eval(`[data-dealside="connection"][data-system="hubspot"] ${selector}`, (el) => el.textContent ?? '').catch(() => '');

async function focusBant(frame: Frame) {
  await frame.waitForSelector('[data-dealside="moment-header"] [data-dealside="score"]', { timeout: 30_000 });
  await frame.click('[data-dealside="entity-name"]');
}

const budgetStatus = (frame: Frame) => frame.$eval('[data-dealside="bant-letter"][data-letter="budget"]', (el) => el.getAttribute('data-status'));

describe('CRM sync with HubSpot (local fake)', () => {
  let launched: Launched;
  let fake: HubspotFake;
  let route: Awaited<ReturnType<typeof launchOnHubspotFake>>['route'];
  let dealId: string;

  beforeAll(async () => {
    fake = new HubspotFake();
    await fake.start();
    // The records the fixture page shows, with the ids HubSpot gives them in the page's URL.
    const company = fake.seed('companies', { name: 'Iberia Logística', domain: 'iberialogistica.es', country: 'Spain' });
    // the contact's owner: a user of the portal (hubspot_owner_id holds the owner id, not the user id)
    const owner = fake.addOwner({ firstName: 'Carmen', lastName: 'Vidal', email: 'carmen.vidal@dealside-team.example' });
    (fake as unknown as { nextId: number }).nextId = Number(CONTACT_ID);
    const contact = fake.seed('contacts', {
      firstname: 'María José',
      lastname: 'García López',
      email: 'mjgarcia@iberialogistica.es',
      jobtitle: 'Directora de Operaciones',
      company: 'Iberia Logística',
      hubspot_owner_id: owner.id,
    });
    (fake as unknown as { nextId: number }).nextId = 71001;
    const deal = fake.seed('deals', {
      dealname: 'Iberia Logística — Plataforma 2027',
      amount: 48000,
      deal_currency_code: 'EUR',
      dealstage: 'qualifiedtobuy',
      pipeline: 'default',
      closedate: '2027-03-31T00:00:00.000Z',
    });
    dealId = deal.id;
    fake.associate('contacts', contact.id, 'companies', company.id);
    fake.associate('deals', deal.id, 'contacts', contact.id);
    fake.associate('deals', deal.id, 'companies', company.id);

    // A profile in which the user once allowed HubSpot's API host: "Connect" asks and is answered at once.
    ({ launched, route } = await launchOnHubspotFake({ extensionDir: inject('extensionDir'), chromePath: inject('chromePath') }, fake.url));
  });

  afterAll(async () => {
    await route?.stop();
    await launched?.close();
    await fake?.stop();
  });

  it('connects, pushes a BANT answer and a role, pulls a HubSpot change into the open sidebar, lets the rep resolve a conflict and recreate a deal deleted in HubSpot', () =>
    withFailureScreenshot('sync-hubspot', async () => {
      const { page: options } = await openExtensionPage(launched, 'options.html');
      await options.waitForSelector('[data-dealside="connection"][data-system="hubspot"][data-status="none"]', { timeout: 30_000 });

      // Salesforce sign-in is not set up yet: the button waits for an admin, and says so.
      // The sections above load on their own: click once the layout has settled.
      await options.waitForSelector('[data-dealside="workspace-mode"]', { timeout: 30_000 });
      await options.waitForSelector('[data-dealside="model-version"]', { timeout: 30_000 });
      await clickUntil(
        options,
        '[data-dealside="connection"][data-system="salesforce"] [data-dealside="connect-open"]',
        '[data-dealside="connection"][data-system="salesforce"] [data-dealside="connect-oauth"]',
      );
      const signIn = await options.$('[data-dealside="connection"][data-system="salesforce"] [data-dealside="connect-oauth"]');
      expect(await signIn!.evaluate((el) => (el as HTMLButtonElement).disabled)).toBe(true);
      expect(await options.$eval('[data-system="salesforce"] [data-dealside="sign-in"]', (el) => el.textContent ?? '')).toMatch(/an admin first enters your team’s app/);

      // The team's own data only: the demo records never sync.
      await ask(options, { type: 'workspace/remove-demo' });
      await options.waitForSelector('[data-dealside="load-demo"]', { timeout: 30_000 }); // re-rendered without the demo
      // Connect as a user does: paste the private-app token, click Connect (the host permission is
      // asked in the click and, allowed before in this profile, granted at once).
      await clickUntil(options, '[data-dealside="connection"][data-system="hubspot"] [data-dealside="connect-open"]', '[data-system="hubspot"] [data-dealside="connect-token"]');
      await options.type('[data-system="hubspot"] [data-dealside="connect-token"]', TOKEN);
      await options.click('[data-system="hubspot"] [data-dealside="connect"]');
      const view = await until('the HubSpot connection', async () => {
        const status = await ask<{ connections: Array<{ system: string; status: string; label: string }> }>(options, { type: 'sync/status' });
        return status.connections.find((c) => c.system === 'hubspot');
      });
      expect(view.status).toBe('connected');
      expect(view.label).toContain('4481234');

      // The options page follows the first sync live (event/sync-changed), without a reload.
      await options.waitForSelector('[data-dealside="connection"][data-system="hubspot"][data-status="connected"]', { timeout: 90_000 });
      await until('the first sync in the options page', async () => !/never/.test(await connectionText(options, '[data-dealside="last-sync"]')));
      expect(await connectionText(options, '[data-dealside="outbox-count"]')).toMatch(/^0 pending/);
      expect(await options.$eval('[data-system="hubspot"] [data-dealside="api-budget"]', (el) => el.getAttribute('data-limit'))).toBeTruthy();
      expect(route.requests()).toBeGreaterThan(5);

      // Field mapping: HubSpot's deal properties are listed, BANT already mapped to Dealside's own.
      await clickUntil(options, '[data-system="hubspot"] [data-dealside="field-mapping"] summary', () =>
        options.$eval('[data-system="hubspot"] [data-dealside="field-mapping"]', (el) => (el as HTMLDetailsElement).open),
      );
      const mapped = '[data-system="hubspot"] [data-dealside="mapping-select"][data-field="bant.budget.status"]';
      await options.waitForFunction((sel) => (document.querySelector(sel) as HTMLSelectElement | null)?.value === 'dealside_budget_status', { timeout: 30_000 }, mapped);
      const choices = await options.$$eval(`${mapped} option`, (els) => els.map((e) => (e as HTMLOptionElement).value));
      expect(choices).toContain('dealname');
      // The fields the account plan only reads: the deal type on deals (mapped on connect), the ABM
      // tier and the marketing owner on accounts (the team maps them).
      await options.waitForFunction((sel) => (document.querySelector(sel) as HTMLSelectElement | null)?.value === 'dealtype', { timeout: 30_000 }, '[data-system="hubspot"] [data-dealside="mapping-select"][data-field="dealType"]');
      // the CRM's last activity, mapped on connect: a read-only property, offered on its own row
      // and not among the fields a BANT answer may be written to
      const lastActivity = '[data-system="hubspot"] [data-dealside="mapping-select"][data-field="crmActivityAt"]';
      await options.waitForFunction((sel) => (document.querySelector(sel) as HTMLSelectElement | null)?.value === 'notes_last_updated', { timeout: 30_000 }, lastActivity);
      expect(await options.$eval(lastActivity, (el) => el.closest('tr')?.textContent ?? '')).toMatch(/^Last activity in the CRM/);
      expect(await options.$$eval(`${mapped} option`, (els) => els.map((e) => (e as HTMLOptionElement).value))).not.toContain('notes_last_updated');
      await options.click('[data-system="hubspot"] [data-dealside="mapping-entity"][data-entity="account"]');
      const tier = '[data-system="hubspot"] [data-dealside="mapping-select"][data-field="tier"]';
      // an option's value, not its attribute: the UI runtime leaves out a value equal to the text
      await options.waitForFunction(
        (sel) => [...((document.querySelector(sel) as HTMLSelectElement | null)?.options ?? [])].some((o) => o.value === 'hs_ideal_customer_profile'),
        { timeout: 30_000 },
        tier,
      );
      expect(await options.$eval(tier, (el) => (el as HTMLSelectElement).value)).toBe('');
      expect(await options.$('[data-system="hubspot"] [data-dealside="mapping-select"][data-field="marketingOwnerId"]')).not.toBeNull();
      expect(await options.$('[data-system="hubspot"] [data-dealside="mapping-select"][data-field="bant.budget.status"]')).toBeNull();
      await options.click('[data-system="hubspot"] [data-dealside="mapping-entity"][data-entity="deal"]');

      // The contact's page shows the record pulled from HubSpot.
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForFunction(() => document.body.textContent?.includes('Directora de Operaciones'), { timeout: 30_000 });
      expect(await frame.$('[data-dealside="demo-badge"]')).toBeNull();
      // … and who owns it there, by name (HubSpot's owners became the workspace's users)
      await frame.waitForFunction(() => document.body.textContent?.includes('owned by Carmen Vidal'), { timeout: 30_000 });

      // A BANT answer reaches HubSpot's deal properties.
      await focusBant(frame);
      await page.keyboard.press('b');
      await page.keyboard.press('5'); // budget approved
      await frame.waitForFunction(() => /Budget saved/.test(document.querySelector('[data-dealside="save-status"]')?.textContent ?? ''), { timeout: 30_000 });
      await until('the budget answer in HubSpot', () => fake.objects.deals.get(dealId)?.properties.dealside_budget_answer === 'approved');
      expect(fake.objects.deals.get(dealId)?.properties.dealside_budget_status).toBe('confirmed');
      expect(await budgetStatus(frame)).toBe('confirmed');

      // No touch of hers is known yet.
      expect(await frame.$eval('body', (el) => el.textContent ?? '')).not.toMatch(/touched \d+ days? ago/);
      // Someone changes the contact in HubSpot, and her owner logs a call with her there three days
      // ago (HubSpot moves her Last Activity Date); "Sync now" brings both to the open sidebar.
      fake.edit('contacts', CONTACT_ID, { jobtitle: 'Chief Operating Officer' });
      const call = fake.seed('calls', { hs_timestamp: new Date(Date.now() - 3 * 86_400_000).toISOString(), hs_call_title: 'Seguimiento', hubspot_owner_id: fake.owners[0]!.id });
      fake.associate('calls', call.id, 'contacts', CONTACT_ID);
      await options.bringToFront();
      await options.click('[data-system="hubspot"] [data-dealside="sync-now"]');
      await page.bringToFront();
      await frame.waitForFunction(() => document.body.textContent?.includes('Chief Operating Officer'), { timeout: 30_000 });
      await frame.waitForFunction(() => document.body.textContent?.includes('owned by Carmen Vidal · touched 3 days ago'), { timeout: 30_000 });

      // The same field changed on both sides: HubSpot says "negative", the rep (not synced yet) "partial".
      fake.edit('deals', dealId, { dealside_budget_status: 'negative' });
      await focusBant(frame);
      await page.keyboard.press('b');
      await page.keyboard.press('2'); // partial
      const conflict = '[data-dealside="conflicts"] [data-dealside="conflict"][data-field="bant.budget.status"]';
      await frame.waitForSelector(conflict, { timeout: 30_000 });
      expect(await frame.$eval(`${conflict} [data-dealside="conflict-local"]`, (el) => el.textContent)).toBe('partial');
      expect(await frame.$eval(`${conflict} [data-dealside="conflict-remote"]`, (el) => el.textContent)).toBe('negative');
      const panel = await frame.$eval('[data-dealside="conflicts"]', (el) => (el as HTMLElement).innerText);
      expect(panel).toMatch(/Yours: partial/);
      expect(panel).toMatch(/In HubSpot: negative/);
      // Nothing was overwritten while the rep decides.
      expect(fake.objects.deals.get(dealId)?.properties.dealside_budget_status).toBe('negative');
      await until('the conflict count in the options page', async () => (await connectionText(options, '[data-dealside="conflict-count"]')) === '1');

      // The rep keeps theirs: it is pushed over HubSpot's value, and the panel goes away.
      await frame.click(`${conflict} [data-dealside="conflict-keep-local"]`);
      await frame.waitForFunction(() => !document.querySelector('[data-dealside="conflicts"]'), { timeout: 30_000 });
      await until('the rep\'s value in HubSpot', () => fake.objects.deals.get(dealId)?.properties.dealside_budget_status === 'partial');
      expect(await budgetStatus(frame)).toBe('partial');
      await until('no conflict left in the options page', async () => (await connectionText(options, '[data-dealside="conflict-count"]')) === '0');

      // Roles: the mapping screen shows HubSpot's association labels Dealside created on connect …
      await options.bringToFront();
      await clickUntil(options, '[data-system="hubspot"] [data-dealside="role-mapping"] summary', () =>
        options.$eval('[data-system="hubspot"] [data-dealside="role-mapping"]', (el) => (el as HTMLDetailsElement).open),
      );
      const championMap = '[data-system="hubspot"] [data-dealside="role-select"][data-role="champion"]';
      await options.waitForFunction((sel) => !!(document.querySelector(sel) as HTMLSelectElement | null)?.value, { timeout: 30_000 }, championMap);
      expect(await options.$eval(championMap, (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '')).toMatch(/Champion/);
      // … and the rep marks María José as the champion in the sidebar: HubSpot labels her on the deal.
      await page.bringToFront();
      const member = await frame.$$eval('[data-dealside="committee-member"]', (els) => els.findIndex((el) => (el.textContent ?? '').includes('María José')));
      expect(member).toBeGreaterThanOrEqual(0);
      await frame.select(`[data-dealside="committee-member"]:nth-child(${member + 1}) [data-dealside="committee-role"]`, 'champion');
      await until('the champion label in HubSpot', () => fake.labelsOf(dealId, CONTACT_ID).includes('Champion'));

      // The deal is deleted in HubSpot while the rep works on it: the next answer cannot be sent,
      // the deal is kept (with the rep's answers) and its page says so, with what to do.
      fake.archive('deals', dealId);
      await focusBant(frame);
      await page.keyboard.press('n');
      await page.keyboard.press('3'); // need confirmed
      await until('the refused change', async () => {
        const outbox = await ask<Array<{ state: string; lastError?: { code: string } }>>(options, { type: 'sync/outbox', system: 'hubspot' });
        return outbox.some((e) => e.state === 'failed' && e.lastError?.code === 'not-found');
      });
      const { page: dealPage } = await openFixturePage(launched.browser, DEAL_URL, ROUTES);
      const dealFrame = await waitForSidebarFrame(dealPage);
      const notice = await dealFrame.waitForSelector('[data-dealside="crm-deleted"]', { timeout: 30_000 });
      expect(await notice!.evaluate((el) => el.textContent)).toMatch(/Deleted in HubSpot/);
      // The rep creates it again in HubSpot, with everything Dealside knows of it.
      await dealFrame.click('[data-dealside="crm-deleted-recreate"]');
      const again = await until('the deal created again in HubSpot', () =>
        [...fake.objects.deals.values()].find((d) => !d.archived && d.id !== dealId && d.properties.dealname === 'Iberia Logística — Plataforma 2027'),
      );
      await until('its answers and contact in HubSpot', () => {
        const d = fake.objects.deals.get(again.id)!;
        return d.properties.dealside_need_status === 'confirmed' && d.properties.dealside_budget_status === 'partial' && fake.associated('deals', again.id, 'contacts').includes(CONTACT_ID);
      });
      await until('nothing left to send', async () => (await ask<unknown[]>(options, { type: 'sync/outbox', system: 'hubspot' })).length === 0);

      // The token is revoked in HubSpot: the card says what happened and what to do, once, and the
      // rep's next answer waits for the reconnect instead of being lost.
      fake.tokens.delete(TOKEN);
      await options.bringToFront();
      await options.click('[data-system="hubspot"] [data-dealside="sync-now"]');
      const card = '[data-dealside="connection"][data-system="hubspot"]';
      await options.waitForSelector(`${card}[data-status="reconnect-needed"]`, { timeout: 30_000 });
      const cardText = await options.$eval(card, (el) => (el as HTMLElement).innerText);
      expect(cardText).toMatch(/Reconnect needed/);
      expect(cardText.split('no longer accepts Dealside').length - 1).toBe(1);
      expect(await options.$(`${card} [data-dealside="connect-token"]`)).not.toBeNull();
      // The sidebar tells the rep too, and what they answer now is kept and counted as waiting.
      await page.bringToFront();
      const syncNotice = '[data-dealside="sync-notice"][data-system="hubspot"]';
      await frame.waitForSelector(syncNotice, { timeout: 30_000 });
      expect(await frame.$eval(syncNotice, (el) => (el as HTMLElement).innerText)).toMatch(/HubSpot needs you to reconnect/);
      await focusBant(frame);
      await page.keyboard.press('t');
      await page.keyboard.press('5');
      await frame.waitForFunction((sel) => /1 waiting to be sent to HubSpot/.test(document.querySelector(sel)?.textContent ?? ''), { timeout: 30_000 }, syncNotice);

      await dealPage.close();
      await page.close();
      await options.close();
    }));
});
