// The dedupe CLI's memory on a generated CRM export: the real entry, bundled and run by plain
// `node` as `npm run dedupe` runs it (scripts/dedupe/build.mjs), in a child process, whose peak
// resident set size (getrusage's maxRSS, what `/usr/bin/time -v` calls "Maximum resident set
// size") it reports at exit. 100,000 rows by default;
// DEALSIDE_BENCH_DEDUPE_ROWS=1000000 for the million-row figure (most of it comparing; see
// ARCHITECTURE.md, Duplicates, for the last figures). DEALSIDE_BENCH_ONLY=dedupe runs this part
// alone. DEALSIDE_BENCH_DEDUPE_OUT=<file> keeps the CLI's output there (to `cmp` it with another
// version's); DEALSIDE_DEDUPE_MEMLOG=1 has the CLI log its memory per phase (scripts/dedupe/memlog.ts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDedupe } from '../dedupe/build.mjs';
import { writeDedupeInput } from './dedupe-input';

type Record = (key: string, value: number, unit: string) => void;

export async function benchDedupe(record: Record, rows = Number(process.env.DEALSIDE_BENCH_DEDUPE_ROWS ?? 100_000)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dealside-bench-dedupe-'));
  try {
    const input = join(dir, 'contacts.csv');
    const n = writeDedupeInput(input, rows);
    const rssFile = join(dir, 'rss');
    const bundle = await buildDedupe(join(dir, 'dedupe.mjs'));
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ['--import', './scripts/bench/report-rss.mjs', bundle, input, '--kind', 'contacts', '--out', join(dir, 'out.csv'), '--quiet'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEALSIDE_RSS_FILE: rssFile },
    });
    if (child.status !== 0) throw new Error(`dedupe CLI exited with ${child.status}`);
    if (process.env.DEALSIDE_BENCH_DEDUPE_OUT) copyFileSync(join(dir, 'out.csv'), process.env.DEALSIDE_BENCH_DEDUPE_OUT);
    const label = n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`;
    record(`dedupe.cli.${label}.rows`, n, 'rows');
    record(`dedupe.cli.${label}.wallMs`, performance.now() - t0, 'ms');
    const [maxRss, cpu] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
    record(`dedupe.cli.${label}.peakRssMB`, maxRss! / 1024, 'MB');
    record(`dedupe.cli.${label}.cpuS`, cpu! / 1e6, 's');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
