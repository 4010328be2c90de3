// Options → Connections: "Sign in with …" beside the token (the catalogue's sign-in kind `pkce`:
// Salesforce, HubSpot), and the admin's set-up of the team's OAuth app with the fields the CRM's
// catalogue entry names (the callback URL to copy, a client id and a login host or a token exchange).
import type { SignInForm, SignInSystem } from '../../../utils/crms/catalogue';
import { CRM_NAMES } from '../../../utils/crms/names';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { OAuthSignIn } from './OAuthSignIn';
import { useSetUpFields } from './OAuthSetUp';

export function PkceSignIn({ system, form, busy, onSignIn }: { system: SignInSystem; form: Extract<SignInForm, { kind: 'pkce' }>; busy: boolean; onSignIn: () => void }) {
  const { t } = useOptionsTranslator();
  const fields = useSetUpFields(form.setUp.fields);
  return (
    <OAuthSignIn
      system={system}
      label={t('signInWith').replace('{crm}', CRM_NAMES[system])}
      busy={busy}
      onSignIn={onSignIn}
      setUp={{ hint: t(form.setUp.hint), fields }}
    />
  );
}
