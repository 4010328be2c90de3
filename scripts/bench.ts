// `npm run bench`: prints a table of figures and writes bench-results.json (one key per figure).
// Timings live here, never in pass/fail tests.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import 'fake-indexeddb/auto';
import { generateDemoWorkspace } from '../utils/demo/generate';
import { openStore } from '../utils/store/db';
import { putAll } from '../utils/store/records';
import { benchContentScriptCpu, benchContentScriptSizes } from './bench/contentScripts';
import { benchDomain } from './bench/domain';
import { benchSites } from './bench/sites';
import { benchMatch } from './bench/match';
import { benchSync } from './bench/sync';
import { benchImport } from './bench/import';
import { benchImportBrowser } from './bench/import-browser';
import { benchDedupe } from './bench/dedupe';
import { benchWhitespace } from './bench/whitespace';

const results: Record<string, number> = {};
const rows: Array<[string, string]> = [];
const record = (key: string, value: number, unit: string) => {
  results[key] = Math.round(value * 1000) / 1000;
  rows.push([key, `${results[key]} ${unit}`]);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// 1. Content script sizes in the production build (scripts/bench/contentScripts.ts)…
const out = '.output/chrome-mv3';
if (process.env.DEALSIDE_SKIP_BUILD !== '1' || !existsSync(out)) {
  const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
benchContentScriptSizes(record);
// …and the main-thread time each costs a page in Chromium (contentScript.cpu.*).
await benchContentScriptCpu(record);

// 2. Demo workspace: generation and seeding into IndexedDB (fake-indexeddb here; the browser's
//    own IndexedDB is faster).
const now = new Date('2026-11-22T10:00:00Z');
const genTimes: number[] = [];
let demo = generateDemoWorkspace({ now });
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  demo = generateDemoWorkspace({ now });
  genTimes.push(performance.now() - t0);
}
record('demo.generate.medianMs', median(genTimes), 'ms');
record('demo.records', demo.accounts.length + demo.people.length + demo.deals.length + demo.activities.length, 'records');
const db = await openStore('bench-seed');
const t0 = performance.now();
await putAll(db, 'users', demo.users);
await putAll(db, 'products', demo.products);
await putAll(db, 'accounts', demo.accounts);
await putAll(db, 'people', demo.people);
await putAll(db, 'deals', demo.deals);
await putAll(db, 'activities', demo.activities);
record('demo.seed.fakeIndexedDbMs', performance.now() - t0, 'ms');

// 3. Page recognition: parsePageUrl + extraction per page type (happy-dom).
await benchSites(record);

// 4. Qualification (issue #3): score + committee + actions for 100,000 entities.
await benchDomain(record);

// 4b. The whitespace matrix (issue #18): 50 units × 40 products against 10,000 customers.
await benchWhitespace(record);

// 5. Duplicate matching (issue #5): quality on Febrl and the CRM-shaped set against two
//    baselines, index build and query latency at 10k / 100k / 1M records.
await benchMatch(record);

// 6. Sync (issue #6): initial sync of 50,000 contacts from the HubSpot fake under its rate limit,
//    and an incremental sync with nothing changed.
await benchSync(record);

// 7. CSV import of 100,000 rows through the options page's code path (fake-indexeddb here).
await benchImport(record);

// 8. The same import in the built extension in Chromium: time, the options page's responsiveness,
//    page and service-worker heap (import.browser.*).
await benchImportBrowser(record, { build: false });

// 9. The dedupe CLI's peak memory (a child process) on a generated export: 100,000 rows, or
//    DEALSIDE_BENCH_DEDUPE_ROWS (dedupe.cli.*).
await benchDedupe(record);

const width = Math.max(...rows.map(([k]) => k.length));
console.log('\nDealside benchmarks');
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
writeFileSync('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten to bench-results.json');
