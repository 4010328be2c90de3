// CSV import benchmark in a real browser (issue #6, point 8): the built extension in Debian's
// Chromium (headless, tests/e2e/harness.ts), the demo workspace seeded, a 100,000-row HubSpot-style
// contacts export (Record ID, Spanish / Latin American / English names, 1 row in 500 with a broken
// e-mail, 1 in 50 an earlier record listed again) uploaded to Options → Import and imported.
// Records: the time to read the file and to import it, rows per second, how responsive the options
// page stays meanwhile (the longest gap of a 10 ms setInterval heartbeat and of requestAnimationFrame,
// and Long Tasks, measured in the page), and the JS heap of the page and of the service worker
// (CDP Runtime.getHeapUsage, sampled every 250 ms).
//
// `flock /tmp/dealside-build.lock npx tsx scripts/bench/import-browser.ts` runs it alone (building
// the extension unless DEALSIDE_SKIP_BUILD=1) and merges its figures into bench-results.json;
// `npm run bench` runs it after the other benchmarks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, ElementHandle, Page } from 'puppeteer-core';
import { EXTENSION_DIR, buildExtension, findChromium, launchWithExtension, openExtensionPage, type Launched } from '../../tests/e2e/harness';
import { generateContactsCsv } from '../../tests/support/contactsCsv';

const ROWS = 100_000;
const PREFIX = 'import.browser';

type Gap = { atMs: number; gapMs: number; progress: string };
type Heartbeat = { intervalMaxMs: number; rafMaxMs: number; gapsOver200: number; longTaskMaxMs: number; longTaskTotalMs: number; longTasks: number; worst: Gap[] };

/** Starts (or restarts) the heartbeat in the page: a 10 ms interval, rAF, and a Long Tasks observer. */
async function startHeartbeat(page: Page): Promise<void> {
  // tsx (esbuild keepNames) wraps named functions in __name(): give the page one
  await page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
  await page.evaluate(() => {
    type Hb = Heartbeat & { stop: () => void };
    const w = window as unknown as { __hb?: Hb };
    w.__hb?.stop();
    const hb = { intervalMaxMs: 0, rafMaxMs: 0, gapsOver200: 0, longTaskMaxMs: 0, longTaskTotalMs: 0, longTasks: 0, worst: [] } as unknown as Hb;
    const start = performance.now();
    let last = start;
    const timer = setInterval(() => {
      const now = performance.now();
      const gap = now - last;
      if (gap > hb.intervalMaxMs) hb.intervalMaxMs = gap;
      if (gap > 200) hb.gapsOver200++;
      if (gap > 100) {
        // when it happened: the progress shown then
        hb.worst.push({ atMs: Math.round(last - start), gapMs: Math.round(gap), progress: document.querySelector('[data-dealside="import-read"]')?.textContent ?? '' });
        hb.worst.sort((a, b) => b.gapMs - a.gapMs);
        hb.worst.length = Math.min(hb.worst.length, 8);
      }
      last = now;
    }, 10);
    let lastFrame = performance.now();
    let raf = 0;
    const frame = (t: number) => {
      if (t - lastFrame > hb.rafMaxMs) hb.rafMaxMs = t - lastFrame;
      lastFrame = t;
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        hb.longTasks++;
        hb.longTaskTotalMs += e.duration;
        if (e.duration > hb.longTaskMaxMs) hb.longTaskMaxMs = e.duration;
      }
    });
    observer.observe({ type: 'longtask', buffered: false });
    hb.stop = () => {
      clearInterval(timer);
      cancelAnimationFrame(raf);
      observer.disconnect();
    };
    w.__hb = hb;
  });
}

async function readHeartbeat(page: Page): Promise<Heartbeat> {
  return page.evaluate(() => {
    const hb = (window as unknown as { __hb: Heartbeat & { stop: () => void } }).__hb;
    hb.stop();
    const { intervalMaxMs, rafMaxMs, gapsOver200, longTaskMaxMs, longTaskTotalMs, longTasks, worst } = hb;
    return { intervalMaxMs, rafMaxMs, gapsOver200, longTaskMaxMs, longTaskTotalMs, longTasks, worst };
  });
}

