// The clusterer's pairs, kept in memory or spilled while comparing (the dedupe CLI spills them to
// a file): the same clusters, links and scores either way, whatever the chunk size.
import { describe, expect, it } from 'vitest';
import { generateCrmAccounts, generateCrmContacts } from '../../bench/match/crm-generator';
import { generateTrapContacts } from '../../bench/match/traps';
import { createClusterer, type CompactClusters, type PairSpill } from './cluster';
import { heapSort, MemberUnion, MergeMemory, memorySlots, mergePairs } from './merge';
import type { MatchRecord } from './record';

/** A spill in memory that counts its calls and checks it is read back only what was written. */
function memorySpill() {
  const bytes: number[] = [];
  const calls = { writes: 0, reads: 0, closed: 0, bytesRead: 0, largestRead: 0 };
  const spill: PairSpill = {
    write(chunk) {
      if (calls.closed) throw new Error('written after close');
      calls.writes++;
      for (const x of chunk) bytes.push(x);
    },
    read(into, position) {
      if (calls.closed) throw new Error('read after close');
      if (position + into.length > bytes.length) throw new Error('read past the end');
      calls.reads++;
      calls.bytesRead += into.length;
      calls.largestRead = Math.max(calls.largestRead, into.length);
      into.set(bytes.slice(position, position + into.length));
    },
    close() {
      calls.closed++;
    },
  };
  return { spill, calls, bytes };
}

function run(records: readonly MatchRecord[], spill?: PairSpill, spillChunk?: number, mergeSlots?: number) {
  const c = createClusterer({ spillChunk, mergeSlots });
  for (const r of records) c.add(r);
  return c.finish(spill);
}

function outcome(c: CompactClusters) {
  const links = [];
  for (let i = 0; i < c.count; i++) links.push(c.link(i, true));
  return {
    clusterOf: Array.from(c.clusterOf),
    bestOther: Array.from(c.bestOther),
    bestScore: Array.from(c.bestScore),
    bestSame: Array.from(c.bestSame),
    comparisons: c.comparisons,
    links,
  };
}

describe('clusterer pairs', () => {
  const contacts = [...generateCrmContacts({ seed: 11, people: 500 }).records, ...generateTrapContacts({ seed: 11, people: 200 }).records];
  const accounts = generateCrmAccounts({ seed: 11, companies: 300 }).records;

  for (const [name, records] of [
    ['contacts', contacts],
    ['accounts', accounts],
  ] as const) {
    it(`${name}: spilled pairs give what pairs kept in memory give`, () => {
      const kept = outcome(run(records));
      expect(kept.clusterOf.some((c, i) => kept.clusterOf.indexOf(c) !== i)).toBe(true); // some duplicates
      for (const chunk of [1, 7, 1 << 16]) {
        const { spill, calls, bytes } = memorySpill();
        const spilled = outcome(run(records, spill, chunk));
        expect(spilled).toEqual(kept);
        // every pair went through the spill (12 bytes each) and was read back; closed once
        expect(bytes.length % 12).toBe(0);
        expect(bytes.length).toBeGreaterThan(0);
        expect(calls.reads).toBeGreaterThan(0);
        expect(calls.closed).toBe(1);
        // its seconds and scores a write each, a chunk at a time
        expect(calls.writes).toBe(2 * Math.ceil(bytes.length / 12 / chunk));
      }
    });
  }

  it('a spill that fails is closed and the failure comes out', () => {
    const { spill, calls } = memorySpill();
    const failing: PairSpill = { ...spill, read: () => { throw new Error('disk gone'); } };
    expect(() => run(contacts.slice(0, 200), failing, 5)).toThrow('disk gone');
    expect(calls.closed).toBe(1);
  });

  it('the pairs are read back from the spill a chunk at a time, never all at once', () => {
    // memory at a million rows: merging keeps only the strong pairs and the best links read the
    // rest a chunk at a time, so no read asks for more than a chunk's scores (8 bytes a pair)
    const chunk = 7;
    const { spill, calls, bytes } = memorySpill();
    const c = run(contacts, spill, chunk);
    expect(c.count).toBe(contacts.length);
    const pairs = bytes.length / 12;
    expect(pairs).toBeGreaterThan(10 * chunk);
    expect(calls.largestRead).toBeLessThanOrEqual(chunk * 8);
    // three passes over them: the strong pairs, then the best links inside and outside the clusters
    expect(calls.bytesRead).toBe(3 * bytes.length);
  });
});

