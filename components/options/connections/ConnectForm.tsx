// Connecting a CRM: the permissions asked inside the click, then what the CRM's catalogue entry
// says its users connect with (`connect`): a token to paste, with its address field and, of the
// sign-in kind `pkce`, "Sign in with …" beside it; or only a sign-in, whose kind (`org-url`,
// `data-centre`) chooses the form. Nothing here asks which CRM it is.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { sendRequest } from '../../../utils/messaging/client';
import { connectPermissions, type ConnectPermissionRequest } from '../../../utils/crms/permissions';
import { CRM_CATALOGUE, isSignInSystem } from '../../../utils/crms/catalogue';
import { CRM_NAMES } from '../../../utils/crms/names';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { DataCentreSignIn } from './DataCentreSignIn';
import { OrgUrlSignIn } from './OrgUrlSignIn';
import { PkceSignIn } from './PkceSignIn';
import type { System } from './systems';
import { Alert, Labelled, input, primary } from './ui';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function ConnectForm({ system, onConnected }: { system: System; onConnected?: () => void }) {
  const { t } = useOptionsTranslator();
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

  const { token: tokenForm, signIn } = CRM_CATALOGUE[system].connect;
  const signInSystem = isSignInSystem(system) ? system : undefined;
  // Only a sign-in: the org's address first (Entra ID), or the account's data centre (its hosts are what the click asks for).
  if (!tokenForm && signIn && signInSystem) {
    if (signIn.kind === 'org-url') {
      return (
        <OrgUrlSignIn
          system={signInSystem}
          form={signIn}
          busy={busy}
          {...(error ? { error } : {})}
          onSignIn={(orgUrl) => withPermission(orgUrl, () => sendRequest({ type: 'sync/connect-oauth', system: signInSystem, orgUrl }), true)}
        />
      );
    }
    if (signIn.kind === 'data-centre') {
      return (
        <DataCentreSignIn
          system={signInSystem}
          form={signIn}
          busy={busy}
          {...(error ? { error } : {})}
          onSignIn={(dataCentre, apiHost) => withPermission(apiHost, () => sendRequest({ type: 'sync/connect-oauth', system: signInSystem, dataCentre }), true)}
        />
      );
    }
  }
  if (!tokenForm) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const url = baseUrl.trim() || undefined;
    withPermission(url, () => sendRequest({ type: 'sync/connect-token', system, token: token.trim(), ...(url ? { baseUrl: url } : {}) }));
  };

  const address = tokenForm.address;
  const canSubmit = token.trim().length >= 8 && (!address?.required || baseUrl.trim().length > 0) && !busy;

  return (
    <form data-dealside="connect-form" data-system={system} className="space-y-2" onSubmit={submit}>
      <p className="text-[12px] text-slate-600">{t(tokenForm.hint)}</p>
      {signIn?.kind === 'pkce' && signInSystem ? (
        <PkceSignIn
          system={signInSystem}
          form={signIn}
          busy={busy}
          // the address typed for the token (an instance) is the host the sign-in goes to as well
          onSignIn={() => withPermission(address ? baseUrl.trim() || undefined : undefined, () => sendRequest({ type: 'sync/connect-oauth', system: signInSystem }), true)}
        />
      ) : null}
      {address ? (
        <Labelled label={t(address.label)}>
          <input data-dealside="connect-base-url" className={input} type="url" value={baseUrl} placeholder={address.placeholder} onChange={(e) => setBaseUrl(e.target.value)} />
        </Labelled>
      ) : null}
      <Labelled label={t(tokenForm.label)}>
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
