// One CRM's card: its status and what to do about it, last sync, progress, budget, outbox, the
// actions (sync now, reconnect, disconnect), the connect form and the mappings.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import type { ConnectionViewMessage, SyncStatusMessage } from '../../../utils/messaging/protocol';
import type { MessageKey } from '../../../utils/i18n/messages';
import { CRM_NAMES } from '../../../utils/crms/names';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { Field, Pill } from '../../ui/primitives';
import { BudgetMeter } from './BudgetMeter';
import { ConnectForm } from './ConnectForm';
import { DisconnectButton } from './DisconnectButton';
import { FailedEntries } from './FailedEntries';
import { FieldMapping } from './FieldMapping';
import { RoleMapping } from './RoleMapping';
import { SyncErrorText, hintSays } from './SyncErrorText';
import type { System } from './systems';
import { primary, secondary } from './ui';
import { useDateTime } from './useDateTime';

const STATUS_TONE = { connected: 'green', 'reconnect-needed': 'amber', paused: 'slate', error: 'red' } as const;

export function ConnectionCard({ system, view }: { system: System; view: ConnectionViewMessage | undefined }) {
  const { t, number } = useOptionsTranslator();
  const dateTime = useDateTime();
  const client = useQueryClient();
  const [reconnecting, setReconnecting] = useState(false);
  const [connecting, setConnecting] = useState(false);
  const crm = CRM_NAMES[system];
  const refresh = (data?: SyncStatusMessage) => {
    if (data) client.setQueryData(['sync', 'status'], data);
    void client.invalidateQueries({ queryKey: ['sync'] });
  };
  const syncNow = useMutation({ mutationFn: () => sendRequest({ type: 'sync/now', system }), onSuccess: refresh });

  const statusKey: MessageKey = view ? (`connStatus.${view.status}` as MessageKey) : 'connStatus.none';
  const needsAction = view && view.status !== 'connected';
  return (
    <div data-dealside="connection" data-system={system} data-status={view?.status ?? 'none'} className="rounded-md border border-slate-200 p-3">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h3 className="text-[14px] font-semibold">{crm}</h3>
        <Pill tone={view ? STATUS_TONE[view.status] : 'slate'} data-dealside="connection-status">
          {t(statusKey)}
        </Pill>
        {view && view.label !== crm ? <span className="text-slate-500">{view.label}</span> : null}
      </div>

      {needsAction ? (
        <div data-dealside="connection-problem" className="mb-2 rounded bg-amber-50 px-2 py-1 text-amber-950">
          <div className="font-medium">{t(`connHint.${view.status}` as MessageKey)}</div>
          {view.lastError ? (
            <SyncErrorText error={view.lastError} crm={crm} said={hintSays(view.status, view.lastError.code)} className="mt-0.5 text-[12px] opacity-90" />
          ) : null}
        </div>
      ) : null}
      {/* The status message often is the last error itself (an expired token): say it once, explained above. */}
      {view?.message && view.message !== view.lastError?.message ? (
        <p data-dealside="connection-message" className="mb-2 text-[12px] text-slate-600">{view.message}</p>
      ) : null}
      {view && view.status === 'connected' && view.lastError ? (
        <SyncErrorText data-dealside="connection-error" error={view.lastError} crm={crm} className="mb-2 text-[12px] text-rose-700" />
      ) : null}
      {view && view.capabilities.bant === 'missing' ? <p className="mb-2 text-[12px] text-amber-800">{t('bantMissing')}</p> : null}
      {view?.ratesRefused ? (
        <p data-dealside="rates-refused" className="mb-2 text-[12px] text-amber-800">
          {t('ratesRefused').replace('{crm}', crm)} {t(`ratesAsk.${system}`)}
        </p>
      ) : null}

      {view ? (
        <>
          <div className="grid gap-x-6 sm:grid-cols-2">
            <div>
              <Field label={t('lastSync')} data-dealside="last-sync">
                {view.lastPullAt ? dateTime(view.lastPullAt) : t('never')}
              </Field>
              <Field label={t('lastSent')} data-dealside="last-push">
                {view.lastPushAt ? dateTime(view.lastPushAt) : t('never')}
              </Field>
              {view.progress && view.progress.phase !== 'idle' ? (
                <Field label={t('syncInProgress')} data-dealside="sync-progress">
                  {t(`phase.${view.progress.phase}`)}
                  {view.progress.stream ? ` ${view.progress.stream}` : ''} · {number(view.progress.done)}
                  {view.progress.total !== undefined ? ` / ${number(view.progress.total)}` : ''}
                </Field>
              ) : null}
              {view.blockedUntil ? (
                <Field label={t('waitingUntil')} data-dealside="blocked-until">
                  {dateTime(view.blockedUntil)}
                </Field>
              ) : null}
            </div>
            <div>
              <BudgetMeter usage={view.usage} />
              <Field label={t('outboxLabel')} data-dealside="outbox-count">
                {view.outbox.pending} {t('outboxPending')}
                {view.outbox.held ? ` · ${view.outbox.held} ${t('outboxHeld')}` : ''}
                {view.outbox.failed ? ` · ${view.outbox.failed} ${t('outboxFailed')}` : ''}
              </Field>
              <Field label={t('conflictsCount')} data-dealside="conflict-count">
                {view.conflicts}
              </Field>
              {view.conflicts > 0 ? <p className="text-right text-[11px] text-slate-500">{t('conflictsWhere')}</p> : null}
            </div>
          </div>
          <div className="mt-3 flex flex-wrap gap-2">
            <button data-dealside="sync-now" className={primary} disabled={syncNow.isPending} onClick={() => syncNow.mutate()}>
              {t('syncNow')}
            </button>
            <button data-dealside="reconnect" className={secondary} onClick={() => setReconnecting((v) => !v)}>
              {t('reconnect')}
            </button>
            <DisconnectButton system={system} view={view} onDone={refresh} />
          </div>
          {syncNow.isError ? <p className="mt-2 text-rose-700">{syncNow.error.message}</p> : null}
          {view.outbox.failed > 0 ? <FailedEntries system={system} /> : null}
          {reconnecting || view.status === 'reconnect-needed' ? (
            <div className="mt-3 border-t border-slate-100 pt-3">
              <ConnectForm system={system} onConnected={() => setReconnecting(false)} />
            </div>
          ) : null}
          <FieldMapping system={system} />
          <RoleMapping system={system} />
        </>
      ) : connecting ? (
        <ConnectForm system={system} />
      ) : (
        <button data-dealside="connect-open" className={secondary} onClick={() => setConnecting(true)}>
          {t('connect')}…
        </button>
      )}
    </div>
  );
}
