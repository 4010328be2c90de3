// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { takeSnapshot } from './extract';
import { ExtractionAborted } from './dom';
import { companyFromLabel, splitHeadline } from './linkedin/extract';
import type { PageRef } from './types';
import { resetDocument } from '../../tests/support/sitePage';

const hubspotContact: PageRef = { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' };
const profile: PageRef = { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'mariajosegarcialopez' };
const opts = (extra: Partial<Parameters<typeof takeSnapshot>[3]> = {}) => ({
  signal: new AbortController().signal,
  now: () => 1,
  timeoutMs: 200,
  ...extra,
});

afterEach(resetDocument);

describe('HubSpot contact', () => {
  it('reads the record through the vendor test attributes', async () => {
    document.body.innerHTML = `
      <div class="sc-ksdxgE hXbVt"><h1 data-selenium-test="highlightTitle"> María José
        García López </h1></div>
      <a data-selenium-test="company-chicklet-title-link">Iberia Logística S.L.</a>
      <input data-selenium-test="property-input-email" value="maria.jose.garcia@iberialogistica.es">
      <span data-selenium-test="property-input-jobtitle">Directora Financiera</span>`;
    const snap = await takeSnapshot(document, 'https://app.hubspot.com/contacts/4481234/record/0-1/51001', hubspotContact, opts());
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'María José García López',
      email: 'maria.jose.garcia@iberialogistica.es',
      title: 'Directora Financiera',
      phone: undefined,
      companyName: 'Iberia Logística S.L.',
    });
    expect(snap.health.status).toBe('ok');
    expect(snap.health.missing).toEqual(['hubspot.0-1.phone']);
  });

  it('falls back to another highlight container and reports it', async () => {
    document.body.innerHTML = `<div data-card-type="OBJECT_HIGHLIGHT"><h1>Sarah Mitchell</h1><a href="mailto:sarah@x.com">sarah@x.com</a></div>`;
    const snap = await takeSnapshot(document, 'https://app.hubspot.com/contacts/1/record/0-1/51003', hubspotContact, opts());
    expect(snap.entity).toMatchObject({ fullName: 'Sarah Mitchell', email: 'sarah@x.com' });
    expect(snap.health.status).toBe('fallback');
  });

  it('waits for a late header, and reports failure when none comes', async () => {
    setTimeout(() => {
      document.body.innerHTML = '<h1 data-selenium-test="highlightTitle">Late Arrival</h1>';
    }, 30);
    const late = await takeSnapshot(document, 'https://app.hubspot.com/contacts/1/record/0-1/2', hubspotContact, opts({ timeoutMs: 10_000 }));
    expect(late.entity).toMatchObject({ fullName: 'Late Arrival' });

    document.body.innerHTML = '<div>redesigned page</div>';
    const none = await takeSnapshot(document, 'https://app.hubspot.com/contacts/1/record/0-1/2', hubspotContact, opts({ timeoutMs: 50 }));
    expect(none.entity).toBeNull();
    expect(none.health).toMatchObject({ status: 'failed', missing: ['hubspot.0-1.name'] });
  });

  it('after in-page navigation, waits for the new record instead of re-reading the old one', async () => {
    document.body.innerHTML = '<h1 data-selenium-test="highlightTitle">Old Record</h1>';
    setTimeout(() => {
      document.querySelector('h1')!.textContent = 'New Record';
    }, 30);
    const snap = await takeSnapshot(document, 'https://app.hubspot.com/contacts/1/record/0-1/3', hubspotContact, opts({ previousName: 'Old Record', timeoutMs: 10_000 }));
    expect(snap.entity).toMatchObject({ fullName: 'New Record' });
  });

  it('stops when the navigation it served is superseded', async () => {
    const controller = new AbortController();
    const pending = takeSnapshot(document, 'https://app.hubspot.com/contacts/1/record/0-1/3', hubspotContact, opts({ signal: controller.signal, timeoutMs: 5000 }));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(ExtractionAborted);
  });
});

