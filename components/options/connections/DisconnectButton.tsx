// Disconnect, after asking: keep or discard what was not sent yet.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import type { ConnectionViewMessage, SyncStatusMessage } from '../../../utils/messaging/protocol';
import { CRM_NAMES } from '../../../utils/crms/names';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import type { System } from './systems';
import { primary, secondary } from './ui';

export function DisconnectButton({ system, view, onDone }: { system: System; view: ConnectionViewMessage; onDone: (s: SyncStatusMessage) => void }) {
  const { t } = useOptionsTranslator();
  const [asking, setAsking] = useState(false);
  const crm = CRM_NAMES[system];
  const unsent = view.outbox.pending + view.outbox.held + view.outbox.failed;
  const disconnect = useMutation({
    mutationFn: (discardOutbox: boolean) => sendRequest({ type: 'sync/disconnect', system, discardOutbox }),
    onSuccess: (data) => {
      setAsking(false);
      onDone(data);
    },
  });
  if (!asking) {
    return (
      <button data-dealside="disconnect" className={`${secondary} text-rose-700`} onClick={() => setAsking(true)}>
        {t('disconnect')}
      </button>
    );
  }
  return (
    <div data-dealside="disconnect-ask" className="w-full rounded border border-rose-200 bg-rose-50 p-2">
      <p className="mb-2 text-rose-900">
        {unsent > 0 ? t('disconnectAsk').replace('{n}', String(unsent)).replace('{crm}', crm) : t('disconnectConfirm').replace('{crm}', crm)}
      </p>
      <div className="flex flex-wrap gap-2">
        <button data-dealside="disconnect-keep" className={`${primary} bg-rose-700`} disabled={disconnect.isPending} onClick={() => disconnect.mutate(false)}>
          {unsent > 0 ? t('disconnectKeep') : t('disconnect')}
        </button>
        {unsent > 0 ? (
          <button data-dealside="disconnect-discard" className={secondary} disabled={disconnect.isPending} onClick={() => disconnect.mutate(true)}>
            {t('disconnectDiscard')}
          </button>
        ) : null}
        <button data-dealside="disconnect-cancel" className={secondary} onClick={() => setAsking(false)}>
          {t('cancel')}
        </button>
      </div>
      {disconnect.isError ? <p className="mt-2 text-rose-700">{disconnect.error.message}</p> : null}
    </div>
  );
}
