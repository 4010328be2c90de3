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
import { authorizeWithPkce, setCredential, type LaunchWebAuthFlow, type OAuthConfig, type TokenSet } from './auth';
import type { OAuthApp, OAuthClientInput, SignInContext, SignInFlow, SignInOptions, SignInTestHosts } from './signIn';
import { sealSecret } from './secrets';
import { getSetting, setSetting, type OAuthClientsSetting } from '../store/settings';
import { recreateDeleted, removeDeleted, type DeletedRecordAction } from './deleted';
import { queueLocalRecords } from './sdrActions';
import { crmUserId, type CrmFieldInfo, type RoleOptions } from './connector';
import { isCommitteeRole, type RoleMap } from '../domain/fields/roleFields';
import type { CommitteeRole } from '../domain/committee/roles';
import { SYNC_ENTITIES, fieldsOf, type SyncEntity } from '../domain/fields/recordFields';
import { CRM_NAMES } from './connectors';
import { FIELD_MAP_VERSION, cursorsAfterMapping } from './fieldMapUpgrade';
import { CRM_CATALOGUE, SIGN_IN_SYSTEMS, isAllowedApiBase, type SignInSystem } from '../crms/catalogue';

export type SyncServiceDeps = EngineDeps &
  SignInTestHosts & {
    launchWebAuthFlow?: LaunchWebAuthFlow;
    /**
     * The extension's OAuth redirect URL (identity.getRedirectURL()). A function when the identity
     * API only appears once its optional permission is granted.
     */
    redirectUri?: string | (() => string | undefined);
    /** OAuth clients built into this build; an admin's own (settings `oauthClients`) are used otherwise */
    oauthClients?: Partial<Record<SignInSystem, Omit<OAuthApp, 'builtIn'>>>;
    /** the UI's language (Options' choice, else the browser's): the labels of the fields connect creates, and its notes */
    uiLocale?: () => Promise<'en' | 'es'>;
  };

/** What Options → Connections shows about signing in (nothing secret): per CRM that signs in, its app. */
export type OAuthSetupView = { redirectUri?: string } & { [S in SignInSystem]?: OAuthAppView };
/** A team's app as Options shows it: the values an admin entered (never a secret) and whether the build carries it. */
export type OAuthAppView = { clientId: string; loginHost?: string; tokenUrl?: string; tenant?: string; optionalScopes?: string; builtIn: boolean };

export type { OAuthClientInput } from './signIn';

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
    const baseUrl = input.baseUrl ?? CRM_CATALOGUE[input.system].connect.token?.defaultBase;
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
  private async oauthApp(system: SignInSystem): Promise<OAuthApp | undefined> {
    const builtIn = this.deps.oauthClients?.[system];
    if (builtIn) return { ...builtIn, builtIn: true };
    const stored = (await getSetting(this.db, 'oauthClients'))?.[system];
    return stored ? { ...stored, builtIn: false } : undefined;
  }

  /** The sign-in of a CRM that offers one: its connector's flow. */
  private signInFlow(system: SignInSystem): SignInFlow {
    const flow = this.engine.kitOf(system).signIn;
    if (!flow) throw new Error(`${CRM_NAMES[system]} has no sign-in; connect with a token.`);
    return flow;
  }

  /** How sign-in is set up, for Options → Connections. */
  async oauthSetup(): Promise<OAuthSetupView> {
    const redirectUri = this.redirectUri();
    const view: OAuthSetupView = { ...(redirectUri ? { redirectUri } : {}) };
    for (const system of SIGN_IN_SYSTEMS) {
      const app = await this.oauthApp(system);
      if (!app || !(this.signInFlow(system).complete?.(app) ?? true)) continue;
      view[system] = appView(app);
    }
    return view;
  }

  /**
   * An admin enters the team's OAuth app (null removes it). Checked by the CRM's sign-in: an id that
   * looks like one, a login host of the CRM's, an https token-exchange endpoint, a tenant.
   */
  async setOAuthClient(system: SignInSystem, input: OAuthClientInput | null): Promise<OAuthSetupView> {
    const current: OAuthClientsSetting = { ...((await getSetting(this.db, 'oauthClients')) ?? {}) };
    if (input === null) {
      delete current[system];
    } else {
      if (input.system !== system) throw new Error('The sign-in settings are for another CRM.');
      current[system] = this.signInFlow(system).checkApp(input, { allowAnyBase: this.allowAnyBase });
    }
    await setSetting(this.db, 'oauthClients', current, new Date(this.deps.now()));
    return this.oauthSetup();
  }

  /** Connect through the CRM's sign-in page (authorization code + PKCE, via the identity API). */
  async connectOAuth(system: SignInSystem, options: SignInOptions = {}): Promise<ConnectionView> {
    const flow = this.signInFlow(system);
    const ctx: SignInContext = {
      allowAnyBase: this.allowAnyBase,
      testHosts: this.allowAnyBase ? { ...pick(this.deps, 'entraLoginHost'), ...pick(this.deps, 'zohoAccountsHost'), ...pick(this.deps, 'hubspotApi') } : {},
      window: () => this.signInWindow(),
    };
    const { secret, baseUrl } = await flow.connect(await this.oauthApp(system), options, ctx);
    if (!this.allowAnyBase && !isAllowedApiBase(system, baseUrl)) throw new Error(`${baseUrl} is not a ${CRM_NAMES[system]} address; the connection was not saved.`);
    return this.establish(system, secret, { baseUrl, authKind: 'oauth' });
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
      const locale = await this.deps.uiLocale?.().catch(() => undefined);
      result = await connector.connect(locale ? { locale } : {});
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
      fieldMapVersion: FIELD_MAP_VERSION,
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
    const existing = await getConnection(this.db, system);
    const connector = existing ? this.engine.connectorFor(existing) : undefined;
    const next = await updateConnection(
      this.db,
      system,
      (c) => {
        const current = { ...(c.fieldMap[entity] ?? {}) };
        let added = false;
        for (const [field, prop] of Object.entries(map)) {
          if (prop === null) delete current[field];
          else {
            if (current[field] !== prop) added = true;
            current[field] = prop;
          }
        }
        // A CRM field mapped now must be read on every record, not only on those changed since the
        // last pull: the kind's streams forget their cursors, so the next pull reads them all again
        // (as a first read: it fills, and erases nothing the CRM leaves empty).
        const cursors = added && connector ? cursorsAfterMapping(connector, c, [base]) : c.cursors;
        return { ...c, fieldMap: { ...c.fieldMap, [entity]: current }, cursors };
      },
      new Date(this.deps.now()),
    );
    if (!next) throw new Error(`${CRM_NAMES[system]} is not connected.`);
    return connectionView(this.db, next, this.deps.now());
  }
}

/** A team's app as Options shows it: never its secret. */
function appView(app: OAuthApp): OAuthAppView {
  return { clientId: app.clientId, ...pick(app, 'loginHost'), ...pick(app, 'tokenUrl'), ...pick(app, 'tenant'), ...pick(app, 'optionalScopes'), builtIn: app.builtIn };
}

/** `{ [key]: value }` when the value is set, else nothing (an optional property left out). */
function pick<T extends object, K extends keyof T>(from: T, key: K): Partial<Pick<T, K>> {
  return from[key] ? ({ [key]: from[key] } as Partial<Pick<T, K>>) : {};
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
