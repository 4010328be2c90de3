// Options → Connections → Dynamics 365: the organization's address and "Sign in with Microsoft"
// (Microsoft Entra ID, authorization code + PKCE), and the admin's set-up of the team's app
// registration (application id and tenant, the callback URL to register). Dynamics 365 has no API
// tokens to paste: signing in is the only way.
import { CRM_NAMES } from '../../../utils/crms/names';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import { useTranslator } from '../../app/DealsideProvider';

const primary = 'rounded bg-slate-800 px-3 py-1.5 font-medium text-white disabled:opacity-50';
const secondary = 'rounded border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 disabled:opacity-50';
const input = 'w-full rounded border border-slate-300 px-2 py-1 font-mono text-[12px]';

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block">
      <span className="mb-0.5 block text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/** The org URL and the sign-in button; `onSignIn` asks for the permissions inside the click. */
export function DynamicsSignIn({ busy, error, onSignIn }: { busy: boolean; error?: string; onSignIn: (orgUrl: string) => void }) {
  const { t } = useTranslator();
  const setup = useQuery({ queryKey: ['sync', 'oauth'], queryFn: () => sendRequest({ type: 'sync/oauth-get' }) });
  const current = setup.data?.dynamics;
  const [orgUrl, setOrgUrl] = useState('');
  return (
    <div data-dealside="connect-form" data-system="dynamics" className="space-y-2">
      <p className="text-[12px] text-slate-600">{t('dynamicsConnectHint')}</p>
      <Labelled label={t('dynamicsOrgUrl')}>
        <input data-dealside="connect-base-url" className={input} type="url" value={orgUrl} placeholder="https://yourcompany.crm4.dynamics.com" onChange={(e) => setOrgUrl(e.target.value)} />
      </Labelled>
      <div className="space-y-1" data-dealside="sign-in" data-system="dynamics">
        <button type="button" data-dealside="connect-oauth" className={primary} disabled={busy || !current || orgUrl.trim().length === 0} onClick={() => onSignIn(orgUrl.trim())}>
          {busy ? t('connecting') : t('signInWithMicrosoft')}
        </button>
        {setup.data && !current ? <p className="text-[12px] text-slate-500">{t('oauthNeedsSetup').replace('{crm}', CRM_NAMES.dynamics)}</p> : null}
        {current?.builtIn ? null : <DynamicsSetUp current={current} redirectUri={setup.data?.redirectUri} />}
      </div>
      {error ? (
        <p data-dealside="connect-error" role="alert" className="rounded bg-rose-50 px-2 py-1 text-rose-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The admin's set-up: the team's Entra app registration (application id and tenant). */
function DynamicsSetUp({ current, redirectUri }: { current: { clientId: string; tenant: string } | undefined; redirectUri: string | undefined }) {
  const { t } = useTranslator();
  const client = useQueryClient();
  const [clientId, setClientId] = useState<string>();
  const [tenant, setTenant] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const idValue = clientId ?? current?.clientId ?? '';
  const tenantValue = tenant ?? current?.tenant ?? '';
  const save = useMutation({
    mutationFn: (remove: boolean) =>
      sendRequest({ type: 'sync/oauth-set', system: 'dynamics', client: remove ? null : { clientId: idValue.trim(), tenant: tenantValue.trim() } }),
    onSuccess: (data) => {
      client.setQueryData(['sync', 'oauth'], data);
      setClientId(undefined);
      setTenant(undefined);
      setSaved(true);
    },
  });
  const canSave = idValue.trim().length > 0 && tenantValue.trim().length > 0 && !save.isPending;
  return (
    <details data-dealside="oauth-setup" className="rounded border border-slate-200 px-2 py-1">
      <summary className="cursor-pointer text-[12px] font-medium">{t('oauthSetupTitle')}</summary>
      <div className="mt-2 space-y-2">
        <p className="text-[12px] text-slate-600">{t('oauthSetupDynamicsHint')}</p>
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
        <Labelled label={t('oauthApplicationId')}>
          <input
            data-dealside="oauth-client-id"
            className={input}
            autoComplete="off"
            spellCheck={false}
            value={idValue}
            placeholder="00000000-0000-0000-0000-000000000000"
            onChange={(e) => {
              setSaved(false);
              setClientId(e.target.value);
            }}
          />
        </Labelled>
        <Labelled label={t('oauthTenant')}>
          <input
            data-dealside="oauth-tenant"
            className={input}
            autoComplete="off"
            spellCheck={false}
            value={tenantValue}
            placeholder="yourcompany.onmicrosoft.com"
            onChange={(e) => {
              setSaved(false);
              setTenant(e.target.value);
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
          {saved ? (
            <span data-dealside="oauth-saved" className="text-emerald-700">
              {t('oauthSaved')}
            </span>
          ) : null}
        </div>
        {save.isError ? (
          <p data-dealside="oauth-error" role="alert" className="rounded bg-rose-50 px-2 py-1 text-rose-800">
            {save.error.message}
          </p>
        ) : null}
      </div>
    </details>
  );
}
