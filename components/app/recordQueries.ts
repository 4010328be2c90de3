// Which cached queries a change of records (`event/entities-changed`) can move, and refreshing them
// without losing an answer on its way.
//
// The CRM's own field and role lists, the team's sign-in set-up and settings do not change with
// records: refetched on every change event of a sync (coalesced to one a second), an open field
// mapping called the CRM's metadata API once a second, spending the rate budget the sync races.
// Saving a mapping, roles or settings refreshes its own queries; a workspace change refreshes all.
//
// A sync's pull describes its change (issue #17.2): the ids it wrote with the records whose views
// they move, and the kinds written. A record view then refetches only when it shows one of those
// ids, or when it reads something a record it does not name can move (a page not yet resolved, the
// book of accounts an account's view compares with). An undescribed change (an edit, an import, or
// "anything", ids []) refetches every query that moves with records, as before.
import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';
import type { ChangeKind } from '../../utils/messaging/protocol';
import type { TabView } from '../../utils/messaging/views';

const NOT_FROM_RECORDS_SYNC = new Set<unknown>(['fields', 'roles', 'oauth']);
/** settings only: sdr and key-accounts settings, the scoring model's versions, the agreement */
const SETTINGS_ONLY = new Set<unknown>(['qualify-settings', 'scoring-history', 'diagnostics']);

export function movesWithRecords(queryKey: readonly unknown[]): boolean {
  const [head, sub] = queryKey;
  if (head === 'sync') return !NOT_FROM_RECORDS_SYNC.has(sub);
  if (head === 'settings') return sub === 'me'; // "you" is picked among the CRM's users
  return !SETTINGS_ONLY.has(head);
}

export type RecordChange = { ids: readonly string[]; kinds?: readonly ChangeKind[] };

const IDENTITY: readonly ChangeKind[] = ['person', 'account', 'deal'];
/** what an account's view compares it with: every account's revenue and products, the catalogue */
const BOOK: readonly ChangeKind[] = ['account', 'deal', 'product'];
const anyOf = (kinds: readonly ChangeKind[], wanted: readonly ChangeKind[]) => kinds.some((k) => wanted.includes(k));

/** Every record id a view names: values of `id` and `…Id` keys, items of `…Ids` arrays, at any depth. */
export function idsNamed(data: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(data)) for (const item of data) idsNamed(item, into);
  else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string' && (key === 'id' || key.endsWith('Id'))) into.add(value);
      else if (key.endsWith('Ids') && Array.isArray(value)) {
        for (const v of value) if (typeof v === 'string') into.add(v);
      }
      else if (value && typeof value === 'object') idsNamed(value, into);
    }
  }
  return into;
}

const namesAny = (data: unknown, ids: ReadonlySet<string>): boolean => {
  for (const id of idsNamed(data)) if (ids.has(id)) return true;
  return false;
};

/** Whether a tab's view (the sidebar's record) can show something new after a described change. */
export function tabViewMoves(view: TabView | undefined, kinds: readonly ChangeKind[], ids: ReadonlySet<string>): boolean {
  const entity = view?.entity;
  // not resolved to one record yet, or resolved to none: any person, account or deal may be it
  if (!entity || view.state !== 'ready' || entity.verdict !== 'in-crm' || entity.duplicatesPending) return anyOf(kinds, IDENTITY);
  // health against peers, whitespace, share of the team's revenue, the weekly review's order
  if ((entity.account360 || entity.abm?.review) && anyOf(kinds, BOOK)) return true;
  return namesAny(entity, ids);
}

/** Whether a change of records can move this query's answer. */
export function movesWith(queryKey: QueryKey, data: unknown, change: RecordChange): boolean {
  if (!movesWithRecords(queryKey)) return false;
  const { kinds } = change;
  if (change.ids.length === 0 || !kinds) return true; // anything, or undescribed
  const ids = new Set(change.ids);
  switch (queryKey[0]) {
    case 'tab-view':
      return data === undefined || tabViewMoves(data as TabView, kinds, ids);
    case 'abm-account':
      // one account's week: its deals, people and touches (each names the account)
      return data === undefined || ids.has(String(queryKey[1])) || namesAny(data, ids);
    case 'abm-review':
      return anyOf(kinds, [...BOOK, 'activity']);
    case 'sync':
      // a conflict held on a record; the connections' progress, the outbox and its counts always
      return queryKey[1] === 'conflicts' ? ids.has(String(queryKey[2])) || data === undefined : true;
    default:
      // counts (workspace-status), the popup's search, the duplicate gate, "you": cheap or open to any record
      return true;
  }
}

/**
 * Refreshes queries as events arrive without ever cancelling one under way: react-query's
 * invalidation cancels a running fetch and starts again, so under a stream of events (a sync's
 * progress four times a second, its records once a second) a query slower than the events never
 * answered — Options' progress line froze. A query fetching when an event names it is refetched
 * once more when its answer lands (the answer may predate the event), so the last state always
 * arrives, and at most one fetch per query is under way.
 */
export function createRefresher(client: QueryClient) {
  const again = new Set<string>();
  const unsubscribe = client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || (event.action.type !== 'success' && event.action.type !== 'error')) return;
    if (again.delete(event.query.queryHash)) void refreshOne(event.query);
  });
  const refreshOne = (query: Query) => client.invalidateQueries({ queryKey: query.queryKey, exact: true }, { cancelRefetch: false });
  const refresh = (matches: (query: Query) => boolean): void => {
    for (const query of client.getQueryCache().findAll({ predicate: matches })) {
      if (query.state.fetchStatus === 'fetching') {
        again.add(query.queryHash);
        query.invalidate();
      } else void refreshOne(query);
    }
  };
  return {
    refresh,
    /** event/entities-changed */
    recordsChanged: (change: RecordChange) => refresh((q) => movesWith(q.queryKey, q.state.data, change)),
    stop: unsubscribe,
  };
}
