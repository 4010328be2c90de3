// Crowded CRM pages: the sidebar shows the record the user is looking at, never another one the
// page keeps out of sight. A Salesforce console keeps every workspace tab's and subtab's record
// view in the DOM, all marked active, the unfocused ones hidden by CSS alone; a Dynamics 365
// multi-session app keeps earlier sessions' forms in the DOM, hidden by an inline style; a
// Salesforce Classic page is a server-rendered detail page. Tabs and sessions are switched by
// clicking them: the fixtures' own scripts switch panels, URL and title as the apps do. While the
// focused tab shows no record (the console's home page, the home session), the sidebar shows
// nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import {
  describeSurface,
  launchWithExtension,
  openFixturePage,
  waitForSidebarFrame,
  waitForSurface,
  withFailureScreenshot,
  type FixtureServer,
  type Launched,
  type SurfaceView,
} from './harness';

const SF = 'https://iberica.lightning.force.com';
const CONSOLE_URL = `${SF}/lightning/r/Contact/003Dn00000MaRiAIAV/view?ws=%2Flightning%2Fr%2FAccount%2F001Dn00000IbErIIAV%2Fview`;
const DYNAMICS_APP = 'https://acme.crm4.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const MULTISESSION_URL = `${DYNAMICS_APP}&pagetype=entityrecord&etn=contact&id=2a4c6e80-1b3d-4f5a-8c7e-9d0b1a2c3e4f`;
const CLASSIC_URL = 'https://acme.my.salesforce.com/003Dn00000LoPzQIAV';

const SEED_TIMEOUT_MS = 60_000; // the first surface of a fresh profile waits for the demo seed
const SWITCH_TIMEOUT_MS = 45_000;

/** Whether the in-page sidebar's host is hidden (the page shows no record). */
function sidebarHidden(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const host = document.querySelector<HTMLElement>('[data-dealside-host="sidebar"]');
    return !host || host.style.display === 'none';
  });
}

async function expectRecord(page: Page, frame: Frame, name: string, timeoutMs = SWITCH_TIMEOUT_MS): Promise<SurfaceView> {
  const view = await waitForSurface(frame, (v) => v.entityName === name && v.verdict !== undefined, { timeoutMs });
  expect(view.state, describeSurface(view)).toBe('ready');
  expect(await sidebarHidden(page)).toBe(false);
  return view;
}

async function expectNothing(page: Page, frame: Frame): Promise<void> {
  const view = await waitForSurface(frame, (v) => v.state === 'no-page', { timeoutMs: SWITCH_TIMEOUT_MS });
  expect(view.entityName, describeSurface(view)).toBeUndefined();
  expect(await sidebarHidden(page)).toBe(true);
}

/** A click the page's own script handles (the sidebar must not be in the way of a mouse). */
async function click(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector);
  await page.$eval(selector, (el) => el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
}

describe('The focused record on crowded pages: in-page sidebar', () => {
  let launched: Launched;
  const servers: FixtureServer[] = [];
  let first = true;
  const firstTimeout = () => {
    const t = first ? SEED_TIMEOUT_MS : SWITCH_TIMEOUT_MS;
    first = false;
    return t;
  };

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });

  afterAll(async () => {
    await launched?.close();
  });

  async function open(url: string, fixture: string) {
    const { page, server } = await openFixturePage(launched.browser, url, [{ url, fixture }]);
    servers.push(server);
    return { page, frame: await waitForSidebarFrame(page) };
  }

  it('Salesforce console: the focused subtab, through workspace and subtab switches, nothing on the home page', () =>
    withFailureScreenshot('focused-salesforce-console', async () => {
      const { page, frame } = await open(CONSOLE_URL, 'salesforce/console-workspaces.html');
      // Two other records' views, both "active", come before the focused one in the DOM.
      await expectRecord(page, frame, 'María José García López', firstTimeout());
      await click(page, '.tabBarItems [aria-controls="ws-northwind"]');
      expect(page.url()).toBe(`${SF}/lightning/r/Account/001Dn00000NwLgXIAV/view`);
      await expectRecord(page, frame, 'Northwind Logistics Inc.');
      await click(page, '.tabBarItems [aria-controls="ws-iberia"]');
      await expectRecord(page, frame, 'María José García López'); // the workspace's focused subtab
      await click(page, '#ws-iberia [aria-controls="st-iberia"]');
      await expectRecord(page, frame, 'Iberia Logística S.L.');
      await click(page, '[data-console-home]');
      await expectNothing(page, frame);
      await click(page, '.tabBarItems [aria-controls="ws-northwind"]');
      await expectRecord(page, frame, 'Northwind Logistics Inc.');
      await click(page, '.tabBarItems [aria-controls="ws-iberia"]');
      await click(page, '#ws-iberia [aria-controls="st-maria"]');
      await expectRecord(page, frame, 'María José García López');
      expect(page.frames().filter((f) => f.url().includes('/sidebar.html'))).toHaveLength(1);
      await page.close();
    }));

  it('Dynamics 365 multi-session: the focused session, through session switches, nothing on the home session', () =>
    withFailureScreenshot('focused-dynamics-multisession', async () => {
      const { page, frame } = await open(MULTISESSION_URL, 'dynamics/multisession.html');
      // The earlier session's account form comes first in the DOM, hidden by its inline style.
      await expectRecord(page, frame, 'Juan Carlos Pérez Ruiz', firstTimeout());
      await click(page, '[data-id="session-tab-1"]');
      await expectRecord(page, frame, 'Northwind Logistics Inc.');
      await click(page, '[data-id="session-tab-home"]');
      await expectNothing(page, frame);
      await click(page, '[data-id="session-tab-2"]');
      await expectRecord(page, frame, 'Juan Carlos Pérez Ruiz');
      await click(page, '[data-id="session-tab-1"]');
      await expectRecord(page, frame, 'Northwind Logistics Inc.');
      await page.close();
    }));

  it('Salesforce Classic: the record page is read (header, detail table) and found in the CRM', () =>
    withFailureScreenshot('focused-salesforce-classic', async () => {
      const { page, frame } = await open(CLASSIC_URL, 'salesforce/classic-contact-sarah.html');
      const view = await expectRecord(page, frame, 'Sarah Mitchell', firstTimeout());
      expect(view.verdict, describeSurface(view)).toBe('in-crm'); // by e-mail, read from con15_ileinner
      await page.close();
    }));

  it('let no request leave for a non-fixture host', () => {
    const requests = servers.flatMap((s) => s.requests);
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) if (r.outcome !== 'fixture' && r.outcome !== 'extension') expect(r.outcome).toBe('aborted');
    expect(servers.flatMap((s) => s.leaked)).toEqual([]);
  });
});
