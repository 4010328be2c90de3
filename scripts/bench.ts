// `npm run bench`: prints a table of figures and writes bench-results.json (one key per figure).
// Timings live here, never in pass/fail tests. DEALSIDE_BENCH_ONLY=dedupe (or a comma-separated
// list of: sizes, content-cpu, sidebar-time, demo, sites, domain, whitespace, learn, match, sync,
// sync-browser, import, import-browser, dedupe) runs only those parts and updates only their keys in bench-results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import 'fake-indexeddb/auto';
import { generateDemoWorkspace } from '../utils/demo/generate';
import { openStore } from '../utils/store/db';
import { putAll } from '../utils/store/records';
import { benchContentScriptSizes } from './bench/contentScripts';
import { benchPageScriptSizes } from './bench/pageScripts';
import { benchPairedLoads, benchSidebarTimes } from './bench/pageLoad';
import { benchDomain } from './bench/domain';
import { benchSites } from './bench/sites';
import { benchMatch } from './bench/match';
import { benchSync } from './bench/sync';
import { benchSyncBrowser } from './bench/sync-browser';
import { benchImport } from './bench/import';
import { benchImportBrowser } from './bench/import-browser';
import { benchDedupe } from './bench/dedupe';
import { benchWhitespace } from './bench/whitespace';
import { benchLearn } from './bench/learn';

const results: Record<string, number> = {};
const rows: Array<[string, string]> = [];
const only = process.env.DEALSIDE_BENCH_ONLY?.split(',').map((s) => s.trim());
const want = (part: string) => !only || only.includes(part);
const record = (key: string, value: number, unit: string) => {
  results[key] = Math.round(value * 1000) / 1000;
  rows.push([key, `${results[key]} ${unit}`]);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// 1. Content script sizes in the production build (scripts/bench/contentScripts.ts), and what each
// extension page loads up front (scripts/bench/pageScripts.ts)…
const out = '.output/chrome-mv3';
if (want('sizes') || want('content-cpu') || want('sidebar-time') || want('import-browser') || want('sync-browser')) {
  if (process.env.DEALSIDE_SKIP_BUILD !== '1' || !existsSync(out)) {
    const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
if (want('sizes')) {
  benchContentScriptSizes(record);
  benchPageScriptSizes(record);
}
// …and what the extension costs a page load in Chromium: paired loads with it, without it and
// with an empty control extension (pageLoad.cpu.*, contentScript.cpu.*; scripts/bench/pageLoad.ts)…
if (want('content-cpu')) await benchPairedLoads(record);
// …and DOMContentLoaded → the record's name in the sidebar, warm and cold worker, demo workspace
// and 100,000 imported contacts, with the heaps of page, sidebar and worker (pageLoad.toName.*).
if (want('sidebar-time')) await benchSidebarTimes(record);

// 2. Demo workspace: generation and seeding into IndexedDB (fake-indexeddb here; the browser's
//    own IndexedDB is faster).
if (want('demo')) {
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
}

// 3. Page recognition: parsePageUrl + extraction per page type (happy-dom).
if (want('sites')) await benchSites(record);

// 4. Qualification (issue #3): score + committee + actions for 100,000 entities.
if (want('domain')) await benchDomain(record);

// 4b. The whitespace matrix (issue #18): 50 units × 40 products against 10,000 customers.
if (want('whitespace')) await benchWhitespace(record);

// 4c. A score that learns (issue #19.3): one fit and the cross-validated report on 5,000 closed
//     deals, both models' held-out AUC on the demo's closed deals.
if (want('learn')) await benchLearn(record);

// 5. Duplicate matching (issue #5): quality on Febrl and the CRM-shaped set against two
//    baselines, index build and query latency at 10k / 100k / 1M records.
if (want('match')) await benchMatch(record);

// 6. Sync (issues #6, #17): initial sync of 50,000 contacts from each CRM's fake (HubSpot,
//    Pipedrive, Salesforce, Dynamics 365, Zoho CRM) under its published limits, and an incremental
//    sync with nothing changed.
if (want('sync')) await benchSync(record);
// …and HubSpot's and Pipedrive's in the built extension in Chromium (its IndexedDB), with no
//    extension page open and with Options open (sync.browser.*).
if (want('sync-browser')) await benchSyncBrowser(record, { build: false });

// 7. CSV import of 100,000 rows through the options page's code path (fake-indexeddb here).
if (want('import')) await benchImport(record);

// 8. The same import in the built extension in Chromium: time, the options page's responsiveness,
//    page and service-worker heap (import.browser.*).
if (want('import-browser')) await benchImportBrowser(record, { build: false });

// 9. The dedupe CLI (a child process) on a generated export: peak RSS, wall and CPU time; 100,000
//    rows, or DEALSIDE_BENCH_DEDUPE_ROWS (dedupe.cli.*).
if (want('dedupe')) await benchDedupe(record);

const width = Math.max(...rows.map(([k]) => k.length));
console.log('\nDealside benchmarks');
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
// a partial run keeps the other parts' figures from the last run
const previous = only && existsSync('bench-results.json') ? (JSON.parse(readFileSync('bench-results.json', 'utf8')) as Record<string, number>) : {};
writeFileSync('bench-results.json', `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
console.log('\nwritten to bench-results.json');
