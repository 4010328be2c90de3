// Sending a qualification edit and folding the recomputed view into the tab's cached view, so
// score, stage and actions change the moment the background has stored the edit.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import type { AnyRequest } from '../../utils/messaging/protocol';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import type { TabView } from '../../utils/messaging/views';

type EditRequest = Extract<AnyRequest, { type: `qualification/${string}` }>;

export function useQualificationEdit(tabId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: EditRequest) => sendRequest(request) as Promise<QualificationView>,
    onSuccess: (view) => {
      client.setQueryData<TabView>(['tab-view', tabId], (old) =>
        old?.entity ? { ...old, entity: { ...old.entity, qualification: view } } : old,
      );
    },
  });
}
