// The one interface every CRM connector implements. The engine speaks only this: pull changes
// since a cursor, read current values (to detect conflicts before it writes), update, create
// (idempotently, keyed by our record id), associate, describe fields for mapping, report usage.
// Field names here are always canonical (utils/sync/fields.ts); each connector maps them to its
// CRM's properties through the connection's field map.
import type { CrmSystem, DealLine, LoggedTouchType } from '../domain/entities';
import type { FieldValue, SyncEntity } from '../domain/fields/recordFields';
import type { ConnectionRecord, PullCursor } from '../store/syncRecords';
import type { HttpClient, SyncError } from './http';
import type { CommitteeRole } from '../domain/committee/roles';
import { CRM_CATALOGUE } from '../crms/catalogue';
import type { CurrencyRates } from '../domain/currency';

/** One record as the CRM has it now, in canonical fields. */
export type RemoteRecord = {
  entity: SyncEntity;
  kind?: 'contact' | 'lead';
  /** the CRM's object name, as our crmRefs store it ('0-1', 'Contact', 'person' …) */
  objectType: string;
  crmId: string;
  /** ISO time of the CRM's last modification */
  modifiedAt: string;
  /** our record id when the record was created by Dealside (its Dealside id field) */
  dealsideId?: string;
  archived?: boolean;
  fields: Record<string, FieldValue>;
  /** links to other records, by CRM id; absent: unknown (leave ours as they are) */
  links?: {
    accountCrmId?: string | null;
    contactCrmIds?: string[];
    productCrmIds?: string[];
    /** deals: the CRM's role value of each contact (by CRM id) on this deal (null: none); absent: unknown */
    roles?: Record<string, string | null>;
    /** people (Pipedrive, where the role is per person): the CRM's role value; absent: unknown */
    personRole?: string | null;
    /** accounts: the parent account's CRM id (null: none); absent: unknown */
    parentAccountCrmId?: string | null;
  };
};

export type PullStream = {
  /** the cursor's name, e.g. 'contacts' */
  name: string;
  /** 'user': the CRM's users (record owners), read first so the records' owners are known */
  entity: SyncEntity | 'user';
  /** pull after these streams (people after accounts, deals after people) */
  order: number;
  /** a stream checked on its own cadence (deletion checks): at most once per this many ms */
  everyMs?: number;
};

/** One of the CRM's users (a record owner), as the users stream reports it. */
export type RemoteUser = {
  /** our user id: crmUserId(system, the CRM's user id) */
  id: string;
  name: string;
  email?: string;
};

/**
 * Our id of a CRM's user: `<system>-user-<the CRM's user id>`, the same id adoptCrmUser gives the
 * person the credentials belong to, so the connected user and the owner of their records are one.
 */
export function crmUserId(system: CrmSystem, userId: string): string {
  return `${system}-user-${userId}`;
}

/** The CRM's user id in one of our user ids, when the user is that CRM's. */
export function crmUserIdOf(system: CrmSystem, ourId: FieldValue): string | undefined {
  const prefix = `${system}-user-`;
  return typeof ourId === 'string' && ourId.startsWith(prefix) && ourId.length > prefix.length ? ourId.slice(prefix.length) : undefined;
}

/** A record the CRM deleted (archived), as a deletion stream reports it. */
export type RemoteDeletion = {
  entity: Exclude<SyncEntity, 'product'>;
  objectType: string;
  crmId: string;
  /** ISO time of the deletion, when the CRM says */
  deletedAt?: string;
};

export type PullPage = {
  records: RemoteRecord[];
  /** where the next page starts; stored with the page in one transaction */
  cursor: PullCursor;
  /** how many the CRM says there are, when it says */
  total?: number;
  /**
   * link-only updates: deal ↔ contact roles, line items (Salesforce OCR / OLI rows). `lines`: the
   * deal's lines read (all of them when `replace`), which make a won deal's account own products.
   */
  links?: Array<{
    dealCrmId: string;
    contactCrmIds?: string[];
    productCrmIds?: string[];
    lines?: RemoteLine[];
    /** the day the CRM says the deal was won or lost (YYYY-MM-DD), where it keeps one apart from the close date */
    closedAt?: string;
    replace?: boolean;
    /**
     * The lines read are all of one group of the deal's lines (a Zoho sales order's items, whose ids
     * are `<group>/<item id>`): they replace that group's lines, and the deal's other lines stay.
     */
    replaceGroup?: string;
    /**
     * The CRM's own ids of links read with this deal whose deletion the CRM reports by that id alone
     * (Dynamics 365 connections and opportunity products, Zoho sales orders) → the contact's CRM id
     * for a contact link, null for a line or a group of lines. Kept on the deal, so that
     * `removedLinks` finds what to undo.
     */
    linkIds?: Record<string, string | null>;
    removeContactCrmIds?: string[];
    /** the deal's lines deleted in the CRM (by their line ids): no longer the deal's */
    removeLineIds?: string[];
    roles?: Record<string, string | null>;
  }>;
  /** records deleted (archived) in the CRM */
  deletions?: RemoteDeletion[];
  /**
   * Links deleted in the CRM, by the id it reported them under (a link's `linkIds`): a contact link
   * unlinks the contact and clears its role (unless another link keeps it); a line, or a group of
   * lines, leaves the deal's lines (and its account's owned products follow).
   */
  removedLinks?: string[];
  /**
   * Accounts' parents read apart from the accounts themselves (Pipedrive's organization
   * relationships): each account's parent by CRM id (null: none). An account we do not hold is skipped.
   */
  parents?: Array<{ accountCrmId: string; parentAccountCrmId: string | null }>;
  /** the CRM's users (the users stream): stored in the users store */
  users?: RemoteUser[];
  /** touches the CRM holds (Zoho CRM notes): stored as activities, each record's last touch */
  activities?: RemoteActivity[];
  /**
   * Every touch of one object type the CRM still holds, by its id: a complete listing begun at
   * `listedFrom` (Zoho CRM's notes, whose deletions no deletion list reports). A touch read from that
   * object type and written before the listing began that is not listed was deleted in the CRM.
   */
  activitiesListed?: { objectType: string; crmIds: string[]; listedFrom: string };
  /** touches deleted in the CRM, by their CRM ids (Dynamics 365's activities, from a delta link) */
  removedActivities?: string[];
};

