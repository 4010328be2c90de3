// Touches made in the CRM itself: each CRM's own "last activity" on a record (HubSpot's Last
// Activity Date, Salesforce's LastActivityDate, Pipedrive's last_activity_date, Zoho CRM's
// Last_Activity_Time) is read with the record, against the local fakes (real HTTP), which keep it as
// the CRMs do when an activity is logged there. The SDR then sees the record as touched, and, when
// another rep owns it, the warning to coordinate — which touches logged only in the CRM never gave.
// Dynamics 365 keeps no such column: its phone calls, e-mails and appointments are read as touches.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { ZohoFake } from '../../tests/fakes/zoho';
import { DynamicsFake } from '../../tests/fakes/dynamics';
import { VirtualClock } from '../../tests/support/sync';
import { openStore, type Db } from '../store/db';
import { getSetting } from '../store/settings';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { logActivity } from './sdrActions';
import { buildEntityView, laterTouch } from '../background/views/entityView';
import { normalizeValue } from '../domain/fields/recordFields';
import { lastTouchedAt, type CrmSystem } from '../domain/entities';
import type { PageRef } from '../sites/types';

type Stoppable = { stop(): Promise<void> };
const fakes: Stoppable[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function service(system: CrmSystem, fake: { url: string; start(): Promise<unknown> } & Stoppable, clock: VirtualClock, token: string): Promise<{ db: Db; service: SyncService }> {
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`crm-activity-${system}-${Math.random()}`);
  const s = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(11), timeoutMs: 30_000 }, true);
  await s.connectToken({ system, token, baseUrl: fake.url, startSync: false });
  return { db, service: s };
}

/** The SDR's view of the record on its CRM page, as the signed-in user. */
async function personView(db: Db, ref: PageRef, fullName: string, clock: VirtualClock) {
  const currentUserId = (await getSetting(db, 'currentUser'))?.userId;
  const view = await buildEntityView(db, ref, { type: 'person', fullName }, { currentUserId, now: new Date(clock.now()) });
  return view?.people[0];
}

const DAY = 86_400_000;