/** Peak JS heap of a target while running, sampled over CDP. */
function heapSampler(client: CDPSession) {
  let peak = 0;
  let base = 0;
  let stopped = false;
  const sample = async () => {
    const { usedSize } = (await client.send('Runtime.getHeapUsage')) as { usedSize: number };
    peak = Math.max(peak, usedSize);
    return usedSize;
  };
  const loop = (async () => {
    base = await sample();
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 250));
      await sample().catch(() => {});
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { baseMB: base / 1024 / 1024, peakMB: peak / 1024 / 1024 };
    },
  };
}

type CpuProfile = {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  startTime: number;
  endTime: number;
  samples?: number[];
};

function printProfile(p: CpuProfile): void {
  const total = (p.samples?.length ?? 0) || 1;
  const self = new Map<string, number>();
  for (const n of p.nodes) {
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (n.hitCount ?? 0));
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 20);
  console.log(`[bench] service worker self time (${Math.round((p.endTime - p.startTime) / 1000)} ms profiled):`);
  for (const [name, hits] of top) console.log(`  ${((hits / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
}

async function countOf(page: Page, what: string): Promise<number> {
  const text = await page.$eval(`[data-dealside="${what}"]`, (el) => el.textContent ?? '').catch(() => '');
  return text ? Number(text.replace(/\D/g, '')) : 0;
}

/**
 * Waits for a selector by polling: one long waitForSelector is one DevTools call, which puppeteer
 * abandons after its protocol timeout (180 s) — less than an import of 100,000 rows takes on a
 * busy machine.
 */
async function waitLong(page: Page, selector: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.$(selector))) {
    if (Date.now() > deadline) throw new Error(`${selector} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Imports `rows` generated HubSpot-style contacts through Options → Import in a launched browser
 * (the product's own import path), once the demo workspace is seeded; resolves when it is done.
 */
export async function importContactsInBrowser(launched: Launched, rows: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-bench-import-'));
  const file = path.join(dir, `hubspot-contacts-${rows}.csv`);
  fs.writeFileSync(file, generateContactsCsv(rows, { hubspot: true, badEvery: 500, duplicateEvery: 50, seed: 11 }), 'utf8');
  const { page } = await openExtensionPage(launched, 'options.html');
  try {
    const t = Date.now();
    while ((await countOf(page, 'count-people')) === 0) {
      if (Date.now() - t > 60_000) throw new Error('the demo workspace was not seeded');
      await new Promise((r) => setTimeout(r, 250));
    }
    const input = (await page.waitForSelector('[data-dealside="import-file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await waitLong(page, '[data-dealside="import-columns"]', 10 * 60_000);
    await page.click('[data-dealside="import-start"]');
    await waitLong(page, '[data-dealside="import-done"]', 60 * 60_000);
  } finally {
    await page.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchImportBrowser(record: (key: string, value: number, unit: string) => void, { build = true } = {}): Promise<void> {
  if (build) buildExtension();
  else if (!fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`no build in ${EXTENSION_DIR}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-bench-import-'));
  const file = path.join(dir, 'hubspot-contacts-100k.csv');
  const text = generateContactsCsv(ROWS, { hubspot: true, badEvery: 500, duplicateEvery: 50, seed: 11 });
  fs.writeFileSync(file, text, 'utf8');
  const launched = await launchWithExtension(EXTENSION_DIR, { executablePath: findChromium() });
  try {
    const { page } = await openExtensionPage(launched, 'options.html');
    // the demo workspace (seeded after install) is what the rows are matched against
    const t = Date.now();
    while ((await countOf(page, 'count-people')) === 0) {
      if (Date.now() - t > 60_000) throw new Error('the demo workspace was not seeded');
      await new Promise((r) => setTimeout(r, 250));
    }
    const pageClient = await page.createCDPSession();
    const workerClient = launched.worker.client;

    // 1. choosing the file: decode, hash, count and preview
    await startHeartbeat(page);
    const input = (await page.waitForSelector('[data-dealside="import-file"]')) as ElementHandle<HTMLInputElement>;
    const t0 = performance.now();
    await input.uploadFile(file);
    await waitLong(page, '[data-dealside="import-columns"]', 10 * 60_000);
    const prepareMs = performance.now() - t0;
    const prepared = await readHeartbeat(page);

    // 2. the import itself
    await startHeartbeat(page);
    const pageHeap = heapSampler(pageClient);
    const workerHeap = heapSampler(workerClient);
    // DEALSIDE_BENCH_PROFILE=1: where the service worker spends its time (top self time, printed)
    const profile = process.env.DEALSIDE_BENCH_PROFILE === '1';
    if (profile) {
      await workerClient.send('Profiler.enable');
      await workerClient.send('Profiler.setSamplingInterval', { interval: 1000 });
      await workerClient.send('Profiler.start');
    }
    const t1 = performance.now();
    await page.click('[data-dealside="import-start"]');
    await waitLong(page, '[data-dealside="import-done"]', 60 * 60_000);
    const importMs = performance.now() - t1;
    const hb = await readHeartbeat(page);
    if (profile) printProfile(((await workerClient.send('Profiler.stop')) as { profile: CpuProfile }).profile);
    if (hb.worst.length) console.log('[bench] longest heartbeat gaps during the import:', JSON.stringify(hb.worst));
    if (prepared.worst.length) console.log('[bench] longest heartbeat gaps while reading the file:', JSON.stringify(prepared.worst));
    const pageMem = await pageHeap.stop();
    const workerMem = await workerHeap.stop();

    const read = await countOf(page, 'import-read');
    if (!read) throw new Error('the import read nothing');
    record(`${PREFIX}.rows`, ROWS, 'rows');
    record(`${PREFIX}.fileMB`, Buffer.byteLength(text) / 1024 / 1024, 'MB');
    record(`${PREFIX}.prepareMs`, prepareMs, 'ms');
    record(`${PREFIX}.prepareMaxGapMs`, prepared.intervalMaxMs, 'ms');
    record(`${PREFIX}.prepareLongTaskMaxMs`, prepared.longTaskMaxMs, 'ms');
    record(`${PREFIX}.totalS`, importMs / 1000, 's');
    record(`${PREFIX}.rowsPerS`, ROWS / (importMs / 1000), 'rows/s');
    record(`${PREFIX}.imported`, await countOf(page, 'import-imported'), 'records');
    record(`${PREFIX}.merged`, await countOf(page, 'import-merged'), 'rows');
    record(`${PREFIX}.unchanged`, await countOf(page, 'import-unchanged'), 'rows');
    record(`${PREFIX}.rejected`, await countOf(page, 'import-rejected-count'), 'rows');
    record(`${PREFIX}.heartbeatMaxGapMs`, hb.intervalMaxMs, 'ms');
    record(`${PREFIX}.rafMaxGapMs`, hb.rafMaxMs, 'ms');
    record(`${PREFIX}.heartbeatGapsOver200ms`, hb.gapsOver200, 'gaps');
    record(`${PREFIX}.longTasks`, hb.longTasks, 'tasks');
    record(`${PREFIX}.longTaskMaxMs`, hb.longTaskMaxMs, 'ms');
    record(`${PREFIX}.longTaskTotalMs`, hb.longTaskTotalMs, 'ms');
    record(`${PREFIX}.pageHeapBaseMB`, pageMem.baseMB, 'MB');
    record(`${PREFIX}.pageHeapPeakMB`, pageMem.peakMB, 'MB');
    record(`${PREFIX}.workerHeapBaseMB`, workerMem.baseMB, 'MB');
    record(`${PREFIX}.workerHeapPeakMB`, workerMem.peakMB, 'MB');
  } finally {
    await launched.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: print the figures and merge them into bench-results.json.
if (import.meta.url === `file://${process.argv[1]}`) {
  const out: Record<string, number> = {};
  await benchImportBrowser((key, value, unit) => {
    out[key] = Math.round(value * 1000) / 1000;
    console.log(`${key.padEnd(40)} ${out[key]} ${unit}`);
  });
  const file = 'bench-results.json';
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : {};
  fs.writeFileSync(file, `${JSON.stringify({ ...all, ...out }, null, 2)}\n`);
  console.log(`\nmerged into ${file}`);
}
