// Issue #17 point 7, end to end: Zoho CRM in the built extension. An admin enters the team's Zoho
// API console client id in Options → Connections and copies the callback URL; the rep chooses the
// account's data centre (zoho.eu) and clicks "Sign in with Zoho": the identity window opens Zoho
// Accounts' authorize page, which redirects to https://<extension id>.chromiumapp.org/ with a
// code, the location and the accounts server; the service worker exchanges it (PKCE) at that data
// centre's Accounts server, keeps the token reply's api_domain, the first sync runs, the deal's
// page shows it in the sidebar, a BANT answer there reaches the deal's Dealside_* fields, and a
// rename in Zoho comes back with "Sync now". Zoho Accounts and the API are the local fake
// (tests/fakes/zoho.ts), reached at their real addresses (accounts.zoho.eu, www.zohoapis.eu)
// through the DevTools Fetch domain. The profile is one where the user already allowed the
// identity API and the EU data centre's two hosts (a headless browser cannot click the permission
// prompt itself); crm.zoho.eu, where the deal's page is, is a CRM host the extension already has.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame } from 'puppeteer-core';
import { ZohoFake } from '../fakes/zoho';
import { askBackground, forwardRequests, launchWithExtension, openFixturePage, until, waitForSidebarFrame, withFailureScreenshot, openSignInSetUp, type Launched } from './harness';

const API = 'https://www.zohoapis.eu';
const ACCOUNTS = 'https://accounts.zoho.eu';
const CLIENT_ID = '1000.ACMELOGISTICS0DEALSIDE0000001';
const DEAL_ID = '4876876000000456789';
const DEAL_URL = `https://crm.zoho.eu/crm/org20071234/tab/Potentials/${DEAL_ID}`;
const ROUTES = { [DEAL_URL]: 'zoho/potential-iberia-analytics.html' };

const ask = askBackground;

async function focusBant(frame: Frame) {
  await frame.waitForSelector('[data-dealside="moment-header"] [data-dealside="score"]', { timeout: 30_000 });
  await frame.click('[data-dealside="entity-name"]');
}

