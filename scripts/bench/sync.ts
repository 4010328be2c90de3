// Sync benchmark (issues #6, #17): the first sync of 50,000 contacts from each CRM's local fake
// under that CRM's published limits (real time), as a ratio to the least time the limits allow for
// the requests made; then an incremental sync with nothing changed (how many requests it costs).
// Real HTTP, the real engine and connectors, fake-indexeddb.
//
// Where a CRM's short-term limit is far above what one client can use (Salesforce has none, a
// Dynamics page is 5,000 records, Zoho counts credits per day), the limit allows the sync in well
// under a second and the time is our own: reading each page and writing it to the store. The
// bench says so (`bound: none`) and gives the time per thousand contacts instead of a ratio.
//
// fake-indexeddb signals every absent indexed field with a DOMException whose stack capture was a
// fifth of the run's CPU; a browser's IndexedDB has no such cost, so stack traces are off while a
// sync is measured.
import 'fake-indexeddb/auto';
import type { FakeServer } from '../../tests/fakes/base';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { DynamicsFake } from '../../tests/fakes/dynamics';
import { ZohoFake } from '../../tests/fakes/zoho';
import { openStore } from '../../utils/store/db';
import { SyncService } from '../../utils/sync/service';
import type { CrmSystem } from '../../utils/domain/entities';

const CONTACTS = Number(process.env.DEALSIDE_BENCH_SYNC_CONTACTS ?? 50_000);
const LONG_AGO = Date.now() - 30 * 24 * 3600_000;

type Record = (key: string, value: number, unit: string) => void;

interface Crm {
  system: CrmSystem;
  token: string;
  /** the fake with the limit it enforces: requests per rolling window, or none that binds */
  start: () => Promise<{ fake: FakeServer; requests: () => number; rateLimited: () => number; reset: () => void }>;
  seed: (fake: FakeServer, i: number) => void;
  window?: { limit: number; ms: number };
}

const person = (i: number) => ({ first: `First${i}`, last: `Last${i}`, email: `person${i}@company${i % 5000}.example`, title: i % 7 === 0 ? 'CFO' : 'Analyst' });

/** counters every fake keeps (requests answered, 429s) */
function counted(fake: FakeServer & { counters: { requests: number; rateLimited: number }; resetCounters(): void }) {
  return { fake, requests: () => fake.counters.requests, rateLimited: () => fake.counters.rateLimited, reset: () => fake.resetCounters() };
}

const CRMS: Crm[] = [
  {
    // Professional tier: 190 requests per rolling ten seconds
    system: 'hubspot',
    token: 'pat-na1-test',
    window: { limit: 190, ms: 10_000 },
    start: async () => {
      const fake = new HubspotFake({ tenSecondLimit: 190 });
      fake.keepLog = false;
      await fake.start();
      return counted(fake);
    },
    seed: (f, i) => {
      const p = person(i);
      (f as HubspotFake).seed('contacts', { firstname: p.first, lastname: p.last, email: p.email, jobtitle: p.title }, LONG_AGO + i);
    },
  },
  {
    // Professional: a rolling two-second burst window of 80 requests per token
    system: 'pipedrive',
    token: 'pd-api-token-0123456789abcdef',
    window: { limit: 80, ms: 2_000 },
    start: async () => {
      const fake = new PipedriveFake({ burstLimit: 80 });
      await fake.start();
      return counted(fake);
    },
    seed: (f, i) => {
      const p = person(i);
      (f as PipedriveFake).seed('persons', { first_name: p.first, last_name: p.last, emails: [{ value: p.email, primary: true, label: 'work' }], job_title: p.title }, LONG_AGO + i);
    },
  },
  {
    // no short-term limit: a daily budget (here far above what the sync uses)
    system: 'salesforce',
    token: '00D-session-token',
    start: async () => {
      const fake = new SalesforceFake({ apiLimit: 1_000_000 });
      await fake.start();
      return counted(fake);
    },
    seed: (f, i) => {
      const p = person(i);
      (f as SalesforceFake).insert('Contact', { FirstName: p.first, LastName: p.last, Email: p.email, Title: p.title }, LONG_AGO + i);
    },
  },
  {
    // 6,000 requests per five minutes and 52 at once: pages of 5,000 never come near
    system: 'dynamics',
    token: 'dv-access-token',
    start: async () => {
      const fake = new DynamicsFake({});
      await fake.start();
      return counted(fake);
    },
    seed: (f, i) => {
      const p = person(i);
      (f as DynamicsFake).insert('contact', { firstname: p.first, lastname: p.last, emailaddress1: p.email, jobtitle: p.title });
    },
  },
  {
    // credits per day and ten calls at once
    system: 'zoho',
    token: 'zoho-access-token',
    start: async () => {
      const fake = new ZohoFake({});
      await fake.start();
      return counted(fake);
    },
    seed: (f, i) => {
      const p = person(i);
      (f as ZohoFake).insert('Contacts', { First_Name: p.first, Last_Name: p.last, Email: p.email, Title: p.title });
    },
  },
];

