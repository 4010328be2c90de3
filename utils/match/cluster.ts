// Deduplicating a whole list (the CLI, the benchmark): index every record, score each record
// against its candidates once, and join duplicate-band pairs with union-find.
import { bandOf, scoreFeatures, type Band } from './compare';
import type { Features } from './features';
import { createMatchIndex, type MatchIndex, type MatchIndexOptions } from './match-index';
import { mergePairList, type StrongPairs } from './merge';
import type { Reason } from './reasons';
import type { MatchRecord } from './record';

export interface Link {
  /** position of the other record in the input */
  other: number;
  score: number;
  band: Band;
  reasons: Reason[];
  /** the other record is in the same cluster (else it is only a possible duplicate) */
  sameCluster: boolean;
}

export interface ClusterResult {
  /** cluster number of each input record, numbered 0, 1, 2 … in order of first appearance */
  clusterOf: number[];
  clusters: number;
  /**
   * each record's strongest link: to a record of its own cluster when it has one, else to the
   * best possible duplicate outside it, else to a company of the same group (band 'related');
   * undefined when there is none of these
   */
  best: Array<Link | undefined>;
  /** pairs scored */
  comparisons: number;
  index: MatchIndex;
}

export interface ClusterOptions extends MatchIndexOptions {
  /** called now and then while records are indexed and compared */
  onProgress?: (phase: 'index' | 'compare', done: number, total: number) => void;
  /** reasons for each record's best link (default true) */
  explain?: boolean;
}

/**
 * The outcome of clustering in compact form (typed arrays, no object per record): what the
 * dedupe CLI keeps for a million rows while it writes them back one by one.
 */
export interface CompactClusters {
  count: number;
  /** cluster number of each record, numbered 0, 1, 2 … in order of first appearance */
  clusterOf: Int32Array;
  clusters: number;
  /** each record's strongest link (see ClusterResult.best): the other record's position, or -1 */
  bestOther: Int32Array;
  bestScore: Float64Array;
  /** 1 when the best link is inside the record's cluster */
  bestSame: Uint8Array;
  comparisons: number;
  index: MatchIndex;
  /** the features of the record at this position */
  features(i: number): Features;
  /** the link of record i, with its reasons (computed on demand) */
  link(i: number, explain?: boolean): Link | undefined;
}

/**
 * Where the pairs found while comparing wait (the dedupe CLI: a temporary file): appended in
 * chunks, then read back a chunk at a time, in order, three times (the strong pairs for merging,
 * then the best links inside and outside the clusters), never all at once. The matcher stays
 * free of I/O; whoever runs it says where the bytes go.
 */
export interface PairSpill {
  /** append these bytes (a copy is not needed after the call returns) */
  write(bytes: Uint8Array): void;
  /** fill `into` with the bytes written from `position` on */
  read(into: Uint8Array, position: number): void;
  /** everything was read back (or the run failed): the bytes can go */
  close(): void;
}

/** pairs in memory at once while a spill takes the rest: 12 bytes each, under 1 MB */
const SPILL_CHUNK = 1 << 16;

/**
 * Pairs found while comparing, in typed arrays: the second record and the score (12 bytes a
 * pair). The first record is implied by the order they come in (each record's pairs follow the
 * previous record's): record i's pairs are from[i] … from[i + 1] - 1. Without a spill they grow
 * in memory (room for `expected` made at once: pages never written are not resident); with one,
 * only a chunk is held, while comparing and after: at a million rows some 2.5 million pairs, 30 MB,
 * stay in the spill, read back a chunk at a time — once for the strong pairs, which merging keeps,
 * and twice for each record's strongest link (`forEach`).
 */
