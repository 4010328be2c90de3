// Chaos: hundreds of random edits (BANT answers, field edits, new records with links) while the
// CRM's fake (HubSpot, Salesforce, Pipedrive) answers a quarter of the requests with 429, 5xx,
// time-outs, lost answers (the request was carried out, the answer never arrived) and the odd
// 401, and the service worker is stopped at random moments (the engine is thrown away
// mid-request and a new one starts on the same IndexedDB). When the faults stop, everything must
// arrive: zero lost edits, zero duplicate records. Seeded, so a failure can be replayed.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import type { FakeServer } from '../../tests/fakes/base';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer, type BantEdit } from '../domain/qualification';
import { BUDGET_ANSWERS, NEED_CATEGORIES, TIMING_HORIZONS } from '../domain/bant';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, account, deal, inCrm, person } from './testing';
import { allEntries, createLocalRecord, saveLocalEdit } from './outbox';
import { BANT_FIELDS, readBantField, readEntityField, type FieldValue } from './fields';
import { hubspotBantProperty } from './connectors/hubspot';
import { salesforceBantField } from './connectors/salesforce';
import { listConflicts } from './conflicts';

type Entity = 'account' | 'person' | 'deal';

/** What the chaos needs to know about one CRM's fake. */
type Adapter = {
  system: 'hubspot' | 'salesforce' | 'pipedrive';
  start: (now: () => number) => Promise<FakeServer>;
  token: string;
  /** a deal that lives in the CRM: its id and how our record of it looks */
  seedDeal: (i: number) => { crmId: string; objectType: string; local: Partial<ReturnType<typeof deal>> };
  /** the deal as the CRM has it now */
  remoteDeal: (crmId: string) => { name: unknown; amount: unknown; bant: (field: string) => unknown };
  /** how many records of ours (by our id) the CRM holds */
  copies: (entity: Entity, localId: string) => number;
  /** is the new deal linked to its account and (exactly once) to its contact? */
  linked: (dealId: string, accountId: string, contactId: string) => boolean;
};

