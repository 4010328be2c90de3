import { describe, expect, it } from 'vitest';
import { openStore } from '../db';

let n = 0;
const fresh = () => `test-001-${n++}-${Math.random()}`;

describe('migration 001: initial stores', () => {
  it('creates every store with the indexes the sidebar looks up by', async () => {
    const db = await openStore(fresh(), 1);
    expect([...db.objectStoreNames].sort()).toEqual(
      ['accounts', 'activities', 'deals', 'people', 'products', 'settings', 'users'].sort(),
    );
    const tx = db.transaction(['accounts', 'people', 'deals', 'activities']);
    expect([...tx.objectStore('people').indexNames].sort()).toEqual(
      ['byAccount', 'byCrmKey', 'byEmail', 'byLinkedinKey', 'byNameKey', 'byOwner', 'bySource'].sort(),
    );
    expect([...tx.objectStore('accounts').indexNames]).toEqual(
      expect.arrayContaining(['byCrmKey', 'byDomain', 'byNameKey', 'byLinkedinKey', 'byParent']),
    );
    expect(tx.objectStore('people').index('byEmail').multiEntry).toBe(true);
    expect(tx.objectStore('deals').index('byContact').multiEntry).toBe(true);
    expect(tx.objectStore('activities').index('byPersonAt').keyPath).toEqual(['personId', 'at']);
    db.close();
  });

  it('keeps data when the database is opened again at the same version', async () => {
    const name = fresh();
    const db = await openStore(name, 1);
    await db.put('settings', { key: 'k', value: 1, updatedAt: '2026-01-01T00:00:00.000Z' });
    db.close();
    const again = await openStore(name, 1);
    expect((await again.get('settings', 'k'))?.value).toBe(1);
    again.close();
  });
});
