// A connection made before Dealside mapped the CRM's own last activity (crmActivityAt) gets it at
// its next sync, without the admin connecting again: mapped where the CRM has it, and every record
// of that kind read again, so a contact another rep called last month — unchanged since — reads as
// touched. Real engine and service against the CRM fakes (real HTTP, fake-indexeddb).
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { ZohoFake } from '../../tests/fakes/zoho';
import { VirtualClock } from '../../tests/support/sync';
import { openStore, type Db } from '../store/db';
import { mulberry32 } from '../demo/prng';
import type { CrmSystem } from '../domain/entities';
import type { ConnectionRecord } from '../store/syncRecords';
import { SyncService } from './service';
import { getConnection, updateConnection } from './connections';
import { FIELD_MAP_VERSION } from './fieldMapUpgrade';

type Stoppable = { stop(): Promise<void> };
const fakes: Stoppable[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

const MINUTE = 60_000;

async function connect(system: CrmSystem, fake: { url: string; start(): Promise<unknown> } & Stoppable, clock: VirtualClock, token: string): Promise<{ db: Db; service: SyncService }> {
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`map-upgrade-${system}-${Math.random()}`);
  const s = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(3), timeoutMs: 30_000 }, true);
  await s.connectToken({ system, token, baseUrl: fake.url, startSync: false });
  return { db, service: s };
}

/**
 * The connection as one made before the field existed, after its first sync: no crmActivityAt in
 * its map (the admin's own mappings of it excepted), every record pulled without it, the streams'
 * cursors saved — and then no field-map version, as such a connection has.
 */
async function syncedAsBefore(db: Db, s: SyncService, system: CrmSystem, keep: Partial<Record<string, string>> = {}): Promise<ConnectionRecord> {
  const strip = (c: ConnectionRecord): ConnectionRecord => ({
    ...c,
    fieldMap: Object.fromEntries(
      Object.entries(c.fieldMap).map(([key, map]) => {
        const { crmActivityAt: _dropped, ...rest } = map ?? {};
        return [key, keep[key] ? { ...rest, crmActivityAt: keep[key] } : rest];
      }),
    ),
    fieldMapVersion: FIELD_MAP_VERSION,
  });
  await updateConnection(db, system, strip, new Date());
  await s.engine.run({ pull: 'now' });
  await updateConnection(
    db,
    system,
    (c) => {
      const { fieldMapVersion: _v, ...old } = c;
      return old;
    },
    new Date(),
  );
  return (await getConnection(db, system))!;
}

