// The SDR's store functions (sdrActions.ts): what they write and queue, in one transaction.
import { describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import type { ConnectionRecord } from '../store/syncRecords';
import type { Activity, CrmSystem } from '../domain/entities';
import { account, connectionRecord, deal, inCrm, person } from '../../tests/support/sync';
import { allEntries, UnknownLocalRecordError } from '../store/outbox';
import { InvalidNewRecordError, createPersonWithAccount, logActivity } from './sdrActions';
import { outboxEntryView } from './handlers';
import { outboxEntryViewSchema } from '../messaging/protocol';

const NOW = new Date('2026-11-22T10:00:00Z');

function connection(system: CrmSystem): ConnectionRecord {
  return connectionRecord(system, { createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
}

async function db(...systems: CrmSystem[]): Promise<Db> {
  const d = await openStore(`sdr-${Math.random()}`);
  for (const s of systems) await d.put('syncConnections', connection(s));
  return d;
}

const summary = async (d: Db) => (await allEntries(d)).map((e) => `${e.system} ${e.op} ${e.ref.entity}:${e.ref.localId}${e.to ? ` → ${e.to.entity}:${e.to.localId}` : ''}`);

describe('createPersonWithAccount', () => {
  it('stores a contact and a new account and queues, per CRM, both creates and the link', async () => {
    const d = await db('hubspot', 'pipedrive');
    const res = await createPersonWithAccount(d, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'] }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es' }) }, NOW);
    expect(res.person.accountId).toBe('a-1');
    expect(res.account?.id).toBe('a-1');
    expect(await d.get('people', 'p-1')).toMatchObject({ accountId: 'a-1' });
    expect(await d.get('accounts', 'a-1')).toMatchObject({ name: 'Acme Ibérica' });
    expect((await summary(d)).sort()).toEqual([
      'hubspot associate person:p-1 → account:a-1',
      'hubspot create account:a-1',
      'hubspot create person:p-1',
      'pipedrive associate person:p-1 → account:a-1',
      'pipedrive create account:a-1',
      'pipedrive create person:p-1',
    ]);
    expect(res.entries).toHaveLength(6);
    // the same call again (a retried message): nothing new
    const again = await createPersonWithAccount(d, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'] }), account: account('a-1', 'Acme Ibérica') }, NOW);
    expect(again.entries).toEqual([]);
    expect(await allEntries(d)).toHaveLength(6);
  });

  it('gives a lead its company’s name; in Salesforce a lead gets no account (it is made on conversion)', async () => {
    const d = await db('salesforce', 'hubspot');
    const res = await createPersonWithAccount(d, { person: person('l-1', 'Andrés', 'Ruiz', { kind: 'lead' }), account: account('a-1', 'Ruiz Logística') }, NOW);
    expect(res.person).toMatchObject({ kind: 'lead', companyName: 'Ruiz Logística', accountId: 'a-1' });
    expect((await summary(d)).sort()).toEqual([
      'hubspot associate person:l-1 → account:a-1',
      'hubspot create account:a-1',
      'hubspot create person:l-1',
      'salesforce create person:l-1',
    ]);
    expect((await allEntries(d)).find((e) => e.system === 'salesforce')!.ref.kind).toBe('lead');
  });

  it('links to an account we hold, queueing its create only where it is not yet', async () => {
    const d = await db('hubspot', 'pipedrive');
    await putAll(d, 'accounts', [account('a-9', 'Northwind', inCrm('hubspot', 'account', '0-2', '777'))]);
    await createPersonWithAccount(d, { person: person('p-2', 'Ana', 'Gil', { accountId: 'a-9' }) }, NOW);
    expect((await summary(d)).sort()).toEqual([
      'hubspot associate person:p-2 → account:a-9',
      'hubspot create person:p-2',
      'pipedrive associate person:p-2 → account:a-9',
      'pipedrive create account:a-9',
      'pipedrive create person:p-2',
    ]);
  });

  it('writes nothing when it cannot write everything', async () => {
    const d = await db('hubspot');
    await expect(createPersonWithAccount(d, { person: person('p-3', 'Ana', 'Gil', { accountId: 'gone' }) }, NOW)).rejects.toBeInstanceOf(UnknownLocalRecordError);
    await expect(createPersonWithAccount(d, { person: person('p-3', 'Ana', 'Gil', { accountId: 'a-x' }), account: account('a-y', 'Y') }, NOW)).rejects.toBeInstanceOf(InvalidNewRecordError);
    expect(await d.get('people', 'p-3')).toBeUndefined();
    expect(await d.get('accounts', 'a-y')).toBeUndefined();
    expect(await allEntries(d)).toEqual([]);
  });

  it('without a connected CRM only stores; demo records are never queued', async () => {
    const none = await db();
    const res = await createPersonWithAccount(none, { person: person('p-4', 'Ana', 'Gil'), account: account('a-4', 'A') }, NOW);
    expect(res.entries).toEqual([]);
    expect(await none.get('people', 'p-4')).toBeDefined();
    const d = await db('hubspot');
    expect((await createPersonWithAccount(d, { person: person('p-5', 'Ana', 'Gil', { source: 'demo' }), account: account('a-5', 'A', { source: 'demo' }) }, NOW)).entries).toEqual([]);
  });
});

describe('logActivity', () => {
  const call = (extra: Partial<Activity> = {}): Activity => ({ id: 'act-1', type: 'call', at: '2026-11-22T09:30:00.000Z', subject: 'Discovery', personId: 'p-1', source: 'local', ...extra });

  it('stores the touch, moves lastActivityAt, and queues one create per CRM its records are in (or queued for)', async () => {
    const d = await db('hubspot', 'salesforce', 'pipedrive');
    await putAll(d, 'accounts', [account('a-1', 'Northwind', { ...inCrm('hubspot', 'account', '0-2', '7'), lastActivityAt: '2026-12-01T00:00:00.000Z' })]);
    await putAll(d, 'people', [person('p-1', 'Ana', 'Gil', { ...inCrm('hubspot', 'person', '0-1', '9'), accountId: 'a-1', lastActivityAt: '2026-11-01T00:00:00.000Z' })]);
    // queued for Pipedrive (not there yet), in no way in Salesforce
    await createPersonWithAccount(d, { person: person('p-2', 'Luis', 'Mamani') }, NOW);
    for (const e of await allEntries(d)) if (e.system !== 'pipedrive') await d.delete('outbox', e.id);

    const { activity, entries } = await logActivity(d, call(), NOW);
    expect(activity).toMatchObject({ id: 'act-1', accountId: 'a-1', crmRefs: [], crmKeys: [], createdAt: NOW.toISOString(), source: 'local' });
    expect(entries.map((e) => [e.system, e.op, e.ref])).toEqual([['hubspot', 'create', { entity: 'activity', localId: 'act-1' }]]);
    expect(entries[0]!.changes.map((c) => [c.field, c.value])).toEqual([['type', 'call'], ['at', '2026-11-22T09:30:00.000Z'], ['subject', 'Discovery'], ['personId', 'p-1'], ['accountId', 'a-1']]);
    expect((await d.get('people', 'p-1'))!.lastActivityAt).toBe('2026-11-22T09:30:00.000Z');
    expect((await d.get('accounts', 'a-1'))!.lastActivityAt).toBe('2026-12-01T00:00:00.000Z'); // later already
    const second = await logActivity(d, call({ id: 'act-2', type: 'note', personId: 'p-2' }), NOW);
    expect(second.entries.map((e) => e.system)).toEqual(['pipedrive']);
    // the same call again queues nothing twice
    expect((await logActivity(d, call(), NOW)).entries).toEqual([]);
    expect((await allEntries(d)).filter((e) => e.ref.entity === 'activity')).toHaveLength(2);
  });

  it('refuses what is not a touch the rep logs, or is logged on nothing we hold, and then writes nothing', async () => {
    const d = await db('hubspot');
    await putAll(d, 'people', [person('p-1', 'Ana', 'Gil', inCrm('hubspot', 'person', '0-1', '9'))]);
    await expect(logActivity(d, call({ type: 'pricing-page-visit' }), NOW)).rejects.toBeInstanceOf(InvalidNewRecordError);
    await expect(logActivity(d, call({ personId: undefined }), NOW)).rejects.toThrow(/logged on a person, a deal or an account/);
    await expect(logActivity(d, call({ at: 'yesterday' }), NOW)).rejects.toBeInstanceOf(InvalidNewRecordError);
    await expect(logActivity(d, call({ durationMin: -3 }), NOW)).rejects.toBeInstanceOf(InvalidNewRecordError);
    await expect(logActivity(d, call({ dealId: 'gone' }), NOW)).rejects.toBeInstanceOf(UnknownLocalRecordError);
    expect(await d.get('activities', 'act-1')).toBeUndefined();
    expect(await allEntries(d)).toEqual([]);
    expect((await d.get('people', 'p-1'))!.lastActivityAt).toBeUndefined();
  });

  it('shows in the outbox view on the record it was logged on, within the protocol’s schema', async () => {
    const d = await db('hubspot');
    await putAll(d, 'deals', [deal('d-1', 'Fleet', inCrm('hubspot', 'deal', '0-3', '5'))]);
    const { entries } = await logActivity(d, call({ personId: undefined, dealId: 'd-1', type: 'meeting' }), NOW);
    const view = outboxEntryView(entries[0]!);
    expect(view).toMatchObject({ entity: 'deal', localId: 'd-1', op: 'create', fields: ['activity:meeting'] });
    outboxEntryViewSchema.parse(view);
  });
});
