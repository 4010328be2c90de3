// Sync benchmark (issue #6): the first sync of 50,000 HubSpot contacts from the local HubSpot fake
// under its real limit (Professional tier: 190 requests per rolling ten seconds, real time), as a
// ratio to the least time that limit allows for the requests made; then an incremental sync with
// nothing changed (how many requests it costs). Real HTTP, real engine, fake-indexeddb.
import 'fake-indexeddb/auto';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { openStore } from '../../utils/store/db';
import { SyncService } from '../../utils/sync/service';

const CONTACTS = 50_000;
const TEN_SECOND_LIMIT = 190;
const WINDOW_MS = 10_000;

export async function benchSync(record: (key: string, value: number, unit: string) => void): Promise<void> {
  const fake = new HubspotFake({ tenSecondLimit: TEN_SECOND_LIMIT });
  fake.keepLog = false;
  await fake.start();
  try {
    const long = Date.now() - 30 * 24 * 3600_000;
    for (let i = 0; i < CONTACTS; i++) {
      fake.seed('contacts', { firstname: `First${i}`, lastname: `Last${i}`, email: `person${i}@company${i % 5000}.example`, jobtitle: i % 7 === 0 ? 'CFO' : 'Analyst' }, long + i);
    }
    const db = await openStore(`bench-sync-${Date.now()}`);
    const service = new SyncService(
      {
        db,
        fetch,
        now: Date.now,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        random: Math.random,
        timeoutMs: 30_000,
      },
      true,
    );
    await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, tier: 'professional', startSync: false });
    // Start the measured sync with an empty ten-second window, so the minimum below is exact.
    await new Promise((r) => setTimeout(r, WINDOW_MS + 200));
    fake.resetCounters();
    const t0 = performance.now();
    const initial = await service.engine.run({ pull: 'now' });
    const elapsed = performance.now() - t0;
    const requests = fake.counters.requests;
    // The least time R requests take under L per rolling window W: the first L at once, the next
    // L one window later, and so on.
    const minimum = Math.floor((requests - 1) / TEN_SECOND_LIMIT) * WINDOW_MS;
    const stored = await db.count('people');
    if (stored !== CONTACTS || initial.pulled !== CONTACTS) throw new Error(`bench: stored ${stored} of ${CONTACTS} contacts`);
    record('sync.hubspot.initial.contacts', stored, 'contacts');
    record('sync.hubspot.initial.requests', requests, 'requests');
    record('sync.hubspot.initial.rateLimited', fake.counters.rateLimited, '429s');
    record('sync.hubspot.initial.elapsedS', elapsed / 1000, 's');
    record('sync.hubspot.initial.minimumS', minimum / 1000, 's');
    record('sync.hubspot.initial.ratioToMinimum', elapsed / Math.max(1, minimum), 'x');

    fake.resetCounters();
    const t1 = performance.now();
    await service.engine.run({ pull: 'now' });
    record('sync.hubspot.incrementalNoChange.requests', fake.counters.requests, 'requests');
    record('sync.hubspot.incrementalNoChange.ms', performance.now() - t1, 'ms');
    db.close();
  } finally {
    await fake.stop();
  }
}

// `npx tsx scripts/bench/sync.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSync((k, v, u) => console.log(`${k.padEnd(45)} ${Math.round(v * 100) / 100} ${u}`));
}
