import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openStore } from '../db';

describe('migration 005: account plans', () => {
  it('adds the accountPlans store, keyed by account, to a version-4 database and keeps its data', async () => {
    const name = `m005-${Math.random()}`;
    const v4 = await openStore(name, 4);
    await v4.put('settings', { key: 'workspace', value: { mode: 'demo' }, updatedAt: '2026-01-01T00:00:00.000Z' });
    v4.close();
    const v5 = await openStore(name, 5);
    expect([...v5.objectStoreNames]).toContain('accountPlans');
    expect(v5.transaction('accountPlans').store.keyPath).toBe('accountId');
    await v5.put('accountPlans', { accountId: 'acc-1', items: { needs: { note: 'Cut empty km', at: '2026-11-01T00:00:00.000Z', by: 'u1' } }, updatedAt: '2026-11-01T00:00:00.000Z' });
    expect((await v5.get('accountPlans', 'acc-1'))?.items.needs?.note).toBe('Cut empty km');
    expect((await v5.get('settings', 'workspace'))?.value).toEqual({ mode: 'demo' });
    v5.close();
    const raw = await openDB(name);
    expect(raw.version).toBe(5);
    raw.close();
  });
});
