// Deduplicating a whole list (the CLI, the benchmark): index every record, score each record
// against its candidates once, and join duplicate-band pairs with union-find.
import { bandOf, scoreFeatures, type Band } from './compare';
import type { Features } from './features';
import { createMatchIndex, type MatchIndex, type MatchIndexOptions } from './match-index';
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

/** x's root in a union-find's parent array, compressing the path to it */
function findRoot(parent: Int32Array, x: number): number {
  let r = x;
  while (parent[r] !== r) r = parent[r]!;
  while (parent[x] !== r) {
    const next = parent[x]!;
    parent[x] = r;
    x = next;
  }
  return r;
}

export class UnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.rank = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    return findRoot(this.parent, x);
  }
  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.rank[ra]! < this.rank[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    if (this.rank[ra] === this.rank[rb]) this.rank[ra]!++;
  }
}

/**
 * Join records into clusters from scored pairs, strongest pair first, like average-linkage
 * clustering: two clusters merge when the pair joining them reaches `threshold`, the average score
 * over all pairs across the two clusters also does (minus one bit of slack), and no pair across
 * them is clearly distinct (score < 0). This keeps one wrong link from chaining two people
 * together, which plain union-find (single linkage) does.
 */
export function mergePairs(
  n: number,
  pairs: Array<[number, number, number]>,
  score: (i: number, j: number) => number,
  threshold: number,
): MemberUnion {
  const strong = pairs.filter((p) => p[2] >= threshold).sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
  return mergeSorted(n, strong.length, (k) => strong[k]![0], (k) => strong[k]![1], (k) => strong[k]![2], score, threshold);
}

/**
 * Scores of pairs (i < j) by i * n + j, in typed arrays (open addressing): a million records'
 * strong pairs without a heap number and a Map entry each.
 */
class PairScores {
  private keys: Float64Array;
  private values: Float64Array;
  private size = 0;
  constructor(expected: number) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, expected * 2)));
    this.keys = new Float64Array(capacity).fill(-1);
    this.values = new Float64Array(capacity);
  }
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    // the key's low and high 26 bits, mixed
    let at = (Math.imul((key % 67108864) ^ Math.imul(Math.floor(key / 67108864), 0x27d4eb2d), 0x9e3779b1) >>> 0) & mask;
    while (this.keys[at] !== -1 && this.keys[at] !== key) at = (at + 1) & mask;
    return at;
  }
  get(key: number): number | undefined {
    const at = this.slot(key);
    return this.keys[at] === -1 ? undefined : this.values[at];
  }
  set(key: number, value: number): void {
    let at = this.slot(key);
    if (this.keys[at] === -1) {
      if ((this.size + 1) * 2 > this.keys.length) {
        const { keys, values } = this;
        this.keys = new Float64Array(keys.length * 2).fill(-1);
        this.values = new Float64Array(keys.length * 2);
        this.size = 0;
        for (let k = 0; k < keys.length; k++) if (keys[k] !== -1) this.set(keys[k]!, values[k]!);
        at = this.slot(key);
      }
      this.keys[at] = key;
      this.size++;
    }
    this.values[at] = value;
  }
}

/**
 * Union-find whose clusters also list their members, in typed arrays (8 bytes a record, none of
 * them in the V8 heap): `next` links each cluster's members in a circle, in the order they joined,
 * and a cluster's root is its last member, so the root's `next` is its first. Joining A then B
 * links A's last to B's first and B's last to A's first, and B's root stays the root. Merging a
 * million rows held a Map entry and a JS array per cluster instead (and a new array per merge).
 */
export class MemberUnion {
  private readonly parent: Int32Array;
  private readonly next: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.next = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = this.next[i] = i;
  }
  find(x: number): number {
    return findRoot(this.parent, x);
  }
  /** the members of root r's cluster, in the order they joined */
  forEachMember(r: number, each: (x: number) => boolean | void): void {
    for (let x = this.next[r]!; ; x = this.next[x]!) {
      if (each(x) === false || x === r) return;
    }
  }
  size(r: number): number {
    let count = 1;
    for (let x = this.next[r]!; x !== r; x = this.next[x]!) count++;
    return count;
  }
  /** roots ra and rb (different): rb's cluster after ra's, one cluster rooted at rb */
  join(ra: number, rb: number): void {
    const firstA = this.next[ra]!;
    this.next[ra] = this.next[rb]!;
    this.next[rb] = firstA;
    this.parent[ra] = rb;
  }
  /**
   * Each record's cluster numbered 0, 1, 2 … in order of first appearance. The member lists are
   * used up: their array holds each root's number (no third array of n).
   */
  number(): { clusterOf: Int32Array; clusters: number } {
    const n = this.parent.length;
    const numbering = this.next.fill(-1);
    const clusterOf = new Int32Array(n);
    let clusters = 0;
    for (let i = 0; i < n; i++) {
      const root = this.find(i);
      if (numbering[root]! < 0) numbering[root] = clusters++;
      clusterOf[i] = numbering[root]!;
    }
    return { clusterOf, clusters };
  }
}

