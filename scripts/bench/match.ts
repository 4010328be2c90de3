// Duplicate-matcher benchmark: quality on Febrl (datasets 1–4), on the generated CRM-shaped sets
// and on the trap sets (bench/match/traps.ts: per trap, recall or false merges), for Dealside
// and two baselines on the same data; speed of building and querying the index
// at 10k, 100k and 1M records; memory; persisting vs rebuilding the index.
//
// `benchMatch(record)` is called by scripts/bench.ts; `npx tsx scripts/bench/match.ts` runs it alone
// and prints the figures. Quality figures are pairwise precision / recall / F1 after clustering
// (every pair of records put in one cluster is a predicted match). Timings are wall-clock on this
// machine; they are never asserted in tests.
import Fuse from 'fuse.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { clusterAll } from '../../utils/match/cluster';
import { UnionFind } from '../../utils/match/merge';
import { emailKey, domainKey } from '../../utils/text/normalize';
import { createMatchIndex, findDuplicates, restoreMatchIndex, type MatchIndex } from '../../utils/match/match-index';
import { peopleByWords, queryWords } from '../../utils/background/views/search';
import { BENCHMARK_SEED, forEachCrmContact, generateCrmAccounts, generateCrmContacts, mulberry32 } from '../../bench/match/crm-generator';
import { parseFebrl, type LabelledSet } from '../../bench/match/febrl';
import { generateTrapAccounts, generateTrapContacts, NEGATIVE_TRAPS, trapFigures, type TrapSet } from '../../bench/match/traps';
import { scoreFeatures } from '../../utils/match/compare';
import { linkMetrics, metricsFromCounts, pairwiseMetrics, type PairMetrics } from '../../bench/match/metrics';
import type { MatchRecord } from '../../utils/match/record';

type Record = (key: string, value: number, unit: string) => void;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const febrl = (name: string, prefix = '') => parseFebrl(readFileSync(`${ROOT}data/febrl/${name}.csv`, 'utf8'), prefix);

// ---------------------------------------------------------------------------------------------
// Baselines

/**
 * Fuse.js score cut-offs (0 = exact … 1 = anything), each the best pairwise F1 on 200 sampled
 * queries of the TRAINING sets (Febrl 2, TRAINING_SEED contacts and accounts), as for our weights.
 */
const FUSE_CUTOFF = { febrl: 0.2, contacts: 0.2, accounts: 0.1 };

/** What CRMs do by default: contacts with the same e-mail (case-insensitive), companies with the same domain. */
export function exactRuleClusters(records: readonly MatchRecord[]): number[] {
  const uf = new UnionFind(records.length);
  const first = new Map<string, number>();
  records.forEach((r, i) => {
    const keys =
      r.kind === 'person'
        ? (r.emails ?? []).map((e) => emailKey(e)).filter((e): e is string => !!e)
        : r.companyDomain
          ? [domainKey(r.companyDomain)].filter((d): d is string => !!d)
          : [];
    for (const k of keys) {
      const j = first.get(k);
      if (j === undefined) first.set(k, i);
      else uf.union(i, j);
    }
  });
  return records.map((_, i) => uf.find(i));
}

function fuseText(r: MatchRecord): string {
  if (r.kind === 'account') return r.companyName ?? '';
  return (r.fullName ?? `${r.givenName ?? ''} ${r.familyName ?? ''}`).trim();
}

/**
 * Fuse.js fuzzy search, as an app would use it: index the names (people) or company names
 * (accounts), search each record's own name, and call every hit scoring at most `cutoff` a
 * duplicate. Fuse scans the whole list per search (tens of milliseconds at 20,000 records), so it
 * is run for a random sample of query records; precision and recall are over the pairs that involve
 * a sampled record.
 */
function fuseSample(set: LabelledSet | { records: MatchRecord[]; entity: Array<string | number> }, queries: number[], cutoff: number) {
  const docs = set.records.map((r, i) => ({ i, text: fuseText(r) }));
  const fuse = new Fuse(docs, { keys: ['text'], includeScore: true, threshold: cutoff, ignoreLocation: true });
  const predicted: Array<[number, number]> = [];
  for (const q of queries) {
    const text = docs[q]!.text;
    if (!text) continue;
    for (const hit of fuse.search(text)) if (hit.item.i !== q && (hit.score ?? 1) <= cutoff) predicted.push([q, hit.item.i]);
  }
  return predicted;
}

