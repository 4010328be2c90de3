// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureLoader, resetDocument, snapshot } from '../../../tests/support/sitePage';

const load = fixtureLoader('zoho');
const ORG = 'https://crm.zoho.eu/crm/org20071234/tab';
const URLS = {
  contact: `${ORG}/Contacts/4876876000000123456`,
  lead: `${ORG}/Leads/4876876000000234567`,
  account: `${ORG}/Accounts/4876876000000345678`,
  potential: `${ORG}/Potentials/4876876000000456789`,
};

afterEach(resetDocument);

describe('Zoho CRM', () => {
  it('reads a contact in the newer UI, inside the detail view only (English UI)', async () => {
    load('contact-sarah.html');
    const snap = await snapshot(URLS.contact);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Sarah Mitchell',
      title: 'VP of Operations',
      companyName: 'Northwind Logistics Inc.',
      email: 'sarah.mitchell@northwindlogistics.com',
      phone: '+1 312 555 0142',
      location: 'Chicago',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
    expect(snap.health.matched).toContain('zoho.Contacts.name: [data-zcqa="value_FULLNAME"]');
  });

  it('reads a lead in the legacy UI, joining first and last name', async () => {
    load('lead-maria-jose-garcia.html');
    const snap = await snapshot(URLS.lead);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Maria Jose Garcia',
      title: 'CFO',
      companyName: 'Iberia Logistica',
      email: 'mjgarcia@gmail.com',
      phone: undefined,
      location: 'Madrid',
    });
    expect(snap.health.status).toBe('fallback');
    expect(snap.health.missing).toEqual(['zoho.Leads.phone']);
  });

  it('waits for an account view that renders late, ignoring the hidden previous view', async () => {
    load('account-transportes-andinos.html', { runScripts: true });
    const snap = await snapshot(URLS.account);
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Transportes Andinos S.A.S.',
      domain: 'transportesandinos.com.co',
      industry: 'Transportation',
      size: '320',
    });
  });

  it('reads a deal (Potentials) in the Spanish UI', async () => {
    load('potential-iberia-analytics.html');
    const snap = await snapshot(URLS.potential);
    expect(snap.entity).toEqual({
      type: 'deal',
      name: 'Iberia Logística — Ampliación Analytics',
      amount: '48.000,00 €',
      stage: 'Propuesta/Cotización',
      companyName: 'Iberia Logística S.L.',
    });
    expect(snap.health.status).toBe('ok');
  });

  it('reads the name from LASTNAME when the title card shows the full name there', async () => {
    document.body.innerHTML = `<crm-detail-view>
      <span id="titlecard_LASTNAME">Sr. Andrés Felipe Gómez</span>
      <span data-zcqa="value_FIRSTNAME">Andrés Felipe</span></crm-detail-view>`;
    const snap = await snapshot(URLS.contact);
    expect(snap.entity).toMatchObject({ fullName: 'Andrés Felipe Gómez' });
  });

  it('after an in-page navigation, waits for the next record instead of re-reading the old one', async () => {
    load('contact-sarah.html');
    setTimeout(() => load('account-transportes-andinos.html', { runScripts: true }), 40);
    const snap = await snapshot(URLS.account, { previousName: 'Sarah Mitchell', timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ type: 'company', name: 'Transportes Andinos S.A.S.' });
  });

  it('reports a page it cannot read', async () => {
    document.body.innerHTML = '<crm-detail-view><div class="lyteLoadingIndicator"></div></crm-detail-view>';
    const snap = await snapshot(URLS.potential, { timeoutMs: 30 });
    expect(snap).toMatchObject({ entity: null, health: { status: 'failed', missing: ['zoho.Potentials.name'] } });
  });
});
