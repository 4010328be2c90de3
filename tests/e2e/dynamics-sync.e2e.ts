// Issue #17 point 6, end to end: Dynamics 365 in the built extension. An admin enters the team's
// Microsoft Entra app registration in Options → Connections (application id, tenant) and copies
// the callback URL; the rep types the organization's address and clicks "Sign in with Microsoft":
// the identity window opens Entra ID's authorize page, which redirects to
// https://<extension id>.chromiumapp.org/ with a code; the service worker exchanges it (PKCE) at
// Entra's token endpoint, the first sync runs (change tracking), the opportunity's page shows it
// in the sidebar, and a BANT answer there reaches Dynamics' own qualification column and the
// dealside_* one through a $batch. Entra ID and the org's Web API are the local fake
// (tests/fakes/dynamics.ts), reached at their real addresses through the DevTools Fetch domain.
// The profile is one where the user already allowed the identity API and Entra ID's host (a
// headless browser cannot click the permission prompt itself); the org's host is a CRM host the
// extension already has.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame } from 'puppeteer-core';
import { DynamicsFake } from '../fakes/dynamics';
import { askBackground, clickUntil, forwardRequests, launchWithExtension, openFixturePage, until, waitForSidebarFrame, withFailureScreenshot, openSignInSetUp, type Launched } from './harness';

const ORG = 'https://acme.crm4.dynamics.com';
const APP_ID = '0c2f4e6a-8b1d-4c3e-9f5a-7d6b8e9f0a1b';
const TENANT = 'acme-logistics.onmicrosoft.com';
const OPPORTUNITY_ID = 'c0ffee00-1234-4abc-9def-0123456789ab';
const OPPORTUNITY_URL = `${ORG}/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=entityrecord&etn=opportunity&id=${OPPORTUNITY_ID}`;
const ROUTES = { [OPPORTUNITY_URL]: 'dynamics/opportunity-northwind.html' };

const ask = askBackground;

async function focusBant(frame: Frame) {
  await frame.waitForSelector('[data-dealside="moment-header"] [data-dealside="score"]', { timeout: 30_000 });
  await frame.click('[data-dealside="entity-name"]');
}

