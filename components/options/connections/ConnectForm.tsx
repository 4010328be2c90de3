// Connecting a CRM: the permissions asked inside the click, then a token to paste or a sign-in
// (Salesforce, HubSpot), or only a sign-in (Dynamics 365, Zoho CRM).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { sendRequest } from '../../../utils/messaging/client';
import type { MessageKey } from '../../../utils/i18n/messages';
import { connectPermissions, type ConnectPermissionRequest } from '../../../utils/crms/permissions';
import { CRM_NAMES } from '../../../utils/crms/names';
import { useTranslator } from '../../app/DealsideProvider';
import { DynamicsSignIn } from './DynamicsSignIn';
import { SalesforceHubspotSignIn } from './SalesforceHubspotSignIn';
import type { System } from './systems';
import { Alert, Labelled, input, primary } from './ui';
import { ZohoSignIn } from './ZohoSignIn';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function ConnectForm({ system, onConnected }: { system: System; onConnected?: () => void }) {
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
        <SalesforceHubspotSignIn
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
      {error ? <Alert name="connect-error">{error}</Alert> : null}
    </form>
  );
}
