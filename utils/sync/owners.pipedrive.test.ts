// Record owners with Pipedrive, against the local Pipedrive fake (real HTTP): the company's users
// become ours (`pipedrive-user-<id>`, the id adoptCrmUser gives the users/me user), each record's
// owner_id its ownerId, and a record the SDR adds goes with the owner they chose when that owner
// is one of the company's users.
import { afterEach, describe, expect, it } from 'vitest';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { openStore } from '../store/db';
import { getSetting } from '../store/settings';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, account, person } from '../../tests/support/sync';
import { allEntries } from '../store/outbox';
import { createPersonWithAccount } from './sdrActions';
import { buildEntityView } from '../background/views/entityView';

const fakes: PipedriveFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

const TOKEN = 'pd-api-token-0123456789abcdef';

async function withService() {
  const clock = new VirtualClock();
  const fake = new PipedriveFake({ now: clock.now, burstLimit: 20 });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`pd-owners-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(7), timeoutMs: 30_000 }, true);
  await service.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: fake.url, startSync: false });
  return { clock, fake, db, service, now: () => new Date(clock.now()) };
}

describe('Pipedrive owners', () => {
  it('a pulled person, organization, deal and lead carry their owner, shown by name; an owner_id of no user is no owner', async () => {
    const t = await withService();
    const ana = t.fake.addUser('Ana Gil', 'ana@iberia.example');
    const gone = t.fake.addUser('Marta Soler', 'marta@iberia.example', { active: false });
    const org = t.fake.seed('organizations', { name: 'Acme Ibérica' }); // made by the token's user: theirs
    const p = t.fake.seed('persons', { first_name: 'Lucía', last_name: 'Martín', org_id: org.id, owner_id: ana.id });
    const old = t.fake.seed('persons', { first_name: 'Jorge', last_name: 'Vidal', owner_id: gone.id });
    const stray = t.fake.seed('persons', { first_name: 'Pablo', last_name: 'Ruiz', owner_id: 4242 });
    const d = t.fake.seed('deals', { title: 'Renovación', owner_id: ana.id });
    const lead = t.fake.seedLead({ title: 'Ampliación', owner_id: ana.id });
    await t.service.engine.run({ pull: 'now' });
    const anaId = `pipedrive-user-${ana.id}`;
    expect(await t.db.get('users', anaId)).toMatchObject({ name: 'Ana Gil', email: 'ana@iberia.example', source: 'crm' });
    // the users/me user (adoptCrmUser) and the owner of what they made are one user
    expect((await getSetting(t.db, 'currentUser'))?.userId).toBe('pipedrive-user-1');
    expect((await t.db.getAll('users')).filter((u) => u.name === 'Rep One').map((u) => u.id)).toEqual(['pipedrive-user-1']);
    expect((await t.db.get('accounts', `pipedrive-account-${org.id}`))?.ownerId).toBe('pipedrive-user-1');
    expect((await t.db.get('people', `pipedrive-person-${p.id}`))?.ownerId).toBe(anaId);
    expect((await t.db.get('people', `pipedrive-person-${old.id}`))?.ownerId).toBe(`pipedrive-user-${gone.id}`);
    expect((await t.db.get('people', `pipedrive-person-${stray.id}`))?.ownerId).toBeUndefined();
    expect((await t.db.get('deals', `pipedrive-deal-${d.id}`))?.ownerId).toBe(anaId);
    expect((await t.db.get('deals', `pipedrive-deal-${lead.id.toLowerCase()}`))?.ownerId).toBe(anaId);

    const view = await buildEntityView(t.db, { site: 'pipedrive', kind: 'contact', objectType: 'person', recordId: String(p.id) }, { type: 'person', fullName: 'Lucía Martín' });
    expect(view?.people[0]?.owner).toEqual({ id: anaId, name: 'Ana Gil' });

    // reassigned in Pipedrive to someone who joined since: the next pull reads both
    t.clock.advance(10 * 60_000);
    const luis = t.fake.addUser('Luis Mamani', 'luis@iberia.example');
    t.fake.edit('persons', p.id, { owner_id: luis.id });
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('people', `pipedrive-person-${p.id}`))?.ownerId).toBe(`pipedrive-user-${luis.id}`);
    expect((await t.db.get('users', `pipedrive-user-${luis.id}`))?.name).toBe('Luis Mamani');
  });

  it('a record the SDR adds goes with the owner they chose; someone who is not a Pipedrive user is left to Pipedrive (the token’s user)', async () => {
    const t = await withService();
    const ana = t.fake.addUser('Ana Gil', 'ana@iberia.example');
    await t.service.engine.run({ pull: 'now' });
    const anaId = `pipedrive-user-${ana.id}`;
    await createPersonWithAccount(
      t.db,
      { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], ownerId: anaId }), account: account('a-1', 'Acme Ibérica', { ownerId: anaId }) },
      t.now(),
    );
    await t.db.put('users', { id: 'local-rep', name: 'Local Rep', email: 'rep@local.example', team: 'sales', role: 'rep', source: 'local' });
    await createPersonWithAccount(t.db, { person: person('p-2', 'Pablo', 'Ruiz', { emails: ['pablo@ruiz.example'], ownerId: 'local-rep' }) }, t.now());
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    const persons = [...t.fake.objects.persons.values()];
    expect(persons.find((o) => o.name === 'Lucía Martín')?.owner_id).toBe(ana.id);
    expect([...t.fake.objects.organizations.values()].find((o) => o.name === 'Acme Ibérica')?.owner_id).toBe(ana.id);
    expect(persons.find((o) => o.name === 'Pablo Ruiz')?.owner_id).toBe(1);
  });

  it('an owner deactivated in Pipedrive before the create went: refused with Pipedrive’s reason, nothing made', async () => {
    const t = await withService();
    const ana = t.fake.addUser('Ana Gil', 'ana@iberia.example');
    await t.service.engine.run({ pull: 'now' });
    ana.active_flag = false;
    await createPersonWithAccount(t.db, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], ownerId: `pipedrive-user-${ana.id}` }) }, t.now());
    await t.service.engine.run({ pull: 'never' });
    const [entry] = await allEntries(t.db);
    expect(entry).toMatchObject({ state: 'failed', lastError: { code: 'invalid' } });
    expect(entry?.lastError?.message).toMatch(/owner_id/);
    expect([...t.fake.objects.persons.values()].filter((o) => o.name === 'Lucía Martín')).toEqual([]);
  });
});
