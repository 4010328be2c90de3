// CRM connections (issue #6): per CRM, its status and what to do about it, connect with a token
// (Salesforce also by signing in; Dynamics 365 and Zoho CRM only by signing in), disconnect (keeping or discarding what was not sent yet), sync
// now, last sync, progress, the API budget, the outbox (refused entries: retry / discard) and the
// mapping of BANT answers to CRM fields and of buying-committee roles to the CRM's values (roles
// sync). Updates live on event/sync-changed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { sendRequest } from '../../../utils/messaging/client';
import type { ConnectionViewMessage, SyncStatusMessage } from '../../../utils/messaging/protocol';
import type { MessageKey } from '../../../utils/i18n/messages';
import { connectPermissions, type ConnectPermissionRequest } from '../../../utils/crms/permissions';
import { useTranslator } from '../../app/DealsideProvider';
import { useSyncStatus } from '../../app/queries';
import { bantFieldLabel, syncFieldLabel } from '../../sidebar/ConflictsPanel';
import { CRM_NAMES } from '../../../utils/crms/names';
import { Card, Field, Pill } from '../../ui/primitives';
import { COMMITTEE_ROLES, ROLE_LABELS, type CommitteeRole } from '../../../utils/domain/committee/roles';
import { DynamicsSignIn } from './DynamicsSignIn';
import { ZohoSignIn } from './ZohoSignIn';

const SYSTEMS = ['hubspot', 'salesforce', 'pipedrive', 'dynamics', 'zoho'] as const;
type System = (typeof SYSTEMS)[number];

/** The BANT answers that sync, in the order the sidebar shows them. */
const BANT_SYNC_FIELDS = [
  'bant.budget.status',
  'bant.budget.answer',
  'bant.budget.amount',
  'bant.budget.note',
  'bant.authority.status',
  'bant.authority.engaged',
  'bant.authority.note',
  'bant.need.status',
  'bant.need.category',
  'bant.need.statement',
  'bant.need.note',
  'bant.timing.status',
  'bant.timing.horizon',
  'bant.timing.targetDate',
  'bant.timing.note',
] as const;

const STATUS_TONE = { connected: 'green', 'reconnect-needed': 'amber', paused: 'slate', error: 'red' } as const;

const primary = 'rounded bg-slate-800 px-3 py-1.5 font-medium text-white disabled:opacity-50';
const secondary = 'rounded border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 disabled:opacity-50';
const input = 'w-full rounded border border-slate-300 px-2 py-1 font-mono text-[12px]';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function useDateTime() {
  const { locale } = useTranslator();
  const format = new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return (iso: string) => format.format(new Date(iso));
}

export function ConnectionsSection() {
  const { t } = useTranslator();
  const status = useSyncStatus();
  return (
    <Card>
      <h2 className="mb-1 text-[15px] font-semibold">{t('connections')}</h2>
      <p className="mb-3 text-slate-600">{t('connectionsHint')}</p>
      {status.isPending ? <p>{t('loading')}</p> : null}
      {status.isError ? <p className="text-rose-700">{status.error.message}</p> : null}
      {status.data ? (
        <div className="space-y-3">
          {SYSTEMS.map((system) => (
            <ConnectionCard key={system} system={system} view={status.data.connections.find((c) => c.system === system)} />
          ))}
        </div>
      ) : null}
    </Card>
  );
}

function ConnectionCard({ system, view }: { system: System; view: ConnectionViewMessage | undefined }) {
  const { t, number } = useTranslator();
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
          {view.lastError ? <div className="mt-0.5 text-[12px] opacity-90">{view.lastError.message}</div> : null}
        </div>
      ) : null}
      {/* The status message often is the last error itself (an expired token): say it once. */}
      {view?.message && view.message !== view.lastError?.message ? (
        <p data-dealside="connection-message" className="mb-2 text-[12px] text-slate-600">{view.message}</p>
      ) : null}
      {view && view.status === 'connected' && view.lastError ? (
        <p data-dealside="connection-error" className="mb-2 text-[12px] text-rose-700">{view.lastError.message}</p>
      ) : null}
      {view && view.capabilities.bant === 'missing' ? <p className="mb-2 text-[12px] text-amber-800">{t('bantMissing')}</p> : null}

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

