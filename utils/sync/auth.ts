// Credentials, in the background only. Tokens live in their own IndexedDB store (syncSecrets),
// sealed with AES-GCM under a non-extractable key (./secrets.ts), never in the connection record
// the UI reads, and no message of the protocol carries them: a content script or a page can never
// obtain one from us.
//
// OAuth uses the authorization-code flow with PKCE (RFC 7636) through the browser's identity API;
// `launchWebAuthFlow` is injected so the flow is testable against a fake authorization server.
// On a 401 the engine asks for a refresh; when that fails the connection says "reconnect" and
// keeps its outbox.
import type { Db } from '../store/db';
import type { CrmSystem } from '../domain/entities';
import type { SecretRecord } from '../store/syncRecords';
import { readSecret, saveSecret } from './secrets';
import type { FetchLike } from './http';

export { deleteSecret, readSecret, saveSecret } from './secrets';

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export type Pkce = { verifier: string; challenge: string; method: 'S256' };

/** A PKCE verifier (43 characters of base64url from 32 random bytes) and its S256 challenge. */
export async function createPkce(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): Promise<Pkce> {
  const verifier = base64url(random(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)), method: 'S256' };
}

export type OAuthConfig = {
  /** 'Salesforce', 'HubSpot': used in messages */
  name: string;
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  /** only for providers that insist on one even with PKCE (HubSpot); kept in the background */
  clientSecret?: string;
  scopes: readonly string[];
  /** scopes asked as optional (HubSpot's `optional_scope`: granted when the account has them, dropped otherwise) */
  optionalScopes?: readonly string[];
  redirectUri: string;
  extraParams?: Record<string, string>;
  /** scopes joined by this (Zoho: ','); default ' ' */
  scopeSeparator?: string;
  /**
   * The token endpoint, from what the redirect says (Zoho: the user's data centre's
   * `accounts-server`); throws an OAuthError to stop. Default: tokenUrl.
   */
  tokenUrlFor?: (redirect: URLSearchParams) => string;
};

export type LaunchWebAuthFlow = (details: { url: string; interactive: boolean }) => Promise<string | undefined>;

export type TokenSet = {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  /** Salesforce: the org's API host (My Domain) */
  instanceUrl?: string;
  scope?: string;
  /** Zoho: the API domain of the user's data centre */
  apiDomain?: string;
  /** the token endpoint the code was exchanged at (Zoho: the user's data centre's) */
  tokenUrl?: string;
};

export class OAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthError';
  }
}

type TokenAnswer = {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  instance_url?: string;
  scope?: string;
  api_domain?: string;
  error?: string;
  error_description?: string;
  message?: string;
};

/** How long to wait before the one retry of a token request that never reached its server. */
export const TOKEN_RETRY_MS = 1500;

async function postToken(fetchFn: FetchLike, url: string, form: Record<string, string>): Promise<{ status: number; body: TokenAnswer }> {
  let res: Response;
  const send = () =>
    fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  try {
    try {
      res = await send();
    } catch {
      // A network blip (Wi-Fi waking, a proxy restarting) would throw away the rep's sign-in: the
      // request never got an answer, so it is sent once more. A code the server did take is refused
      // the second time with invalid_grant, which is said as such below.
      await new Promise((r) => setTimeout(r, TOKEN_RETRY_MS));
      res = await send();
    }
  } catch (e) {
    let host = url;
    try {
      host = new URL(url).host;
    } catch {
      // keep the address as given
    }
    throw new OAuthError(
      `Could not reach the token endpoint at ${host} (${e instanceof Error ? e.message : String(e)}). Check the network, the address, and that it accepts requests from Dealside, then try again.`,
    );
  }
  let body: TokenAnswer = {};
  try {
    body = (await res.json()) as TokenAnswer;
  } catch {
    body = {};
  }
  return { status: res.status, body };
}

function tokenSet(body: TokenAnswer, now: number, previous?: { refreshToken?: string; instanceUrl?: string }): TokenSet {
  if (!body.access_token) throw new OAuthError('The token endpoint answered without an access token.');
  return {
    accessToken: body.access_token,
    ...(body.refresh_token ?? previous?.refreshToken ? { refreshToken: body.refresh_token ?? previous?.refreshToken } : {}),
    ...(body.expires_in ? { expiresAt: now + body.expires_in * 1000 } : {}),
    ...(body.instance_url ?? previous?.instanceUrl ? { instanceUrl: body.instance_url ?? previous?.instanceUrl } : {}),
    ...(body.scope ? { scope: body.scope } : {}),
    ...(typeof body.api_domain === 'string' ? { apiDomain: body.api_domain } : {}),
  };
}

