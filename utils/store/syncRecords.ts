// The records sync keeps in IndexedDB (stores added by migration 004): the outbox of local edits
// waiting for the CRM, one connection per CRM (status, field map, pull cursors, API usage), the
// connection's secrets (kept apart so a status read can never carry a token), and field-level
// conflicts waiting for the rep. Plain JSON, so they survive the service worker being stopped.
import type { CrmSystem } from '../domain/entities';
import type { FieldValue, SyncEntity } from '../domain/fields/recordFields';
import type { CurrencyRates } from '../domain/currency';
import type { CommitteeRole } from '../domain/committee/roles';

/** What went wrong, in a form the UI can show and the engine can act on. */
export type SyncErrorCode =
  | 'rate-limited' // 429 / burst limit: wait and retry
  | 'budget-exhausted' // daily API budget used up (Salesforce, Pipedrive tokens): wait for the reset
  | 'transient' // 5xx, network error
  | 'timeout'
  | 'offline'
  | 'auth' // 401 that a token refresh could not fix: the user must reconnect
  | 'forbidden' // 403: missing scope / permission
  | 'invalid' // 400 / 422: the CRM refused the values (needs the user)
  | 'not-found' // the CRM record is gone
  | 'unmapped' // no CRM field is mapped for a changed field
  | 'aborted'; // the worker stopped mid-request

export type SyncErrorInfo = { code: SyncErrorCode; message: string; at: string; status?: number };

/** A record of ours, as the outbox names it. */
export type EntityRef = { entity: SyncEntity; localId: string; kind?: 'contact' | 'lead' };

/** A touch the rep logged (utils/sync/sdrActions.ts logActivity): created in the CRM, never updated. */
export type ActivityRef = { entity: 'activity'; localId: string; kind?: undefined };

/** What an outbox entry is about: one of our records, or a logged touch. */
export type OutboxRef = EntityRef | ActivityRef;

/** One field's new value and the value it replaced (the last value known from the CRM). */
export type FieldChange = {
  field: string;
  value: FieldValue;
  base: FieldValue;
  /** held back because the CRM changed the same field: see the conflicts store */
  held?: boolean;
};

export type OutboxOp = 'create' | 'update' | 'associate';

export type OutboxEntry = {
  /** sortable by creation: `${ms, 15 digits}-${sequence}-${random}` */
  id: string;
  /** stable across retries; for creates it is also the value of the CRM's Dealside id field */
  idempotencyKey: string;
  system: CrmSystem;
  /** the record (or logged touch: entity 'activity', op 'create' only) */
  ref: OutboxRef;
  /** `${system}:${localId}`, indexed: the pending edits of one record */
  entityKey: string;
  op: OutboxOp;
  changes: FieldChange[];
  /** for 'associate': the other record (deal → account / contact, person → account) */
  to?: EntityRef;
  createdAt: string;
  attempts: number;
  /** when a create was first sent: a retry looks for what that attempt may have made */
  attemptedAt?: string;
  /** epoch ms; indexed */
  nextAttemptAt: number;
  /** 'pending': will be pushed; 'held': every change waits for a conflict; 'failed': the CRM refused it */
  state: 'pending' | 'held' | 'failed';
  lastError?: SyncErrorInfo;
};

/** How far a pull stream has read. */
export type PullCursor = {
  /** 'full': first read of everything (list paging); 'incremental': changes since `since` */
  mode: 'full' | 'incremental';
  /** the list's paging token while a full read is under way */
  after?: string;
  /** ISO time: changes at or after this are read next time */
  since?: string;
  /** the newest modification time seen so far in this read */
  highWater?: string;
  /** ids already seen exactly at highWater (the next query starts at highWater inclusive) */
  seenAtHighWater?: string[];
  /** streams on their own cadence (deletion checks): when the last complete check started */
  checkedAt?: string;
  /**
   * streams on their own cadence: this cursor's interval, where it follows what the last check
   * read (Zoho CRM's notes check, by the number of notes); else the stream's `everyMs`
   */
  everyMs?: number;
  /** deletion checks: how far the CRM's deletion log is known to be complete in this check */
  coveredUntil?: string;
  /** change tracking (Dynamics 365): the delta link that reads the changes since the last read */
  deltaLink?: string;
};

export type ConnectionStatus = 'connected' | 'reconnect-needed' | 'paused' | 'error';

