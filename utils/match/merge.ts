// Merging scored pairs into clusters (average linkage over union-find), for the clusterer
// (cluster.ts), the weights' estimate and the tests: everything it holds is typed arrays — the
// strong pairs and their order, the clusters' members, and a fixed-size memory of what it weighed.

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


/**
 * The strong pairs (those at merging's threshold or above): first record, second and score of each
 * (16 bytes a pair), with `first` ascending — a pair's score is found by a binary search on it.
 */
export interface StrongPairs {
  count: number;
  first: Int32Array;
  second: Int32Array;
  score: Float64Array;
}

/** the score of strong pair (lo, hi), lo < hi, or undefined when it is not one */
function strongScoreOf({ count, first, second, score }: StrongPairs, lo: number, hi: number): number | undefined {
  // the first of lo's pairs
  let from = 0;
  let to = count;
  while (from < to) {
    const mid = (from + to) >>> 1;
    if (first[mid]! < lo) from = mid + 1;
    else to = mid;
  }
  for (let k = from; k < count && first[k] === lo; k++) if (second[k] === hi) return score[k]!;
  return undefined;
}

/** slots of a MergeMemory for `strong` strong pairs: an eighth of them, from 1,024 to 65,536 */
export function memorySlots(strong: number): number {
  return 2 ** Math.min(16, Math.max(10, Math.ceil(Math.log2(Math.max(1, strong / 8)))));
}

/**
 * What merging remembers between the joins it weighs, in a fixed room made once (32 bytes a slot,
 * 2 MB at most: at a million rows a table that grew by doubling held some 48 MB here): the scores
 * of the pairs it scored that are not strong, and the joins it refused (both roots and their
 * sizes — a cluster only grows, so a root and a size name one state of it, members and their
 * order included). Each slot keeps the latest entry hashed to it. What it forgets is worked out
 * again and comes out the same — a score is computed again (scoring is deterministic and
 * symmetric), a refused join weighed again — so the slots' number trades time, never a cluster.
 * Refusals remembered are what saves the time: most pairs asked again are asked because the same
 * two clusters are weighed again, unchanged, for another strong pair between them.
 */
export class MergeMemory {
  private readonly shift: number;
  /** a pair's records (lower first; -1: empty) and its score */
  private readonly pairs: Int32Array;
  private readonly scores: Float64Array;
  /** a refused join: its roots in the order weighed (-1: empty) and their sizes */
  private readonly refusals: Int32Array;
  constructor(readonly slots: number) {
    const bits = Math.round(Math.log2(slots));
    if (2 ** bits !== slots || bits < 1 || bits > 30) throw new Error(`MergeMemory: ${slots} slots, not a power of two`);
    this.shift = 32 - bits;
    this.pairs = new Int32Array(2 * slots).fill(-1);
    this.scores = new Float64Array(slots);
    this.refusals = new Int32Array(4 * slots).fill(-1);
  }
  /** bytes held: fixed when made */
  get byteLength(): number {
    return this.pairs.byteLength + this.scores.byteLength + this.refusals.byteLength;
  }
  private slot(a: number, b: number): number {
    return Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x85ebca77) >>> this.shift;
  }
  score(i: number, j: number): number | undefined {
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const at = this.slot(lo, hi);
    return this.pairs[2 * at] === lo && this.pairs[2 * at + 1] === hi ? this.scores[at] : undefined;
  }
  keepScore(i: number, j: number, score: number): void {
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const at = this.slot(lo, hi);
    this.pairs[2 * at] = lo;
    this.pairs[2 * at + 1] = hi;
    this.scores[at] = score;
  }
  refused(ra: number, rb: number, sizeA: number, sizeB: number): boolean {
    const at = 4 * this.slot(ra, rb);
    const r = this.refusals;
    return r[at] === ra && r[at + 1] === rb && r[at + 2] === sizeA && r[at + 3] === sizeB;
  }
  refuse(ra: number, rb: number, sizeA: number, sizeB: number): void {
    const at = 4 * this.slot(ra, rb);
    const r = this.refusals;
    r[at] = ra;
    r[at + 1] = rb;
    r[at + 2] = sizeA;
    r[at + 3] = sizeB;
  }
}

/**
 * Join records into clusters from scored pairs, strongest pair first, like average-linkage
 * clustering: two clusters merge when the pair joining them reaches `threshold`, the average score
 * over all pairs across the two clusters also does (minus one bit of slack), and no pair across
 * them is clearly distinct (score < 0). This keeps one wrong link from chaining two people
 * together, which plain union-find (single linkage) does. `slots`: the MergeMemory's (tests).
 */
export function mergePairs(
  n: number,
  pairs: Array<[number, number, number]>,
  score: (i: number, j: number) => number,
  threshold: number,
  slots?: number,
): MemberUnion {
  const strong = pairs.filter((p) => p[2] >= threshold).sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
  // their scores by first record, for the lookups
  const byFirst = [...strong].sort((x, y) => x[0] - y[0]);
  const lookup: StrongPairs = {
    count: byFirst.length,
    first: Int32Array.from(byFirst, (p) => p[0]),
    second: Int32Array.from(byFirst, (p) => p[1]),
    score: Float64Array.from(byFirst, (p) => p[2]),
  };
  const memory = new MergeMemory(slots ?? memorySlots(strong.length));
  return mergeSorted(n, strong.length, (k) => strong[k]![0], (k) => strong[k]![1], score, threshold, lookup, memory);
}

/**
 * mergePairs over the strong pairs in typed arrays: sorted through a permutation (4 bytes a strong
 * pair), not copied into tuples, and their scores looked up in the arrays themselves (the pairs of
 * a record are a range of `first`, which ascends) rather than copied into a hash table (32 bytes
 * or more a strong pair).
 */
export function mergePairList(
  n: number,
  pairs: StrongPairs,
  score: (i: number, j: number) => number,
  threshold: number,
  onPhase?: (phase: 'sorted') => void,
  slots = memorySlots(pairs.count),
): MemberUnion {
  const { count, first, second: b, score: s } = pairs;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  // strongest first, then by first record, then by second
  heapSort(order, (x, y) => s[y]! - s[x]! || first[x]! - first[y]! || b[x]! - b[y]!);
  onPhase?.('sorted');
  return mergeSorted(n, count, (m) => first[order[m]!]!, (m) => b[order[m]!]!, score, threshold, pairs, new MergeMemory(slots));
}

/** mergePairs' work over strong pairs already sorted strongest first, read through accessors. */
function mergeSorted(
  n: number,
  count: number,
  first: (k: number) => number,
  second: (k: number) => number,
  score: (i: number, j: number) => number,
  threshold: number,
  strong: StrongPairs,
  memory: MergeMemory,
): MemberUnion {
  const uf = new MemberUnion(n);
  const pairScore = (i: number, j: number) => {
    let v = strongScoreOf(strong, Math.min(i, j), Math.max(i, j)) ?? memory.score(i, j);
    if (v === undefined) memory.keepScore(i, j, (v = score(i, j)));
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
      // the same two clusters, unchanged, refused before: refused again
      if (memory.refused(ri, rj, sizeA, sizeB)) continue;
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
      if (veto || sum / (sizeA * sizeB) < threshold - 1) {
        memory.refuse(ri, rj, sizeA, sizeB);
        continue;
      }
    }
    uf.join(ri, rj);
  }
  return uf;
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