/**
 * Sign in with the authorization-code flow and PKCE: open the provider's consent page through the
 * identity API, check the state, exchange the code with the verifier.
 */
export async function authorizeWithPkce(
  config: OAuthConfig,
  deps: { launchWebAuthFlow: LaunchWebAuthFlow; fetch: FetchLike; now: () => number; random?: (b: Uint8Array) => Uint8Array },
): Promise<TokenSet> {
  const pkce = await createPkce(deps.random);
  const state = base64url((deps.random ?? ((b: Uint8Array) => crypto.getRandomValues(b)))(new Uint8Array(16)));
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', config.redirectUri);
  if (config.scopes.length) url.searchParams.set('scope', config.scopes.join(config.scopeSeparator ?? ' '));
  if (config.optionalScopes?.length) url.searchParams.set('optional_scope', config.optionalScopes.join(config.scopeSeparator ?? ' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('code_challenge_method', pkce.method);
  for (const [k, v] of Object.entries(config.extraParams ?? {})) url.searchParams.set(k, v);
  let redirect: string | undefined;
  try {
    redirect = await deps.launchWebAuthFlow({ url: url.toString(), interactive: true });
  } catch (e) {
    throw new OAuthError(`The ${config.name} sign-in did not finish (${e instanceof Error ? e.message : String(e)}). Try connecting again.`);
  }
  if (!redirect) throw new OAuthError(`The ${config.name} sign-in window was closed before access was granted. Try connecting again.`);
  const back = new URL(redirect);
  const params = back.searchParams.has('code') || back.searchParams.has('error') ? back.searchParams : new URLSearchParams(back.hash.slice(1));
  const error = params.get('error');
  if (error) throw new OAuthError(`${config.name} refused the connection: ${params.get('error_description') ?? error}.`);
  if (params.get('state') !== state) throw new OAuthError(`The ${config.name} sign-in answer did not match this request (state mismatch). Try connecting again.`);
  const code = params.get('code');
  if (!code) throw new OAuthError(`${config.name} sent no authorization code. Try connecting again.`);
  const tokenUrl = config.tokenUrlFor ? config.tokenUrlFor(params) : config.tokenUrl;
  const { status, body } = await postToken(deps.fetch, tokenUrl, {
    grant_type: 'authorization_code',
    code,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    code_verifier: pkce.verifier,
    ...(config.clientSecret ? { client_secret: config.clientSecret } : {}),
  });
  if (status < 200 || status >= 300) {
    throw new OAuthError(`${config.name} did not issue a token (${body.error_description ?? body.message ?? body.error ?? `HTTP ${status}`}). Try connecting again.`);
  }
  // Zoho answers an exchange it refuses with 200 and {"error": "invalid_code"}
  if (!body.access_token && body.error) throw new OAuthError(`${config.name} did not issue a token (${body.error}). Try connecting again.`);
  return config.tokenUrlFor ? { ...tokenSet(body, deps.now()), tokenUrl } : tokenSet(body, deps.now());
}

/** A fresh access token from the refresh token, or undefined when the grant is gone (reconnect). */
export async function refreshSecret(secret: SecretRecord, fetchFn: FetchLike, now: number): Promise<SecretRecord | undefined> {
  if (!secret.refreshToken || !secret.tokenUrl || !secret.clientId) return undefined;
  const { status, body } = await postToken(fetchFn, secret.tokenUrl, {
    grant_type: 'refresh_token',
    refresh_token: secret.refreshToken,
    client_id: secret.clientId,
    ...(secret.clientSecret ? { client_secret: secret.clientSecret } : {}),
    // Microsoft Entra ID asks for the scopes again on a refresh
    ...(secret.scope ? { scope: secret.scope } : {}),
  });
  if (status === 400 || status === 401) return undefined; // invalid_grant: revoked or expired
  if (status < 200 || status >= 300) throw new OAuthError(`The token refresh failed (HTTP ${status}).`);
  if (!body.access_token && body.error) return undefined; // Zoho: 200 with {"error": "invalid_code"}
  const set = tokenSet(body, now, { refreshToken: secret.refreshToken });
  return {
    ...secret,
    accessToken: set.accessToken,
    ...(set.refreshToken ? { refreshToken: set.refreshToken } : {}),
    ...(set.expiresAt ? { expiresAt: set.expiresAt } : {}),
    updatedAt: new Date(now).toISOString(),
  };
}

/** Puts the token where the CRM wants it. */
export function setCredential(headers: Headers, scheme: AuthScheme, token: string): void {
  if (scheme === 'x-api-token') headers.set('x-api-token', token);
  else if (scheme === 'zoho-oauthtoken') headers.set('authorization', `Zoho-oauthtoken ${token}`);
  else headers.set('authorization', `Bearer ${token}`);
}

/** How each CRM wants the credential. */
export type AuthScheme = 'bearer' | 'x-api-token' | 'zoho-oauthtoken';

/**
 * The engine's view of the credentials: reads the secret (cached), adds it to requests, refreshes
 * it once per 401 (concurrent 401s share one refresh) or before it expires.
 */
export class TokenKeeper {
  private cache = new Map<CrmSystem, SecretRecord>();
  private refreshing = new Map<CrmSystem, Promise<boolean>>();

  constructor(
    private readonly db: Db,
    private readonly fetchFn: FetchLike,
    private readonly now: () => number,
  ) {}

  forget(system: CrmSystem): void {
    this.cache.delete(system);
  }

  private async secret(system: CrmSystem): Promise<SecretRecord | undefined> {
    const cached = this.cache.get(system);
    if (cached) return cached;
    const stored = await readSecret(this.db, system);
    if (stored) this.cache.set(system, stored);
    return stored;
  }

  async authorize(system: CrmSystem, headers: Headers, scheme: AuthScheme): Promise<void> {
    let secret = await this.secret(system);
    if (secret?.expiresAt !== undefined && secret.expiresAt - 60_000 < this.now() && secret.refreshToken) {
      await this.refresh(system);
      secret = await this.secret(system);
    }
    if (!secret) return; // the request goes without credentials and comes back 401: "reconnect"
    setCredential(headers, scheme, secret.accessToken);
  }

  refresh(system: CrmSystem): Promise<boolean> {
    const running = this.refreshing.get(system);
    if (running) return running;
    const p = (async () => {
      const secret = await readSecret(this.db, system);
      if (!secret) return false;
      const fresh = await refreshSecret(secret, this.fetchFn, this.now()).catch(() => undefined);
      if (!fresh) return false;
      await saveSecret(this.db, fresh);
      this.cache.set(system, fresh);
      return true;
    })().finally(() => this.refreshing.delete(system));
    this.refreshing.set(system, p);
    return p;
  }
}

/** Microsoft Entra ID's sign-in host (tests point it at a fake). */
export const ENTRA_LOGIN_HOST = 'https://login.microsoftonline.com';

// Where each CRM signs in (its authorize and token endpoints, its scopes) is its connector's:
// `connectors/<crm>/signIn.ts`. Entra ID's configuration is here: any CRM of Microsoft's signs in
// there the same way.

/**
 * Dynamics 365 signs in through Microsoft Entra ID (v2.0 endpoints, authorization code + PKCE) with
 * the team's app registration: the tenant (its id, a domain, or `organizations`), the application
 * (client) id, and the scopes of the org's Dataverse (`<org URL>/user_impersonation`) and
 * `offline_access` for the refresh token.
 */
export function entraConfig(options: { tenant: string; clientId: string; orgUrl: string; redirectUri: string; loginHost?: string }): OAuthConfig {
  const host = (options.loginHost ?? ENTRA_LOGIN_HOST).replace(/\/$/, '');
  const tenant = encodeURIComponent(options.tenant);
  return {
    name: 'Microsoft',
    authorizeUrl: `${host}/${tenant}/oauth2/v2.0/authorize`,
    tokenUrl: `${host}/${tenant}/oauth2/v2.0/token`,
    clientId: options.clientId,
    scopes: [`${new URL(options.orgUrl).origin}/user_impersonation`, 'offline_access'],
    redirectUri: options.redirectUri,
  };
}
