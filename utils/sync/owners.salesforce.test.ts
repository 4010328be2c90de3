// Record owners with Salesforce, against the local Salesforce fake (real HTTP): the org's users
// become ours (`salesforce-user-<Id>`, the id adoptCrmUser gives the signed-in user from
// userinfo), each record's OwnerId its ownerId (a queue is no one), and a record the SDR adds goes
// with the owner they chose when that owner is one of the org's users.
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { openStore } from '../store/db';
import { getSetting } from '../store/settings';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, account, person } from '../../tests/support/sync';
import { allEntries } from '../store/outbox';
import { createPersonWithAccount } from './sdrActions';
import { buildEntityView } from '../background/views/entityView';

const fakes: SalesforceFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function withService() {
  const clock = new VirtualClock();
  const fake = new SalesforceFake({ now: clock.now });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`sf-owners-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(9), timeoutMs: 30_000 }, true);
  await service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url, startSync: false });
  return { clock, fake, db, service, now: () => new Date(clock.now()) };
}

describe('Salesforce owners', () => {
  it('a pulled contact, lead, account and opportunity carry their owner, shown by name; a queue is no owner', async () => {
    const t = await withService();
    const ana = t.fake.addUser('Ana Gil', 'ana@iberia.example');
    const gone = t.fake.addUser('Marta Soler', 'marta@iberia.example', { active: false });
    const queue = t.fake.addQueue('Leads España');
    const acct = t.fake.insert('Account', { Name: 'Acme Ibérica' }); // made by the token's user: theirs
    const c = t.fake.insert('Contact', { FirstName: 'Lucía', LastName: 'Martín', Email: 'lucia@acme.es', AccountId: acct.Id!, OwnerId: ana.Id! });
    const old = t.fake.insert('Contact', { FirstName: 'Jorge', LastName: 'Vidal', OwnerId: gone.Id! });
    const lead = t.fake.insert('Lead', { FirstName: 'Pablo', LastName: 'Ruiz', Company: 'Ruiz SL', OwnerId: queue.Id! });
    const opp = t.fake.insert('Opportunity', { Name: 'Renovación', StageName: 'Qualification', CloseDate: '2027-01-31', OwnerId: ana.Id! });
    await t.service.engine.run({ pull: 'now' });
    const anaId = `salesforce-user-${String(ana.Id)}`;
    const me = `salesforce-user-${t.fake.currentUser.id}`;
    expect(await t.db.get('users', anaId)).toMatchObject({ name: 'Ana Gil', email: 'ana@iberia.example', source: 'crm' });
    // the signed-in user (adoptCrmUser, from userinfo) and the owner of what they made are one user
    expect((await getSetting(t.db, 'currentUser'))?.userId).toBe(me);
    expect((await t.db.getAll('users')).filter((u) => u.name === t.fake.currentUser.name).map((u) => u.id)).toEqual([me]);
    expect((await t.db.get('accounts', `salesforce-account-${String(acct.Id)}`))?.ownerId).toBe(me);
    expect((await t.db.get('people', `salesforce-person-${String(c.Id)}`))?.ownerId).toBe(anaId);
    expect((await t.db.get('deals', `salesforce-deal-${String(opp.Id)}`))?.ownerId).toBe(anaId);
    // an inactive user still names who owned it
    expect((await t.db.get('people', `salesforce-person-${String(old.Id)}`))?.ownerId).toBe(`salesforce-user-${String(gone.Id)}`);
    expect((await t.db.get('people', `salesforce-person-${String(lead.Id)}`))?.ownerId).toBeUndefined();

    const view = await buildEntityView(t.db, { site: 'salesforce', kind: 'contact', objectType: 'Contact', recordId: String(c.Id) }, { type: 'person', fullName: 'Lucía Martín' });
    expect(view?.people[0]?.owner).toEqual({ id: anaId, name: 'Ana Gil' });

    // reassigned in Salesforce to a queue: no owner here
    t.fake.edit('Contact', String(c.Id), { OwnerId: queue.Id! });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('people', `salesforce-person-${String(c.Id)}`))?.ownerId).toBeUndefined();
  });

  it('a record the SDR adds goes with the owner they chose; someone who is not a Salesforce user is left to Salesforce (the token’s user)', async () => {
    const t = await withService();
    const ana = t.fake.addUser('Ana Gil', 'ana@iberia.example');
    await t.service.engine.run({ pull: 'now' });
    const anaId = `salesforce-user-${String(ana.Id)}`;
    await createPersonWithAccount(
      t.db,
      { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], ownerId: anaId }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es', ownerId: anaId }) },
      t.now(),
    );
    await t.db.put('users', { id: 'local-rep', name: 'Local Rep', email: 'rep@local.example', team: 'sales', role: 'rep', source: 'local' });
    await createPersonWithAccount(t.db, { person: person('l-1', 'Pablo', 'Ruiz', { kind: 'lead', companyName: 'Ruiz SL', emails: ['pablo@ruiz.example'], ownerId: 'local-rep' }) }, t.now());
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.find('Contact', 'Email', 'lucia@acme.es')[0]?.OwnerId).toBe(ana.Id);
    expect(t.fake.find('Account', 'Name', 'Acme Ibérica')[0]?.OwnerId).toBe(ana.Id);
    expect(t.fake.find('Lead', 'Email', 'pablo@ruiz.example')[0]?.OwnerId).toBe(t.fake.currentUser.id);
  });

  it('an owner deactivated in Salesforce before the create went: refused with Salesforce’s reason, nothing made', async () => {
    const t = await withService();
    const ana = t.fake.addUser('Ana Gil', 'ana@iberia.example');
    await t.service.engine.run({ pull: 'now' });
    ana.IsActive = false;
    await createPersonWithAccount(t.db, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], ownerId: `salesforce-user-${String(ana.Id)}` }) }, t.now());
    await t.service.engine.run({ pull: 'never' });
    const [entry] = await allEntries(t.db);
    expect(entry).toMatchObject({ state: 'failed', lastError: { code: 'invalid' } });
    expect(entry?.lastError?.message).toMatch(/INACTIVE_OWNER_OR_USER/);
    expect(t.fake.find('Contact', 'Email', 'lucia@acme.es')).toEqual([]);
  });
});
