// "Not the same person": the rep overrules a suggested match; remembered for this page.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import { useTranslator } from '../app/DealsideProvider';

export function NotSameButton({ pageKey, recordId, tabId }: { pageKey: string; recordId: string; tabId: number }) {
  const { t } = useTranslator();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => sendRequest({ type: 'match/not-same', pageKey, recordId, notSame: true }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tab-view', tabId] }),
  });
  return (
    <button
      data-dealside="not-same"
      disabled={mutation.isPending}
      className="mt-2 rounded border border-slate-300 px-2 py-0.5 text-[11px] text-slate-700"
      onClick={() => mutation.mutate()}
    >
      {t('notSame')}
    </button>
  );
}