let fake: FakeServer;
const ADAPTERS: Record<string, Adapter> = {
  hubspot: {
    system: 'hubspot',
    token: 'pat-na1-test',
    start: async (now) => {
      const f = new HubspotFake({ now, tenSecondLimit: 190 });
      await f.start();
      return f;
    },
    seedDeal: (i) => ({ crmId: (fake as HubspotFake).seed('deals', { dealname: `Deal ${i}`, dealstage: 'appointmentscheduled', amount: 1000 * i }).id, objectType: '0-3', local: { stage: 'discovery' } }),
    remoteDeal: (id) => {
      const p = (fake as HubspotFake).objects.deals.get(id)!.properties;
      return { name: p.dealname, amount: p.amount, bant: (f) => p[hubspotBantProperty(f)] };
    },
    copies: (entity, id) => (fake as HubspotFake).find(entity === 'account' ? 'companies' : entity === 'person' ? 'contacts' : 'deals', 'dealside_id', id).length,
    linked: (d, a, c) => {
      const f = fake as HubspotFake;
      const hsDeal = f.find('deals', 'dealside_id', d)[0]!;
      return f.associated('deals', hsDeal.id, 'companies').join() === f.find('companies', 'dealside_id', a)[0]!.id && f.associated('deals', hsDeal.id, 'contacts').join() === f.find('contacts', 'dealside_id', c)[0]!.id;
    },
  },
  salesforce: {
    system: 'salesforce',
    token: '00D-session-token',
    start: async (now) => {
      const f = new SalesforceFake({ now, apiLimit: 1_000_000 });
      await f.start();
      return f;
    },
    seedDeal: (i) => ({
      crmId: String((fake as SalesforceFake).insert('Opportunity', { Name: `Deal ${i}`, StageName: 'Prospecting', CloseDate: '2027-01-31', Amount: 1000 * i }).Id),
      objectType: 'Opportunity',
      local: { stage: 'discovery', closeDate: '2027-01-31' },
    }),
    remoteDeal: (id) => {
      const r = (fake as SalesforceFake).records.Opportunity!.get(id)!;
      return { name: r.Name, amount: r.Amount, bant: (f) => r[salesforceBantField(f)] };
    },
    copies: (entity, id) => (fake as SalesforceFake).find(entity === 'account' ? 'Account' : entity === 'person' ? 'Contact' : 'Opportunity', 'Dealside_Id__c', id).length,
    linked: (d, a, c) => {
      const f = fake as SalesforceFake;
      const opp = f.find('Opportunity', 'Dealside_Id__c', d)[0]!;
      const roles = f.find('OpportunityContactRole', 'OpportunityId', String(opp.Id));
      return opp.AccountId === f.find('Account', 'Dealside_Id__c', a)[0]!.Id && roles.length === 1 && roles[0]!.ContactId === f.find('Contact', 'Dealside_Id__c', c)[0]!.Id;
    },
  },
  pipedrive: {
    system: 'pipedrive',
    token: 'pd-api-token-0123456789abcdef',
    start: async (now) => {
      const f = new PipedriveFake({ now, burstLimit: 80 });
      await f.start();
      return f;
    },
    seedDeal: (i) => ({ crmId: String((fake as PipedriveFake).seed('deals', { title: `Deal ${i}`, value: 1000 * i, currency: 'EUR', stage_id: 1 }).id), objectType: 'deal', local: { stage: 'discovery', currency: 'EUR' } }),
    remoteDeal: (id) => {
      const f = fake as PipedriveFake;
      const d = f.objects.deals.get(Number(id))!;
      return { name: d.title, amount: d.value, bant: (field) => d.custom_fields[f.fieldKey('deals', `Dealside: ${BANT_FIELDS[field]!.label}`)!] };
    },
    copies: (entity, id) => {
      const f = fake as PipedriveFake;
      const type = entity === 'account' ? 'organizations' : entity === 'person' ? 'persons' : 'deals';
      return f.find(type, f.fieldKey(type, 'Dealside id')!, id).length;
    },
    linked: (d, a, c) => {
      const f = fake as PipedriveFake;
      const pd = f.find('deals', f.fieldKey('deals', 'Dealside id')!, d)[0]!;
      return pd.org_id === f.find('organizations', f.fieldKey('organizations', 'Dealside id')!, a)[0]!.id && pd.person_id === f.find('persons', f.fieldKey('persons', 'Dealside id')!, c)[0]!.id;
    },
  },
};

