// Salesforce REST connector (Account, Contact, Lead, Opportunity, OpportunityContactRole,
// OpportunityLineItem, Product2).
//
// Pull: SOQL ordered by SystemModstamp (then Id), from the last SystemModstamp seen, following
// `nextRecordsUrl` page by page (2,000 per page); a query locator that expired while the worker
// slept is replaced by a new query from the newest SystemModstamp read. The first read is the
// same query without the WHERE clause.
//
// Push: updates as sObject collections (200 per call) after a SOQL read that checks nobody changed
// the same fields in Salesforce meanwhile; creates as upserts by the external id `Dealside_Id__c`
// (a retry finds the record made the first time); account links through one composite request
// (up to 25 updates), contact roles created only after a query shows they are missing.
//
// Owners: every Account, Contact, Lead and Opportunity has an OwnerId, a User id (a Lead may be
// owned by a queue, 00G…, which is no one we can name). The users (`SELECT Id, Name, Email FROM
// User`) are read first on every pull, as `salesforce-user-<Id>` — the id adoptCrmUser gives the
// signed-in user from userinfo. A create goes with the chosen owner when they are one of the org's
// users; otherwise Salesforce makes the token's user the owner.
//
// BANT lives in custom fields (Dealside_Budget_Status__c …) on Opportunity and Lead, which an
// admin adds (REST cannot create fields); connect maps what exists and says what is missing.
// Every answer carries Sforce-Limit-Info: the org's daily API budget is watched and shown.
import type { CrmSystem, LoggedTouchType } from '../../domain/entities';
import { BANT_FIELDS, normalizeField, type FieldValue, type SyncEntity } from '../../domain/fields/recordFields';
import type { ConnectionRecord, PullCursor, SyncErrorCode } from '../../store/syncRecords';
import { SyncError, type HttpClient } from '../http';
import {
  mappedFields,
  CRM_OWNER_FIELD,
  type ActivityItem,
  type AssociateItem,
  type ConnectResult,
  type CreateItem,
  type CreateResult,
  type CrmConnector,
  type CrmFieldInfo,
  type ItemResult,
  type PullPage,
  type PullStream,
  type RemoteRecord,
  type RemoteRef,
  type RoleItem,
  type RoleOptions,
  type RoleRef,
  type RoleReading,
  type UpdateItem,
  roleKey,
  crmUserId,
  crmUserIdOf,
} from '../connector';
import type { CommitteeRole } from '../../domain/committee/roles';
import { SALESFORCE_DEFAULT_ROLES } from '../../domain/fields/roleFields';
import { activityMarker, hasActivityMarker } from '../activities';
import { salesforceLineLink } from './lines';

export const SALESFORCE_API_VERSION = 'v62.0';
/** crm deletions: how often the delete log is read, how far back Salesforce keeps it */
export const SALESFORCE_DELETED_EVERY_MS = 30 * 60_000;
const SALESFORCE_DELETED_DAYS = 15;
const SALESFORCE_DELETED_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'OpportunityContactRole'] as const;
export const SALESFORCE_DEALSIDE_ID = 'Dealside_Id__c';
/** the LinkedIn profile on Contact and Lead: a custom field an admin adds (Text or URL, 255) */
export const SALESFORCE_LINKEDIN = 'Dealside_LinkedIn_URL__c';
/** the record owner on Account, Contact, Lead and Opportunity (a User id; a Lead's may be a queue's) */
export const SALESFORCE_OWNER = CRM_OWNER_FIELD.salesforce!;
/** User ids start with 005 (queues, 00G, own leads too) */
const USER_PREFIX = '005';
const DATA = `/services/data/${SALESFORCE_API_VERSION}`;
const BATCH = 200;

export function salesforceBantField(field: string): string {
  const [, letter, key] = field.split('.');
  const words = [letter!, ...key!.split(/(?=[A-Z])/)].map((w) => w[0]!.toUpperCase() + w.slice(1));
  return `Dealside_${words.join('_')}__c`;
}

type SfObject = 'Account' | 'Contact' | 'Lead' | 'Opportunity' | 'Product2' | 'OpportunityContactRole' | 'OpportunityLineItem' | 'Task' | 'Event';
/** the activity object a logged touch becomes: a meeting is an Event, the rest Tasks */
type SfActivity = 'Task' | 'Event';

export const SALESFORCE_DEFAULT_FIELDS: Record<'account' | 'person' | 'lead' | 'deal' | 'product', Record<string, string>> = {
  account: { name: 'Name', domain: 'Website', industry: 'Industry', employees: 'NumberOfEmployees', country: 'BillingCountry', city: 'BillingCity', ownerId: SALESFORCE_OWNER },
  person: { firstName: 'FirstName', lastName: 'LastName', email: 'Email', phone: 'Phone', title: 'Title', country: 'MailingCountry', city: 'MailingCity', linkedinUrl: SALESFORCE_LINKEDIN, ownerId: SALESFORCE_OWNER },
  lead: { firstName: 'FirstName', lastName: 'LastName', email: 'Email', phone: 'Phone', title: 'Title', companyName: 'Company', country: 'Country', city: 'City', linkedinUrl: SALESFORCE_LINKEDIN, ownerId: SALESFORCE_OWNER },
  deal: { name: 'Name', amount: 'Amount', stage: 'StageName', closeDate: 'CloseDate', ownerId: SALESFORCE_OWNER },
  product: { name: 'Name', family: 'Family' },
};

/** The standard opportunity stages, to ours. */
export const SALESFORCE_DEFAULT_STAGES: Record<string, string> = {
  Prospecting: 'discovery',
  Qualification: 'qualification',
  'Needs Analysis': 'qualification',
  'Value Proposition': 'proposal',
  'Id. Decision Makers': 'proposal',
  'Perception Analysis': 'proposal',
  'Proposal/Price Quote': 'proposal',
  'Negotiation/Review': 'negotiation',
  'Closed Won': 'closed-won',
  'Closed Lost': 'closed-lost',
};
const STAGE_FOR: Record<string, string> = {
  discovery: 'Prospecting',
  qualification: 'Qualification',
  proposal: 'Proposal/Price Quote',
  negotiation: 'Negotiation/Review',
  'closed-won': 'Closed Won',
  'closed-lost': 'Closed Lost',
};

