// The UI's reads, all through react-query.
import { useQuery } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';

export function useTabView(tabId: number | undefined) {
  return useQuery({
    queryKey: ['tab-view', tabId],
    queryFn: () => sendRequest({ type: 'tab/view', tabId: tabId! }),
    enabled: tabId !== undefined,
    staleTime: 0,
  });
}

/** The CRM connections and what waits to be sent; refreshed on event/sync-changed (key 'sync'). */
export function useSyncStatus() {
  return useQuery({
    queryKey: ['sync', 'status'],
    queryFn: () => sendRequest({ type: 'sync/status' }),
    staleTime: 0,
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
