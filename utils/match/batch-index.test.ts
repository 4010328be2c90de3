// A batch index (the dedupe CLI's, clusterAll's) answers as an index built record by record:
// the same candidates in the same order, the same block sizes, the same lookups from outside the
// batch, the same saved form; and its byte tables keep every string as given.
import { describe, expect, it } from 'vitest';
import { generateCrmAccounts, generateCrmContacts } from '../../bench/match/crm-generator';
import { generateTrapContacts } from '../../bench/match/traps';
import { ByteStringTable } from './feature-store';
import { createMatchIndex, findDuplicates, restoreMatchIndex, type MatchIndex } from './match-index';
import { FrozenPostings, PostingTable } from './postings';
import type { MatchRecord } from './record';

function both(records: MatchRecord[], options = {}) {
  const plain = createMatchIndex({ maxCandidates: 2000, ...options });
  const batch = createMatchIndex({ maxCandidates: 2000, ...options, batch: true });
  records.forEach((r, i) => {
    plain.add({ ...r, id: String(i) });
    batch.add({ ...r, id: String(i) });
  });
  return { plain, batch };
}

/**
 * What an index saves, with each record's strings read back: a batch keeps each address, phone
 * and LinkedIn URL once, an index built record by record keeps one a record (no lookup table), so
 * their string tables differ while the records they hold are the same.
 */
function saved(index: MatchIndex) {
  const { store, ...rest } = structuredClone(index.serialize());
  const restored = restoreMatchIndex(structuredClone(index.serialize()))!;
  const ids = [...restored.ids()];
  const { pool: _pool, tables: _tables, scalars, ...columns } = store;
  const appended = new Set(['linkedin']);
  return {
    rest,
    columns,
    scalars: Object.fromEntries(Object.entries(scalars).filter(([k]) => !appended.has(k))),
    tables: Object.fromEntries(Object.entries(store.tables).filter(([k]) => !['email', 'phone', 'scalar.linkedin'].includes(k))),
    records: ids.map((id) => restored.get(id)),
  };
}

describe('batch index', () => {
  const contacts = [...generateCrmContacts({ seed: 7, people: 600 }).records, ...generateTrapContacts({ seed: 7, people: 300 }).records];
  const accounts = generateCrmAccounts({ seed: 7, companies: 400 }).records;

  it('gives every record of the batch the candidates, in the order, an index built record by record gives', () => {
    for (const [records, blockCap] of [
      [contacts, undefined],
      [contacts, 3], // blocks over the cap are left out the same way
      [accounts, undefined],
    ] as const) {
      const { plain, batch } = both(records, blockCap ? { blockCap } : {});
      expect(batch.count).toBe(plain.count);
      for (let i = 0; i < records.length; i++) {
        const f = batch.featuresAt(i);
        expect(f).toEqual(plain.get(String(i)));
        expect(batch.candidateSlots(f)).toEqual(plain.candidateSlots(plain.get(String(i))!));
        for (const k of f.keys) expect(batch.blockSize(k)).toBe(plain.blockSize(k));
      }
    }
  });

  it('looks up records from outside the batch as an index built record by record does', () => {
    const { plain, batch } = both(contacts.slice(0, 500));
    for (const r of contacts.slice(500)) expect(findDuplicates(batch, { ...r, id: `q-${r.id}` }, { limit: 20 })).toEqual(findDuplicates(plain, { ...r, id: `q-${r.id}` }, { limit: 20 }));
    // a record of the batch given with other fields is looked up like an outsider
    const changed = { ...contacts[3]!, id: '3', emails: contacts[700]!.emails };
    expect(findDuplicates(batch, changed)).toEqual(findDuplicates(plain, changed));
  });

  it('is saved as an index built record by record, and takes no records once looked up', () => {
    const { plain, batch } = both(contacts.slice(0, 300));
    findDuplicates(batch, batch.featuresAt(0));
    expect(() => batch.add({ ...contacts[300]!, id: '300' })).toThrow(/no records/);
    expect(() => batch.remove('3')).toThrow(/keeps its records/);
    expect(saved(batch)).toEqual(saved(plain));
    const restored = restoreMatchIndex(structuredClone(batch.serialize()))!;
    expect([...restored.ids()]).toEqual([...plain.ids()]);
    expect(batch.has('12')).toBe(true);
    expect(batch.has('012')).toBe(false);
    expect(batch.get('300')).toBeUndefined();
  });

  it('keeps a record with sixteen addresses or more as it keeps the others (unpacked)', () => {
    const many = { ...contacts[5]!, emails: Array.from({ length: 20 }, (_, i) => `ana.ruiz${i}@iberia${i}.es`) };
    const records = [contacts[0]!, many, contacts[1]!, { ...many, phones: ['+34 612 000 111'] }, contacts[2]!];
    const { plain, batch } = both(records);
    records.forEach((_, i) => {
      expect(batch.featuresAt(i)).toEqual(plain.get(String(i)));
      expect(batch.candidateSlots(batch.featuresAt(i))).toEqual(plain.candidateSlots(plain.get(String(i))!));
    });
    expect(saved(batch)).toEqual(saved(plain));
  });

  it('answers as before once its lookup tables and its blocks\' slots are released', () => {
    const { plain, batch } = both(contacts);
    const f0 = batch.featuresAt(0);
    const first = batch.candidateSlots(f0);
    // the blocks are built (and the strings' lookup tables released) at the first lookup
    batch.releaseBlocks();
    for (let i = 0; i < contacts.length; i += 7) {
      const f = batch.featuresAt(i);
      expect(f).toEqual(plain.get(String(i)));
      for (const k of f.keys) expect(batch.blockSize(k)).toBe(plain.blockSize(k));
    }
    // a later lookup builds the slots again
    expect(batch.candidateSlots(f0)).toEqual(first);
    expect(saved(batch)).toEqual(saved(plain));
  });

  it('keeps a field of many values (its column widened from bytes to 16 and 32 bits) as given', () => {
    const batch = createMatchIndex({ batch: true });
    // 72,000 cities, some repeated
    const n = 80_000;
    const city = (i: number) => (i % 10 === 0 ? 7 : i);
    for (let i = 0; i < n; i++) batch.add({ id: String(i), kind: 'person', givenName: 'Ana', familyName: 'Ruiz', city: `Villa ${city(i)}`, country: 'ES' });
    for (const i of [0, 1, 2, 255, 256, 257, 65_535, 65_536, 65_537, 72_000, n - 1]) expect(batch.featuresAt(i).city).toBe(`villa${city(i)}`);
    const saved = batch.serialize().store.scalars;
    expect(saved.city).toBeInstanceOf(Uint32Array);
    expect(saved.country).toBeInstanceOf(Uint32Array);
    expect(restoreMatchIndex(structuredClone(batch.serialize()))!.get(String(n - 1))!.city).toBe(`villa${city(n - 1)}`);
  });

  it('takes records only in order, each with its position as id', () => {
    const batch = createMatchIndex({ batch: true });
    batch.add({ ...contacts[0]!, id: '0' });
    expect(() => batch.add({ ...contacts[1]!, id: 'x' })).toThrow(/slot 1/);
  });
});

