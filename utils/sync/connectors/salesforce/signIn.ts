// Signing in to Salesforce (kind `pkce`): the org's login page — login, test (sandboxes) or its My
// Domain — with the team's Connected App (its consumer key, PKCE, no secret); the token reply's
// `instance_url` is the connection's API host.
import { isAllowedApiBase } from '../../../crms/catalogue';
import type { OAuthConfig } from '../../auth';
import { CLIENT_ID, checkedUrl, tokenSecret, type SignInFlow } from '../../signIn';

/** Where Salesforce signs in: login, test (sandboxes) or the org's My Domain. */
export function salesforceOAuthConfig(options: { clientId: string; redirectUri: string; loginHost?: string }): OAuthConfig {
  const host = (options.loginHost ?? 'https://login.salesforce.com').replace(/\/$/, '');
  return {
    name: 'Salesforce',
    authorizeUrl: `${host}/services/oauth2/authorize`,
    tokenUrl: `${host}/services/oauth2/token`,
    clientId: options.clientId,
    scopes: ['api', 'refresh_token'],
    redirectUri: options.redirectUri,
  };
}

export const salesforceSignIn: SignInFlow = {
  kind: 'pkce',
  checkApp(input, { allowAnyBase }) {
    const clientId = input.clientId.trim();
    if (!CLIENT_ID.test(clientId)) {
      throw new Error('That does not look like a Connected App consumer key (letters, digits, dots and underscores). Copy it again from Setup → App Manager → your app → View → Consumer Key.');
    }
    let loginHost: string | undefined;
    if (input.loginHost?.trim()) {
      loginHost = checkedUrl(input.loginHost, 'login', allowAnyBase);
      if (!allowAnyBase && !isAllowedApiBase('salesforce', loginHost)) {
        throw new Error(`${loginHost} is not a Salesforce login address. Use https://login.salesforce.com, https://test.salesforce.com or your My Domain (https://yourcompany.my.salesforce.com).`);
      }
    }
    return { clientId, ...(loginHost ? { loginHost } : {}) };
  },
  async connect(app, options, ctx) {
    if (!app) {
      throw new Error('Signing in to Salesforce is not set up in this build yet: an admin enters the team’s Connected App consumer key under “Set up sign-in”, or connect with a token.');
    }
    const { redirectUri, signIn } = ctx.window();
    const loginHost = options.loginHost ?? app.loginHost;
    if (loginHost && !ctx.allowAnyBase && !isAllowedApiBase('salesforce', loginHost)) throw new Error(`${loginHost} is not a Salesforce login address.`);
    const config = salesforceOAuthConfig({ clientId: app.clientId, redirectUri, ...(loginHost ? { loginHost } : {}) });
    const tokens = await signIn(config);
    if (!tokens.instanceUrl) throw new Error('Salesforce did not say which instance to use (no instance_url). Try again.');
    return { secret: { ...tokenSecret(tokens), clientId: config.clientId, tokenUrl: config.tokenUrl }, baseUrl: tokens.instanceUrl };
  },
};
