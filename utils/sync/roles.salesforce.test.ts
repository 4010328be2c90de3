// Buying-committee roles ↔ Salesforce OpportunityContactRole.Role, against the local fake (real HTTP).
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { setRoleOverride } from '../domain/qualification/qualification';
import type { CommitteeRole } from '../domain/committee/roles';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, deal, inCrm, person } from '../../tests/support/sync';
import { allEntries } from '../store/outbox';
import { createLocalRecord } from '../../tests/support/localRecords';
import { listConflicts } from './conflicts';

const fakes: SalesforceFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function setup() {
  const clock = new VirtualClock();
  const fake = new SalesforceFake({ now: clock.now });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`sf-roles-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
  await service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url, startSync: false });
  const opp = fake.insert('Opportunity', { Name: 'Iberia 2027', StageName: 'Qualification', CloseDate: '2027-03-31' });
  const contact = fake.insert('Contact', { FirstName: 'Lucía', LastName: 'Martín', Email: 'lucia@acme.es' });
  await putAll(db, 'people', [person('p-1', 'Lucía', 'Martín', { ...inCrm('salesforce', 'person', 'Contact', String(contact.Id)), emails: ['lucia@acme.es'] })]);
  await putAll(db, 'deals', [deal('d-1', 'Iberia 2027', { ...inCrm('salesforce', 'deal', 'Opportunity', String(opp.Id)), stage: 'qualification', closeDate: '2027-03-31', contactIds: ['p-1'] })]);
  await service.engine.run({ pull: 'now' });
  return { clock, fake, db, service, oppId: String(opp.Id), contactId: String(contact.Id) };
}

async function setRole(db: Db, clock: VirtualClock, personId: string, role: CommitteeRole | undefined, dealId = 'd-1') {
  const now = new Date(clock.now());
  return editQualification(db, { entityType: 'deal', entityId: dealId }, now, (q) => setRoleOverride(q, personId, role, { by: 'rep-1', at: now }));
}

describe('roles ↔ Salesforce contact roles', () => {
  it('maps our roles to the standard Role picklist on connect', async () => {
    const t = await setup();
    const conn = (await t.db.get('syncConnections', 'salesforce'))!;
    expect(conn.roleMap).toMatchObject({ 'economic-buyer': 'Economic Buyer', 'technical-evaluator': 'Technical Buyer', 'end-user': 'Business User', champion: 'Executive Sponsor' });
    const roles = await t.service.describeRoles('salesforce');
    expect(roles.perPerson).toBe(false);
    expect(roles.options.map((o) => o.value)).toContain('Decision Maker');
  });

  it('pushes a role as the contact role’s Role, changes and clears it on the same row', async () => {
    const t = await setup();
    await setRole(t.db, t.clock, 'p-1', 'champion');
    expect(await allEntries(t.db)).toMatchObject([{ op: 'update', ref: { entity: 'deal', localId: 'd-1' }, changes: [{ field: 'role:p-1', value: 'champion', base: null }] }]);
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ pushed: 1, failed: 0 });
    const rows = () => t.fake.find('OpportunityContactRole', 'OpportunityId', t.oppId);
    expect(rows()).toMatchObject([{ ContactId: t.contactId, Role: 'Executive Sponsor' }]);
    await setRole(t.db, t.clock, 'p-1', 'economic-buyer');
    await t.service.engine.run({ pull: 'never' });
    expect(rows()).toMatchObject([{ ContactId: t.contactId, Role: 'Economic Buyer' }]);
    await setRole(t.db, t.clock, 'p-1', undefined);
    await t.service.engine.run({ pull: 'never' });
    expect(rows()).toHaveLength(1); // the contact stays on the deal, without a role
    expect(rows()[0]!.Role).toBeNull();
    expect(await allEntries(t.db)).toEqual([]);
  });

  it('a role cleared on an opportunity deleted in Salesforce (not yet seen) waits, and is not lost when it is restored', async () => {
    const t = await setup();
    await setRole(t.db, t.clock, 'p-1', 'champion');
    await t.service.engine.run({ pull: 'never' });
    t.fake.remove('Opportunity', t.oppId); // its contact role goes with it
    await setRole(t.db, t.clock, 'p-1', undefined);
    await t.service.engine.run({ pull: 'never' });
    expect((await t.db.get('deals', 'd-1'))!.crmDeleted).toMatchObject({ system: 'salesforce' });
    expect(await allEntries(t.db)).toMatchObject([{ state: 'failed', lastError: { code: 'not-found' }, changes: [{ field: 'role:p-1', value: null }] }]);
    // restored in Salesforce, with its old contact role: the rep's clear goes out and stays
    t.fake.undelete('Opportunity', t.oppId);
    t.clock.advance(60 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    await t.service.engine.run({ pull: 'never' });
    expect((await t.db.get('deals', 'd-1'))!.crmDeleted).toBeUndefined();
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', t.oppId).map((r) => r.Role ?? null)).toEqual([null]);
    expect((await t.db.get('qualifications', 'd-1'))!.roleOverrides['p-1']).toBeUndefined();
  });

  it('a retry after a lost answer makes no second contact role', async () => {
    const t = await setup();
    await setRole(t.db, t.clock, 'p-1', 'influencer');
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path.endsWith('/composite/sobjects'));
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toHaveLength(1); // the answer never came: still queued
    t.clock.advance(20 * 60_000);
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', t.oppId)).toMatchObject([{ Role: 'Influencer' }]);
  });

  it('pulls a role changed in Salesforce into the deal’s roles, signed by the CRM', async () => {
    const t = await setup();
    const row = t.fake.insert('OpportunityContactRole', { OpportunityId: t.oppId, ContactId: t.contactId, Role: 'Business User' });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('qualifications', 'd-1'))!.roleOverrides).toEqual({ 'p-1': 'end-user' });
    t.fake.edit('OpportunityContactRole', String(row.Id), { Role: 'Technical Buyer' });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    const q = (await t.db.get('qualifications', 'd-1'))!;
    expect(q.roleOverrides).toEqual({ 'p-1': 'technical-evaluator' });
    expect(q.history.at(-1)).toMatchObject({ kind: 'role', source: 'crm', by: 'crm:salesforce', personId: 'p-1', before: 'end-user', after: 'technical-evaluator' });
    expect(await allEntries(t.db)).toEqual([]); // a pulled role is not pushed back
  });

  it('a role changed in Salesforce while ours waits becomes a conflict with both values', async () => {
    const t = await setup();
    await setRole(t.db, t.clock, 'p-1', 'champion');
    t.fake.insert('OpportunityContactRole', { OpportunityId: t.oppId, ContactId: t.contactId, Role: 'Decision Maker' });
    await t.service.engine.run({ pull: 'never' });
    const [c] = await listConflicts(t.db);
    expect(c).toMatchObject({ field: 'role:p-1', localValue: 'champion', remoteValue: 'Decision Maker' });
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', t.oppId)).toMatchObject([{ Role: 'Decision Maker' }]);
    await t.service.resolveConflict(c!.id, 'local');
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', t.oppId)).toMatchObject([{ Role: 'Executive Sponsor' }]);
  });

  it('an unmapped role is refused with a clear message, and goes once it is mapped', async () => {
    const t = await setup();
    await t.service.setRoleMap('salesforce', { blocker: null });
    await setRole(t.db, t.clock, 'p-1', 'blocker');
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.failed).toBe(1);
    const [e] = await allEntries(t.db);
    expect(e).toMatchObject({ state: 'failed', lastError: { code: 'unmapped' } });
    expect(e!.lastError!.message).toMatch(/No Salesforce value is mapped for the buying-committee role "blocker"/);
    await expect(t.service.setRoleMap('salesforce', { blocker: 'Saboteur' })).rejects.toThrow(/has no role value "Saboteur"/);
    await t.service.setRoleMap('salesforce', { blocker: 'Decision Maker' });
    await t.service.retry({ system: 'salesforce' });
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', t.oppId)).toMatchObject([{ Role: 'Decision Maker' }]);
  });

  it('waits for a person still queued for creation, then sends the role once', async () => {
    const t = await setup();
    const now = new Date(t.clock.now());
    await createLocalRecord(t.db, 'person', person('p-2', 'Jorge', 'Vidal', { emails: ['jorge@acme.es'], source: 'local' }), now, ['salesforce']);
    await setRole(t.db, t.clock, 'p-2', 'procurement');
    t.fake.failNext(20, 503, (r) => r.path.includes('/composite/sobjects/Contact/'));
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', t.oppId)).toEqual([]);
    const waiting = (await allEntries(t.db)).find((e) => e.op === 'update')!;
    expect(waiting).toMatchObject({ state: 'pending', attempts: 0 });
    t.fake.clearFaults();
    t.clock.advance(20 * 60_000);
    await t.service.engine.run({ pull: 'never' });
    const contact = t.fake.find('Contact', 'Dealside_Id__c', 'p-2')[0]!;
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', t.oppId)).toMatchObject([{ ContactId: contact.Id, Role: 'Evaluator' }]);
    expect(await allEntries(t.db)).toEqual([]);
  });
});
