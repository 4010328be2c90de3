// The outbox entries the CRM refused, each with its error: retry (one or all) or discard.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../../utils/messaging/client';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { syncFieldLabel } from '../../sidebar/ConflictsPanel';
import type { System } from './systems';
import { useDateTime } from './useDateTime';
import { SyncErrorText } from './SyncErrorText';
import { CRM_NAMES } from '../../../utils/crms/names';

export function FailedEntries({ system }: { system: System }) {
  const tr = useOptionsTranslator();
  const { t } = tr;
  const dateTime = useDateTime();
  const client = useQueryClient();
  const outbox = useQuery({ queryKey: ['sync', 'outbox', system], queryFn: () => sendRequest({ type: 'sync/outbox', system }), staleTime: 0 });
  const act = useMutation({
    mutationFn: (request: { type: 'sync/retry'; ids?: string[] } | { type: 'sync/discard'; ids: string[] }) =>
      request.type === 'sync/retry' ? sendRequest({ type: 'sync/retry', system, ...(request.ids ? { ids: request.ids } : {}) }) : sendRequest(request),
    onSuccess: (data) => {
      client.setQueryData(['sync', 'status'], data);
      void client.invalidateQueries({ queryKey: ['sync'] });
    },
  });
  const failed = (outbox.data ?? []).filter((e) => e.state === 'failed');
  return (
    <div className="mt-3 border-t border-slate-100 pt-2" data-dealside="failed-entries">
      <div className="mb-1 flex items-center justify-between">
        <span className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t('failedEntries')}</span>
        {failed.length > 1 ? (
          <button data-dealside="retry-all" className="rounded border border-slate-300 px-2 py-0.5" disabled={act.isPending} onClick={() => act.mutate({ type: 'sync/retry' })}>
            {t('retryAll')}
          </button>
        ) : null}
      </div>
      {outbox.isError ? <p className="text-rose-700">{outbox.error.message}</p> : null}
      <ul className="space-y-1">
        {failed.map((e) => (
          <li key={e.id} data-dealside="failed-entry" className="rounded bg-rose-50 px-2 py-1">
            <div className="flex items-start justify-between gap-2">
              <div className="min-w-0">
                <span className="font-medium">
                  {t(`op.${e.op}`)} · {t(e.entity === 'person' ? 'contact' : e.entity === 'product' ? 'products' : e.entity)}
                </span>
                <span className="text-slate-500"> · {e.fields.map((f) => syncFieldLabel(f, tr)).join(', ')}</span>
                {e.lastError ? <SyncErrorText error={e.lastError} crm={CRM_NAMES[system]} className="text-[12px] break-words text-rose-800" /> : null}
                <div className="text-[11px] text-slate-500">
                  {dateTime(e.createdAt)} · {e.attempts} {t('attempts')}
                </div>
              </div>
              <div className="flex shrink-0 gap-1">
                <button data-dealside="retry-entry" className="rounded border border-slate-300 bg-white px-2 py-0.5" disabled={act.isPending} onClick={() => act.mutate({ type: 'sync/retry', ids: [e.id] })}>
                  {t('retry')}
                </button>
                <button
                  data-dealside="discard-entry"
                  className="rounded border border-rose-300 bg-white px-2 py-0.5 text-rose-700"
                  disabled={act.isPending}
                  onClick={() => {
                    if (window.confirm(t('discardConfirm'))) act.mutate({ type: 'sync/discard', ids: [e.id] });
                  }}
                >
                  {t('discard')}
                </button>
              </div>
            </div>
          </li>
        ))}
      </ul>
      {act.isError ? <p className="mt-1 text-rose-700">{act.error.message}</p> : null}
    </div>
  );
}
