// What the background's message handlers (and the options page, through them) can ask of sync:
// connect with a token or OAuth, disconnect, status, "sync now", conflicts and their resolution,
// the outbox (retry, discard), and the field map. Tokens go in and never come out.
import type { Db } from '../store/db';
import type { CrmSystem } from '../domain/entities';
import { SyncEngine, type EngineDeps, type RunReport } from './engine';
import { HttpClient, asSyncError } from './http';
import type { ConnectionRecord, ConflictRecord, OutboxEntry, SecretRecord } from '../store/syncRecords';
import { connectionView, getConnection, syncStatus, updateConnection, type ConnectionView, type SyncStatusView } from './connections';
import { allEntries, discardEntries, retryEntries } from '../store/outbox';
import { listConflicts, resolveConflict } from './conflicts';
import { authorizeWithPkce, entraConfig, oauthConfigFor, setCredential, zohoConfig, type LaunchWebAuthFlow, type OAuthConfig, type TokenSet } from './auth';
import { sealSecret } from './secrets';
import { getSetting, setSetting, type OAuthClientsSetting } from '../store/settings';
import { recreateDeleted, removeDeleted, type DeletedRecordAction } from './deleted';
import { queueLocalRecords } from './sdrActions';
import { crmUserId, type CrmFieldInfo, type RoleOptions } from './connector';
import { isCommitteeRole, type RoleMap } from '../domain/fields/roleFields';
import type { CommitteeRole } from '../domain/committee/roles';
import { SYNC_ENTITIES, fieldsOf, type SyncEntity } from '../domain/fields/recordFields';
import { CRM_NAMES } from './connectors';
import { HUBSPOT_API } from './connectors/hubspot';
import { ZOHO_DATA_CENTRES, zohoDataCentreOf, type ZohoDataCentre } from '../crms/zohoDataCentres';
import { isAllowedApiBase } from '../crms/catalogue';

export type SyncServiceDeps = EngineDeps & {
  launchWebAuthFlow?: LaunchWebAuthFlow;
  /**
   * The extension's OAuth redirect URL (identity.getRedirectURL()). A function when the identity
   * API only appears once its optional permission is granted.
   */
  redirectUri?: string | (() => string | undefined);
  /** OAuth clients built into this build; an admin's own (settings `oauthClients`) are used otherwise */
  oauthClients?: {
    salesforce?: { clientId: string; loginHost?: string };
    hubspot?: { clientId: string; clientSecret?: string; tokenUrl?: string };
    dynamics?: { clientId: string; tenant: string };
    zoho?: { clientId: string };
  };
  /** tests: Microsoft Entra ID at a local fake (honoured only by a service made for tests) */
  entraLoginHost?: string;
  /** tests: Zoho's accounts server of every data centre at a local fake (only for a service made for tests) */
  zohoAccountsHost?: string;
  /** tests: HubSpot's API at a local fake (honoured only by a service made for tests) */
  hubspotApi?: string;
};

/** What Options → Connections shows about signing in (nothing secret). */
export type OAuthSetupView = {
  /** the callback URL to register in the Connected App / HubSpot app; absent when the browser cannot tell */
  redirectUri?: string;
  salesforce?: { clientId: string; loginHost?: string; builtIn: boolean };
  hubspot?: { clientId: string; tokenUrl?: string; builtIn: boolean };
  dynamics?: { clientId: string; tenant: string; builtIn: boolean };
  zoho?: { clientId: string; builtIn: boolean };
};

export type OAuthClientInput =
  | { system: 'salesforce'; clientId: string; loginHost?: string }
  | { system: 'hubspot'; clientId: string; tokenUrl: string }
  | { system: 'dynamics'; clientId: string; tenant: string }
  | { system: 'zoho'; clientId: string };

/** A Zoho API console client id: 1000.<30-odd capitals and digits>. */
const ZOHO_CLIENT_ID = /^1000\.[A-Z0-9]{20,40}$/;

