// Options → Connections → Salesforce / HubSpot: "Sign in with …" beside the token, and the admin's
// set-up of the team's OAuth app (client id and login host or token exchange; the callback URL).
import { CRM_NAMES } from '../../../utils/crms/names';
import { useTranslator } from '../../app/DealsideProvider';
import { clientIdField } from './OAuthSetUp';
import { OAuthSignIn } from './OAuthSignIn';

/** Salesforce's login host may stay empty (login.salesforce.com); HubSpot's token exchange may not. */
export function SalesforceHubspotSignIn({ system, busy, onSignIn }: { system: 'salesforce' | 'hubspot'; busy: boolean; onSignIn: () => void }) {
  const { t } = useTranslator();
  const salesforce = system === 'salesforce';
  return (
    <OAuthSignIn
      system={system}
      label={t('signInWith').replace('{crm}', CRM_NAMES[system])}
      busy={busy}
      onSignIn={onSignIn}
      setUp={{
        hint: t(salesforce ? 'oauthSetupSalesforceHint' : 'oauthSetupHubspotHint'),
        fields: [
          clientIdField(t(salesforce ? 'oauthConsumerKey' : 'oauthClientId')),
          salesforce
            ? { key: 'loginHost', name: 'oauth-address', label: t('oauthLoginHost'), url: true, placeholder: 'https://login.salesforce.com' }
            : { key: 'tokenUrl', name: 'oauth-address', label: t('oauthTokenExchange'), url: true, placeholder: 'https://auth.yourcompany.com/hubspot/token', required: true },
        ],
      }}
    />
  );
}
