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

export class UnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.rank = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[x] !== r) {
      const next = this.parent[x]!;
      this.parent[x] = r;
      x = next;
    }
    return r;
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
): UnionFind {
  const uf = new UnionFind(n);
  const members = new Map<number, number[]>();
  const membersOf = (root: number, i: number) => members.get(root) ?? [i];
  const strong = pairs.filter((p) => p[2] >= threshold).sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
  const known = new Map<number, number>();
  for (const [i, j, s] of strong) known.set(i * n + j, s);
  const pairScore = (i: number, j: number) => {
    const k = i < j ? i * n + j : j * n + i;
    let v = known.get(k);
    if (v === undefined) known.set(k, (v = score(i, j)));
    return v;
  };
  for (const [i, j] of strong) {
    const ri = uf.find(i);
    const rj = uf.find(j);
    if (ri === rj) continue;
    const a = membersOf(ri, i);
    const b = membersOf(rj, j);
    if (a.length * b.length > 1) {
      let sum = 0;
      let veto = false;
      for (const x of a) {
        for (const y of b) {
          const v = pairScore(x, y);
          if (v < 0) {
            veto = true;
            break;
          }
          sum += v;
        }
        if (veto) break;
      }
      if (veto || sum / (a.length * b.length) < threshold - 1) continue;
    }
    uf.union(i, j);
    const root = uf.find(i);
    members.delete(ri);
    members.delete(rj);
    members.set(root, a.concat(b));
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
 * Cluster records: rows in one cluster are the same person / company. Records are identified by
 * their position; their ids need not be unique (positions are used internally).
 */
export function clusterAll(records: readonly MatchRecord[], options: ClusterOptions = {}): ClusterResult {
  const n = records.length;
  const index = createMatchIndex({ maxCandidates: 2000, ...options });
  const thresholds = index.options.thresholds;
  const features: Features[] = new Array(n);
  const position = new Map<string, number>();
  const step = Math.max(1, Math.floor(n / 50));
  for (let i = 0; i < n; i++) {
    const f = index.add({ ...records[i]!, id: String(i) });
    features[i] = f;
    position.set(f.id, i);
    if (options.onProgress && i % step === 0) options.onProgress('index', i, n);
  }
  options.onProgress?.('index', n, n);

  const candidates: Array<[number, number, number]> = [];
  // companies of one group (never merged), for records that have no other link
  const related: Array<[number, number, number]> = [];
  let comparisons = 0;
  for (let i = 0; i < n; i++) {
    const f = features[i]!;
    for (const g of index.candidates(f)) {
      const j = position.get(g.id)!;
      if (j <= i) continue; // each pair once
      comparisons++;
      const pair = scoreFeatures(f, g, { stats: index, explain: false, thresholds });
      if (pair.score >= thresholds.possible) candidates.push([i, j, pair.score]);
      else if (pair.relation) related.push([i, j, pair.score]);
    }
    if (options.onProgress && i % step === 0) options.onProgress('compare', i, n);
  }
  options.onProgress?.('compare', n, n);
  const uf = mergePairs(n, candidates, (i, j) => scoreFeatures(features[i]!, features[j]!, { stats: index, explain: false, thresholds }).score, thresholds.duplicate);

  const clusterOf: number[] = new Array(n);
  const numbering = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    let c = numbering.get(root);
    if (c === undefined) numbering.set(root, (c = numbering.size));
    clusterOf[i] = c;
  }
  // each record's strongest link: inside its cluster if it has company there, else outside
  const bestIn = new Int32Array(n).fill(-1);
  const bestOut = new Int32Array(n).fill(-1);
  const scoreIn = new Float64Array(n).fill(-Infinity);
  const scoreOut = new Float64Array(n).fill(-Infinity);
  for (const [i, j, s] of candidates) {
    const same = clusterOf[i] === clusterOf[j];
    const other = same ? bestIn : bestOut;
    const score = same ? scoreIn : scoreOut;
    if (s > score[i]!) {
      score[i] = s;
      other[i] = j;
    }
    if (s > score[j]!) {
      score[j] = s;
      other[j] = i;
    }
  }
  const relatedTo = new Int32Array(n).fill(-1);
  for (const [i, j] of related) {
    if (relatedTo[i]! < 0) relatedTo[i] = j;
    if (relatedTo[j]! < 0) relatedTo[j] = i;
  }
  const explain = options.explain ?? true;
  const best: Array<Link | undefined> = new Array(n);
  for (let i = 0; i < n; i++) {
    const inside = bestIn[i]! >= 0;
    const j = inside ? bestIn[i]! : bestOut[i]!;
    if (j < 0) {
      const r = relatedTo[i]!;
      if (r < 0) continue;
      const pair = scoreFeatures(features[i]!, features[r]!, { stats: index, thresholds, explain });
      best[i] = { other: r, score: pair.score, band: 'related', reasons: pair.reasons, sameCluster: false };
      continue;
    }
    const score = inside ? scoreIn[i]! : scoreOut[i]!;
    const reasons = explain ? scoreFeatures(features[i]!, features[j]!, { stats: index, thresholds }).reasons : [];
    best[i] = { other: j, score, band: bandOf(score, thresholds), reasons, sameCluster: inside };
  }
  return { clusterOf, clusters: numbering.size, best, comparisons, index };
}