/** An Entra tenant: its id, one of its domains, or `organizations` (any work account). */
const ENTRA_TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|organizations|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,})$/i;
/** An Entra application (client) id */
const ENTRA_CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Connected App consumer key / HubSpot client id: letters, digits, '.', '_', '-'. */
const CLIENT_ID = /^[A-Za-z0-9._-]{8,256}$/;

export type TokenConnectInput = {
  system: CrmSystem;
  token: string;
  /** Salesforce: the instance URL; Pipedrive: https://<company>.pipedrive.com (default https://api.pipedrive.com) */
  baseUrl?: string;
  /** the CRM plan, for its rate limits (HubSpot free/starter/professional/enterprise; Pipedrive essential…enterprise) */
  tier?: string;
  /** start the first sync at once (default); false leaves it to the next run */
  startSync?: boolean;
};

const DEFAULT_BASE: Partial<Record<CrmSystem, string>> = { hubspot: HUBSPOT_API, pipedrive: 'https://api.pipedrive.com' };

export class SyncService {
  readonly engine: SyncEngine;

  constructor(
    readonly deps: SyncServiceDeps,
    /** tests point connections at local fakes; the extension never does */
    private readonly allowAnyBase = false,
  ) {
    this.engine = new SyncEngine(deps);
  }

  private get db(): Db {
    return this.deps.db;
  }

  status(): Promise<SyncStatusView> {
    return syncStatus(this.db, this.deps.now());
  }

  /** Start a pass soon (after an edit, on wake, when back online); errors end up in the status. */
  kick(options: Parameters<SyncEngine['run']>[0] = {}): void {
    void this.engine.run(options).catch((e: unknown) => console.warn('Dealside sync:', e));
  }