describe('frozen postings', () => {
  it('holds the blocks a posting table holds, sorted a range of keys at a time', () => {
    // 3,000 records with 1–6 keys each from a small range (many shared, some over the cap)
    let seed = 1;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const keysOf = Array.from({ length: 3000 }, () => [...new Set(Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() ** 3 * 0x3fffffff) & ~0xffff))]);
    const table = new PostingTable();
    keysOf.forEach((keys, slot) => keys.forEach((k) => table.add(k, slot)));
    for (const partKeys of [1 << 20, 1000, 7]) {
      const frozen = new FrozenPostings(keysOf.length, (slot, fn) => keysOf[slot]!.forEach(fn), 40, partKeys);
      for (const k of new Set(keysOf.flat())) {
        const size = table.size(k);
        expect(frozen.size(k)).toBe(size);
        const b = frozen.find(k);
        if (size === 1) {
          expect(b).toBe(-1);
          continue;
        }
        const walked: number[] = [];
        for (let p = table.first(k); p >= 0; p = table.nextPosting(p)) walked.push(table.slotOf(p));
        const stored: number[] = [];
        for (let p = frozen.start(b); p < frozen.end(b); p++) stored.push(frozen.slotAt(p));
        expect(stored).toEqual(size <= 40 ? walked : []);
      }
      // released, the slots go and the sizes stay
      frozen.releaseSlots();
      for (const k of new Set(keysOf.flat())) expect(frozen.size(k)).toBe(table.size(k));
    }
  });
});

describe('byte string table', () => {
  it('gives each string one id and reads it back as given', () => {
    const t = new ByteStringTable();
    const words = ['ana.ruiz@iberia.es', 'josé@ñandú.com.ar', '612345678;204', '日本@例え.jp', 'x', '😀@emoji.io'];
    const ids = words.map((w) => t.intern(w));
    expect(new Set(ids).size).toBe(words.length);
    expect(words.map((w) => t.intern(w))).toEqual(ids);
    expect(ids.map((id) => t.get(id))).toEqual(words);
    expect(t.find('nobody@nowhere.es')).toBe(0);
    expect(t.find(words[1]!)).toBe(ids[1]);
    // past several rehashes and growths of the byte array
    const many = Array.from({ length: 20_000 }, (_, i) => `person${i}.${'x'.repeat(i % 40)}@company${i % 97}.com`);
    const manyIds = many.map((w) => t.intern(w));
    expect(many.map((w) => t.find(w))).toEqual(manyIds);
    expect(manyIds.map((id) => t.get(id))).toEqual(many);
    expect(t.list().slice(1, 1 + words.length)).toEqual(words);
    // its hash table released (a batch complete), then built again by the next lookup
    t.releaseLookup();
    expect(many.map((w) => t.find(w))).toEqual(manyIds);
    t.releaseLookup();
    expect(t.intern('new@one.es')).toBe(words.length + many.length + 1);
    expect(t.intern(many[7]!)).toBe(manyIds[7]);
  });
});
