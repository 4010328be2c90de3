// Options → Connections → Zoho CRM: the account's data centre and "Sign in with Zoho" (Zoho
// Accounts, authorization code + PKCE), and the admin's set-up of the team's Zoho API console
// client (its client id; the callback URL to register). The data centre decides which Zoho hosts
// the click asks the browser for: that one's sign-in and API hosts, nothing else.
import { useState } from 'react';
import { ZOHO_DATA_CENTRES, ZOHO_DC_IDS, type ZohoDataCentre } from '../../../utils/crms/zohoDataCentres';
import { useTranslator } from '../../app/DealsideProvider';
import { clientIdField } from './OAuthSetUp';
import { OAuthSignIn } from './OAuthSignIn';
import { SignInOnlyForm } from './SignInOnlyForm';
import { Labelled, input } from './ui';

/** The data centre and the sign-in button; `onSignIn` asks for that data centre's hosts inside the click. */
export function ZohoSignIn({ busy, error, onSignIn }: { busy: boolean; error?: string; onSignIn: (dataCentre: ZohoDataCentre, apiHost: string) => void }) {
  const { t, locale } = useTranslator();
  const [dc, setDc] = useState<ZohoDataCentre>('us');
  return (
    <SignInOnlyForm system="zoho" hint={t('zohoConnectHint')} error={error}>
      <Labelled label={t('zohoDataCentre')}>
        <select data-dealside="connect-data-centre" className={input} value={dc} onChange={(e) => setDc(e.target.value as ZohoDataCentre)}>
          {ZOHO_DC_IDS.map((id) => (
            <option key={id} value={id}>
              {ZOHO_DATA_CENTRES[id].region[locale]} · crm.{ZOHO_DATA_CENTRES[id].label}
            </option>
          ))}
        </select>
      </Labelled>
      <OAuthSignIn
        system="zoho"
        label={busy ? t('connecting') : t('signInWithZoho')}
        prominent
        busy={busy}
        onSignIn={() => onSignIn(dc, ZOHO_DATA_CENTRES[dc].api)}
        // The team's Zoho API console client: its id.
        setUp={{ hint: t('oauthSetupZohoHint'), fields: [clientIdField(t('oauthZohoClientId'), '1000.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX')] }}
      />
    </SignInOnlyForm>
  );
}
