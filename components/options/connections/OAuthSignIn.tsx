// "Sign in with …", the same block for every CRM that signs in: the button, enabled once the team's
// OAuth app is known (built in, or entered by an admin in the set-up below it), and that set-up.
import { useQuery } from '@tanstack/react-query';
import { sendRequest } from '../../../utils/messaging/client';
import { CRM_NAMES } from '../../../utils/crms/names';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { OAuthSetUp, type OAuthSystem, type SetUpField } from './OAuthSetUp';
import { primary, secondary } from './ui';

/** `onSignIn` asks for the permissions inside the click; `ready` is false while the CRM's own field is empty. */
export function OAuthSignIn({
  system,
  label,
  prominent = false,
  ready = true,
  busy,
  onSignIn,
  setUp,
}: {
  system: OAuthSystem;
  label: string;
  /** the form's main button (a CRM that connects only by signing in) */
  prominent?: boolean;
  ready?: boolean;
  busy: boolean;
  onSignIn: () => void;
  /** the set-up's hint and the fields of this CRM's app */
  setUp: { hint: string; fields: SetUpField[] };
}) {
  const { t } = useOptionsTranslator();
  const setup = useQuery({ queryKey: ['sync', 'oauth'], queryFn: () => sendRequest({ type: 'sync/oauth-get' }) });
  const current = setup.data?.[system];
  return (
    <div className="space-y-1" data-dealside="sign-in" data-system={system}>
      <button type="button" data-dealside="connect-oauth" className={prominent ? primary : secondary} disabled={busy || !current || !ready} onClick={() => onSignIn()}>
        {label}
      </button>
      {setup.data && !current ? <p className="text-[12px] text-slate-500">{t('oauthNeedsSetup').replace('{crm}', CRM_NAMES[system])}</p> : null}
      {current?.builtIn ? null : <OAuthSetUp system={system} hint={setUp.hint} fields={setUp.fields} current={current} redirectUri={setup.data?.redirectUri} />}
    </div>
  );
}