async function benchOne(crm: Crm, record: Record): Promise<void> {
  const { fake, requests, rateLimited, reset } = await crm.start();
  try {
    for (let i = 0; i < CONTACTS; i++) crm.seed(fake, i);
    const db = await openStore(`bench-sync-${crm.system}-${Date.now()}`);
    const service = new SyncService(
      { db, fetch, now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random, timeoutMs: 30_000 },
      true,
    );
    await service.connectToken({ system: crm.system, token: crm.token, baseUrl: fake.url, tier: 'professional', startSync: false });
    // Start the measured sync with an empty window, so the minimum below is exact.
    if (crm.window) await new Promise((r) => setTimeout(r, crm.window!.ms + 200));
    reset();
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const t0 = performance.now();
    let initial;
    try {
      initial = await service.engine.run({ pull: 'now' });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    const elapsed = performance.now() - t0;
    const made = requests();
    const stored = await db.count('people');
    if (stored !== CONTACTS || initial.pulled < CONTACTS) throw new Error(`bench: ${crm.system} stored ${stored} of ${CONTACTS} contacts`);
    const key = `sync.${crm.system}.initial`;
    record(`${key}.contacts`, stored, 'contacts');
    record(`${key}.requests`, made, 'requests');
    record(`${key}.rateLimited`, rateLimited(), '429s');
    record(`${key}.elapsedS`, elapsed / 1000, 's');
    record(`${key}.msPer1000`, (elapsed / stored) * 1000, 'ms');
    if (crm.window) {
      // The least time R requests take under L per rolling window W: the first L at once, the
      // next L one window later, and so on.
      const minimum = Math.floor((made - 1) / crm.window.limit) * crm.window.ms;
      record(`${key}.minimumS`, minimum / 1000, 's');
      if (minimum > 0) record(`${key}.ratioToMinimum`, elapsed / minimum, 'x');
    }

    reset();
    const t1 = performance.now();
    Error.stackTraceLimit = 0;
    try {
      await service.engine.run({ pull: 'now' });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    record(`sync.${crm.system}.incrementalNoChange.requests`, requests(), 'requests');
    record(`sync.${crm.system}.incrementalNoChange.ms`, performance.now() - t1, 'ms');
    db.close();
  } finally {
    await fake.stop();
  }
}

export async function benchSync(record: Record, systems: readonly CrmSystem[] = CRMS.map((c) => c.system)): Promise<void> {
  for (const crm of CRMS) if (systems.includes(crm.system)) await benchOne(crm, record);
}

// `npx tsx scripts/bench/sync.ts [hubspot pipedrive …]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.slice(2) as CrmSystem[];
  await benchSync((k, v, u) => console.log(`${k.padEnd(45)} ${Math.round(v * 100) / 100} ${u}`), only.length ? only : undefined);
}
