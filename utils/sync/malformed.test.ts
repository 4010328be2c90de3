// Every connector's replies are checked against their schemas at the HTTP boundary: a CRM (or a
// proxy in front of it) answering in another shape is a sync error worded for the user, and the
// rep's edit waits for the next run instead of being lost or sent on a misread record.
import { afterEach, describe, expect, it } from 'vitest';
import type { CrmSystem } from '../domain/entities';
import { openStore, type Db } from '../store/db';
import { allEntries, saveLocalEdit } from '../store/outbox';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock } from '../../tests/support/sync';
import type { FakeRequest, FakeServer } from '../../tests/fakes/base';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { DynamicsFake } from '../../tests/fakes/dynamics';
import { ZohoFake } from '../../tests/fakes/zoho';

const fakes: FakeServer[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

type Case = {
  system: CrmSystem;
  name: string;
  token: string;
  /** the fake, with one account named "Iberia Analytics" in it */
  fake: (clock: VirtualClock) => FakeServer;
  /** the request that reads the account's current values before the edit is sent */
  isRead: (req: FakeRequest) => boolean;
};

const NAME = 'Iberia Analytics';
const CASES: Case[] = [
  {
    system: 'hubspot',
    name: 'HubSpot',
    token: 'pat-na1-test',
    fake: (clock) => {
      const f = new HubspotFake({ now: clock.now });
      f.seed('companies', { name: NAME });
      return f;
    },
    isRead: (req) => req.method === 'POST' && req.path === '/crm/v3/objects/companies/batch/read',
  },
  {
    system: 'salesforce',
    name: 'Salesforce',
    token: '00D-session-token',
    fake: (clock) => {
      const f = new SalesforceFake({ now: clock.now });
      f.insert('Account', { Name: NAME });
      return f;
    },
    isRead: (req) => req.method === 'GET' && /\/query$/.test(req.path) && /FROM Account WHERE Id IN/i.test(req.query.get('q') ?? ''),
  },
  {
    system: 'pipedrive',
    name: 'Pipedrive',
    token: 'pd-api-token-0123456789abcdef',
    fake: (clock) => {
      const f = new PipedriveFake({ now: clock.now });
      f.seed('organizations', { name: NAME });
      return f;
    },
    isRead: (req) => req.method === 'GET' && req.path === '/api/v2/organizations' && req.query.has('ids'),
  },
  {
    system: 'dynamics',
    name: 'Dynamics 365',
    token: 'dv-access-token',
    fake: (clock) => {
      const f = new DynamicsFake({ now: clock.now });
      f.insert('account', { name: NAME });
      return f;
    },
    isRead: (req) => req.method === 'GET' && req.path.endsWith('/accounts') && (req.query.get('$filter') ?? '').includes('accountid'),
  },
  {
    system: 'zoho',
    name: 'Zoho CRM',
    token: 'zoho-access-token',
    fake: (clock) => {
      const f = new ZohoFake({ now: clock.now });
      f.insert('Accounts', { Account_Name: NAME });
      return f;
    },
    isRead: (req) => req.method === 'GET' && req.path.endsWith('/Accounts') && req.query.has('ids'),
  },
];

/** The first list in a reply replaced by an object: the records are not where the API says. */
function listGone(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { unexpected: true };
  const entries = Object.entries(body as Record<string, unknown>);
  const at = entries.findIndex(([, v]) => Array.isArray(v));
  return at < 0 ? { unexpected: true } : Object.fromEntries(entries.map(([k, v], i) => [k, i === at ? { unexpected: true } : v]));
}
const proxyPage = () => '<!doctype html><html><body>Please sign in to the network</body></html>';

async function connected(c: Case) {
  const clock = new VirtualClock();
  const fake = c.fake(clock);
  fakes.push(fake);
  await fake.start();
  const db: Db = await openStore(`malformed-${c.system}-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(11), timeoutMs: 30_000 }, true);
  await service.connectToken({ system: c.system, token: c.token, baseUrl: fake.url, startSync: false });
  await service.engine.run();
  const account = (await db.getAll('accounts')).find((a) => a.name === NAME);
  expect(account, `${c.name}: the account was pulled`).toBeDefined();
  return { clock, fake, db, service, accountId: account!.id };
}

describe.each(CASES)('$name: a malformed reply', (c) => {
  it.each([
    ['its records missing', listGone],
    ['a proxy’s HTML page', proxyPage],
  ])('(%s) is a clear sync error, and the rep’s edit waits and then arrives', async (_what, malformed) => {
    const t = await connected(c);
    await saveLocalEdit(t.db, { entity: 'account', localId: t.accountId }, { city: 'Madrid' }, new Date(t.clock.now()));
    t.fake.failNext(1, { malformed }, c.isRead);

    const report = await t.service.engine.run({ pull: 'never' });
    expect(t.fake.counters.faults, 'the malformed answer was sent').toBe(1);
    expect(report.pushed).toBe(0);
    const error = report.errors.find((e) => e.message.includes('could not read'));
    expect(error, JSON.stringify(report.errors)).toBeDefined();
    expect(error!.code).toBe('transient');
    // what happened, that nothing is lost, and what to do
    expect(error!.message).toContain(`${c.name} sent an answer Dealside could not read`);
    expect(error!.message).toContain('Nothing was lost');
    expect(error!.message).toMatch(/tries again at the next sync/);
    // the edit is still queued, not refused
    const waiting = await allEntries(t.db);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ state: 'pending', changes: [{ field: 'city', value: 'Madrid' }] });

    // the next run sends it
    for (let i = 0; i < 4 && (await allEntries(t.db)).length > 0; i++) {
      const wake = await t.service.engine.nextWakeAt();
      if (wake) t.clock.t = Math.max(t.clock.t, wake);
      await t.service.engine.run({ pull: 'never' });
    }
    expect(await allEntries(t.db)).toEqual([]);
  });
});

describe('a malformed page in a pull', () => {
  it('stops that stream where it was: the next run reads the page again and the record arrives', async () => {
    const c = CASES.find((x) => x.system === 'pipedrive')!;
    const t = await connected(c);
    (t.fake as PipedriveFake).seed('organizations', { name: 'Norte Logística' });
    t.fake.failNext(1, { malformed: listGone }, (req) => req.method === 'GET' && req.path === '/api/v2/organizations' && !req.query.has('ids'));
    t.clock.advance(60_000);
    const report = await t.service.engine.run({ pull: 'now' });
    expect(report.errors.map((e) => e.message).join('\n')).toContain('Pipedrive sent an answer Dealside could not read (GET /api/v2/organizations, data: expected array)');
    expect((await t.db.getAll('accounts')).map((a) => a.name)).not.toContain('Norte Logística');

    for (let i = 0; i < 4 && !(await t.db.getAll('accounts')).some((a) => a.name === 'Norte Logística'); i++) {
      const wake = await t.service.engine.nextWakeAt();
      t.clock.t = Math.max(t.clock.t + 60_000, wake ?? 0);
      await t.service.engine.run({ pull: 'now' });
    }
    expect((await t.db.getAll('accounts')).map((a) => a.name)).toContain('Norte Logística');
  });
});
