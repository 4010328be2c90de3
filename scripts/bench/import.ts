// CSV import benchmark (issue #6, point 8): 100,000 generated contact rows (Spanish and English
// names, 1 in 500 with a broken e-mail) through the same code path as the options page — decode,
// map, parse in batches of 1,000, each batch validated, matched against the workspace and written
// in one transaction by the background's handlers — over fake-indexeddb in Node (the browser's
// IndexedDB is faster). Reports total time, rows per second and the peak heap.
import 'fake-indexeddb/auto';
import { openStore } from '../../utils/store/db';
import { createMatchService } from '../../utils/background/matchService';
import { createImportHandlers } from '../../utils/background/importHandlers';
import { autoMap } from '../../utils/import/columns';
import { prepareFile, runImport, type ImportSend } from '../../utils/import/page/driver';
import { generateContactsCsv } from '../../tests/support/contactsCsv';

const ROWS = 100_000;

export async function benchImport(record: (key: string, value: number, unit: string) => void): Promise<void> {
  const bytes = new TextEncoder().encode(generateContactsCsv(ROWS, { badEvery: 500 }));
  const db = await openStore(`bench-import-${Date.now()}`);
  const now = () => new Date();
  const handlers = createImportHandlers({ db: async () => db, now, broadcast: () => {}, matches: createMatchService(now) });
  const send: ImportSend = (request) =>
    (handlers[request.type] as (r: typeof request, c: { sender: object }) => Promise<never>)(request, { sender: {} });

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 50);
  const t0 = performance.now();
  const file = await prepareFile(bytes, 'bench.csv');
  const prepareMs = performance.now() - t0;
  let maxBatchGapMs = 0;
  let last = performance.now();
  const result = await runImport(file, 'contacts', autoMap(file.headers, 'contacts'), send, {
    batchSize: 1000,
    onProgress: () => {
      const t = performance.now();
      maxBatchGapMs = Math.max(maxBatchGapMs, t - last);
      last = t;
      sample();
    },
  });
  const elapsed = performance.now() - t0;
  clearInterval(timer);
  sample();
  const stored = await db.count('people');
  db.close();
  if (result.state !== 'done' || result.read !== ROWS || stored !== result.imported) {
    throw new Error(`bench: import ${result.state}, read ${result.read} of ${ROWS}, stored ${stored} of ${result.imported}`);
  }
  record('import.csv.rows', ROWS, 'rows');
  record('import.csv.fileMB', bytes.length / 1024 / 1024, 'MB');
  record('import.csv.prepareMs', prepareMs, 'ms');
  record('import.csv.totalS', elapsed / 1000, 's');
  record('import.csv.rowsPerS', ROWS / (elapsed / 1000), 'rows/s');
  record('import.csv.maxBatchMs', maxBatchGapMs, 'ms');
  record('import.csv.imported', result.imported, 'records');
  record('import.csv.merged', result.merged, 'rows');
  record('import.csv.rejected', result.rejected.length, 'rows');
  record('import.csv.peakHeapMB', peak / 1024 / 1024, 'MB');
  record('import.csv.heapGrowthMB', (peak - base) / 1024 / 1024, 'MB');
}

// `npx tsx scripts/bench/import.ts`: this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  await benchImport((key, value, unit) => console.log(`${key.padEnd(28)} ${Math.round(value * 1000) / 1000} ${unit}`));
}
