// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../extract';
import { ExtractionAborted } from '../dom';
import { parsePageUrl } from '../index';
import { nameFromTitle } from './extract';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/pages/salesforce');

const URLS = {
  account: 'https://iberica.lightning.force.com/lightning/r/Account/001Dn00000IbErIIAV/view',
  contact: 'https://iberica.lightning.force.com/lightning/r/Contact/003Dn00000MaRiAIAV/view',
  lead: 'https://acme.lightning.force.com/lightning/r/Lead/00QDn00000AnDrSMAV/view',
  opportunity: 'https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000NwCrMIAV/view',
};

/** The fixture's document in place of the test document; declarative shadow roots attached. */
function load(file: string, { runScripts = false } = {}) {
  const parsed = new DOMParser().parseFromString(readFileSync(path.join(FIXTURES, file), 'utf8'), 'text/html');
  const scripts = Array.from(parsed.querySelectorAll('script')).map((s) => s.textContent ?? '');
  parsed.querySelectorAll('script').forEach((s) => s.remove());
  document.documentElement.lang = parsed.documentElement.lang;
  document.head.replaceChildren(...Array.from(parsed.head.childNodes).map((n) => document.importNode(n, true)));
  document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => document.importNode(n, true)));
  document.title = parsed.title;
  attachShadowRoots(document.body);
  // The fixture's own rendering scripts, as the page would run them.
  if (runScripts) for (const source of scripts) new Function(source)();
}

/** What Chromium's parser does with <template shadowrootmode="open"> (happy-dom does not). */
function attachShadowRoots(root: ParentNode) {
  for (const template of Array.from(root.querySelectorAll<HTMLTemplateElement>('template[shadowrootmode]'))) {
    const host = template.parentElement;
    if (!host) continue;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append(template.content.cloneNode(true));
    template.remove();
    attachShadowRoots(shadow);
  }
}

async function snapshot(url: string, extra: { previousName?: string; timeoutMs?: number; signal?: AbortSignal } = {}) {
  const ref = parsePageUrl(url);
  if (!ref) throw new Error(`not a record URL: ${url}`);
  return takeSnapshot(document, url, ref, {
    signal: extra.signal ?? new AbortController().signal,
    now: () => 1,
    timeoutMs: extra.timeoutMs ?? 10_000,
    previousName: extra.previousName,
  });
}

afterEach(() => {
  document.title = '';
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('Salesforce account (Spanish org)', () => {
  it('waits for the highlights panel and reads the account with Spanish field labels', async () => {
    load('account-iberia.html', { runScripts: true });
    const snap = await snapshot(URLS.account);
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Iberia Logística S.L.',
      domain: 'iberialogistica.es',
      industry: 'Transporte y logística',
      size: '850',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
    expect(snap.health.matched).toContain(
      'salesforce.Account.website: [data-target-selection-name="sfdc:RecordField.Account.Website"]',
    );
  });

  it('falls back to the document title when the highlights panel never renders', async () => {
    load('account-iberia.html');
    const snap = await snapshot(URLS.account, { timeoutMs: 50 });
    expect(snap.entity).toMatchObject({ type: 'company', name: 'Iberia Logística S.L.', domain: 'iberialogistica.es' });
    expect(snap.health.status).toBe('fallback');
    expect(snap.health.matched).toContain('salesforce.Account.name: document.title');
  });
});

describe('Salesforce contact (Spanish org) with a cached view of the previous record', () => {
  it('reads the active view, never the cached account view before it', async () => {
    load('contact-maria-jose.html');
    // The cached view is first in the DOM: an unscoped query would find the account.
    expect(document.querySelector('records-highlights2')?.textContent).toContain('Iberia Logística S.L.');
    const snap = await snapshot(URLS.contact);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'María José García López',
      title: 'Directora Financiera',
      companyName: 'Iberia Logística S.L.',
      email: 'maria.jose.garcia@iberialogistica.es',
      phone: '+34 612 345 678',
      location: 'Paseo de la Castellana 95 Madrid, Madrid 28046 España',
    });
    // The job title has no API-name attribute here: found by its Spanish label.
    expect(snap.health.matched).toContain('salesforce.Contact.title: records-record-layout-item[field-label="Cargo"]');
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('after an in-page navigation from the account, shows the contact once Lightning activates its view', async () => {
    load('contact-maria-jose.html');
    const [cached, current] = Array.from(document.querySelectorAll('.oneContent'));
    // Mid-swap: the account's view is still active, the contact's is not yet.
    cached!.classList.add('active');
    current!.classList.remove('active');
    setTimeout(() => {
      cached!.classList.remove('active');
      current!.classList.add('active');
    }, 40);
    const snap = await snapshot(URLS.contact, { previousName: 'Iberia Logística S.L.', timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ type: 'person', fullName: 'María José García López' });
  });

  it('waits while no view is active rather than reading a hidden one', async () => {
    load('contact-maria-jose.html');
    const current = document.querySelectorAll('.oneContent')[1]!;
    current.classList.remove('active');
    setTimeout(() => current.classList.add('active'), 40);
    const snap = await snapshot(URLS.contact, { timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ fullName: 'María José García López' });
  });
});

describe('Salesforce lead (native shadow DOM)', () => {
  it('reads fields inside open shadow roots, without the salutation', async () => {
    load('lead-andres.html');
    // A plain query cannot see the layout: it is inside a shadow root.
    expect(document.querySelector('records-record-layout-item')).toBeNull();
    const snap = await snapshot(URLS.lead);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Andrés Felipe Gómez',
      title: 'Gerente de Compras',
      companyName: 'Transportes Andinos S.A.S.',
      email: 'andres.gomez@transportesandinos.com.co',
      phone: '+57 310 555 1234',
      location: 'Bogotá, Cundinamarca Colombia',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });
});

describe('Salesforce opportunity (older layout)', () => {
  it('reads the page header and labelled layout items, not the hidden modal', async () => {
    load('opportunity-northwind.html');
    const snap = await snapshot(URLS.opportunity);
    expect(snap.entity).toEqual({
      type: 'deal',
      name: 'Northwind Logistics — Core CRM Sync rollout',
      amount: '$120,000.00',
      stage: 'Needs Analysis',
      companyName: 'Northwind Logistics Inc.',
    });
    expect(snap.health.status).toBe('fallback');
    expect(snap.health.matched).toContain('salesforce.Opportunity.name: .slds-page-header__title');
  });
});

describe('Salesforce reading in general', () => {
  it('stops when the navigation it served is superseded', async () => {
    document.body.innerHTML = '<div class="oneContent"></div>';
    const controller = new AbortController();
    const pending = snapshot(URLS.contact, { signal: controller.signal, timeoutMs: 5000 });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(ExtractionAborted);
  });

  it('reports a page it cannot read', async () => {
    document.title = 'Home | Salesforce';
    document.body.innerHTML = '<div class="windowViewMode-normal oneContent active"><h2>Welcome</h2></div>';
    const snap = await snapshot(URLS.account, { timeoutMs: 30 });
    expect(snap).toMatchObject({ entity: null, health: { status: 'failed', missing: ['salesforce.Account.name'] } });
  });

  it('takes the record name out of the document title', () => {
    expect(nameFromTitle('María José García López | Contacto | Salesforce')).toBe('María José García López');
    expect(nameFromTitle('A | B Holdings | Account | Salesforce')).toBe('A | B Holdings');
    expect(nameFromTitle('Home | Salesforce')).toBeUndefined();
    expect(nameFromTitle('Iberia Logística S.L.')).toBeUndefined();
  });
});
