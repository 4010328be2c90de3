// The SDR's store functions (sdrActions.ts): what they write and queue, in one transaction.
import { describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import type { ConnectionRecord } from './model';
import type { CrmSystem } from '../domain/entities';
import { account, inCrm, person } from './testing';
import { allEntries, UnknownLocalRecordError } from './outbox';
import { InvalidNewRecordError, createPersonWithAccount } from './sdrActions';

const NOW = new Date('2026-11-22T10:00:00Z');

function connection(system: CrmSystem): ConnectionRecord {
  return {
    id: system,
    system,
    label: system,
    baseUrl: 'https://example.invalid',
    authKind: 'token',
    status: 'connected',
    account: {},
    fieldMap: {},
    capabilities: { dealsideIdField: true, bant: 'mapped' },
    cursors: {},
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
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
