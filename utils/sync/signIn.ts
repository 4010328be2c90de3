// Signing in to a CRM, as the service sees it: each connector that signs in declares its flow
// (`connectors/<crm>/signIn.ts`, on its kit), of one of the catalogue's kinds (`SignInKind` in
// utils/crms/catalogue.ts: `pkce`, `org-url`, `data-centre`). The service picks the flow by the
// CRM's kit and never asks which CRM it is: checking the admin's app, where the sign-in window
// goes, which API host the tokens are for are the flow's.
import type { SignInSystem } from '../crms/catalogue';
import type { ZohoDataCentre } from '../crms/zohoDataCentres';
import type { SecretRecord } from '../store/syncRecords';
import type { OAuthConfig, TokenSet } from './auth';

/** The team's OAuth app: built into this build, or entered by an admin (settings `oauthClients`). */
export type OAuthApp = { clientId: string; loginHost?: string; tokenUrl?: string; tenant?: string; optionalScopes?: string; clientSecret?: string; builtIn: boolean };

/** The app as an admin enters it in "Set up sign-in" (what a CRM asks for: the catalogue's `setUp.fields`). */
export type OAuthClientInput = { system: SignInSystem; clientId: string; loginHost?: string; tokenUrl?: string; tenant?: string; optionalScopes?: string };

/** The app as the setting keeps it (nothing secret). */
export type StoredOAuthApp = { clientId: string; loginHost?: string; tokenUrl?: string; tenant?: string; optionalScopes?: string };

/** What the connect form sends with a sign-in: the kind's own field. */
export type SignInOptions = { loginHost?: string; orgUrl?: string; dataCentre?: ZohoDataCentre };

/** Tests point sign-in at local fakes; honoured only by a service made for tests. */
export type SignInTestHosts = {
  /** Microsoft Entra ID at a local fake */
  entraLoginHost?: string;
  /** Zoho's accounts server of every data centre at a local fake */
  zohoAccountsHost?: string;
  /** HubSpot's API at a local fake */
  hubspotApi?: string;
};

/** What a flow may use of the service. */
export type SignInContext = {
  /** tests point connections at local fakes; the extension never does */
  allowAnyBase: boolean;
  /** the test hosts (empty unless allowAnyBase) */
  testHosts: SignInTestHosts;
  /** the sign-in window: its callback URL and how to open it (throws when the browser cannot open one) */
  window: () => { redirectUri: string; signIn: (config: OAuthConfig) => Promise<TokenSet> };
};

/** What a sign-in gives the connection: the secret to seal and the API host it is for. */
export type SignedIn = { secret: Omit<SecretRecord, 'id' | 'updatedAt'>; baseUrl: string };

export interface SignInFlow {
  /** the catalogue's kind of sign-in this flow is (the catalogue's test checks they agree) */
  readonly kind: 'pkce' | 'org-url' | 'data-centre';
  /** the admin's app, checked and as the setting keeps it; throws a worded error */
  checkApp(input: OAuthClientInput, ctx: Pick<SignInContext, 'allowAnyBase'>): StoredOAuthApp;
  /** the app is complete enough to sign in with and to show (default: it has a client id) */
  complete?(app: OAuthApp): boolean;
  /** sign in with the app (undefined: none is set up) */
  connect(app: OAuthApp | undefined, options: SignInOptions, ctx: SignInContext): Promise<SignedIn>;
}

/** A Connected App consumer key / HubSpot client id: letters, digits, '.', '_', '-'. */
export const CLIENT_ID = /^[A-Za-z0-9._-]{8,256}$/;

/** What a connection keeps of a sign-in's tokens. */
export function tokenSecret(tokens: TokenSet): Pick<SecretRecord, 'accessToken' | 'refreshToken' | 'expiresAt'> {
  return { accessToken: tokens.accessToken, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}), ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}) };
}

/** An admin's address (a login host, a token exchange): https (http only in tests), no credentials in it. */
export function checkedUrl(raw: string, what: 'login' | 'exchange', allowAnyBase: boolean): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new Error(`${raw.trim() || 'That'} is not a web address. Type the whole address, starting with https://.`);
  }
  if (u.protocol !== 'https:' && !(allowAnyBase && u.protocol === 'http:')) throw new Error(`The ${what === 'login' ? 'login' : 'token exchange'} address must start with https://.`);
  if (u.username || u.password) throw new Error('Leave user names and passwords out of the address.');
  return what === 'login' ? u.origin : u.toString();
}
