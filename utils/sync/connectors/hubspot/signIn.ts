// Signing in to HubSpot (kind `pkce`): HubSpot's own authorize page with the team's app (its client
// id). HubSpot's token endpoint wants the app secret for every code and refresh, which an extension
// cannot keep, so the code goes to the team's token exchange, which adds it (a build may carry the
// secret instead). The API host is HubSpot's one.
import type { OAuthConfig } from '../../auth';
import { CLIENT_ID, checkedUrl, tokenSecret, type SignInFlow } from '../../signIn';
import { HUBSPOT_API } from './model';

/**
 * Scopes Dealside can use and does without: asked as HubSpot's `optional_scope` (granted when the
 * account has them) — but only those the team's app registration lists, as HubSpot refuses an
 * authorize request naming a scope the app does not (required scopes could not be added at all
 * without breaking existing registrations). settings.currencies.read: the exchange rates.
 */
export const HUBSPOT_OPTIONAL_SCOPES = ['settings.currencies.read'] as const;

/** The optional scopes an admin entered, checked: scope names separated by spaces or commas, those Dealside uses kept. */
export function checkedOptionalScopes(entered: string | undefined): string | undefined {
  const names = (entered ?? '').split(/[\s,]+/).filter(Boolean);
  const bad = names.find((n) => !/^[a-z][a-z0-9._-]*$/i.test(n));
  if (bad) throw new Error(`“${bad}” is not a HubSpot scope name. Enter the optional scopes as your app lists them, separated by spaces (e.g. settings.currencies.read).`);
  const kept = HUBSPOT_OPTIONAL_SCOPES.filter((s) => names.includes(s));
  return kept.length ? kept.join(' ') : undefined;
}

/** Where HubSpot signs in, and the scopes the connector needs (and the optional ones the app lists). */
export function hubspotOAuthConfig(options: { clientId: string; redirectUri: string; clientSecret?: string; optionalScopes?: string }): OAuthConfig {
  const optional = checkedOptionalScopes(options.optionalScopes);
  return {
    name: 'HubSpot',
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/2026-03/token',
    clientId: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    scopes: [
      'oauth',
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.objects.companies.read',
      'crm.objects.companies.write',
      'crm.objects.deals.read',
      'crm.objects.deals.write',
      // who owns each record, and the signed-in rep's name on their BANT answers (GET /crm/v3/owners)
      'crm.objects.owners.read',
      'crm.schemas.contacts.write',
      'crm.schemas.deals.write',
      'crm.schemas.companies.write',
      'e-commerce',
    ],
    ...(optional ? { optionalScopes: optional.split(' ') } : {}),
    redirectUri: options.redirectUri,
  };
}

export const hubspotSignIn: SignInFlow = {
  kind: 'pkce',
  checkApp(input, { allowAnyBase }) {
    const clientId = input.clientId.trim();
    if (!CLIENT_ID.test(clientId)) throw new Error('That does not look like a HubSpot app client id. Copy it again from your app’s Auth settings.');
    const optionalScopes = checkedOptionalScopes(input.optionalScopes);
    return { clientId, tokenUrl: checkedUrl(input.tokenUrl ?? '', 'exchange', allowAnyBase), ...(optionalScopes ? { optionalScopes } : {}) };
  },
  async connect(app, _options, ctx) {
    if (!app) {
      throw new Error(
        'Signing in to HubSpot is not set up in this build yet: an admin enters the HubSpot app’s client id and the team’s token exchange address under “Set up sign-in”, or connect with a private-app token.',
      );
    }
    const { redirectUri, signIn } = ctx.window();
    if (!app.tokenUrl && !app.clientSecret) {
      throw new Error('HubSpot sign-in needs the team’s token exchange address (HubSpot asks for the app secret, which stays on your server).');
    }
    const base = hubspotOAuthConfig({
      clientId: app.clientId,
      redirectUri,
      ...(app.clientSecret ? { clientSecret: app.clientSecret } : {}),
      ...(app.optionalScopes ? { optionalScopes: app.optionalScopes } : {}),
    });
    const config = app.tokenUrl ? { ...base, tokenUrl: app.tokenUrl } : base;
    const tokens = await signIn(config);
    return {
      secret: { ...tokenSecret(tokens), clientId: config.clientId, ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}), tokenUrl: config.tokenUrl },
      baseUrl: ctx.allowAnyBase && ctx.testHosts.hubspotApi ? ctx.testHosts.hubspotApi : HUBSPOT_API,
    };
  },
};
