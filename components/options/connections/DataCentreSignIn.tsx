// Options → Connections, the catalogue's sign-in kind `data-centre` (Zoho CRM): the account's data
// centre and "Sign in with …" (authorization code + PKCE at that data centre), and the admin's
// set-up of the team's client (the fields the CRM's catalogue entry names; the callback URL to
// register). The data centre decides which hosts the click asks the browser for: that one's
// sign-in and API hosts, nothing else. Such a CRM has no API tokens to paste.
import { useState } from 'react';
import type { ZohoDataCentre } from '../../../utils/crms/zohoDataCentres';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { useSetUpFields } from './OAuthSetUp';
import { OAuthSignIn } from './OAuthSignIn';
import { SignInOnlyForm, type SignInOnlyProps } from './SignInOnlyForm';
import { Labelled, input } from './ui';

/** The data centre and the sign-in button; `onSignIn` asks for that data centre's hosts inside the click. */
export function DataCentreSignIn({ system, form, busy, error, onSignIn }: SignInOnlyProps<'data-centre', [dataCentre: ZohoDataCentre, apiHost: string]>) {
  const { t, locale } = useOptionsTranslator();
  const [dc, setDc] = useState<ZohoDataCentre>(form.centres[0]!.id);
  const fields = useSetUpFields(form.setUp.fields);
  const chosen = form.centres.find((c) => c.id === dc) ?? form.centres[0]!;
  return (
    <SignInOnlyForm system={system} hint={t(form.hint)} error={error}>
      <Labelled label={t(form.label)}>
        <select data-dealside="connect-data-centre" className={input} value={dc} onChange={(e) => setDc(e.target.value as ZohoDataCentre)}>
          {form.centres.map((c) => (
            <option key={c.id} value={c.id}>
              {c.region[locale]} · crm.{c.label}
            </option>
          ))}
        </select>
      </Labelled>
      <OAuthSignIn system={system} label={busy ? t('connecting') : t(form.button)} prominent busy={busy} onSignIn={() => onSignIn(chosen.id, chosen.api)} setUp={{ hint: t(form.setUp.hint), fields }} />
    </SignInOnlyForm>
  );
}
