// The outbox and the engine end to end against the HubSpot fake: edits are queued with the edit,
// pushed, pulled back, held as conflicts, kept through 401s, retried with backoff and resumed by a
// new engine (a restarted service worker).
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, HubspotFake } from '../../tests/fakes/hubspot';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer } from '../domain/qualification/qualification';
import { SyncService } from './service';
import { VirtualClock, account, deal, inCrm, person } from '../../tests/support/sync';
import { mulberry32 } from '../demo/prng';
import { allEntries, saveLocalEdit } from '../store/outbox';
import { createLocalRecord, linkLocalRecords } from '../../tests/support/localRecords';
import { listConflicts } from './conflicts';
import { getConnection } from './connections';
import { readSecret } from './secrets';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function setup(options: { connect?: boolean; fake?: ConstructorParameters<typeof HubspotFake>[0] } = {}) {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now, ...options.fake });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`engine-${Math.random()}`);
  const changed: string[] = [];
  const scheduled: Array<number | undefined> = [];
  const make = () =>
    new SyncService(
      {
        db,
        fetch,
        now: clock.now,
        sleep: clock.sleep,
        random: mulberry32(42),
        onChange: (ids) => changed.push(...ids),
        schedule: (at) => scheduled.push(at),
        timeoutMs: 30_000,
      },
      true,
    );
  let service = make();
  if (options.connect !== false) {
    await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url });
    await service.engine.run(); // the first pull the connect started
  }
  return {
    clock,
    fake,
    db,
    changed,
    scheduled,
    get service() {
      return service;
    },
    /** the service worker was stopped and woke again: a new engine on the same database */
    restart() {
      service.engine.kill();
      service = make();
      return service;
    },
  };
}

async function seedDeal(db: Db, fake: HubspotFake) {
  const remote = fake.seed('deals', { dealname: 'Northwind renewal', dealstage: 'qualifiedtobuy', amount: 50000 });
  const d = deal('deal-1', 'Northwind renewal', { ...inCrm('hubspot', 'deal', '0-3', remote.id), stage: 'qualification' });
  await putAll(db, 'deals', [d]);
  return { remote, d };
}

const budget = (answer: 'approved' | 'estimating', note = '') => (q: Parameters<typeof applyBantAnswer>[0]) =>
  applyBantAnswer(q, { letter: 'budget', answer, note }, { by: 'rep-1', at: new Date('2026-11-22T10:00:00Z') });

describe('outbox', () => {
  it('queues a BANT answer in the same transaction as the edit, only for records in a connected CRM', async () => {
    const t = await setup({ connect: false });
    const { d } = await seedDeal(t.db, t.fake);
    const target = { entityType: 'deal' as const, entityId: d.id };
    await editQualification(t.db, target, new Date(), budget('approved'));
    expect(await allEntries(t.db)).toHaveLength(0); // no connection: nothing to push

    await t.service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: t.fake.url });
    await t.service.engine.run({ pull: 'never' });
    await editQualification(t.db, target, new Date(), budget('estimating', 'CFO: being estimated'));
    const entries = await allEntries(t.db);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ system: 'hubspot', op: 'update', ref: { entity: 'deal', localId: 'deal-1' }, state: 'pending', attempts: 0 });
    expect(entries[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'bant.budget.answer', value: 'estimating', base: 'approved' },
        { field: 'bant.budget.status', value: 'partial', base: 'confirmed' },
        { field: 'bant.budget.note', value: 'CFO: being estimated', base: null },
      ]),
    );
    // a demo deal with invented HubSpot ids never syncs
    await putAll(t.db, 'deals', [deal('demo-deal', 'Demo', { ...inCrm('hubspot', 'deal', '0-3', '999'), source: 'demo' })]);
    await editQualification(t.db, { entityType: 'deal', entityId: 'demo-deal' }, new Date(t.clock.now()), budget('approved'));
    expect(await allEntries(t.db)).toHaveLength(1);
  });

  it('an edit that fails leaves neither the edit nor an outbox entry', async () => {
    const t = await setup();
    const { d } = await seedDeal(t.db, t.fake);
    await expect(
      editQualification(t.db, { entityType: 'deal', entityId: d.id }, new Date(t.clock.now()), () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await allEntries(t.db)).toHaveLength(0);
    expect(await t.db.get('qualifications', d.id)).toBeUndefined();
  });
});

