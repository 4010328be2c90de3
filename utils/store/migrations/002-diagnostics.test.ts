import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openStore } from '../db';

describe('migration 002: diagnostics', () => {
  it('adds the diagnostics store to a version-1 database and keeps its data', async () => {
    const name = `m002-${Math.random()}`;
    const v1 = await openStore(name, 1);
    await v1.put('settings', { key: 'workspace', value: { mode: 'demo' }, updatedAt: '2026-01-01T00:00:00.000Z' });
    v1.close();
    const v2 = await openStore(name, 2);
    expect([...v2.objectStoreNames]).toContain('diagnostics');
    expect(v2.transaction('diagnostics').store.autoIncrement).toBe(true);
    expect([...v2.transaction('diagnostics').store.indexNames]).toEqual(['byAt']);
    expect((await v2.get('settings', 'workspace'))?.value).toEqual({ mode: 'demo' });
    v2.close();
    // the raw database reports the new version
    const raw = await openDB(name);
    expect(raw.version).toBe(2);
    raw.close();
  });
});
