// The Pipedrive connector and engine against the local Pipedrive fake (real HTTP).
import { afterEach, describe, expect, it } from 'vitest';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { openStore } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer } from '../domain/qualification/qualification';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, account, deal, inCrm, person } from '../../tests/support/sync';
import { allEntries, saveLocalEdit } from '../store/outbox';
import { createLocalRecord } from '../../tests/support/localRecords';
import { listConflicts } from './conflicts';
import { createPersonWithAccount, logActivity } from './sdrActions';
import type { Activity } from '../domain/entities';

const fakes: PipedriveFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

const TOKEN = 'pd-api-token-0123456789abcdef';

async function setup(options: ConstructorParameters<typeof PipedriveFake>[0] = {}, connect = true) {
  const clock = new VirtualClock();
  const fake = new PipedriveFake({ now: clock.now, burstLimit: 20, ...options });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`pd-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
  if (connect) {
    await service.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: fake.url });
    await service.engine.run();
  }
  return { clock, fake, db, service };
}

const bantKey = (fake: PipedriveFake, label: string) => fake.fieldKey('deals', `Dealside: ${label}`)!;

describe('Pipedrive connector', () => {
  it('adds the Dealside id and BANT custom fields on connect and maps them by key', async () => {
    const t = await setup();
    const [c] = (await t.service.status()).connections;
    expect(c).toMatchObject({ label: 'Pipedrive Iberia Analytics', status: 'connected', capabilities: { dealsideIdField: true, bant: 'created' } });
    const key = bantKey(t.fake, 'Budget status');
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    const conn = (await t.db.get('syncConnections', 'pipedrive'))!;
    expect(conn.fieldMap.deal?.['bant.budget.status']).toBe(`custom_fields.${key}`);
    expect(conn.stageMap).toEqual({ '1': 'discovery', '2': 'qualification', '3': 'proposal', '4': 'proposal', '5': 'negotiation' });
    expect(t.fake.fields.deals.find((f) => f.key === bantKey(t.fake, 'Budget amount'))?.field_type).toBe('double');
  });

  it('pulls with updated_since and next_cursor; an unchanged account costs one request per object type', async () => {
    const t = await setup({}, false);
    const org = t.fake.seed('organizations', { name: 'Transportes Andinos', address: { value: 'Lima', country: 'Peru', locality: 'Lima' } });
    for (let i = 0; i < 1200; i++) t.fake.seed('persons', { first_name: `P${i}`, last_name: 'Quispe', emails: [{ value: `p${i}@andinos.example`, primary: true, label: 'work' }], org_id: i === 0 ? org.id : null });
    const d = t.fake.seed('deals', { title: 'Andinos fleet', value: 42000, currency: 'USD', stage_id: 3, person_id: 2, org_id: org.id, expected_close_date: '2027-02-28' });
    await t.service.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: t.fake.url, startSync: false });
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'now' });
    expect(report.pulled).toBe(1202);
    expect(t.fake.counters.byRoute['GET /api/v2/persons']).toBe(4); // 500 + 500 + 200, + the deals' contact persons' "Buying role" (roles sync)
    expect(await t.db.get('people', 'pipedrive-person-2')).toMatchObject({ firstName: 'P0', emails: ['p0@andinos.example'], accountId: `pipedrive-account-${org.id}` });
    expect(await t.db.get('accounts', `pipedrive-account-${org.id}`)).toMatchObject({ name: 'Transportes Andinos', country: 'Peru', city: 'Lima' });
    expect(await t.db.get('deals', `pipedrive-deal-${d.id}`)).toMatchObject({ amount: 42000, currency: 'USD', stage: 'proposal', closeDate: '2027-02-28', contactIds: ['pipedrive-person-2'] });

    t.clock.advance(60_000);
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.counters.requests).toBe(6); // four object types + the leads inbox + the users (record owners); deletions: every 15 minutes
    t.fake.edit('persons', 5, { job_title: 'Jefa de flota' });
    t.clock.advance(60_000);
    const changed = await t.service.engine.run({ pull: 'now' });
    expect(changed.pulled).toBe(1);
    expect((await t.db.get('people', 'pipedrive-person-5'))!.title).toBe('Jefa de flota');
    const usage = (await t.service.status()).connections[0]!.usage!;
    expect(usage).toMatchObject({ kind: 'daily-tokens', limit: 300_000 });
    expect(usage.used).toBe(300_000 - t.fake.tokensLeft);
  });

  it('pushes BANT into the deal’s custom fields by key, and holds a field changed in Pipedrive meanwhile', async () => {
    const t = await setup();
    const d = t.fake.seed('deals', { title: 'Andinos', value: 1000, currency: 'USD', stage_id: 1 });
    await putAll(t.db, 'deals', [deal('d-1', 'Andinos', { ...inCrm('pipedrive', 'deal', 'deal', String(d.id)), amount: 1000, currency: 'USD' })]);
    const now = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => applyBantAnswer(q, { letter: 'need', category: 'risk', statement: 'Audit findings' }, { by: 'rep', at: now }));
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.objects.deals.get(d.id)!.custom_fields).toMatchObject({ [bantKey(t.fake, 'Need category')]: 'risk', [bantKey(t.fake, 'Need statement')]: 'Audit findings', [bantKey(t.fake, 'Need status')]: 'confirmed' });

    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => applyBantAnswer(q, { letter: 'need', statement: 'Audit findings in Q3' }, { by: 'rep', at: now }));
    t.fake.edit('deals', d.id, { custom_fields: { [bantKey(t.fake, 'Need statement')]: 'Board asked for it' } });
    await t.service.engine.run({ pull: 'never' });
    const [conflict] = await listConflicts(t.db);
    expect(conflict).toMatchObject({ field: 'bant.need.statement', localValue: 'Audit findings in Q3', remoteValue: 'Board asked for it' });
    expect(t.fake.objects.deals.get(d.id)!.custom_fields[bantKey(t.fake, 'Need statement')]).toBe('Board asked for it');
  });

  it('never creates a person twice: a lost answer is found by search, or by update time while the search index lags', async () => {
    const t = await setup({ searchIndexDelayMs: 10 * 60_000 });
    const now = new Date(t.clock.now());
    await createLocalRecord(t.db, 'account', account('a-1', 'Andinos SAC'), now);
    await createLocalRecord(t.db, 'person', person('p-1', 'Rosa', 'Quispe', { emails: ['rosa@andinos.example'], accountId: 'a-1' }), now);
    await createLocalRecord(t.db, 'deal', deal('d-1', 'Fleet', { accountId: 'a-1', contactIds: ['p-1'], source: 'local' }), now);
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/api/v2/persons');
    for (let i = 0; i < 4 && (await allEntries(t.db)).length > 0; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    const key = t.fake.fieldKey('persons', 'Dealside id')!;
    expect(t.fake.find('persons', key, 'p-1')).toHaveLength(1);
    expect(t.fake.counters.creates).toBe(3);
    const pd = t.fake.find('deals', t.fake.fieldKey('deals', 'Dealside id')!, 'd-1')[0]!;
    expect(pd.person_id).toBe(t.fake.find('persons', key, 'p-1')[0]!.id);
    expect(pd.org_id).toBe(t.fake.find('organizations', t.fake.fieldKey('organizations', 'Dealside id')!, 'a-1')[0]!.id);
  });

  it('adds a second contact as a participant, once', async () => {
    const t = await setup();
    const a = t.fake.seed('persons', { first_name: 'A', last_name: 'One' });
    const b = t.fake.seed('persons', { first_name: 'B', last_name: 'Two' });
    const d = t.fake.seed('deals', { title: 'Deal', value: 1, currency: 'EUR', person_id: a.id });
    await putAll(t.db, 'people', [person('pa', 'A', 'One', inCrm('pipedrive', 'person', 'person', String(a.id))), person('pb', 'B', 'Two', inCrm('pipedrive', 'person', 'person', String(b.id)))]);
    await putAll(t.db, 'deals', [deal('d', 'Deal', { ...inCrm('pipedrive', 'deal', 'deal', String(d.id)), contactIds: ['pa'] })]);
    const { linkLocalRecords } = await import('../../tests/support/localRecords');
    const now = new Date(t.clock.now());
    await linkLocalRecords(t.db, { entity: 'deal', localId: 'd' }, { entity: 'person', localId: 'pb' }, now);
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/participants') && r.method === 'POST');
    for (let i = 0; i < 3; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(60_000);
    }
    expect([...t.fake.participants.get(d.id)!]).toEqual([b.id]);
    expect(t.fake.objects.deals.get(d.id)!.person_id).toBe(a.id);
  });

  it('stays inside the burst window on its own and honours 429 Retry-After', async () => {
    const t = await setup({ burstLimit: 20 });
    const start = t.clock.now();
    t.fake.resetCounters();
    for (let i = 0; i < 5; i++) await t.service.syncNow('pipedrive');
    expect(t.fake.counters.rateLimited).toBe(0);
    t.fake.failNext(1, 429);
    await t.service.syncNow('pipedrive');
    expect(t.fake.counters.rateLimited).toBe(1);
    expect((await t.service.status()).connections[0]!.lastError).toBeUndefined();
    expect(t.clock.now() - start).toBeGreaterThanOrEqual(2000);
  });

  it('stops when the daily token budget is spent, keeping the edits', async () => {
    const t = await setup({ dailyTokens: 2000 });
    const d = t.fake.seed('deals', { title: 'X', value: 1, currency: 'EUR' });
    await putAll(t.db, 'deals', [deal('d-1', 'X', { ...inCrm('pipedrive', 'deal', 'deal', String(d.id)), amount: 1, currency: 'EUR' })]);
    t.fake.tokensLeft = 30;
    const now = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => applyBantAnswer(q, { letter: 'budget', answer: 'approved' }, { by: 'rep', at: now }));
    await t.service.engine.run({ pull: 'never' });
    await t.service.engine.run({ pull: 'never' });
    const c = (await t.service.status()).connections[0]!;
    expect(['budget-exhausted', 'rate-limited']).toContain(c.lastError?.code);
    expect(c.blockedUntil).toBeDefined();
    expect(await allEntries(t.db)).toHaveLength(1);
  });
});

describe('Pipedrive: LinkedIn profile links', () => {
  it('adds a "LinkedIn" person field on connect (or uses the one there), writes it and reads it back', async () => {
    const t = await setup();
    const key = t.fake.fieldKey('persons', 'LinkedIn')!;
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect((await t.db.get('syncConnections', 'pipedrive'))!.fieldMap.person?.linkedinUrl).toBe(`custom_fields.${key}`);
    await t.service.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: t.fake.url, startSync: false });
    expect(t.fake.fields.persons.filter((f) => f.name === 'LinkedIn')).toHaveLength(1);

    const p = t.fake.seed('persons', { first_name: 'Rosa', last_name: 'Quispe' });
    await putAll(t.db, 'people', [person('p-1', 'Rosa', 'Quispe', { ...inCrm('pipedrive', 'person', 'person', String(p.id)), source: 'crm' })]);
    await saveLocalEdit(t.db, { entity: 'person', localId: 'p-1' }, { linkedinUrl: 'https://pe.linkedin.com/in/rosa-quispe' }, new Date(t.clock.now()));
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.objects.persons.get(p.id)!.custom_fields[key]).toBe('https://pe.linkedin.com/in/rosa-quispe');
    t.clock.advance(60_000);
    t.fake.edit('persons', p.id, { custom_fields: { [key]: 'https://www.linkedin.com/in/rosa-quispe-2' } });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('people', 'p-1')).toMatchObject({ linkedinUrl: 'https://www.linkedin.com/in/rosa-quispe-2', linkedinKey: 'in/rosa-quispe-2' });
  });
});

describe('Pipedrive: adding a person with their company', () => {
  it('an organization and a person with org_id (a lead is a person too), once while the search index lags behind a lost answer', async () => {
    const t = await setup({ searchIndexDelayMs: 10 * 60_000 });
    const now = new Date(t.clock.now());
    await createPersonWithAccount(t.db, { person: person('p-1', 'Rosa', 'Quispe', { emails: ['rosa@andinos.example'] }), account: account('a-1', 'Transportes Andinos') }, now);
    await createPersonWithAccount(t.db, { person: person('l-1', 'Luis', 'Mamani', { kind: 'lead' }), account: account('a-2', 'Mamani SAC') }, now);
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/api/v2/organizations');
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/api/v2/persons');
    for (let i = 0; i < 4 && (await allEntries(t.db)).length > 0; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(2);
    const idOf = (type: 'persons' | 'organizations', id: string) => t.fake.find(type, t.fake.fieldKey(type, 'Dealside id')!, id);
    expect([idOf('organizations', 'a-1').length, idOf('persons', 'p-1').length, idOf('organizations', 'a-2').length, idOf('persons', 'l-1').length]).toEqual([1, 1, 1, 1]);
    expect(t.fake.counters.creates).toBe(4);
    expect(idOf('persons', 'p-1')[0]).toMatchObject({ name: 'Rosa Quispe', org_id: idOf('organizations', 'a-1')[0]!.id });
    expect(idOf('persons', 'l-1')[0]!.org_id).toBe(idOf('organizations', 'a-2')[0]!.id);
  });
});

describe('Pipedrive without the Dealside id field (the token’s user is not an admin)', () => {
  it('a lost answer to a create is found by name and e-mail among the records made since: one person, one organization', async () => {
    const t = await setup({}, false);
    t.fake.admin = false;
    await t.service.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: t.fake.url, startSync: false });
    expect((await t.db.get('syncConnections', 'pipedrive'))!.capabilities.dealsideIdField).toBe(false);
    // someone else of the same name made long before is not theirs
    t.fake.seed('persons', { name: 'Rosa Quispe', first_name: 'Rosa', last_name: 'Quispe', emails: [{ value: 'rosa.q@otra.example', primary: true }] });
    t.clock.advance(2 * 3600_000);
    await createPersonWithAccount(t.db, { person: person('p-1', 'Rosa', 'Quispe', { emails: ['rosa@andinos.example'] }), account: account('a-1', 'Transportes Andinos') }, new Date(t.clock.now()));
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/api/v2/organizations');
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/api/v2/persons');
    for (let i = 0; i < 5 && (await allEntries(t.db)).length > 0; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(2);
    const rosas = [...t.fake.objects.persons.values()].filter((o) => o.name === 'Rosa Quispe');
    expect(rosas).toHaveLength(2); // the older one and hers
    const orgs = [...t.fake.objects.organizations.values()].filter((o) => o.name === 'Transportes Andinos');
    expect(orgs).toHaveLength(1);
    const hers = (await t.db.get('people', 'p-1'))!.crmRefs[0]!.id;
    expect(t.fake.objects.persons.get(Number(hers))).toMatchObject({ org_id: orgs[0]!.id, emails: [expect.objectContaining({ value: 'rosa@andinos.example' })] });
  });
});

describe('Pipedrive: adding a person, exactly once', () => {
  it('one person and one organization under a 429, a 401 and a worker stopped mid-create, while search lags', async () => {
    const t = await setup({ searchIndexDelayMs: 10 * 60_000 });
    let service = t.service;
    const make = () => new SyncService({ db: t.db, fetch, now: t.clock.now, sleep: t.clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
    await createPersonWithAccount(t.db, { person: person('p-1', 'Rosa', 'Quispe', { emails: ['rosa@andinos.example'], linkedinUrl: 'https://pe.linkedin.com/in/rosa-quispe' }), account: account('a-1', 'Transportes Andinos') }, new Date(t.clock.now()));
    const post = (type: string) => (r: { method: string; path: string }) => r.method === 'POST' && r.path === `/api/v2/${type}`;
    t.fake.failNext(1, 429, post('organizations'));
    let fired = false;
    t.fake.failNext(1, 'lost-response', (r) => {
      if (!fired && post('organizations')(r)) {
        fired = true;
        service.engine.kill();
        service = make();
      }
      return false;
    });
    t.fake.failNext(1, 401, (r) => r.path.startsWith('/api/v2/persons'));
    t.fake.failNext(1, 'lost-response', post('persons'));
    for (let i = 0; i < 10 && (await allEntries(t.db)).length > 0; i++) {
      if ((await t.db.get('syncConnections', 'pipedrive'))?.status === 'reconnect-needed') {
        await service.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: t.fake.url, startSync: false });
      }
      await service.engine.run({ pull: 'never' }).catch(() => undefined);
      t.clock.advance(60_000);
    }
    expect(fired).toBe(true);
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(3);
    expect([t.fake.objects.organizations.size, t.fake.objects.persons.size, t.fake.counters.creates]).toEqual([1, 1, 2]);
    const [p] = [...t.fake.objects.persons.values()];
    const [o] = [...t.fake.objects.organizations.values()];
    expect(p).toMatchObject({ name: 'Rosa Quispe', org_id: o!.id });
    expect(p!.custom_fields[t.fake.fieldKey('persons', 'Dealside id')!]).toBe('p-1');
    expect((await t.db.get('people', 'p-1'))!.crmRefs).toEqual([{ system: 'pipedrive', objectType: 'person', id: String(p!.id) }]);
  });
});

describe('Pipedrive: logging a touch', () => {
  async function withRecords() {
    const t = await setup();
    const make = () => new SyncService({ db: t.db, fetch, now: t.clock.now, sleep: t.clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
    const org = t.fake.seed('organizations', { name: 'Transportes Andinos' });
    const p = t.fake.seed('persons', { first_name: 'Rosa', last_name: 'Quispe', org_id: org.id });
    const d = t.fake.seed('deals', { title: 'Andinos 2027', person_id: p.id, org_id: org.id });
    await putAll(t.db, 'accounts', [account('a-1', 'Transportes Andinos', inCrm('pipedrive', 'account', 'organization', String(org.id)))]);
    await putAll(t.db, 'people', [person('p-1', 'Rosa', 'Quispe', { ...inCrm('pipedrive', 'person', 'person', String(p.id)), accountId: 'a-1', source: 'crm' })]);
    await putAll(t.db, 'deals', [deal('d-1', 'Andinos 2027', { ...inCrm('pipedrive', 'deal', 'deal', String(d.id)), accountId: 'a-1', contactIds: ['p-1'] })]);
    const x = {
      ...t,
      service: t.service,
      ids: { org: org.id, person: p.id, deal: d.id },
      now: () => new Date(t.clock.now()),
      restart() {
        x.service.engine.kill();
        x.service = make();
      },
      async drain(rounds = 8) {
        for (let i = 0; i < rounds && (await allEntries(t.db)).length > 0; i++) {
          if ((await t.db.get('syncConnections', 'pipedrive'))?.status === 'reconnect-needed') {
            await x.service.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: t.fake.url, startSync: false });
          }
          await x.service.engine.run({ pull: 'never' }).catch(() => undefined);
          t.clock.advance(10 * 60_000);
        }
      },
    };
    return x;
  }
  const touch = (id: string, type: Activity['type'], extra: Partial<Activity> = {}): Activity => ({ id, type, at: '2026-11-22T09:30:00.000Z', personId: 'p-1', dealId: 'd-1', source: 'local', ...extra });

  it('logs calls, e-mails and meetings as done activities and a note as a note, on the person, deal and organization', async () => {
    const t = await withRecords();
    expect((await t.db.get('syncConnections', 'pipedrive'))!.capabilities.activityIds).toBe('marker');
    await logActivity(t.db, touch('act-call', 'call', { subject: 'Discovery call', body: 'Budget approved.', durationMin: 75 }), t.now());
    await logActivity(t.db, touch('act-mail', 'email-replied', { subject: 'Re: Proposal' }), t.now());
    await logActivity(t.db, touch('act-meet', 'meeting', { subject: 'Demo', durationMin: 30 }), t.now());
    await logActivity(t.db, touch('act-note', 'note', { subject: 'Champion', body: 'Rosa pushes for it.', dealId: undefined }), t.now());
    await t.drain();
    expect(await allEntries(t.db)).toEqual([]);
    const acts = [...t.fake.activities.values()];
    expect(acts).toHaveLength(3);
    const call = acts.find((a) => a.type === 'call')!;
    expect(call).toMatchObject({ subject: 'Discovery call', note: 'Budget approved.\n\nDealside ref act-call', done: true, due_date: '2026-11-22', due_time: '09:30', duration: '01:15', person_id: t.ids.person, deal_id: t.ids.deal, org_id: t.ids.org });
    expect(acts.find((a) => a.type === 'email')).toMatchObject({ subject: 'Re: Proposal', done: true });
    expect(acts.find((a) => a.type === 'meeting')).toMatchObject({ subject: 'Demo', duration: '00:30' });
    const [note] = [...t.fake.notes.values()];
    expect(note).toMatchObject({ content: 'Champion\n\nRosa pushes for it.\n\nDealside ref act-note', person_id: t.ids.person, org_id: t.ids.org, deal_id: null });
    expect((await t.db.get('activities', 'act-call'))!.crmRefs).toEqual([{ system: 'pipedrive', objectType: 'activity', id: String(call.id) }]);
    expect((await t.db.get('activities', 'act-note'))!.crmRefs).toEqual([{ system: 'pipedrive', objectType: 'note', id: String(note!.id) }]);
  });

  it('exactly once under a lost answer, a 429, a 401 and a worker stopped mid-create: looked up by the marker first', async () => {
    const t = await withRecords();
    await logActivity(t.db, touch('act-1', 'call', { body: 'Voicemail.' }), t.now());
    await logActivity(t.db, touch('act-2', 'note', { body: 'Second touch.' }), t.now());
    await logActivity(t.db, touch('act-3', 'meeting', { subject: 'Demo' }), t.now());
    const create = (r: { method: string; path: string }) => r.method === 'POST' && (r.path === '/v1/activities' || r.path === '/v1/notes');
    t.fake.failNext(2, 'lost-response', create);
    t.fake.failNext(1, 429, (r) => r.path.includes('activities') || r.path.includes('notes'));
    t.fake.failNext(1, 401, (r) => r.path.includes('activities') || r.path.includes('notes'));
    let fired = false;
    t.fake.failNext(1, 'lost-response', (r) => {
      if (!fired && create(r) && r.path === '/v1/activities' && (r.body as { type?: string }).type === 'meeting') {
        fired = true;
        t.restart();
      }
      return false;
    });
    await t.drain(10);
    expect(fired).toBe(true);
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(4);
    expect([...t.fake.activities.values()].map((a) => a.type).sort()).toEqual(['call', 'meeting']);
    expect(t.fake.notes.size).toBe(1);
    for (const id of ['act-1', 'act-2', 'act-3']) expect((await t.db.get('activities', id))!.crmRefs, id).toHaveLength(1);
  });
});