class PairList {
  length = 0;
  /** pairs whose score reaches `strongAt` (merging's threshold) */
  strong = 0;
  b: Int32Array;
  s: Float64Array;
  readonly from: Int32Array;
  /** pairs already in the spill (a multiple of the chunk) */
  private spilled = 0;
  private readonly chunk: number;
  constructor(
    n: number,
    expected: number,
    private readonly strongAt: number,
    private readonly spill?: PairSpill,
    chunk = SPILL_CHUNK,
  ) {
    this.from = new Int32Array(n + 1);
    this.chunk = Math.max(1, chunk);
    const room = spill ? this.chunk : Math.max(16, expected);
    this.b = new Int32Array(room);
    this.s = new Float64Array(room);
  }
  /** record i's pairs come next */
  begin(i: number): void {
    this.from[i] = this.length;
  }
  push(j: number, score: number): void {
    let at = this.length - this.spilled;
    if (at === this.b.length) {
      if (this.spill) {
        this.flush(at);
        at = 0;
      } else {
        const b = new Int32Array(this.b.length * 2);
        b.set(this.b);
        this.b = b;
        const s = new Float64Array(this.s.length * 2);
        s.set(this.s);
        this.s = s;
      }
    }
    if (score >= this.strongAt) this.strong++;
    this.b[at] = j;
    this.s[at] = score;
    this.length++;
  }
  /** the chunk's `count` pairs to the spill: their seconds, then their scores */
  private flush(count: number): void {
    this.spill!.write(new Uint8Array(this.b.buffer, 0, count * 4));
    this.spill!.write(new Uint8Array(this.s.buffer, 0, count * 8));
    this.spilled += count;
  }
  /** every record is compared (n records): the last chunk goes to the spill */
  end(n: number): void {
    this.from[n] = this.length;
    if (this.spill) this.flush(this.length - this.spilled);
  }
  /** each pair (first record, second, score), in the order found: from the spill a chunk at a time */
  forEach(each: (i: number, j: number, score: number) => void): void {
    const { from, b, s, spill } = this;
    let i = 0;
    for (let k0 = 0, position = 0; k0 < this.length; k0 += this.chunk) {
      // without a spill, every pair is one "chunk" in memory
      const count = spill ? Math.min(this.chunk, this.length - k0) : this.length;
      if (spill) {
        spill.read(new Uint8Array(b.buffer, 0, count * 4), position);
        position += count * 4;
        spill.read(new Uint8Array(s.buffer, 0, count * 8), position);
        position += count * 8;
      }
      for (let at = 0; at < count; at++) {
        const k = k0 + at;
        while (from[i + 1]! <= k) i++;
        each(i, b[at]!, s[at]!);
      }
      if (!spill) return;
    }
  }
  /** the spill's bytes can go */
  close(): void {
    this.spill?.close();
  }
}

/** the strong pairs out of all those found, in the order found (so `first` ascends) */
function strongPairs(pairs: PairList, threshold: number): StrongPairs {
  const count = pairs.strong;
  const first = new Int32Array(count);
  const second = new Int32Array(count);
  const score = new Float64Array(count);
  let m = 0;
  pairs.forEach((i, j, s) => {
    if (s < threshold) return;
    first[m] = i;
    second[m] = j;
    score[m++] = s;
  });
  return { count, first, second, score };
}

/** the points of finish() after comparing that a caller hears of (the CLI's memory log) */
export type ClustererPhase = 'strong pairs read' | 'sorted' | 'merged' | 'best links';

/**
 * Cluster records given one at a time (`add`), then `finish()`: the records themselves are not
 * kept, only the index's features, so a caller that streams its input holds one record at a time.
 * Records are identified by their position (the order of `add`).
 */
