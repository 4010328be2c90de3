// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureLoader, resetDocument, snapshot } from '../../../tests/support/sitePage';

const load = fixtureLoader('hubspot');
const PORTAL = 'https://app.hubspot.com/contacts/4481234/record';
const URLS = {
  contact: `${PORTAL}/0-1/51001`,
  company: `${PORTAL}/0-2/90001`,
  deal: `${PORTAL}/0-3/71001`,
};

afterEach(resetDocument);

describe('HubSpot record pages (fixtures)', () => {
  it('reads the contact fixture (English UI)', async () => {
    load('contact-51001.html');
    const snap = await snapshot(URLS.contact);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'María José García López',
      email: 'maria.jose.garcia@iberialogistica.es',
      title: 'Directora Financiera',
      phone: '+34 612 345 678',
      companyName: 'Iberia Logística S.L.',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('waits for the highlight card of a company and reads domain, industry and employees (Spanish UI)', async () => {
    load('company-90001.html', { runScripts: true });
    const snap = await snapshot(URLS.company);
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Iberia Logística S.L.',
      domain: 'iberialogistica.es',
      industry: 'Logística y cadena de suministro',
      size: '850',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('reads a deal: amount, stage from its dropdown button, associated company', async () => {
    load('deal-71001.html');
    const snap = await snapshot(URLS.deal);
    expect(snap.entity).toEqual({
      type: 'deal',
      name: 'Iberia Logística — Renovación 2027',
      amount: '€63,000.00',
      stage: 'Contract sent',
      companyName: 'Iberia Logística S.L.',
    });
  });

  it('after an in-page navigation from the company to its deal, reads the deal', async () => {
    load('company-90001.html', { runScripts: true });
    await snapshot(URLS.company);
    setTimeout(() => load('deal-71001.html'), 40);
    const snap = await snapshot(URLS.deal, { previousName: 'Iberia Logística S.L.', timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ type: 'deal', name: 'Iberia Logística — Renovación 2027' });
  });
});