/** Pairwise metrics restricted to pairs that involve one of the query records. */
function sampledMetrics(entity: ArrayLike<string | number>, queries: number[], predicted: Array<[number, number]>): PairMetrics {
  const size = new Map<string | number, number>();
  for (let i = 0; i < entity.length; i++) size.set(entity[i]!, (size.get(entity[i]!) ?? 0) + 1);
  let truePairs = 0;
  for (const q of queries) truePairs += size.get(entity[q]!)! - 1;
  let tp = 0;
  for (const [q, x] of predicted) if (entity[q] === entity[x]) tp++;
  return metricsFromCounts(truePairs, predicted.length, tp);
}

/** Dealside's direct decisions for the same query records (no clustering), for the side-by-side. */
function dealsideSample(index: MatchIndex, queries: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const q of queries) {
    for (const m of findDuplicates(index, index.get(String(q))!, { minBand: 'duplicate', limit: 50, explain: false })) out.push([q, Number(m.id)]);
  }
  return out;
}

function sampleOf(n: number, k: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(k, n)) picked.add(Math.floor(rng() * n));
  return [...picked].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Quality

function recordMetrics(record: Record, prefix: string, m: PairMetrics) {
  record(`${prefix}.precision`, m.precision, 'ratio');
  record(`${prefix}.recall`, m.recall, 'ratio');
  record(`${prefix}.f1`, m.f1, 'ratio');
}

function dedupeQuality(record: Record, name: string, set: { records: MatchRecord[]; entity: Array<string | number> }, fuseQueries: number, fuseCutoff: number) {
  const t0 = performance.now();
  const result = clusterAll(set.records, { explain: false });
  const ms = performance.now() - t0;
  record(`match.${name}.records`, set.records.length, 'records');
  record(`match.${name}.dealside.clusterMs`, ms, 'ms');
  recordMetrics(record, `match.${name}.dealside`, pairwiseMetrics(result.clusterOf, set.entity));
  recordMetrics(record, `match.${name}.exactRule`, pairwiseMetrics(exactRuleClusters(set.records), set.entity));
  // Fuse.js on a sample of query records, and Dealside's direct decisions on the same sample
  const queries = sampleOf(set.records.length, fuseQueries, 42);
  const t1 = performance.now();
  const fusePairs = fuseSample(set, queries, fuseCutoff);
  record(`match.${name}.fuse.queryMs`, (performance.now() - t1) / queries.length, 'ms');
  record(`match.${name}.sampledQueries`, queries.length, 'records');
  recordMetrics(record, `match.${name}.fuse`, sampledMetrics(set.entity, queries, fusePairs));
  recordMetrics(record, `match.${name}.dealsideSampled`, sampledMetrics(set.entity, queries, dealsideSample(result.index, queries)));
}

/**
 * The trap set: pairwise quality after clustering, and per trap the recall (same person or
 * company, different look) or the false merges (different ones, same look) over its labelled pairs;
 * for groups and subsidiaries also how many pairs the matcher shows as related companies.
 */
function trapQuality(record: Record, name: string, set: TrapSet) {
  const t0 = performance.now();
  const result = clusterAll(set.records, { explain: false });
  record(`match.${name}.records`, set.records.length, 'records');
  record(`match.${name}.dealside.clusterMs`, performance.now() - t0, 'ms');
  recordMetrics(record, `match.${name}.dealside`, pairwiseMetrics(result.clusterOf, set.entity));
  recordMetrics(record, `match.${name}.exactRule`, pairwiseMetrics(exactRuleClusters(set.records), set.entity));
  for (const [trap, f] of [...trapFigures(set, result.clusterOf)].sort(([x], [y]) => (x < y ? -1 : 1))) {
    record(`match.${name}.trap.${trap}.pairs`, f.pairs, 'pairs');
    if (NEGATIVE_TRAPS.has(trap)) record(`match.${name}.trap.${trap}.falseMerges`, f.together, 'pairs');
    else record(`match.${name}.trap.${trap}.recall`, f.together / f.pairs, 'ratio');
  }
  const related = set.pairs.filter((p) => p.trap === 'groupSubsidiary');
  if (related.length) {
    const shown = related.filter((p) => scoreFeatures(result.index.get(String(p.a))!, result.index.get(String(p.b))!, { stats: result.index, explain: false }).band === 'related').length;
    record(`match.${name}.trap.groupSubsidiary.shownRelated`, shown / related.length, 'ratio');
  }
}

