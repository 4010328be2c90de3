// Signing in to Dynamics 365 (kind `org-url`): Microsoft Entra ID (authorization code + PKCE)
// through the team's app registration, for the org at the address the rep typed
// (https://<org>.crm<n>.dynamics.com), whose Dataverse scope the token is for. Dynamics 365 has no
// API tokens to paste: signing in is the only way.
import { isAllowedApiBase } from '../../../crms/catalogue';
import { entraConfig, type OAuthConfig } from '../../auth';
import { tokenSecret, type SignInFlow } from '../../signIn';

/** An Entra tenant: its id, one of its domains, or `organizations` (any work account). */
const ENTRA_TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|organizations|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,})$/i;
/** An Entra application (client) id */
const ENTRA_CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const dynamicsSignIn: SignInFlow = {
  kind: 'org-url',
  checkApp(input) {
    const clientId = input.clientId.trim();
    const tenant = (input.tenant ?? '').trim();
    if (!ENTRA_CLIENT_ID.test(clientId)) {
      throw new Error('That does not look like an application (client) id. Copy it from Microsoft Entra admin center → App registrations → your app → Overview (a GUID such as 0c2f4e6a-8b1d-4c3e-9f5a-7d6b8e9f0a1b).');
    }
    if (!ENTRA_TENANT.test(tenant)) {
      throw new Error('That does not look like a tenant. Type the directory (tenant) id from the app’s Overview, or your Microsoft 365 domain (contoso.onmicrosoft.com).');
    }
    return { clientId: clientId.toLowerCase(), tenant: tenant.toLowerCase() };
  },
  // an app registration is its id and its tenant
  complete: (app) => Boolean(app.tenant),
  async connect(app, options, ctx) {
    if (!app?.tenant) {
      throw new Error('Signing in to Dynamics 365 is not set up yet: an admin enters the team’s Microsoft Entra app registration (application id and tenant) under “Set up sign-in”.');
    }
    let orgUrl: string;
    try {
      orgUrl = new URL((options.orgUrl ?? '').trim()).origin;
    } catch {
      throw new Error('Type your Dynamics 365 address, as in https://contoso.crm4.dynamics.com.');
    }
    if (!ctx.allowAnyBase && !isAllowedApiBase('dynamics', orgUrl)) {
      throw new Error(`${orgUrl} is not a Dynamics 365 address. Use your organization’s address, as in https://contoso.crm4.dynamics.com.`);
    }
    const { redirectUri, signIn } = ctx.window();
    const loginHost = ctx.allowAnyBase ? ctx.testHosts.entraLoginHost : undefined;
    const config: OAuthConfig = entraConfig({ tenant: app.tenant, clientId: app.clientId, orgUrl, redirectUri, ...(loginHost ? { loginHost } : {}) });
    const tokens = await signIn(config);
    return { secret: { ...tokenSecret(tokens), clientId: config.clientId, tokenUrl: config.tokenUrl, scope: config.scopes.join(' ') }, baseUrl: orgUrl };
  },
};