describe('Dynamics 365 sync (Entra ID sign-in, local Dataverse fake)', () => {
  let launched: Launched;
  let fake: DynamicsFake;
  let routes: Awaited<ReturnType<typeof forwardRequests>>;

  beforeAll(async () => {
    fake = new DynamicsFake({ publicUrl: ORG, orgName: 'Acme Logistics' });
    await fake.start();
    const account = fake.insert('account', { name: 'Northwind Logistics', websiteurl: 'https://northwind-logistics.example' });
    fake.insert('opportunity', {
      opportunityid: OPPORTUNITY_ID,
      name: 'Northwind Logistics — Fleet telematics pilot',
      estimatedvalue: 64000,
      salesstage: 1,
      _parentaccountid_value: account.accountid,
      '_parentaccountid_value@type': 'account',
    });
    launched = await launchWithExtension(inject('extensionDir'), {
      executablePath: inject('chromePath'),
      granted: { permissions: ['identity'], origins: ['https://login.microsoftonline.com/*'] },
    });
    fake.apps.set(APP_ID, { redirectUri: `https://${launched.extensionId}.chromiumapp.org/` });
    routes = await forwardRequests(launched, [
      { prefix: 'https://login.microsoftonline.com/', to: `${fake.url}/` },
      { prefix: `${ORG}/api/data/`, to: `${fake.url}/api/data/` },
    ]);
  }, 90_000);

  afterAll(async () => {
    await routes?.stop();
    await launched?.close();
    await fake?.stop();
  });

  it('an admin sets up the app registration; a rep signs in with Microsoft, the first sync runs and a BANT answer reaches Dynamics', () =>
    withFailureScreenshot('dynamics-sync', async () => {
      const { options, card, signIn, signInDisabled, redirect } = await openSignInSetUp(launched, 'dynamics', 30_000);
      expect(signInDisabled).toBe(true);

      // The admin: the callback URL to register, then the app registration's ids.
      expect(redirect).toBe(`https://${launched.extensionId}.chromiumapp.org/`);
      await options.type(`${card} [data-dealside="oauth-client-id"]`, 'not-a-guid');
      await options.type(`${card} [data-dealside="oauth-tenant"]`, TENANT);
      await options.click(`${card} [data-dealside="oauth-save"]`);
      const refused = await options.waitForSelector(`${card} [data-dealside="oauth-error"]`, { timeout: 30_000 });
      expect(await refused!.evaluate((el) => el.textContent)).toMatch(/application \(client\) id/);
      await options.click(`${card} [data-dealside="oauth-client-id"]`, { clickCount: 3 });
      await options.type(`${card} [data-dealside="oauth-client-id"]`, APP_ID);
      await options.click(`${card} [data-dealside="oauth-save"]`);
      await options.waitForSelector(`${card} [data-dealside="oauth-saved"]`, { timeout: 30_000 });

      // The rep: the organization's address, then one click.
      await options.type(`${card} [data-dealside="connect-base-url"]`, ORG);
      await options.waitForFunction((sel) => !(document.querySelector(sel) as HTMLButtonElement | null)?.disabled, { timeout: 30_000 }, signIn);
      await options.click(signIn);
      await options.waitForSelector(`${card}[data-status="connected"]`, { timeout: 90_000 });
      expect(routes.count('https://login.microsoftonline.com/')).toBeGreaterThanOrEqual(2); // authorize, token
      const status = await ask<{ connections: Array<{ system: string; authKind: string; label: string; lastPullAt?: string }> }>(options, { type: 'sync/status' });
      expect(status.connections.find((c) => c.system === 'dynamics')).toMatchObject({ authKind: 'oauth', label: 'Dynamics 365 Acme Logistics' });
      await until('the first sync', async () => !!(await ask<{ connections: Array<{ system: string; lastPullAt?: string }> }>(options, { type: 'sync/status' })).connections.find((c) => c.system === 'dynamics')?.lastPullAt, 90_000);
      expect(routes.count(`${ORG}/api/data/`)).toBeGreaterThan(5);

      // Field mapping: Dynamics keeps no last-activity column (its activities are touches), so
      // there is no such row to map, and the hint says why
      await clickUntil(options, `${card} [data-dealside="field-mapping"] summary`, () => options.$eval(`${card} [data-dealside="field-mapping"]`, (el) => (el as HTMLDetailsElement).open));
      await options.waitForSelector(`${card} [data-dealside="mapping-select"][data-field="dealType"]`, { timeout: 30_000 });
      expect(await options.$(`${card} [data-dealside="mapping-select"][data-field="crmActivityAt"]`)).toBeNull();
      expect(await options.$eval(`${card} [data-dealside="mapping-read-hint"]`, (el) => el.textContent)).toMatch(/appointments logged in Dynamics 365 count as touches by themselves/);

      // The opportunity's page in Dynamics shows the pulled record in the sidebar …
      const { page } = await openFixturePage(launched.browser, OPPORTUNITY_URL, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForFunction(() => document.body.textContent?.includes('Fleet telematics pilot'), { timeout: 30_000 });
      expect(await frame.$('[data-dealside="demo-badge"]')).toBeNull();

      // … and a BANT answer there reaches Dynamics: budget approved is "Will Buy" (budgetstatus 3)
      // on the opportunity, and the letter's status goes to the dealside_ column.
      await focusBant(frame);
      await page.keyboard.press('b');
      await page.keyboard.press('5'); // budget approved
      await frame.waitForFunction(() => /Budget saved/.test(document.querySelector('[data-dealside="save-status"]')?.textContent ?? ''), { timeout: 30_000 });
      await until('the budget answer in Dynamics', () => fake.tables.opportunity.get(OPPORTUNITY_ID)?.budgetstatus === 3);
      expect(fake.tables.opportunity.get(OPPORTUNITY_ID)?.dealside_budgetstatus).toBe('confirmed');
      expect(fake.counters.byRoute['POST /api/data/v9.2/$batch']).toBeGreaterThanOrEqual(1);

      // Someone renames the opportunity in Dynamics: "Sync now" brings it to the open sidebar.
      fake.change('opportunity', OPPORTUNITY_ID, { name: 'Northwind Logistics — Fleet telematics rollout' });
      await options.bringToFront();
      await options.click(`${card} [data-dealside="sync-now"]`);
      await page.bringToFront();
      await frame.waitForFunction(() => document.body.textContent?.includes('Fleet telematics rollout'), { timeout: 30_000 });
      await until('nothing left to send', async () => (await ask<unknown[]>(options, { type: 'sync/outbox', system: 'dynamics' })).length === 0);
    }));
});
