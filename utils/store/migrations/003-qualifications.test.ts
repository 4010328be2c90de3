import { describe, expect, it } from 'vitest';
import { openStore } from '../db';
import { newQualification } from '../../domain/qualification/qualification';

describe('migration 003: qualifications', () => {
  it('adds the qualifications store, keyed by entity id, keeping earlier data', async () => {
    const name = `m003-${Math.random()}`;
    const v2 = await openStore(name, 2);
    await v2.add('diagnostics', { at: 'x', site: 'hubspot', objectType: '0-1', kind: 'contact', status: 'failed', missing: [], matched: [], page: '' });
    v2.close();
    const v3 = await openStore(name, 3);
    const q = newQualification('deal', 'deal-1', new Date('2026-11-01T00:00:00Z'));
    await v3.put('qualifications', q);
    expect(await v3.get('qualifications', 'deal-1')).toEqual(q);
    expect(await v3.count('diagnostics')).toBe(1);
    v3.close();
  });
});
