// Options → Connections → Dynamics 365: the organization's address and "Sign in with Microsoft"
// (Microsoft Entra ID, authorization code + PKCE), and the admin's set-up of the team's app
// registration (application id and tenant, the callback URL to register). Dynamics 365 has no API
// tokens to paste: signing in is the only way.
import { useState } from 'react';
import { useTranslator } from '../../app/DealsideProvider';
import { clientIdField } from './OAuthSetUp';
import { OAuthSignIn } from './OAuthSignIn';
import { SignInOnlyForm } from './SignInOnlyForm';
import { Labelled, input } from './ui';

/** The org URL and the sign-in button; `onSignIn` asks for the permissions inside the click. */
export function DynamicsSignIn({ busy, error, onSignIn }: { busy: boolean; error?: string; onSignIn: (orgUrl: string) => void }) {
  const { t } = useTranslator();
  const [orgUrl, setOrgUrl] = useState('');
  return (
    <SignInOnlyForm system="dynamics" hint={t('dynamicsConnectHint')} error={error}>
      <Labelled label={t('dynamicsOrgUrl')}>
        <input data-dealside="connect-base-url" className={input} type="url" value={orgUrl} placeholder="https://yourcompany.crm4.dynamics.com" onChange={(e) => setOrgUrl(e.target.value)} />
      </Labelled>
      <OAuthSignIn
        system="dynamics"
        label={busy ? t('connecting') : t('signInWithMicrosoft')}
        prominent
        ready={orgUrl.trim().length > 0}
        busy={busy}
        onSignIn={() => onSignIn(orgUrl.trim())}
        setUp={{
          hint: t('oauthSetupDynamicsHint'),
          // The team's Entra app registration: its application id and tenant.
          fields: [
            clientIdField(t('oauthApplicationId'), '00000000-0000-0000-0000-000000000000'),
            { key: 'tenant', name: 'oauth-tenant', label: t('oauthTenant'), placeholder: 'yourcompany.onmicrosoft.com', required: true },
          ],
        }}
      />
    </SignInOnlyForm>
  );
}
