// Every fixture page of every site, loaded in Chromium at its real URL: the sidebar (CRM pages:
// the in-page iframe; LinkedIn: the side panel page for the tab) shows the entity read from the
// page, or says that the page shows none. One page per CRM is served with a strict
// Content-Security-Policy, as the real apps send; on each of the six sites an in-page navigation
// (pushState + DOM swap) updates the sidebar; on Salesforce the previous record's view stays,
// hidden, in the DOM. Consoles and multi-session apps, with tab switches: focused-record.e2e.ts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  STRICT_CSP,
  contentScriptInjected,
  describeSurface,
  launchWithExtension,
  navigateInPage,
  openExtensionPage,
  openFixturePage,
  readSurface,
  serveFixtures,
  setWindowMarker,
  tabIdOf,
  waitForSidebarFrame,
  waitForSurface,
  windowMarker,
  withFailureScreenshot,
  type FixtureServer,
  type Launched,
  type SurfaceView,
} from './harness';

type Expected = {
  /** the name the sidebar must show; none for pages that show no record */
  entity?: string;
  /** asserted only where the demo cast guarantees it (a match by CRM id, e-mail, domain, LinkedIn URL) */
  verdict?: 'in-crm';
  state?: 'ready' | 'unavailable';
};
type SitePage = Expected & { url: string; fixture: string; csp?: boolean };

const SF_ES = 'https://iberica.lightning.force.com/lightning/r';
const SF_EN = 'https://acme.lightning.force.com/lightning/r';
const HUBSPOT = 'https://app.hubspot.com/contacts/4481234/record';
const PIPEDRIVE = 'https://acme.pipedrive.com';
const DYNAMICS = 'https://acme.crm4.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=entityrecord';
const ZOHO = 'https://crm.zoho.eu/crm/org20071234/tab';

