import { describe, expect, it } from 'vitest';
import { openStore } from '../db';
import { newQualification } from '../../domain/qualification/qualification';

describe('migration 004: sync', () => {
  it('adds the outbox, connections, secrets and conflicts stores, keeping earlier data', async () => {
    const name = `m004-${Math.random()}`;
    const v3 = await openStore(name, 3);
    const q = newQualification('deal', 'deal-1', new Date('2026-11-01T00:00:00Z'));
    await v3.put('qualifications', q);
    v3.close();
    const v4 = await openStore(name, 4);
    expect([...v4.objectStoreNames]).toEqual(expect.arrayContaining(['outbox', 'syncConnections', 'syncSecrets', 'syncConflicts']));
    const tx = v4.transaction(['outbox', 'syncConflicts']);
    expect([...tx.objectStore('outbox').indexNames].sort()).toEqual(['byDue', 'byEntity', 'byIdempotencyKey', 'bySystem']);
    expect(tx.objectStore('outbox').index('byIdempotencyKey').unique).toBe(true);
    expect(tx.objectStore('outbox').index('byDue').keyPath).toBe('nextAttemptAt');
    expect([...tx.objectStore('syncConflicts').indexNames].sort()).toEqual(['byLocalId', 'bySystem']);
    expect(await v4.get('qualifications', 'deal-1')).toEqual(q);
    v4.close();
  });
});