describe('a connection made before the CRM’s last activity was read', () => {
  it('HubSpot: maps it where HubSpot has it, reads those kinds again, and asks once', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    const { db, service: s } = await connect('hubspot', fake, clock, 'pat-na1-test');
    const diego = fake.addOwner({ firstName: 'Diego', lastName: 'Morales', email: 'diego@acme.es' });
    const calledAt = '2026-11-02T10:00:00.000Z';
    const c = fake.seed('contacts', { firstname: 'Lucía', lastname: 'Martín', email: 'lucia@acme.es', hubspot_owner_id: diego.id, notes_last_updated: calledAt });
    const co = fake.seed('companies', { name: 'Acme Iberia', domain: 'acme.es', notes_last_updated: calledAt });
    // this portal's deals have no such property (say, removed from what the token may read)
    fake.properties.deals.delete('notes_last_updated');
    fake.seed('deals', { dealname: 'Acme renovación', amount: '12000', dealstage: 'appointmentscheduled' });

    const before = await syncedAsBefore(db, s, 'hubspot');
    expect(before.fieldMap.person?.crmActivityAt).toBeUndefined();
    expect((await db.get('people', `hubspot-person-${c.id}`))?.crmActivityAt).toBeUndefined();
    expect(before.cursors.contacts).toBeDefined();

    // nothing changed in HubSpot since: the next sync alone brings the touch
    const listed = (type: string) => fake.counters.byRoute[`GET /crm/v3/objects/${type}`] ?? 0;
    const [contactLists, dealLists] = [listed('contacts'), listed('deals')];
    clock.advance(10 * MINUTE);
    await s.engine.run({ pull: 'now' });
    const after = (await getConnection(db, 'hubspot'))!;
    expect(after.fieldMapVersion).toBe(FIELD_MAP_VERSION);
    expect(after.fieldMap.person?.crmActivityAt).toBe('notes_last_updated');
    expect(after.fieldMap.account?.crmActivityAt).toBe('notes_last_updated');
    expect(after.fieldMap.deal?.crmActivityAt).toBeUndefined();
    // the rest of the map is as it was
    expect({ ...after.fieldMap.person, crmActivityAt: undefined }).toEqual({ ...before.fieldMap.person, crmActivityAt: undefined });
    expect((await db.get('people', `hubspot-person-${c.id}`))?.crmActivityAt).toBe(calledAt);
    expect((await db.get('accounts', `hubspot-account-${co.id}`))?.crmActivityAt).toBe(calledAt);
    // contacts were listed again from the start; deals, which gained nothing, were not
    expect(listed('contacts')).toBeGreaterThan(contactLists);
    expect(listed('deals')).toBe(dealLists);

    // settled: the next runs do not ask HubSpot for its properties again
    const asked = () => Object.entries(fake.counters.byRoute).filter(([route]) => route.includes('properties')).reduce((n, [, k]) => n + k, 0);
    const was = asked();
    clock.advance(10 * MINUTE);
    await s.engine.run({ pull: 'now' });
    expect(asked()).toBe(was);
  });

  it('HubSpot: the admin’s own mapping of it stays', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    const { db, service: s } = await connect('hubspot', fake, clock, 'pat-na1-test');
    fake.defineProperty('contacts', 'ultimo_contacto', 'Último contacto');
    fake.seed('contacts', { firstname: 'Pablo', lastname: 'Ruiz', notes_last_updated: '2026-11-02T10:00:00.000Z', ultimo_contacto: '2026-11-20' });
    await syncedAsBefore(db, s, 'hubspot', { person: 'ultimo_contacto' });
    clock.advance(10 * MINUTE);
    await s.engine.run({ pull: 'now' });
    const after = (await getConnection(db, 'hubspot'))!;
    expect(after.fieldMap.person?.crmActivityAt).toBe('ultimo_contacto');
    expect(after.fieldMap.account?.crmActivityAt).toBe('notes_last_updated');
    expect(after.fieldMapVersion).toBe(FIELD_MAP_VERSION);
  });

  it('HubSpot: when HubSpot cannot list its properties, the sync goes on and the next one maps it', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    const { db, service: s } = await connect('hubspot', fake, clock, 'pat-na1-test');
    const c = fake.seed('contacts', { firstname: 'Ana', lastname: 'Gil', notes_last_updated: '2026-11-02T10:00:00.000Z' });
    await syncedAsBefore(db, s, 'hubspot');
    fake.failNext(50, 503, (r) => r.path.includes('/properties/'));
    const added = fake.seed('contacts', { firstname: 'Sara', lastname: 'Vidal' });
    clock.advance(10 * MINUTE);
    const report = await s.engine.run({ pull: 'now' });
    fake.clearFaults();
    expect(report.errors).toEqual([]);
    expect(await db.get('people', `hubspot-person-${added.id}`)).toBeDefined();
    const waiting = (await getConnection(db, 'hubspot'))!;
    expect(waiting.fieldMapVersion).toBeUndefined();
    expect(waiting.status).toBe('connected');

    clock.advance(10 * MINUTE);
    await s.engine.run({ pull: 'now' });
    expect((await getConnection(db, 'hubspot'))!.fieldMapVersion).toBe(FIELD_MAP_VERSION);
    expect((await db.get('people', `hubspot-person-${c.id}`))?.crmActivityAt).toBe('2026-11-02T10:00:00.000Z');
  });

  it('Salesforce: contacts and leads get LastActivityDate, each from its own object', async () => {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now });
    const { db, service: s } = await connect('salesforce', fake, clock, '00D-session-token');
    const c = fake.insert('Contact', { FirstName: 'Pablo', LastName: 'Ruiz' });
    const l = fake.insert('Lead', { FirstName: 'Marta', LastName: 'Soler', Company: 'Soler SL' });
    fake.insert('Task', { WhoId: c.Id!, Subject: 'Llamada', Status: 'Completed', ActivityDate: '2026-11-20' });
    fake.insert('Event', { WhoId: l.Id!, Subject: 'Demo', ActivityDate: '2026-11-18', StartDateTime: '2026-11-18T10:00:00.000Z', EndDateTime: '2026-11-18T11:00:00.000Z' });
    await syncedAsBefore(db, s, 'salesforce');
    const person = async (id: string) => (await db.getAll('people')).find((p) => p.crmRefs.some((r) => r.system === 'salesforce' && r.id === id));
    expect((await person(String(c.Id)))?.crmActivityAt).toBeUndefined();

    clock.advance(10 * MINUTE);
    await s.engine.run({ pull: 'now' });
    const after = (await getConnection(db, 'salesforce'))!;
    expect([after.fieldMap.person?.crmActivityAt, after.fieldMap.lead?.crmActivityAt, after.fieldMap.account?.crmActivityAt, after.fieldMap.deal?.crmActivityAt]).toEqual(Array(4).fill('LastActivityDate'));
    expect((await person(String(c.Id)))?.crmActivityAt).toBe('2026-11-20');
    expect((await person(String(l.Id)))?.crmActivityAt).toBe('2026-11-18');
  });

  it('Pipedrive: persons get last_activity_date', async () => {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now, burstLimit: 40 });
    const { db, service: s } = await connect('pipedrive', fake, clock, 'pd-api-token-0123456789abcdef');
    const p = fake.seed('persons', { first_name: 'Marta', last_name: 'Soler', last_activity_date: '2026-11-21' });
    await syncedAsBefore(db, s, 'pipedrive');
    expect((await db.get('people', `pipedrive-person-${p.id}`))?.crmActivityAt).toBeUndefined();
    clock.advance(10 * MINUTE);
    await s.engine.run({ pull: 'now' });
    expect((await getConnection(db, 'pipedrive'))!.fieldMap.person?.crmActivityAt).toBe('last_activity_date');
    expect((await db.get('people', `pipedrive-person-${p.id}`))?.crmActivityAt).toBe('2026-11-21');
  });

  it('Zoho CRM: contacts and leads get Last_Activity_Time', async () => {
    const clock = new VirtualClock();
    const fake = new ZohoFake({ now: clock.now });
    const { db, service: s } = await connect('zoho', fake, clock, 'zoho-access-token');
    const c = fake.insert('Contacts', { First_Name: 'Sara', Last_Name: 'Vidal', Last_Activity_Time: '2026-11-21T16:30:00+01:00' });
    const l = fake.insert('Leads', { First_Name: 'Luis', Last_Name: 'Paz', Company: 'Paz SA', Last_Activity_Time: '2026-11-19T09:00:00+01:00' });
    await syncedAsBefore(db, s, 'zoho');
    clock.advance(10 * MINUTE);
    await s.engine.run({ pull: 'now' });
    const person = async (id: unknown) => (await db.getAll('people')).find((p) => p.crmRefs.some((r) => r.system === 'zoho' && r.id === String(id)));
    expect((await person(c.id))?.crmActivityAt).toBe('2026-11-21T15:30:00.000Z');
    expect((await person(l.id))?.crmActivityAt).toBe('2026-11-19T08:00:00.000Z');
  });
});
