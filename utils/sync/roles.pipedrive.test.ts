// Buying-committee roles ↔ the Pipedrive person field "Buying role" (Pipedrive has no role per
// deal: the role is the person's), against the local fake.
import { afterEach, describe, expect, it } from 'vitest';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { setRoleOverride } from '../domain/qualification/qualification';
import type { CommitteeRole } from '../domain/committee/roles';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, deal, inCrm, person } from '../../tests/support/sync';
import { allEntries } from '../store/outbox';

const TOKEN = 'pd-api-token-0123456789abcdef';
const fakes: PipedriveFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function setup(admin = true) {
  const clock = new VirtualClock();
  const fake = new PipedriveFake({ now: clock.now });
  fake.admin = admin;
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`pd-roles-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(9), timeoutMs: 30_000 }, true);
  await service.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: fake.url, startSync: false });
  const p = fake.seed('persons', { first_name: 'Rosa', last_name: 'Quispe', emails: [{ value: 'rosa@andinos.example', primary: true, label: 'work' }] });
  const d1 = fake.seed('deals', { title: 'Andinos fleet', value: 42000, currency: 'USD', stage_id: 2, person_id: p.id });
  const d2 = fake.seed('deals', { title: 'Andinos spares', value: 9000, currency: 'USD', stage_id: 1, person_id: p.id });
  await putAll(db, 'people', [person('p-1', 'Rosa', 'Quispe', { ...inCrm('pipedrive', 'person', 'person', String(p.id)), emails: ['rosa@andinos.example'] })]);
  await putAll(db, 'deals', [
    deal('d-1', 'Andinos fleet', { ...inCrm('pipedrive', 'deal', 'deal', String(d1.id)), stage: 'qualification', currency: 'USD', contactIds: ['p-1'] }),
    deal('d-2', 'Andinos spares', { ...inCrm('pipedrive', 'deal', 'deal', String(d2.id)), stage: 'discovery', currency: 'USD', contactIds: ['p-1'] }),
  ]);
  await service.engine.run({ pull: 'now' });
  return { clock, fake, db, service, personId: p.id };
}

async function setRole(db: Db, clock: VirtualClock, role: CommitteeRole | undefined, dealId = 'd-1') {
  const now = new Date(clock.now());
  return editQualification(db, { entityType: 'deal', entityId: dealId }, now, (q) => setRoleOverride(q, 'p-1', role, { by: 'rep-1', at: now }));
}

describe('roles ↔ Pipedrive person field', () => {
  it('adds a "Buying role" single-option person field on connect and maps its options', async () => {
    const t = await setup();
    const field = t.fake.fields.persons.find((f) => f.name === 'Buying role')!;
    expect(field).toMatchObject({ field_type: 'enum' });
    expect(field.options!.map((o) => o.label)).toContain('Champion');
    const conn = (await t.db.get('syncConnections', 'pipedrive'))!;
    expect(conn.roleField).toBe(field.key);
    expect(conn.roleMap!.champion).toBe(String(field.options!.find((o) => o.label === 'Champion')!.id));
    expect(await t.service.describeRoles('pipedrive')).toMatchObject({ perPerson: true });
  });

  it('says so when the user may not add fields', async () => {
    const t = await setup(false);
    expect((await t.service.status()).connections[0]!.message).toMatch(/did not let Dealside add the "Buying role" person field/);
    await setRole(t.db, t.clock, 'champion');
    await t.service.engine.run({ pull: 'never' });
    expect((await allEntries(t.db))[0]).toMatchObject({ state: 'failed', lastError: { code: 'unmapped' } });
  });

  it('pushes, changes and clears the person’s role; a lost answer is simply sent again', async () => {
    const t = await setup();
    const field = t.fake.fields.persons.find((f) => f.name === 'Buying role')!;
    const option = (label: string) => field.options!.find((o) => o.label === label)!.id;
    const value = () => t.fake.objects.persons.get(t.personId)!.custom_fields[field.key];
    await setRole(t.db, t.clock, 'champion');
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'PATCH');
    await t.service.engine.run({ pull: 'never' });
    t.clock.advance(20 * 60_000);
    await t.service.engine.run({ pull: 'never' });
    expect(value()).toBe(option('Champion'));
    await setRole(t.db, t.clock, 'legal');
    await t.service.engine.run({ pull: 'never' });
    expect(value()).toBe(option('Legal'));
    await setRole(t.db, t.clock, undefined);
    await t.service.engine.run({ pull: 'never' });
    expect(value()).toBeNull();
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.creates).toBe(0);
  });

  it('pulls a role changed in Pipedrive into every deal of that person', async () => {
    const t = await setup();
    const field = t.fake.fields.persons.find((f) => f.name === 'Buying role')!;
    t.clock.advance(60_000);
    t.fake.edit('persons', t.personId, { custom_fields: { [field.key]: field.options!.find((o) => o.label === 'Economic buyer')!.id } });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    for (const id of ['d-1', 'd-2']) {
      const q = (await t.db.get('qualifications', id))!;
      expect(q.roleOverrides).toEqual({ 'p-1': 'economic-buyer' });
      expect(q.history.at(-1)).toMatchObject({ kind: 'role', source: 'crm', by: 'crm:pipedrive' });
    }
    expect(await allEntries(t.db)).toEqual([]);
  });

  it('an unmapped role is refused with a clear message', async () => {
    const t = await setup();
    await t.service.setRoleMap('pipedrive', { influencer: null });
    await setRole(t.db, t.clock, 'influencer');
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ failed: 1 });
    expect((await allEntries(t.db))[0]!.lastError!.message).toMatch(/No Pipedrive value is mapped for the buying-committee role "influencer"/);
  });
});