const fakes: FakeServer[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function chaos(adapter: Adapter, seed: number, steps: number) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const clock = new VirtualClock();
  fake = await adapter.start(clock.now);
  fakes.push(fake);
  fake.keepLog = false;
  const db: Db = await openStore(`chaos-${seed}-${Math.random()}`);
  // A short time-out makes the 'timeout' faults quick; the calm phase at the end uses a long one.
  const make = (timeoutMs = 60) =>
    new SyncService(
      { db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(seed + 1), timeoutMs, maxInlineWaitMs: 5_000, pullIntervalMs: 60_000 },
      true,
    );
  let service = make();
  const connect = () => service.connectToken({ system: adapter.system, token: adapter.token, baseUrl: fake.url });
  await connect();
  await service.engine.run();

  // 20 deals that already live in the CRM
  const dealIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const remote = adapter.seedDeal(i);
    const d = deal(`deal-${i}`, `Deal ${i}`, { ...inCrm(adapter.system, 'deal', remote.objectType, remote.crmId), amount: 1000 * i, ...remote.local });
    await putAll(db, 'deals', [d]);
    dealIds.push(d.id);
  }
  const created: Array<{ entity: 'account' | 'person' | 'deal'; id: string }> = [];
  const links: Array<{ deal: string; account?: string; contacts: string[] }> = [];
  /** what the rep last typed, per record and field: the truth both our store and HubSpot must end with */
  const model = new Map<string, Record<string, unknown>>();
  const remember = (id: string, values: Record<string, unknown>) => model.set(id, { ...(model.get(id) ?? {}), ...values });
  let edits = 0;
  let restarts = 0;
  let running: Promise<unknown> | undefined;

  fake.setChaos({ rate: 0.25, faults: [429, 429, 500, 502, 503, 'timeout', 'lost-response', 'lost-response', 401], random: rnd });

  const bantEdit = (): BantEdit => {
    switch (pick(['budget', 'authority', 'need', 'timing'] as const)) {
      case 'budget':
        return { letter: 'budget', answer: pick(BUDGET_ANSWERS), amount: Math.floor(rnd() * 100) * 1000, note: `b${Math.floor(rnd() * 1e6)}` };
      case 'authority':
        return { letter: 'authority', engaged: rnd() < 0.5, note: `a${Math.floor(rnd() * 1e6)}` };
      case 'need':
        return { letter: 'need', category: pick(NEED_CATEGORIES), statement: `n${Math.floor(rnd() * 1e6)}` };
      default:
        return { letter: 'timing', horizon: pick(TIMING_HORIZONS), note: `t${Math.floor(rnd() * 1e6)}` };
    }
  };

  for (let step = 0; step < steps; step++) {
    const now = new Date(clock.now());
    const r = rnd();
    if (r < 0.5) {
      const id = pick(dealIds);
      const q = await editQualification(db, { entityType: 'deal', entityId: id }, now, (q) => applyBantAnswer(q, bantEdit(), { by: 'rep', at: now }));
      remember(id, Object.fromEntries(Object.keys(BANT_FIELDS).map((f) => [f, readBantField(q.bant, f)])));
      edits++;
    } else if (r < 0.62) {
      const id = pick(dealIds);
      const values: Record<string, FieldValue> = rnd() < 0.5 ? { amount: Math.floor(rnd() * 1e6) } : { name: `Deal ${id} v${step}` };
      await saveLocalEdit(db, { entity: 'deal', localId: id }, values, now);
      remember(id, values);
      edits++;
    } else if (r < 0.7) {
      // a new account, a contact at it and a deal with both, made in the sidebar
      const n = created.length;
      const acc = account(`new-acc-${n}`, `Company ${n}`, { domain: `company${n}.example` });
      const p = person(`new-p-${n}`, 'Ana', `Nueva ${n}`, { emails: [`ana${n}@company${n}.example`], accountId: acc.id });
      const d = deal(`new-deal-${n}`, `New deal ${n}`, { accountId: acc.id, contactIds: [p.id], amount: 5000, source: 'local' });
      await createLocalRecord(db, 'account', acc, now);
      await createLocalRecord(db, 'person', p, now);
      await createLocalRecord(db, 'deal', d, now);
      created.push({ entity: 'account', id: acc.id }, { entity: 'person', id: p.id }, { entity: 'deal', id: d.id });
      links.push({ deal: d.id, account: acc.id, contacts: [p.id] });
      dealIds.push(d.id); // later edits reach it too, before or after it exists in HubSpot
      edits += 3;
    } else if (r < 0.9) {
      if (!running) {
        running = service.engine.run({ pull: pick(['due', 'now', 'never'] as const) }).finally(() => {
          running = undefined;
        });
      }
      if (rnd() < 0.5) await running;
    } else if (r < 0.96) {
      // the service worker is stopped at a random moment and wakes again
      for (let i = Math.floor(rnd() * 30); i > 0; i--) await new Promise((res) => setImmediate(res));
      service.engine.kill();
      await running;
      service = make();
      restarts++;
    } else {
      clock.advance(Math.floor(rnd() * 120_000));
    }
    const status = (await service.status()).connections[0];
    if (status?.status === 'reconnect-needed') {
      // a 401 with no way to refresh: the rep reconnects (the outbox was kept)
      await connect().catch(() => {});
    }
  }
  await running;

  // The faults stop (the worker restarts once more). Let the alarms fire until the outbox is empty.
  fake.setChaos(undefined);
  fake.clearFaults();
  service.engine.kill();
  service = make(10_000);
  let rounds = 0;
  for (; rounds < 60; rounds++) {
    const status = (await service.status()).connections[0];
    if (status?.status === 'reconnect-needed') await connect();
    const wake = await service.engine.nextWakeAt();
    if (wake !== undefined) clock.t = Math.max(clock.t, wake);
    await service.engine.run({ pull: 'now' });
    if ((await allEntries(db)).length === 0) break;
  }
  return { db, fake, created, links, edits, restarts, rounds, dealIds, model };
}

