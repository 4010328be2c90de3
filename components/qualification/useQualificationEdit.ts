// Sending a qualification edit and folding the recomputed view into the tab's cached view, so
// score, stage and actions change the moment the background has stored the edit.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import type { AnyRequest } from '../../utils/messaging/protocol';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import type { TabView } from '../../utils/messaging/views';

type EditRequest = Extract<AnyRequest, { type: `qualification/${string}` }>;

/**
 * Put the view the background answered an edit with into the tab's cached view. A refetch still
 * in flight may have read the store before this edit (an earlier edit's change event starts one),
 * and landing after this it would show the old answer again: it is cancelled first. The answer is
 * the qualification as stored after the edit, so nothing newer is lost.
 */
export async function foldQualificationView(client: QueryClient, tabId: number, view: QualificationView): Promise<void> {
  await client.cancelQueries({ queryKey: ['tab-view', tabId] });
  client.setQueryData<TabView>(['tab-view', tabId], (old) => (old?.entity ? { ...old, entity: { ...old.entity, qualification: view } } : old));
}

export function useQualificationEdit(tabId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: EditRequest) => sendRequest(request) as Promise<QualificationView>,
    onSuccess: (view) => foldQualificationView(client, tabId, view),
  });
}
