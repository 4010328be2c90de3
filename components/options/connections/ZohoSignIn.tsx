// Options → Connections → Zoho CRM: the account's data centre and "Sign in with Zoho" (Zoho
// Accounts, authorization code + PKCE), and the admin's set-up of the team's Zoho API console
// client (its client id; the callback URL to register). The data centre decides which Zoho hosts
// the click asks the browser for: that one's sign-in and API hosts, nothing else.
import { CRM_NAMES } from '../../../utils/crms/names';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import { ZOHO_DATA_CENTRES, ZOHO_DC_IDS, type ZohoDataCentre } from '../../../utils/crms/zohoDataCentres';
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

/** The data centre and the sign-in button; `onSignIn` asks for that data centre's hosts inside the click. */
export function ZohoSignIn({ busy, error, onSignIn }: { busy: boolean; error?: string; onSignIn: (dataCentre: ZohoDataCentre, apiHost: string) => void }) {
  const { t } = useTranslator();
  const setup = useQuery({ queryKey: ['sync', 'oauth'], queryFn: () => sendRequest({ type: 'sync/oauth-get' }) });
  const current = setup.data?.zoho;
  const [dc, setDc] = useState<ZohoDataCentre>('us');
  return (
    <div data-dealside="connect-form" data-system="zoho" className="space-y-2">
      <p className="text-[12px] text-slate-600">{t('zohoConnectHint')}</p>
      <Labelled label={t('zohoDataCentre')}>
        <select data-dealside="connect-data-centre" className={input} value={dc} onChange={(e) => setDc(e.target.value as ZohoDataCentre)}>
          {ZOHO_DC_IDS.map((id) => (
            <option key={id} value={id}>
              crm.{ZOHO_DATA_CENTRES[id].label}
            </option>
          ))}
        </select>
      </Labelled>
      <div className="space-y-1" data-dealside="sign-in" data-system="zoho">
        <button type="button" data-dealside="connect-oauth" className={primary} disabled={busy || !current} onClick={() => onSignIn(dc, ZOHO_DATA_CENTRES[dc].api)}>
          {busy ? t('connecting') : t('signInWithZoho')}
        </button>
        {setup.data && !current ? <p className="text-[12px] text-slate-500">{t('oauthNeedsSetup').replace('{crm}', CRM_NAMES.zoho)}</p> : null}
        {current?.builtIn ? null : <ZohoSetUp current={current} redirectUri={setup.data?.redirectUri} />}
      </div>
      {error ? (
        <p data-dealside="connect-error" role="alert" className="rounded bg-rose-50 px-2 py-1 text-rose-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The admin's set-up: the team's Zoho API console client id. */
function ZohoSetUp({ current, redirectUri }: { current: { clientId: string } | undefined; redirectUri: string | undefined }) {
  const { t } = useTranslator();
  const client = useQueryClient();
  const [clientId, setClientId] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const idValue = clientId ?? current?.clientId ?? '';
  const save = useMutation({
    mutationFn: (remove: boolean) => sendRequest({ type: 'sync/oauth-set', system: 'zoho', client: remove ? null : { clientId: idValue.trim() } }),
    onSuccess: (data) => {
      client.setQueryData(['sync', 'oauth'], data);
      setClientId(undefined);
      setSaved(true);
    },
  });
  return (
    <details data-dealside="oauth-setup" className="rounded border border-slate-200 px-2 py-1">
      <summary className="cursor-pointer text-[12px] font-medium">{t('oauthSetupTitle')}</summary>
      <div className="mt-2 space-y-2">
        <p className="text-[12px] text-slate-600">{t('oauthSetupZohoHint')}</p>
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
        <Labelled label={t('oauthZohoClientId')}>
          <input
            data-dealside="oauth-client-id"
            className={input}
            autoComplete="off"
            spellCheck={false}
            value={idValue}
            placeholder="1000.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
            onChange={(e) => {
              setSaved(false);
              setClientId(e.target.value);
            }}
          />
        </Labelled>
        <div className="flex items-center gap-2">
          <button type="button" data-dealside="oauth-save" className={primary} disabled={idValue.trim().length === 0 || save.isPending} onClick={() => save.mutate(false)}>
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
