// Options → Connections → Salesforce / HubSpot: "Sign in with …" beside the token, and the admin's
// set-up of the team's OAuth app (client id and login host or token exchange; the callback URL).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import { CRM_NAMES } from '../../../utils/crms/names';
import { useTranslator } from '../../app/DealsideProvider';
import { Labelled, input, primary, secondary } from './ui';

/**
 * "Sign in with Salesforce / HubSpot": enabled once the team's OAuth app is known (built in, or
 * entered by an admin below it). The set-up shows the callback URL to register in that app.
 */
export function SalesforceHubspotSignIn({ system, busy, onSignIn }: { system: 'salesforce' | 'hubspot'; busy: boolean; onSignIn: () => void }) {
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
