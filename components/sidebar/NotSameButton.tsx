// "Not the same person": the rep overrules a suggested match; remembered for this page.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import { useTranslator } from '../app/DealsideProvider';
import { ConfirmButton } from '../app/ConfirmButton';

export function NotSameButton({ pageKey, recordId, tabId }: { pageKey: string; recordId: string; tabId: number }) {
  const { t } = useTranslator();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => sendRequest({ type: 'match/not-same', pageKey, recordId, notSame: true }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tab-view', tabId] }),
  });
  return (
    <div className="mt-2">
      <ConfirmButton
        dataName="not-same"
        label={t('notSame')}
        question={t('notSameConfirm')}
        yes={t('notSameYes')}
        disabled={mutation.isPending}
        className="rounded border border-slate-300 px-2 py-0.5 text-[11px] text-slate-700"
        onConfirm={() => mutation.mutate()}
      />
    </div>
  );
}
