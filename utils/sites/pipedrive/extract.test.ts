// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureLoader, resetDocument, snapshot } from '../../../tests/support/sitePage';
import { TITLE_SUFFIXES } from './selectors';
import { nameFromTitle } from './extract';

const load = fixtureLoader('pipedrive');
const URLS = {
  person: 'https://acme.pipedrive.com/person/123',
  organization: 'https://acme.pipedrive.com/organization/45',
  deal: 'https://acme.pipedrive.com/deal/30551',
  lead: 'https://acme.pipedrive.com/leads/inbox/5e3b1c20-9a4f-11ee-b1d2-0f3c6a8e2d71',
};

afterEach(resetDocument);

describe('Pipedrive', () => {
  it('reads a person from the document title and the details column (English UI)', async () => {
    load('person-123.html');
    const snap = await snapshot(URLS.person);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Sarah Mitchell',
      email: 'sarah.mitchell@northwindlogistics.com',
      phone: '+1 312 555 0142',
      companyName: 'Northwind Logistics Inc.',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
    expect(snap.health.matched).toContain('pipedrive.person.name: document.title');
  });

  it('reads an organization from its header textarea', async () => {
    load('organization-45.html');
    const snap = await snapshot(URLS.organization);
    expect(snap.entity).toEqual({ type: 'company', name: 'Northwind Logistics Inc.' });
    expect(snap.health.matched).toEqual(['pipedrive.organization.name: [data-testid="header-title"] textarea']);
  });

  it('waits for a deal header that renders late (Spanish UI)', async () => {
    load('deal-30551.html', { runScripts: true });
    const snap = await snapshot(URLS.deal);
    expect(snap.entity).toEqual({
      type: 'deal',
      name: 'Transportes Andinos — Flota 2027',
      companyName: 'Transportes Andinos S.A.S.',
    });
    expect(snap.health.status).toBe('ok');
  });

  it("reads a lead as its person, from the lead's own panel and not the inbox list (Spanish UI)", async () => {
    load('lead-5e3b1c20.html');
    const snap = await snapshot(URLS.lead);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'Andrés Felipe Gómez',
      companyName: 'Transportes Andinos S.A.S.',
      email: 'andres.gomez@transportesandinos.com.co',
      phone: '+57 310 555 1234',
    });
  });

  it('reads a lead with nobody linked as its title', async () => {
    document.body.innerHTML = `
      <ul><li><a href="/leads/inbox/0c2d7e14-1b2a-4c3d-9e8f-7a6b5c4d3e2f">Piloto</a> <a href="/person/97">Valentina Rojas</a></li></ul>
      <section><div><div data-testid="SidebarLeadTitle"><div>Feria Logística Bogotá</div></div></div></section>`;
    const snap = await snapshot(URLS.lead);
    expect(snap.entity).toEqual({ type: 'deal', name: 'Feria Logística Bogotá' });
  });

  it('after an in-page navigation, waits for the next record instead of re-reading the old one', async () => {
    load('person-123.html');
    setTimeout(() => load('organization-45.html'), 40);
    const snap = await snapshot(URLS.organization, { previousName: 'Sarah Mitchell', timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ type: 'company', name: 'Northwind Logistics Inc.' });
  });

  it('does not read the previous person\'s details under the next person\'s title', async () => {
    load('person-123.html');
    document.title = 'Kevin O\'Brien - contact details'; // the app retitled the page first
    setTimeout(() => {
      document.querySelector('.detailView h1')!.textContent = "Kevin O'Brien";
      document.querySelector('a[href^="mailto:sarah"]')!.setAttribute('href', 'mailto:kevin.obrien@northwindlogistics.com');
    }, 40);
    const snap = await snapshot('https://acme.pipedrive.com/person/311', { previousName: 'Sarah Mitchell', timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ fullName: "Kevin O'Brien", email: 'kevin.obrien@northwindlogistics.com' });
  });

  it('reports a page it cannot read', async () => {
    document.body.innerHTML = '<div class="Skeleton-sc-1b1dlh0-0"></div>';
    const snap = await snapshot(URLS.deal, { timeoutMs: 30 });
    expect(snap).toMatchObject({ entity: null, health: { status: 'failed', missing: ['pipedrive.deal.name'] } });
  });

  it('takes the name out of a person page title', () => {
    expect(nameFromTitle('María José García López - contact details', TITLE_SUFFIXES.person)).toBe('María José García López');
    expect(nameFromTitle('Deals - Pipedrive', TITLE_SUFFIXES.person)).toBeUndefined();
  });
});
