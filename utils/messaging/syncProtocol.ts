// The CRM sync's messages (options page and sidebar → background, issue #6), validated with zod on
// receipt like every other request; ./protocol.ts spreads them into the one protocol. Tokens go in
// (connect) and never come out: no answer carries one.
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { CRM_SYSTEMS, crmSystemSchema } from '../domain/entities';
import { committeeRoleSchema } from '../domain/committee/roles';
import { SIGN_IN_SYSTEMS, perSignInSystem } from '../crms/catalogue';
import { ZOHO_DC_IDS } from '../crms/zohoDataCentres';

/** The CRMs Dealside syncs with. */
export const syncSystemSchema = lazySchema(() => z.enum(CRM_SYSTEMS));
/** A data centre of the `data-centre` sign-in (Zoho CRM's: utils/crms/zohoDataCentres.ts) */
export const zohoDataCentreSchema = lazySchema(() => z.enum(ZOHO_DC_IDS));
const syncEntitySchema = lazySchema(() => z.enum(['account', 'person', 'deal', 'product']));
const syncErrorSchema = lazySchema(() => z.object({ code: z.string(), message: z.string(), at: z.string(), status: z.optional(z.number()) }));
const outboxCountsSchema = lazySchema(() => z.object({ pending: z.number(), held: z.number(), failed: z.number(), oldestAt: z.optional(z.string()) }));
const fieldValueSchema = lazySchema(() => z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** A team's OAuth app as Options shows it (nothing secret): the values an admin entered, and whether the build carries it. */
const oauthAppSchema = lazySchema(() =>
  z.object({ clientId: z.string(), loginHost: z.optional(z.string()), tokenUrl: z.optional(z.string()), tenant: z.optional(z.string()), optionalScopes: z.optional(z.string()), builtIn: z.boolean() }),
);
/** How signing in is set up: the callback URL, and the app of each CRM that signs in. */
export const oauthSetupSchema = lazySchema(() => z.object({ redirectUri: z.optional(z.string()), ...perSignInSystem(() => z.optional(oauthAppSchema)) }));
/** The CRMs that sign in (the catalogue's). */
const signInSystemSchema = lazySchema(() => z.enum(SIGN_IN_SYSTEMS));

/** One connection as Options → Connections and the popup show it. */
export const connectionViewSchema = lazySchema(() => z.object({
  system: crmSystemSchema,
  label: z.string(),
  status: z.enum(['connected', 'reconnect-needed', 'paused', 'error']),
  /** what happened and what the user can do (English; translate by status / lastError.code) */
  message: z.optional(z.string()),
  authKind: z.enum(['token', 'oauth']),
  lastPullAt: z.optional(z.string()),
  lastPushAt: z.optional(z.string()),
  /** requests wait until then (rate limit, daily budget) */
  blockedUntil: z.optional(z.string()),
  progress: z.optional(z.object({ phase: z.enum(['pull', 'push', 'idle']), stream: z.optional(z.string()), done: z.number(), total: z.optional(z.number()), at: z.string() })),
  /** API usage the CRM reported (Salesforce daily requests, Pipedrive daily tokens, HubSpot daily requests) */
  usage: z.optional(z.object({ kind: z.enum(['daily-requests', 'daily-tokens', 'daily-credits', 'ten-second', 'five-minute']), used: z.number(), limit: z.number(), at: z.string() })),
  lastError: z.optional(syncErrorSchema),
  /** the CRM refused its exchange rates and some account's ARR leaves deals in other currencies out */
  ratesRefused: z.optional(z.boolean()),
  capabilities: z.object({ dealsideIdField: z.boolean(), bant: z.enum(['created', 'mapped', 'missing']), products: z.optional(z.boolean()) }),
  outbox: outboxCountsSchema,
  conflicts: z.number(),
}));
export type ConnectionViewMessage = z.infer<typeof connectionViewSchema>;

export const syncStatusSchema = lazySchema(() => z.object({ connections: z.array(connectionViewSchema), outbox: outboxCountsSchema, conflicts: z.number() }));
export type SyncStatusMessage = z.infer<typeof syncStatusSchema>;

/** A field both the rep and the CRM changed: the sidebar shows both values and lets the rep choose. */
export const syncConflictSchema = lazySchema(() => z.object({
  id: z.string(),
  system: crmSystemSchema,
  entity: syncEntitySchema,
  localId: z.string(),
  field: z.string(),
  /** the field's name for people ("Budget evidence") */
  label: z.string(),
  localValue: fieldValueSchema,
  remoteValue: fieldValueSchema,
  base: fieldValueSchema,
  detectedAt: z.string(),
}));
export type SyncConflictMessage = z.infer<typeof syncConflictSchema>;

export const outboxEntryViewSchema = lazySchema(() => z.object({
  id: z.string(),
  system: crmSystemSchema,
  entity: syncEntitySchema,
  localId: z.string(),
  op: z.enum(['create', 'update', 'associate']),
  fields: z.array(z.string()),
  state: z.enum(['pending', 'held', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.optional(z.string()),
  lastError: z.optional(syncErrorSchema),
  createdAt: z.string(),
}));

export const crmFieldSchema = lazySchema(() => z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  custom: z.boolean(),
  writable: z.boolean(),
  mappedTo: z.optional(z.string()),
  options: z.optional(z.array(z.string())),
}));

/** The sync requests and their answers. */
export const syncRequestSchemas = {
  /** Every connection, its outbox and conflicts. */
  'sync/status': {
    request: lazySchema(() => z.object({ type: z.literal('sync/status') })),
    response: syncStatusSchema,
  },
  /** Push and pull now (and retry what waits for a backoff); progress arrives as event/sync-changed. */
  'sync/now': {
    request: lazySchema(() => z.object({ type: z.literal('sync/now'), system: z.optional(syncSystemSchema) })),
    response: syncStatusSchema,
  },
  /** Connect (or reconnect) with a private-app token / API token; the options page first asks for the API host permission. */
  'sync/connect-token': {
    request: lazySchema(() => z.object({
      type: z.literal('sync/connect-token'),
      system: syncSystemSchema,
      token: z.string().check(z.minLength(8), z.maxLength(4000)),
      /** Salesforce instance URL, Pipedrive company URL */
      baseUrl: z.optional(z.string().check(z.maxLength(300))),
      tier: z.optional(z.enum(['free', 'starter', 'professional', 'enterprise', 'essential', 'advanced', 'power'])),
    })),
    response: connectionViewSchema,
  },
  /** Connect through the CRM's sign-in (OAuth with PKCE, browser identity API). */
  'sync/connect-oauth': {
    request: lazySchema(() => z.object({
      type: z.literal('sync/connect-oauth'),
      system: signInSystemSchema,
      loginHost: z.optional(z.string().check(z.maxLength(300))),
      /** Dynamics 365: the organization's address (https://<org>.crm<n>.dynamics.com) */
      orgUrl: z.optional(z.string().check(z.maxLength(300))),
      /** Zoho CRM: the account's data centre */
      dataCentre: z.optional(zohoDataCentreSchema),
    })),
    response: connectionViewSchema,
  },
  /** How signing in is set up: the callback URL to register and the team's OAuth apps (nothing secret). */
  'sync/oauth-get': {
    request: lazySchema(() => z.object({ type: z.literal('sync/oauth-get') })),
    response: oauthSetupSchema,
  },
  /** An admin enters (or removes, with client null) the team's Salesforce Connected App / HubSpot app. */
  'sync/oauth-set': {
    request: lazySchema(() => z.object({
      type: z.literal('sync/oauth-set'),
      system: signInSystemSchema,
      client: z.union([
        z.null(),
        z.object({
          clientId: z.string().check(z.minLength(1), z.maxLength(300)),
          /** Salesforce: login.salesforce.com, test.salesforce.com or the My Domain */
          loginHost: z.optional(z.string().check(z.maxLength(300))),
          /** HubSpot: the team's token exchange endpoint */
          tokenUrl: z.optional(z.string().check(z.maxLength(500))),
          /** Dynamics 365: the Microsoft Entra tenant (its id or a domain) */
          tenant: z.optional(z.string().check(z.maxLength(300))),
          /** HubSpot: the optional scopes the app's registration lists (space-separated) */
          optionalScopes: z.optional(z.string().check(z.maxLength(500))),
        }),
      ]),
    })),
    response: oauthSetupSchema,
  },
  /** Forget a connection and its token; unsynced edits are kept unless discardOutbox. */
  'sync/disconnect': {
    request: lazySchema(() => z.object({ type: z.literal('sync/disconnect'), system: syncSystemSchema, discardOutbox: z.optional(z.boolean()) })),
    response: syncStatusSchema,
  },
  /** Conflicts, all or of one record. */
  'sync/conflicts': {
    request: lazySchema(() => z.object({ type: z.literal('sync/conflicts'), entityId: z.optional(z.string().check(z.maxLength(200))) })),
    response: lazySchema(() => z.array(syncConflictSchema)),
  },
  /** The rep's choice: keep theirs ('local' is pushed over the CRM's) or take the CRM's ('remote'). */
  'sync/resolve-conflict': {
    request: lazySchema(() => z.object({ type: z.literal('sync/resolve-conflict'), conflictId: z.string().check(z.maxLength(500)), choice: z.enum(['local', 'remote']) })),
    response: lazySchema(() => z.array(syncConflictSchema)),
  },
  /** A record deleted in the CRM but kept for the rep's work: create it there again, or remove it here. */
  'sync/deleted-record': {
    request: lazySchema(() => z.object({
      type: z.literal('sync/deleted-record'),
      entity: z.enum(['account', 'person', 'deal']),
      localId: z.string().check(z.minLength(1), z.maxLength(200)),
      action: z.enum(['recreate', 'remove']),
    })),
    response: lazySchema(() => z.object({ done: z.literal(true) })),
  },
  /** What waits to be sent (and what the CRM refused, with its reason). */
  'sync/outbox': {
    request: lazySchema(() => z.object({ type: z.literal('sync/outbox'), system: z.optional(syncSystemSchema) })),
    response: lazySchema(() => z.array(outboxEntryViewSchema)),
  },
  'sync/retry': {
    request: lazySchema(() => z.object({ type: z.literal('sync/retry'), system: z.optional(syncSystemSchema), ids: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(1000))) })),
    response: syncStatusSchema,
  },
  /** Drop edits from the outbox (they stay in Dealside's records). */
  'sync/discard': {
    request: lazySchema(() => z.object({ type: z.literal('sync/discard'), ids: z.array(z.string().check(z.maxLength(100))).check(z.maxLength(1000)) })),
    response: syncStatusSchema,
  },
  /** The CRM's fields of one kind of record, for mapping. */
  'sync/fields': {
    request: lazySchema(() => z.object({ type: z.literal('sync/fields'), system: syncSystemSchema, entity: syncEntitySchema, kind: z.optional(z.enum(['contact', 'lead'])) })),
    response: lazySchema(() => z.array(crmFieldSchema)),
  },
  /** Map Dealside fields to CRM fields (null removes a mapping). */
  'sync/map-fields': {
    request: lazySchema(() => z.object({
      type: z.literal('sync/map-fields'),
      system: syncSystemSchema,
      entity: z.enum(['account', 'person', 'lead', 'deal', 'product']),
      map: z.record(z.string().check(z.maxLength(100)), z.union([z.string().check(z.maxLength(200)), z.null()])),
    })),
    response: connectionViewSchema,
  },
  /** Buying-committee roles: the CRM's values to map them to, and the current map. */
  'sync/roles': {
    request: lazySchema(() => z.object({ type: z.literal('sync/roles'), system: syncSystemSchema })),
    response: lazySchema(() => z.object({
      options: z.array(z.object({ value: z.string(), label: z.string() })),
      /** Pipedrive: the role is the person's, not the deal's */
      perPerson: z.boolean(),
      map: z.partialRecord(committeeRoleSchema, z.string()),
    })),
  },
  /** Map buying-committee roles to the CRM's values (null: the role is not synced). */
  'sync/map-roles': {
    request: lazySchema(() => z.object({
      type: z.literal('sync/map-roles'),
      system: syncSystemSchema,
      map: z.partialRecord(committeeRoleSchema, z.union([z.string().check(z.maxLength(200)), z.null()])),
    })),
    response: connectionViewSchema,
  },
} as const;