describe('merging', () => {
  it("keeps the clusters' members in typed arrays, not a JS array per cluster", () => {
    const n = 6;
    const uf = mergePairs(n, [[0, 1, 20], [2, 3, 19], [1, 3, 18]], () => 15, 10);
    expect(uf).toBeInstanceOf(MemberUnion);
    // every field of the structure merging holds is a typed array of one slot a record
    const fields = Object.values(uf);
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) {
      expect(ArrayBuffer.isView(f)).toBe(true);
      expect((f as Int32Array).length).toBe(n);
    }
    const root = uf.find(0);
    expect([1, 2, 3].map((i) => uf.find(i))).toEqual([root, root, root]);
    expect(uf.size(root)).toBe(4);
    // the members in the order they joined: {0, 1} then {2, 3}
    const members: number[] = [];
    uf.forEachMember(root, (x) => void members.push(x));
    expect(members).toEqual([0, 1, 2, 3]);
    expect(uf.find(4)).toBe(4);
    expect(uf.number()).toEqual({ clusterOf: Int32Array.from([0, 0, 0, 0, 1, 2]), clusters: 3 });
  });

  it('does not join two clusters across a pair that is clearly distinct (average linkage)', () => {
    // 0–1 and 1–2 are strong, but 0 and 2 are clearly different people: 2 stays apart
    const score = (i: number, j: number) => (Math.min(i, j) === 0 && Math.max(i, j) === 2 ? -5 : 0);
    const uf = mergePairs(3, [[0, 1, 20], [1, 2, 19]], score, 10);
    expect(uf.find(0)).toBe(uf.find(1));
    expect(uf.find(2)).not.toBe(uf.find(0));
    // and a pair across them that is weak on average keeps them apart too
    const weak = mergePairs(4, [[0, 1, 20], [2, 3, 20], [1, 2, 19]], () => 1, 10);
    expect(weak.find(1)).not.toBe(weak.find(2));
  });

  it('sorts the strong pairs in place as a sort with the same order would', () => {
    // scores with ties, broken by first then second record, as merging orders its pairs
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const length of [0, 1, 2, 3, 10, 257, 2000]) {
      const score = Array.from({ length }, () => Math.floor(next() * 20));
      const first = Array.from({ length }, () => Math.floor(next() * 50));
      const second = Array.from({ length }, (_, k) => k);
      const compare = (x: number, y: number) => score[y]! - score[x]! || first[x]! - first[y]! || second[x]! - second[y]!;
      const order = Int32Array.from({ length }, (_, k) => k);
      heapSort(order, compare);
      expect(Array.from(order)).toEqual(Array.from({ length }, (_, k) => k).sort(compare));
    }
  });

  it('scores a pair across two clusters once, when their join is refused and weighed again', () => {
    let calls = 0;
    const score = () => (calls++, 0);
    // {0, 1} and {2, 3}, then two weak links across: the first join is refused (average 5.75 <
    // 9), the second weighs the same two clusters and finds the pairs scored for the first
    const uf = mergePairs(4, [[0, 1, 20], [2, 3, 20], [1, 2, 12], [0, 3, 11]], score, 10);
    expect(uf.find(0)).not.toBe(uf.find(2));
    expect(calls).toBe(2);
  });

  it('refuses the same two clusters again without scoring them, and scores again what it forgot', () => {
    // {0, 1} and {2, 3}: 1–2 is refused (average 5.75 < 9), then 0–3 weighs the same two clusters
    // again (refused, nothing scored) and 4–5 joins {4, 5}; 3–4 weighs {2, 3} and {4, 5}
    const calls: string[] = [];
    const score = (i: number, j: number) => (calls.push(`${Math.min(i, j)}-${Math.max(i, j)}`), 0);
    const pairs: Array<[number, number, number]> = [[0, 1, 20], [2, 3, 20], [4, 5, 20], [1, 2, 12], [0, 3, 11], [3, 4, 10.5]];
    const roomy = mergePairs(6, pairs, score, 10, 1024);
    const roomyCalls = [...calls];
    expect(roomyCalls).toEqual(['0-2', '1-3', '2-4', '2-5', '3-5']);
    // with two slots, refusals and scores are forgotten and worked out again: the same clusters
    calls.length = 0;
    const cramped = mergePairs(6, pairs, score, 10, 2);
    expect(cramped.number()).toEqual(roomy.number());
    expect(calls.length).toBeGreaterThanOrEqual(roomyCalls.length);
  });
});

describe("merging's memory", () => {
  it('is made once at a size that does not grow with the pairs it scores', () => {
    // sized from the strong pairs, capped: at a million rows' 866,000 strong pairs a table that
    // grew by doubling held some 48 MB
    expect(memorySlots(0)).toBe(1024);
    expect(memorySlots(100_000)).toBe(16_384);
    expect(memorySlots(866_369)).toBe(65_536);
    expect(memorySlots(1e9)).toBe(65_536);
    const memory = new MergeMemory(1024);
    const bytes = memory.byteLength;
    const arrays = Object.values(memory).filter((v) => ArrayBuffer.isView(v));
    expect(arrays.length).toBeGreaterThan(0);
    for (let i = 0; i < 50_000; i++) {
      memory.keepScore(i, i + 7, i / 4);
      memory.refuse(i, i + 1, 2, 3);
    }
    expect(memory.byteLength).toBe(bytes);
    expect(Object.values(memory).filter((v) => ArrayBuffer.isView(v))).toEqual(arrays);
    // the latest entries are there, each as it was kept; forgotten ones are undefined, never wrong
    expect(memory.score(49_999 + 7, 49_999)).toBe(49_999 / 4);
    expect(memory.refused(49_999, 50_000, 2, 3)).toBe(true);
    expect(memory.refused(49_999, 50_000, 2, 4)).toBe(false);
    expect(memory.refused(50_000, 49_999, 3, 2)).toBe(false);
    let kept = 0;
    for (let i = 0; i < 50_000; i++) {
      const v = memory.score(i, i + 7);
      if (v !== undefined) {
        expect(v).toBe(i / 4);
        kept++;
      }
    }
    expect(kept).toBeLessThanOrEqual(1024);
  });

  for (const [name, records] of [
    ['contacts', [...generateCrmContacts({ seed: 5, people: 600 }).records, ...generateTrapContacts({ seed: 5, people: 300 }).records]],
    ['accounts', generateCrmAccounts({ seed: 5, companies: 400 }).records],
  ] as const) {
    it(`${name}: the same clusters and links whatever it forgets`, () => {
      const roomy = outcome(run(records, undefined, undefined, 65_536));
      expect(roomy.clusterOf.some((c, i) => roomy.clusterOf.indexOf(c) !== i)).toBe(true);
      expect(outcome(run(records, undefined, undefined, 2))).toEqual(roomy);
    });
  }
});

