// Signing in to Zoho CRM (kind `data-centre`): at the chosen data centre's Zoho Accounts
// (authorization code + PKCE) with the team's Zoho API console client; the token reply's
// `api_domain` is the connection's API host (it must be that data centre's: its host permission is
// the one the click asked for). Zoho CRM has no API tokens to paste: signing in is the only way.
import { ZOHO_DATA_CENTRES, zohoDataCentreOf } from '../../../crms/zohoDataCentres';
import { OAuthError, type OAuthConfig } from '../../auth';
import { tokenSecret, type SignInFlow } from '../../signIn';

/** A Zoho API console client id: 1000.<30-odd capitals and digits>. */
const ZOHO_CLIENT_ID = /^1000\.[A-Z0-9]{20,40}$/;

/**
 * Zoho CRM signs in at the Zoho Accounts server of the user's data centre (authorization code +
 * PKCE, a "mobile"/"client" registration with no secret, multi-DC on): `access_type=offline` for a
 * refresh token, `prompt=consent`. The redirect names the account's data centre (`location`,
 * `accounts-server`); the code is exchanged there, and only there: a redirect naming another data
 * centre stops the sign-in (its API host was not granted in the click).
 */
export function zohoConfig(options: { clientId: string; redirectUri: string; accountsServer: string; allowedAccounts: (server: string) => boolean; dcName: string }): OAuthConfig {
  const accounts = options.accountsServer.replace(/\/$/, '');
  return {
    name: 'Zoho',
    authorizeUrl: `${accounts}/oauth/v2/auth`,
    tokenUrl: `${accounts}/oauth/v2/token`,
    clientId: options.clientId,
    scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.fields.READ', 'ZohoCRM.settings.fields.CREATE', 'ZohoCRM.settings.contact_roles.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.org.READ', 'ZohoCRM.settings.currencies.READ'],
    scopeSeparator: ',',
    redirectUri: options.redirectUri,
    extraParams: { access_type: 'offline', prompt: 'consent' },
    tokenUrlFor: (redirect) => {
      const server = (redirect.get('accounts-server') ?? accounts).replace(/\/$/, '');
      if (server !== accounts) {
        if (!options.allowedAccounts(server)) throw new OAuthError(`Zoho named an unknown sign-in server (${server}). Try connecting again.`);
        throw new OAuthError(`Your Zoho account is in another data centre (${redirect.get('location') ?? server}), not ${options.dcName}. Choose that data centre and sign in again.`);
      }
      return `${server}/oauth/v2/token`;
    },
  };
}

export const zohoSignIn: SignInFlow = {
  kind: 'data-centre',
  checkApp(input) {
    const clientId = input.clientId.trim();
    if (!ZOHO_CLIENT_ID.test(clientId)) {
      throw new Error('That does not look like a Zoho client id. Copy it from the Zoho API Console → your client → Client Secret tab (it starts with 1000.).');
    }
    return { clientId };
  },
  async connect(app, options, ctx) {
    if (!app) throw new Error('Signing in to Zoho CRM is not set up yet: an admin enters the team’s Zoho API console client id under “Set up sign-in”.');
    const dataCentre = options.dataCentre;
    const dc = dataCentre && Object.hasOwn(ZOHO_DATA_CENTRES, dataCentre) ? ZOHO_DATA_CENTRES[dataCentre] : undefined;
    if (!dc) throw new Error('Choose the data centre of your Zoho account (the address you use: crm.zoho.com, crm.zoho.eu …).');
    const { redirectUri, signIn } = ctx.window();
    const testHost = ctx.allowAnyBase ? ctx.testHosts.zohoAccountsHost : undefined;
    const accountsServer = testHost ?? dc.accounts;
    const config = zohoConfig({
      clientId: app.clientId,
      redirectUri,
      accountsServer,
      dcName: dc.label,
      allowedAccounts: (server) => (testHost ? server.startsWith(testHost) : zohoDataCentreOf(server) !== undefined),
    });
    const tokens = await signIn(config);
    const apiDomain = tokens.apiDomain ?? dc.api;
    if (!ctx.allowAnyBase && apiDomain.replace(/\/$/, '') !== dc.api) {
      throw new Error(`Zoho sent an API address (${apiDomain}) that is not ${dc.label}’s; the connection was not saved. Choose your account’s data centre and sign in again.`);
    }
    return { secret: { ...tokenSecret(tokens), clientId: config.clientId, tokenUrl: tokens.tokenUrl ?? config.tokenUrl }, baseUrl: new URL(apiDomain).origin };
  },
};
