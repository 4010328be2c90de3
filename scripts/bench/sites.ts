// Detection + extraction time per page type: parsePageUrl + takeSnapshot on every fixture page,
// loaded into a happy-dom Window at its real URL and rendered (its own inline scripts run at once,
// declarative shadow roots attached), median over repeated runs. Called by scripts/bench.ts.
// happy-dom caches query results until the DOM changes, so every timed run follows a DOM change,
// as a content script's read follows the page's rendering. happy-dom is not Chromium: compare
// these figures with each other and over time, not with the browser's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { parsePageUrl } from '../../utils/sites';
import { takeSnapshot } from '../../utils/sites/extract';
import { attachShadowRoots } from '../../tests/support/sitePage';

const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../tests/fixtures/pages');
const WARM_UP_RUNS = 5;
const RUNS = 40;

const SF_ES = 'https://iberica.lightning.force.com/lightning/r';
const SF_EN = 'https://acme.lightning.force.com/lightning/r';
const HUBSPOT = 'https://app.hubspot.com/contacts/4481234/record';
const DYNAMICS = 'https://acme.crm4.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=entityrecord';
const ZOHO = 'https://crm.zoho.eu/crm/org20071234/tab';

/** Page type → a fixture of it and the real URL it is served at. */
const PAGES: Record<string, { url: string; fixture: string }> = {
  'salesforce.Account': { url: `${SF_ES}/Account/001Dn00000IbErIIAV/view`, fixture: 'salesforce/account-iberia.html' },
  'salesforce.Contact.cachedView': { url: `${SF_ES}/Contact/003Dn00000MaRiAIAV/view`, fixture: 'salesforce/contact-maria-jose.html' },
  'salesforce.Lead.shadowDom': { url: `${SF_EN}/Lead/00QDn00000AnDrSMAV/view`, fixture: 'salesforce/lead-andres.html' },
  'salesforce.Opportunity.olderLayout': { url: `${SF_EN}/Opportunity/006Dn00000NwCrMIAV/view`, fixture: 'salesforce/opportunity-northwind.html' },
  'hubspot.contact': { url: `${HUBSPOT}/0-1/51001`, fixture: 'hubspot/contact-51001.html' },
  'hubspot.company': { url: `${HUBSPOT}/0-2/90001`, fixture: 'hubspot/company-90001.html' },
  'hubspot.deal': { url: `${HUBSPOT}/0-3/71001`, fixture: 'hubspot/deal-71001.html' },
  'pipedrive.person': { url: 'https://acme.pipedrive.com/person/123', fixture: 'pipedrive/person-123.html' },
  'pipedrive.organization': { url: 'https://acme.pipedrive.com/organization/45', fixture: 'pipedrive/organization-45.html' },
  'pipedrive.deal': { url: 'https://acme.pipedrive.com/deal/30551', fixture: 'pipedrive/deal-30551.html' },
  'pipedrive.lead': {
    url: 'https://acme.pipedrive.com/leads/inbox/5e3b1c20-9a4f-11ee-b1d2-0f3c6a8e2d71',
    fixture: 'pipedrive/lead-5e3b1c20.html',
  },
  'dynamics.account': { url: `${DYNAMICS}&etn=account&id=8d2f4c1a-3b5e-4f60-9a7b-1c2d3e4f5a6b`, fixture: 'dynamics/account-northwind.html' },
  'dynamics.contact': { url: `${DYNAMICS}&etn=contact&id=2a4c6e80-1b3d-4f5a-8c7e-9d0b1a2c3e4f`, fixture: 'dynamics/contact-juan-carlos.html' },
  'dynamics.lead': { url: `${DYNAMICS}&etn=lead&id=0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f`, fixture: 'dynamics/lead-valentina.html' },
  'dynamics.opportunity': {
    url: `${DYNAMICS}&etn=opportunity&id=c0ffee00-1234-4abc-9def-0123456789ab`,
    fixture: 'dynamics/opportunity-northwind.html',
  },
  'zoho.Contacts': { url: `${ZOHO}/Contacts/4876876000000123456`, fixture: 'zoho/contact-sarah.html' },
  'zoho.Leads.legacyUi': { url: `${ZOHO}/Leads/4876876000000234567`, fixture: 'zoho/lead-maria-jose-garcia.html' },
  'zoho.Accounts': { url: `${ZOHO}/Accounts/4876876000000345678`, fixture: 'zoho/account-transportes-andinos.html' },
  'zoho.Potentials': { url: `${ZOHO}/Potentials/4876876000000456789`, fixture: 'zoho/potential-iberia-analytics.html' },
  'linkedin.profile': { url: 'https://www.linkedin.com/in/mariajosegarcialopez/', fixture: 'linkedin/profile-mariajosegarcialopez.html' },
  'linkedin.profile.loggedOut': { url: 'https://co.linkedin.com/in/andresfelipegomez', fixture: 'linkedin/public-profile-andres.html' },
  'linkedin.profile.private': {
    url: 'https://www.linkedin.com/in/ACoAAB1x2y3Z4w5v6u7t8s9r0qPoNmLkJ/',
    fixture: 'linkedin/profile-private.html',
  },
  'linkedin.profile.notFound': { url: 'https://www.linkedin.com/in/nobody-here-404/', fixture: 'linkedin/not-found.html' },
  'linkedin.profile.authwall': { url: 'https://www.linkedin.com/in/mariajosegarcialopez/', fixture: 'linkedin/authwall.html' },
  'linkedin.company': { url: 'https://www.linkedin.com/company/iberia-logistica/', fixture: 'linkedin/company-iberia-logistica.html' },
  'linkedin.company.loggedOut': { url: 'https://uk.linkedin.com/company/2414183/', fixture: 'linkedin/company-northwind-public.html' },
  'linkedin.sales-lead': {
    url: 'https://www.linkedin.com/sales/lead/ACwAAAbCdEfGhIjKlMnOpQrStUvWxYz0123,NAME_SEARCH,x9Yz',
    fixture: 'linkedin/sales-lead-sarah.html',
  },
  'linkedin.sales-company': { url: 'https://www.linkedin.com/sales/company/2414183', fixture: 'linkedin/sales-account-northwind.html' },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A happy-dom window showing the fixture as rendered: its inline scripts run, their timers at once. */
function renderedWindow(url: string, fixture: string): Window {
  const window = new Window({ url, width: 1440, height: 900 });
  const document = window.document as unknown as Document;
  document.write(readFileSync(path.join(FIXTURES_DIR, fixture), 'utf8'));
  const scripts = Array.from(document.querySelectorAll('script:not([type])')).map((s) => s.textContent ?? '');
  const now = (fn: () => void) => fn();
  for (const source of scripts) new Function('document', 'window', 'setTimeout', source)(document, window, now);
  attachShadowRoots(document);
  return window;
}

/** The DOM's global constructors the extraction helpers use, as they do in a content script. */
const DOM_GLOBALS = ['MutationObserver', 'HTMLInputElement', 'HTMLTextAreaElement'] as const;

function useGlobalsOf(window: Window): () => void {
  const saved = DOM_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const name of DOM_GLOBALS) Object.defineProperty(globalThis, name, { value: window[name], configurable: true, writable: true });
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  };
}

export async function benchSites(record: (key: string, value: number, unit: string) => void): Promise<void> {
  const all: number[] = [];
  for (const [pageType, { url, fixture }] of Object.entries(PAGES)) {
    const window = renderedWindow(url, fixture);
    const restoreGlobals = useGlobalsOf(window);
    const document = window.document as unknown as Document;
    const signal = new AbortController().signal;
    const run = async () => {
      const ref = parsePageUrl(url);
      if (!ref) throw new Error(`${url} is not a recognised page`);
      return takeSnapshot(document, url, ref, { signal, now: () => 0, timeoutMs: 1000 });
    };
    const first = await run();
    // Timing a read that found nothing would time the wait for late elements, not the read.
    if (!first.entity && !first.unavailable) {
      throw new Error(`${pageType}: ${fixture} yields nothing (${JSON.stringify(first.health)})`);
    }
    for (let i = 0; i < WARM_UP_RUNS; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      document.body.setAttribute('data-bench-run', String(i));
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    const us = median(times) * 1000;
    all.push(us);
    record(`sites.${pageType}.extractMedianUs`, us, 'µs');
    restoreGlobals();
    await window.happyDOM.close();
  }
  record('sites.allPageTypes.maxMedianUs', Math.max(...all), 'µs');
}
