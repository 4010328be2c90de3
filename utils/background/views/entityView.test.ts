import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../store/db';
import { putAll } from '../../store/records';
import { buildEntityView } from './entityView';
import type { Account, Activity, Deal, Person, User } from '../../domain/entities';
import { companyKey, linkedinKey, nameKey } from '../../text/normalize';

const at = (d: string) => `${d}T10:00:00.000Z`;
const base = { crmRefs: [], createdAt: at('2026-01-01'), updatedAt: at('2026-01-01'), source: 'local' as const };

const users: User[] = [
  { id: 'u1', name: 'Lucía Fernández', email: 'lucia@vendor.test', team: 'sales', role: 'AE', source: 'local' },
  { id: 'u2', name: 'Diego Morales', email: 'diego@vendor.test', team: 'sales', role: 'SDR', source: 'local' },
];
const account: Account = {
  ...base,
  id: 'a1',
  name: 'Iberia Logística S.L.',
  nameKey: nameKey('Iberia Logística S.L.'),
  domain: 'iberialogistica.es',
  lifecycle: 'customer',
  tier: 'tier-1',
  keyAccount: true,
  ownerId: 'u1',
  linkedinUrl: 'https://www.linkedin.com/company/iberia-logistica',
  linkedinKey: 'company/iberia-logistica',
  products: [],
  crmKeys: ['hubspot:account:90001'],
};
const person = (id: string, over: Partial<Person>): Person => ({
  ...base,
  id,
  kind: 'contact',
  firstName: '',
  lastName: '',
  fullName: '',
  nameKey: '',
  emails: [],
  crmKeys: [],
  ...over,
});
const people: Person[] = [
  person('p1', {
    fullName: 'María José García López',
    nameKey: nameKey('María José García López'),
    emails: ['maria.jose.garcia@iberialogistica.es'],
    linkedinUrl: 'https://www.linkedin.com/in/mariajosegarcialopez',
    linkedinKey: linkedinKey('https://www.linkedin.com/in/mariajosegarcialopez'),
    accountId: 'a1',
    ownerId: 'u1',
    crmKeys: ['hubspot:person:51001'],
  }),
  person('p2', { fullName: 'Juan Pérez', nameKey: nameKey('Juan Pérez'), companyName: 'Otra Empresa S.A.', ownerId: 'u2' }),
  person('p3', { fullName: 'Juan Pérez', nameKey: nameKey('Juan Pérez'), accountId: 'a1', ownerId: 'u1' }),
];
const deals: Deal[] = [
  { ...base, id: 'd1', name: 'Ampliación', accountId: 'a1', contactIds: ['p1'], ownerId: 'u1', stage: 'proposal', amount: 48000, currency: 'EUR', closeDate: at('2027-01-15'), productIds: [], crmKeys: ['hubspot:deal:7'] },
  { ...base, id: 'd2', name: 'Renovación', accountId: 'a1', contactIds: ['p1'], ownerId: 'u1', stage: 'negotiation', currency: 'EUR', closeDate: at('2026-12-20'), productIds: [], crmKeys: [] },
  { ...base, id: 'd3', name: 'Old win', accountId: 'a1', contactIds: ['p1'], stage: 'closed-won', currency: 'EUR', productIds: [], crmKeys: [] },
];
const activities: Activity[] = [
  { id: 'x1', type: 'email-sent', at: at('2026-10-01'), personId: 'p1', accountId: 'a1', ownerId: 'u1', source: 'local' },
  { id: 'x2', type: 'call', at: at('2026-11-19'), personId: 'p1', accountId: 'a1', ownerId: 'u1', subject: 'Discovery', source: 'local' },
  { id: 'x3', type: 'meeting', at: at('2026-11-20'), personId: 'p2', source: 'local' },
];

let db: Db;
beforeEach(async () => {
  db = await openStore(`view-${Math.random()}`);
  await putAll(db, 'users', users);
  await putAll(db, 'accounts', [account]);
  await putAll(db, 'people', people);
  await putAll(db, 'deals', deals);
  await putAll(db, 'activities', activities);
});

