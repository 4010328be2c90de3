import { describe, expect, it } from 'vitest';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { createRefresher, idsNamed, movesWith, movesWithRecords, type RecordChange } from './recordQueries';
import type { TabView } from '../../utils/messaging/views';

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
    [['settings', 'sdr'], false],
    [['scoring-history'], false],
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

const view = (entity: Partial<NonNullable<TabView['entity']>> | undefined, state: TabView['state'] = 'ready'): TabView => ({
  tabId: 7,
  state,
  workspaceMode: 'crm',
  updatedAt: '2026-12-07T09:00:00Z',
  ...(entity
    ? {
        entity: {
          subject: 'person',
          displayName: 'Javier Romero',
          verdict: 'in-crm',
          people: [{ id: 'p-1', kind: 'contact', fullName: 'Javier Romero', openDeals: [{ id: 'd-1', name: 'Flota', stage: 'proposal', currency: 'EUR' }], matchedBy: 'crm-id', source: 'crm', account: { id: 'a-1', name: 'Andinos', lifecycle: 'prospect', keyAccount: false } }],
          accounts: [],
          deals: [],
          duplicates: [{ id: 'p-9', kind: 'contact', fullName: 'J. Romero', openDeals: [], matchedBy: 'match', source: 'crm' }],
          ...entity,
        },
      }
    : {}),
});

describe('movesWith: a described change refetches only what it can move', () => {
  const page = (ids: string[], kinds: RecordChange['kinds'] = ['person']): RecordChange => ({ ids, kinds });

  it('names the ids a view shows, at any depth', () => {
    expect([...idsNamed(view({}))].sort()).toEqual(['a-1', 'd-1', 'p-1', 'p-9']);
  });

  it('a settled record: its own ids, its account, deals and duplicates move it; other records do not', () => {
    const shown = view({});
    expect(movesWith(['tab-view', 7], shown, page(['p-2', 'p-3']))).toBe(false);
    for (const id of ['p-1', 'a-1', 'd-1', 'p-9']) expect(movesWith(['tab-view', 7], shown, page(['p-2', id]))).toBe(true);
  });

  it('anything ([]) or an undescribed change (an edit, an import) moves every record view', () => {
    expect(movesWith(['tab-view', 7], view({}), { ids: [], kinds: ['person'] })).toBe(true);
    expect(movesWith(['tab-view', 7], view({}), { ids: ['p-2'] })).toBe(true);
    expect(movesWith(['sync', 'fields', 'hubspot', 'deal'], undefined, { ids: [] })).toBe(false);
  });

  it('a page not resolved to one record, or duplicates still looked for: any person, account or deal may be it', () => {
    for (const v of [view({ verdict: 'new', people: [], duplicates: [] }), view({ verdict: 'possible' }), view({ duplicatesPending: true }), view(undefined, 'reading')]) {
      expect(movesWith(['tab-view', 7], v, page(['p-2']))).toBe(true);
      expect(movesWith(['tab-view', 7], v, page(['x-1'], ['activity']))).toBe(false);
    }
  });

  it('an account view compares with the book: any account, deal or product moves it; people elsewhere do not', () => {
    const customer = view({ account360: { accountId: 'a-1', matrix: { units: [], products: [], cells: [], ranked: [], actions: [] } } });
    expect(movesWith(['tab-view', 7], customer, page(['a-2'], ['account']))).toBe(true);
    expect(movesWith(['tab-view', 7], customer, page(['d-7', 'a-2'], ['deal']))).toBe(true);
    expect(movesWith(['tab-view', 7], customer, page(['p-2', 'a-2'], ['person']))).toBe(false);
  });

  it('Options’ connections, progress, outbox and counts follow every change; a conflict only its record’s', () => {
    const c = page(['p-2']);
    for (const key of [['sync', 'status'], ['sync', 'outbox', 'hubspot'], ['workspace-status'], ['settings', 'me']]) expect(movesWith(key, {}, c)).toBe(true);
    expect(movesWith(['sync', 'conflicts', 'p-1'], [], c)).toBe(false);
    expect(movesWith(['sync', 'conflicts', 'p-2'], [], c)).toBe(true);
  });
});

describe('createRefresher: a stream of events never starves a query', () => {
  it('a query slower than the events answers, and fetches once more after the last event it did not see', async () => {
    const client = new QueryClient();
    const answers: ((n: number) => void)[] = [];
    let started = 0;
    // an active observer, as Options' progress line is
    const live = new QueryObserver(client, { queryKey: ['sync', 'status'], queryFn: () => (started++, new Promise<number>((r) => answers.push(r))) });
    const seen: (number | undefined)[] = [];
    const stop = live.subscribe((r) => seen.push(r.data));
    const refresher = createRefresher(client);
    expect(started).toBe(1);
    // progress events arrive while the first answer is on its way: no cancel, no second fetch yet
    for (let i = 0; i < 5; i++) refresher.refresh((q) => q.queryKey[0] === 'sync');
    expect(started).toBe(1);
    answers[0]!(100);
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(seen).toContain(100); // the answer landed (react-query alone would have cancelled it five times)
    expect(started).toBe(2); // and one more fetch, started after the events
    answers[1]!(200);
    await new Promise((r) => setImmediate(r));
    expect(seen.at(-1)).toBe(200);
    expect(started).toBe(2); // nothing left pending
    refresher.recordsChanged({ ids: ['p-1'], kinds: ['person'] });
    expect(started).toBe(3);
    stop();
    refresher.stop();
  });
});