/** mergePairs' work over strong pairs already sorted strongest first, read through accessors. */
function mergeSorted(
  n: number,
  count: number,
  first: (k: number) => number,
  second: (k: number) => number,
  strength: (k: number) => number,
  score: (i: number, j: number) => number,
  threshold: number,
  strongScore?: (lo: number, hi: number) => number | undefined,
): MemberUnion {
  const uf = new MemberUnion(n);
  // the strong pairs' scores (looked up in the caller's pairs when it can, else kept here) and
  // those of the other pairs scored while merging
  const known = new PairScores(strongScore ? 1024 : count);
  if (!strongScore) for (let k = 0; k < count; k++) known.set(first(k) * n + second(k), strength(k));
  const pairScore = (i: number, j: number) => {
    const k = i < j ? i * n + j : j * n + i;
    let v = strongScore?.(Math.min(i, j), Math.max(i, j)) ?? known.get(k);
    if (v === undefined) known.set(k, (v = score(i, j)));
    return v;
  };
  for (let k = 0; k < count; k++) {
    const i = first(k);
    const j = second(k);
    const ri = uf.find(i);
    const rj = uf.find(j);
    if (ri === rj) continue;
    const sizeA = uf.size(ri);
    const sizeB = uf.size(rj);
    if (sizeA * sizeB > 1) {
      // the average over every pair across the two, in the order the members joined (the sum is
      // the same, bit for bit, as when they were JS arrays); a pair clearly distinct vetoes
      let sum = 0;
      let veto = false;
      uf.forEachMember(ri, (x) => {
        uf.forEachMember(rj, (y) => {
          const v = pairScore(x, y);
          if (v < 0) return !(veto = true);
          sum += v;
        });
        return !veto;
      });
      if (veto || sum / (sizeA * sizeB) < threshold - 1) continue;
    }
    uf.join(ri, rj);
  }
  return uf;
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

/**
 * The pairs that reach merging's threshold, out of all those found: first record, second and
 * score of each (16 bytes a strong pair), in the order found, so `first` ascends.
 */
interface StrongPairs {
  count: number;
  first: Int32Array;
  second: Int32Array;
  score: Float64Array;
}

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
          return mergePairList(n, strong, score, thresholds.duplicate, (phase) => options.onPhase?.(phase, '')).number();
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
 * mergePairs over the strong pairs in typed arrays: sorted through a permutation (4 bytes a strong
 * pair), not copied into tuples, and their scores looked up in the arrays themselves (the pairs of
 * a record are a range of `first`, which ascends) rather than copied into a hash table (32 bytes
 * or more a strong pair).
 */
function mergePairList(
  n: number,
  pairs: StrongPairs,
  score: (i: number, j: number) => number,
  threshold: number,
  onPhase?: (phase: 'sorted') => void,
): MemberUnion {
  const { count, first, second: b, score: s } = pairs;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  // strongest first, then by first record, then by second
  heapSort(order, (x, y) => s[y]! - s[x]! || first[x]! - first[y]! || b[x]! - b[y]!);
  onPhase?.('sorted');
  const strongScore = (lo: number, hi: number) => {
    // the first of lo's pairs
    let from = 0;
    let to = count;
    while (from < to) {
      const mid = (from + to) >>> 1;
      if (first[mid]! < lo) from = mid + 1;
      else to = mid;
    }
    for (let k = from; k < count && first[k] === lo; k++) if (b[k] === hi) return s[k]!;
    return undefined;
  };
  return mergeSorted(n, count, (m) => first[order[m]!]!, (m) => b[order[m]!]!, (m) => s[order[m]!]!, score, threshold, strongScore);
}

/**
 * Sort in place, without the two work arrays of the length's tagged values that a typed array's
 * own `sort(compare)` makes (14 MB for a million rows' 866,000 strong pairs, at merging's peak).
 * Not stable: the merge's order has no ties between different pairs.
 */
export function heapSort(a: Int32Array, compare: (x: number, y: number) => number): void {
  const sift = (root: number, end: number) => {
    for (;;) {
      let child = 2 * root + 1;
      if (child >= end) return;
      if (child + 1 < end && compare(a[child]!, a[child + 1]!) < 0) child++;
      if (compare(a[root]!, a[child]!) >= 0) return;
      const t = a[root]!;
      a[root] = a[child]!;
      a[child] = t;
      root = child;
    }
  };
  for (let start = (a.length >> 1) - 1; start >= 0; start--) sift(start, a.length);
  for (let end = a.length - 1; end > 0; end--) {
    const t = a[0]!;
    a[0] = a[end]!;
    a[end] = t;
    sift(0, end);
  }
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