describe("the CRM's own last activity", () => {
  it('reads every form the CRMs write it in as one instant', () => {
    expect(normalizeValue('datetime', '1764755700000')).toBe('2025-12-03T09:55:00.000Z'); // HubSpot, epoch ms as text
    expect(normalizeValue('datetime', '2026-12-04T10:15:00.000Z')).toBe('2026-12-04T10:15:00.000Z');
    expect(normalizeValue('datetime', '2026-12-04T10:15:00+01:00')).toBe('2026-12-04T09:15:00.000Z'); // Zoho, with its offset
    expect(normalizeValue('datetime', '2026-12-04')).toBe('2026-12-04'); // Salesforce, Pipedrive: a day stays a day
    expect(normalizeValue('datetime', '2026-12-04 10:15:00')).toBe('2026-12-04T10:15:00.000Z'); // no offset: UTC
    expect(normalizeValue('datetime', '')).toBeNull();
    expect(normalizeValue('datetime', 'yesterday')).toBeNull();
  });

  it('is shown only when later than the touches Dealside holds, and says which CRM', () => {
    const record = { crmActivityAt: '2026-11-20T09:00:00.000Z', crmRefs: [{ system: 'hubspot' as const, objectType: 'contacts', id: '1' }] };
    expect(laterTouch(undefined, record)).toEqual({ at: '2026-11-20T09:00:00.000Z', inCrm: 'hubspot' });
    const ours = { at: '2026-11-21T09:00:00.000Z', type: 'call' as const };
    expect(laterTouch(ours, record)).toBe(ours);
    expect(laterTouch({ ...ours, at: '2026-11-19T09:00:00.000Z' }, record)).toEqual({ at: '2026-11-20T09:00:00.000Z', inCrm: 'hubspot' });
    expect(laterTouch(ours, { crmRefs: [] })).toBe(ours);
    expect(lastTouchedAt({ lastActivityAt: '2026-11-21T09:00:00.000Z', crmActivityAt: '2026-11-20T09:00:00.000Z' })).toBe('2026-11-21T09:00:00.000Z');
    expect(lastTouchedAt({ crmActivityAt: '2026-11-20T09:00:00.000Z' })).toBe('2026-11-20T09:00:00.000Z');
    // a day alone counts from its start
    expect(lastTouchedAt({ lastActivityAt: '2026-11-20T09:00:00.000Z', crmActivityAt: '2026-11-21' })).toBe('2026-11-21');
    expect(laterTouch({ at: '2026-11-20T09:00:00.000Z', type: 'call' }, { ...record, crmActivityAt: '2026-11-20' })).toEqual({ at: '2026-11-20T09:00:00.000Z', type: 'call' });
  });

  it('HubSpot: a call another rep logs there makes the contact touched, with the warning; a later touch of ours shows as ours', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    const { db, service: s } = await service('hubspot', fake, clock, 'pat-na1-test');
    const diego = fake.addOwner({ firstName: 'Diego', lastName: 'Morales', email: 'diego@acme.es' });
    const c = fake.seed('contacts', { firstname: 'Lucía', lastname: 'Martín', email: 'lucia@acme.es', hubspot_owner_id: diego.id });
    await s.engine.run({ pull: 'now' });
    const ref: PageRef = { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: c.id };
    const before = await personView(db, ref, 'Lucía Martín', clock);
    expect(before?.owner?.name).toBe('Diego Morales');
    expect(before?.lastActivity).toBeUndefined();
    expect(before?.ownedByOtherRecently).toBeUndefined();

    // Diego calls her and logs it in HubSpot: HubSpot moves her Last Activity Date (and modifies her)
    const callAt = new Date(clock.now() - 2 * DAY).toISOString();
    const call = fake.seed('calls', { hs_timestamp: callAt, hs_call_title: 'Seguimiento', hubspot_owner_id: diego.id });
    fake.associate('calls', call.id, 'contacts', c.id);
    expect(fake.objects.contacts.get(c.id)!.properties.notes_last_updated).toBe(callAt);
    clock.advance(10 * 60_000);
    await s.engine.run({ pull: 'now' });
    expect((await db.get('people', `hubspot-person-${c.id}`))?.crmActivityAt).toBe(callAt);
    const after = await personView(db, ref, 'Lucía Martín', clock);
    expect(after?.lastActivity).toEqual({ at: callAt, inCrm: 'hubspot' });
    expect(after?.ownedByOtherRecently).toBe(true);

    // the SDR's own call, logged in Dealside now: later, so shown as what it is
    const now = new Date(clock.now());
    await logActivity(db, { id: 'act-1', type: 'call', at: now.toISOString(), subject: 'Presentación', personId: `hubspot-person-${c.id}`, ownerId: 'me', source: 'local' }, now);
    expect((await personView(db, ref, 'Lucía Martín', clock))?.lastActivity).toMatchObject({ at: now.toISOString(), type: 'call' });
  });

  it('Salesforce: a completed task on a contact moves its LastActivityDate, read as that day', async () => {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now });
    const { db, service: s } = await service('salesforce', fake, clock, '00D-session-token');
    const ana = fake.addUser('Ana Gil', 'ana@iberia.example');
    const c = fake.insert('Contact', { FirstName: 'Pablo', LastName: 'Ruiz', OwnerId: ana.Id! });
    await s.engine.run({ pull: 'now' });
    // an open task is no activity yet; completed, it is
    fake.insert('Task', { WhoId: c.Id!, Subject: 'Llamar', Status: 'Not Started', ActivityDate: '2026-11-25' });
    expect(fake.records.Contact!.get(String(c.Id))!.LastActivityDate).toBeUndefined();
    fake.insert('Task', { WhoId: c.Id!, Subject: 'Llamada', Status: 'Completed', ActivityDate: '2026-11-20' });
    clock.advance(10 * 60_000);
    await s.engine.run({ pull: 'now' });
    const ref: PageRef = { site: 'salesforce', kind: 'contact', objectType: 'Contact', recordId: String(c.Id) };
    const view = await personView(db, ref, 'Pablo Ruiz', clock);
    expect(view?.lastActivity).toEqual({ at: '2026-11-20', inCrm: 'salesforce' });
    expect(view?.ownedByOtherRecently).toBe(true);
  });

  it('Pipedrive: a done activity moves the person’s last_activity_date', async () => {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now, burstLimit: 20 });
    const token = 'pd-api-token-0123456789abcdef';
    const { db, service: s } = await service('pipedrive', fake, clock, token);
    const p = fake.seed('persons', { first_name: 'Marta', last_name: 'Soler' });
    await s.engine.run({ pull: 'now' });
    clock.advance(10 * 60_000);
    // another user logs a call with her in Pipedrive, marked done
    const res = await fetch(`${fake.url}/v1/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-token': token },
      body: JSON.stringify({ type: 'call', subject: 'Llamada', done: 1, due_date: '2026-11-21', person_id: p.id }),
    });
    expect(res.status).toBe(201);
    expect(fake.objects.persons.get(p.id)!.last_activity_date).toBe('2026-11-21');
    clock.advance(60_000);
    await s.engine.run({ pull: 'now' });
    expect((await db.get('people', `pipedrive-person-${p.id}`))?.crmActivityAt).toBe('2026-11-21');
  });

  it.each([
    ['its dealside_dealsideid column', true],
    ['the marker line of its description (no Dealside columns in the org)', false],
  ])('Dynamics 365: phone calls, e-mails and appointments regarding a record are its touches; ours is known by %s', async (_how, dealsideFields) => {
    const clock = new VirtualClock();
    const fake = new DynamicsFake({ now: clock.now, dealsideFields });
    const { db, service: s } = await service('dynamics', fake, clock, 'dv-access-token');
    const c = fake.insert('contact', { firstname: 'Rosa', lastname: 'Quispe', emailaddress1: 'rosa@andes.example' });
    const regarding = { _regardingobjectid_value: c.contactid, '_regardingobjectid_value@type': 'contact' };
    fake.insert('phonecall', { subject: 'Seguimiento', description: 'Presupuesto en enero.', actualstart: '2026-11-20T15:00:00Z', directioncode: true, ...regarding });
    const email = fake.insert('email', { subject: 'Re: propuesta', actualstart: '2026-11-21T09:30:00Z', directioncode: false, ...regarding });
    fake.insert('appointment', { subject: 'Demo', scheduledstart: '2026-11-19T10:00:00Z', ...regarding });
    // on nothing Dealside holds: left
    fake.insert('phonecall', { subject: 'Otro', actualstart: '2026-11-21T10:00:00Z' });
    await s.engine.run({ pull: 'now' });
    const personId = `dynamics-person-${String(c.contactid).toLowerCase()}`;
    const touches = (await db.getAll('activities')).filter((a) => a.personId === personId).sort((a, b) => a.at.localeCompare(b.at));
    expect(touches.map((a) => [a.type, a.at, a.subject])).toEqual([
      ['meeting', '2026-11-19T10:00:00.000Z', 'Demo'],
      ['call', '2026-11-20T15:00:00.000Z', 'Seguimiento'],
      ['email-replied', '2026-11-21T09:30:00.000Z', 'Re: propuesta'],
    ]);
    const ref: PageRef = { site: 'dynamics', kind: 'contact', objectType: 'contact', recordId: String(c.contactid) };
    expect((await personView(db, ref, 'Rosa Quispe', clock))?.lastActivity).toMatchObject({ type: 'email-replied', at: '2026-11-21T09:30:00.000Z' });

    // a call the rep logs in Dealside goes to Dynamics as a phone call, and comes back as the same touch
    const now = new Date(clock.now());
    await logActivity(db, { id: 'act-dv-1', type: 'call', at: now.toISOString(), subject: 'Cierre', personId, ownerId: 'me', source: 'local' }, now);
    for (let i = 0; i < 4; i++) {
      clock.advance(60_000);
      await s.engine.run({ pull: 'now' });
    }
    expect([...fake.tables.phonecall.values()].filter((r) => r.subject === 'Cierre')).toHaveLength(1);
    expect((await db.getAll('activities')).filter((a) => a.subject === 'Cierre').map((a) => a.id)).toEqual(['act-dv-1']);

    // the e-mail deleted in Dynamics (the delta link says so) leaves; the rest stay
    fake.remove('email', String(email.activityid));
    clock.advance(60_000);
    await s.engine.run({ pull: 'now' });
    const left = (await db.getAll('activities')).filter((a) => a.personId === personId).map((a) => a.subject).sort();
    expect(left).toEqual(['Cierre', 'Demo', 'Seguimiento']);
  });

  it('Dynamics 365: connect says when an activity table does not track changes (its deletions go unseen)', async () => {
    const clock = new VirtualClock();
    const fake = new DynamicsFake({ now: clock.now, untracked: ['email', 'appointment'] });
    const { service: s } = await service('dynamics', fake, clock, 'dv-access-token');
    const message = (await s.status()).connections.find((c) => c.system === 'dynamics')?.message;
    expect(message).toMatch(/Change tracking is off for email, appointment: .*An admin can turn on "Track changes"/);
  });

  it('Zoho CRM: Last_Activity_Time, with its offset', async () => {
    const clock = new VirtualClock();
    const fake = new ZohoFake({ now: clock.now });
    const { db, service: s } = await service('zoho', fake, clock, 'zoho-access-token');
    const c = fake.insert('Contacts', { First_Name: 'Sara', Last_Name: 'Vidal', Last_Activity_Time: '2026-11-21T16:30:00+01:00' });
    await s.engine.run({ pull: 'now' });
    const stored = (await db.getAll('people')).find((p) => p.crmRefs.some((r) => r.system === 'zoho' && r.id === String(c.id)));
    expect(stored?.crmActivityAt).toBe('2026-11-21T15:30:00.000Z');
  });
});