const CRM_PAGES = {
  salesforceAccount: {
    url: `${SF_ES}/Account/001Dn00000IbErIIAV/view`,
    fixture: 'salesforce/account-iberia.html',
    entity: 'Iberia Logística S.L.',
    verdict: 'in-crm', // by domain
  },
  salesforceContact: {
    url: `${SF_ES}/Contact/003Dn00000MaRiAIAV/view`,
    fixture: 'salesforce/contact-maria-jose.html',
    entity: 'María José García López', // not the cached account view before it
    verdict: 'in-crm', // by e-mail
  },
  salesforceLead: {
    url: `${SF_EN}/Lead/00QDn00000AnDrSMAV/view`,
    fixture: 'salesforce/lead-andres.html',
    entity: 'Andrés Felipe Gómez', // inside native shadow roots
    verdict: 'in-crm',
  },
  salesforceOpportunity: {
    url: `${SF_EN}/Opportunity/006Dn00000NwCrMIAV/view`,
    fixture: 'salesforce/opportunity-northwind.html',
    entity: 'Northwind Logistics — Core CRM Sync rollout',
    csp: true,
  },
  salesforceClassicContact: {
    url: 'https://acme.my.salesforce.com/003Dn00000LoPzQIAV',
    fixture: 'salesforce/classic-contact-sarah.html',
    entity: 'Sarah Mitchell', // Classic: h2.pageDescription and the detail table
    verdict: 'in-crm', // by e-mail
    csp: true,
  },
  hubspotCompany: {
    url: `${HUBSPOT}/0-2/90001`,
    fixture: 'hubspot/company-90001.html',
    entity: 'Iberia Logística S.L.',
    verdict: 'in-crm', // by HubSpot id
  },
  hubspotDeal: {
    url: `${HUBSPOT}/0-3/71001`,
    fixture: 'hubspot/deal-71001.html',
    entity: 'Iberia Logística — Renovación 2027',
    verdict: 'in-crm',
    csp: true,
  },
  pipedrivePerson: {
    url: `${PIPEDRIVE}/person/123`,
    fixture: 'pipedrive/person-123.html',
    entity: 'Sarah Mitchell',
    verdict: 'in-crm',
    csp: true,
  },
  pipedriveOrganization: {
    url: `${PIPEDRIVE}/organization/45`,
    fixture: 'pipedrive/organization-45.html',
    entity: 'Northwind Logistics Inc.',
  },
  pipedriveDeal: {
    url: `${PIPEDRIVE}/deal/30551`,
    fixture: 'pipedrive/deal-30551.html',
    entity: 'Transportes Andinos — Flota 2027',
  },
  pipedriveLead: {
    url: `${PIPEDRIVE}/leads/inbox/5e3b1c20-9a4f-11ee-b1d2-0f3c6a8e2d71`,
    fixture: 'pipedrive/lead-5e3b1c20.html',
    entity: 'Andrés Felipe Gómez',
    verdict: 'in-crm',
  },
  dynamicsAccount: {
    url: `${DYNAMICS}&etn=account&id=8d2f4c1a-3b5e-4f60-9a7b-1c2d3e4f5a6b`,
    fixture: 'dynamics/account-northwind.html',
    entity: 'Northwind Logistics Inc.',
    verdict: 'in-crm',
  },
  dynamicsContact: {
    url: `${DYNAMICS}&etn=contact&id=2a4c6e80-1b3d-4f5a-8c7e-9d0b1a2c3e4f`,
    fixture: 'dynamics/contact-juan-carlos.html',
    entity: 'Juan Carlos Pérez Ruiz',
    verdict: 'in-crm',
    csp: true,
  },
  dynamicsLead: {
    url: `${DYNAMICS}&etn=lead&id=0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f`,
    fixture: 'dynamics/lead-valentina.html',
    entity: 'Valentina Rojas',
  },
  dynamicsOpportunity: {
    url: `${DYNAMICS}&etn=opportunity&id=c0ffee00-1234-4abc-9def-0123456789ab`,
    fixture: 'dynamics/opportunity-northwind.html',
    entity: 'Northwind Logistics — Fleet telematics pilot',
  },
  zohoContact: {
    url: `${ZOHO}/Contacts/4876876000000123456`,
    fixture: 'zoho/contact-sarah.html',
    entity: 'Sarah Mitchell',
    verdict: 'in-crm',
    csp: true,
  },
  zohoLead: {
    url: `${ZOHO}/Leads/4876876000000234567`,
    fixture: 'zoho/lead-maria-jose-garcia.html',
    entity: 'Maria Jose Garcia',
    verdict: 'in-crm', // the duplicate lead, by e-mail
  },
  zohoAccount: {
    url: `${ZOHO}/Accounts/4876876000000345678`,
    fixture: 'zoho/account-transportes-andinos.html',
    entity: 'Transportes Andinos S.A.S.',
  },
  zohoPotential: {
    url: `${ZOHO}/Potentials/4876876000000456789`,
    fixture: 'zoho/potential-iberia-analytics.html',
    entity: 'Iberia Logística — Ampliación Analytics',
  },
} as const satisfies Record<string, SitePage>;

const LINKEDIN_PAGES = {
  company: {
    url: 'https://www.linkedin.com/company/iberia-logistica/',
    fixture: 'linkedin/company-iberia-logistica.html',
    entity: 'Iberia Logística',
    verdict: 'in-crm', // by LinkedIn URL
  },
  publicCompanyByNumber: {
    url: 'https://uk.linkedin.com/company/2414183/',
    fixture: 'linkedin/company-northwind-public.html',
    entity: 'Northwind Logistics Inc.',
    verdict: 'in-crm', // by the canonical vanity URL
  },
  publicProfile: {
    url: 'https://co.linkedin.com/in/andresfelipegomez',
    fixture: 'linkedin/public-profile-andres.html',
    entity: 'Andrés Felipe Gómez',
    verdict: 'in-crm',
  },
  salesLead: {
    url: 'https://www.linkedin.com/sales/lead/ACwAAAbCdEfGhIjKlMnOpQrStUvWxYz0123,NAME_SEARCH,x9Yz',
    fixture: 'linkedin/sales-lead-sarah.html',
    entity: 'Sarah Mitchell',
    verdict: 'in-crm', // by name and company
  },
  salesAccount: {
    url: 'https://www.linkedin.com/sales/company/2414183',
    fixture: 'linkedin/sales-account-northwind.html',
    entity: 'Northwind Logistics Inc.',
    verdict: 'in-crm', // by domain
  },
  privateProfile: {
    url: 'https://www.linkedin.com/in/ACoAAB1x2y3Z4w5v6u7t8s9r0qPoNmLkJ/',
    fixture: 'linkedin/profile-private.html',
    state: 'unavailable',
  },
  notFound: {
    url: 'https://www.linkedin.com/in/nobody-here-404/',
    fixture: 'linkedin/not-found.html',
    state: 'unavailable',
  },
  maria: {
    url: 'https://www.linkedin.com/in/mariajosegarcialopez/',
    fixture: 'linkedin/profile-mariajosegarcialopez.html',
    entity: 'María José García López',
    verdict: 'in-crm',
  },
} as const satisfies Record<string, SitePage>;

