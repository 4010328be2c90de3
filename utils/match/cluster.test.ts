// The clusterer's pairs, kept in memory or spilled while comparing (the dedupe CLI spills them to
// a file): the same clusters, links and scores either way, whatever the chunk size.
import { describe, expect, it } from 'vitest';
import { generateCrmAccounts, generateCrmContacts } from '../../bench/match/crm-generator';
import { generateTrapContacts } from '../../bench/match/traps';
import { createClusterer, type CompactClusters, type PairSpill } from './cluster';
import type { MatchRecord } from './record';

/** A spill in memory that counts its calls and checks it is read back only what was written. */
function memorySpill() {
  const bytes: number[] = [];
  const calls = { writes: 0, reads: 0, closed: 0 };
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
      into.set(bytes.slice(position, position + into.length));
    },
    close() {
      calls.closed++;
    },
  };
  return { spill, calls, bytes };
}

function run(records: MatchRecord[], spill?: PairSpill, spillChunk?: number) {
  const c = createClusterer({ spillChunk });
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
});