describe('buildEntityView: people', () => {
  it('finds a HubSpot contact by its CRM id, with owner, last activity and open deals only', async () => {
    const view = await buildEntityView(
      db,
      { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' },
      { type: 'person', fullName: 'María José García López' },
    );
    expect(view?.verdict).toBe('in-crm');
    expect(view?.displayName).toBe('María José García López');
    const [m] = view!.people;
    expect(m).toMatchObject({ id: 'p1', matchedBy: 'crm-id', owner: { name: 'Lucía Fernández' }, companyName: 'Iberia Logística S.L.' });
    expect(m!.lastActivity).toMatchObject({ type: 'call', at: at('2026-11-19'), ownerName: 'Lucía Fernández' });
    expect(m!.openDeals.map((d) => d.name)).toEqual(['Renovación', 'Ampliación']); // soonest close first, closed ones left out
    expect(view!.people).toHaveLength(1);
  });

  it('finds a LinkedIn profile by its vanity name, whatever the host and case', async () => {
    const view = await buildEntityView(
      db,
      { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'mariajosegarcialopez' },
      { type: 'person', fullName: 'María José García López', linkedinUrl: 'https://es.linkedin.com/in/MariaJoseGarciaLopez/' },
    );
    expect(view?.people[0]).toMatchObject({ id: 'p1', matchedBy: 'linkedin' });
  });

  it('finds by e-mail', async () => {
    const view = await buildEntityView(db, { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'someone-else' }, {
      type: 'person',
      fullName: 'M. J. García',
      email: 'Maria.Jose.Garcia@IberiaLogistica.es',
    });
    expect(view?.people[0]).toMatchObject({ id: 'p1', matchedBy: 'email' });
    expect(view?.verdict).toBe('in-crm');
  });

  it('prefers name + company over name alone, and says "possible" for a bare name', async () => {
    const withCompany = await buildEntityView(db, { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'jperez' }, {
      type: 'person',
      fullName: 'Juan  PEREZ',
      companyName: 'Iberia Logistica',
    });
    expect(withCompany?.people.map((p) => [p.id, p.matchedBy])).toEqual([
      ['p3', 'name-company'],
      ['p2', 'name'],
    ]);
    expect(withCompany?.verdict).toBe('in-crm');
    const bare = await buildEntityView(db, { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'jperez' }, {
      type: 'person',
      fullName: 'Juan Pérez',
      companyName: 'Nowhere Ltd',
    });
    expect(bare?.verdict).toBe('possible');
  });

  it('says "new" for someone who is not in the store', async () => {
    const view = await buildEntityView(db, { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'anabelensoto' }, {
      type: 'person',
      fullName: 'Ana Belén Soto',
    });
    expect(view).toMatchObject({ verdict: 'new', displayName: 'Ana Belén Soto', people: [] });
  });

  it("answers for the person's company too: their account, or the company the page names", async () => {
    const known = await buildEntityView(db, { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' }, { type: 'person', fullName: 'María José García López' });
    expect(known?.company).toMatchObject({ account: { id: 'a1', lifecycle: 'customer', keyAccount: true }, owner: { name: 'Lucía Fernández' } });
    expect(known?.company?.openDeals.map((d) => d.name)).toEqual(['Renovación', 'Ampliación']);
    // someone new, at a company that is already a customer: the SDR learns it before reaching out
    const newcomer = await buildEntityView(db, { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'anabelensoto' }, {
      type: 'person',
      fullName: 'Ana Belén Soto',
      companyName: 'Iberia Logística',
    });
    expect(newcomer).toMatchObject({ verdict: 'new', company: { account: { id: 'a1' }, matchedBy: 'name' } });
    // a free-mail address says nothing about the company; an unknown company is simply absent
    const elsewhere = await buildEntityView(db, { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'x' }, {
      type: 'person',
      fullName: 'Pablo Ruiz',
      companyName: 'Transportes Andinos S.A.S.',
      email: 'pablo@gmail.com',
    });
    expect(elsewhere?.company).toBeUndefined();
  });

  it('still shows the CRM record when the page could not be read', async () => {
    const view = await buildEntityView(db, { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' }, null);
    expect(view?.displayName).toBe('María José García López');
    expect(view?.verdict).toBe('in-crm');
  });

  it('has nothing to show for an unknown record the page could not read', async () => {
    expect(await buildEntityView(db, { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '999' }, null)).toBeUndefined();
  });
});

describe('buildEntityView: companies and deals', () => {
  it('finds an account by CRM id, LinkedIn, domain or name without legal form', async () => {
    const ref = { site: 'hubspot' as const, kind: 'account' as const, objectType: '0-2', recordId: '90001' };
    expect((await buildEntityView(db, ref, null))?.accounts[0]).toMatchObject({ matchedBy: 'crm-id', contactCount: 2, owner: { name: 'Lucía Fernández' } });
    const li = { site: 'linkedin' as const, kind: 'account' as const, objectType: 'company', recordId: 'iberia-logistica' };
    expect((await buildEntityView(db, li, { type: 'company', name: 'Iberia Logística' }))?.accounts[0]?.matchedBy).toBe('linkedin');
    const other = { site: 'linkedin' as const, kind: 'account' as const, objectType: 'company', recordId: '123' };
    expect((await buildEntityView(db, other, { type: 'company', name: 'X', domain: 'https://www.iberialogistica.es/' }))?.accounts[0]?.matchedBy).toBe('domain');
    expect(companyKey('IBERIA LOGÍSTICA, S.L.')).toBe(companyKey(account.name));
  });

  it('finds a deal by CRM id', async () => {
    const view = await buildEntityView(db, { site: 'hubspot', kind: 'deal', objectType: '0-3', recordId: '7' }, null);
    expect(view?.deals[0]).toMatchObject({ deal: { name: 'Ampliación', amount: 48000 }, account: { name: 'Iberia Logística S.L.' } });
  });
});