const SEED_TIMEOUT_MS = 60_000; // the first surface of a fresh profile waits for the demo seed

/** What the sidebar shows once it has settled on the expected page. */
function settled(expected: Expected) {
  return (v: SurfaceView) =>
    expected.entity !== undefined
      ? v.entityName === expected.entity && v.verdict !== undefined
      : v.state !== undefined && v.state !== 'reading' && v.state !== 'no-page';
}

function expectShows(view: SurfaceView, expected: Expected) {
  expect(view.state, describeSurface(view)).toBe(expected.state ?? 'ready');
  expect(view.entityName, describeSurface(view)).toBe(expected.entity);
  if (expected.verdict) expect(view.verdict, describeSurface(view)).toBe(expected.verdict);
  if (!expected.entity) expect(view.verdict).toBeUndefined();
}

/** The policy is in force: an inline script is refused (the directive that refused it). */
async function inlineScriptRefusal(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
        const s = document.createElement('script');
        s.textContent = 'window.__inlineScriptRan = true';
        document.head.append(s);
        setTimeout(() => resolve((window as unknown as { __inlineScriptRan?: boolean }).__inlineScriptRan ? 'ran' : 'no event'), 2000);
      }),
  );
}

function expectNothingLeft(servers: readonly FixtureServer[], pages: readonly SitePage[]) {
  const fixtureUrls = new Set(pages.map((p) => p.url.split('#')[0]));
  const requests = servers.flatMap((s) => s.requests);
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    if (r.outcome === 'fixture') expect(fixtureUrls).toContain(r.url);
    else if (r.outcome === 'extension') expect(r.url).toMatch(/^(chrome-extension|data|blob|about):/);
    else expect(r.outcome).toBe('aborted');
  }
  expect(servers.flatMap((s) => s.leaked)).toEqual([]);
}