function BudgetMeter({ usage }: { usage: ConnectionViewMessage['usage'] }) {
  const { t, number } = useTranslator();
  if (!usage || usage.limit <= 0) {
    return (
      <Field label={t('apiBudget')} data-dealside="api-budget">
        <span className="font-normal text-slate-500">{t('usageUnknown')}</span>
      </Field>
    );
  }
  const share = Math.min(1, usage.used / usage.limit);
  const tone = share >= 0.95 ? 'bg-rose-600' : share >= 0.8 ? 'bg-amber-500' : 'bg-emerald-600';
  return (
    <div className="py-0.5" data-dealside="api-budget" data-used={usage.used} data-limit={usage.limit}>
      <div className="flex items-baseline justify-between gap-2">
        <span className="text-slate-500">{t('apiBudget')}</span>
        <span className="text-right font-medium">
          {number(usage.used)} / {number(usage.limit)} {t(`usage.${usage.kind}`)}
        </span>
      </div>
      <div className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={usage.limit} aria-valuenow={usage.used}>
        <div className={`h-full ${tone}`} style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
    </div>
  );
}

function DisconnectButton({ system, view, onDone }: { system: System; view: ConnectionViewMessage; onDone: (s: SyncStatusMessage) => void }) {
  const { t } = useTranslator();
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

function FailedEntries({ system }: { system: System }) {
  const tr = useTranslator();
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
                {e.lastError ? <div className="text-[12px] break-words text-rose-800">{e.lastError.message}</div> : null}
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

function ConnectForm({ system, onConnected }: { system: System; onConnected?: () => void }) {
  const { t } = useTranslator();
  const client = useQueryClient();
  const [token, setToken] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const crm = CRM_NAMES[system];

  const done = () => {
    setToken('');
    setError(undefined);
    void client.invalidateQueries({ queryKey: ['sync'] });
    onConnected?.();
  };

  /**
   * The permissions first — inside the click, while the browser still sees the user's gesture: the
   * CRM's API host, and for signing in the identity API (its sign-in window).
   */
  const withPermission = (url: string | undefined, then: () => Promise<unknown>, signIn = false) => {
    setError(undefined);
    let request: ConnectPermissionRequest;
    try {
      if (url) new URL(url);
      request = connectPermissions(import.meta.env.FIREFOX ? 'firefox' : 'chrome', system, { ...(url ? { baseUrl: url } : {}), signIn });
    } catch {
      setError(t('badUrl'));
      return;
    }
    const { origins } = request;
    let asked: Promise<boolean>;
    try {
      // Firefox's data_collection is not in the Chrome-based typings.
      asked = browser.permissions.request(request as Parameters<typeof browser.permissions.request>[0]);
    } catch (e) {
      asked = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    setBusy(true);
    void asked
      .then(async (granted) => {
        if (!granted) {
          setError(t('permissionDenied').replace('{host}', origins.map((o) => o.replace(/\/\*$/, '')).join(', ')));
          return;
        }
        await then();
        done();
      })
      .catch((e: unknown) => {
        const message = errorText(e);
        setError(/not set up in this build/i.test(message) ? t('oauthNotSetUp').replace('{crm}', crm) : message);
      })
      .finally(() => setBusy(false));
  };

  // Dynamics 365 signs in with Microsoft (the org's address first); it has no token to paste.
  if (system === 'dynamics') {
    return <DynamicsSignIn busy={busy} {...(error ? { error } : {})} onSignIn={(orgUrl) => withPermission(orgUrl, () => sendRequest({ type: 'sync/connect-oauth', system, orgUrl }), true)} />;
  }
  // Zoho CRM signs in at the account's data centre (its hosts are what the click asks for).
  if (system === 'zoho') {
    return (
      <ZohoSignIn
        busy={busy}
        {...(error ? { error } : {})}
        onSignIn={(dataCentre, apiHost) => withPermission(apiHost, () => sendRequest({ type: 'sync/connect-oauth', system, dataCentre }), true)}
      />
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const url = baseUrl.trim() || undefined;
    withPermission(url, () => sendRequest({ type: 'sync/connect-token', system, token: token.trim(), ...(url ? { baseUrl: url } : {}) }));
  };

  const tokenLabel: Record<Exclude<System, 'dynamics' | 'zoho'>, MessageKey> = { hubspot: 'tokenHubspot', salesforce: 'tokenSalesforce', pipedrive: 'tokenPipedrive' };
  const hint: Record<Exclude<System, 'dynamics' | 'zoho'>, MessageKey> = { hubspot: 'tokenHubspotHint', salesforce: 'tokenSalesforceHint', pipedrive: 'tokenPipedriveHint' };
  const canSubmit = token.trim().length >= 8 && (system !== 'salesforce' || baseUrl.trim().length > 0) && !busy;

  return (
    <form data-dealside="connect-form" data-system={system} className="space-y-2" onSubmit={submit}>
      <p className="text-[12px] text-slate-600">{t(hint[system])}</p>
      {system === 'salesforce' || system === 'hubspot' ? (
        <SignIn
          system={system}
          busy={busy}
          onSignIn={() => withPermission(system === 'salesforce' ? baseUrl.trim() || undefined : undefined, () => sendRequest({ type: 'sync/connect-oauth', system }), true)}
        />
      ) : null}
      {system === 'salesforce' || system === 'pipedrive' ? (
        <Labelled label={t(system === 'salesforce' ? 'salesforceInstanceUrl' : 'pipedriveCompanyUrl')}>
          <input
            data-dealside="connect-base-url"
            className={input}
            type="url"
            value={baseUrl}
            placeholder={system === 'salesforce' ? 'https://yourcompany.my.salesforce.com' : 'https://yourcompany.pipedrive.com'}
            onChange={(e) => setBaseUrl(e.target.value)}
          />
        </Labelled>
      ) : null}
      <Labelled label={t(tokenLabel[system])}>
        <input
          data-dealside="connect-token"
          className={input}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </Labelled>
      <button type="submit" data-dealside="connect" className={primary} disabled={!canSubmit}>
        {busy ? t('connecting') : t('connect')}
      </button>
      {error ? (
        <p data-dealside="connect-error" role="alert" className="rounded bg-rose-50 px-2 py-1 text-rose-800">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/**
 * "Sign in with Salesforce / HubSpot": enabled once the team's OAuth app is known (built in, or
 * entered by an admin below it). The set-up shows the callback URL to register in that app.
 */
function SignIn({ system, busy, onSignIn }: { system: 'salesforce' | 'hubspot'; busy: boolean; onSignIn: () => void }) {
  const { t } = useTranslator();
  const client = useQueryClient();
  const crm = CRM_NAMES[system];
  const setup = useQuery({ queryKey: ['sync', 'oauth'], queryFn: () => sendRequest({ type: 'sync/oauth-get' }) });
  const current = setup.data?.[system];
  const [clientId, setClientId] = useState<string>();
  const [address, setAddress] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const idValue = clientId ?? current?.clientId ?? '';
  const addressValue = address ?? (current ? (system === 'salesforce' ? (setup.data?.salesforce?.loginHost ?? '') : (setup.data?.hubspot?.tokenUrl ?? '')) : '');
  const save = useMutation({
    mutationFn: (remove: boolean) =>
      sendRequest({
        type: 'sync/oauth-set',
        system,
        client: remove
          ? null
          : system === 'salesforce'
            ? { clientId: idValue.trim(), ...(addressValue.trim() ? { loginHost: addressValue.trim() } : {}) }
            : { clientId: idValue.trim(), tokenUrl: addressValue.trim() },
      }),
    onSuccess: (data) => {
      client.setQueryData(['sync', 'oauth'], data);
      setClientId(undefined);
      setAddress(undefined);
      setSaved(true);
    },
  });
  const canSave = idValue.trim().length > 0 && (system === 'salesforce' || addressValue.trim().length > 0) && !save.isPending;
  const redirectUri = setup.data?.redirectUri;
  return (
    <div className="space-y-1" data-dealside="sign-in" data-system={system}>
      <button type="button" data-dealside="connect-oauth" className={secondary} disabled={busy || !current} onClick={onSignIn}>
        {t('signInWith').replace('{crm}', crm)}
      </button>
      {setup.data && !current ? <p className="text-[12px] text-slate-500">{t('oauthNeedsSetup').replace('{crm}', crm)}</p> : null}
      {current?.builtIn ? null : (
        <details data-dealside="oauth-setup" className="rounded border border-slate-200 px-2 py-1">
          <summary className="cursor-pointer text-[12px] font-medium">{t('oauthSetupTitle')}</summary>
          <div className="mt-2 space-y-2">
            <p className="text-[12px] text-slate-600">{t(system === 'salesforce' ? 'oauthSetupSalesforceHint' : 'oauthSetupHubspotHint')}</p>
            {redirectUri ? (
              <Labelled label={t('oauthCallbackUrl')}>
                <div className="flex gap-1">
                  <input data-dealside="oauth-redirect" className={input} readOnly value={redirectUri} onFocus={(e) => e.target.select()} />
                  <button
                    type="button"
                    className={secondary}
                    onClick={() => {
                      void navigator.clipboard?.writeText(redirectUri).then(() => setCopied(true), () => setCopied(false));
                    }}
                  >
                    {copied ? t('copied') : t('copy')}
                  </button>
                </div>
              </Labelled>
            ) : null}
            <Labelled label={t(system === 'salesforce' ? 'oauthConsumerKey' : 'oauthClientId')}>
              <input
                data-dealside="oauth-client-id"
                className={input}
                autoComplete="off"
                spellCheck={false}
                value={idValue}
                onChange={(e) => {
                  setSaved(false);
                  setClientId(e.target.value);
                }}
              />
            </Labelled>
            <Labelled label={t(system === 'salesforce' ? 'oauthLoginHost' : 'oauthTokenExchange')}>
              <input
                data-dealside="oauth-address"
                className={input}
                type="url"
                value={addressValue}
                placeholder={system === 'salesforce' ? 'https://login.salesforce.com' : 'https://auth.yourcompany.com/hubspot/token'}
                onChange={(e) => {
                  setSaved(false);
                  setAddress(e.target.value);
                }}
              />
            </Labelled>
            <div className="flex items-center gap-2">
              <button type="button" data-dealside="oauth-save" className={primary} disabled={!canSave} onClick={() => save.mutate(false)}>
                {t('oauthSave')}
              </button>
              {current ? (
                <button type="button" data-dealside="oauth-remove" className={secondary} disabled={save.isPending} onClick={() => save.mutate(true)}>
                  {t('oauthRemove')}
                </button>
              ) : null}
              {saved ? <span data-dealside="oauth-saved" className="text-emerald-700">{t('oauthSaved')}</span> : null}
            </div>
            {save.isError ? (
              <p data-dealside="oauth-error" role="alert" className="rounded bg-rose-50 px-2 py-1 text-rose-800">
                {save.error.message}
              </p>
            ) : null}
          </div>
        </details>
      )}
    </div>
  );
}

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block">
      <span className="mb-0.5 block text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/**
 * Our fields (or roles) and the CRM value each maps to, one select per row, and the save bar. A
 * value the CRM no longer offers stays visible as it is, so saving never drops it silently.
 */
function MappingTable({
  rows,
  options,
  selectProps,
  onChange,
  save,
}: {
  rows: Array<{ key: string; label: string; value: string | null | undefined }>;
  options: Array<{ value: string; label: string }>;
  selectProps: (key: string) => Record<`data-${string}`, string>;
  onChange: (key: string, value: string | null) => void;
  save: { name: string; label: string; savedName: string; savedLabel: string; dirty: boolean; saved: boolean; mutation: { isPending: boolean; isError: boolean; error: Error | null; mutate: () => void } };
}) {
  const { t } = useTranslator();
  return (
    <>
      <table className="w-full text-left text-[12px]">
        <tbody>
          {rows.map(({ key, label, value }) => (
            <tr key={key} className="border-t border-slate-100">
              <td className="py-1 pr-2 text-slate-700">{label}</td>
              <td className="py-1">
                <select {...selectProps(key)} className="w-full rounded border border-slate-300 px-1 py-0.5" value={value ?? ''} onChange={(e) => onChange(key, e.target.value || null)}>
                  <option value="">{t('notSynced')}</option>
                  {value && !options.some((o) => o.value === value) ? <option value={value}>{value}</option> : null}
                  {options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-2 flex items-center gap-2">
        <button data-dealside={save.name} className={primary} disabled={!save.dirty || save.mutation.isPending} onClick={() => save.mutation.mutate()}>
          {save.label}
        </button>
        {save.saved ? (
          <span data-dealside={save.savedName} className="text-emerald-700">
            {save.savedLabel}
          </span>
        ) : null}
        {save.mutation.isError ? <span className="text-rose-700">{save.mutation.error?.message}</span> : null}
      </div>
    </>
  );
}

type MapEntity = 'deal' | 'person' | 'lead';

function FieldMapping({ system }: { system: System }) {
  const tr = useTranslator();
  const { t } = tr;
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [entity, setEntity] = useState<MapEntity>('deal');
  const [draft, setDraft] = useState<Record<string, string | null>>({});
  const [saved, setSaved] = useState(false);
  const fields = useQuery({
    queryKey: ['sync', 'fields', system, entity],
    queryFn: () =>
      sendRequest({ type: 'sync/fields', system, entity: entity === 'lead' ? 'person' : entity, ...(entity === 'lead' ? { kind: 'lead' as const } : entity === 'person' && (system === 'salesforce' || system === 'dynamics' || system === 'zoho') ? { kind: 'contact' as const } : {}) }),
    enabled: open,
    staleTime: 60_000,
  });
  const save = useMutation({
    mutationFn: () => sendRequest({ type: 'sync/map-fields', system, entity, map: draft }),
    onSuccess: () => {
      setDraft({});
      setSaved(true);
      void client.invalidateQueries({ queryKey: ['sync'] });
    },
  });
  const current: Record<string, string> = {};
  for (const f of fields.data ?? []) if (f.mappedTo) current[f.mappedTo] = f.name;
  const choices = (fields.data ?? []).filter((f) => f.writable).sort((a, b) => Number(b.custom) - Number(a.custom) || a.label.localeCompare(b.label));
  const entities: MapEntity[] = system === 'salesforce' || system === 'dynamics' || system === 'zoho' ? ['deal', 'person', 'lead'] : ['deal', 'person'];
  const entityLabel: Record<MapEntity, MessageKey> = { deal: 'deals', person: 'contacts', lead: 'lead' };

  return (
    <details className="mt-3 border-t border-slate-100 pt-2" data-dealside="field-mapping" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer font-medium">{t('fieldMapping')}</summary>
      <p className="my-2 text-[12px] text-slate-600">{t('fieldMappingHint')}</p>
      <div className="mb-2 flex gap-1">
        {entities.map((e) => (
          <button
            key={e}
            type="button"
            data-dealside="mapping-entity"
            data-entity={e}
            aria-pressed={entity === e}
            className={`rounded px-2 py-0.5 ${entity === e ? 'bg-slate-800 text-white' : 'border border-slate-300'}`}
            onClick={() => {
              setEntity(e);
              setDraft({});
              setSaved(false);
            }}
          >
            {t(entityLabel[e])}
          </button>
        ))}
      </div>
      {fields.isPending && open ? <p>{t('loading')}</p> : null}
      {fields.isError ? <p className="text-rose-700">{fields.error.message}</p> : null}
      {fields.data ? (
        <>
          <MappingTable
            rows={BANT_SYNC_FIELDS.map((field) => ({ key: field, label: bantFieldLabel(field, tr) ?? field, value: field in draft ? draft[field] : current[field] }))}
            options={choices.map((c) => ({ value: c.name, label: c.label === c.name ? c.name : `${c.label} (${c.name})` }))}
            selectProps={(field) => ({ 'data-dealside': 'mapping-select', 'data-field': field })}
            onChange={(field, value) => {
              setSaved(false);
              setDraft((d) => ({ ...d, [field]: value }));
            }}
            save={{ name: 'save-mapping', label: t('saveMapping'), savedName: 'mapping-saved', savedLabel: t('mappingSaved'), dirty: Object.keys(draft).length > 0, saved, mutation: save }}
          />
        </>
      ) : null}
    </details>
  );
}

/** Buying-committee roles → the CRM's values (roles sync): picklist values, labels or options. */
function RoleMapping({ system }: { system: System }) {
  const tr = useTranslator();
  const { t } = tr;
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Partial<Record<CommitteeRole, string | null>>>({});
  const [saved, setSaved] = useState(false);
  const roles = useQuery({ queryKey: ['sync', 'roles', system], queryFn: () => sendRequest({ type: 'sync/roles', system }), enabled: open, staleTime: 60_000 });
  const save = useMutation({
    mutationFn: () => sendRequest({ type: 'sync/map-roles', system, map: draft }),
    onSuccess: () => {
      setDraft({});
      setSaved(true);
      void client.invalidateQueries({ queryKey: ['sync'] });
    },
  });
  const where: MessageKey =
    system === 'salesforce' ? 'roleMappingSalesforce' : system === 'hubspot' ? 'roleMappingHubspot' : system === 'dynamics' ? 'roleMappingDynamics' : system === 'zoho' ? 'roleMappingZoho' : 'roleMappingPipedrive';
  return (
    <details className="mt-3 border-t border-slate-100 pt-2" data-dealside="role-mapping" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer font-medium">{t('roleMapping')}</summary>
      <p className="my-2 text-[12px] text-slate-600">{t('roleMappingHint')}</p>
      <p className={`mb-2 text-[12px] ${system === 'pipedrive' ? 'text-amber-800' : 'text-slate-600'}`} data-dealside="role-mapping-where">
        {t(where)}
      </p>
      {roles.isPending && open ? <p>{t('loading')}</p> : null}
      {roles.isError ? <p className="text-rose-700">{roles.error.message}</p> : null}
      {roles.data ? (
        <>
          {roles.data.options.length === 0 ? <p className="text-[12px] text-amber-800">{t('roleNoOptions')}</p> : null}
          <MappingTable
            rows={COMMITTEE_ROLES.map((role) => ({ key: role, label: ROLE_LABELS[role][tr.locale], value: role in draft ? draft[role] : roles.data.map[role] }))}
            options={roles.data.options.map((o) => ({ value: o.value, label: o.label }))}
            selectProps={(role) => ({ 'data-dealside': 'role-select', 'data-role': role })}
            onChange={(role, value) => {
              setSaved(false);
              setDraft((d) => ({ ...d, [role]: value }));
            }}
            save={{ name: 'save-role-map', label: t('saveRoleMap'), savedName: 'role-map-saved', savedLabel: t('roleMapSaved'), dirty: Object.keys(draft).length > 0, saved, mutation: save }}
          />
        </>
      ) : null}
    </details>
  );
}