/** A touch read from the CRM (a note), on the records it names by CRM id. */
export type RemoteActivity = {
  crmId: string;
  /** the CRM's object name ('Notes') */
  objectType: string;
  type: LoggedTouchType;
  /** ISO time it was written */
  at: string;
  subject?: string;
  body?: string;
  /** the records it is on (a person, a deal, an account), by CRM id */
  links: { personCrmId?: string; dealCrmId?: string; accountCrmId?: string };
  /** our id, when Dealside logged it (its marker): the touch we already hold */
  dealsideId?: string;
};

/**
 * One line of a deal as a connector read it (see DealLine for what each field means), the product by
 * the CRM's id. Each connector says which of its CRM's fields it read.
 */
export type RemoteLine = Omit<DealLine, 'productId'> & { productCrmId: string };

/** A record of ours the CRM already knows. */
export type RemoteRef = { crmId: string; objectType: string; kind?: 'contact' | 'lead' };

export type ItemResult = { ok: true } | { ok: false; error: SyncError };
export type CreateResult =
  | { ok: true; crmId: string; objectType: string; created: boolean }
  | { ok: false; error: SyncError };

export type CreateItem = {
  dealsideId: string;
  kind?: 'contact' | 'lead';
  fields: Record<string, FieldValue>;
  /** an earlier attempt was sent at this time (its answer may have been lost): look harder first */
  retrySince?: string;
};
export type UpdateItem = RemoteRef & { fields: Record<string, FieldValue> };

/** A touch the rep logged, as a connector creates it in the CRM (utils/sync/activities.ts). */
export type ActivityItem = {
  /**
   * Our activity id: written to the CRM's Dealside id field for activities when it has one (else as
   * a marker in the text, activityMarker), and looked for before a retry creates it again.
   */
  dealsideId: string;
  type: LoggedTouchType;
  /** ISO time it happened (a call's or meeting's start) */
  at: string;
  subject?: string;
  body?: string;
  /** minutes (calls, meetings) */
  durationMin?: number;
  direction: 'outbound' | 'inbound';
  /** the records it was logged on, as this CRM knows them (at least one) */
  links: { person?: RemoteRef; deal?: RemoteRef; account?: RemoteRef };
  /** an earlier attempt went out at this time (its answer may have been lost): look before creating */
  retrySince?: string;
};
export type AssociateItem = { from: RemoteRef & { entity: SyncEntity }; to: RemoteRef & { entity: SyncEntity } };

export type CrmFieldInfo = {
  /** the CRM's property name / API name / key */
  name: string;
  label: string;
  type: string;
  custom: boolean;
  /** can Dealside write it */
  writable: boolean;
  /** the canonical field it is mapped to now */
  mappedTo?: string;
  options?: string[];
};

export type ConnectResult = {
  label: string;
  account: ConnectionRecord['account'];
  fieldMap: ConnectionRecord['fieldMap'];
  capabilities: ConnectionRecord['capabilities'];
  /** the CRM's own stage ids → our stages (Pipedrive) */
  stageMap?: Record<string, string>;
  /** buying-committee roles → the CRM's values found or created on connect */
  roleMap?: Partial<Record<CommitteeRole, string>>;
  /** Pipedrive: the person field that holds the role */
  roleField?: string;
  /** things the user should know (missing permissions, BANT fields that could not be created) */
  notes: string[];
  /**
   * Whom the credentials belong to, where the CRM says (Pipedrive's users/me, Salesforce's
   * userinfo): the current user, who signs BANT answers and owns what they add.
   */
  user?: { id: string; name: string; email?: string };
};