  async syncNow(system?: CrmSystem): Promise<RunReport> {
    const now = this.deps.now();
    // "Sync now" also retries what waits for a backoff or a rate limit that has passed.
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const e of system ? await tx.store.index('bySystem').getAll(system) : await tx.store.getAll()) {
      if (e.state === 'pending' && e.nextAttemptAt > now) await tx.store.put({ ...e, nextAttemptAt: now });
    }
    await tx.done;
    for (const c of await this.connections(system)) {
      if (c.blockedUntil && c.blockedUntil > now && c.lastError?.code !== 'rate-limited' && c.lastError?.code !== 'budget-exhausted') {
        await updateConnection(this.db, c.system, (x) => ({ ...x, blockedUntil: undefined }), new Date(now));
      }
    }
    return this.engine.run({ pull: 'now', ...(system ? { systems: [system] } : {}) });
  }

  private async connections(system?: CrmSystem): Promise<ConnectionRecord[]> {
    if (system) {
      const c = await getConnection(this.db, system);
      return c ? [c] : [];
    }
    return this.db.getAll('syncConnections');
  }

  /** Connect (or reconnect) with an API token / private-app token; verifies it and prepares the CRM. */
  async connectToken(input: TokenConnectInput): Promise<ConnectionView> {
    const baseUrl = input.baseUrl ?? DEFAULT_BASE[input.system];
    if (!baseUrl) throw new Error(`${CRM_NAMES[input.system]} needs its instance URL to connect.`);
    if (!this.allowAnyBase && !isAllowedApiBase(input.system, baseUrl)) {
      throw new Error(`${baseUrl} is not a ${CRM_NAMES[input.system]} address. Dealside sends the token only to ${CRM_NAMES[input.system]}.`);
    }
    const token = input.token.trim();
    if (token.length < 8) throw new Error('That token looks incomplete. Paste the whole token and try again.');
    return this.establish(input.system, { accessToken: token }, { baseUrl, authKind: 'token', ...(input.tier ? { tier: input.tier } : {}) }, input.startSync ?? true);
  }

  private redirectUri(): string | undefined {
    const r = this.deps.redirectUri;
    return typeof r === 'function' ? r() : r;
  }

  /** The sign-in window: its callback URL and how to open it, or what the user can do without one. */
  private signInWindow(): { redirectUri: string; signIn: (config: OAuthConfig) => Promise<TokenSet> } {
    const redirectUri = this.redirectUri();
    const launchWebAuthFlow = this.deps.launchWebAuthFlow;
    if (!launchWebAuthFlow || !redirectUri) {
      throw new Error('This browser cannot open the sign-in window yet: allow Dealside to use sign-in (the browser asks when you click) and try again.');
    }
    return { redirectUri, signIn: (config) => authorizeWithPkce(config, { launchWebAuthFlow, fetch: this.deps.fetch, now: this.deps.now }) };
  }

  /** The OAuth app to sign in with: the build's own, else the one an admin entered. */
  private async oauthClient(
    system: 'salesforce' | 'hubspot' | 'dynamics' | 'zoho',
  ): Promise<{ clientId: string; loginHost?: string; tokenUrl?: string; clientSecret?: string; tenant?: string; builtIn: boolean } | undefined> {
    const builtIn = this.deps.oauthClients?.[system];
    if (builtIn) return { ...builtIn, builtIn: true };
    const stored = (await getSetting(this.db, 'oauthClients'))?.[system];
    return stored ? { ...stored, builtIn: false } : undefined;
  }

  /** How sign-in is set up, for Options → Connections. */
  async oauthSetup(): Promise<OAuthSetupView> {
    const salesforce = await this.oauthClient('salesforce');
    const hubspot = await this.oauthClient('hubspot');
    const dynamics = await this.oauthClient('dynamics');
    const zoho = await this.oauthClient('zoho');
    const redirectUri = this.redirectUri();
    return {
      ...(redirectUri ? { redirectUri } : {}),
      ...(salesforce ? { salesforce: { clientId: salesforce.clientId, ...(salesforce.loginHost ? { loginHost: salesforce.loginHost } : {}), builtIn: salesforce.builtIn } } : {}),
      ...(hubspot ? { hubspot: { clientId: hubspot.clientId, ...(hubspot.tokenUrl ? { tokenUrl: hubspot.tokenUrl } : {}), builtIn: hubspot.builtIn } } : {}),
      ...(dynamics?.tenant ? { dynamics: { clientId: dynamics.clientId, tenant: dynamics.tenant, builtIn: dynamics.builtIn } } : {}),
      ...(zoho ? { zoho: { clientId: zoho.clientId, builtIn: zoho.builtIn } } : {}),
    };
  }

  /**
   * An admin enters the team's OAuth app (null removes it). Checked here: a consumer key / client id
   * that looks like one, a Salesforce login host, an https token-exchange endpoint.
   */
  async setOAuthClient(system: 'salesforce' | 'hubspot' | 'dynamics' | 'zoho', input: OAuthClientInput | null): Promise<OAuthSetupView> {
    const current: OAuthClientsSetting = { ...((await getSetting(this.db, 'oauthClients')) ?? {}) };
    if (input === null) {
      delete current[system];
    } else if (input.system === 'zoho') {
      if (system !== 'zoho') throw new Error('The sign-in settings are for another CRM.');
      const clientId = input.clientId.trim();
      if (!ZOHO_CLIENT_ID.test(clientId)) {
        throw new Error('That does not look like a Zoho client id. Copy it from the Zoho API Console → your client → Client Secret tab (it starts with 1000.).');
      }
      current.zoho = { clientId };
    } else if (input.system === 'dynamics') {
      if (system !== 'dynamics') throw new Error('The sign-in settings are for another CRM.');
      const clientId = input.clientId.trim();
      const tenant = input.tenant.trim();
      if (!ENTRA_CLIENT_ID.test(clientId)) {
        throw new Error('That does not look like an application (client) id. Copy it from Microsoft Entra admin center → App registrations → your app → Overview (a GUID such as 0c2f4e6a-8b1d-4c3e-9f5a-7d6b8e9f0a1b).');
      }
      if (!ENTRA_TENANT.test(tenant)) {
        throw new Error('That does not look like a tenant. Type the directory (tenant) id from the app’s Overview, or your Microsoft 365 domain (contoso.onmicrosoft.com).');
      }
      current.dynamics = { clientId: clientId.toLowerCase(), tenant: tenant.toLowerCase() };
    } else {
      if (input.system !== system) throw new Error('The sign-in settings are for another CRM.');
      const clientId = input.clientId.trim();
      if (!CLIENT_ID.test(clientId)) {
        throw new Error(
          system === 'salesforce'
            ? 'That does not look like a Connected App consumer key (letters, digits, dots and underscores). Copy it again from Setup → App Manager → your app → View → Consumer Key.'
            : 'That does not look like a HubSpot app client id. Copy it again from your app’s Auth settings.',
        );
      }
      if (input.system === 'salesforce') {
        let loginHost: string | undefined;
        if (input.loginHost?.trim()) {
          loginHost = this.checkedUrl(input.loginHost, 'login');
          if (!this.allowAnyBase && !isAllowedApiBase('salesforce', loginHost)) {
            throw new Error(`${loginHost} is not a Salesforce login address. Use https://login.salesforce.com, https://test.salesforce.com or your My Domain (https://yourcompany.my.salesforce.com).`);
          }
        }
        current.salesforce = { clientId, ...(loginHost ? { loginHost } : {}) };
      } else {
        const tokenUrl = this.checkedUrl(input.tokenUrl, 'exchange');
        current.hubspot = { clientId, tokenUrl };
      }
    }
    await setSetting(this.db, 'oauthClients', current, new Date(this.deps.now()));
    return this.oauthSetup();
  }

  private checkedUrl(raw: string, what: 'login' | 'exchange'): string {
    let u: URL;
    try {
      u = new URL(raw.trim());
    } catch {
      throw new Error(`${raw.trim() || 'That'} is not a web address. Type the whole address, starting with https://.`);
    }
    if (u.protocol !== 'https:' && !(this.allowAnyBase && u.protocol === 'http:')) throw new Error(`The ${what === 'login' ? 'login' : 'token exchange'} address must start with https://.`);
    if (u.username || u.password) throw new Error('Leave user names and passwords out of the address.');
    return what === 'login' ? u.origin : u.toString();
  }

  /** Connect through the CRM's sign-in page (authorization code + PKCE, via the identity API). */
  async connectOAuth(system: 'salesforce' | 'hubspot' | 'dynamics' | 'zoho', options: { loginHost?: string; orgUrl?: string; dataCentre?: ZohoDataCentre } = {}): Promise<ConnectionView> {
    if (system === 'dynamics') return this.connectDynamics(options.orgUrl);
    if (system === 'zoho') return this.connectZoho(options.dataCentre);
    const client = await this.oauthClient(system);
    if (!client) {
      throw new Error(
        system === 'salesforce'
          ? 'Signing in to Salesforce is not set up in this build yet: an admin enters the team’s Connected App consumer key under “Set up sign-in”, or connect with a token.'
          : 'Signing in to HubSpot is not set up in this build yet: an admin enters the HubSpot app’s client id and the team’s token exchange address under “Set up sign-in”, or connect with a private-app token.',
      );
    }
    const { redirectUri, signIn } = this.signInWindow();
    const loginHost = options.loginHost ?? client.loginHost;
    if (loginHost && !this.allowAnyBase && !isAllowedApiBase('salesforce', loginHost)) {
      throw new Error(`${loginHost} is not a Salesforce login address.`);
    }
    const hubspotExchange = system === 'hubspot' ? client.tokenUrl : undefined;
    const hubspotSecret = system === 'hubspot' ? client.clientSecret : undefined;
    if (system === 'hubspot' && !hubspotExchange && !hubspotSecret) {
      throw new Error('HubSpot sign-in needs the team’s token exchange address (HubSpot asks for the app secret, which stays on your server).');
    }
    const base = oauthConfigFor(system, {
      clientId: client.clientId,
      redirectUri,
      ...(loginHost ? { loginHost } : {}),
      ...(hubspotSecret ? { clientSecret: hubspotSecret } : {}),
    });
    const config = hubspotExchange ? { ...base, tokenUrl: hubspotExchange } : base;
    const tokens = await signIn(config);
    const baseUrl = system === 'salesforce' ? tokens.instanceUrl : this.allowAnyBase && this.deps.hubspotApi ? this.deps.hubspotApi : HUBSPOT_API;
    if (!baseUrl) throw new Error('Salesforce did not say which instance to use (no instance_url). Try again.');
    if (!this.allowAnyBase && !isAllowedApiBase(system, baseUrl)) throw new Error(`${baseUrl} is not a ${CRM_NAMES[system]} address; the connection was not saved.`);
    return this.establish(
      system,
      {
        ...tokenSecret(tokens),
        clientId: config.clientId,
        ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
        tokenUrl: config.tokenUrl,
      },
      { baseUrl, authKind: 'oauth' },
    );
  }

  /**
   * Dynamics 365: sign in with Microsoft Entra ID (authorization code + PKCE) through the team's app
   * registration, for the org at `orgUrl` (https://<org>.crm<n>.dynamics.com), whose Dataverse
   * scope the token is for.
   */
  private async connectDynamics(orgUrlInput: string | undefined): Promise<ConnectionView> {
    const client = await this.oauthClient('dynamics');
    if (!client?.tenant) {
      throw new Error('Signing in to Dynamics 365 is not set up yet: an admin enters the team’s Microsoft Entra app registration (application id and tenant) under “Set up sign-in”.');
    }
    let orgUrl: string;
    try {
      orgUrl = new URL((orgUrlInput ?? '').trim()).origin;
    } catch {
      throw new Error('Type your Dynamics 365 address, as in https://contoso.crm4.dynamics.com.');
    }
    if (!this.allowAnyBase && !isAllowedApiBase('dynamics', orgUrl)) {
      throw new Error(`${orgUrl} is not a Dynamics 365 address. Use your organization’s address, as in https://contoso.crm4.dynamics.com.`);
    }
    const { redirectUri, signIn } = this.signInWindow();
    const config: OAuthConfig = entraConfig({
      tenant: client.tenant,
      clientId: client.clientId,
      orgUrl,
      redirectUri,
      ...(this.allowAnyBase && this.deps.entraLoginHost ? { loginHost: this.deps.entraLoginHost } : {}),
    });
    const tokens = await signIn(config);
    return this.establish(
      'dynamics',
      {
        ...tokenSecret(tokens),
        clientId: config.clientId,
        tokenUrl: config.tokenUrl,
        scope: config.scopes.join(' '),
      },
      { baseUrl: orgUrl, authKind: 'oauth' },
    );
  }

  /**
   * Zoho CRM: sign in at the chosen data centre's Zoho Accounts (authorization code + PKCE) with the
   * team's Zoho API console client; the token reply's `api_domain` is the connection's API host
   * (it must be that data centre's: its host permission is the one the click asked for).
   */
  private async connectZoho(dataCentre: ZohoDataCentre | undefined): Promise<ConnectionView> {
    const client = await this.oauthClient('zoho');
    if (!client) throw new Error('Signing in to Zoho CRM is not set up yet: an admin enters the team’s Zoho API console client id under “Set up sign-in”.');
    const dc = dataCentre && Object.hasOwn(ZOHO_DATA_CENTRES, dataCentre) ? ZOHO_DATA_CENTRES[dataCentre] : undefined;
    if (!dc) throw new Error('Choose the data centre of your Zoho account (the address you use: crm.zoho.com, crm.zoho.eu …).');
    const { redirectUri, signIn } = this.signInWindow();
    const testHost = this.allowAnyBase ? this.deps.zohoAccountsHost : undefined;
    const accountsServer = testHost ?? dc.accounts;
    const config = zohoConfig({
      clientId: client.clientId,
      redirectUri,
      accountsServer,
      dcName: dc.label,
      allowedAccounts: (server) => (testHost ? server.startsWith(testHost) : zohoDataCentreOf(server) !== undefined),
    });
    const tokens = await signIn(config);
    const apiDomain = tokens.apiDomain ?? dc.api;
    if (!this.allowAnyBase && apiDomain.replace(/\/$/, '') !== dc.api) {
      throw new Error(`Zoho sent an API address (${apiDomain}) that is not ${dc.label}’s; the connection was not saved. Choose your account’s data centre and sign in again.`);
    }
    return this.establish(
      'zoho',
      {
        ...tokenSecret(tokens),
        clientId: config.clientId,
        tokenUrl: tokens.tokenUrl ?? config.tokenUrl,
      },
      { baseUrl: new URL(apiDomain).origin, authKind: 'oauth' },
    );
  }

  private async establish(
    system: CrmSystem,
    secret: Omit<SecretRecord, 'id' | 'updatedAt'>,
    target: { baseUrl: string; authKind: ConnectionRecord['authKind']; tier?: string },
    startSync = true,
  ): Promise<ConnectionView> {
    const now = new Date(this.deps.now());
    const nowIso = now.toISOString();
    const existing = await getConnection(this.db, system);
    const sameAccountBase = existing?.baseUrl === target.baseUrl;
    const draft: ConnectionRecord = {
      id: system,
      system,
      label: existing?.label ?? CRM_NAMES[system],
      baseUrl: target.baseUrl,
      authKind: target.authKind,
      status: 'connected',
      account: { ...(existing?.account ?? {}), ...(target.tier ? { tier: target.tier } : {}) },
      fieldMap: existing?.fieldMap ?? {},
      capabilities: existing?.capabilities ?? { dealsideIdField: false, bant: 'missing' },
      cursors: sameAccountBase ? (existing?.cursors ?? {}) : {},
      createdAt: existing?.createdAt ?? nowIso,
      updatedAt: nowIso,
    };
    const kit = this.engine.kitOf(system);
    const http = new HttpClient(
      { fetch: this.deps.fetch, now: this.deps.now, sleep: this.deps.sleep, random: this.deps.random },
      {
        baseUrl: target.baseUrl,
        limiter: kit.limiter(draft),
        authorize: async (h) => setCredential(h, kit.scheme, secret.accessToken),
        describeError: kit.describeError,
        ...(kit.classify ? { classify: kit.classify } : {}),
        crmName: kit.name,
        timeoutMs: this.deps.timeoutMs ?? 30_000,
      },
    );
    let result;
    try {
      const connector = kit.create(draft, http);
      result = await connector.connect();
      if (!result.user && target.authKind === 'oauth' && connector.tokenOwner) {
        const user = await connector.tokenOwner(secret.accessToken);
        if (user) result = { ...result, user };
      }
    } catch (e) {
      const err = asSyncError(e);
      if (err.code === 'auth') throw new Error(`${kit.name} did not accept these credentials. Check that you pasted the whole token (or sign in again) and try again.`);
      if (err.code === 'forbidden') throw new Error(`${err.message}`);
      throw new Error(`Could not connect to ${kit.name}: ${err.message}`);
    }
    // The admin's own mappings (Options → Connections) win over what connect found.
    const fieldMap: ConnectionRecord['fieldMap'] = { ...result.fieldMap };
    for (const [entity, map] of Object.entries(existing?.fieldMap ?? {})) {
      fieldMap[entity as SyncEntity] = { ...(result.fieldMap[entity as SyncEntity] ?? {}), ...(map ?? {}) };
    }
    const record: ConnectionRecord = {
      ...draft,
      label: result.label,
      account: { ...draft.account, ...result.account, ...(target.tier ? { tier: target.tier } : {}) },
      fieldMap,
      capabilities: result.capabilities,
      ...(result.stageMap ? { stageMap: result.stageMap } : {}),
      // buying-committee roles: the admin's own choices (same CRM account) win over connect's defaults
      ...(result.roleMap || existing?.roleMap ? { roleMap: { ...(result.roleMap ?? {}), ...(sameAccountBase ? (existing?.roleMap ?? {}) : {}) } } : {}),
      ...(result.roleField ? { roleField: result.roleField } : {}),
      ...(result.notes.length ? { statusMessage: result.notes.join(' ') } : {}),
      nextPullAt: now.getTime(),
    };
    // Sealed before the transaction: an IndexedDB transaction closes while WebCrypto works.
    const sealed = await sealSecret({ ...secret, id: system, updatedAt: nowIso });
    const tx = this.db.transaction(['syncConnections', 'syncSecrets'], 'readwrite');
    await tx.objectStore('syncSecrets').put(sealed);
    await tx.objectStore('syncConnections').put(record);
    await tx.done;
    this.engine.forgetClient(system);
    if (result.user) await adoptCrmUser(this.db, system, result.user, now);
    // what the SDR added or logged before any CRM was connected goes to this one now
    await queueLocalRecords(this.db, now);
    if (startSync) this.kick({ systems: [system], pull: 'now' });
    return connectionView(this.db, record, this.deps.now());
  }

  /** Forget the connection and its token. Unsynced edits are kept unless `discardOutbox`. */
  async disconnect(system: CrmSystem, options: { discardOutbox?: boolean } = {}): Promise<SyncStatusView> {
    const tx = this.db.transaction(['syncConnections', 'syncSecrets', 'outbox', 'syncConflicts'], 'readwrite');
    await tx.objectStore('syncConnections').delete(system);
    await tx.objectStore('syncSecrets').delete(system);
    if (options.discardOutbox) {
      for (const key of await tx.objectStore('outbox').index('bySystem').getAllKeys(system)) await tx.objectStore('outbox').delete(key);
      for (const key of await tx.objectStore('syncConflicts').index('bySystem').getAllKeys(system)) await tx.objectStore('syncConflicts').delete(key);
    }
    await tx.done;
    this.engine.forgetClient(system);
    return this.status();
  }

  conflicts(localId?: string): Promise<ConflictRecord[]> {
    return listConflicts(this.db, localId ? { localId } : {});
  }

  async resolveConflict(id: string, choice: 'local' | 'remote'): Promise<string> {
    const localId = await resolveConflict(this.db, id, choice, new Date(this.deps.now()));
    this.deps.onChange?.([localId]);
    this.kick({ pull: 'never' });
    return localId;
  }

  /**
   * A record deleted in the CRM that Dealside kept for the rep's work: create it again there (and
   * send what was refused), or remove it from Dealside.
   */
  async resolveDeleted(entity: 'account' | 'person' | 'deal', localId: string, action: DeletedRecordAction): Promise<void> {
    const now = new Date(this.deps.now());
    if (action === 'recreate') {
      const system = await recreateDeleted(this.db, entity, localId, now);
      this.deps.onChange?.([localId]);
      this.kick({ systems: [system], pull: 'never' });
    } else {
      await removeDeleted(this.db, entity, localId, now);
      this.deps.onChange?.([localId]);
    }
  }

  outbox(system?: CrmSystem): Promise<OutboxEntry[]> {
    return allEntries(this.db, system);
  }

  async retry(filter: { system?: CrmSystem; ids?: readonly string[] } = {}): Promise<number> {
    const n = await retryEntries(this.db, new Date(this.deps.now()), filter);
    this.kick({ pull: 'never' });
    return n;
  }

  discard(ids: readonly string[]): Promise<void> {
    return discardEntries(this.db, ids);
  }

  /** The CRM's fields of one kind of record, for the mapping screen. */
  async describeFields(system: CrmSystem, entity: SyncEntity, kind?: 'contact' | 'lead'): Promise<CrmFieldInfo[]> {
    const connection = await getConnection(this.db, system);
    if (!connection) throw new Error(`${CRM_NAMES[system]} is not connected.`);
    return this.engine.connectorFor(connection).describeFields(entity, kind);
  }

  /** The CRM's values a buying-committee role can map to, and the current map (Options → Connections). */
  async describeRoles(system: CrmSystem): Promise<{ options: RoleOptions['options']; perPerson: boolean; map: RoleMap }> {
    const connection = await getConnection(this.db, system);
    if (!connection) throw new Error(`${CRM_NAMES[system]} is not connected.`);
    const connector = this.engine.connectorFor(connection);
    if (!connector.describeRoles) throw new Error(`Dealside cannot sync buying-committee roles with ${CRM_NAMES[system]}.`);
    const { options, perPerson } = await connector.describeRoles();
    return { options, perPerson, map: connection.roleMap ?? {} };
  }

  /** Map buying-committee roles to the CRM's values (null: the role is not synced). */
  async setRoleMap(system: CrmSystem, map: Readonly<Record<string, string | null>>): Promise<ConnectionView> {
    for (const role of Object.keys(map)) if (!isCommitteeRole(role)) throw new Error(`${role} is not a buying-committee role.`);
    const wanted = Object.values(map).filter((v): v is string => v !== null);
    if (wanted.length > 0) {
      const { options } = await this.describeRoles(system);
      const missing = wanted.filter((v) => !options.some((o) => o.value === v));
      if (missing.length) throw new Error(`${CRM_NAMES[system]} has no role value ${missing.map((m) => `"${m}"`).join(', ')}. Reload the list and choose again.`);
    }
    const next = await updateConnection(
      this.db,
      system,
      (c) => {
        const roleMap: RoleMap = { ...(c.roleMap ?? {}) };
        for (const [role, value] of Object.entries(map)) {
          if (value === null) delete roleMap[role as CommitteeRole];
          else roleMap[role as CommitteeRole] = value;
        }
        return { ...c, roleMap };
      },
      new Date(this.deps.now()),
    );
    if (!next) throw new Error(`${CRM_NAMES[system]} is not connected.`);
    return connectionView(this.db, next, this.deps.now());
  }

  /** Map canonical fields to CRM fields (null removes a mapping). */
  async setFieldMap(system: CrmSystem, entity: SyncEntity | 'lead', map: Record<string, string | null>): Promise<ConnectionView> {
    const base: SyncEntity = entity === 'lead' ? 'person' : entity;
    if (!SYNC_ENTITIES.includes(base)) throw new Error(`Unknown record kind ${entity}.`);
    const known = fieldsOf(base);
    for (const field of Object.keys(map)) if (!known[field]) throw new Error(`${field} is not a Dealside field of ${entity}.`);
    const next = await updateConnection(
      this.db,
      system,
      (c) => {
        const current = { ...(c.fieldMap[entity] ?? {}) };
        for (const [field, prop] of Object.entries(map)) {
          if (prop === null) delete current[field];
          else current[field] = prop;
        }
        return { ...c, fieldMap: { ...c.fieldMap, [entity]: current } };
      },
      new Date(this.deps.now()),
    );
    if (!next) throw new Error(`${CRM_NAMES[system]} is not connected.`);
    return connectionView(this.db, next, this.deps.now());
  }
}

/** What a connection keeps of a sign-in's tokens. */
function tokenSecret(tokens: TokenSet): Pick<SecretRecord, 'accessToken' | 'refreshToken' | 'expiresAt'> {
  return { accessToken: tokens.accessToken, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}), ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}) };
}

/**
 * The person the CRM's credentials belong to is the current user: who signs BANT answers, owns
 * what they add and reads "yours". Kept as a user record of source 'crm' (removing the demo
 * workspace leaves it), under an id that names the CRM's own user id.
 */
export async function adoptCrmUser(db: Db, system: CrmSystem, user: { id: string; name: string; email?: string }, now: Date): Promise<void> {
  const id = crmUserId(system, user.id);
  const existing = await db.get('users', id);
  await db.put('users', { id, name: user.name, email: user.email ?? existing?.email ?? '', team: existing?.team ?? 'sales', role: existing?.role ?? 'rep', source: 'crm' });
  await setSetting(db, 'currentUser', { userId: id, name: user.name }, now);
}
