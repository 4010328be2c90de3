import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../store/db';
import { loadDemo } from '../workspace';
import { queryWords, quickSearch } from './search';
import { createMatchService } from '../matchService';

let db: Db;
beforeAll(async () => {
  db = await openStore(`search-${Math.random()}`);
  await loadDemo(db, new Date('2026-11-22T10:00:00Z'));
});

describe('quickSearch', () => {
  it('finds people by name ignoring accents and case, with owner', async () => {
    const results = await quickSearch(db, 'MARIA JOSE GARC');
    expect(results.find((r) => r.id === 'demo-per-0001')).toMatchObject({ name: 'María José García López', ownerName: 'Lucía Fernández', kind: 'contact' });
    // her duplicate lead (typed without accents) shows up too: the SDR sees both
    expect(results.some((r) => r.id !== 'demo-per-0001' && r.kind === 'lead' && r.name === 'Maria Jose Garcia')).toBe(true);
  });
  it('finds by e-mail prefix and accounts by name', async () => {
    expect((await quickSearch(db, 'sarah.mitchell@'))[0]?.name).toBe('Sarah Mitchell');
    expect((await quickSearch(db, 'iberia log')).some((r) => r.kind === 'account' && r.name === 'Iberia Logística S.L.')).toBe(true);
  });
  it('with the matcher’s index, finds a surname, a second given name or a word of the company', async () => {
    const index = await createMatchService(() => new Date('2026-11-22T10:00:00Z')).indexes(db);
    // prefix-only search cannot find her by her surname …
    expect((await quickSearch(db, 'garcía lópez')).some((r) => r.id === 'demo-per-0001')).toBe(false);
    // … the word search can, accents and case ignored, in any order
    expect((await quickSearch(db, 'garcía lópez', index)).some((r) => r.id === 'demo-per-0001')).toBe(true);
    expect((await quickSearch(db, 'LOPEZ maria', index)).some((r) => r.id === 'demo-per-0001')).toBe(true);
    expect((await quickSearch(db, 'josé garc', index)).some((r) => r.id === 'demo-per-0001')).toBe(true);
    // a word inside a company's name
    expect((await quickSearch(db, 'logística', index)).some((r) => r.kind === 'account' && r.name === 'Iberia Logística S.L.')).toBe(true);
    // every word must match: no noise from one common word
    const both = await quickSearch(db, 'garcia zzzz', index);
    expect(both.some((r) => r.id === 'demo-per-0001')).toBe(false);
    // bounded, accounts keep their room
    expect((await quickSearch(db, 'mar', index)).length).toBeLessThanOrEqual(16);
  });

  it('follows the matcher’s index as it changes (a record added or removed after the first search)', async () => {
    const matches = createMatchService(() => new Date('2026-11-22T10:00:00Z'));
    const index = await matches.indexes(db);
    expect((await quickSearch(db, 'tzul', index)).length).toBe(0);
    const valentina = { ...(await db.get('people', 'demo-per-0003'))!, id: 'search-new-1', firstName: 'Ixchel', lastName: 'Tzul Canché', fullName: 'Ixchel Tzul Canché' };
    await db.put('people', valentina);
    matches.upsertPerson(valentina);
    expect((await quickSearch(db, 'tzul', index)).map((r) => r.name)).toEqual(['Ixchel Tzul Canché']);
    matches.removePerson('search-new-1');
    expect((await quickSearch(db, 'tzul', index)).some((r) => r.id === 'search-new-1')).toBe(false);
  });

  it('reads the words of a query, particles dropped unless alone', () => {
    expect(queryWords('María de la Fuente')).toEqual(['maria', 'fuente']);
    expect(queryWords('  De  ')).toEqual(['de']);
  });

  it('needs two characters and bounds the result', async () => {
    expect(await quickSearch(db, 'm')).toEqual([]);
    expect((await quickSearch(db, 'ma')).length).toBeLessThanOrEqual(16);
  });
});