/**
 * What a CRM does its own way, declared by its connector so that the engine asks instead of
 * checking CRM names (what every surface needs to know, such as whether leads stand apart from
 * contacts, is in the catalogue: utils/crms/catalogue.ts).
 */
export type ConnectorTraits = {
  /**
   * A lead is a deal of the CRM's Leads inbox (Pipedrive): a person imported from a leads export
   * also carries the lead's ref (objectType 'lead'), which is not the person's id to write to.
   */
  leadIsDeal: boolean;
  /** A lead can hold a buying-committee role on a deal (false where contact roles take contacts only). */
  leadRoles: boolean;
};

/** What connect knows of the person connecting. */
export type ConnectOptions = { locale?: 'en' | 'es' };

export interface CrmConnector {
  readonly system: CrmSystem;
  readonly traits: ConnectorTraits;
  readonly http: HttpClient;
  readonly streams: readonly PullStream[];
  /**
   * Check the credentials, read the account, and prepare the CRM: the Dealside id field and BANT
   * fields (created when the token allows, else mapped to existing ones, else reported), labelled
   * — and the notes written — in the language of the person connecting (`locale`, English when
   * not said; connectors/notes.ts).
   */
  connect(options?: ConnectOptions): Promise<ConnectResult>;
  /**
   * Whom an OAuth access token belongs to, where the CRM's token metadata takes the token itself
   * (HubSpot) rather than telling it on connect; undefined when it does not say.
   */
  tokenOwner?(accessToken: string): Promise<{ id: string; name: string; email?: string } | undefined>;
  describeFields(entity: SyncEntity, kind?: 'contact' | 'lead'): Promise<CrmFieldInfo[]>;
  /** Changes since the cursor, page by page (a full read when there is no cursor). */
  pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage>;
  /** The CRM's current values of some fields, by CRM id (missing: the record is gone). */
  read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>>;
  update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]>;
  /** Idempotent: a retry with the same dealsideId returns the record made the first time. */
  create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]>;
  associate(items: readonly AssociateItem[]): Promise<ItemResult[]>;
  /** the largest batch one call takes */
  readonly batchSize: number;
  /**
   * Log touches as the CRM's own activities, linked to the records given. Exactly once: a retry
   * (retrySince set) finds what an attempt whose answer was lost made, instead of making another.
   */
  logActivities?(items: readonly ActivityItem[]): Promise<CreateResult[]>;
  /**
   * The CRM's exchange rates against its home currency (units of each currency per unit of home), read
   * once per pull run; undefined when the CRM has none to give (a single-currency org); 'refused' when
   * it has them but the token may not read them (a missing scope: Options says so when an account's
   * ARR leaves some out). A failure to reach the CRM throws, as any read does.
   */
  readRates?(): Promise<CurrencyRates | 'refused' | undefined>;
  /** Buying-committee roles (utils/sync/roles.ts): the CRM's values to map ours to. */
  describeRoles?(): Promise<RoleOptions>;
  /**
   * The CRM's current role value of each deal ↔ person (key roleKey()). Missing: the link is gone;
   * `{ gone: 'deal' | 'person' }`: that record no longer exists in the CRM.
   */
  readRoles?(items: readonly RoleRef[]): Promise<Map<string, RoleReading>>;
  /** Set (value null: clear) each person's role on each deal; idempotent, never a second link. */
  setRoles?(items: readonly RoleItem[]): Promise<ItemResult[]>;
}

export type RoleRef = { deal: RemoteRef; person: RemoteRef };
export type RoleReading = string | null | { gone: 'deal' | 'person' };
/** value: the CRM's value (mapped through the connection's roleMap), null clears the role */
export type RoleItem = RoleRef & { value: string | null };
export type RoleOptions = {
  /** what the admin can choose from: picklist values, association labels, enum options */
  options: Array<{ value: string; label: string }>;
  /** the role lives on the person, not on the deal (Pipedrive) */
  perPerson: boolean;
};

export function roleKey(deal: RemoteRef, person: RemoteRef): string {
  return `${deal.crmId}|${person.crmId}`;
}

export type ConnectorFactory = (connection: ConnectionRecord, http: HttpClient) => CrmConnector;

/**
 * Each CRM's record owner field (on accounts, people and deals; the catalogue's `ownerField`): a
 * connection made before owners synced has no `ownerId` in its field map, and gets this one, so
 * pulls, creates and updates agree.
 */
export const CRM_OWNER_FIELD: Partial<Record<CrmSystem, string>> = Object.fromEntries(Object.entries(CRM_CATALOGUE).map(([system, entry]) => [system, entry.ownerField]));

/** The canonical fields a connection has a CRM field for. */
export function mappedFields(connection: ConnectionRecord, entity: SyncEntity, kind?: 'contact' | 'lead'): Record<string, string> {
  const key = entity === 'person' && kind === 'lead' && connection.fieldMap.lead ? 'lead' : entity;
  const map = connection.fieldMap[key] ?? {};
  const owner = CRM_OWNER_FIELD[connection.system];
  return owner && entity !== 'product' && !('ownerId' in map) ? { ...map, ownerId: owner } : map;
}
