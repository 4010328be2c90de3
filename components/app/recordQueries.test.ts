import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { movesWithRecords } from './recordQueries';

describe('movesWithRecords', () => {
  it.each([
    [['tab-view', 7], true],
    [['workspace-status'], true],
    [['sync'], true],
    [['sync', 'status'], true],
    [['sync', 'outbox', 'hubspot'], true],
    [['sync', 'conflicts', 'c-1'], true],
    [['abm-review'], true],
    [['scoring-learn'], true],
    [['settings', 'me'], true],
    [['sync', 'fields', 'hubspot', 'deal'], false],
    [['sync', 'roles', 'salesforce'], false],
    [['sync', 'oauth'], false],
    [['qualify-settings'], false],
  ] as const)('%j → %s', (key, moves) => {
    expect(movesWithRecords(key)).toBe(moves);
  });

  it('a change of records refetches the record views and not the CRM’s field list', async () => {
    const client = new QueryClient();
    const calls: string[] = [];
    for (const [key, name] of [
      [['tab-view', 1], 'view'],
      [['sync', 'fields', 'hubspot', 'deal'], 'fields'],
    ] as const) {
      await client.fetchQuery({ queryKey: [...key], queryFn: async () => (calls.push(name), name) });
    }
    calls.length = 0;
    await client.invalidateQueries({ predicate: (q) => movesWithRecords(q.queryKey), refetchType: 'all' });
    expect(calls).toEqual(['view']);
  });
});
