import { describe, expect, it } from 'vitest';
import { openStore } from './db';
import { countAll, countBySource, deleteBySource, putAll } from './records';
import type { Product } from '../domain/entities';

const product = (id: string, source: Product['source']): Product => ({
  id,
  name: id,
  family: 'core',
  listPrice: 10,
  currency: 'EUR',
  unit: 'seat/year',
  source,
});

describe('record stores', () => {
  it('writes in chunks, counts by source and deletes only one source', async () => {
    const db = await openStore(`records-${Math.random()}`);
    await putAll(db, 'products', [...Array.from({ length: 25 }, (_, i) => product(`d${i}`, 'demo')), product('mine', 'local')], 10);
    expect((await countAll(db)).products).toBe(26);
    expect((await countBySource(db, 'demo')).products).toBe(25);
    const removed = await deleteBySource(db, 'demo');
    expect(removed.products).toBe(25);
    expect(await db.getAllKeys('products')).toEqual(['mine']);
    db.close();
  });
});