describe('sync engine', () => {
  it('pushes a BANT answer to the deal’s HubSpot properties and empties the outbox', async () => {
    const t = await setup();
    const { d, remote } = await seedDeal(t.db, t.fake);
    await editQualification(t.db, { entityType: 'deal', entityId: d.id }, new Date(t.clock.now()), budget('approved', 'CFO signed'));
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report).toMatchObject({ pushed: 1, failed: 0, conflicts: 0 });
    expect(t.fake.objects.deals.get(remote.id)!.properties).toMatchObject({
      dealside_budget_status: 'confirmed',
      dealside_budget_answer: 'approved',
      dealside_budget_note: 'CFO signed',
    });
    expect(await allEntries(t.db)).toHaveLength(0);
    expect((await getConnection(t.db, 'hubspot'))?.lastPushAt).toBeDefined();
  });

  it('pulls HubSpot changes into our records and tells open surfaces which ones changed', async () => {
    const t = await setup();
    const { d, remote } = await seedDeal(t.db, t.fake);
    t.clock.advance(10 * 60_000);
    t.fake.edit('deals', remote.id, { amount: 72000, dealstage: 'contractsent', dealside_timing_horizon: 'this-quarter', dealside_timing_status: 'confirmed' });
    t.changed.length = 0;
    const report = await t.service.syncNow('hubspot');
    expect(report.pulled).toBeGreaterThan(0);
    const stored = await t.db.get('deals', d.id);
    expect(stored).toMatchObject({ amount: 72000, stage: 'negotiation' });
    expect(t.changed).toContain(d.id);
    const q = await t.db.get('qualifications', d.id);
    expect(q?.bant.timing).toMatchObject({ status: 'confirmed', horizon: 'this-quarter', source: 'crm', setBy: 'crm:hubspot' });
    // a pulled value is not pushed back
    expect(await allEntries(t.db)).toHaveLength(0);
  });

  it('keeps both values when HubSpot changed a field that has an unpushed local edit, until the rep chooses', async () => {
    const t = await setup();
    const { d, remote } = await seedDeal(t.db, t.fake);
    await editQualification(t.db, { entityType: 'deal', entityId: d.id }, new Date(t.clock.now()), budget('approved', 'mine'));
    t.clock.advance(60_000);
    t.fake.edit('deals', remote.id, { dealside_budget_note: 'theirs', dealside_budget_status: 'negative' });
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.conflicts).toBe(2);
    const conflicts = await listConflicts(t.db, { localId: d.id });
    expect(conflicts.map((c) => [c.field, c.localValue, c.remoteValue]).sort()).toEqual([
      ['bant.budget.note', 'mine', 'theirs'],
      ['bant.budget.status', 'confirmed', 'negative'],
    ]);
    // the non-conflicting field went through; HubSpot keeps its values; ours are kept locally
    expect(t.fake.objects.deals.get(remote.id)!.properties).toMatchObject({ dealside_budget_answer: 'approved', dealside_budget_note: 'theirs', dealside_budget_status: 'negative' });
    expect((await t.db.get('qualifications', d.id))!.bant.budget).toMatchObject({ note: 'mine', status: 'confirmed' });
    // a pull does not overwrite a held field either
    await t.service.syncNow();
    expect((await t.db.get('qualifications', d.id))!.bant.budget.note).toBe('mine');
    expect(await listConflicts(t.db)).toHaveLength(2);

    const note = conflicts.find((c) => c.field === 'bant.budget.note')!;
    const status = conflicts.find((c) => c.field === 'bant.budget.status')!;
    await t.service.resolveConflict(note.id, 'local');
    await t.service.resolveConflict(status.id, 'remote');
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.objects.deals.get(remote.id)!.properties).toMatchObject({ dealside_budget_note: 'mine', dealside_budget_status: 'negative' });
    expect((await t.db.get('qualifications', d.id))!.bant.budget).toMatchObject({ note: 'mine', status: 'negative' });
    expect(await allEntries(t.db)).toHaveLength(0);
    expect(await listConflicts(t.db)).toHaveLength(0);
  });

  it('on 401 without a refresh token asks to reconnect and keeps the outbox; reconnecting sends it', async () => {
    const t = await setup();
    const { d, remote } = await seedDeal(t.db, t.fake);
    t.fake.tokens.delete('pat-na1-test'); // the private app's token was rotated in HubSpot
    await editQualification(t.db, { entityType: 'deal', entityId: d.id }, new Date(t.clock.now()), budget('approved'));
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.errors[0]?.code).toBe('auth');
    const status = await t.service.status();
    expect(status.connections[0]).toMatchObject({ status: 'reconnect-needed', outbox: { pending: 1 } });
    expect(status.connections[0]!.message).toMatch(/Reconnect HubSpot in Options → Connections; unsynced edits are kept/);
    // nothing is tried while it waits for the user
    t.fake.resetCounters();
    await t.service.engine.run();
    expect(t.fake.counters.requests).toBe(0);

    t.fake.tokens.set('pat-na1-new', { scopes: new Set(ALL_SCOPES) });
    await t.service.connectToken({ system: 'hubspot', token: 'pat-na1-new', baseUrl: t.fake.url });
    await t.service.engine.run();
    expect(t.fake.objects.deals.get(remote.id)!.properties.dealside_budget_status).toBe('confirmed');
    expect((await t.service.status()).connections[0]).toMatchObject({ status: 'connected', outbox: { pending: 0 } });
  });

  it('on 401 refreshes an OAuth token and carries on', async () => {
    const t = await setup();
    const { d, remote } = await seedDeal(t.db, t.fake);
    // switch the stored secret to an OAuth one whose access token has expired
    t.fake.tokens.set('hs-oauth-old', { scopes: t.fake.tokens.get('pat-na1-test')!.scopes, expiresAt: t.clock.now() + 1 });
    t.fake.refreshTokens.set('rt-1', 'hs-oauth-old');
    await t.db.put('syncSecrets', { id: 'hubspot', accessToken: 'hs-oauth-old', refreshToken: 'rt-1', clientId: 'client', tokenUrl: `${t.fake.url}/oauth/2026-03/token`, updatedAt: '' });
    t.service.engine.forgetClient('hubspot');
    t.clock.advance(1000);
    await editQualification(t.db, { entityType: 'deal', entityId: d.id }, new Date(t.clock.now()), budget('approved'));
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report).toMatchObject({ pushed: 1, errors: [] });
    expect(t.fake.objects.deals.get(remote.id)!.properties.dealside_budget_status).toBe('confirmed');
    const secret = await readSecret(t.db, 'hubspot');
    expect(secret?.accessToken).not.toBe('hs-oauth-old');
    expect(secret?.refreshToken).toBe('rt-1');
    // the status the UI reads never carries a token
    expect(JSON.stringify(await t.service.status())).not.toMatch(/hs-oauth|rt-1|pat-na1/);
  });

  it('backs off with full jitter on 5xx and time-outs, and sets the wake-up alarm for the retry', async () => {
    const t = await setup();
    const { d, remote } = await seedDeal(t.db, t.fake);
    await editQualification(t.db, { entityType: 'deal', entityId: d.id }, new Date(t.clock.now()), budget('approved'));
    t.fake.failNext(20, 503);
    const start = t.clock.now();
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.deferred).toBe(1);
    const [entry] = await allEntries(t.db);
    expect(entry).toMatchObject({ attempts: 1, state: 'pending', lastError: { code: 'transient' } });
    expect(entry!.lastError!.message).toMatch(/HubSpot had a problem \(503/);
    expect(entry!.nextAttemptAt).toBeGreaterThanOrEqual(t.clock.now());
    expect(entry!.nextAttemptAt - t.clock.now()).toBeLessThanOrEqual(4000); // 0 … base·2^1
    expect(t.scheduled.at(-1)).toBe(Math.min(entry!.nextAttemptAt, (await getConnection(t.db, 'hubspot'))!.nextPullAt!));
    // the alarm fires later: the fault has passed
    t.fake.clearFaults();
    t.clock.t = entry!.nextAttemptAt;
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.objects.deals.get(remote.id)!.properties.dealside_budget_status).toBe('confirmed');
    expect(t.clock.now()).toBeGreaterThan(start);
  });

  it('a new engine on the same database carries on where a stopped one left off', async () => {
    const t = await setup();
    const { d, remote } = await seedDeal(t.db, t.fake);
    await editQualification(t.db, { entityType: 'deal', entityId: d.id }, new Date(t.clock.now()), budget('approved'));
    t.fake.failNext(1, 'timeout');
    const running = t.service.engine.run({ pull: 'never' });
    await new Promise((r) => setTimeout(r, 30));
    t.restart(); // killed mid-request
    await running;
    expect(await allEntries(t.db)).toHaveLength(1);
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.objects.deals.get(remote.id)!.properties.dealside_budget_status).toBe('confirmed');
    expect(await allEntries(t.db)).toHaveLength(0);
  });

  it('creates new records in dependency order, links them, and writes the HubSpot ids back', async () => {
    const t = await setup();
    const now = new Date(t.clock.now());
    await createLocalRecord(t.db, 'account', account('acc-1', 'Acme Ibérica', { domain: 'acme.es' }), now);
    await createLocalRecord(t.db, 'person', person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], accountId: 'acc-1', title: 'CFO' }), now);
    await createLocalRecord(t.db, 'deal', deal('d-1', 'Acme platform', { accountId: 'acc-1', contactIds: ['p-1'], amount: 90000, source: 'local' }), now);
    await saveLocalEdit(t.db, { entity: 'deal', localId: 'd-1' }, { amount: 95000 }, now);
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report).toMatchObject({ created: 3, failed: 0 });
    const hsDeal = t.fake.find('deals', 'dealside_id', 'd-1')[0]!;
    const hsContact = t.fake.find('contacts', 'dealside_id', 'p-1')[0]!;
    const hsCompany = t.fake.find('companies', 'dealside_id', 'acc-1')[0]!;
    expect(hsDeal.properties).toMatchObject({ dealname: 'Acme platform', amount: '95000' });
    expect(hsContact.properties).toMatchObject({ email: 'lucia@acme.es', jobtitle: 'CFO' });
    expect(t.fake.associated('deals', hsDeal.id, 'companies')).toEqual([hsCompany.id]);
    expect(t.fake.associated('deals', hsDeal.id, 'contacts')).toEqual([hsContact.id]);
    expect(t.fake.associated('contacts', hsContact.id, 'companies')).toEqual([hsCompany.id]);
    expect((await t.db.get('deals', 'd-1'))!.crmKeys).toEqual([`hubspot:deal:${hsDeal.id}`]);
    expect(await allEntries(t.db)).toHaveLength(0);
    // linking again queues nothing new that would duplicate
    await linkLocalRecords(t.db, { entity: 'deal', localId: 'd-1' }, { entity: 'person', localId: 'p-1' }, now);
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.associated('deals', hsDeal.id, 'contacts')).toHaveLength(1);
    expect(t.fake.counters.creates).toBe(3);
    // and a pull afterwards does not make second copies of them locally
    await t.service.syncNow();
    expect(await t.db.count('deals')).toBe(1);
    expect(await t.db.count('people')).toBe(1);
  });

  it('keeps refused changes for the user with the CRM’s reason, and retries them on request', async () => {
    const t = await setup();
    const { d } = await seedDeal(t.db, t.fake);
    // Someone deleted the BANT property in HubSpot: the value is refused.
    t.fake.properties.deals.delete('dealside_budget_note');
    await editQualification(t.db, { entityType: 'deal', entityId: d.id }, new Date(t.clock.now()), budget('approved', 'note'));
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.failed).toBe(1);
    const [entry] = await allEntries(t.db);
    expect(entry).toMatchObject({ state: 'failed', lastError: { code: 'invalid' } });
    expect(entry!.lastError!.message).toMatch(/does not exist/);
    expect((await t.service.status()).outbox).toMatchObject({ failed: 1 });
    // the admin restores it; the rep retries
    await t.service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: t.fake.url });
    await t.service.retry();
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toHaveLength(0);
  });
});