export function createClusterer(
  options: Omit<ClusterOptions, 'explain'> & {
    total?: number;
    expected?: number;
    /** pairs held in memory at once with a spill (finish's; tests make it small) */
    spillChunk?: number;
    /** slots of merging's memory (merge.ts MergeMemory; tests make it small: the same clusters) */
    mergeSlots?: number;
    /**
     * called as finish() passes the end of merging and of the best links, with what was merged:
     * the CLI collects the garbage merging left (its arrays of strong pairs) and logs its memory
     */
    onPhase?: (phase: ClustererPhase, detail: string) => void;
  } = {},
) {
  // a batch index: record i is slot i, its id "i"
  const index = createMatchIndex({ maxCandidates: 2000, ...options, batch: true, expected: options.expected ?? options.total });
  const thresholds = index.options.thresholds;
  // the records' features live in the index's columns; each is materialised when compared
  let n = 0;
  const features = (i: number) => index.featuresAt(i);
  // a record only scored (not looked up): without its blocking keys, which scoring does not read
  const scored = (i: number) => index.featuresAt(i, false);
  const step = (n: number) => Math.max(1, Math.floor(n / 50));
  return {
    index,
    add(record: MatchRecord): void {
      const i = n++;
      index.add({ ...record, id: String(i) });
      if (options.onProgress && options.total && i % step(options.total) === 0) options.onProgress('index', i, options.total);
    },
    /** compare, merge: `spill` is where the pairs found wait while comparing (default: memory) */
    finish(spill?: PairSpill): CompactClusters {
      options.onProgress?.('index', n, n);
      const stats = { stats: index, explain: false, thresholds } as const;
      // about one pair a record at 100,000 contacts, more as blocks grow (2.7 at a million, where
      // the first 100,000 records alone have 535,000): room for four
      const pairs = new PairList(n, Math.max(1024, 4 * n), thresholds.duplicate, spill, options.spillChunk);
      // companies of one group (never merged), for records that have no other link: made at the
      // first such pair (contacts have none, and a million of them would hold 4 MB of -1)
      let relatedTo: Int32Array | undefined;
      let comparisons = 0;
      let clusterOf: Int32Array;
      let clusters: number;
      let bestOther = new Int32Array(0);
      let bestScore = new Float64Array(0);
      let bestSame = new Uint8Array(0);
      try {
        for (let i = 0; i < n; i++) {
          const f = features(i);
          pairs.begin(i);
          for (const j of index.candidateSlots(f)) {
            if (j <= i) continue; // each pair once
            comparisons++;
            const pair = scoreFeatures(f, scored(j), stats);
            const s = pair.score;
            if (s >= thresholds.possible) pairs.push(j, s);
            else if (pair.relation) {
              relatedTo ??= new Int32Array(n).fill(-1);
              if (relatedTo[i]! < 0) relatedTo[i] = j;
              if (relatedTo[j]! < 0) relatedTo[j] = i;
            }
          }
          if (options.onProgress && i % step(n) === 0) options.onProgress('compare', i, n);
        }
        // every record has been looked up: the blocks' slots go before merging makes its arrays —
        // released before comparing is reported done, so that a caller collecting garbage then
        // (the CLI) gives their memory back first
        index.releaseBlocks();
        options.onProgress?.('compare', n, n);
        pairs.end(n);
        // merging reads only the strong pairs (the others stay in the spill); they go once the
        // clusters are numbered (a function's locals: nothing of them is left in this frame)
        const merge = () => {
          const strong = strongPairs(pairs, thresholds.duplicate);
          options.onPhase?.('strong pairs read', `${strong.count} of ${pairs.length} pairs`);
          const score = (i: number, j: number) => scoreFeatures(scored(i), scored(j), stats).score;
          return mergePairList(n, strong, score, thresholds.duplicate, (phase) => options.onPhase?.(phase, ''), options.mergeSlots).number();
        };
        ({ clusterOf, clusters } = merge());
        options.onPhase?.('merged', `${clusters} clusters`);
        ({ bestOther, bestScore, bestSame } = bestLinks(n, pairs, clusterOf));
      } finally {
        pairs.close();
      }
      options.onPhase?.('best links', '');
      return {
        count: n,
        clusterOf,
        clusters,
        bestOther,
        bestScore,
        bestSame,
        comparisons,
        index,
        features,
        link(i, explain = true) {
          const j = bestOther[i]!;
          if (j < 0) {
            const r = relatedTo ? relatedTo[i]! : -1;
            if (r < 0) return undefined;
            const pair = scoreFeatures(features(i), features(r), { stats: index, thresholds, explain });
            return { other: r, score: pair.score, band: 'related', reasons: pair.reasons, sameCluster: false };
          }
          const score = bestScore[i]!;
          const reasons = explain ? scoreFeatures(features(i), features(j), { stats: index, thresholds }).reasons : [];
          return { other: j, score, band: bandOf(score, thresholds), reasons, sameCluster: bestSame[i] === 1 };
        },
      };
    },
  };
}

/**
 * Each record's strongest link: inside its cluster if it has company there, else outside — the
 * pairs read twice (inside, then outside for the records with no link inside) rather than four
 * arrays kept for both (12 MB more at a million rows), a chunk at a time from the spill.
 */
function bestLinks(n: number, pairs: PairList, clusterOf: Int32Array) {
  const bestOther = new Int32Array(n).fill(-1);
  const bestScore = new Float64Array(n).fill(-Infinity);
  const bestSame = new Uint8Array(n);
  for (const inside of [true, false]) {
    const open = inside ? 0 : 2;
    pairs.forEach((i, j, s) => {
      if ((clusterOf[i] === clusterOf[j]) !== inside) return;
      if (bestSame[i] === open && s > bestScore[i]!) {
        bestScore[i] = s;
        bestOther[i] = j;
      }
      if (bestSame[j] === open && s > bestScore[j]!) {
        bestScore[j] = s;
        bestOther[j] = i;
      }
    });
    // after the first pass: 1 for a record linked inside its cluster, 2 (for now) for the others
    if (inside) for (let i = 0; i < n; i++) bestSame[i] = bestOther[i]! >= 0 ? 1 : 2;
  }
  for (let i = 0; i < n; i++) if (bestSame[i] === 2) bestSame[i] = 0;
  return { bestOther, bestScore, bestSame };
}

/**
 * Cluster records: rows in one cluster are the same person / company. Records are identified by
 * their position; their ids need not be unique (positions are used internally).
 */
export function clusterAll(records: readonly MatchRecord[], options: ClusterOptions = {}): ClusterResult {
  const clusterer = createClusterer({ ...options, total: records.length });
  for (const r of records) clusterer.add(r);
  const c = clusterer.finish();
  const explain = options.explain ?? true;
  const best: Array<Link | undefined> = new Array(c.count);
  for (let i = 0; i < c.count; i++) best[i] = c.link(i, explain);
  return { clusterOf: Array.from(c.clusterOf), clusters: c.clusters, best, comparisons: c.comparisons, index: c.index };
}