export type ConnectionRecord = {
  /** one connection per CRM system */
  id: CrmSystem;
  system: CrmSystem;
  /** e.g. "HubSpot portal 4481234" */
  label: string;
  /** API base URL: https://api.hubapi.com, the Salesforce instance URL, https://<company>.pipedrive.com */
  baseUrl: string;
  authKind: 'token' | 'oauth';
  status: ConnectionStatus;
  /** what happened and what the user can do, in English (the UI translates by code) */
  statusMessage?: string;
  /** uiDomain: where the CRM's own pages are (HubSpot app.hubspot.com / app-eu1…, Pipedrive <company>.pipedrive.com) */
  account: { id?: string; name?: string; tier?: string; currency?: string; uiDomain?: string };
  /** canonical field → CRM property name, per entity (and per CRM object where it differs) */
  fieldMap: Partial<Record<SyncEntity | 'lead', Record<string, string>>>;
  /**
   * Which of the fields Dealside maps on connect the map was made with (fieldMapUpgrade.ts): a
   * connection made before a field was added gets it at its next sync. Absent: before any was added.
   */
  fieldMapVersion?: number;
  /** CRM stage value ↔ our stage, when the CRM's stages are its own */
  stageMap?: Record<string, string>;
  /** buying-committee role → the CRM's value (Salesforce Role, HubSpot label type id, Pipedrive option id) */
  roleMap?: Partial<Record<CommitteeRole, string>>;
  /** Pipedrive: the key of the person field that holds the role */
  roleField?: string;
  capabilities: {
    /** the CRM has our unique Dealside id field, so creates are upserts */
    dealsideIdField: boolean;
    /** where BANT lives: fields we created, fields the admin mapped, or nowhere yet */
    bant: 'created' | 'mapped' | 'missing';
    /**
     * false when the token may not read products (HubSpot's e-commerce scope): products and line
     * items are then not pulled, and the rest syncs. Absent means allowed.
     */
    products?: boolean;
    /**
     * How a logged touch is found again after a lost answer (activities.ts): 'unique' — upserted by
     * a unique Dealside id on the CRM's activity (HubSpot engagements); 'field' — a Dealside id
     * field on the activity, looked up before a retry creates it (Salesforce Task / Event with
     * Dealside_Id__c, HubSpot without unique values); 'marker' — no such field, a "Dealside ref …"
     * line in the activity's text is looked for instead (Pipedrive). Absent: connected before
     * touches were logged; treated as 'marker' until the next connect.
     */
    activityIds?: 'unique' | 'field' | 'marker';
    /**
     * Salesforce: the field that says an opportunity product's billing period, on the line
     * (`Billing_Period__c`) or its product (`Product2.Billing_Period__c`), found on connect
     * (SALESFORCE_BILLING_FIELDS); '' when the org has none (lines are read as a year's). Absent:
     * connected before it was looked for; looked up in every run that reads the lines until the
     * next connect.
     */
    lineBilling?: string;
  };
  cursors: Record<string, PullCursor>;
  /** epoch ms of the next pull; the engine pulls when due or when asked */
  nextPullAt?: number;
  lastPullAt?: string;
  lastPushAt?: string;
  /** no request before this (a long Retry-After, a spent daily budget) */
  blockedUntil?: number;
  progress?: { phase: 'pull' | 'push' | 'idle'; stream?: string; done: number; total?: number; at: string };
  usage?: { kind: 'daily-requests' | 'daily-tokens' | 'daily-credits' | 'ten-second' | 'five-minute'; used: number; limit: number; at: string };
  lastError?: SyncErrorInfo;
  /**
   * The CRM refused Dealside its exchange rates (a token without the currencies scope) and an account's
   * ARR left deals in another currency out: Options says so. Set and cleared by the runs that read rates.
   */
  ratesRefused?: boolean;
  /** the CRM's exchange rates the accounts' ARR was last derived with, and when they were read (pull.ts) */
  rates?: CurrencyRates;
  ratesReadAt?: string;
  /**
   * The accounts whose ARR goes through those rates (deals in another currency than the account's,
   * kept by the pages that derive them): derived again, and only they, when the rates change.
   */
  ratesAccounts?: string[];
  createdAt: string;
  updatedAt: string;
};

/** Credentials: background only, never sent to a content script or page. */
export type SecretRecord = {
  id: CrmSystem;
  accessToken: string;
  refreshToken?: string;
  /** epoch ms */
  expiresAt?: number;
  /** OAuth client and token endpoint, for refreshing */
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
  /** scopes a refresh asks for again (Microsoft Entra ID: the org's user_impersonation, offline_access) */
  scope?: string;
  updatedAt: string;
};

/**
 * What `syncSecrets` stores (utils/sync/secrets.ts): no token, only the AES-GCM ciphertext of the
 * secret's fields under the background's non-extractable key. Records written before sealing hold
 * a plaintext SecretRecord until first read.
 */
export type SealedSecretRecord = {
  id: CrmSystem;
  updatedAt: string;
  sealed: { alg: 'AES-GCM'; keyId: string; iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };
};

export type StoredSecretRecord = SealedSecretRecord | SecretRecord;

export type ConflictRecord = {
  /** `${system}:${localId}:${field}` */
  id: string;
  system: CrmSystem;
  ref: EntityRef;
  /** the local record's id, indexed (the sidebar lists a record's conflicts) */
  localId: string;
  field: string;
  /** our unpushed value */
  localValue: FieldValue;
  /** what the CRM has now */
  remoteValue: FieldValue;
  /** what both had before */
  base: FieldValue;
  detectedAt: string;
};

/** An outbox entry about one of our records (create, update, link). */
export type RecordEntry = OutboxEntry & { ref: EntityRef };
/** An outbox entry about a logged touch (always a create, its links inside). */
export type ActivityEntry = OutboxEntry & { ref: ActivityRef };

export function isRecordEntry(e: OutboxEntry): e is RecordEntry {
  return e.ref.entity !== 'activity';
}

export function isActivityEntry(e: OutboxEntry): e is ActivityEntry {
  return e.ref.entity === 'activity';
}
