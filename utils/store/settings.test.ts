import { describe, expect, it } from 'vitest';
import { openStore } from './db';
import { getSetting, setSetting } from './settings';

const now = new Date('2026-11-22T10:00:00Z');

describe('settings', () => {
  it('round-trips a valid value', async () => {
    const db = await openStore(`settings-${Math.random()}`);
    await setSetting(db, 'workspace', { mode: 'demo', demoSeededAt: now.toISOString() }, now);
    expect(await getSetting(db, 'workspace')).toEqual({ mode: 'demo', demoSeededAt: now.toISOString() });
    db.close();
  });

  it('refuses to store an invalid value and ignores a corrupt stored one', async () => {
    const db = await openStore(`settings-${Math.random()}`);
    await expect(setSetting(db, 'workspace', { mode: 'nonsense' } as never, now)).rejects.toThrow();
    await db.put('settings', { key: 'workspace', value: { mode: 42 }, updatedAt: now.toISOString() });
    expect(await getSetting(db, 'workspace')).toBeUndefined();
    db.close();
  });
});