describe('CRM record pages of every site: in-page sidebar', () => {
  let launched: Launched;
  const servers: FixtureServer[] = [];
  let first = true;

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });

  afterAll(async () => {
    await launched?.close();
  });

  async function open(p: SitePage) {
    const { page, server } = await openFixturePage(launched.browser, p.url, [
      { url: p.url, fixture: p.fixture, headers: p.csp ? { 'Content-Security-Policy': STRICT_CSP } : undefined },
    ]);
    servers.push(server);
    const frame = await waitForSidebarFrame(page);
    return { page, server, frame };
  }

  async function waitShows(frame: Awaited<ReturnType<typeof open>>['frame'], expected: Expected) {
    const timeoutMs = first ? SEED_TIMEOUT_MS : 45_000;
    first = false;
    const view = await waitForSurface(frame, settled(expected), { timeoutMs });
    expectShows(view, expected);
    return view;
  }

  it.each(Object.entries(CRM_PAGES))('%s: shows the record read from the page', (key, p: SitePage) =>
    withFailureScreenshot(`sites-${key}`, async () => {
      const { page, frame } = await open(p);
      if (p.csp) expect(await inlineScriptRefusal(page)).toBe('script-src-elem');
      await waitShows(frame, p);
      expect((await readSurface(frame)).surface).toBe('sidebar');
      await page.close();
    }),
  );

  it.each([
    ['Salesforce: account → contact, with the account view cached, hidden, in the DOM', CRM_PAGES.salesforceAccount, CRM_PAGES.salesforceContact],
    ['HubSpot: company → deal', CRM_PAGES.hubspotCompany, CRM_PAGES.hubspotDeal],
    ['Pipedrive: person → organization', CRM_PAGES.pipedrivePerson, CRM_PAGES.pipedriveOrganization],
    ['Dynamics 365: account → opportunity', CRM_PAGES.dynamicsAccount, CRM_PAGES.dynamicsOpportunity],
    ['Zoho CRM: contact → account', CRM_PAGES.zohoContact, CRM_PAGES.zohoAccount],
  ] as const)('in-page navigation, %s', (what, from: SitePage, to: SitePage) =>
    withFailureScreenshot(`sites-navigation-${what.split(':')[0]}`, async () => {
      // Without the strict policy: the next record's own rendering script must run.
      const { page, server, frame } = await open({ ...from, csp: false });
      await waitShows(frame, from);
      await setWindowMarker(page, 'before-pushState');
      await navigateInPage(page, { url: to.url, fixture: to.fixture });
      await waitShows(frame, to);
      expect(await windowMarker(page)).toBe('before-pushState'); // no reload
      expect(page.url()).toBe(to.url);
      expect(server.served().map((r) => r.url)).toEqual([from.url]);
      expect(page.frames().filter((f) => f.url().includes('/sidebar.html'))).toHaveLength(1);
      await page.close();
    }),
  );

  it('let no request leave for a non-fixture host', () => expectNothingLeft(servers, Object.values(CRM_PAGES)));
});

describe('LinkedIn pages: side panel', () => {
  let launched: Launched;
  const servers: FixtureServer[] = [];
  let first = true;

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });

  afterAll(async () => {
    await launched?.close();
  });

  async function open(p: SitePage) {
    const page = await launched.browser.newPage();
    servers.push(await serveFixtures(page, { [p.url]: p.fixture }));
    const injected = await contentScriptInjected(page, launched.extensionId);
    await page.goto(p.url, { waitUntil: 'load' });
    await injected();
    const tabId = await tabIdOf(launched.worker, page, 'https://*.linkedin.com/*');
    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`, { newWindow: true });
    servers.push(panel.server);
    return { page, panel: panel.page };
  }

  async function waitShows(panel: Page, expected: Expected) {
    const timeoutMs = first ? SEED_TIMEOUT_MS : 45_000;
    first = false;
    const view = await waitForSurface(panel, settled(expected), { timeoutMs });
    expectShows(view, expected);
    return view;
  }

  it.each(Object.entries(LINKEDIN_PAGES).filter(([key]) => key !== 'maria'))(
    '%s: shows what the page shows',
    (key, p: SitePage) =>
      withFailureScreenshot(`sites-linkedin-${key}`, async () => {
        const { page, panel } = await open(p);
        await waitShows(panel, p);
        await panel.close();
        await page.close();
      }),
  );

  it('in-page navigation, LinkedIn: company page → profile', () =>
    withFailureScreenshot('sites-navigation-linkedin', async () => {
      const { page, panel } = await open(LINKEDIN_PAGES.company);
      await waitShows(panel, LINKEDIN_PAGES.company);
      await setWindowMarker(page, 'before-pushState');
      await navigateInPage(page, { url: LINKEDIN_PAGES.maria.url, fixture: LINKEDIN_PAGES.maria.fixture, root: '.application-outlet' });
      await waitShows(panel, LINKEDIN_PAGES.maria);
      expect(await windowMarker(page)).toBe('before-pushState');
      await panel.close();
      await page.close();
    }));

  it('let no request leave for a non-fixture host', () => expectNothingLeft(servers, Object.values(LINKEDIN_PAGES)));
});
