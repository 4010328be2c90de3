import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from './db';
import { loadDemo } from '../background/workspace';
import { quickSearch } from './search';

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
  it('needs two characters and bounds the result', async () => {
    expect(await quickSearch(db, 'm')).toEqual([]);
    expect((await quickSearch(db, 'ma')).length).toBeLessThanOrEqual(16);
  });
});
