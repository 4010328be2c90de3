// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { click, fixtureLoader, resetDocument, snapshot } from '../../../tests/support/sitePage';
import { ExtractionAborted } from '../dom';
import { nameFromClassicTitle, nameFromTitle } from './extract';

const load = fixtureLoader('salesforce', { shadowRoots: true });
const URLS = {
  account: 'https://iberica.lightning.force.com/lightning/r/Account/001Dn00000IbErIIAV/view',
  contact: 'https://iberica.lightning.force.com/lightning/r/Contact/003Dn00000MaRiAIAV/view',
  lead: 'https://acme.lightning.force.com/lightning/r/Lead/00QDn00000AnDrSMAV/view',
  opportunity: 'https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000NwCrMIAV/view',
  consoleContact:
    'https://iberica.lightning.force.com/lightning/r/Contact/003Dn00000MaRiAIAV/view?ws=%2Flightning%2Fr%2FAccount%2F001Dn00000IbErIIAV%2Fview',
  consoleNorthwind: 'https://iberica.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
  consoleIberia: 'https://iberica.lightning.force.com/lightning/r/Account/001Dn00000IbErIIAV/view',
  classicContact: 'https://acme.my.salesforce.com/003Dn00000LoPzQIAV',
};

afterEach(resetDocument);

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

describe("Salesforce console: every tab's view in the DOM, each marked active, hidden by CSS only", () => {
  it('reads the focused subtab, not the hidden workspace and subtab views before it in the DOM', async () => {
    load('console-workspaces.html', { runScripts: true });
    // What a reader that trusts the markup would take: the first "active" view, Northwind's.
    expect(document.querySelector('.oneContent.active')?.textContent).toContain('Northwind Logistics Inc.');
    const snap = await snapshot(URLS.consoleContact);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'María José García López',
      title: 'Directora Financiera',
      companyName: 'Iberia Logística S.L.',
      email: 'maria.jose.garcia@iberialogistica.es',
      phone: '+34 612 345 678',
      location: undefined,
    });
  });

  it('follows workspace and subtab switches, reading the view the URL names', async () => {
    load('console-workspaces.html', { runScripts: true });
    click('.tabBarItems [aria-controls="ws-northwind"]');
    const northwind = await snapshot(URLS.consoleNorthwind, { previousName: 'María José García López' });
    expect(northwind.entity).toMatchObject({ type: 'company', name: 'Northwind Logistics Inc.', domain: 'northwindlogistics.com', industry: 'Transportation' });
    click('.tabBarItems [aria-controls="ws-iberia"]');
    click('#ws-iberia [aria-controls="st-iberia"]');
    const iberia = await snapshot(URLS.consoleIberia, { previousName: 'Northwind Logistics Inc.' });
    expect(iberia.entity).toMatchObject({ type: 'company', name: 'Iberia Logística S.L.', domain: 'iberialogistica.es' });
  });

  it("when the URL changes before the panel does, waits for the view of the URL's record", async () => {
    load('console-workspaces.html', { runScripts: true });
    // The contact's view is still the one shown; the URL already names Northwind. No previous
    // name to compare with: only the view's own id tells the two apart.
    setTimeout(() => click('.tabBarItems [aria-controls="ws-northwind"]'), 40);
    const snap = await snapshot(URLS.consoleNorthwind);
    expect(snap.entity).toMatchObject({ type: 'company', name: 'Northwind Logistics Inc.' });
  });

  it('reads nothing while the home page is focused, even at a record URL', async () => {
    load('console-workspaces.html', { runScripts: true });
    click('[data-console-home]');
    expect(document.title).toBe('Inicio | Salesforce');
    const snap = await snapshot(URLS.consoleContact, { timeoutMs: 60 });
    expect(snap).toMatchObject({ entity: null, health: { status: 'failed' } });
  });
});

describe('Salesforce Classic record page', () => {
  it('reads the header and the detail table by inline-edit ids', async () => {
    load('classic-contact-sarah.html');
    const snap = await snapshot(URLS.classicContact);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Sarah Mitchell',
      title: 'VP Operations',
      companyName: 'Northwind Logistics Inc.',
      email: 'sarah.mitchell@northwindlogistics.com',
      phone: '(312) 555-0148',
      location: '233 S Wacker Dr Chicago, IL 60606 USA',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
    expect(snap.health.matched).toContain('salesforce.Contact.name: .bPageTitle h2.pageDescription');
    expect(snap.health.matched).toContain('salesforce.Contact.email: #con15_ileinner');
  });

  it('falls back to labels when the inline-edit ids are missing, and to the title without a header', async () => {
    load('classic-contact-sarah.html');
    for (const el of Array.from(document.querySelectorAll('[id$="_ileinner"]'))) el.removeAttribute('id');
    document.querySelector('.bPageTitle')!.remove();
    const snap = await snapshot(URLS.classicContact, { timeoutMs: 40 });
    expect(snap.entity).toMatchObject({ fullName: 'Sarah Mitchell', email: 'sarah.mitchell@northwindlogistics.com', companyName: 'Northwind Logistics Inc.' });
    expect(snap.health.status).toBe('fallback');
    expect(snap.health.matched).toContain('salesforce.Contact.name: document.title');
  });

  it('takes the record name out of a Classic title', () => {
    expect(nameFromClassicTitle('Contact: Sarah Mitchell ~ Salesforce - Enterprise Edition')).toBe('Sarah Mitchell');
    expect(nameFromClassicTitle('Cuenta: Iberia Logística S.L. ~ Salesforce - Unlimited Edition')).toBe('Iberia Logística S.L.');
    expect(nameFromClassicTitle('Salesforce - Enterprise Edition')).toBeUndefined();
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
