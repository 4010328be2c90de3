// Options → Connections, the catalogue's sign-in kind `org-url` (Dynamics 365): the organization's
// address and "Sign in with Microsoft" (Microsoft Entra ID, authorization code + PKCE), and the
// admin's set-up of the team's app registration (the fields the CRM's catalogue entry names, the
// callback URL to register). Such a CRM has no API tokens to paste: signing in is the only way.
import { useState } from 'react';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { useSetUpFields } from './OAuthSetUp';
import { OAuthSignIn } from './OAuthSignIn';
import { SignInOnlyForm, type SignInOnlyProps } from './SignInOnlyForm';
import { Labelled, input } from './ui';

/** The org URL and the sign-in button; `onSignIn` asks for the permissions inside the click. */
export function OrgUrlSignIn({ system, form, busy, error, onSignIn }: SignInOnlyProps<'org-url', [orgUrl: string]>) {
  const { t } = useOptionsTranslator();
  const [orgUrl, setOrgUrl] = useState('');
  const fields = useSetUpFields(form.setUp.fields);
  return (
    <SignInOnlyForm system={system} hint={t(form.hint)} error={error}>
      <Labelled label={t(form.orgUrl.label)}>
        <input data-dealside="connect-base-url" className={input} type="url" value={orgUrl} placeholder={form.orgUrl.placeholder} onChange={(e) => setOrgUrl(e.target.value)} />
      </Labelled>
      <OAuthSignIn
        system={system}
        label={busy ? t('connecting') : t(form.button)}
        prominent
        ready={orgUrl.trim().length > 0}
        busy={busy}
        onSignIn={() => onSignIn(orgUrl.trim())}
        setUp={{ hint: t(form.setUp.hint), fields }}
      />
    </SignInOnlyForm>
  );
}
