// Dynamics 365 (Dataverse Web API v9.2) connector: accounts, contacts, leads, opportunities and
// their stakeholders (connections with a connection role).
//
// Pull: change tracking. The first read of a table is `GET <set>?$select=…` with
// `Prefer: odata.track-changes, odata.maxpagesize=N`, followed page by page through
// `@odata.nextLink`; its last page carries `@odata.deltaLink`, kept as the stream's cursor. Every
// later pull follows that delta link: records created or changed since, and records deleted since
// as `$deletedEntity` rows (id and reason), in the same pages. A delta token the server no longer
// knows (4xx) starts a full read again. A table whose change tracking is off answers without a
// delta link: it is then read by `modifiedon ge <last seen>` (deletions then arrive only as a 404
// on a push).
//
// Push: one `$batch` per call (independent parts, `Prefer: odata.continue-on-error`). Updates are
// `PATCH <set>(<id>)` with `If-Match: *` (never an accidental create); creates are upserts,
// `PATCH <set>(dealside_dealsideid='<our id>')` on the alternate key an admin adds, so a retry after
// a lost answer updates the record the first attempt made. Without the key, the record is looked
// up by e-mail or name before it is created.
//
// Stakeholders: a deal ↔ person link is a connection (record1 the opportunity, record2 the contact,
// record2roleid the buying-committee role: a connection role of category Stakeholder). Links and
// roles are read before they are written: a retry never makes a second connection.
//
// Owners: `ownerid` (a systemuser; a team owner reads as no owner). The systemusers are read on
// every pull as `dynamics-user-<systemuserid>`; the signed-in user comes from WhoAmI.
//
// BANT goes to Dynamics' own qualification columns where there is one (lead and opportunity:
// budgetamount, budgetstatus, purchasetimeframe, decisionmaker, need) and to custom columns
// `dealside_*` (an admin adds them) for the rest.
//
// Limits (service protection, per user, 5-minute sliding window): 6,000 requests, 20 minutes of
// execution time, 52 concurrent requests; past them a 429 with Retry-After. The limiter keeps
// inside the request count, reads the remaining-requests and remaining-time headers when the
// answer has them, and the HTTP client waits out Retry-After.
import type { CrmSystem, LoggedTouchType } from '../../domain/entities';
import { BANT_FIELDS, normalizeField, specOf, type FieldValue, type SyncEntity } from '../../domain/fields/recordFields';
import type { ConnectionRecord, PullCursor, SyncErrorCode } from '../../store/syncRecords';
import { SyncError, retryAfterMs, type HttpClient } from '../http';
import {
  mappedFields,
  CRM_OWNER_FIELD,
  crmUserId,
  crmUserIdOf,
  roleKey,
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
} from '../connector';
import type { CommitteeRole } from '../../domain/committee/roles';
import { ROLE_CRM_LABELS } from '../../domain/fields/roleFields';
import { activityMarker, hasActivityMarker } from '../activities';

export const DYNAMICS_API = '/api/data/v9.2';
/** the Dealside id column (Single line of text) and its alternate key, added by an admin */
export const DYNAMICS_DEALSIDE_ID = 'dealside_dealsideid';
/** the LinkedIn profile on contact and lead: a custom column an admin adds */
export const DYNAMICS_LINKEDIN = 'dealside_linkedinurl';
export const DYNAMICS_OWNER = CRM_OWNER_FIELD.dynamics ?? 'ownerid';
/** connectionrole.category Stakeholder */
export const STAKEHOLDER_CATEGORY = 1000;
/** parts per $batch (Dataverse takes up to 1,000; fewer keep each call's execution time short) */
const BATCH = 100;
/** records per page of a pull */
const PAGE_SIZE = 1000;
/** ids per `$filter=… or …` read (the URL stays short) */
const READ_CHUNK = 40;
const LOOKUP = 'Microsoft.Dynamics.CRM.lookuplogicalname';
const PREFER_ANNOTATIONS = `odata.include-annotations="${LOOKUP}"`;

type Table = 'account' | 'contact' | 'lead' | 'opportunity';
const SET: Record<Table | 'connection' | 'systemuser' | 'connectionrole' | 'phonecall' | 'email' | 'appointment' | 'task' | 'annotation', string> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
  connection: 'connections',
  systemuser: 'systemusers',
  connectionrole: 'connectionroles',
  phonecall: 'phonecalls',
  email: 'emails',
  appointment: 'appointments',
  task: 'tasks',
  annotation: 'annotations',
};
const ID: Record<Table, string> = { account: 'accountid', contact: 'contactid', lead: 'leadid', opportunity: 'opportunityid' };

/** BANT that Dynamics has its own columns for (lead and opportunity). */
export const DYNAMICS_NATIVE_BANT: Readonly<Record<string, string>> = {
  'bant.budget.amount': 'budgetamount',
  'bant.budget.answer': 'budgetstatus',
  'bant.timing.horizon': 'purchasetimeframe',
  'bant.authority.engaged': 'decisionmaker',
  'bant.need.status': 'need',
};

/** Our values ↔ the option values of Dynamics' own choice columns. */
export const DYNAMICS_OPTIONS: Readonly<Record<string, { write: Record<string, number>; read: Record<number, string> }>> = {
  // 0 No Committed Budget, 1 May Buy, 2 Can Buy, 3 Will Buy
  budgetstatus: { write: { none: 0, 'business-case': 1, estimating: 2, approved: 3 }, read: { 0: 'none', 1: 'business-case', 2: 'estimating', 3: 'approved' } },
  // 0 Immediate, 1 This Quarter, 2 Next Quarter, 3 This Year, 4 Unknown
  purchasetimeframe: { write: { 'this-quarter': 1, 'next-quarter': 2, later: 3, 'no-timeline': 4 }, read: { 0: 'this-quarter', 1: 'this-quarter', 2: 'next-quarter', 3: 'later', 4: 'no-timeline' } },
  // 0 Must have, 1 Should have, 2 Good to have, 3 No need (our 'unknown' is an empty column)
  need: { write: { confirmed: 0, partial: 1, negative: 3 }, read: { 0: 'confirmed', 1: 'partial', 2: 'partial', 3: 'negative' } },
  // opportunity sales stage: 0 Qualify, 1 Develop, 2 Propose, 3 Close
  salesstage: { write: { discovery: 0, qualification: 1, proposal: 2, negotiation: 3 }, read: { 0: 'discovery', 1: 'qualification', 2: 'proposal', 3: 'negotiation' } },
};

/** The custom column for a BANT field Dynamics has no column of its own for: dealside_budgetnote … */
export function dynamicsBantField(field: string): string {
  const native = DYNAMICS_NATIVE_BANT[field];
  if (native) return native;
  const [, letter, key] = field.split('.');
  return `dealside_${letter!}${key!}`.toLowerCase();
}

