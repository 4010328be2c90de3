// Record owners with HubSpot, against the local HubSpot fake (real HTTP): the owners become our
// users (`hubspot-user-<userId>`, the id adoptCrmUser gives the signed-in user), each record's
// hubspot_owner_id (an OWNER id) becomes its ownerId, and a record the SDR adds goes with the owner
// they chose when that owner is one of the portal's.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { HttpClient } from './http';
import { hubspotLimiter } from './limiter';
import { HubspotConnector, describeHubspotError } from './connectors/hubspot';
import type { ConnectionRecord } from '../store/syncRecords';
import type { PullPage } from './connector';
import { VirtualClock, account, connectionRecord, person } from '../../tests/support/sync';
import { createPersonWithAccount } from './sdrActions';
import { mulberry32 } from '../demo/prng';
import { openStore } from '../store/db';
import { SyncService, adoptCrmUser } from './service';
import { allEntries, saveLocalEdit } from '../store/outbox';
import { conflictView } from './handlers';
import { buildEntityView } from '../background/views/entityView';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function withService() {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`hs-owners-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
  await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
  return { clock, fake, db, service, now: () => new Date(clock.now()) };
}

async function connector(fake: HubspotFake, clock: VirtualClock) {
  const connection: ConnectionRecord = connectionRecord('hubspot', { label: 'HubSpot', baseUrl: fake.url, capabilities: { dealsideIdField: false, bant: 'missing' } });
  const http = new HttpClient(
    { fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(3) },
    { baseUrl: fake.url, limiter: hubspotLimiter('professional'), authorize: async (h) => h.set('authorization', 'Bearer pat-na1-test'), describeError: describeHubspotError, crmName: 'HubSpot', timeoutMs: 30_000 },
  );
  const result = await new HubspotConnector(connection, http).connect();
  Object.assign(connection, { fieldMap: result.fieldMap, capabilities: result.capabilities, account: result.account });
  return new HubspotConnector(connection, http);
}

async function drain(gen: AsyncGenerator<PullPage>): Promise<PullPage[]> {
  const pages: PullPage[] = [];
  for await (const p of gen) pages.push(p);
  return pages;
}

describe('HubSpot owners', () => {
  it('reads every owner, paging 500 at a time, active and deactivated, as users keyed by their user id', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    for (let i = 0; i < 520; i++) fake.addOwner({ firstName: `Rep${i}`, lastName: 'García', email: `rep${i}@acme.es` });
    const gone = fake.addOwner({ firstName: 'Marta', lastName: 'Soler', email: 'marta@acme.es', userId: 4242 });
    fake.deactivateOwner(gone.id);
    const c = await connector(fake, clock);
    expect(c.streams[0]).toMatchObject({ name: 'owners', entity: 'user' });
    const asked = fake.counters.byRoute['GET /crm/v3/owners'] ?? 0; // (connect asks one owner: may the token read them?)
    const pages = await drain(c.pull('owners', undefined));
    const users = pages.flatMap((p) => p.users ?? []);
    expect(users).toHaveLength(521);
    const first = fake.owners[0]!;
    expect(users).toContainEqual({ id: `hubspot-user-${first.userId}`, name: 'Rep0 García', email: 'rep0@acme.es' });
    // a deactivated user keeps their name on the records they owned
    expect(users).toContainEqual({ id: 'hubspot-user-4242', name: 'Marta Soler', email: 'marta@acme.es' });
    expect(fake.counters.byRoute['GET /crm/v3/owners']! - asked).toBe(3); // two active pages, one archived
    // owner ids never stand for user ids
    expect(users.some((u) => u.id === `hubspot-user-${first.id}`)).toBe(false);
  });

  it('a pulled contact, company and deal carry their owner, shown by name; an owner HubSpot does not list is no owner', async () => {
    const t = await withService();
    const ana = t.fake.addOwner({ firstName: 'Ana', lastName: 'Gil', email: 'ana@acme.es' });
    const co = t.fake.seed('companies', { name: 'Acme Ibérica', domain: 'acme.es', hubspot_owner_id: ana.id });
    const c = t.fake.seed('contacts', { firstname: 'Lucía', lastname: 'Martín', email: 'lucia@acme.es', hubspot_owner_id: ana.id });
    const orphan = t.fake.seed('contacts', { firstname: 'Pablo', lastname: 'Ruiz', email: 'pablo@ruiz.example', hubspot_owner_id: '99999999' });
    const d = t.fake.seed('deals', { dealname: 'Renovación', dealstage: 'qualifiedtobuy', hubspot_owner_id: ana.id });
    await t.service.engine.run({ pull: 'now' });
    const anaId = `hubspot-user-${ana.userId}`;
    expect(await t.db.get('users', anaId)).toMatchObject({ name: 'Ana Gil', email: 'ana@acme.es', source: 'crm' });
    expect((await t.db.get('people', `hubspot-person-${c.id}`))?.ownerId).toBe(anaId);
    expect((await t.db.get('accounts', `hubspot-account-${co.id}`))?.ownerId).toBe(anaId);
    expect((await t.db.get('deals', `hubspot-deal-${d.id}`))?.ownerId).toBe(anaId);
    expect((await t.db.get('people', `hubspot-person-${orphan.id}`))?.ownerId).toBeUndefined();

    const view = await buildEntityView(t.db, { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: c.id }, { type: 'person', fullName: 'Lucía Martín' });
    expect(view?.people[0]?.owner).toEqual({ id: anaId, name: 'Ana Gil' });

    // reassigned in HubSpot to someone who joined since: the next pull reads both
    const luis = t.fake.addOwner({ firstName: 'Luis', lastName: 'Mamani', email: 'luis@acme.es' });
    t.fake.edit('contacts', c.id, { hubspot_owner_id: luis.id });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('people', `hubspot-person-${c.id}`))?.ownerId).toBe(`hubspot-user-${luis.userId}`);
    // unassigned there: no owner here
    t.fake.edit('contacts', c.id, { hubspot_owner_id: null });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('people', `hubspot-person-${c.id}`))?.ownerId).toBeUndefined();
  });

  it('a connection made before owners synced (no ownerId in its field map) pulls and sends owners too', async () => {
    const t = await withService();
    const conn = (await t.db.get('syncConnections', 'hubspot'))!;
    for (const map of Object.values(conn.fieldMap)) delete map?.ownerId;
    await t.db.put('syncConnections', conn);
    const ana = t.fake.addOwner({ firstName: 'Ana', lastName: 'Gil', email: 'ana@acme.es' });
    const luis = t.fake.addOwner({ firstName: 'Luis', lastName: 'Mamani', email: 'luis@acme.es' });
    const c = t.fake.seed('contacts', { firstname: 'Lucía', lastname: 'Martín', hubspot_owner_id: ana.id });
    await t.service.engine.run({ pull: 'now' });
    const localId = `hubspot-person-${c.id}`;
    expect((await t.db.get('people', localId))?.ownerId).toBe(`hubspot-user-${ana.userId}`);
    await saveLocalEdit(t.db, { entity: 'person', localId }, { ownerId: `hubspot-user-${luis.userId}` }, t.now());
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.objects.contacts.get(c.id)?.properties.hubspot_owner_id).toBe(luis.id);
  });

  it('the signed-in user and the owner of their records are one user', async () => {
    const t = await withService();
    const me = t.fake.addOwner({ firstName: 'Carmen', lastName: 'Vidal', email: 'carmen@acme.es', userId: 777 });
    await adoptCrmUser(t.db, 'hubspot', { id: '777', name: 'Carmen Vidal', email: 'carmen@acme.es' }, t.now());
    const c = t.fake.seed('contacts', { firstname: 'Lucía', lastname: 'Martín', hubspot_owner_id: me.id });
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.getAll('users')).filter((u) => u.name === 'Carmen Vidal').map((u) => u.id)).toEqual(['hubspot-user-777']);
    const view = await buildEntityView(t.db, { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: c.id }, { type: 'person', fullName: 'Lucía Martín' }, { currentUserId: 'hubspot-user-777' });
    expect(view?.people[0]).toMatchObject({ owner: { name: 'Carmen Vidal' }, mine: true });
  });

  it('a record the SDR adds goes with the owner they chose (as an owner id); someone who is not a HubSpot owner is left to HubSpot', async () => {
    const t = await withService();
    const ana = t.fake.addOwner({ firstName: 'Ana', lastName: 'Gil', email: 'ana@acme.es' });
    await t.service.engine.run({ pull: 'now' });
    const anaId = `hubspot-user-${ana.userId}`;
    await createPersonWithAccount(
      t.db,
      { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], ownerId: anaId }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es', ownerId: anaId }) },
      t.now(),
    );
    await t.db.put('users', { id: 'local-rep', name: 'Local Rep', email: 'rep@local.example', team: 'sales', role: 'rep', source: 'local' });
    await createPersonWithAccount(t.db, { person: person('p-2', 'Pablo', 'Ruiz', { emails: ['pablo@ruiz.example'], ownerId: 'local-rep' }) }, t.now());
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.find('contacts', 'email', 'lucia@acme.es')[0]?.properties.hubspot_owner_id).toBe(ana.id);
    expect(t.fake.find('companies', 'domain', 'acme.es')[0]?.properties.hubspot_owner_id).toBe(ana.id);
    expect(t.fake.find('contacts', 'email', 'pablo@ruiz.example')[0]?.properties.hubspot_owner_id ?? null).toBeNull();
  });

  it('reassigning in Dealside sends the owner id; reassigned on both sides, the rep chooses between people, not ids', async () => {
    const t = await withService();
    const ana = t.fake.addOwner({ firstName: 'Ana', lastName: 'Gil', email: 'ana@acme.es' });
    const luis = t.fake.addOwner({ firstName: 'Luis', lastName: 'Mamani', email: 'luis@acme.es' });
    const carmen = t.fake.addOwner({ firstName: 'Carmen', lastName: 'Vidal', email: 'carmen@acme.es' });
    const c = t.fake.seed('contacts', { firstname: 'Lucía', lastname: 'Martín', hubspot_owner_id: ana.id });
    await t.service.engine.run({ pull: 'now' });
    const localId = `hubspot-person-${c.id}`;
    await saveLocalEdit(t.db, { entity: 'person', localId }, { ownerId: `hubspot-user-${luis.userId}` }, t.now());
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.objects.contacts.get(c.id)?.properties.hubspot_owner_id).toBe(luis.id);

    // both sides reassign it before the next sync
    await saveLocalEdit(t.db, { entity: 'person', localId }, { ownerId: `hubspot-user-${ana.userId}` }, t.now());
    t.fake.edit('contacts', c.id, { hubspot_owner_id: carmen.id });
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.objects.contacts.get(c.id)?.properties.hubspot_owner_id).toBe(carmen.id); // not overwritten
    const [conflict] = await t.service.conflicts(localId);
    const names = new Map((await t.db.getAll('users')).map((u) => [u.id, u.name]));
    expect(conflictView(conflict!, names)).toMatchObject({ field: 'ownerId', label: 'Owner', localValue: 'Ana Gil', remoteValue: 'Carmen Vidal' });
    await t.service.resolveConflict(conflict!.id, 'local');
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.objects.contacts.get(c.id)?.properties.hubspot_owner_id).toBe(ana.id);
  });

  it('an owner deactivated after the owners were read: HubSpot refuses the id, and the change is refused with its reason', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const ana = fake.addOwner({ firstName: 'Ana', lastName: 'Gil', email: 'ana@acme.es' });
    const contact = fake.seed('contacts', { firstname: 'Lucía', lastname: 'Martín' });
    const other = fake.seed('contacts', { firstname: 'Pablo', lastname: 'Ruiz' });
    const c = await connector(fake, clock);
    await drain(c.pull('owners', undefined));
    const anaId = `hubspot-user-${ana.userId}`;
    fake.deactivateOwner(ana.id);
    const [result, fine] = await c.update('person', [
      { crmId: contact.id, objectType: '0-1', fields: { ownerId: anaId } },
      { crmId: other.id, objectType: '0-1', fields: { title: 'CFO' } },
    ]);
    expect(fine).toEqual({ ok: true });
    expect(fake.objects.contacts.get(other.id)?.properties.jobtitle).toBe('CFO');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(result && !result.ok ? result.error.message : '').toMatch(/is not a valid owner id/);
    expect(fake.objects.contacts.get(contact.id)?.properties.hubspot_owner_id ?? null).toBeNull();
  });
});

describe('HubSpot token owner', () => {
  function client(fake: HubspotFake, clock: VirtualClock, token: string) {
    const connection: ConnectionRecord = connectionRecord('hubspot', { label: 'HubSpot', baseUrl: fake.url, capabilities: { dealsideIdField: false, bant: 'missing' } });
    const http = new HttpClient(
      { fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(3) },
      { baseUrl: fake.url, limiter: hubspotLimiter('professional'), authorize: async (h) => h.set('authorization', `Bearer ${token}`), describeError: describeHubspotError, crmName: 'HubSpot', timeoutMs: 30_000 },
    );
    return new HubspotConnector(connection, http);
  }

  it('is the user an OAuth token was issued to, named as the owners list names them; by e-mail without the owners scope; nobody for a private-app token', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    fake.addOwner({ firstName: 'Lucía', lastName: 'Martín', email: 'lucia.martin@iberia.example', userId: 9_000_777 });
    fake.addOwner({ firstName: 'Diego', lastName: 'Morales', email: 'diego@iberia.example', userId: 9_000_778 });
    const all = [...fake.tokens.get('pat-na1-test')!.scopes];
    fake.tokens.set('hs-oauth-1', { scopes: new Set(all), userId: 9_000_777, user: 'lucia.martin@iberia.example' });
    fake.tokens.set('hs-oauth-2', { scopes: new Set(all.filter((s) => s !== 'crm.objects.owners.read')), userId: 9_000_778, user: 'diego@iberia.example' });
    expect(await client(fake, clock, 'hs-oauth-1').tokenOwner('hs-oauth-1')).toEqual({ id: '9000777', name: 'Lucía Martín', email: 'lucia.martin@iberia.example' });
    expect(await client(fake, clock, 'hs-oauth-2').tokenOwner('hs-oauth-2')).toEqual({ id: '9000778', name: 'diego@iberia.example', email: 'diego@iberia.example' });
    expect(await client(fake, clock, 'pat-na1-test').tokenOwner('pat-na1-test')).toBeUndefined();
  });

  it('a token without the owners scope connects, and connect says records come without their owner and what to ask', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const all = [...fake.tokens.get('pat-na1-test')!.scopes];
    fake.tokens.set('pat-na1-no-owners', { scopes: new Set(all.filter((s) => s !== 'crm.objects.owners.read')) });
    const without = await client(fake, clock, 'pat-na1-no-owners').connect();
    expect(without.notes.join(' ')).toMatch(/crm\.objects\.owners\.read scope\): records sync without their owner.*Reconnect/);
    const withScope = await client(fake, clock, 'pat-na1-test').connect();
    expect(withScope.notes.join(' ')).not.toMatch(/owners/);
  });
});
