// Buying-committee roles ↔ HubSpot deal → contact association labels (v4), against the local fake.
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, HubspotFake } from '../../tests/fakes/hubspot';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { setRoleOverride } from '../domain/qualification/qualification';
import type { CommitteeRole } from '../domain/committee/roles';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, deal, inCrm, person } from '../../tests/support/sync';
import { allEntries } from '../store/outbox';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function setup(token = 'pat-na1-test') {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now, tokens: { 'pat-na1-test': ALL_SCOPES, 'pat-na1-limited': ALL_SCOPES.filter((s) => s !== 'crm.schemas.deals.write') } });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`hs-roles-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(7), timeoutMs: 30_000 }, true);
  await service.connectToken({ system: 'hubspot', token, baseUrl: fake.url, startSync: false });
  const d = fake.seed('deals', { dealname: 'Northwind renewal', dealstage: 'qualifiedtobuy', amount: 50000 });
  const c = fake.seed('contacts', { firstname: 'Ana', lastname: 'Gil', email: 'ana@northwind.example' });
  fake.associate('deals', d.id, 'contacts', c.id);
  await putAll(db, 'people', [person('p-1', 'Ana', 'Gil', { ...inCrm('hubspot', 'person', '0-1', c.id), emails: ['ana@northwind.example'] })]);
  await putAll(db, 'deals', [deal('d-1', 'Northwind renewal', { ...inCrm('hubspot', 'deal', '0-3', d.id), stage: 'qualification', contactIds: ['p-1'] })]);
  await service.engine.run({ pull: 'now' });
  return { clock, fake, db, service, dealId: d.id, contactId: c.id };
}

async function setRole(db: Db, clock: VirtualClock, personId: string, role: CommitteeRole | undefined) {
  const now = new Date(clock.now());
  return editQualification(db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => setRoleOverride(q, personId, role, { by: 'rep-1', at: now }));
}

describe('roles ↔ HubSpot association labels', () => {
  it('creates one deal → contact label per role on connect and maps them', async () => {
    const t = await setup();
    expect(t.fake.labelDefs.map((d) => d.label)).toEqual(['Economic buyer', 'Technical evaluator', 'End user', 'Influencer', 'Champion', 'Procurement', 'Legal', 'Blocker']);
    const conn = (await t.db.get('syncConnections', 'hubspot'))!;
    expect(conn.roleMap!.champion).toBe(String(t.fake.labelDefs.find((d) => d.label === 'Champion')!.typeId));
    const roles = await t.service.describeRoles('hubspot');
    expect(roles.options).toHaveLength(8);
    // connecting again finds them: no second set
    await t.service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: t.fake.url, startSync: false });
    expect(t.fake.labelDefs).toHaveLength(8);
  });

  it('says so when the token may not create labels, and uses the ones an admin made', async () => {
    const t = await setup('pat-na1-limited');
    expect(t.fake.labelDefs).toEqual([]);
    expect((await t.service.status()).connections[0]!.message).toMatch(/association labels for buying-committee roles/);
    t.fake.defineLabel('Champion');
    await t.service.connectToken({ system: 'hubspot', token: 'pat-na1-limited', baseUrl: t.fake.url, startSync: false });
    expect((await t.db.get('syncConnections', 'hubspot'))!.roleMap).toEqual({ champion: String(t.fake.labelDefs[0]!.typeId) });
  });

  it('pushes a role as the association label, replaces it on change and removes it on clear (the contact stays)', async () => {
    const t = await setup();
    await setRole(t.db, t.clock, 'p-1', 'champion');
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ pushed: 1, failed: 0 });
    expect(t.fake.labelsOf(t.dealId, t.contactId)).toEqual(['Champion']);
    await setRole(t.db, t.clock, 'p-1', 'economic-buyer');
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.labelsOf(t.dealId, t.contactId)).toEqual(['Economic buyer']);
    await setRole(t.db, t.clock, 'p-1', undefined);
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.labelsOf(t.dealId, t.contactId)).toEqual([]);
    expect(t.fake.associated('deals', t.dealId, 'contacts')).toEqual([t.contactId]);
    expect(await allEntries(t.db)).toEqual([]);
  });

  it('a retry after a lost answer leaves one association with one label', async () => {
    const t = await setup();
    await setRole(t.db, t.clock, 'p-1', 'blocker');
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'PUT');
    await t.service.engine.run({ pull: 'never' });
    t.clock.advance(20 * 60_000);
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.associated('deals', t.dealId, 'contacts')).toEqual([t.contactId]);
    expect(t.fake.labelsOf(t.dealId, t.contactId)).toEqual(['Blocker']);
  });

  it('a role edit survives a worker restart and reaches HubSpot once', async () => {
    const t = await setup();
    await setRole(t.db, t.clock, 'p-1', 'procurement');
    // the worker is stopped before it pushes: a new engine on the same database finds the edit
    t.service.engine.kill();
    const second = new SyncService(t.service.deps, true);
    // its PUTs are carried out but every answer is lost (quick retries too), then that worker is stopped
    t.fake.failNext(10, 'lost-response', (r) => r.method === 'PUT');
    await second.engine.run({ pull: 'never' });
    second.engine.kill();
    t.fake.clearFaults();
    expect(await allEntries(t.db)).toHaveLength(1);
    const puts = t.fake.counters.byRoute['PUT /crm/v4/objects/deals/{id}/associations/contacts/{id}'];
    const third = new SyncService(t.service.deps, true);
    t.clock.advance(20 * 60_000);
    expect(await third.engine.run({ pull: 'never' })).toMatchObject({ pushed: 1, failed: 0 });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.labelsOf(t.dealId, t.contactId)).toEqual(['Procurement']);
    // the label is read first: already there, so the new engine sends nothing more
    expect(t.fake.counters.byRoute['PUT /crm/v4/objects/deals/{id}/associations/contacts/{id}']).toBe(puts);
    expect(t.fake.associated('deals', t.dealId, 'contacts')).toEqual([t.contactId]);
  });

  it('pulls a label changed in HubSpot into the deal’s roles', async () => {
    const t = await setup();
    const tech = t.fake.labelDefs.find((d) => d.label === 'Technical evaluator')!.typeId;
    t.fake.setLabels(t.dealId, t.contactId, [tech]);
    t.fake.edit('deals', t.dealId, { amount: 55000 }); // read when the deal is next read
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    const q = (await t.db.get('qualifications', 'd-1'))!;
    expect(q.roleOverrides).toEqual({ 'p-1': 'technical-evaluator' });
    expect(q.history.at(-1)).toMatchObject({ kind: 'role', source: 'crm', by: 'crm:hubspot' });
    // a label Dealside does not map leaves the role as it is
    t.fake.setLabels(t.dealId, t.contactId, [t.fake.defineLabel('Sponsor')]);
    t.fake.edit('deals', t.dealId, { amount: 56000 });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('qualifications', 'd-1'))!.roleOverrides).toEqual({ 'p-1': 'technical-evaluator' });
  });

  it('an unmapped role is refused with a clear message, not a crash', async () => {
    const t = await setup();
    await t.service.setRoleMap('hubspot', { legal: null });
    await setRole(t.db, t.clock, 'p-1', 'legal');
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ failed: 1 });
    const [e] = await allEntries(t.db);
    expect(e!.lastError).toMatchObject({ code: 'unmapped' });
    expect(e!.lastError!.message).toMatch(/No HubSpot value is mapped for the buying-committee role "legal"/);
    expect(t.fake.labelsOf(t.dealId, t.contactId)).toEqual([]);
  });
});