type SfError = { message: string; errorCode?: string; statusCode?: string; fields?: string[] };
type SfSaveResult = { id?: string; success: boolean; errors: SfError[]; created?: boolean };
type QueryAnswer = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Array<Record<string, unknown>> };

export function describeSalesforceError(status: number, body: unknown): string {
  const first = Array.isArray(body) ? (body[0] as SfError | undefined) : undefined;
  if (first?.message) return `${first.errorCode ?? first.statusCode ?? 'ERROR'}: ${first.message}`;
  const oauth = body as { error?: string; error_description?: string } | null;
  if (oauth && typeof oauth === 'object' && oauth.error) return `${oauth.error}: ${oauth.error_description ?? ''}`.trim();
  return `HTTP ${status}`;
}

export function classifySalesforceError(status: number, body: unknown): SyncErrorCode | undefined {
  const first = Array.isArray(body) ? (body[0] as SfError | undefined) : undefined;
  const code = first?.errorCode;
  if (code === 'REQUEST_LIMIT_EXCEEDED') return /TotalRequests/i.test(first?.message ?? '') ? 'budget-exhausted' : 'rate-limited';
  if (code === 'ENTITY_IS_DELETED' || code === 'NOT_FOUND') return 'not-found';
  return undefined;
}

function saveError(errors: SfError[], fallback = 'Salesforce refused the record.'): SyncError {
  const e = errors[0];
  const code = e?.statusCode ?? e?.errorCode ?? '';
  const message = e ? `${code}: ${e.message}` : fallback;
  if (code === 'ENTITY_IS_DELETED' || code === 'NOT_FOUND') return new SyncError('not-found', `Salesforce: ${message}`, 404);
  if (code === 'REQUEST_LIMIT_EXCEEDED') return new SyncError('rate-limited', `Salesforce: ${message}`, 403);
  if (code === 'UNABLE_TO_LOCK_ROW') return new SyncError('transient', `Salesforce: ${message}`, 409);
  return new SyncError('invalid', `Salesforce refused the change (${message}).`, 400);
}

/** A touch's Subject when the rep gave none. */
const SF_TOUCH_SUBJECT: Record<LoggedTouchType, string> = { call: 'Call', 'email-sent': 'Email', 'email-replied': 'Email reply', meeting: 'Meeting', note: 'Note' };

