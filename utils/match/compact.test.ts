// The compact (columnar) index gives the verdicts the object-per-record index gave: the outputs of
// findDuplicates and clusterAll on generated sets — bands, scores, reasons, candidates' order —
// hashed and compared with the hash the object-per-record index produced before the change
// (__fixtures__/compact-golden.json). A change of weights or normalisation changes the hash on
// purpose: re-record it with DEALSIDE_UPDATE_GOLDEN=1 npx vitest run utils/match/compact.test.ts,
// after checking the change is meant.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCrmAccounts, generateCrmContacts } from '../../bench/match/crm-generator';
import { generateTrapAccounts, generateTrapContacts } from '../../bench/match/traps';
import { clusterAll } from './cluster';
import { toFeatures } from './features';
import { createMatchIndex, findDuplicates, restoreMatchIndex, type MatchIndex } from './match-index';
import type { MatchRecord } from './record';

const GOLDEN = new URL('./__fixtures__/compact-golden.json', import.meta.url);
const SEED = 4242;

function contacts(): MatchRecord[] {
  return [...generateCrmContacts({ seed: SEED, people: 700 }).records, ...generateTrapContacts({ seed: SEED, people: 500 }).records];
}
function accounts(): MatchRecord[] {
  return [...generateCrmAccounts({ seed: SEED, companies: 400 }).records, ...generateTrapAccounts({ seed: SEED, companies: 300 }).records];
}

/** An index with churn: every record added, every 7th replaced by another record's fields, every 11th removed, then some re-added. */
function churned(records: MatchRecord[]): MatchIndex {
  const index = createMatchIndex();
  records.forEach((r, i) => index.add({ ...r, id: `r${i}` }));
  records.forEach((r, i) => {
    if (i % 7 === 3) index.update({ ...records[(i * 31) % records.length]!, id: `r${i}` });
  });
  records.forEach((_, i) => {
    if (i % 11 === 5) index.remove(`r${i}`);
  });
  records.forEach((r, i) => {
    if (i % 22 === 5) index.add({ ...r, id: `r${i}` });
  });
  return index;
}

function lookups(index: MatchIndex, records: MatchRecord[]) {
  const out: unknown[] = [];
  records.forEach((r, i) => {
    if (i % 3 === 0) out.push(findDuplicates(index, { ...r, id: `q${i}` }, { limit: 20 }));
    if (i % 5 === 0) out.push(findDuplicates(index, r.id ? { ...r, id: `r${i}` } : r, { minBand: 'duplicate', explain: false }));
  });
  return out;
}

function outputs() {
  const c = contacts();
  const a = accounts();
  const ci = churned(c);
  const ai = churned(a);
  const cc = clusterAll(c);
  const ac = clusterAll(a);
  return {
    counts: [ci.count, ai.count, ci.changes, ai.changes],
    contacts: lookups(ci, c),
    accounts: lookups(ai, a),
    restored: lookups(restoreMatchIndex(structuredClone(ci.serialize()))!, c.slice(0, 300)),
    clusters: [cc, ac].map((r) => ({ clusterOf: r.clusterOf, clusters: r.clusters, best: r.best, comparisons: r.comparisons })),
  };
}

const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

describe('compact index', () => {
  it('gives the object-per-record index its outputs on generated sets', () => {
    const out = outputs();
    const digest = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, hash(v)]));
    if (process.env.DEALSIDE_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(digest, null, 2)}\n`);
    expect(digest).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  }, 120_000);

  it('restores an index saved in the row format (FEATURES_VERSION 2) as the one built from its records', () => {
    // written by the object-per-record index: 60 trap contacts, ES, r7 removed
    const legacy: unknown = JSON.parse(readFileSync(new URL('./__fixtures__/legacy-index-v2.json', import.meta.url), 'utf8'));
    const records = generateTrapContacts({ seed: 4242, people: 40 }).records.slice(0, 60);
    const built = createMatchIndex({ defaultCountry: 'ES' });
    records.forEach((r, i) => built.add({ ...r, id: `r${i}` }));
    built.remove('r7');
    const restored = restoreMatchIndex(legacy, { defaultCountry: 'ES' })!;
    expect(restored.count).toBe(59);
    for (const id of built.ids()) expect(restored.get(id)).toEqual(built.get(id));
    records.forEach((r, i) => expect(findDuplicates(restored, { ...r, id: `q${i}` })).toEqual(findDuplicates(built, { ...r, id: `q${i}` })));
    // and it saves in the current format, which restores too
    const again = restoreMatchIndex(structuredClone(restored.serialize()), { defaultCountry: 'ES' })!;
    records.forEach((r, i) => expect(findDuplicates(again, { ...r, id: `q${i}` })).toEqual(findDuplicates(built, { ...r, id: `q${i}` })));
  });

  it('keeps each record\'s features as toFeatures made them', () => {
    const c = contacts();
    const index = churned(c);
    for (const id of index.ids()) {
      const i = Number(id.slice(1));
      const source = i % 7 === 3 && !(i % 22 === 5) ? c[(i * 31) % c.length]! : c[i]!;
      expect(index.get(id)).toEqual(toFeatures({ ...source, id }));
    }
  });
});

describe('append-only tables', () => {
  it('drop the strings of earlier versions when the pool is compacted, and keep every live record\'s', () => {
    const people = generateCrmContacts({ seed: SEED, people: 60 }).records.slice(0, 50);
    const index = createMatchIndex();
    people.forEach((r, i) => index.add({ ...r, id: `r${i}` }));
    // each record updated 300 times, each time with a new address, phone and LinkedIn URL
    let last: MatchRecord[] = [];
    for (let round = 0; round < 300; round++) {
      last = people.map((r, i) => ({
        ...r,
        id: `r${i}`,
        email: `person${i}.v${round}@example${i}.com`,
        phone: `+34 6${String(10_000_000 + round * 100 + i).padStart(8, '0')}`,
        linkedin: `https://www.linkedin.com/in/person-${i}-v${round}`,
      }));
      for (const r of last) index.update(r);
    }
    for (const r of last) expect(index.get(r.id!)).toEqual(toFeatures(r));
    const tables = (index.serialize() as { store: { tables: Record<string, string[]> } }).store.tables;
    // 15,000 versions were put; a table holds at most what was put since the last compaction
    for (const t of ['email', 'phone', 'scalar.linkedin']) expect(tables[t]!.length).toBeLessThan(7_500);
    // and a saved index restores to the same features
    const restored = restoreMatchIndex(structuredClone(index.serialize()))!;
    for (const r of last) expect(restored.get(r.id!)).toEqual(toFeatures(r));
  });
});
