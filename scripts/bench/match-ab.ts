// The duplicate matcher in two versions side by side, in one process (issue #15 point 4): this
// checkout's (B) and another's (A), each bundled with esbuild, both fed the same generated CRM
// contacts; their builds alternated (A, B, A, B …) and their lookups interleaved (A then B, then B
// then A), in CPU time, with the load average beside each round; and whether both give the same
// results (ids, scores, bands, reasons) on every lookup, and this version's restored index the
// same as A's on 500. Figures only: nothing here passes or fails a test.
//
//   git worktree add --detach /tmp/match-a <commit>     (or: git archive <commit> utils bench | tar -x -C /tmp/match-a)
//   nice -n 10 npx tsx scripts/bench/match-ab.ts /tmp/match-a [records=100000] [lookups=3000] [rounds=2]
//
// The other checkout needs only utils/ and bench/: packages are resolved from this one's
// node_modules. For a profile, `DEALSIDE_AB_KEEP=1` keeps the bundles (their paths are printed)
// to run under `node --cpu-prof`.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import type * as MatchIndex from '../../utils/match/match-index';
import type * as Generator from '../../bench/match/crm-generator';
import type { MatchRecord } from '../../utils/match/record';

type Matcher = typeof MatchIndex & Pick<typeof Generator, 'forEachCrmContact'>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function bundle(root: string, dir: string, name: string): Promise<Matcher> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(
    entry,
    `export * from ${JSON.stringify(join(root, 'utils/match/match-index'))};\n` +
      `export { forEachCrmContact } from ${JSON.stringify(join(root, 'bench/match/crm-generator'))};\n`,
  );
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    nodePaths: [join(ROOT, 'node_modules')],
    logLevel: 'error',
  });
  if (process.env.DEALSIDE_AB_KEEP) console.log(`${name}: ${outfile}`);
  return (await import(pathToFileURL(outfile).href)) as Matcher;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const load = () => `load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
const figures = (xs: number[]) => `total ${sum(xs).toFixed(0)} ms, p50 ${percentile(xs, 0.5).toFixed(3)}, p95 ${percentile(xs, 0.95).toFixed(3)} ms`;

async function main() {
  const [other, recordsArg, lookupsArg, roundsArg] = process.argv.slice(2);
  if (!other) throw new Error('usage: npx tsx scripts/bench/match-ab.ts <other checkout> [records] [lookups] [rounds]');
  const size = Number(recordsArg ?? 100_000);
  const lookups = Number(lookupsArg ?? 3000);
  const rounds = Number(roundsArg ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'dealside-match-ab-'));
  try {
    const A = await bundle(resolve(other), dir, 'a');
    const B = await bundle(ROOT, dir, 'b');
    // every 31st record looked up again under a new id (a person already in the CRM), half the
    // lookups; the other half new people from after the indexed range
    const records: MatchRecord[] = [];
    const queries: MatchRecord[] = [];
    let n = 0;
    A.forEachCrmContact({ seed: 99, people: Math.ceil(size / 1.62) + 6000 }, (r) => {
      if (n < size) {
        records.push(r);
        if (n % 31 === 0 && queries.length < lookups / 2) queries.push({ ...r, id: `q-${r.id}` });
        n++;
      } else if (queries.length < lookups) queries.push({ ...r, id: `q-${r.id}` });
    });
    const buildWith = (m: Matcher) => {
      const t = cpuMs();
      const index = m.createMatchIndex();
      for (const r of records) index.add(r);
      return { index, ms: cpuMs() - t };
    };
    let a: MatchIndex.MatchIndex | undefined;
    let b: MatchIndex.MatchIndex | undefined;
    for (let round = 0; round < rounds; round++) {
      a = b = undefined;
      // (the order alternates too: the second build finds the records' strings hashed)
      let x, y;
      if (round % 2) {
        x = buildWith(A);
        y = buildWith(B);
      } else {
        y = buildWith(B);
        x = buildWith(A);
      }
      a = x.index;
      b = y.index;
      console.log(`build ${round + 1} (${records.length} records): A ${x.ms.toFixed(0)} ms CPU, B ${y.ms.toFixed(0)} ms CPU (${load()})`);
    }
    let differ = 0;
    for (let round = 0; round < rounds; round++) {
      const ta: number[] = [];
      const tb: number[] = [];
      queries.forEach((q, i) => {
        const run = (m: Matcher, index: MatchIndex.MatchIndex, times: number[]) => {
          const t = cpuMs();
          const found = m.findDuplicates(index, q);
          times.push(cpuMs() - t);
          return found;
        };
        // (which goes first alternates: the second finds the caches the first warmed)
        let ra, rb;
        if (i % 2) {
          ra = run(A, a!, ta);
          rb = run(B, b!, tb);
        } else {
          rb = run(B, b!, tb);
          ra = run(A, a!, ta);
        }
        if (round === 0 && JSON.stringify(ra) !== JSON.stringify(rb)) differ++;
      });
      console.log(`lookups ${round + 1} (${queries.length}, CPU): A ${figures(ta)} | B ${figures(tb)} (${load()})`);
    }
    console.log(`same results: ${differ === 0 ? 'yes' : `no, ${differ} lookups differ`}`);
    const restored = B.restoreMatchIndex(v8.deserialize(v8.serialize(b!.serialize())));
    let restoredDiffer = 0;
    for (const q of queries.slice(0, 500)) if (JSON.stringify(A.findDuplicates(a!, q)) !== JSON.stringify(B.findDuplicates(restored!, q))) restoredDiffer++;
    console.log(`B restored from its saved form, same results as A on 500 lookups: ${restoredDiffer === 0 ? 'yes' : `no, ${restoredDiffer} differ`}`);
  } finally {
    if (!process.env.DEALSIDE_AB_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