// CHAOS_SEEDS=1,2,3 replays other seeds, CHAOS_CRMS=hubspot picks CRMs, CHAOS_STEPS the length.
const SEEDS = (process.env.CHAOS_SEEDS ?? '20261122').split(',').map(Number);
const STEPS = Number(process.env.CHAOS_STEPS ?? 400);
const CRMS = (process.env.CHAOS_CRMS ?? 'hubspot,salesforce,pipedrive').split(',');
const CASES = CRMS.flatMap((crm) => SEEDS.map((seed) => [crm, seed] as const));

describe('chaos: random edits under random faults and restarts', () => {
  it.each(CASES)('%s, seed %i: every edit arrives, no record is created twice, nothing is left in the outbox', async (crm, seed) => {
    const adapter = ADAPTERS[crm]!;
    const { db, created, links, edits, restarts, dealIds, model } = await chaos(adapter, seed, STEPS);
    expect(edits).toBeGreaterThan(STEPS * 0.6);
    expect(restarts).toBeGreaterThan(STEPS / 60);
    expect(fake.counters.faults).toBeGreaterThan(STEPS / 8);

    // nothing waits, nothing refused, no conflicts (nobody else edited)
    expect(await allEntries(db)).toEqual([]);
    expect(await listConflicts(db)).toEqual([]);

    // zero duplicates: every record we created exists exactly once in the CRM, and it made no others
    for (const c of created) expect(adapter.copies(c.entity, c.id), `${c.entity} ${c.id}`).toBe(1);
    expect(fake.counters.creates).toBe(created.length + links.length /* Salesforce: one contact role per new deal */ * (crm === 'salesforce' ? 1 : 0));

    // zero lost edits: our records end with the last value the rep typed in every field …
    for (const [id, values] of model) {
      const local = (await db.get('deals', id))!;
      const q = await db.get('qualifications', id);
      for (const [field, value] of Object.entries(values)) {
        const ours = field.startsWith('bant.') ? readBantField(q!.bant, field) : readEntityField('deal', local, field);
        expect(ours, `${id} ${field}`).toEqual(value);
      }
    }
    // … and the CRM has exactly what our records say, field by field
    for (const id of dealIds) {
      const local = (await db.get('deals', id))!;
      const ref = local.crmRefs.find((r) => r.system === adapter.system)!;
      const remote = adapter.remoteDeal(ref.id);
      expect(remote.name).toBe(local.name);
      expect(Number(remote.amount ?? NaN)).toBe(readEntityField('deal', local, 'amount') ?? NaN);
      const q = await db.get('qualifications', id);
      if (!q) continue;
      for (const field of Object.keys(BANT_FIELDS)) {
        const ours = readBantField(q.bant, field);
        const theirs = remote.bant(field) ?? null;
        if (ours === null || (field.endsWith('.status') && ours === 'unknown') || (field === 'bant.authority.engaged' && ours === false)) {
          expect([null, '', 'unknown', 'false', false]).toContain(theirs);
        } else expect(String(theirs), `${id} ${field}`).toBe(String(ours));
      }
    }
    // the links made with new records are there too
    for (const l of links) expect(adapter.linked(l.deal, l.account!, l.contacts[0]!), `links of ${l.deal}`).toBe(true);
    // and our store did not grow copies of them when the pulls brought them back
    expect(await db.count('deals')).toBe(dealIds.length);
  }, 120_000);
});