describe('Zoho CRM sync (sign-in at the EU data centre, local Zoho CRM fake)', () => {
  let launched: Launched;
  let fake: ZohoFake;
  let routes: Awaited<ReturnType<typeof forwardRequests>>;

  beforeAll(async () => {
    // an org where no one added Dealside's fields: the rep, who may customize Zoho CRM, signs in
    fake = new ZohoFake({ publicUrl: API, accountsUrl: ACCOUNTS, location: 'eu', orgName: 'Acme Logistics', dealsideFields: false });
    await fake.start();
    const account = fake.insert('Accounts', { Account_Name: 'Iberia Logística S.L.', Website: 'https://iberia-logistica.example' });
    fake.insert('Deals', { id: DEAL_ID, Deal_Name: 'Iberia Logística — Ampliación Analytics', Stage: 'Needs Analysis', Amount: 48000, Account_Name: String(account.id) });
    launched = await launchWithExtension(inject('extensionDir'), {
      executablePath: inject('chromePath'),
      granted: { permissions: ['identity'], origins: [`${ACCOUNTS}/*`, `${API}/*`] },
    });
    fake.apps.set(CLIENT_ID, { redirectUri: `https://${launched.extensionId}.chromiumapp.org/` });
    routes = await forwardRequests(launched, [
      { prefix: `${ACCOUNTS}/`, to: `${fake.url}/` },
      { prefix: `${API}/`, to: `${fake.url}/` },
    ]);
  }, 90_000);

  afterAll(async () => {
    await routes?.stop();
    await launched?.close();
    await fake?.stop();
  });

  it('an admin sets up the client; a rep signs in at the EU data centre, Dealside makes its fields, the first sync runs, a BANT answer reaches Zoho and a change comes back', () =>
    withFailureScreenshot('zoho-sync', async () => {
      const { options, card, signIn, signInDisabled, redirect } = await openSignInSetUp(launched, 'zoho', 30_000);
      expect(signInDisabled).toBe(true);

      // The admin: the callback URL to register, then the client id.
      expect(redirect).toBe(`https://${launched.extensionId}.chromiumapp.org/`);
      await options.type(`${card} [data-dealside="oauth-client-id"]`, 'not-a-client');
      await options.click(`${card} [data-dealside="oauth-save"]`);
      const refused = await options.waitForSelector(`${card} [data-dealside="oauth-error"]`, { timeout: 30_000 });
      expect(await refused!.evaluate((el) => el.textContent)).toMatch(/Zoho client id/);
      await options.click(`${card} [data-dealside="oauth-client-id"]`, { clickCount: 3 });
      await options.type(`${card} [data-dealside="oauth-client-id"]`, CLIENT_ID);
      await options.click(`${card} [data-dealside="oauth-save"]`);
      await options.waitForSelector(`${card} [data-dealside="oauth-saved"]`, { timeout: 30_000 });

      // The rep: the data centre, then one click.
      await options.select(`${card} [data-dealside="connect-data-centre"]`, 'eu');
      await options.waitForFunction((sel) => !(document.querySelector(sel) as HTMLButtonElement | null)?.disabled, { timeout: 30_000 }, signIn);
      await options.click(signIn);
      await options.waitForSelector(`${card}[data-status="connected"]`, { timeout: 90_000 });
      expect(routes.count(`${ACCOUNTS}/`)).toBeGreaterThanOrEqual(2); // authorize, token
      const status = await ask<{ connections: Array<{ system: string; authKind: string; label: string; lastPullAt?: string }> }>(options, { type: 'sync/status' });
      expect(status.connections.find((c) => c.system === 'zoho')).toMatchObject({ authKind: 'oauth', label: 'Zoho CRM Acme Logistics' });
      // Dealside made its fields in Zoho on connect, and the card says so
      const message = await options.waitForSelector(`${card} [data-dealside="connection-message"]`, { timeout: 30_000 });
      expect(await message!.evaluate((el) => el.textContent)).toMatch(/^Dealside added its fields to Zoho CRM: 1 in Accounts, 2 in Contacts, 17 in Leads, 16 in Deals\./);
      expect(fake.createdFields.get('Deals')?.map((f) => f.api_name)).toContain('Dealside_Budget_Answer');
      await until('the first sync', async () => !!(await ask<{ connections: Array<{ system: string; lastPullAt?: string }> }>(options, { type: 'sync/status' })).connections.find((c) => c.system === 'zoho')?.lastPullAt, 90_000);
      expect(routes.count(`${API}/`)).toBeGreaterThan(5);
      // the signed-in Zoho user signs the answers
      expect(await ask<{ current?: { userId: string; name: string }; fromCrm: boolean }>(options, { type: 'settings/me-get' })).toMatchObject({ current: { userId: `zoho-user-${fake.currentUserId}`, name: 'Lucía Romero' }, fromCrm: true });

      // The deal's page in Zoho CRM shows the pulled record in the sidebar …
      const { page } = await openFixturePage(launched.browser, DEAL_URL, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForFunction(() => document.body.textContent?.includes('Ampliación Analytics'), { timeout: 30_000 });
      expect(await frame.$('[data-dealside="demo-badge"]')).toBeNull();

      // … and a BANT answer there reaches the deal's Dealside_* fields in Zoho.
      await focusBant(frame);
      await page.keyboard.press('b');
      await page.keyboard.press('5'); // budget approved
      await frame.waitForFunction(() => /Budget saved/.test(document.querySelector('[data-dealside="save-status"]')?.textContent ?? ''), { timeout: 30_000 });
      await until('the budget answer in Zoho', () => fake.records.Deals.get(DEAL_ID)?.Dealside_Budget_Answer === 'approved');
      expect(fake.records.Deals.get(DEAL_ID)?.Dealside_Budget_Status).toBe('confirmed');
      expect(fake.counters.byRoute['PUT /crm/v7/Deals']).toBeGreaterThanOrEqual(1);

      // Someone renames the deal in Zoho: "Sync now" brings it to the open sidebar.
      await new Promise((r) => setTimeout(r, 1100)); // Zoho's times are to the second
      fake.change('Deals', DEAL_ID, { Deal_Name: 'Iberia Logística — Analytics rollout' });
      await options.bringToFront();
      await options.click(`${card} [data-dealside="sync-now"]`);
      await page.bringToFront();
      await frame.waitForFunction(() => document.body.textContent?.includes('Analytics rollout'), { timeout: 30_000 });
      await until('nothing left to send', async () => (await ask<unknown[]>(options, { type: 'sync/outbox', system: 'zoho' })).length === 0);
    }));
});
