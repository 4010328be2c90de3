// A record deleted in its CRM that Dealside kept because it held the rep's work (unsent changes,
// BANT answers): say so, when, and let the rep decide — create it again in the CRM (with its
// fields, BANT answers and the refused changes), or remove it from Dealside (asked twice).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CrmDeleted } from '../../utils/domain/entities';
import { sendRequest } from '../../utils/messaging/client';
import { useTranslator } from '../app/DealsideProvider';
import { crmName } from '../../utils/crms/names';

export function CrmDeletedNotice({ deleted, entity, localId }: { deleted: CrmDeleted | undefined; entity: 'account' | 'person' | 'deal'; localId: string }) {
  const { t, date } = useTranslator();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const act = useMutation({
    mutationFn: (action: 'recreate' | 'remove') => sendRequest({ type: 'sync/deleted-record', entity, localId, action }),
    onSuccess: () => client.invalidateQueries(),
  });
  if (!deleted) return null;
  const crm = crmName(deleted.system);
  const button = 'rounded border border-red-300 bg-white px-2 py-0.5 text-[11px] font-medium text-red-900 disabled:opacity-50';
  return (
    <div data-dealside="crm-deleted" role="status" className="mb-2 rounded bg-red-50 px-2 py-1 text-[12px] text-red-900">
      <div className="font-medium">⚠ {t('crmDeleted').replace('{crm}', crm).replace('{date}', date(deleted.at))}</div>
      <div>{t('crmDeletedHelp').replace(/\{crm\}/g, crm)}</div>
      <div className="mt-1 flex flex-wrap gap-1">
        {confirming ? (
          <>
            <span className="self-center">{t('crmDeletedRemoveConfirm')}</span>
            <button type="button" data-dealside="crm-deleted-remove-yes" className={button} disabled={act.isPending} onClick={() => act.mutate('remove')}>
              {t('crmDeletedRemoveYes')}
            </button>
            <button type="button" className={button} disabled={act.isPending} onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </>
        ) : (
          <>
            <button type="button" data-dealside="crm-deleted-recreate" className={button} disabled={act.isPending} onClick={() => act.mutate('recreate')}>
              {t('crmDeletedRecreate').replace('{crm}', crm)}
            </button>
            <button type="button" data-dealside="crm-deleted-remove" className={button} disabled={act.isPending} onClick={() => setConfirming(true)}>
              {t('crmDeletedRemove')}
            </button>
          </>
        )}
      </div>
      {act.isError ? (
        <div role="alert" className="mt-1 text-red-800">
          {act.error.message}
        </div>
      ) : null}
    </div>
  );
}