export const DYNAMICS_DEFAULT_FIELDS: Record<'account' | 'person' | 'lead' | 'deal', Record<string, string>> = {
  account: { name: 'name', domain: 'websiteurl', employees: 'numberofemployees', country: 'address1_country', city: 'address1_city', ownerId: DYNAMICS_OWNER },
  person: { firstName: 'firstname', lastName: 'lastname', email: 'emailaddress1', phone: 'telephone1', title: 'jobtitle', country: 'address1_country', city: 'address1_city', linkedinUrl: DYNAMICS_LINKEDIN, ownerId: DYNAMICS_OWNER },
  lead: { firstName: 'firstname', lastName: 'lastname', email: 'emailaddress1', phone: 'telephone1', title: 'jobtitle', companyName: 'companyname', country: 'address1_country', city: 'address1_city', linkedinUrl: DYNAMICS_LINKEDIN, ownerId: DYNAMICS_OWNER },
  deal: { name: 'name', amount: 'estimatedvalue', stage: 'salesstage', closeDate: 'estimatedclosedate', ownerId: DYNAMICS_OWNER },
};

/** Lookup columns: read as `_<name>_value`, written as `<name>@odata.bind`. */
const LOOKUPS = new Set([DYNAMICS_OWNER]);

type DvError = { error?: { code?: string; message?: string } };

/** Dataverse's service protection error codes (429). */
const PROTECTION_CODES = new Set(['0x80072322', '0x80072321', '0x80072326']);

export function describeDynamicsError(status: number, body: unknown): string {
  const e = (body as DvError | null)?.error;
  if (e && typeof e === 'object' && (e.message || e.code)) return `${e.code ?? 'error'}: ${e.message ?? ''}`.trim();
  const oauth = body as { error?: string; error_description?: string } | null;
  if (oauth && typeof oauth === 'object' && typeof oauth.error === 'string') return `${oauth.error}: ${oauth.error_description ?? ''}`.trim();
  return `HTTP ${status}`;
}

export function classifyDynamicsError(status: number, body: unknown): SyncErrorCode | undefined {
  const code = (body as DvError | null)?.error?.code;
  if (code && PROTECTION_CODES.has(code.toLowerCase())) return 'rate-limited';
  if (code === '0x80040217') return 'not-found'; // "… With Id = … Does Not Exist"
  return undefined;
}

function partError(status: number, body: unknown, headers: Record<string, string>, now: number): SyncError {
  const detail = describeDynamicsError(status, body);
  const classified = classifyDynamicsError(status, body);
  if (status === 429 || classified === 'rate-limited') {
    const wait = retryAfterMs(headers['retry-after'] ?? null, now) ?? 60_000;
    return new SyncError('rate-limited', `Dynamics 365 asked Dealside to slow down (${detail}). Sync resumes by itself.`, 429, now + wait);
  }
  if (status === 404 || classified === 'not-found') return new SyncError('not-found', `Dynamics 365 could not find it (${detail}).`, 404);
  if (status === 401) return new SyncError('auth', `Dynamics 365 no longer accepts Dealside's access (${detail}). Reconnect Dynamics 365 in Options → Connections; unsynced edits are kept.`, 401);
  if (status === 403) return new SyncError('forbidden', `Dynamics 365 refused the request (${detail}). Check the signed-in user's security roles.`, 403);
  if (status >= 500 || status === 408) return new SyncError('transient', `Dynamics 365 had a problem (${status}: ${detail}). Dealside retries later.`, status);
  return new SyncError('invalid', `Dynamics 365 refused the change (${status}: ${detail}).`, status);
}

/** An OData string literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id in an OData-EntityId header: …/accounts(00000000-…) */
export function entityIdOf(header: string | undefined): string | undefined {
  const m = header ? /\(([0-9a-f-]{36})\)\s*$/i.exec(header) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

// ----- $batch (multipart/mixed) -------------------------------------------------------------------

export type BatchPart = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown; headers?: Record<string, string> };
export type BatchAnswer = { status: number; headers: Record<string, string>; body: unknown };