function linkageQuality(record: Record) {
  // Febrl 4: link every record of file B to its best match in file A
  const a = febrl('dataset4a', 'a:');
  const b = febrl('dataset4b', 'b:');
  const truth: Array<[string, string]> = [];
  const byEntity = new Map(a.records.map((r, i) => [a.entity[i]!, r.id]));
  b.records.forEach((r, i) => {
    const other = byEntity.get(b.entity[i]!);
    if (other) truth.push([r.id, other]);
  });
  const t0 = performance.now();
  const index = createMatchIndex({ maxCandidates: 2000 });
  for (const r of a.records) index.add(r);
  const links: Array<[string, string]> = [];
  for (const r of b.records) {
    const best = findDuplicates(index, r, { minBand: 'duplicate', limit: 1, explain: false })[0];
    if (best) links.push([r.id, best.id]);
  }
  record('match.febrl4.records', a.records.length + b.records.length, 'records');
  record('match.febrl4.dealside.linkMs', performance.now() - t0, 'ms');
  recordMetrics(record, 'match.febrl4.dealside', linkMetrics(links, truth));
  // baselines: no e-mails in Febrl, so the exact rule links nothing; Fuse.js best name hit
  recordMetrics(record, 'match.febrl4.exactRule', linkMetrics([], truth));
  const docs = a.records.map((r) => ({ id: r.id, text: fuseText(r) }));
  const fuse = new Fuse(docs, { keys: ['text'], includeScore: true, threshold: FUSE_CUTOFF.febrl, ignoreLocation: true });
  const queries = sampleOf(b.records.length, 300, 7);
  const fuseLinks: Array<[string, string]> = [];
  for (const q of queries) {
    const hit = fuse.search(fuseText(b.records[q]!))[0];
    if (hit && (hit.score ?? 1) <= FUSE_CUTOFF.febrl) fuseLinks.push([b.records[q]!.id, hit.item.id]);
  }
  const sampledTruth = truth.filter(([id]) => queries.some((q) => b.records[q]!.id === id));
  recordMetrics(record, 'match.febrl4.fuse', linkMetrics(fuseLinks, sampledTruth));
}

// ---------------------------------------------------------------------------------------------
// Speed

