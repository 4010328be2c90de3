// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureLoader, resetDocument, snapshot } from '../../../tests/support/sitePage';

const load = fixtureLoader('linkedin', { keepDataScripts: true });
const URLS = {
  companyIberia: 'https://www.linkedin.com/company/iberia-logistica/',
  companyNorthwindByNumber: 'https://uk.linkedin.com/company/2414183/',
  publicAndres: 'https://co.linkedin.com/in/andresfelipegomez',
  maria: 'https://www.linkedin.com/in/mariajosegarcialopez/',
  salesLead: 'https://www.linkedin.com/sales/lead/ACwAAAbCdEfGhIjKlMnOpQrStUvWxYz0123,NAME_SEARCH,x9Yz',
  salesAccount: 'https://www.linkedin.com/sales/company/2414183',
  private: 'https://www.linkedin.com/in/ACoAAB1x2y3Z4w5v6u7t8s9r0qPoNmLkJ/',
  missing: 'https://www.linkedin.com/in/nobody-here-404/',
};
const VIEWER = 'Javier Romero';

afterEach(resetDocument);

describe('LinkedIn company pages', () => {
  it("reads a logged-in company page (Spanish UI): About details, and the organization id from its own top card", async () => {
    load('company-iberia-logistica.html', { runScripts: true });
    const snap = await snapshot(URLS.companyIberia);
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Iberia Logística',
      domain: 'iberialogistica.es',
      industry: 'Transporte, logística, cadena de suministro y almacenamiento',
      size: '501-1000 empleados',
      // not the viewer's own page (5550001) nor the "also viewed" pages (2414183, 7730012)
      linkedinCompanyId: '10492731',
      linkedinUrl: 'https://www.linkedin.com/company/iberia-logistica',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('reads a logged-out page at its numeric URL on a localised host: canonical vanity, JSON-LD website', async () => {
    load('company-northwind-public.html');
    const snap = await snapshot(URLS.companyNorthwindByNumber);
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Northwind Logistics Inc.',
      domain: 'northwindlogistics.com',
      industry: 'Transportation, Logistics, Supply Chain and Storage',
      size: '1,001-5,000 employees',
      linkedinCompanyId: '2414183',
      linkedinUrl: 'https://www.linkedin.com/company/northwind-logistics',
    });
    expect(snap.health.matched).toContain('linkedin.company.website: json-ld sameAs');
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('unwraps the website behind a LinkedIn redirect link when there is no JSON-LD', async () => {
    load('company-northwind-public.html');
    document.querySelectorAll('script[type="application/ld+json"]').forEach((s) => s.remove());
    const snap = await snapshot(URLS.companyNorthwindByNumber);
    expect(snap.entity).toMatchObject({ domain: 'northwindlogistics.com' });
    expect(snap.health.matched).toContain('linkedin.company.website: [data-test-id="about-us__website"] dd a');
  });

  it('yields no company on the authwall served at a company URL', async () => {
    load('authwall.html');
    const snap = await snapshot(URLS.companyIberia);
    expect(snap).toMatchObject({ entity: null, unavailable: 'sign-in' });
  });
});

describe('LinkedIn profiles', () => {
  it('reads a logged-out public profile on the Colombian host (Spanish UI)', async () => {
    load('public-profile-andres.html');
    const snap = await snapshot(URLS.publicAndres);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Andrés Felipe Gómez',
      title: 'Gerente de Compras',
      companyName: 'Transportes Andinos S.A.S.',
      location: 'Bogotá, Distrito Capital, Colombia',
      linkedinUrl: 'https://www.linkedin.com/in/andresfelipegomez',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('takes the vanity URL from the canonical link when the URL carries a member id', async () => {
    load('public-profile-andres.html');
    const snap = await snapshot('https://co.linkedin.com/in/ACoAAAndresFelipeGomez0000000000000/');
    expect(snap.entity).toMatchObject({ linkedinUrl: 'https://www.linkedin.com/in/andresfelipegomez' });
  });

  it("ignores a canonical link that names another profile (the head is stale after an in-page navigation)", async () => {
    load('public-profile-andres.html');
    const snap = await snapshot('https://co.linkedin.com/in/someone-else/');
    expect(snap.entity).toMatchObject({ linkedinUrl: 'https://www.linkedin.com/in/someone-else' });
  });

  it('yields no person for a private profile, and never the viewer', async () => {
    load('profile-private.html');
    const snap = await snapshot(URLS.private);
    expect(snap).toMatchObject({ entity: null, unavailable: 'private' });
    expect(JSON.stringify(snap)).not.toContain(VIEWER);
  });

  it('yields no person for the 404 page (Spanish UI)', async () => {
    load('not-found.html');
    const snap = await snapshot(URLS.missing);
    expect(snap).toMatchObject({ entity: null, unavailable: 'not-found' });
  });

  it('notices a 404 that replaces a profile after an in-page navigation', async () => {
    load('profile-mariajosegarcialopez.html', { runScripts: true });
    await snapshot(URLS.maria);
    setTimeout(() => load('not-found.html'), 40);
    const snap = await snapshot(URLS.missing, { previousName: 'María José García López', timeoutMs: 10_000 });
    expect(snap).toMatchObject({ entity: null, unavailable: 'not-found' });
  });

  it('after an in-page navigation from a company page, reads the profile', async () => {
    load('company-iberia-logistica.html', { runScripts: true });
    await snapshot(URLS.companyIberia);
    setTimeout(() => load('profile-mariajosegarcialopez.html', { runScripts: true }), 40);
    const snap = await snapshot(URLS.maria, { previousName: 'Iberia Logística', timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ type: 'person', fullName: 'María José García López', companyName: 'Iberia Logística' });
  });
});

describe('Sales Navigator', () => {
  it("reads a lead from its own top card, not the viewer or the similar leads", async () => {
    load('sales-lead-sarah.html');
    const snap = await snapshot(URLS.salesLead);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Sarah Mitchell',
      title: 'VP of Operations',
      companyName: 'Northwind Logistics Inc.',
      location: 'Chicago, Illinois, United States',
      linkedinUrl: undefined,
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('falls back to the headline when the current role is not shown', async () => {
    load('sales-lead-sarah.html');
    document.querySelector('[data-x--lead--topcard] [data-anonymize="job-title"]')!.remove();
    document.querySelector('[data-x--lead--topcard] [data-anonymize="company-name"]')!.remove();
    const snap = await snapshot(URLS.salesLead);
    // the headline's own "| …" part stays with the company, as splitHeadline reads it
    expect(snap.entity).toMatchObject({ title: 'VP of Operations', companyName: 'Northwind Logistics Inc. | Midwest freight' });
  });

  it('reads an account from its own top card, not the similar accounts', async () => {
    load('sales-account-northwind.html');
    const snap = await snapshot(URLS.salesAccount);
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Northwind Logistics Inc.',
      domain: 'northwindlogistics.com',
      industry: 'Transportation, Logistics, Supply Chain and Storage',
      size: '1,180 employees',
      linkedinCompanyId: '2414183',
      linkedinUrl: 'https://www.linkedin.com/company/2414183',
    });
  });
});