export function batchBody(boundary: string, apiBase: string, parts: readonly BatchPart[]): string {
  const lines: string[] = [];
  for (const part of parts) {
    lines.push(`--${boundary}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '');
    lines.push(`${part.method} ${apiBase}${part.url} HTTP/1.1`);
    if (part.body !== undefined) lines.push('Content-Type: application/json; type=entry');
    for (const [k, v] of Object.entries(part.headers ?? {})) lines.push(`${k}: ${v}`);
    lines.push('');
    lines.push(part.body !== undefined ? JSON.stringify(part.body) : '');
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

/** The parts of a $batch answer, in order (change sets are not used, so parts are flat). */
export function parseBatchAnswer(text: string): BatchAnswer[] {
  const m = /^--([^\r\n]+)/m.exec(text);
  if (!m) return [];
  const boundary = m[1]!.trim();
  const out: BatchAnswer[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const http = /HTTP\/1\.1 (\d{3})[^\r\n]*\r?\n([\s\S]*)$/.exec(chunk);
    if (!http) continue;
    const rest = http[2]!;
    const split = rest.search(/\r?\n\r?\n/);
    const head = split >= 0 ? rest.slice(0, split) : rest;
    const bodyText = split >= 0 ? rest.slice(split).replace(/^\r?\n\r?\n/, '').trim() : '';
    const headers: Record<string, string> = {};
    for (const line of head.split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    let body: unknown = null;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    out.push({ status: Number(http[1]), headers, body });
  }
  return out;
}

type Row = Record<string, unknown>;
type Page = { value: Row[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string; '@odata.count'?: number };
type AttributeDef = { LogicalName: string; AttributeType: string; IsCustomAttribute: boolean; IsValidForUpdate?: boolean; DisplayName?: { UserLocalizedLabel?: { Label?: string } | null } };

/** A touch's subject when the rep gave none. */
const DV_TOUCH_SUBJECT: Record<LoggedTouchType, string> = { call: 'Call', 'email-sent': 'Email', 'email-replied': 'Email reply', meeting: 'Meeting', note: 'Note' };

export class DynamicsConnector implements CrmConnector {
  readonly system: CrmSystem = 'dynamics';
  readonly batchSize = BATCH;
  readonly streams: readonly PullStream[] = [
    // the users first: the records' ownerid name them
    { name: 'systemuser', entity: 'user', order: -1 },
    { name: 'account', entity: 'account', order: 1 },
    { name: 'contact', entity: 'person', order: 2 },
    { name: 'lead', entity: 'person', order: 2 },
    { name: 'opportunity', entity: 'deal', order: 3 },
    // stakeholders: opportunity ↔ contact connections and their roles
    { name: 'connection', entity: 'deal', order: 4 },
  ];

  constructor(
    readonly connection: ConnectionRecord,
    readonly http: HttpClient,
  ) {}

  private get apiBase(): string {
    return `${this.connection.baseUrl.replace(/\/$/, '')}${DYNAMICS_API}`;
  }

  private tableOf(entity: SyncEntity, kind?: 'contact' | 'lead'): Table {
    if (entity === 'person') return kind === 'lead' ? 'lead' : 'contact';
    if (entity === 'account') return 'account';
    if (entity === 'deal') return 'opportunity';
    throw new SyncError('invalid', 'Dealside does not sync products with Dynamics 365 yet.');
  }

  private map(entity: SyncEntity, kind?: 'contact' | 'lead'): Record<string, string> {
    return mappedFields(this.connection, entity, kind);
  }

  private async get<T>(url: string, prefer?: string, accept?: readonly number[]): Promise<{ status: number; body: T }> {
    const res = await this.http.request<T>({ method: 'GET', url, ...(prefer ? { headers: { prefer } } : {}), ...(accept ? { accept } : {}) });
    return { status: res.status, body: res.body };
  }

  /** Every row of a query, following @odata.nextLink. */
  private async getAll(url: string): Promise<Row[]> {
    let page = (await this.get<Page>(url, `odata.maxpagesize=${PAGE_SIZE},${PREFER_ANNOTATIONS}`)).body;
    const rows = [...page.value];
    while (page['@odata.nextLink']) {
      page = (await this.get<Page>(page['@odata.nextLink'], `odata.maxpagesize=${PAGE_SIZE},${PREFER_ANNOTATIONS}`)).body;
      rows.push(...page.value);
    }
    return rows;
  }

  /** Send parts as one $batch; each part's answer, in order. Safe to repeat when every part is. */
  async batch(parts: readonly BatchPart[], idempotent = true): Promise<BatchAnswer[]> {
    if (parts.length === 0) return [];
    const boundary = `batch_${Math.floor(this.http.deps.random() * 1e12).toString(16)}${parts.length}`;
    const { body } = await this.http.request<string>({
      method: 'POST',
      url: `${DYNAMICS_API}/$batch`,
      idempotent,
      headers: { prefer: 'odata.continue-on-error', 'odata-version': '4.0' },
      raw: { contentType: `multipart/mixed; boundary=${boundary}`, text: batchBody(boundary, this.apiBase, parts) },
    });
    const answers = parseBatchAnswer(typeof body === 'string' ? body : '');
    if (answers.length !== parts.length) throw new SyncError('transient', `Dynamics 365 answered ${answers.length} of ${parts.length} batch parts.`);
    // A part the server could not run for the whole connection's reasons stops the call.
    const now = this.http.deps.now();
    for (const a of answers) {
      const err = a.status >= 300 ? partError(a.status, a.body, a.headers, now) : undefined;
      if (err && (err.code === 'rate-limited' || err.code === 'auth' || err.code === 'transient')) {
        if (err.retryAt) this.http.limiter.blockUntil('general', err.retryAt);
        throw err;
      }
    }
    return answers;
  }

  private itemResult(a: BatchAnswer | undefined): ItemResult {
    if (!a) return { ok: false, error: new SyncError('transient', 'Dynamics 365 sent no answer for this record.') };
    return a.status < 300 ? { ok: true } : { ok: false, error: partError(a.status, a.body, a.headers, this.http.deps.now()) };
  }

  // ----- connect ------------------------------------------------------------------------------

  private async attributes(table: Table | 'phonecall'): Promise<AttributeDef[]> {
    return this.getAll(`${DYNAMICS_API}/EntityDefinitions(LogicalName=${odataString(table)})/Attributes?$select=LogicalName,AttributeType,IsCustomAttribute,IsValidForUpdate,DisplayName`) as unknown as Promise<AttributeDef[]>;
  }

  private async entityInfo(table: Table): Promise<{ changeTracking: boolean; keyed: boolean }> {
    const { body } = await this.get<{ ChangeTrackingEnabled?: boolean; Keys?: Array<{ KeyAttributes?: string[]; EntityKeyIndexStatus?: string }> }>(
      `${DYNAMICS_API}/EntityDefinitions(LogicalName=${odataString(table)})?$select=LogicalName,ChangeTrackingEnabled&$expand=Keys($select=KeyAttributes,EntityKeyIndexStatus)`,
    );
    const keyed = (body.Keys ?? []).some((k) => k.KeyAttributes?.length === 1 && k.KeyAttributes[0] === DYNAMICS_DEALSIDE_ID && (k.EntityKeyIndexStatus ?? 'Active') === 'Active');
    return { changeTracking: body.ChangeTrackingEnabled !== false, keyed };
  }

  async connect(): Promise<ConnectResult> {
    const who = await this.whoAmI();
    const orgs = await this.getAll(`${DYNAMICS_API}/organizations?$select=organizationid,name`);
    const org = orgs[0];
    const notes: string[] = [];
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    let keyed = true;
    let bantComplete = true;
    const untracked: string[] = [];
    const noLinkedin: string[] = [];
    const targets: Array<[keyof typeof DYNAMICS_DEFAULT_FIELDS, Table]> = [
      ['account', 'account'],
      ['person', 'contact'],
      ['lead', 'lead'],
      ['deal', 'opportunity'],
    ];
    for (const [key, table] of targets) {
      const names = new Set((await this.attributes(table)).map((a) => a.LogicalName));
      const map: Record<string, string> = {};
      for (const [canonical, name] of Object.entries(DYNAMICS_DEFAULT_FIELDS[key])) if (names.has(name)) map[canonical] = name;
      if ((key === 'person' || key === 'lead') && !map.linkedinUrl) noLinkedin.push(table);
      if (key === 'deal' || key === 'lead') {
        const missing: string[] = [];
        for (const field of Object.keys(BANT_FIELDS)) {
          const name = dynamicsBantField(field);
          if (names.has(name)) map[field] = name;
          else missing.push(name);
        }
        if (missing.length) {
          bantComplete = false;
          notes.push(`BANT columns are missing on ${table}: ask a Dynamics 365 admin to add ${missing.join(', ')} (or map BANT to existing columns in Options → Connections).`);
        }
      }
      const info = await this.entityInfo(table);
      if (!info.changeTracking) untracked.push(table);
      if (!names.has(DYNAMICS_DEALSIDE_ID) || !info.keyed) {
        keyed = false;
        notes.push(`${table} has no alternate key on ${DYNAMICS_DEALSIDE_ID}: Dealside looks records up by e-mail or name before creating them.`);
      }
      fieldMap[key] = map;
    }
    // the stakeholders: connections must be tracked too
    const connectionInfo = await this.get<{ ChangeTrackingEnabled?: boolean }>(`${DYNAMICS_API}/EntityDefinitions(LogicalName='connection')?$select=LogicalName,ChangeTrackingEnabled`);
    if (connectionInfo.body.ChangeTrackingEnabled === false) untracked.push('connection');
    if (untracked.length) {
      notes.push(`Change tracking is off for ${untracked.join(', ')}: Dealside reads their changes by modification time, and sees deletions only when a change it sends is refused. An admin can turn on "Track changes" for these tables.`);
    }
    if (noLinkedin.length) notes.push(`${noLinkedin.join(' and ')} ${noLinkedin.length > 1 ? 'have' : 'has'} no ${DYNAMICS_LINKEDIN} column: LinkedIn profile links are not synced until a Dynamics 365 admin adds it (Single line of text, URL).`);
    const roleMap = await this.prepareRoles(notes);
    const activityIds = await this.activityIdMode();
    if (activityIds === 'marker') notes.push(`Activities have no ${DYNAMICS_DEALSIDE_ID} column: the touches Dealside logs carry a "Dealside ref" line in their description, by which a retry finds them.`);
    return {
      label: `Dynamics 365 ${String(org?.name ?? '')}`.trim(),
      account: {
        ...(org?.organizationid ? { id: String(org.organizationid) } : {}),
        ...(org?.name ? { name: String(org.name) } : {}),
        uiDomain: new URL(this.connection.baseUrl).host,
      },
      fieldMap,
      roleMap,
      capabilities: { dealsideIdField: keyed, bant: bantComplete ? 'mapped' : 'missing', activityIds },
      notes,
      ...(who ? { user: who } : {}),
    };
  }

  /** The signed-in user: WhoAmI, then their systemuser (full name, e-mail). */
  private async whoAmI(): Promise<{ id: string; name: string; email?: string } | undefined> {
    const { body } = await this.get<{ UserId?: string }>(`${DYNAMICS_API}/WhoAmI`);
    if (!body.UserId) return undefined;
    const { body: user } = await this.get<Row>(`${DYNAMICS_API}/systemusers(${body.UserId})?$select=systemuserid,fullname,internalemailaddress`);
    const name = String(user.fullname ?? '') || String(user.internalemailaddress ?? '') || body.UserId;
    return { id: body.UserId.toLowerCase(), name, ...(user.internalemailaddress ? { email: String(user.internalemailaddress) } : {}) };
  }

  /** Activities carry our id in dealside_dealsideid when an admin added it (phone calls are checked). */
  private async activityIdMode(): Promise<'field' | 'marker'> {
    try {
      return (await this.attributes('phonecall')).some((a) => a.LogicalName === DYNAMICS_DEALSIDE_ID) ? 'field' : 'marker';
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'not-found')) return 'marker';
      throw e;
    }
  }

  private async stakeholderRoles(): Promise<Array<{ value: string; label: string }>> {
    const rows = await this.getAll(`${DYNAMICS_API}/connectionroles?$select=connectionroleid,name,category&$filter=statecode eq 0 and category eq ${STAKEHOLDER_CATEGORY}`);
    return rows.map((r) => ({ value: String(r.connectionroleid).toLowerCase(), label: String(r.name ?? '') }));
  }

  /** Our roles → stakeholder connection roles, found by name or created (when the user may). */
  private async prepareRoles(notes: string[]): Promise<Partial<Record<CommitteeRole, string>>> {
    const existing = await this.stakeholderRoles();
    const roleMap: Partial<Record<CommitteeRole, string>> = {};
    const cannot: string[] = [];
    for (const [role, label] of Object.entries(ROLE_CRM_LABELS) as Array<[CommitteeRole, string]>) {
      const found = existing.find((o) => o.label.trim().toLowerCase() === label.toLowerCase());
      if (found) {
        roleMap[role] = found.value;
        continue;
      }
      try {
        const res = await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/connectionroles`, body: { name: label, category: STAKEHOLDER_CATEGORY } });
        const id = entityIdOf(res.headers.get('odata-entityid') ?? undefined);
        if (id) roleMap[role] = id;
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid')) cannot.push(label);
        else throw e;
      }
    }
    if (cannot.length) notes.push(`Dealside could not add the stakeholder roles ${cannot.join(', ')}: choose existing connection roles in Options → Connections (Buying-committee roles).`);
    return roleMap;
  }

  async describeRoles(): Promise<RoleOptions> {
    return { options: await this.stakeholderRoles(), perPerson: false };
  }

  async describeFields(entity: SyncEntity, kind?: 'contact' | 'lead'): Promise<CrmFieldInfo[]> {
    const attrs = await this.attributes(this.tableOf(entity, kind));
    const mapped = new Map(Object.entries(this.map(entity, kind)).map(([c, n]) => [n, c]));
    return attrs
      .filter((a) => !['Virtual', 'EntityName', 'PartyList', 'ManagedProperty', 'CalendarRules'].includes(a.AttributeType))
      .map((a) => ({
        name: a.LogicalName,
        label: a.DisplayName?.UserLocalizedLabel?.Label ?? a.LogicalName,
        type: a.AttributeType,
        custom: a.IsCustomAttribute,
        writable: a.IsValidForUpdate !== false,
        ...(mapped.has(a.LogicalName) ? { mappedTo: mapped.get(a.LogicalName) } : {}),
      }));
  }

  // ----- values -------------------------------------------------------------------------------

  /** A canonical value → the column's value; undefined: not sent. */
  toDynamics(entity: SyncEntity, field: string, column: string, value: FieldValue): FieldValue | undefined {
    if (field === 'ownerId') return crmUserIdOf('dynamics', value);
    const options = DYNAMICS_OPTIONS[column];
    if (options) {
      if (value === null || value === 'unknown') return null;
      const v = options.write[String(value)];
      // won / lost is not a sales stage: the opportunity is closed by an action (update)
      if (v === undefined) return column === 'salesstage' ? undefined : null;
      return v;
    }
    if (specOf(entity, field)?.type === 'date' && typeof value === 'string') return value.slice(0, 10);
    return value;
  }

  fromDynamics(entity: SyncEntity, field: string, column: string, raw: unknown, row?: Row): FieldValue {
    if (field === 'ownerId') {
      if (row && row[`_${column}_value@${LOOKUP}`] === 'team') return null;
      return typeof raw === 'string' && GUID.test(raw) ? crmUserId('dynamics', raw.toLowerCase()) : null;
    }
    const options = DYNAMICS_OPTIONS[column];
    if (options) {
      if (column === 'salesstage' && row && (row.statecode === 1 || row.statecode === 2)) return row.statecode === 1 ? 'closed-won' : 'closed-lost';
      return typeof raw === 'number' ? (options.read[raw] ?? null) : null;
    }
    return normalizeField(entity, field, raw);
  }

  private columnKey(column: string): string {
    return LOOKUPS.has(column) ? `_${column}_value` : column;
  }

  private values(entity: SyncEntity, kind: 'contact' | 'lead' | undefined, fields: Record<string, FieldValue>): Record<string, unknown> {
    const map = this.map(entity, kind);
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const column = map[field];
      if (!column) continue;
      const v = this.toDynamics(entity, field, column, value);
      if (v === undefined) continue;
      if (LOOKUPS.has(column)) {
        if (typeof v === 'string') out[`${column}@odata.bind`] = `/${SET.systemuser}(${v})`;
      } else out[column] = v;
    }
    return out;
  }

  private selectOf(table: Table): string[] {
    const entity: SyncEntity = table === 'account' ? 'account' : table === 'opportunity' ? 'deal' : 'person';
    const kind = table === 'lead' ? 'lead' : table === 'contact' ? 'contact' : undefined;
    const cols = Object.values(this.map(entity, kind)).map((c) => this.columnKey(c));
    const extra = table === 'account' ? ['_parentaccountid_value'] : table === 'contact' ? ['_parentcustomerid_value'] : table === 'opportunity' ? ['_parentaccountid_value', 'statecode'] : [];
    const id = this.connection.capabilities.dealsideIdField ? [DYNAMICS_DEALSIDE_ID] : [];
    return [...new Set([ID[table], 'modifiedon', ...cols, ...extra, ...id])];
  }

  private toRecord(table: Table, row: Row): RemoteRecord {
    const entity: SyncEntity = table === 'account' ? 'account' : table === 'opportunity' ? 'deal' : 'person';
    const kind = table === 'lead' ? 'lead' : table === 'contact' ? 'contact' : undefined;
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, column] of Object.entries(this.map(entity, kind))) {
      const key = this.columnKey(column);
      if (key in row || (column === 'salesstage' && 'statecode' in row)) fields[canonical] = this.fromDynamics(entity, canonical, column, row[key], row);
    }
    const dealsideId = row[DYNAMICS_DEALSIDE_ID];
    const lookup = (name: string, type: string): string | null | undefined => {
      if (!(`_${name}_value` in row)) return undefined;
      const v = row[`_${name}_value`];
      if (typeof v !== 'string' || !v) return null;
      const t = row[`_${name}_value@${LOOKUP}`];
      return t === undefined || t === type ? v.toLowerCase() : null;
    };
    const links: RemoteRecord['links'] = {};
    if (table === 'contact') {
      const a = lookup('parentcustomerid', 'account');
      if (a !== undefined) links.accountCrmId = a;
    }
    if (table === 'opportunity') {
      const a = lookup('parentaccountid', 'account');
      if (a !== undefined) links.accountCrmId = a;
    }
    if (table === 'account') {
      const p = lookup('parentaccountid', 'account');
      if (p !== undefined) links.parentAccountCrmId = p;
    }
    return {
      entity,
      ...(kind ? { kind } : {}),
      objectType: table,
      crmId: String(row[ID[table]]).toLowerCase(),
      modifiedAt: normIso(row.modifiedon),
      ...(typeof dealsideId === 'string' && dealsideId ? { dealsideId } : {}),
      fields,
      ...(Object.keys(links).length ? { links } : {}),
    };
  }

  // ----- pull ---------------------------------------------------------------------------------

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    if (!this.streams.some((s) => s.name === stream)) throw new Error(`Dynamics 365 has no stream ${stream}`);
    if (stream === 'systemuser') {
      yield* this.pullUsers();
      return;
    }
    const table = stream as Table | 'connection';
    const select = table === 'connection' ? ['connectionid', '_record1id_value', '_record2id_value', '_record2roleid_value', 'modifiedon'] : this.selectOf(table);
    const prefer = `odata.track-changes,odata.maxpagesize=${PAGE_SIZE},${PREFER_ANNOTATIONS}`;
    const first = `${DYNAMICS_API}/${SET[table]}?$select=${select.join(',')}`;
    let url: string;
    let mode: PullCursor['mode'] = cursor?.mode ?? 'full';
    let highWater = cursor?.highWater;
    if (cursor?.after) url = cursor.after;
    else if (cursor?.deltaLink) url = cursor.deltaLink;
    else if (cursor?.since) url = `${first}&$filter=modifiedon ge ${new Date(Date.parse(cursor.since) - 1000).toISOString().replace('.000Z', 'Z')}&$orderby=modifiedon asc`;
    else {
      url = first;
      mode = 'full';
    }
    for (;;) {
      const res = await this.get<Page & DvError>(url, prefer, [400, 404, 410]);
      if (res.status !== 200) {
        // a delta token or a page link the server no longer knows: read everything again
        if (url === first) throw new SyncError('invalid', `Dynamics 365 refused to list ${SET[table]} (${describeDynamicsError(res.status, res.body)}).`, res.status);
        url = first;
        mode = 'full';
        highWater = undefined;
        continue;
      }
      const page = res.body;
      const rows = page.value ?? [];
      const live = rows.filter((r) => !isDeleted(r));
      for (const r of live) {
        const m = normIso(r.modifiedon);
        if (!highWater || Date.parse(m) > Date.parse(highWater)) highWater = m;
      }
      const next = page['@odata.nextLink'];
      const delta = page['@odata.deltaLink'];
      const nextCursor: PullCursor = next
        ? { mode, after: next, ...(cursor?.deltaLink ? { deltaLink: cursor.deltaLink } : {}), ...(highWater ? { highWater } : {}) }
        : delta
          ? { mode: 'incremental', deltaLink: delta, ...(highWater ? { highWater } : {}) }
          : { mode: 'incremental', ...(highWater ? { since: highWater, highWater } : {}) };
      if (table === 'connection') {
        yield { records: [], cursor: nextCursor, links: this.stakeholderLinks(live) };
      } else {
        const entity = table === 'account' ? 'account' : table === 'opportunity' ? 'deal' : 'person';
        const deletions = rows.filter(isDeleted).map((r) => ({ entity, objectType: table, crmId: String(r.id).toLowerCase() }) as const);
        yield { records: live.map((r) => this.toRecord(table, r)), cursor: nextCursor, ...(deletions.length ? { deletions } : {}) };
      }
      if (!next) return;
      url = next;
    }
  }

  /** opportunity ↔ contact connections → the deal's contacts and their roles. */
  private stakeholderLinks(rows: readonly Row[]): NonNullable<PullPage['links']> {
    const out: NonNullable<PullPage['links']> = [];
    for (const r of rows) {
      if (r[`_record1id_value@${LOOKUP}`] !== 'opportunity' || r[`_record2id_value@${LOOKUP}`] !== 'contact') continue;
      const deal = String(r._record1id_value).toLowerCase();
      const contact = String(r._record2id_value).toLowerCase();
      const role = typeof r._record2roleid_value === 'string' && r._record2roleid_value ? r._record2roleid_value.toLowerCase() : null;
      out.push({ dealCrmId: deal, contactCrmIds: [contact], roles: { [contact]: role } });
    }
    return out;
  }

  /** The organization's users, disabled ones too (their records keep them as owner): every pull. */
  private async *pullUsers(): AsyncGenerator<PullPage> {
    const rows = await this.getAll(`${DYNAMICS_API}/systemusers?$select=systemuserid,fullname,internalemailaddress`);
    const users = rows
      .filter((r) => typeof r.systemuserid === 'string')
      .map((r) => ({
        id: crmUserId('dynamics', String(r.systemuserid).toLowerCase()),
        name: String(r.fullname ?? '') || String(r.internalemailaddress ?? '') || String(r.systemuserid),
        ...(r.internalemailaddress ? { email: String(r.internalemailaddress) } : {}),
      }));
    yield { records: [], users, cursor: { mode: 'incremental', since: new Date(this.http.deps.now()).toISOString() }, total: users.length };
  }

  // ----- push ---------------------------------------------------------------------------------

  private byTable<T extends { kind?: 'contact' | 'lead' }>(entity: SyncEntity, items: readonly T[]): Map<Table, number[]> {
    const out = new Map<Table, number[]>();
    items.forEach((item, i) => {
      const table = this.tableOf(entity, item.kind);
      out.set(table, [...(out.get(table) ?? []), i]);
    });
    return out;
  }

  /** Rows of a table by id, READ_CHUNK ids per request. */
  private async rowsById(table: Table | 'connection', idColumn: string, ids: readonly string[], select: readonly string[]): Promise<Row[]> {
    const rows: Row[] = [];
    const unique = [...new Set(ids.filter((id) => GUID.test(id)))];
    for (let i = 0; i < unique.length; i += READ_CHUNK) {
      const filter = unique.slice(i, i + READ_CHUNK).map((id) => `${idColumn} eq ${id}`).join(' or ');
      rows.push(...(await this.getAll(`${DYNAMICS_API}/${SET[table]}?$select=${[...new Set([idColumn, ...select])].join(',')}&$filter=${filter}`)));
    }
    return rows;
  }

  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const out = new Map<string, Record<string, FieldValue>>();
    for (const [table, indexes] of this.byTable(entity, refs)) {
      const kind = table === 'lead' ? 'lead' : table === 'contact' ? 'contact' : undefined;
      const map = this.map(entity, kind);
      const names = fields.filter((f) => map[f]).map((f) => [f, map[f]!] as const);
      const select = [...names.map(([, c]) => this.columnKey(c)), ...(table === 'opportunity' ? ['statecode'] : [])];
      for (const row of await this.rowsById(table, ID[table], indexes.map((j) => refs[j]!.crmId), select)) {
        out.set(String(row[ID[table]]).toLowerCase(), Object.fromEntries(names.map(([c, n]) => [c, this.fromDynamics(entity, c, n, row[this.columnKey(n)], row)])));
      }
    }
    return out;
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const sendable: number[] = [];
    const bodies: Array<Record<string, unknown>> = [];
    items.forEach((item, i) => {
      try {
        bodies[i] = this.values(entity, item.kind, item.fields);
        if (Object.keys(bodies[i]!).length > 0) sendable.push(i);
      } catch (e) {
        results[i] = { ok: false, error: e instanceof SyncError ? e : new SyncError('invalid', String(e)) };
      }
    });
    for (let i = 0; i < sendable.length; i += BATCH) {
      const chunk = sendable.slice(i, i + BATCH);
      const answers = await this.batch(
        chunk.map((j) => ({ method: 'PATCH', url: `/${SET[this.tableOf(entity, items[j]!.kind)]}(${items[j]!.crmId})`, body: bodies[j], headers: { 'If-Match': '*' } })),
      );
      chunk.forEach((j, k) => {
        results[j] = this.itemResult(answers[k]);
      });
    }
    // Won / lost: the WinOpportunity / LoseOpportunity action closes the opportunity (its state and
    // status cannot be set by an update). Not safe to repeat: the engine reads the stage before a
    // retry, and a closed opportunity reads as won or lost, so nothing is sent twice.
    if (entity === 'deal') {
      for (const [j, item] of items.entries()) {
        const stage = item.fields.stage;
        if (!results[j]!.ok || (stage !== 'closed-won' && stage !== 'closed-lost')) continue;
        const won = stage === 'closed-won';
        try {
          await this.http.request({
            method: 'POST',
            url: `${DYNAMICS_API}/${won ? 'WinOpportunity' : 'LoseOpportunity'}`,
            body: { Status: won ? 3 : 4, OpportunityClose: { subject: won ? 'Won' : 'Lost', 'opportunityid@odata.bind': `/opportunities(${item.crmId})` } },
          });
        } catch (e) {
          if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results[j] = { ok: false, error: e };
          else throw e;
        }
      }
    }
    return results;
  }

  /** Dynamics' required columns, filled when our record has nothing for them. */
  private withRequired(table: Table, values: Record<string, unknown>): Record<string, unknown> {
    const v = { ...values };
    if ((table === 'contact' || table === 'lead') && !v.lastname) v.lastname = (v.firstname as string | null) ?? '(no name)';
    if (table === 'lead' && !v.subject) v.subject = [v.firstname, v.lastname].filter(Boolean).join(' ') || '(no name)';
    if ((table === 'account' || table === 'opportunity') && !v.name) v.name = '(no name)';
    return v;
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    for (const [table, indexes] of this.byTable(entity, items)) {
      const bodies = new Map<number, Record<string, unknown>>();
      for (const j of indexes) {
        try {
          bodies.set(j, this.withRequired(table, this.values(entity, items[j]!.kind, items[j]!.fields)));
        } catch (e) {
          results[j] = { ok: false, error: e instanceof SyncError ? e : new SyncError('invalid', String(e)) };
        }
      }
      const ready = indexes.filter((j) => bodies.has(j));
      if (this.connection.capabilities.dealsideIdField) {
        // Upsert on the alternate key: a retry after a lost answer updates the record made the first time.
        for (let i = 0; i < ready.length; i += BATCH) {
          const chunk = ready.slice(i, i + BATCH);
          const answers = await this.batch(chunk.map((j) => ({ method: 'PATCH', url: `/${SET[table]}(${DYNAMICS_DEALSIDE_ID}=${odataString(items[j]!.dealsideId)})`, body: bodies.get(j) })));
          chunk.forEach((j, k) => {
            const a = answers[k]!;
            const id = entityIdOf(a.headers['odata-entityid']);
            results[j] = a.status < 300 && id ? { ok: true, crmId: id, objectType: table, created: a.status !== 200 } : { ok: false, error: a.status < 300 ? new SyncError('transient', 'Dynamics 365 did not say which record it made.') : partError(a.status, a.body, a.headers, this.http.deps.now()) };
          });
        }
        continue;
      }
      for (const j of ready) results[j] = await this.createByNaturalKey(table, bodies.get(j)!, items[j]!.retrySince);
    }
    return results;
  }

  /**
   * Without the alternate key: look the record up (e-mail for people, name otherwise) before
   * creating it; a retry of a person without an e-mail looks for one made under the same name since
   * the first attempt.
   */
  private async createByNaturalKey(table: Table, values: Record<string, unknown>, retrySince?: string): Promise<CreateResult> {
    const person = table === 'contact' || table === 'lead';
    const key = person ? 'emailaddress1' : 'name';
    const value = values[key];
    let filter: string | undefined;
    if (typeof value === 'string' && value) filter = `${key} eq ${odataString(value)}`;
    else if (person && retrySince && typeof values.lastname === 'string') {
      const since = new Date(Date.parse(retrySince) - 5 * 60_000).toISOString();
      filter = `lastname eq ${odataString(values.lastname)} and createdon ge ${since}`;
    }
    if (filter) {
      const [found] = await this.getAll(`${DYNAMICS_API}/${SET[table]}?$select=${ID[table]}&$filter=${filter}&$top=1`);
      if (found) return { ok: true, crmId: String(found[ID[table]]).toLowerCase(), objectType: table, created: false };
    }
    try {
      const res = await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/${SET[table]}`, body: values });
      const id = entityIdOf(res.headers.get('odata-entityid') ?? undefined);
      if (!id) return { ok: false, error: new SyncError('transient', 'Dynamics 365 did not say which record it made.') };
      return { ok: true, crmId: id, objectType: table, created: true };
    } catch (e) {
      if (e instanceof SyncError && e.code === 'invalid') return { ok: false, error: e };
      throw e;
    }
  }

  // ----- links and stakeholders ---------------------------------------------------------------

  /** The connections opportunity → contact of these pairs (one row per connection, master side). */
  private async connectionsOf(pairs: readonly RoleRef[]): Promise<Row[]> {
    const rows: Row[] = [];
    const deals = [...new Set(pairs.map((p) => p.deal.crmId))];
    for (let i = 0; i < deals.length; i += READ_CHUNK) {
      const filter = deals.slice(i, i + READ_CHUNK).map((id) => `_record1id_value eq ${id}`).join(' or ');
      rows.push(...(await this.getAll(`${DYNAMICS_API}/connections?$select=connectionid,_record1id_value,_record2id_value,_record2roleid_value&$filter=(${filter}) and statecode eq 0`)));
    }
    const wanted = new Set(pairs.map((p) => roleKey(p.deal, p.person)));
    return rows.filter((r) => r[`_record2id_value@${LOOKUP}`] !== 'opportunity' && wanted.has(`${String(r._record1id_value).toLowerCase()}|${String(r._record2id_value).toLowerCase()}`));
  }

  private connectionBody(deal: string, contact: string, role: string | null): Record<string, unknown> {
    return {
      'record1id_opportunity@odata.bind': `/opportunities(${deal})`,
      'record2id_contact@odata.bind': `/contacts(${contact})`,
      ...(role ? { 'record2roleid@odata.bind': `/connectionroles(${role})` } : {}),
    };
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const updates: number[] = [];
    const stakeholders: number[] = [];
    items.forEach((item, i) => {
      if (item.to.entity === 'account' && (item.from.entity === 'deal' || (item.from.entity === 'person' && item.from.kind !== 'lead'))) updates.push(i);
      else if (item.from.entity === 'deal' && item.to.entity === 'person' && item.to.kind !== 'lead') stakeholders.push(i);
      // a lead names its company in companyname; a lead is no stakeholder
    });
    // Account links are lookups: setting one twice leaves the same link.
    for (let i = 0; i < updates.length; i += BATCH) {
      const chunk = updates.slice(i, i + BATCH);
      const answers = await this.batch(
        chunk.map((j) => {
          const item = items[j]!;
          return item.from.entity === 'deal'
            ? { method: 'PATCH', url: `/opportunities(${item.from.crmId})`, body: { 'parentaccountid@odata.bind': `/accounts(${item.to.crmId})` }, headers: { 'If-Match': '*' } }
            : { method: 'PATCH', url: `/contacts(${item.from.crmId})`, body: { 'parentcustomerid_account@odata.bind': `/accounts(${item.to.crmId})` }, headers: { 'If-Match': '*' } };
        }),
      );
      chunk.forEach((j, k) => {
        results[j] = this.itemResult(answers[k]);
      });
    }
    // Stakeholders are records: made only where a query finds none (a retry never doubles one).
    for (let i = 0; i < stakeholders.length; i += BATCH) {
      const chunk = stakeholders.slice(i, i + BATCH);
      const pairs = chunk.map((j) => ({ deal: items[j]!.from, person: items[j]!.to }));
      const have = new Set((await this.connectionsOf(pairs)).map((r) => `${String(r._record1id_value).toLowerCase()}|${String(r._record2id_value).toLowerCase()}`));
      const missing = chunk.filter((j) => {
        const key = roleKey(items[j]!.from, items[j]!.to);
        if (have.has(key)) return false;
        have.add(key);
        return true;
      });
      for (const j of missing) results[j] = await this.createConnection(items[j]!.from.crmId, items[j]!.to.crmId, null);
    }
    return results;
  }

  /** One connection, alone: a POST is not safe to repeat, so its retry reads first (above). */
  private async createConnection(deal: string, contact: string, role: string | null): Promise<ItemResult> {
    try {
      await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/connections`, body: this.connectionBody(deal, contact, role) });
      return { ok: true };
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) return { ok: false, error: e };
      throw e;
    }
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, RoleReading>> {
    const out = new Map<string, RoleReading>();
    const rows = await this.connectionsOf(items);
    for (const r of rows) {
      const key = `${String(r._record1id_value).toLowerCase()}|${String(r._record2id_value).toLowerCase()}`;
      const role = typeof r._record2roleid_value === 'string' && r._record2roleid_value ? r._record2roleid_value.toLowerCase() : null;
      if (!out.has(key) || (out.get(key) === null && role)) out.set(key, role);
    }
    // No connection: no role — unless the opportunity or the contact itself is gone.
    const without = items.filter((r) => !out.has(roleKey(r.deal, r.person)));
    if (without.length > 0) {
      const opps = new Set((await this.rowsById('opportunity', 'opportunityid', without.map((r) => r.deal.crmId), [])).map((r) => String(r.opportunityid).toLowerCase()));
      const contacts = new Set((await this.rowsById('contact', 'contactid', without.map((r) => r.person.crmId), [])).map((r) => String(r.contactid).toLowerCase()));
      for (const r of without) out.set(roleKey(r.deal, r.person), !opps.has(r.deal.crmId) ? { gone: 'deal' } : !contacts.has(r.person.crmId) ? { gone: 'person' } : null);
    }
    return out;
  }

  /** The stakeholder's connection role: the connection is read first, then updated, or made when missing. */
  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const rows = await this.connectionsOf(items);
    const parts: Array<{ index: number; part: BatchPart }> = [];
    const creates: number[] = [];
    const creating = new Set<string>();
    items.forEach((item, index) => {
      const key = roleKey(item.deal, item.person);
      const existing = rows.filter((r) => `${String(r._record1id_value).toLowerCase()}|${String(r._record2id_value).toLowerCase()}` === key);
      for (const row of existing) {
        const current = typeof row._record2roleid_value === 'string' ? row._record2roleid_value.toLowerCase() : null;
        if (current === item.value) continue;
        parts.push({
          index,
          part:
            item.value === null
              ? { method: 'DELETE', url: `/connections(${String(row.connectionid)})/record2roleid/$ref` }
              : { method: 'PATCH', url: `/connections(${String(row.connectionid)})`, body: { 'record2roleid@odata.bind': `/connectionroles(${item.value})` }, headers: { 'If-Match': '*' } },
        });
      }
      if (existing.length === 0 && item.value !== null && !creating.has(key)) {
        creating.add(key);
        creates.push(index);
      }
    });
    for (let i = 0; i < parts.length; i += BATCH) {
      const chunk = parts.slice(i, i + BATCH);
      const answers = await this.batch(chunk.map((c) => c.part));
      chunk.forEach((c, k) => {
        const r = this.itemResult(answers[k]);
        if (!r.ok) results[c.index] = r;
      });
    }
    for (const j of creates) {
      const r = await this.createConnection(items[j]!.deal.crmId, items[j]!.person.crmId, items[j]!.value);
      if (!r.ok) results[j] = r;
    }
    return results;
  }

  // ----- logged touches: phone calls, e-mails, appointments, notes ------------------------------

  private activityTable(type: LoggedTouchType): 'phonecall' | 'email' | 'appointment' | 'annotation' {
    return type === 'call' ? 'phonecall' : type === 'meeting' ? 'appointment' : type === 'note' ? 'annotation' : 'email';
  }

  /** The record a touch is "regarding": the deal, else the person, else the account. */
  private regarding(item: ActivityItem): { ref: RemoteRef; table: Table } | undefined {
    const { deal, person, account } = item.links;
    if (deal) return { ref: deal, table: 'opportunity' };
    if (person) return { ref: person, table: person.objectType === 'lead' ? 'lead' : 'contact' };
    if (account) return { ref: account, table: 'account' };
    return undefined;
  }

  private activityBody(item: ActivityItem, mode: 'field' | 'marker'): Record<string, unknown> {
    const table = this.activityTable(item.type);
    const about = this.regarding(item)!;
    const text = [item.body ?? '', mode === 'marker' || table === 'annotation' ? activityMarker(item.dealsideId) : ''].filter(Boolean).join('\n\n');
    const subject = (item.subject ?? DV_TOUCH_SUBJECT[item.type]).slice(0, 200);
    if (table === 'annotation') {
      return { subject, notetext: text, [`objectid_${about.table}@odata.bind`]: `/${SET[about.table]}(${about.ref.crmId})` };
    }
    const start = new Date(Date.parse(item.at));
    const body: Record<string, unknown> = {
      subject,
      ...(text ? { description: text } : {}),
      [`regardingobjectid_${about.table}_${table}@odata.bind`]: `/${SET[about.table]}(${about.ref.crmId})`,
      actualstart: start.toISOString(),
      ...(item.durationMin !== undefined ? { actualdurationminutes: Math.round(item.durationMin) } : {}),
      ...(mode === 'field' ? { [DYNAMICS_DEALSIDE_ID]: item.dealsideId } : {}),
    };
    if (table === 'phonecall' || table === 'email') body.directioncode = item.direction !== 'inbound';
    if (table === 'appointment') {
      body.scheduledstart = start.toISOString();
      body.scheduledend = new Date(start.getTime() + (item.durationMin ?? 30) * 60_000).toISOString();
    }
    return body;
  }

  /** What an attempt whose answer was lost made: by our id column, else by the marker in the text. */
  private async findActivity(item: ActivityItem, mode: 'field' | 'marker'): Promise<string | undefined> {
    const table = this.activityTable(item.type);
    const about = this.regarding(item)!;
    const since = new Date(Date.parse(item.retrySince ?? item.at) - 5 * 60_000).toISOString();
    if (table === 'annotation') {
      const rows = await this.getAll(`${DYNAMICS_API}/annotations?$select=annotationid,notetext&$filter=_objectid_value eq ${about.ref.crmId} and createdon ge ${since}`);
      return rows.find((r) => hasActivityMarker(typeof r.notetext === 'string' ? r.notetext : undefined, item.dealsideId))?.annotationid as string | undefined;
    }
    const id = `activityid`;
    if (mode === 'field') {
      const rows = await this.getAll(`${DYNAMICS_API}/${SET[table]}?$select=${id}&$filter=${DYNAMICS_DEALSIDE_ID} eq ${odataString(item.dealsideId)}`);
      return rows[0]?.[id] as string | undefined;
    }
    const rows = await this.getAll(`${DYNAMICS_API}/${SET[table]}?$select=${id},description&$filter=_regardingobjectid_value eq ${about.ref.crmId} and createdon ge ${since}`);
    return rows.find((r) => hasActivityMarker(typeof r.description === 'string' ? r.description : undefined, item.dealsideId))?.[id] as string | undefined;
  }

  /**
   * Touches as phone calls, e-mails, appointments (activities, regarding the deal, else the person,
   * else the account) and notes (annotations). Each is created alone (a POST is not safe to
   * repeat); a retry first looks for what the lost attempt made.
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const mode = this.connection.capabilities.activityIds === 'field' ? 'field' : 'marker';
    const results: CreateResult[] = [];
    for (const item of items) {
      const table = this.activityTable(item.type);
      if (!this.regarding(item)) {
        results.push({ ok: false, error: new SyncError('invalid', 'The touch is on no record Dynamics 365 holds.') });
        continue;
      }
      const found = item.retrySince ? await this.findActivity(item, mode) : undefined;
      if (found) {
        results.push({ ok: true, crmId: String(found).toLowerCase(), objectType: table, created: false });
        continue;
      }
      try {
        const res = await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/${SET[table]}`, body: this.activityBody(item, mode) });
        const id = entityIdOf(res.headers.get('odata-entityid') ?? undefined);
        results.push(id ? { ok: true, crmId: id, objectType: table, created: true } : { ok: false, error: new SyncError('transient', 'Dynamics 365 did not say which activity it made.') });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }
}

function isDeleted(row: Row): boolean {
  const ctx = row['@odata.context'];
  return (typeof ctx === 'string' && ctx.endsWith('$deletedEntity')) || row.reason === 'deleted';
}

function normIso(value: unknown): string {
  const ms = Date.parse(String(value));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
}