/** A SOQL datetime literal (seconds; SOQL takes no fractions). */
export function soqlDateTime(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function normIso(value: unknown): string {
  const ms = Date.parse(String(value));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
}

export class SalesforceConnector implements CrmConnector {
  readonly system: CrmSystem = 'salesforce';
  readonly batchSize = BATCH;
  readonly streams: readonly PullStream[] = [
    // the users first: the records' OwnerId name them
    { name: 'User', entity: 'user', order: -1 },
    { name: 'Product2', entity: 'product', order: 0 },
    { name: 'Account', entity: 'account', order: 1 },
    { name: 'Contact', entity: 'person', order: 2 },
    { name: 'Lead', entity: 'person', order: 2 },
    { name: 'Opportunity', entity: 'deal', order: 3 },
    { name: 'OpportunityContactRole', entity: 'deal', order: 4 },
    { name: 'OpportunityLineItem', entity: 'deal', order: 5 },
    // crm deletions: sObject Get Deleted for each object, every 30 minutes (5 requests a check)
    { name: 'deleted', entity: 'deal', order: 10, everyMs: SALESFORCE_DELETED_EVERY_MS },
  ];

  constructor(
    readonly connection: ConnectionRecord,
    readonly http: HttpClient,
  ) {}

  private objectOf(entity: SyncEntity, kind?: 'contact' | 'lead'): SfObject {
    if (entity === 'person') return kind === 'lead' ? 'Lead' : 'Contact';
    return entity === 'account' ? 'Account' : entity === 'deal' ? 'Opportunity' : 'Product2';
  }

  private map(entity: SyncEntity, kind?: 'contact' | 'lead'): Record<string, string> {
    return mappedFields(this.connection, entity, kind);
  }

  private stages(): Record<string, string> {
    return this.connection.stageMap ?? SALESFORCE_DEFAULT_STAGES;
  }

  /** The field's value; undefined: not sent (an owner who is not one of this org's users). */
  toSalesforce(entity: SyncEntity, field: string, value: FieldValue): FieldValue | undefined {
    if (field === 'ownerId') {
      const id = crmUserIdOf('salesforce', value);
      return id?.startsWith(USER_PREFIX) ? id : undefined;
    }
    if (entity === 'deal' && field === 'stage' && typeof value === 'string') {
      return Object.entries(this.stages()).find(([, ours]) => ours === value)?.[0] ?? STAGE_FOR[value] ?? value;
    }
    return value;
  }

  fromSalesforce(entity: SyncEntity, field: string, raw: unknown): FieldValue {
    if (entity === 'deal' && field === 'stage') return typeof raw === 'string' ? (this.stages()[raw] ?? null) : null;
    // a queue owns no one we can name: no owner
    if (field === 'ownerId') return typeof raw === 'string' && raw.startsWith(USER_PREFIX) ? crmUserId('salesforce', raw) : null;
    return normalizeField(entity, field, raw);
  }

  private async soql(q: string): Promise<QueryAnswer> {
    const { body } = await this.http.request<QueryAnswer>({ method: 'GET', url: `${DATA}/query`, query: { q } });
    return body;
  }

  /** Every row of a query, following nextRecordsUrl. */
  private async soqlAll(q: string): Promise<Array<Record<string, unknown>>> {
    let page = await this.soql(q);
    const rows = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      page = (await this.http.request<QueryAnswer>({ method: 'GET', url: page.nextRecordsUrl })).body;
      rows.push(...page.records);
    }
    return rows;
  }

  // ----- connect ------------------------------------------------------------------------------

  async connect(): Promise<ConnectResult> {
    const [org] = (await this.soql('SELECT Id, Name FROM Organization')).records;
    const notes: string[] = [];
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    let idField = true;
    let bantComplete = true;
    const noLinkedin: string[] = [];
    const targets: Array<[keyof typeof SALESFORCE_DEFAULT_FIELDS, SfObject]> = [
      ['account', 'Account'],
      ['person', 'Contact'],
      ['lead', 'Lead'],
      ['deal', 'Opportunity'],
      ['product', 'Product2'],
    ];
    for (const [key, object] of targets) {
      const fields = await this.describe(object);
      const names = new Map(fields.map((f) => [f.name, f]));
      const map: Record<string, string> = {};
      for (const [canonical, name] of Object.entries(SALESFORCE_DEFAULT_FIELDS[key])) if (names.get(name)) map[canonical] = name;
      if ((key === 'person' || key === 'lead') && !map.linkedinUrl) noLinkedin.push(object);
      if (key === 'deal' || key === 'lead') {
        const missing: string[] = [];
        for (const field of Object.keys(BANT_FIELDS)) {
          const name = salesforceBantField(field);
          if (names.has(name)) map[field] = name;
          else missing.push(name);
        }
        if (missing.length) {
          bantComplete = false;
          notes.push(`BANT fields are missing on ${object}: ask a Salesforce admin to add ${missing.join(', ')} (or map BANT to existing fields in Options → Connections).`);
        }
      }
      if (object !== 'Product2' && !fields.some((f) => f.name === SALESFORCE_DEALSIDE_ID && f.externalId)) {
        idField = false;
        notes.push(`${object} has no external id field ${SALESFORCE_DEALSIDE_ID}: Dealside looks records up by e-mail or name before creating them.`);
      }
      fieldMap[key] = map;
    }
    if (noLinkedin.length) {
      notes.push(`${noLinkedin.join(' and ')} ${noLinkedin.length > 1 ? 'have' : 'has'} no ${SALESFORCE_LINKEDIN} field: LinkedIn profile links are not synced until a Salesforce admin adds it (URL or Text, 255).`);
    }
    // Buying-committee roles: the Role picklist of OpportunityContactRole (the closest standard value for each of ours).
    const roleValues = await this.rolePicklist();
    const roleMap: ConnectionRecord['roleMap'] = {};
    for (const [role, value] of Object.entries(SALESFORCE_DEFAULT_ROLES)) if (roleValues.some((v) => v.value === value)) roleMap[role as CommitteeRole] = value;
    const unmappedRoles = Object.keys(SALESFORCE_DEFAULT_ROLES).filter((r) => !roleMap[r as CommitteeRole]);
    if (unmappedRoles.length) notes.push(`The contact role picklist has no value for ${unmappedRoles.join(', ')}: choose one in Options → Connections (Buying-committee roles).`);
    const activityIds = await this.activityIdMode();
    if (activityIds === 'marker') {
      notes.push(`Task and Event have no ${SALESFORCE_DEALSIDE_ID} field: the touches Dealside logs carry a "Dealside ref" line in their Comments, by which a retry finds them (an admin can add the Activity custom field ${SALESFORCE_DEALSIDE_ID}, Text 255).`);
    }
    return {
      roleMap,
      label: `Salesforce ${String(org?.Name ?? '')}`.trim(),
      account: { ...(org?.Id ? { id: String(org.Id) } : {}), ...(org?.Name ? { name: String(org.Name) } : {}) },
      fieldMap,
      capabilities: { dealsideIdField: idField, bant: bantComplete ? 'mapped' : 'missing', activityIds },
      notes,
      ...((await this.whoAmI()) ?? {}),
    };
  }

  /** Whom the token belongs to: the OpenID Connect userinfo endpoint on the instance's own host. */
  private async whoAmI(): Promise<{ user: { id: string; name: string; email?: string } } | undefined> {
    try {
      const { body } = await this.http.request<{ user_id?: string; name?: string; email?: string }>({ method: 'GET', url: '/services/oauth2/userinfo' });
      if (!body.user_id || !body.name) return undefined;
      return { user: { id: body.user_id, name: body.name, ...(body.email ? { email: body.email } : {}) } };
    } catch (e) {
      // an integration user's token without the openid scope: the user is asked instead
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid' || e.code === 'not-found')) return undefined;
      throw e;
    }
  }

  /**
   * Logged touches: the Activity custom field Dealside_Id__c (Task and Event share it; Salesforce
   * offers no external ids there) is looked up before a retry creates; without it, a marker line.
   */
  private async activityIdMode(): Promise<'field' | 'marker'> {
    try {
      for (const object of ['Task', 'Event'] as const) {
        if (!(await this.describe(object)).some((f) => f.name === SALESFORCE_DEALSIDE_ID)) return 'marker';
      }
      return 'field';
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'not-found')) return 'marker';
      throw e;
    }
  }

  private async rolePicklist(): Promise<Array<{ value: string; label: string }>> {
    const role = (await this.describe('OpportunityContactRole')).find((f) => f.name === 'Role');
    return (role?.picklistValues ?? []).filter((p) => p.active).map((p) => ({ value: p.value, label: (p as { label?: string }).label ?? p.value }));
  }

  async describeRoles(): Promise<RoleOptions> {
    return { options: await this.rolePicklist(), perPerson: false };
  }

  /** The contact role rows of these opportunity ↔ contact pairs. */
  private async contactRoles(items: readonly RoleRef[]): Promise<Array<Record<string, unknown>>> {
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const chunk = items.slice(i, i + BATCH);
      const opps = [...new Set(chunk.map((r) => soqlString(r.deal.crmId)))];
      const contacts = [...new Set(chunk.map((r) => soqlString(r.person.crmId)))];
      rows.push(...(await this.soqlAll(`SELECT Id, OpportunityId, ContactId, Role FROM OpportunityContactRole WHERE OpportunityId IN (${opps.join(',')}) AND ContactId IN (${contacts.join(',')})`)));
    }
    return rows;
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, RoleReading>> {
    const out = new Map<string, RoleReading>();
    const rows = await this.contactRoles(items);
    const withRow = new Set(rows.map((row) => `${String(row.OpportunityId)}|${String(row.ContactId)}`));
    for (const row of rows) {
      const key = `${String(row.OpportunityId)}|${String(row.ContactId)}`;
      if (!out.has(key) || (out.get(key) === null && row.Role)) out.set(key, row.Role ? String(row.Role) : null);
    }
    // No contact role row: no role — unless the opportunity or the contact itself is gone (deleted,
    // not yet seen by the deletion check), which a clear must not be mistaken for.
    const without = items.filter((r) => !withRow.has(roleKey(r.deal, r.person)));
    if (without.length > 0) {
      const exists = async (object: 'Opportunity' | 'Contact', ids: string[]) =>
        new Set((await this.soqlAll(`SELECT Id FROM ${object} WHERE Id IN (${[...new Set(ids)].map(soqlString).join(',')})`)).map((r) => String(r.Id)));
      const opps = await exists('Opportunity', without.map((r) => r.deal.crmId));
      const contacts = await exists('Contact', without.map((r) => r.person.crmId));
      for (const r of without) {
        out.set(roleKey(r.deal, r.person), !opps.has(r.deal.crmId) ? { gone: 'deal' } : !contacts.has(r.person.crmId) ? { gone: 'person' } : null);
      }
    }
    return out;
  }

  /**
   * The Role of the opportunity's contact role: the rows are read first, then updated, or created
   * when missing (a retry after a lost answer finds the row the first attempt made).
   */
  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const rows = await this.contactRoles(items);
    const updates: Array<{ index: number; id: string; value: string | null }> = [];
    const creates: number[] = [];
    const creating = new Set<string>();
    items.forEach((item, index) => {
      const key = roleKey(item.deal, item.person);
      const existing = rows.filter((r) => `${String(r.OpportunityId)}|${String(r.ContactId)}` === key);
      for (const row of existing) if ((row.Role ?? null) !== item.value) updates.push({ index, id: String(row.Id), value: item.value });
      if (existing.length === 0 && item.value !== null && !creating.has(key)) {
        creating.add(key);
        creates.push(index);
      }
    });
    for (let i = 0; i < updates.length; i += BATCH) {
      const chunk = updates.slice(i, i + BATCH);
      const { body } = await this.http.request<SfSaveResult[]>({
        method: 'PATCH',
        url: `${DATA}/composite/sobjects`,
        body: { allOrNone: false, records: chunk.map((u) => ({ attributes: { type: 'OpportunityContactRole' }, id: u.id, Role: u.value })) },
      });
      chunk.forEach((u, k) => {
        const r = body[k];
        if (!r?.success) results[u.index] = { ok: false, error: saveError(r?.errors ?? []) };
      });
    }
    for (let i = 0; i < creates.length; i += BATCH) {
      const chunk = creates.slice(i, i + BATCH);
      const { body } = await this.http.request<SfSaveResult[]>({
        method: 'POST',
        url: `${DATA}/composite/sobjects`,
        body: {
          allOrNone: false,
          records: chunk.map((j) => ({ attributes: { type: 'OpportunityContactRole' }, OpportunityId: items[j]!.deal.crmId, ContactId: items[j]!.person.crmId, Role: items[j]!.value })),
        },
      });
      chunk.forEach((j, k) => {
        const r = body[k];
        if (!r?.success) results[j] = { ok: false, error: saveError(r?.errors ?? []) };
      });
    }
    return results;
  }

  private async describe(object: SfObject): Promise<Array<{ name: string; label: string; type: string; custom: boolean; externalId: boolean; updateable: boolean; picklistValues?: Array<{ value: string; active: boolean }> }>> {
    const { body } = await this.http.request<{ fields: Array<{ name: string; label: string; type: string; custom: boolean; externalId: boolean; updateable: boolean; picklistValues?: Array<{ value: string; active: boolean }> }> }>({
      method: 'GET',
      url: `${DATA}/sobjects/${object}/describe`,
    });
    return body.fields;
  }

  async describeFields(entity: SyncEntity, kind?: 'contact' | 'lead'): Promise<CrmFieldInfo[]> {
    const fields = await this.describe(this.objectOf(entity, kind));
    const mapped = new Map(Object.entries(this.map(entity, kind)).map(([c, n]) => [n, c]));
    return fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      custom: f.custom,
      writable: f.updateable,
      ...(mapped.has(f.name) ? { mappedTo: mapped.get(f.name) } : {}),
      ...(f.picklistValues?.length ? { options: f.picklistValues.filter((p) => p.active).map((p) => p.value) } : {}),
    }));
  }

  // ----- pull ---------------------------------------------------------------------------------

  private selectFields(stream: SfObject): string[] {
    const base = ['Id', 'SystemModstamp'];
    const id = this.connection.capabilities.dealsideIdField && stream !== 'Product2' ? [SALESFORCE_DEALSIDE_ID] : [];
    switch (stream) {
      case 'Account':
        return [...new Set([...base, ...Object.values(this.map('account')), 'ParentId', ...id])];
      case 'Contact':
        return [...new Set([...base, ...Object.values(this.map('person', 'contact')), 'AccountId', ...id])];
      case 'Lead':
        return [...new Set([...base, ...Object.values(this.map('person', 'lead')), ...id])];
      case 'Opportunity':
        return [...new Set([...base, ...Object.values(this.map('deal')), 'AccountId', ...id])];
      case 'Product2':
        return [...new Set([...base, ...Object.values(this.map('product'))])];
      case 'OpportunityContactRole':
        return [...base, 'OpportunityId', 'ContactId', 'Role'];
      default:
        // the line's product, quantity and total (lines.ts: salesforceLine)
        return [...base, 'OpportunityId', 'Product2Id', 'Quantity', 'TotalPrice'];
    }
  }

  private toRecord(stream: SfObject, row: Record<string, unknown>): RemoteRecord {
    const entity: SyncEntity = stream === 'Account' ? 'account' : stream === 'Opportunity' ? 'deal' : stream === 'Product2' ? 'product' : 'person';
    const kind = stream === 'Lead' ? 'lead' : stream === 'Contact' ? 'contact' : undefined;
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, name] of Object.entries(this.map(entity, kind))) if (name in row) fields[canonical] = this.fromSalesforce(entity, canonical, row[name]);
    const dealsideId = row[SALESFORCE_DEALSIDE_ID];
    return {
      entity,
      ...(kind ? { kind } : {}),
      objectType: stream,
      crmId: String(row.Id),
      modifiedAt: normIso(row.SystemModstamp),
      ...(typeof dealsideId === 'string' && dealsideId ? { dealsideId } : {}),
      fields,
      ...(stream === 'Contact' || stream === 'Opportunity' ? { links: { accountCrmId: row.AccountId ? String(row.AccountId) : null } } : {}),
      // the account hierarchy: Account.ParentId
      ...(stream === 'Account' && 'ParentId' in row ? { links: { parentAccountCrmId: row.ParentId ? String(row.ParentId) : null } } : {}),
    };
  }

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    if (!this.streams.some((s) => s.name === stream)) throw new Error(`Salesforce has no stream ${stream}`);
    if (stream === 'deleted') {
      yield* this.pullDeleted(cursor);
      return;
    }
    if (stream === 'User') {
      yield* this.pullUsers();
      return;
    }
    const object = stream as SfObject;
    const fields = this.selectFields(object);
    const mode = cursor?.mode ?? 'full';
    let since = cursor?.since;
    let seen = new Set(cursor?.seenAtHighWater ?? []);
    let highWater = cursor?.highWater ?? since;
    let highIds = new Set<string>(highWater === since ? seen : []);
    let next = cursor?.after;
    for (;;) {
      let page: QueryAnswer | undefined;
      if (next) {
        const res = await this.http.request<QueryAnswer | SfError[]>({ method: 'GET', url: next, accept: [400, 404] });
        if (res.status === 200) page = res.body as QueryAnswer;
        else {
          // The query locator expired (the worker slept): query again from the newest change read.
          since = highWater;
          seen = new Set(highIds);
          next = undefined;
        }
      }
      if (!page) {
        const where = since ? ` WHERE SystemModstamp >= ${soqlDateTime(since)}` : '';
        page = await this.soql(`SELECT ${fields.join(', ')} FROM ${object}${where} ORDER BY SystemModstamp ASC, Id ASC`);
      }
      const sinceMs = since ? Date.parse(since) : undefined;
      const rows = page.records.filter((r) => !(sinceMs !== undefined && Date.parse(String(r.SystemModstamp)) <= sinceMs && seen.has(String(r.Id))));
      for (const r of rows) {
        const modified = normIso(r.SystemModstamp);
        if (!highWater || Date.parse(modified) > Date.parse(highWater)) {
          highWater = modified;
          highIds = new Set([String(r.Id)]);
        } else if (Date.parse(modified) === Date.parse(highWater)) highIds.add(String(r.Id));
      }
      const done = page.done || !page.nextRecordsUrl;
      next = page.nextRecordsUrl;
      const nextCursor: PullCursor = done
        ? { mode: 'incremental', ...(highWater ? { since: highWater } : {}), seenAtHighWater: [...highIds] }
        : { mode, ...(since ? { since } : {}), seenAtHighWater: [...seen], after: next!, ...(highWater ? { highWater } : {}) };
      if (object === 'OpportunityContactRole' || object === 'OpportunityLineItem') {
        yield {
          records: [],
          cursor: nextCursor,
          total: page.totalSize,
          links: rows.map((r) =>
            object === 'OpportunityContactRole'
              ? {
                  dealCrmId: String(r.OpportunityId),
                  contactCrmIds: r.ContactId ? [String(r.ContactId)] : [],
                  // the contact's role on the deal (buying-committee roles, through the connection's roleMap)
                  ...(r.ContactId ? { roles: { [String(r.ContactId)]: r.Role ? String(r.Role) : null } } : {}),
                }
              : salesforceLineLink(r),
          ),
        };
      } else {
        yield { records: rows.map((r) => this.toRecord(object, r)), cursor: nextCursor, total: page.totalSize };
      }
      if (done) return;
    }
  }

  /** The org's users, inactive ones too (their records keep them as owner): all of them, every pull. */
  private async *pullUsers(): AsyncGenerator<PullPage> {
    const rows = await this.soqlAll('SELECT Id, Name, Email FROM User');
    const users = rows
      .filter((r) => typeof r.Id === 'string' && r.Id.startsWith(USER_PREFIX))
      .map((r) => ({ id: crmUserId('salesforce', String(r.Id)), name: String(r.Name ?? '') || String(r.Email ?? '') || String(r.Id), ...(r.Email ? { email: String(r.Email) } : {}) }));
    yield { records: [], users, cursor: { mode: 'incremental', since: new Date(this.http.deps.now()).toISOString() }, total: users.length };
  }

  /**
   * Deletions: sObject Get Deleted (`/sobjects/{object}/deleted/?start=&end=`) per object over one
   * window, from where the last check's log was complete (latestDateCovered) to now. Salesforce
   * keeps the log at most 15 days (less once purged: earliestDateAvailable) and ignores seconds;
   * a window under two minutes waits for the next check. Deleted contact roles are read back with
   * queryAll (the recycle bin still has their opportunity and contact), and the opportunities'
   * remaining roles say which contacts are no longer linked.
   */
  private async *pullDeleted(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const now = this.http.deps.now();
    const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
    const floor = minute(now - SALESFORCE_DELETED_DAYS * 86_400_000) + 60_000;
    const midRun = !!cursor?.after;
    const start = minute(Math.max(floor, cursor?.since ? Date.parse(cursor.since) : now - 86_400_000));
    const end = midRun && cursor?.highWater ? Date.parse(cursor.highWater) : minute(now);
    let covered = midRun && cursor?.coveredUntil ? Date.parse(cursor.coveredUntil) : end;
    const checkedAt = midRun && cursor?.checkedAt ? cursor.checkedAt : new Date(now).toISOString();
    if (end - start < 2 * 60_000) {
      yield { records: [], cursor: { mode: 'incremental', since: new Date(start).toISOString(), checkedAt } };
      return;
    }
    const sfDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const from = midRun ? Math.max(0, SALESFORCE_DELETED_OBJECTS.indexOf(cursor!.after as (typeof SALESFORCE_DELETED_OBJECTS)[number])) : 0;
    for (let i = from; i < SALESFORCE_DELETED_OBJECTS.length; i++) {
      const object = SALESFORCE_DELETED_OBJECTS[i]!;
      const { body } = await this.http.request<{ deletedRecords: Array<{ id: string; deletedDate: string }>; earliestDateAvailable?: string; latestDateCovered?: string }>({
        method: 'GET',
        url: `${DATA}/sobjects/${object}/deleted/`,
        query: { start: sfDate(start), end: sfDate(end) },
      });
      if (body.latestDateCovered) covered = Math.min(covered, Date.parse(normIso(body.latestDateCovered)));
      const rows = body.deletedRecords ?? [];
      const last = i === SALESFORCE_DELETED_OBJECTS.length - 1;
      const next: PullCursor = last
        ? { mode: 'incremental', since: new Date(covered).toISOString(), checkedAt }
        : { mode: 'incremental', since: new Date(start).toISOString(), after: SALESFORCE_DELETED_OBJECTS[i + 1]!, highWater: new Date(end).toISOString(), coveredUntil: new Date(covered).toISOString(), checkedAt };
      if (object === 'OpportunityContactRole') {
        yield { records: [], cursor: next, ...(rows.length ? { links: await this.removedRoles(rows.map((r) => r.id)) } : {}) };
      } else {
        const entity = object === 'Account' ? 'account' : object === 'Opportunity' ? 'deal' : 'person';
        yield { records: [], cursor: next, deletions: rows.map((r) => ({ entity, objectType: object, crmId: r.id, deletedAt: normIso(r.deletedDate) })) };
      }
    }
  }

  /** Deleted contact roles → per opportunity, the contacts no longer linked to it. */
  private async removedRoles(ids: readonly string[]): Promise<NonNullable<PullPage['links']>> {
    const removed = new Map<string, Set<string>>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const q = `SELECT Id, OpportunityId, ContactId FROM OpportunityContactRole WHERE Id IN (${ids.slice(i, i + BATCH).map(soqlString).join(',')})`;
      const { body } = await this.http.request<QueryAnswer>({ method: 'GET', url: `${DATA}/queryAll`, query: { q } });
      for (const r of body.records) {
        if (!r.OpportunityId || !r.ContactId) continue;
        const set = removed.get(String(r.OpportunityId)) ?? new Set<string>();
        set.add(String(r.ContactId));
        removed.set(String(r.OpportunityId), set);
      }
    }
    const opps = [...removed.keys()];
    for (let i = 0; i < opps.length; i += BATCH) {
      // the same contact may still have another role on the opportunity
      const q = `SELECT OpportunityId, ContactId FROM OpportunityContactRole WHERE OpportunityId IN (${opps.slice(i, i + BATCH).map(soqlString).join(',')})`;
      for (const r of await this.soqlAll(q)) removed.get(String(r.OpportunityId))?.delete(String(r.ContactId));
    }
    return [...removed].filter(([, c]) => c.size > 0).map(([dealCrmId, c]) => ({ dealCrmId, removeContactCrmIds: [...c] }));
  }

  // ----- push ---------------------------------------------------------------------------------

  private byObject<T extends { kind?: 'contact' | 'lead' }>(entity: SyncEntity, items: readonly T[]): Map<SfObject, number[]> {
    const out = new Map<SfObject, number[]>();
    items.forEach((item, i) => {
      const object = this.objectOf(entity, item.kind);
      out.set(object, [...(out.get(object) ?? []), i]);
    });
    return out;
  }

  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const out = new Map<string, Record<string, FieldValue>>();
    for (const [object, indexes] of this.byObject(entity, refs)) {
      const kind = object === 'Lead' ? 'lead' : object === 'Contact' ? 'contact' : undefined;
      const map = this.map(entity, kind);
      const names = fields.filter((f) => map[f]).map((f) => [f, map[f]!] as const);
      for (let i = 0; i < indexes.length; i += BATCH) {
        const ids = indexes.slice(i, i + BATCH).map((j) => soqlString(refs[j]!.crmId));
        const select = [...new Set(['Id', ...names.map(([, n]) => n)])].join(', ');
        for (const row of await this.soqlAll(`SELECT ${select} FROM ${object} WHERE Id IN (${ids.join(',')})`)) {
          out.set(String(row.Id), Object.fromEntries(names.map(([c, n]) => [c, this.fromSalesforce(entity, c, row[n])])));
        }
      }
    }
    return out;
  }

  private values(entity: SyncEntity, kind: 'contact' | 'lead' | undefined, fields: Record<string, FieldValue>): Record<string, FieldValue> {
    const map = this.map(entity, kind);
    const out: Record<string, FieldValue> = {};
    for (const [field, value] of Object.entries(fields)) {
      const v = map[field] ? this.toSalesforce(entity, field, value) : undefined;
      if (v !== undefined) out[map[field]!] = v;
    }
    return out;
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    for (const [object, indexes] of this.byObject(entity, items)) {
      for (let i = 0; i < indexes.length; i += BATCH) {
        const chunk = indexes.slice(i, i + BATCH);
        const { body } = await this.http.request<SfSaveResult[]>({
          method: 'PATCH',
          url: `${DATA}/composite/sobjects`,
          body: {
            allOrNone: false,
            records: chunk.map((j) => ({ attributes: { type: object }, id: items[j]!.crmId, ...this.values(entity, items[j]!.kind, items[j]!.fields) })),
          },
        });
        chunk.forEach((j, k) => {
          const r = body[k];
          if (!r || !r.success) results[j] = { ok: false, error: saveError(r?.errors ?? []) };
        });
      }
    }
    return results;
  }

  /** Salesforce's required fields, filled when our record has nothing for them. */
  private withRequired(object: SfObject, values: Record<string, FieldValue>): Record<string, FieldValue> {
    const v = { ...values };
    if ((object === 'Contact' || object === 'Lead') && !v.LastName) v.LastName = (v.FirstName as string | null) ?? '(no name)';
    if (object === 'Lead' && !v.Company) v.Company = '(not given)';
    if (object === 'Account' && !v.Name) v.Name = '(no name)';
    if (object === 'Opportunity') {
      if (!v.Name) v.Name = '(no name)';
      if (!v.StageName) v.StageName = 'Prospecting';
      if (!v.CloseDate) v.CloseDate = new Date(this.http.deps.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    }
    return v;
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    for (const [object, indexes] of this.byObject(entity, items)) {
      for (let i = 0; i < indexes.length; i += BATCH) {
        const chunk = indexes.slice(i, i + BATCH);
        const records = chunk.map((j) => this.withRequired(object, this.values(entity, items[j]!.kind, items[j]!.fields)));
        if (this.connection.capabilities.dealsideIdField && object !== 'Product2') {
          // Upsert by our id: a retry after a lost answer updates the record made the first time.
          const { body } = await this.http.request<SfSaveResult[]>({
            method: 'PATCH',
            url: `${DATA}/composite/sobjects/${object}/${SALESFORCE_DEALSIDE_ID}`,
            body: { allOrNone: false, records: chunk.map((j, k) => ({ attributes: { type: object }, [SALESFORCE_DEALSIDE_ID]: items[j]!.dealsideId, ...records[k] })) },
          });
          chunk.forEach((j, k) => {
            const r = body[k];
            results[j] = r?.success && r.id ? { ok: true, crmId: r.id, objectType: object, created: r.created !== false } : { ok: false, error: saveError(r?.errors ?? []) };
          });
          continue;
        }
        for (let k = 0; k < chunk.length; k++) results[chunk[k]!] = await this.createByNaturalKey(object, records[k]!, items[chunk[k]!]!.retrySince);
      }
    }
    return results;
  }

  /**
   * Without Dealside_Id__c: look the record up (e-mail, name) before creating it. A person without
   * an e-mail has no such key; when an earlier attempt was sent (`retrySince`: its answer may have
   * been lost after Salesforce made the record) the record made since then under the same name
   * (and company, for a lead) is the one that attempt made.
   */
  private async createByNaturalKey(object: SfObject, values: Record<string, FieldValue>, retrySince?: string): Promise<CreateResult> {
    const person = object === 'Contact' || object === 'Lead';
    const key = person ? 'Email' : 'Name';
    const value = values[key];
    if (typeof value === 'string' && value) {
      const [found] = (await this.soql(`SELECT Id FROM ${object} WHERE ${key} = ${soqlString(value)} LIMIT 1`)).records;
      if (found) return { ok: true, crmId: String(found.Id), objectType: object, created: false };
    } else if (person && retrySince && typeof values.LastName === 'string') {
      const since = soqlDateTime(new Date(Date.parse(retrySince) - 5 * 60_000).toISOString());
      const same = (field: string) => (typeof values[field] === 'string' && values[field] ? ` AND ${field} = ${soqlString(values[field] as string)}` : ` AND ${field} = null`);
      const where = `LastName = ${soqlString(values.LastName)}${same('FirstName')}${object === 'Lead' ? same('Company') : ''} AND CreatedDate >= ${since}`;
      const [found] = (await this.soql(`SELECT Id FROM ${object} WHERE ${where} ORDER BY CreatedDate LIMIT 1`)).records;
      if (found) return { ok: true, crmId: String(found.Id), objectType: object, created: false };
    }
    try {
      const { body } = await this.http.request<SfSaveResult>({ method: 'POST', url: `${DATA}/sobjects/${object}`, body: values });
      return { ok: true, crmId: String(body.id), objectType: object, created: true };
    } catch (e) {
      if (e instanceof SyncError && e.code === 'invalid') return { ok: false, error: e };
      throw e;
    }
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    // Account links are field updates: up to 25 in one composite request.
    const updates: number[] = [];
    const roles: number[] = [];
    items.forEach((item, i) => {
      if (item.to.entity === 'account' && (item.from.entity === 'deal' || (item.from.entity === 'person' && item.from.kind !== 'lead'))) updates.push(i);
      else if (item.from.entity === 'deal' && item.to.entity === 'person') roles.push(i);
      // a lead has no account to link to in Salesforce (it names its company in Company)
    });
    for (let i = 0; i < updates.length; i += 25) {
      const chunk = updates.slice(i, i + 25);
      const { body } = await this.http.request<{ compositeResponse: Array<{ body: unknown; httpStatusCode: number; referenceId: string }> }>({
        method: 'POST',
        url: `${DATA}/composite`,
        idempotent: true, // setting AccountId twice leaves the same link
        body: {
          allOrNone: false,
          compositeRequest: chunk.map((j) => ({
            method: 'PATCH',
            url: `${DATA}/sobjects/${items[j]!.from.entity === 'deal' ? 'Opportunity' : 'Contact'}/${items[j]!.from.crmId}`,
            referenceId: `link${j}`,
            body: { AccountId: items[j]!.to.crmId },
          })),
        },
      });
      chunk.forEach((j, k) => {
        const sub = body.compositeResponse[k];
        if (!sub || sub.httpStatusCode >= 300) {
          const error = saveError(Array.isArray(sub?.body) ? (sub!.body as SfError[]) : []);
          if (sub && sub.httpStatusCode >= 500) throw new SyncError('transient', error.message, sub.httpStatusCode);
          results[j] = { ok: false, error };
        }
      });
    }
    // Contact roles are records: create only those a query does not find (a retry never doubles one).
    for (let i = 0; i < roles.length; i += BATCH) {
      const chunk = roles.slice(i, i + BATCH);
      const opps = [...new Set(chunk.map((j) => items[j]!.from.crmId))].map(soqlString);
      const contacts = [...new Set(chunk.map((j) => items[j]!.to.crmId))].map(soqlString);
      const existing = new Set(
        (await this.soqlAll(`SELECT Id, OpportunityId, ContactId FROM OpportunityContactRole WHERE OpportunityId IN (${opps.join(',')}) AND ContactId IN (${contacts.join(',')})`)).map(
          (r) => `${String(r.OpportunityId)}|${String(r.ContactId)}`,
        ),
      );
      const missing = chunk.filter((j, k) => !existing.has(`${items[j]!.from.crmId}|${items[j]!.to.crmId}`) && chunk.findIndex((x) => `${items[x]!.from.crmId}|${items[x]!.to.crmId}` === `${items[j]!.from.crmId}|${items[j]!.to.crmId}`) === k);
      if (missing.length === 0) continue;
      const { body } = await this.http.request<SfSaveResult[]>({
        method: 'POST',
        url: `${DATA}/composite/sobjects`,
        body: { allOrNone: false, records: missing.map((j) => ({ attributes: { type: 'OpportunityContactRole' }, OpportunityId: items[j]!.from.crmId, ContactId: items[j]!.to.crmId })) },
      });
      missing.forEach((j, k) => {
        const r = body[k];
        if (!r?.success) results[j] = { ok: false, error: saveError(r?.errors ?? []) };
      });
    }
    return results;
  }

  // ----- logged touches: Task and Event ---------------------------------------------------------

  /** A touch as a Task or an Event (WhoId: the Contact or Lead; WhatId: the Opportunity, else the Account). */
  private activityRecord(item: ActivityItem, mode: 'field' | 'marker'): { object: SfActivity; values: Record<string, FieldValue> } {
    const object: SfActivity = item.type === 'meeting' ? 'Event' : 'Task';
    const at = new Date(Date.parse(item.at));
    const description = [item.body ?? '', mode === 'marker' ? activityMarker(item.dealsideId) : ''].filter(Boolean).join('\n\n');
    const v: Record<string, FieldValue> = { Subject: (item.subject ?? SF_TOUCH_SUBJECT[item.type]).slice(0, 255) };
    if (description) v.Description = description;
    const who = item.links.person;
    if (who) v.WhoId = who.crmId;
    // a Lead is related to nothing else in Salesforce
    const what = who?.objectType === 'Lead' ? undefined : (item.links.deal ?? item.links.account);
    if (what) v.WhatId = what.crmId;
    if (mode === 'field') v[SALESFORCE_DEALSIDE_ID] = item.dealsideId;
    if (object === 'Event') {
      v.StartDateTime = at.toISOString();
      v.EndDateTime = new Date(at.getTime() + (item.durationMin ?? 30) * 60_000).toISOString();
      v.Type = 'Meeting';
      return { object, values: v };
    }
    Object.assign(v, { ActivityDate: at.toISOString().slice(0, 10), Status: 'Completed', Priority: 'Normal' });
    if (item.type === 'call') {
      Object.assign(v, { TaskSubtype: 'Call', Type: 'Call', CallType: item.direction === 'inbound' ? 'Inbound' : 'Outbound' });
      if (item.durationMin !== undefined) v.CallDurationInSeconds = Math.round(item.durationMin * 60);
    } else if (item.type === 'email-sent' || item.type === 'email-replied') Object.assign(v, { TaskSubtype: 'Email', Type: 'Email' });
    else Object.assign(v, { TaskSubtype: 'Task', Type: 'Other' });
    return { object, values: v };
  }

  /**
   * What an attempt whose answer was lost made: by Dealside_Id__c, or (no such field) the activities
   * of the touch's Who / What since the first attempt, read for the marker — SOQL cannot filter on
   * Description (a long text area). SOQL reads the database: a record made is seen at once.
   */
  private async findActivities(object: SfActivity, items: ReadonlyArray<{ index: number; item: ActivityItem }>, mode: 'field' | 'marker'): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    if (mode === 'field') {
      for (let i = 0; i < items.length; i += BATCH) {
        const chunk = items.slice(i, i + BATCH);
        const rows = await this.soqlAll(`SELECT Id, ${SALESFORCE_DEALSIDE_ID} FROM ${object} WHERE ${SALESFORCE_DEALSIDE_ID} IN (${chunk.map((c) => soqlString(c.item.dealsideId)).join(',')})`);
        for (const c of chunk) {
          const row = rows.find((r) => r[SALESFORCE_DEALSIDE_ID] === c.item.dealsideId);
          if (row) found.set(c.index, String(row.Id));
        }
      }
      return found;
    }
    for (const c of items) {
      const { item } = c;
      const on = item.links.person ? `WhoId = ${soqlString(item.links.person.crmId)}` : `WhatId = ${soqlString((item.links.deal ?? item.links.account)!.crmId)}`;
      const since = soqlDateTime(new Date(Date.parse(item.retrySince ?? item.at) - 5 * 60_000).toISOString());
      const rows = await this.soqlAll(`SELECT Id, Description FROM ${object} WHERE ${on} AND CreatedDate >= ${since}`);
      const row = rows.find((r) => hasActivityMarker(typeof r.Description === 'string' ? r.Description : undefined, item.dealsideId));
      if (row) found.set(c.index, String(row.Id));
    }
    return found;
  }

  /**
   * Touches as Tasks (calls, e-mails, notes) and Events (meetings), created with sObject
   * collections (200 per call, each record on its own). Exactly once: a retry first looks for what
   * the lost attempt made (findActivities).
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const mode = this.connection.capabilities.activityIds === 'field' ? 'field' : 'marker';
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    const records = items.map((item) => this.activityRecord(item, mode));
    const fresh: number[] = [];
    for (const object of ['Task', 'Event'] as const) {
      const retries = items.map((item, index) => ({ index, item })).filter((c) => records[c.index]!.object === object && c.item.retrySince);
      const found = retries.length ? await this.findActivities(object, retries, mode) : new Map<number, string>();
      items.forEach((_, index) => {
        if (records[index]!.object !== object) return;
        const id = found.get(index);
        if (id) results[index] = { ok: true, crmId: id, objectType: object, created: false };
        else fresh.push(index);
      });
    }
    for (let i = 0; i < fresh.length; i += BATCH) {
      const chunk = fresh.slice(i, i + BATCH);
      const { body } = await this.http.request<SfSaveResult[]>({
        method: 'POST',
        url: `${DATA}/composite/sobjects`,
        body: { allOrNone: false, records: chunk.map((j) => ({ attributes: { type: records[j]!.object }, ...records[j]!.values })) },
      });
      chunk.forEach((j, k) => {
        const r = body[k];
        results[j] = r?.success && r.id ? { ok: true, crmId: r.id, objectType: records[j]!.object, created: true } : { ok: false, error: saveError(r?.errors ?? []) };
      });
    }
    return results;
  }
}