describe('LinkedIn profile', () => {
  const topCard = (companyLabel: string) => `
    <header><nav><a href="/in/viewer-self/">Me</a><code>{"entityUrn":"urn:li:fsd_profile:ACoAAViewerSelf"}</code><h1>Not the profile</h1></nav></header>
    <main>
      <section class="artdeco-card xYz123">
        <h1 class="text-heading-xlarge inline t-24 v-align-middle break-words">María José García López</h1>
        <div class="text-body-medium break-words">Directora Financiera en Iberia Logística</div>
        <span class="text-body-small inline t-black--light break-words">Madrid, Comunidad de Madrid, España</span>
        <button aria-label="${companyLabel}">Iberia Logística</button>
      </section>
    </main>`;

  it('reads the profile shown, never the viewer (English UI)', async () => {
    document.body.innerHTML = topCard('Current company: Iberia Logística S.L.. Click to skip to experience card');
    const snap = await takeSnapshot(document, 'https://www.linkedin.com/in/mariajosegarcialopez/', profile, opts());
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'María José García López',
      title: 'Directora Financiera',
      companyName: 'Iberia Logística S.L.',
      location: 'Madrid, Comunidad de Madrid, España',
      linkedinUrl: 'https://www.linkedin.com/in/mariajosegarcialopez',
    });
  });

  it('reads the Spanish UI', async () => {
    document.body.innerHTML = topCard('Empresa actual: Transportes Andinos S.A.S.. Haz clic para ir a la experiencia');
    const snap = await takeSnapshot(document, 'https://es.linkedin.com/in/mariajosegarcialopez/', profile, opts());
    expect(snap.entity).toMatchObject({ companyName: 'Transportes Andinos S.A.S.' });
  });

  it('yields no person on the authwall', async () => {
    document.title = 'LinkedIn: Log In or Sign Up';
    document.head.innerHTML = '<link rel="canonical" href="https://www.linkedin.com/">';
    document.body.innerHTML = '<main><h1>Welcome to your professional community</h1></main>';
    const snap = await takeSnapshot(document, 'https://www.linkedin.com/in/mariajosegarcialopez/', profile, opts());
    expect(snap.entity).toBeNull();
    expect(snap.unavailable).toBe('sign-in');
  });

  it('yields no person on a missing profile', async () => {
    document.title = 'Page not found | LinkedIn';
    document.body.innerHTML = '<main><h1>This page doesn’t exist</h1></main>';
    const snap = await takeSnapshot(document, 'https://www.linkedin.com/in/nobody-here/', profile, opts());
    expect(snap).toMatchObject({ entity: null, unavailable: 'not-found' });
  });

  it('reads a logged-out public profile from Open Graph', async () => {
    document.head.innerHTML = '<meta property="og:title" content="Sarah Mitchell - Northwind Logistics Inc. | LinkedIn">';
    document.body.innerHTML = '<div>public profile</div>';
    const snap = await takeSnapshot(document, 'https://www.linkedin.com/in/sarah-mitchell-ops', { ...profile, recordId: 'sarah-mitchell-ops' }, opts({ timeoutMs: 20 }));
    expect(snap.entity).toMatchObject({ fullName: 'Sarah Mitchell', linkedinUrl: 'https://www.linkedin.com/in/sarah-mitchell-ops' });
    expect(snap.health.status).toBe('fallback');
  });

  it('reads company names with dots out of the ARIA label', () => {
    expect(companyFromLabel('Current company: Acme S.A. de C.V.. Click to skip to experience card')).toBe('Acme S.A. de C.V.');
    expect(companyFromLabel('Empresa actual: Iberia Logística S.L.. Haz clic para ir a la tarjeta de experiencia')).toBe('Iberia Logística S.L.');
    expect(companyFromLabel('Current company: Northwind')).toBe('Northwind');
  });

  it('splits headlines in English and Spanish', () => {
    expect(splitHeadline('VP of Operations at Northwind Logistics Inc.')).toEqual({ title: 'VP of Operations', company: 'Northwind Logistics Inc.' });
    expect(splitHeadline('Gerente de Compras en Transportes Andinos')).toEqual({ title: 'Gerente de Compras', company: 'Transportes Andinos' });
    expect(splitHeadline('Helping teams sell better')).toEqual({ title: 'Helping teams sell better' });
  });
});

describe('a page with no readable record', () => {
  it('reports what the URL says and a failed health', async () => {
    const ref: PageRef = { site: 'pipedrive', kind: 'deal', objectType: 'deal', recordId: '7' };
    const snap = await takeSnapshot(document, 'https://acme.pipedrive.com/deal/7', ref, opts({ timeoutMs: 20 }));
    expect(snap).toMatchObject({ ref, entity: null, health: { status: 'failed' } });
  });
});
