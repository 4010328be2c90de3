// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { click, fixtureLoader, resetDocument, snapshot } from '../../../tests/support/sitePage';
import { parsePageUrl } from '../index';

const load = fixtureLoader('dynamics');
const APP = 'https://acme.crm4.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=entityrecord';
const URLS = {
  account: `${APP}&etn=account&id=8d2f4c1a-3b5e-4f60-9a7b-1c2d3e4f5a6b`,
  contact: `${APP}&etn=contact&id=2a4c6e80-1b3d-4f5a-8c7e-9d0b1a2c3e4f`,
  lead: `${APP}&etn=lead&id=0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f`,
  opportunity: `${APP}&etn=opportunity&id=c0ffee00-1234-4abc-9def-0123456789ab`,
};

afterEach(resetDocument);

describe('Dynamics 365', () => {
  it('waits for a form that renders late, and skips the hidden duplicate-detection dialog (English UI)', async () => {
    load('account-northwind.html', { runScripts: true });
    const snap = await snapshot(URLS.account);
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Northwind Logistics Inc.',
      domain: 'northwindlogistics.com',
      industry: 'Transportation and Logistics',
      size: '1,200',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it("reads a contact's own fields, not the parent account's quick view (Spanish UI)", async () => {
    load('contact-juan-carlos.html');
    const snap = await snapshot(URLS.contact);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Juan Carlos Pérez Ruiz',
      title: 'Director de Sistemas',
      companyName: 'Iberia Logística S.L.',
      email: 'juancarlos.perez@iberialogistica.es',
      phone: '+34 655 123 987',
      location: 'Madrid',
    });
    // The work phone is empty ("---"): the mobile phone is the next alternative.
    expect(snap.health.matched).toContain('dynamics.contact.phone: input[data-id^="mobilephone.fieldControl-"]');
  });

  it('reads a lead with its company name field (Spanish UI)', async () => {
    load('lead-valentina.html');
    const snap = await snapshot(URLS.lead);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Valentina Rojas',
      title: 'Jefa de Logística',
      companyName: 'Agroexport del Pacífico S.A.C.',
      email: 'vrojas@agroexportpacifico.pe',
      phone: '+51 987 654 321',
      location: 'Lima',
    });
  });

  it('reads an opportunity: header revenue, option-set stage, account lookup; name without "- Unsaved"', async () => {
    load('opportunity-northwind.html');
    const snap = await snapshot(URLS.opportunity);
    expect(snap.entity).toEqual({
      type: 'deal',
      name: 'Northwind Logistics — Fleet telematics pilot',
      amount: '$85,000.00',
      stage: 'Develop',
      companyName: 'Northwind Logistics Inc.',
    });
  });

  it('takes the name from the header text when the title attribute is missing', async () => {
    document.body.innerHTML = '<h1 data-id="header_title">Iberia Logística S.L.<span>- Guardado</span></h1>';
    const snap = await snapshot(URLS.account);
    expect(snap.entity).toMatchObject({ name: 'Iberia Logística S.L.' });
  });

  it('after an in-page navigation, waits for the next record instead of re-reading the old one', async () => {
    load('account-northwind.html', { runScripts: true });
    await snapshot(URLS.account);
    setTimeout(() => load('opportunity-northwind.html'), 40);
    const snap = await snapshot(URLS.opportunity, { previousName: 'Northwind Logistics Inc.', timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ type: 'deal', name: 'Northwind Logistics — Fleet telematics pilot' });
  });

  it('multi-session: reads the focused session, not the hidden earlier one before it in the DOM', async () => {
    load('multisession.html', { runScripts: true });
    expect(document.querySelector('[data-id="header_title"]')?.getAttribute('title')).toBe('Northwind Logistics Inc.');
    const snap = await snapshot(URLS.contact);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Juan Carlos Pérez Ruiz',
      title: 'Director de Sistemas',
      companyName: 'Iberia Logística S.L.',
      email: 'juancarlos.perez@iberialogistica.es',
      phone: '+34 655 123 987',
      location: 'Madrid',
    });
  });

  it("multi-session: follows a session switch, reading only that session's form", async () => {
    load('multisession.html', { runScripts: true });
    click('[data-id="session-tab-1"]');
    const snap = await snapshot(URLS.account, { previousName: 'Juan Carlos Pérez Ruiz' });
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Northwind Logistics Inc.',
      domain: 'northwindlogistics.com',
      industry: 'Transporte y logística',
      size: '1.200',
    });
    click('[data-id="session-tab-2"]');
    const back = await snapshot(URLS.contact, { previousName: 'Northwind Logistics Inc.' });
    expect(back.entity).toMatchObject({ fullName: 'Juan Carlos Pérez Ruiz', email: 'juancarlos.perez@iberialogistica.es' });
  });

  it('multi-session: reads nothing while the home session is focused', async () => {
    load('multisession.html', { runScripts: true });
    click('[data-id="session-tab-home"]');
    expect(parsePageUrl(location.href)).toBeNull();
    const snap = await snapshot(URLS.contact, { timeoutMs: 40 });
    expect(snap).toMatchObject({ entity: null, health: { status: 'failed' } });
  });

  it('reports a form it cannot read', async () => {
    document.body.innerHTML = '<div data-id="form-header"><h2>Loading…</h2></div>';
    const snap = await snapshot(URLS.contact, { timeoutMs: 30 });
    expect(snap).toMatchObject({ entity: null, health: { status: 'failed', missing: ['dynamics.contact.name'] } });
  });
});
