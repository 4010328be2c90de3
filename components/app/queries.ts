// The UI's reads, all through react-query.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';

/**
 * How long a tab's view stays fresh. A view changes only with an event (the page reports another
 * record, records change: DealsideProvider invalidates it then), so this only decides whether a
 * surface mounting asks again: a view fetched a moment before — the sidebar's, prefetched while it
 * read its language — is taken as it is. With 0 every sidebar load asked twice, and the second
 * build took the worker's core while the frame painted the first (issue #15.2).
 */
export const TAB_VIEW_FRESH_MS = 2_000;

const tabViewQuery = (tabId: number | undefined) => ({
  queryKey: ['tab-view', tabId],
  queryFn: () => sendRequest({ type: 'tab/view', tabId: tabId! }),
  staleTime: TAB_VIEW_FRESH_MS,
});

export function useTabView(tabId: number | undefined) {
  return useQuery({ ...tabViewQuery(tabId), enabled: tabId !== undefined });
}

/**
 * Asks for a tab's view before anything renders (the in-page sidebar: issue #15.2), so the round
 * trip to the background runs while the surface reads its language; useTabView then takes the
 * answer, or the request already under way, instead of asking once the panel has mounted.
 */
export function prefetchTabView(client: QueryClient, tabId: number | undefined): void {
  if (tabId !== undefined) void client.prefetchQuery(tabViewQuery(tabId));
}

/**
 * Tells the worker the tab's view is on screen: it holds the match index's restore back until then,
 * so as not to take a core while the surface renders (issue #15.3). Losing this costs nothing but
 * the look-alikes' delay (the worker stops waiting on its own), so failures are ignored.
 */
export function sayTabShown(tabId: number): void {
  void sendRequest({ type: 'tab/shown', tabId }).catch(() => undefined);
}

/** The CRM connections and what waits to be sent; refreshed on event/sync-changed (key 'sync'). */
export function useSyncStatus() {
  return useQuery({
    queryKey: ['sync', 'status'],
    queryFn: () => sendRequest({ type: 'sync/status' }),
    staleTime: TAB_VIEW_FRESH_MS,
  });
}

export function useWorkspaceStatus() {
  return useQuery({
    queryKey: ['workspace-status'],
    queryFn: () => sendRequest({ type: 'workspace/status' }),
  });
}

export function useDiagnostics() {
  return useQuery({
    queryKey: ['diagnostics'],
    queryFn: () => sendRequest({ type: 'diagnostics/list' }),
  });
}