export function gcFunction(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function heapMB(gc: (() => void) | undefined): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function speedAt(record: Record, size: number, label: string, gc: (() => void) | undefined) {
  // Records come from the CRM-shaped generator: all of them first up to 100,000, in chunks of
  // 100,000 beyond (generating is paused while a chunk is added); garbage from generating them is
  // collected before each chunk is added, and only adding to the index is timed. Every
  // 97th record is kept aside as a query (looked up again under a new id, as when a page shows a
  // person already in the CRM), plus as many new people from after the indexed range.
  const queries: MatchRecord[] = [];
  const before = heapMB(gc);
  const index = createMatchIndex();
  let n = 0;
  let buildMs = 0;
  let buildCpuMs = 0;
  let chunk: MatchRecord[] = [];
  const flush = () => {
    gc?.();
    const t = performance.now();
    const cpu = process.cpuUsage();
    for (const r of chunk) index.add(r);
    const used = process.cpuUsage(cpu);
    buildCpuMs += (used.user + used.system) / 1000;
    buildMs += performance.now() - t;
    chunk = [];
  };
  forEachCrmContact({ seed: 99, people: Math.ceil(size / 1.62) + 2000 }, (r) => {
    if (n < size) {
      chunk.push(r);
      if (chunk.length === 100_000 && size > 100_000) flush();
      if (n % 97 === 0 && queries.length < 500) queries.push({ ...r, id: `q-${r.id}` });
      n++;
    } else if (queries.length < 1000) queries.push({ ...r, id: `q-${r.id}` });
  });
  flush();
  record(`match.speed.${label}.records`, index.count, 'records');
  record(`match.speed.${label}.buildMs`, buildMs, 'ms');
  // CPU time of this process: less sensitive than wall-clock time to other work on the machine
  record(`match.speed.${label}.buildCpuMs`, buildCpuMs, 'ms');
  record(`match.speed.${label}.heapMB`, heapMB(gc) - before, 'MB');
  for (const q of queries.slice(0, 100)) findDuplicates(index, q); // warm-up
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    findDuplicates(index, q);
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  record(`match.speed.${label}.queryP50Ms`, percentile(times, 0.5), 'ms');
  record(`match.speed.${label}.queryP95Ms`, percentile(times, 0.95), 'ms');
  if (size <= 100_000) {
    // The popup's quick search by name words (a surname, as an SDR types it) scans this index.
    const words: string[][] = queries.slice(0, 200).map((q) => queryWords(q.familyName ?? q.fullName ?? '').slice(0, 1)).filter((w) => w.length > 0);
    const t0 = performance.now();
    peopleByWords(index, ['zzqx']); // the first search builds the word index (once per index state)
    record(`match.quickSearch.${label}.wordIndexBuildMs`, performance.now() - t0, 'ms');
    const searchTimes: number[] = [];
    for (const w of words) {
      const t = performance.now();
      peopleByWords(index, w);
      searchTimes.push(performance.now() - t);
    }
    searchTimes.sort((x, y) => x - y);
    record(`match.quickSearch.${label}.surnameP50Ms`, percentile(searchTimes, 0.5), 'ms');
    record(`match.quickSearch.${label}.surnameP95Ms`, percentile(searchTimes, 0.95), 'ms');
  }
  return index;
}

export function persistence(record: Record, index: MatchIndex) {
  // saved as the worker saves it: structured-cloned (v8.serialize is the clone IndexedDB stores)
  const t0 = performance.now();
  const saved = v8.serialize(index.serialize());
  record('match.persist.100k.serializeMs', performance.now() - t0, 'ms');
  record('match.persist.100k.savedMB', saved.length / 1024 / 1024, 'MB');
  const t1 = performance.now();
  const restored = restoreMatchIndex(v8.deserialize(saved));
  record('match.persist.100k.restoreMs', performance.now() - t1, 'ms');
  if (!restored || restored.count !== index.count) throw new Error('restore lost records');
  // incremental updates: change 1,000 records in place, remove and re-add 1,000
  const ids = [...index.ids()].slice(0, 1000);
  const t2 = performance.now();
  for (const id of ids) {
    const f = index.get(id)!;
    index.addFeatures({ ...f });
  }
  for (const id of ids) index.remove(id);
  record('match.persist.100k.updateUs', ((performance.now() - t2) / 2000) * 1000, 'µs');
}

export async function benchMatch(record: Record): Promise<void> {
  const gc = gcFunction();
  // speed and memory first, on a clean heap
  speedAt(record, 10_000, '10k', gc);
  const i100k = speedAt(record, 100_000, '100k', gc);
  persistence(record, i100k);
  speedAt(record, 1_000_000, '1m', gc);
  // quality
  const f1 = febrl('dataset1');
  dedupeQuality(record, 'febrl1', f1, f1.records.length, FUSE_CUTOFF.febrl);
  const f2 = febrl('dataset2');
  dedupeQuality(record, 'febrl2-training', f2, 300, FUSE_CUTOFF.febrl);
  const f3 = febrl('dataset3');
  dedupeQuality(record, 'febrl3', f3, 300, FUSE_CUTOFF.febrl);
  linkageQuality(record);
  const contacts = generateCrmContacts({ seed: BENCHMARK_SEED });
  dedupeQuality(record, 'crmContacts', contacts, 300, FUSE_CUTOFF.contacts);
  const accounts = generateCrmAccounts({ seed: BENCHMARK_SEED });
  dedupeQuality(record, 'crmAccounts', accounts, 300, FUSE_CUTOFF.accounts);
  trapQuality(record, 'trapContacts', generateTrapContacts({ seed: BENCHMARK_SEED }));
  trapQuality(record, 'trapAccounts', generateTrapAccounts({ seed: BENCHMARK_SEED }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows: Array<[string, string]> = [];
  await benchMatch((key, value, unit) => {
    const v = Math.round(value * 10000) / 10000;
    rows.push([key, `${v} ${unit}`]);
    console.log(`${key.padEnd(48)} ${v} ${unit}`);
  });
}