describe('bulk creation (CSV import)', () => {
  it('queues many new records with their links, and they arrive once each', async () => {
    const { createLocalRecords } = await import('../../tests/support/localRecords');
    const t = await setup();
    const now = new Date(t.clock.now());
    const accounts = Array.from({ length: 150 }, (_, i) => account(`imp-a-${i}`, `Imported ${i}`, { source: 'import' }));
    const people = Array.from({ length: 150 }, (_, i) => person(`imp-p-${i}`, 'Ana', `Import ${i}`, { source: 'import', accountId: `imp-a-${i}`, emails: [`ana${i}@imported${i}.example`] }));
    expect(await createLocalRecords(t.db, 'account', accounts, now, undefined, 100)).toBe(150);
    expect(await createLocalRecords(t.db, 'person', people, now, undefined, 100)).toBe(300);
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/batch/upsert'));
    for (let i = 0; i < 5 && (await allEntries(t.db)).length > 0; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.creates).toBe(300);
    expect(t.fake.counters.byRoute['POST /crm/v3/objects/companies/batch/upsert']).toBeLessThanOrEqual(3); // 100 per call (+ the repeat)
    const hs = t.fake.find('contacts', 'dealside_id', 'imp-p-7')[0]!;
    expect(t.fake.associated('contacts', hs.id, 'companies')).toEqual([t.fake.find('companies', 'dealside_id', 'imp-a-7')[0]!.id]);
  });
});
