// The other frameworks' answers (MEDDICC's champion, metrics …) reach the CRM through the field
// mapping, against the HubSpot fake and the real store: queued with the edit when mapped, kept in
// Dealside when not, pulled back, and held as a conflict when a local edit waits.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer, applyElementAnswer, type ElementEdit } from '../domain/qualification/qualification';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, deal, inCrm } from '../../tests/support/sync';
import { allEntries } from '../store/outbox';
import { listConflicts } from './conflicts';
import { recreateDeleted } from './deleted';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

/** A HubSpot portal whose admin added two deal fields for MEDDICC's champion, mapped in Options. */
async function connected(options: { map?: boolean } = {}) {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now });
  fakes.push(fake);
  await fake.start();
  fake.defineProperty('deals', 'meddicc_champion', 'MEDDICC champion');
  fake.defineProperty('deals', 'meddicc_champion_notes', 'Champion notes');
  const db = await openStore(`elements-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(11), timeoutMs: 30_000 }, true);
  await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
  const remote = fake.seed('deals', { dealname: 'Northwind platform', dealstage: 'qualifiedtobuy', amount: 90000 });
  await putAll(db, 'deals', [deal('d-1', 'Northwind platform', { ...inCrm('hubspot', 'deal', '0-3', remote.id), stage: 'qualification' })]);
  if (options.map !== false) {
    await service.setFieldMap('hubspot', 'deal', { 'element.champion.status': 'meddicc_champion', 'element.champion.note': 'meddicc_champion_notes' });
  }
  await service.engine.run({ pull: 'now' });
  return { clock, fake, db, service, remoteId: remote.id };
}

function answer(db: Db, clock: VirtualClock, edit: ElementEdit) {
  const now = new Date(clock.now());
  return editQualification(db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => applyElementAnswer(q, edit, { by: 'rep-1', at: now }));
}

describe('framework elements ↔ CRM fields', () => {
  it('queues a mapped element answer in the same transaction as the edit, and pushes it', async () => {
    const t = await connected();
    const q = await answer(t.db, t.clock, { element: 'champion', answer: 'tested', note: 'Marta sold it to the CFO' });
    expect(q.elements?.champion).toMatchObject({ status: 'confirmed', answer: 'tested' });
    const entries = await allEntries(t.db);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ system: 'hubspot', op: 'update', ref: { entity: 'deal', localId: 'd-1' } });
    // the answer option has no CRM field: it is not queued; status and evidence are
    expect(entries[0]!.changes.map((c) => [c.field, c.value, c.base]).sort()).toEqual([
      ['element.champion.note', 'Marta sold it to the CFO', null],
      ['element.champion.status', 'confirmed', 'unknown'],
    ]);
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ pushed: 1, failed: 0 });
    expect(t.fake.objects.deals.get(t.remoteId)!.properties).toMatchObject({ meddicc_champion: 'confirmed', meddicc_champion_notes: 'Marta sold it to the CFO' });
    expect(await allEntries(t.db)).toEqual([]);
  });

  it('queues nothing for an element nobody mapped, and the answer stays in Dealside', async () => {
    const t = await connected({ map: false });
    await answer(t.db, t.clock, { element: 'metrics', answer: 'quantified', note: '30 % fewer tickets' });
    expect(await allEntries(t.db)).toEqual([]);
    expect((await t.db.get('qualifications', 'd-1'))!.elements?.metrics).toMatchObject({ status: 'confirmed', note: '30 % fewer tickets' });
    // a BANT answer in the same edit still goes (its fields are created on connect)
    const now = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) =>
      applyElementAnswer(applyBantAnswer(q, { letter: 'budget', answer: 'approved' }, { by: 'rep-1', at: now }), { element: 'competition', answer: 'ahead' }, { by: 'rep-1', at: now }),
    );
    const [entry, ...rest] = await allEntries(t.db);
    expect(rest).toEqual([]);
    expect(entry!.changes.every((c) => c.field.startsWith('bant.budget.'))).toBe(true);
  });

  it('brings a CRM value of a mapped element into the qualification, signed by the CRM, without pushing it back', async () => {
    const t = await connected();
    t.clock.advance(10 * 60_000);
    t.fake.edit('deals', t.remoteId, { meddicc_champion: 'partial', meddicc_champion_notes: 'Marta, not tested yet' });
    await t.service.syncNow('hubspot');
    const q = (await t.db.get('qualifications', 'd-1'))!;
    expect(q.elements?.champion).toMatchObject({ status: 'partial', note: 'Marta, not tested yet', source: 'crm', setBy: 'crm:hubspot' });
    expect(q.history.at(-1)).toMatchObject({ kind: 'element', element: 'champion', source: 'crm' });
    expect(await allEntries(t.db)).toEqual([]);
    // a value outside the statuses is not taken
    t.clock.advance(10 * 60_000);
    t.fake.edit('deals', t.remoteId, { meddicc_champion: 'maybe' });
    await t.service.syncNow('hubspot');
    expect((await t.db.get('qualifications', 'd-1'))!.elements?.champion?.status).toBe('partial');
  });

  it('a CRM change of a mapped element while a local edit waits becomes a conflict that keeps both', async () => {
    const t = await connected();
    await answer(t.db, t.clock, { element: 'champion', note: 'mine' });
    t.clock.advance(60_000);
    t.fake.edit('deals', t.remoteId, { meddicc_champion_notes: 'theirs' });
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.conflicts).toBe(1);
    const [conflict] = await listConflicts(t.db, { localId: 'd-1' });
    expect(conflict).toMatchObject({ field: 'element.champion.note', localValue: 'mine', remoteValue: 'theirs' });
    expect((await t.db.get('qualifications', 'd-1'))!.elements?.champion?.note).toBe('mine');
    // the rep takes the CRM's: it lands in the element answer, signed by the CRM
    await t.service.resolveConflict(conflict!.id, 'remote');
    expect((await t.db.get('qualifications', 'd-1'))!.elements?.champion).toMatchObject({ note: 'theirs', source: 'crm' });
    expect(await listConflicts(t.db)).toEqual([]);
  });

  it('a deal created again after a deletion in the CRM carries its mapped element answers', async () => {
    const t = await connected();
    await answer(t.db, t.clock, { element: 'champion', answer: 'candidate' });
    await answer(t.db, t.clock, { element: 'situation', answer: 'mapped' }); // not mapped
    await t.service.engine.run({ pull: 'never' });
    t.clock.advance(60_000);
    t.fake.archive('deals', t.remoteId);
    t.clock.advance(4 * 3_600_000);
    await t.service.syncNow('hubspot');
    expect((await t.db.get('deals', 'd-1'))!.crmDeleted).toBeDefined();
    await recreateDeleted(t.db, 'deal', 'd-1', new Date(t.clock.now()));
    const create = (await allEntries(t.db)).find((e) => e.op === 'create')!;
    const fields = create.changes.map((c) => c.field);
    expect(fields).toContain('element.champion.status');
    expect(fields.some((f) => f.startsWith('element.situation.'))).toBe(false);
    await t.service.engine.run({ pull: 'never' });
    const again = [...t.fake.objects.deals.values()].find((o) => !o.archived && o.properties.dealname === 'Northwind platform')!;
    expect(again.properties.meddicc_champion).toBe('partial');
  });
});
