// Zoho CRM (REST API v7) connector: Accounts, Contacts, Leads, Deals and the deals' contact roles.
//
// Data centres: every Zoho account lives in one data centre (US .com, EU .eu, IN .in, AU .com.au,
// JP .jp, CN .com.cn, CA zohocloud.ca); its API is at `www.zohoapis.<dc>` and its sign-in at
// `accounts.zoho.<dc>` (utils/crms/zohoDataCentres.ts). The connection's baseUrl is the API domain the token
// reply names (`api_domain`).
//
// Pull: per module, `GET /crm/v7/{module}?fields=…&sort_by=Modified_Time&sort_order=asc`, 200 a
// page, paged by modification time rather than by page number: each page asks with
// `If-Modified-Since` the newest change seen so far (read as "at or after"; 304 when nothing
// changed) and skips the records already read at that very second. Nothing shifts under a record
// changed or deleted mid-read, and no read meets v7's 2,000 records by page numbers; only records
// sharing one second are paged through (`page`, then `page_token` from `info.next_page_token`).
// A deal's contacts and roles come from its Contact_Roles related list
// (`GET /Deals/{id}/Contact_Roles`), read for every deal a pull brings, and its `Contact_Name`.
// Deletions: `GET /crm/v7/{module}/deleted?type=all` with If-Modified-Since, every 15 minutes.
//
// Push: updates `PUT /crm/v7/{module}` (100 records a call: safe to repeat); creates are upserts,
// `POST /crm/v7/{module}/upsert` with `duplicate_check_fields: ["Dealside_Id"]` on the unique
// Dealside id field an admin adds, so a retry after a lost answer updates the record the first
// attempt made. Without that field a person is looked up by e-mail (an account or deal by name)
// before it is inserted. Each record of a write answers on its own
// (`{"data":[{"code":"…","status":"success"|"error","details":{…}}]}`, HTTP 200/201/202/207/400).
//
// Contact roles: `PUT /Deals/{deal}/Contact_Roles/{contact}` with `{"data":[{"Contact_Role":{"id"}}]}`
// adds the contact to the deal or changes its role (safe to repeat); clearing a role keeps the
// link (Contact_Role null). Our buying-committee roles are Zoho contact roles, found by name or
// added on connect (`POST /Contacts/roles`).
//
// Owners: `Owner` ({id, name, email}); the users are read on every pull (`GET /users?type=AllUsers`)
// as `zoho-user-<id>`; the signed-in user is `GET /users?type=CurrentUser`.
//
// BANT: Zoho has no qualification fields of its own; custom fields `Dealside_Budget_Status` … on
// Deals and Leads (an admin adds them; connect lists the missing ones), mappable in Options.
//
// Limits: API credits per org in a rolling 24 hours (1 a call for what Dealside sends), and a
// concurrency limit per org and app (5 Free, 10 Standard, 15 Professional, 20 Enterprise, 25
// Ultimate) that the whole team's extensions share; past either, 429 `TOO_MANY_REQUESTS`. The
// limiter (zohoLimiter) keeps to half the edition's concurrency, reads `X-RATELIMIT-*` when an
// answer carries them, and stops before the last few percent of the credits.
import type { CrmSystem, LoggedTouchType } from '../../domain/entities';
import { BANT_FIELDS, normalizeField, specOf, type FieldValue, type SyncEntity } from '../../domain/fields/recordFields';
import type { ConnectionRecord, PullCursor, SyncErrorCode } from '../../store/syncRecords';
import { SyncError, type HttpClient, type HttpResponse } from '../http';
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
  type RemoteDeletion,
  type RemoteRecord,
  type RemoteRef,
  type RoleItem,
  type RoleOptions,
  type RoleReading,
  type RoleRef,
  type UpdateItem,
} from '../connector';
import type { CommitteeRole } from '../../domain/committee/roles';
import { ROLE_CRM_LABELS } from '../../domain/fields/roleFields';
import { activityMarker, hasActivityMarker } from '../activities';
import { ZOHO_CONCURRENCY, type ZohoEdition } from '../limiter';

export const ZOHO_API = '/crm/v7';

import { ZOHO_DATA_CENTRES, zohoDataCentreOf } from '../../crms/zohoDataCentres';

/** The unique Dealside id field (Single Line, "Do not allow duplicate values"), added by an admin. */
export const ZOHO_DEALSIDE_ID = 'Dealside_Id';
/** the LinkedIn profile on Contacts and Leads: a custom field an admin adds */
export const ZOHO_LINKEDIN = 'Dealside_LinkedIn_URL';
export const ZOHO_OWNER = CRM_OWNER_FIELD.zoho ?? 'Owner';
/** records per page of a list (Zoho's most) */
const PAGE_SIZE = 200;
/** records per write (Zoho's most) */
const BATCH = 100;
/** ids per `?ids=` read */
const READ_CHUNK = 100;
export const ZOHO_DELETED_EVERY_MS = 15 * 60_000;

type Module = 'Accounts' | 'Contacts' | 'Leads' | 'Deals';
const MODULES: readonly Module[] = ['Accounts', 'Contacts', 'Leads', 'Deals'];
const ENTITY_OF: Record<Module, Exclude<SyncEntity, 'product'>> = { Accounts: 'account', Contacts: 'person', Leads: 'person', Deals: 'deal' };

/** The custom field for a BANT answer: Dealside_Budget_Status, Dealside_Timing_Target_Date … */
export function zohoBantField(field: string): string {
  const [, letter, key] = field.split('.');
  const words = [letter!, ...key!.split(/(?=[A-Z])/)].map((w) => w[0]!.toUpperCase() + w.slice(1));
  return `Dealside_${words.join('_')}`;
}

export const ZOHO_DEFAULT_FIELDS: Record<'account' | 'person' | 'lead' | 'deal', Record<string, string>> = {
  account: { name: 'Account_Name', domain: 'Website', industry: 'Industry', employees: 'Employees', country: 'Billing_Country', city: 'Billing_City', ownerId: ZOHO_OWNER },
  person: { firstName: 'First_Name', lastName: 'Last_Name', email: 'Email', phone: 'Phone', title: 'Title', country: 'Mailing_Country', city: 'Mailing_City', linkedinUrl: ZOHO_LINKEDIN, ownerId: ZOHO_OWNER },
  lead: { firstName: 'First_Name', lastName: 'Last_Name', email: 'Email', phone: 'Phone', title: 'Designation', companyName: 'Company', country: 'Country', city: 'City', linkedinUrl: ZOHO_LINKEDIN, ownerId: ZOHO_OWNER },
  deal: { name: 'Deal_Name', amount: 'Amount', stage: 'Stage', closeDate: 'Closing_Date', ownerId: ZOHO_OWNER },
};

/** Zoho's standard deal stages ↔ ours. */
export const ZOHO_STAGES: { write: Record<string, string>; read: Record<string, string> } = {
  write: { discovery: 'Qualification', qualification: 'Needs Analysis', proposal: 'Proposal/Price Quote', negotiation: 'Negotiation/Review', 'closed-won': 'Closed Won', 'closed-lost': 'Closed Lost' },
  read: {
    Qualification: 'discovery',
    'Needs Analysis': 'qualification',
    'Value Proposition': 'qualification',
    'Id. Decision Makers': 'qualification',
    'Perception Analysis': 'proposal',
    'Proposal/Price Quote': 'proposal',
    'Negotiation/Review': 'negotiation',
    'Closed Won': 'closed-won',
    'Closed Lost': 'closed-lost',
    'Closed-Lost to Competition': 'closed-lost',
  },
};

/** Zoho's error bodies: `{code, message, details, status}` for a call, per record in `data[]`. */
type ZohoError = { code?: string; message?: string; details?: Record<string, unknown>; status?: string };
type RecordAnswer = ZohoError & { details?: { id?: string; api_name?: string; [k: string]: unknown }; action?: string; duplicate_field?: string | null };

function firstError(body: unknown): ZohoError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as ZohoError & { data?: ZohoError[] };
  if (typeof b.code === 'string') return b;
  const inData = Array.isArray(b.data) ? b.data.find((d) => d && d.status === 'error') : undefined;
  return inData;
}

export function describeZohoError(status: number, body: unknown): string {
  const e = firstError(body);
  if (e?.code) {
    const field = e.details && typeof e.details.api_name === 'string' ? ` (${e.details.api_name})` : '';
    return `${e.code}: ${e.message ?? ''}${field}`.trim();
  }
  const oauth = body as { error?: string; error_description?: string } | null;
  if (oauth && typeof oauth === 'object' && typeof oauth.error === 'string') return `${oauth.error}${oauth.error_description ? `: ${oauth.error_description}` : ''}`;
  return `HTTP ${status}`;
}

/** Zoho's codes that the HTTP client should act on: credits spent, too many at once, gone. */
export function classifyZohoError(status: number, body: unknown): SyncErrorCode | undefined {
  const e = firstError(body);
  const code = e?.code ?? '';
  if (code === 'LIMIT_EXCEEDED' || (status === 429 && /credit/i.test(e?.message ?? ''))) return 'budget-exhausted';
  if (code === 'TOO_MANY_REQUESTS') return 'rate-limited';
  if (code === 'OAUTH_SCOPE_MISMATCH' || code === 'NO_PERMISSION') return 'forbidden';
  return undefined;
}

/** One record's answer in a write → our result. */
function recordError(a: RecordAnswer | undefined): SyncError {
  if (!a) return new SyncError('transient', 'Zoho CRM sent no answer for this record.');
  const detail = describeZohoError(400, a);
  if (a.code === 'INVALID_DATA' && a.details?.api_name === 'id') return new SyncError('not-found', `Zoho CRM could not find it (${detail}).`, 404);
  if (a.code === 'NO_PERMISSION') return new SyncError('forbidden', `Zoho CRM refused the request (${detail}).`, 403);
  return new SyncError('invalid', `Zoho CRM refused the change (${detail}).`, 400);
}

type Row = Record<string, unknown>;
type ListAnswer = { data?: Row[]; info?: { more_records?: boolean; next_page_token?: string | null; page?: number; count?: number } };
type FieldDef = { api_name: string; field_label?: string; data_type?: string; custom_field?: boolean; read_only?: boolean; unique?: unknown; pick_list_values?: Array<{ display_value?: string; actual_value?: string }> };

function lookupId(v: unknown): string | null {
  return v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null;
}

function normIso(value: unknown): string {
  const ms = Date.parse(String(value));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
}

/** A time as Zoho writes them (ISO 8601, seconds, an offset). */
export function zohoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The org's edition from `GET /org`'s license_details.paid_type ("enterprise", "Professional" …). */
function editionOf(org: Row | undefined): ZohoEdition | undefined {
  const paid = (org?.license_details as { paid_type?: unknown } | undefined)?.paid_type;
  const e = typeof paid === 'string' ? paid.toLowerCase().replace(/^zoho ?one$/, 'enterprise').replace(/^crm ?plus$/, 'ultimate') : undefined;
  return e && Object.hasOwn(ZOHO_CONCURRENCY, e) ? (e as ZohoEdition) : undefined;
}

/** What a touch is titled when the rep gave no subject. */
const TOUCH_TITLE: Record<LoggedTouchType, string> = { call: 'Call', 'email-sent': 'Email', 'email-replied': 'Email reply', meeting: 'Meeting', note: 'Note' };

export class ZohoConnector implements CrmConnector {
  readonly system: CrmSystem = 'zoho';
  readonly batchSize = BATCH;
  readonly streams: readonly PullStream[] = [
    { name: 'users', entity: 'user', order: -1 },
    { name: 'Accounts', entity: 'account', order: 1 },
    { name: 'Contacts', entity: 'person', order: 2 },
    { name: 'Leads', entity: 'person', order: 2 },
    { name: 'Deals', entity: 'deal', order: 3 },
    { name: 'deleted', entity: 'deal', order: 10, everyMs: ZOHO_DELETED_EVERY_MS },
  ];

  constructor(
    readonly connection: ConnectionRecord,
    readonly http: HttpClient,
  ) {}

  private moduleOf(entity: SyncEntity, kind?: 'contact' | 'lead'): Module {
    if (entity === 'person') return kind === 'lead' ? 'Leads' : 'Contacts';
    if (entity === 'account') return 'Accounts';
    if (entity === 'deal') return 'Deals';
    throw new SyncError('invalid', 'Dealside does not sync products with Zoho CRM yet.');
  }

  private map(entity: SyncEntity, kind?: 'contact' | 'lead'): Record<string, string> {
    return mappedFields(this.connection, entity, kind);
  }

  private kindOf(module: Module): 'contact' | 'lead' | undefined {
    return module === 'Leads' ? 'lead' : module === 'Contacts' ? 'contact' : undefined;
  }

  // ----- connect ------------------------------------------------------------------------------

  private async fieldDefs(module: Module | 'Notes'): Promise<FieldDef[]> {
    const { body } = await this.http.request<{ fields?: FieldDef[] }>({ method: 'GET', url: `${ZOHO_API}/settings/fields`, query: { module } });
    return body?.fields ?? [];
  }

  /** The signed-in user: `GET /users?type=CurrentUser`. */
  private async currentUser(): Promise<{ id: string; name: string; email?: string } | undefined> {
    const { body } = await this.http.request<{ users?: Row[] }>({ method: 'GET', url: `${ZOHO_API}/users`, query: { type: 'CurrentUser' } });
    const u = body?.users?.[0];
    if (!u || typeof u.id !== 'string') return undefined;
    const name = String(u.full_name ?? '') || String(u.email ?? '') || u.id;
    return { id: u.id, name, ...(typeof u.email === 'string' && u.email ? { email: u.email } : {}) };
  }

  async connect(): Promise<ConnectResult> {
    const who = await this.currentUser();
    const { body: orgBody } = await this.http.request<{ org?: Row[] }>({ method: 'GET', url: `${ZOHO_API}/org` });
    const org = orgBody?.org?.[0];
    const notes: string[] = [];
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    let keyed = true;
    let bantComplete = true;
    const noLinkedin: string[] = [];
    const targets: Array<[keyof typeof ZOHO_DEFAULT_FIELDS, Module]> = [
      ['account', 'Accounts'],
      ['person', 'Contacts'],
      ['lead', 'Leads'],
      ['deal', 'Deals'],
    ];
    for (const [key, module] of targets) {
      const defs = await this.fieldDefs(module);
      const names = new Set(defs.map((f) => f.api_name));
      const map: Record<string, string> = {};
      for (const [canonical, name] of Object.entries(ZOHO_DEFAULT_FIELDS[key])) if (names.has(name)) map[canonical] = name;
      if ((key === 'person' || key === 'lead') && !map.linkedinUrl) noLinkedin.push(module);
      if (key === 'deal' || key === 'lead') {
        const missing: string[] = [];
        for (const field of Object.keys(BANT_FIELDS)) {
          const name = zohoBantField(field);
          if (names.has(name)) map[field] = name;
          else missing.push(name);
        }
        if (missing.length) {
          bantComplete = false;
          notes.push(`BANT fields are missing in ${module}: ask a Zoho CRM admin to add ${missing.join(', ')} (or map BANT to existing fields in Options → Connections).`);
        }
      }
      const id = defs.find((f) => f.api_name === ZOHO_DEALSIDE_ID);
      if (!id || !id.unique) {
        keyed = false;
        notes.push(`${module} has no unique ${ZOHO_DEALSIDE_ID} field: Dealside looks records up by e-mail or name before creating them.`);
      }
      fieldMap[key] = map;
    }
    if (noLinkedin.length) notes.push(`${noLinkedin.join(' and ')} ${noLinkedin.length > 1 ? 'have' : 'has'} no ${ZOHO_LINKEDIN} field: LinkedIn profile links are not synced until a Zoho CRM admin adds it (URL).`);
    const roleMap = await this.prepareRoles(notes);
    const apiHost = new URL(this.connection.baseUrl).hostname;
    const dc = zohoDataCentreOf(this.connection.baseUrl);
    return {
      label: `Zoho CRM ${String(org?.company_name ?? '')}`.trim(),
      account: {
        ...(typeof org?.id === 'string' ? { id: org.id } : {}),
        ...(org?.company_name ? { name: String(org.company_name) } : {}),
        ...(typeof org?.currency === 'string' ? { currency: org.currency } : {}),
        // the edition decides the concurrency limit (zohoLimiter)
        ...(editionOf(org) ? { tier: editionOf(org) } : {}),
        // the CRM's own pages: crm.zoho.<dc> (the API host of a fake in tests)
        uiDomain: dc ? `crm.${ZOHO_DATA_CENTRES[dc].label}` : apiHost,
      },
      fieldMap,
      roleMap,
      capabilities: { dealsideIdField: keyed, bant: bantComplete ? 'mapped' : 'missing', activityIds: 'marker' },
      notes,
      ...(who ? { user: who } : {}),
    };
  }

  private async contactRoles(): Promise<Array<{ value: string; label: string }>> {
    const { body } = await this.http.request<{ contact_roles?: Row[] }>({ method: 'GET', url: `${ZOHO_API}/Contacts/roles` });
    return (body?.contact_roles ?? []).map((r) => ({ value: String(r.id), label: String(r.name ?? '') }));
  }

  /** Our roles → Zoho contact roles, found by name or added (when the user may). */
  private async prepareRoles(notes: string[]): Promise<Partial<Record<CommitteeRole, string>>> {
    const existing = await this.contactRoles();
    const roleMap: Partial<Record<CommitteeRole, string>> = {};
    const missing: Array<[CommitteeRole, string]> = [];
    for (const [role, label] of Object.entries(ROLE_CRM_LABELS) as Array<[CommitteeRole, string]>) {
      const found = existing.find((o) => o.label.trim().toLowerCase() === label.toLowerCase());
      if (found) roleMap[role] = found.value;
      else missing.push([role, label]);
    }
    if (missing.length) {
      try {
        const { body } = await this.http.request<{ contact_roles?: RecordAnswer[] }>({
          method: 'POST',
          url: `${ZOHO_API}/Contacts/roles`,
          body: { contact_roles: missing.map(([, name], i) => ({ name, sequence_number: existing.length + i + 1 })) },
          accept: [207, 400],
        });
        const cannot: string[] = [];
        missing.forEach(([role, label], i) => {
          const a = body?.contact_roles?.[i];
          if (a?.status === 'success' && typeof a.details?.id === 'string') roleMap[role] = a.details.id;
          else cannot.push(label);
        });
        if (cannot.length) notes.push(`Dealside could not add the contact roles ${cannot.join(', ')}: choose existing contact roles in Options → Connections (Buying-committee roles).`);
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid')) {
          notes.push(`Dealside could not add the contact roles ${missing.map(([, l]) => l).join(', ')}: choose existing contact roles in Options → Connections (Buying-committee roles).`);
        } else throw e;
      }
    }
    return roleMap;
  }

  async describeRoles(): Promise<RoleOptions> {
    return { options: await this.contactRoles(), perPerson: false };
  }

  async describeFields(entity: SyncEntity, kind?: 'contact' | 'lead'): Promise<CrmFieldInfo[]> {
    const defs = await this.fieldDefs(this.moduleOf(entity, kind));
    const mapped = new Map(Object.entries(this.map(entity, kind)).map(([c, n]) => [n, c]));
    return defs
      .filter((f) => !['subform', 'ownerlookup', 'multiselectlookup', 'fileupload', 'imageupload', 'formula', 'autonumber'].includes(f.data_type ?? '') || f.api_name === ZOHO_OWNER)
      .map((f) => ({
        name: f.api_name,
        label: f.field_label ?? f.api_name,
        type: f.data_type ?? 'text',
        custom: f.custom_field === true,
        writable: f.read_only !== true,
        ...(mapped.has(f.api_name) ? { mappedTo: mapped.get(f.api_name) } : {}),
        ...(f.pick_list_values?.length ? { options: f.pick_list_values.map((p) => p.actual_value ?? p.display_value ?? '').filter(Boolean) } : {}),
      }));
  }

  // ----- values -------------------------------------------------------------------------------

  /** A canonical value → Zoho's; undefined: not sent. */
  toZoho(entity: SyncEntity, field: string, value: FieldValue): unknown {
    if (field === 'ownerId') {
      const id = crmUserIdOf('zoho', value);
      return id ? { id } : undefined;
    }
    if (entity === 'deal' && field === 'stage') return typeof value === 'string' ? (ZOHO_STAGES.write[value] ?? undefined) : undefined;
    const spec = specOf(entity, field);
    if (spec?.type === 'date' && typeof value === 'string') return value.slice(0, 10);
    if (spec?.type === 'boolean') return value === true;
    return value;
  }

  fromZoho(entity: SyncEntity, field: string, raw: unknown): FieldValue {
    if (field === 'ownerId') {
      const id = lookupId(raw);
      return id ? crmUserId('zoho', id) : null;
    }
    if (entity === 'deal' && field === 'stage') return typeof raw === 'string' ? (ZOHO_STAGES.read[raw] ?? null) : null;
    return normalizeField(entity, field, raw);
  }

  private values(entity: SyncEntity, kind: 'contact' | 'lead' | undefined, fields: Record<string, FieldValue>): Row {
    const map = this.map(entity, kind);
    const out: Row = {};
    for (const [field, value] of Object.entries(fields)) {
      const name = map[field];
      if (!name) continue;
      const v = this.toZoho(entity, field, value);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }

  private fieldsOf(module: Module): string[] {
    const entity = ENTITY_OF[module];
    const cols = Object.values(this.map(entity, this.kindOf(module)));
    const extra = module === 'Accounts' ? ['Parent_Account'] : module === 'Contacts' ? ['Account_Name'] : module === 'Deals' ? ['Account_Name', 'Contact_Name'] : [];
    const id = this.connection.capabilities.dealsideIdField ? [ZOHO_DEALSIDE_ID] : [];
    return [...new Set(['Modified_Time', ...cols, ...extra, ...id])];
  }

  private toRecord(module: Module, row: Row): RemoteRecord {
    const entity = ENTITY_OF[module];
    const kind = this.kindOf(module);
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, name] of Object.entries(this.map(entity, kind))) if (name in row) fields[canonical] = this.fromZoho(entity, canonical, row[name]);
    const links: RemoteRecord['links'] = {};
    if ((module === 'Contacts' || module === 'Deals') && 'Account_Name' in row) links.accountCrmId = lookupId(row.Account_Name);
    if (module === 'Accounts' && 'Parent_Account' in row) links.parentAccountCrmId = lookupId(row.Parent_Account);
    const dealsideId = row[ZOHO_DEALSIDE_ID];
    return {
      entity,
      ...(kind ? { kind } : {}),
      objectType: module,
      crmId: String(row.id),
      modifiedAt: normIso(row.Modified_Time),
      ...(typeof dealsideId === 'string' && dealsideId ? { dealsideId } : {}),
      fields,
      ...(Object.keys(links).length ? { links } : {}),
    };
  }

  // ----- pull ---------------------------------------------------------------------------------

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    if (stream === 'users') return yield* this.pullUsers();
    if (stream === 'deleted') return yield* this.pullDeleted(cursor);
    if (!MODULES.includes(stream as Module)) throw new Error(`Zoho CRM has no stream ${stream}`);
    const module = stream as Module;
    // Keyset paging on Modified_Time: every page asks for what changed since the newest change seen
    // (If-Modified-Since, oldest first) and skips the records already seen at that second. No
    // offset moves under a record changed or deleted mid-read, and no read goes past Zoho's 2,000
    // records of page numbers; only a page's worth of records sharing one second is paged through
    // (by page, then page_token).
    const startedAt = this.http.deps.now();
    let mode: PullCursor['mode'] = cursor?.mode ?? 'full';
    let since = cursor?.since;
    let seen = new Set(cursor?.seenAtHighWater ?? []);
    let page = 1;
    let token: string | undefined;
    if (cursor?.after) {
      const [k, v] = cursor.after.split(':', 2) as [string, string];
      if (k === 'token') token = v;
      else page = Number(v) || 1;
    }
    for (;;) {
      const res = await this.http.request<ListAnswer>({
        method: 'GET',
        url: `${ZOHO_API}/${module}`,
        query: { fields: this.fieldsOf(module).join(','), per_page: PAGE_SIZE, sort_by: 'Modified_Time', sort_order: 'asc', ...(token ? { page_token: token } : { page }) },
        ...(since ? { headers: { 'If-Modified-Since': zohoTime(Date.parse(since)) } } : {}),
        accept: [204, 304],
      });
      const rows = res.status === 200 ? (res.body?.data ?? []) : [];
      const info = res.status === 200 ? res.body?.info : undefined;
      // skipped: only a record already read at that very second (one changed since is read again)
      const fresh = rows.filter((r) => !(seen.has(String(r.id)) && since !== undefined && Date.parse(normIso(r.Modified_Time)) === Date.parse(since)));
      let newest = since;
      for (const r of rows) {
        const m = normIso(r.Modified_Time);
        if (!newest || Date.parse(m) > Date.parse(newest)) newest = m;
      }
      const more = !!info?.more_records && rows.length > 0;
      let after: string | undefined;
      if (newest && since && Date.parse(newest) === Date.parse(since)) {
        // the whole page at one second: page on through that second
        for (const r of rows) seen.add(String(r.id));
        if (more) after = info?.next_page_token ? `token:${info.next_page_token}` : `page:${page + 1}`;
      } else if (newest) {
        seen = new Set(rows.filter((r) => Date.parse(normIso(r.Modified_Time)) === Date.parse(newest!)).map((r) => String(r.id)));
        since = newest;
      }
      const done = !more;
      // At the end of a read the records seen at its last second are skipped next time only when
      // that second was over before the read began: a change later in the same second has the same
      // time, and must be read again.
      const keepSeen = !done || (since !== undefined && Math.floor(Date.parse(since) / 1000) < Math.floor(startedAt / 1000));
      const nextCursor: PullCursor = {
        mode: done ? 'incremental' : mode,
        ...(since ? { since, highWater: since } : {}),
        ...(seen.size && keepSeen ? { seenAtHighWater: [...seen] } : {}),
        ...(after ? { after } : {}),
      };
      const records = fresh.map((r) => this.toRecord(module, r));
      const links = module === 'Deals' && fresh.length ? await this.dealLinks(fresh) : undefined;
      yield { records, cursor: nextCursor, ...(links?.length ? { links } : {}) };
      if (done) return;
      mode = nextCursor.mode;
      token = after?.startsWith('token:') ? after.slice(6) : undefined;
      page = after?.startsWith('page:') ? Number(after.slice(5)) : 1;
      // a page of nothing new that still says "more", at a second already left behind: stop
      if (!after && fresh.length === 0) return;
    }
  }

  /** The deals' contacts and roles: Contact_Name, and each deal's Contact_Roles related list. */
  private async dealLinks(rows: readonly Row[]): Promise<NonNullable<PullPage['links']>> {
    const out: NonNullable<PullPage['links']> = [];
    for (const r of rows) {
      const deal = String(r.id);
      const roles = await this.rolesOfDeal(deal);
      if (roles === undefined) continue;
      const primary = lookupId(r.Contact_Name);
      const contactCrmIds = [...new Set([...(primary ? [primary] : []), ...roles.keys()])];
      out.push({ dealCrmId: deal, contactCrmIds, roles: Object.fromEntries(roles) });
    }
    return out;
  }

  /** contact id → role id (null: linked without a role); undefined when the deal is gone. */
  private async rolesOfDeal(deal: string): Promise<Map<string, string | null> | undefined> {
    const out = new Map<string, string | null>();
    let page = 1;
    for (;;) {
      const res = await this.http.request<ListAnswer>({
        method: 'GET',
        url: `${ZOHO_API}/Deals/${encodeURIComponent(deal)}/Contact_Roles`,
        query: { fields: 'Contact_Role,Last_Name', per_page: PAGE_SIZE, page },
        accept: [204, 400, 404],
      });
      if (res.status === 204) return out;
      if (res.status !== 200) return undefined;
      for (const c of res.body?.data ?? []) out.set(String(c.id), lookupId(c.Contact_Role));
      if (!res.body?.info?.more_records) return out;
      page++;
    }
  }

  /** The org's users, inactive ones too (their records keep them as owner): every pull. */
  private async *pullUsers(): AsyncGenerator<PullPage> {
    const users: NonNullable<PullPage['users']> = [];
    for (let page = 1; ; page++) {
      const res = await this.http.request<{ users?: Row[]; info?: ListAnswer['info'] }>({ method: 'GET', url: `${ZOHO_API}/users`, query: { type: 'AllUsers', per_page: PAGE_SIZE, page }, accept: [204] });
      for (const u of res.body?.users ?? []) {
        if (typeof u.id !== 'string') continue;
        users.push({ id: crmUserId('zoho', u.id), name: String(u.full_name ?? '') || String(u.email ?? '') || u.id, ...(typeof u.email === 'string' && u.email ? { email: u.email } : {}) });
      }
      if (res.status !== 200 || !res.body?.info?.more_records) break;
    }
    yield { records: [], users, cursor: { mode: 'incremental', since: new Date(this.http.deps.now()).toISOString() }, total: users.length };
  }

  /**
   * Deletions: `GET /{module}/deleted?type=all` per module, with If-Modified-Since the start of the
   * last complete check (less a minute), page by page. A check cut short goes on from its module
   * and page (`after`), with the same start.
   */
  private async *pullDeleted(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const now = this.http.deps.now();
    const midRun = !!cursor?.after;
    const checkedAt = midRun && cursor?.checkedAt ? cursor.checkedAt : new Date(now).toISOString();
    const since = cursor?.since;
    const [from, fromPage] = midRun ? (cursor!.after!.split(':').map(Number) as [number, number]) : [0, 1];
    for (let i = from; i < MODULES.length; i++) {
      const module = MODULES[i]!;
      for (let page = i === from ? fromPage || 1 : 1; ; page++) {
        const res = await this.http.request<{ data?: Row[]; info?: ListAnswer['info'] }>({
          method: 'GET',
          url: `${ZOHO_API}/${module}/deleted`,
          query: { type: 'all', per_page: PAGE_SIZE, page },
          ...(since ? { headers: { 'If-Modified-Since': zohoTime(Date.parse(since) - 60_000) } } : {}),
          accept: [204, 304],
        });
        const rows = res.status === 200 ? (res.body?.data ?? []) : [];
        const more = res.status === 200 && !!res.body?.info?.more_records && rows.length > 0;
        const lastModule = i === MODULES.length - 1;
        const next: PullCursor =
          more || !lastModule
            ? { mode: 'incremental', after: more ? `${i}:${page + 1}` : `${i + 1}:1`, checkedAt, ...(since ? { since } : {}) }
            : { mode: 'incremental', since: checkedAt, checkedAt };
        const deletions: RemoteDeletion[] = rows
          .filter((r) => typeof r.id === 'string')
          .map((r) => ({ entity: ENTITY_OF[module], objectType: module, crmId: String(r.id), ...(r.deleted_time ? { deletedAt: normIso(r.deleted_time) } : {}) }));
        yield { records: [], cursor: next, ...(deletions.length ? { deletions } : {}) };
        if (!more) break;
      }
    }
  }

  // ----- push ---------------------------------------------------------------------------------

  private byModule<T extends { kind?: 'contact' | 'lead' }>(entity: SyncEntity, items: readonly T[]): Map<Module, number[]> {
    const out = new Map<Module, number[]>();
    items.forEach((item, i) => {
      const m = this.moduleOf(entity, item.kind);
      out.set(m, [...(out.get(m) ?? []), i]);
    });
    return out;
  }

  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const out = new Map<string, Record<string, FieldValue>>();
    for (const [module, indexes] of this.byModule(entity, refs)) {
      const map = this.map(entity, this.kindOf(module));
      const names = fields.filter((f) => map[f]).map((f) => [f, map[f]!] as const);
      const ids = [...new Set(indexes.map((j) => refs[j]!.crmId))];
      for (let i = 0; i < ids.length; i += READ_CHUNK) {
        const res = await this.http.request<ListAnswer>({
          method: 'GET',
          url: `${ZOHO_API}/${module}`,
          query: { ids: ids.slice(i, i + READ_CHUNK).join(','), fields: [...new Set(['Modified_Time', ...names.map(([, n]) => n)])].join(',') },
          accept: [204],
        });
        for (const row of res.body?.data ?? []) out.set(String(row.id), Object.fromEntries(names.map(([c, n]) => [c, this.fromZoho(entity, c, row[n])])));
      }
    }
    return out;
  }

  /** A write of up to 100 records; each record's answer, in order. */
  private async write(method: 'PUT' | 'POST', url: string, body: Row): Promise<RecordAnswer[]> {
    const res: HttpResponse<{ data?: RecordAnswer[] }> = await this.http.request({ method, url, body, idempotent: true, accept: [207, 400] });
    const data = res.body?.data;
    if (res.status === 400 && !Array.isArray(data)) throw new SyncError('invalid', `Zoho CRM refused the change (400: ${describeZohoError(400, res.body)}).`, 400);
    return Array.isArray(data) ? data : [];
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    for (const [module, indexes] of this.byModule(entity, items)) {
      const sendable: number[] = [];
      const bodies = new Map<number, Row>();
      for (const j of indexes) {
        const v = this.values(entity, items[j]!.kind, items[j]!.fields);
        if (Object.keys(v).length) {
          bodies.set(j, { id: items[j]!.crmId, ...v });
          sendable.push(j);
        }
      }
      for (let i = 0; i < sendable.length; i += BATCH) {
        const chunk = sendable.slice(i, i + BATCH);
        const answers = await this.write('PUT', `${ZOHO_API}/${module}`, { data: chunk.map((j) => bodies.get(j)) });
        chunk.forEach((j, k) => {
          const a = answers[k];
          results[j] = a?.status === 'success' ? { ok: true } : { ok: false, error: recordError(a) };
        });
      }
    }
    return results;
  }

  /** Zoho's mandatory fields, filled when our record has nothing for them. */
  private withRequired(module: Module, values: Row): Row {
    const v = { ...values };
    if ((module === 'Contacts' || module === 'Leads') && !v.Last_Name) v.Last_Name = (v.First_Name as string | null) ?? '(no name)';
    if (module === 'Leads' && !v.Company) v.Company = '(no company)';
    if (module === 'Accounts' && !v.Account_Name) v.Account_Name = '(no name)';
    if (module === 'Deals') {
      if (!v.Deal_Name) v.Deal_Name = '(no name)';
      if (!v.Stage) v.Stage = ZOHO_STAGES.write.discovery;
    }
    return v;
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    for (const [module, indexes] of this.byModule(entity, items)) {
      const bodies = new Map<number, Row>();
      for (const j of indexes) bodies.set(j, this.withRequired(module, this.values(entity, items[j]!.kind, items[j]!.fields)));
      if (this.connection.capabilities.dealsideIdField) {
        // Upsert on the unique Dealside id: a retry after a lost answer updates the record made the first time.
        for (let i = 0; i < indexes.length; i += BATCH) {
          const chunk = indexes.slice(i, i + BATCH);
          const answers = await this.write('POST', `${ZOHO_API}/${module}/upsert`, {
            data: chunk.map((j) => ({ ...bodies.get(j), [ZOHO_DEALSIDE_ID]: items[j]!.dealsideId })),
            duplicate_check_fields: [ZOHO_DEALSIDE_ID],
          });
          chunk.forEach((j, k) => {
            const a = answers[k];
            results[j] = a?.status === 'success' && typeof a.details?.id === 'string' ? { ok: true, crmId: a.details.id, objectType: module, created: a.action !== 'update' } : { ok: false, error: recordError(a) };
          });
        }
        continue;
      }
      for (const j of indexes) results[j] = await this.createByNaturalKey(module, bodies.get(j)!, items[j]!.retrySince);
    }
    return results;
  }

  /**
   * Without the unique field: look the record up (e-mail for people, name otherwise) before
   * inserting it; a retry of a person without an e-mail looks for one made under the same last
   * name since the first attempt.
   */
  private async createByNaturalKey(module: Module, values: Row, retrySince?: string): Promise<CreateResult> {
    const person = module === 'Contacts' || module === 'Leads';
    const key = person ? 'Email' : module === 'Accounts' ? 'Account_Name' : 'Deal_Name';
    const value = values[key];
    let query: Record<string, string> | undefined;
    if (typeof value === 'string' && value) query = person ? { email: value } : { criteria: `(${key}:equals:${value.replace(/([(),\\])/g, '\\$1')})` };
    else if (person && retrySince && typeof values.Last_Name === 'string') query = { criteria: `((Last_Name:equals:${values.Last_Name.replace(/([(),\\])/g, '\\$1')})and(Created_Time:greater_equal:${zohoTime(Date.parse(retrySince) - 5 * 60_000)}))` };
    if (query) {
      const res = await this.http.request<ListAnswer>({ method: 'GET', url: `${ZOHO_API}/${module}/search`, query: { ...query, fields: 'id' }, accept: [204] });
      const found = res.body?.data?.[0];
      if (found && typeof found.id === 'string') return { ok: true, crmId: found.id, objectType: module, created: false };
    }
    try {
      const { body } = await this.http.request<{ data?: RecordAnswer[] }>({ method: 'POST', url: `${ZOHO_API}/${module}`, body: { data: [values] }, accept: [400] });
      const a = body?.data?.[0];
      return a?.status === 'success' && typeof a.details?.id === 'string' ? { ok: true, crmId: a.details.id, objectType: module, created: true } : { ok: false, error: recordError(a) };
    } catch (e) {
      if (e instanceof SyncError && e.code === 'invalid') return { ok: false, error: e };
      throw e;
    }
  }

  // ----- links and contact roles ----------------------------------------------------------------

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const accountLinks = new Map<Module, Array<{ index: number; id: string; account: string }>>();
    const contacts: number[] = [];
    items.forEach((item, i) => {
      if (item.to.entity === 'account' && (item.from.entity === 'deal' || (item.from.entity === 'person' && item.from.kind !== 'lead'))) {
        const module = item.from.entity === 'deal' ? 'Deals' : 'Contacts';
        accountLinks.set(module, [...(accountLinks.get(module) ?? []), { index: i, id: item.from.crmId, account: item.to.crmId }]);
      } else if (item.from.entity === 'deal' && item.to.entity === 'person' && item.to.kind !== 'lead') contacts.push(i);
      // a lead names its company in Company; a lead has no contact role
    });
    // Account links are lookups: setting one twice leaves the same link.
    for (const [module, links] of accountLinks) {
      for (let i = 0; i < links.length; i += BATCH) {
        const chunk = links.slice(i, i + BATCH);
        const answers = await this.write('PUT', `${ZOHO_API}/${module}`, { data: chunk.map((l) => ({ id: l.id, Account_Name: { id: l.account } })) });
        chunk.forEach((l, k) => {
          const a = answers[k];
          results[l.index] = a?.status === 'success' ? { ok: true } : { ok: false, error: recordError(a) };
        });
      }
    }
    // A contact on a deal is a contact role relation: read first, so a link never changes a role.
    const byDeal = new Map<string, Map<string, string | null> | undefined>();
    for (const j of contacts) {
      const deal = items[j]!.from.crmId;
      if (!byDeal.has(deal)) byDeal.set(deal, await this.rolesOfDeal(deal));
      const roles = byDeal.get(deal);
      if (roles === undefined) {
        results[j] = { ok: false, error: new SyncError('not-found', 'Zoho CRM could not find the deal.', 404) };
        continue;
      }
      if (roles.has(items[j]!.to.crmId)) continue;
      results[j] = await this.putRole(deal, items[j]!.to.crmId, null);
      if (results[j]!.ok) roles.set(items[j]!.to.crmId, null);
    }
    return results;
  }

  /** Adds the contact to the deal with this role, or changes its role: the same PUT, safe to repeat. */
  private async putRole(deal: string, contact: string, role: string | null): Promise<ItemResult> {
    const res = await this.http.request<{ data?: RecordAnswer[] } & ZohoError>({
      method: 'PUT',
      url: `${ZOHO_API}/Deals/${encodeURIComponent(deal)}/Contact_Roles/${encodeURIComponent(contact)}`,
      body: { data: [{ Contact_Role: role ? { id: role } : null }] },
      accept: [400, 404],
    });
    const a = res.body?.data?.[0] ?? (res.body?.code ? res.body : undefined);
    if (res.status < 300 && (!a || a.status === 'success')) return { ok: true };
    if (res.status === 404 || a?.code === 'INVALID_URL_PATTERN' || (a?.code === 'INVALID_DATA' && (a.details as { api_name?: string } | undefined)?.api_name === 'id')) return { ok: false, error: new SyncError('not-found', `Zoho CRM could not find the deal or the contact (${describeZohoError(res.status, res.body)}).`, 404) };
    return { ok: false, error: recordError(a as RecordAnswer | undefined) };
  }

  /** Does a record still exist? (`GET /{module}/{id}`: 204 when it does not) */
  private async exists(module: Module, ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += READ_CHUNK) {
      const res = await this.http.request<ListAnswer>({ method: 'GET', url: `${ZOHO_API}/${module}`, query: { ids: unique.slice(i, i + READ_CHUNK).join(','), fields: 'Modified_Time' }, accept: [204] });
      for (const r of res.body?.data ?? []) found.add(String(r.id));
    }
    return found;
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, RoleReading>> {
    const out = new Map<string, RoleReading>();
    const deals = [...new Set(items.map((r) => r.deal.crmId))];
    const byDeal = new Map<string, Map<string, string | null> | undefined>();
    for (const d of deals) byDeal.set(d, await this.rolesOfDeal(d));
    const unknown: RoleRef[] = [];
    for (const r of items) {
      const roles = byDeal.get(r.deal.crmId);
      if (roles?.has(r.person.crmId)) out.set(roleKey(r.deal, r.person), roles.get(r.person.crmId)!);
      else unknown.push(r);
    }
    // No relation: no role — unless the deal or the contact itself is gone.
    if (unknown.length) {
      const liveDeals = await this.exists('Deals', unknown.map((r) => r.deal.crmId));
      const liveContacts = await this.exists('Contacts', unknown.map((r) => r.person.crmId));
      for (const r of unknown) out.set(roleKey(r.deal, r.person), !liveDeals.has(r.deal.crmId) ? { gone: 'deal' } : !liveContacts.has(r.person.crmId) ? { gone: 'person' } : null);
    }
    return out;
  }

  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = [];
    for (const item of items) results.push(await this.putRole(item.deal.crmId, item.person.crmId, item.value));
    return results;
  }

  // ----- logged touches: notes ------------------------------------------------------------------

  /** The record a touch is on: the deal, else the person, else the account. */
  private parentOf(item: ActivityItem): { ref: RemoteRef; module: Module } | undefined {
    const { deal, person, account } = item.links;
    if (deal) return { ref: deal, module: 'Deals' };
    if (person) return { ref: person, module: person.objectType === 'Leads' ? 'Leads' : 'Contacts' };
    if (account) return { ref: account, module: 'Accounts' };
    return undefined;
  }

  private async findNote(module: Module, parent: string, dealsideId: string): Promise<string | undefined> {
    for (let page = 1; ; page++) {
      const res = await this.http.request<ListAnswer>({
        method: 'GET',
        url: `${ZOHO_API}/${module}/${encodeURIComponent(parent)}/Notes`,
        query: { fields: 'Note_Title,Note_Content', per_page: PAGE_SIZE, page, sort_by: 'Created_Time', sort_order: 'desc' },
        accept: [204],
      });
      const hit = (res.body?.data ?? []).find((n) => hasActivityMarker(typeof n.Note_Content === 'string' ? n.Note_Content : undefined, dealsideId));
      if (hit) return String(hit.id);
      if (res.status !== 200 || !res.body?.info?.more_records) return undefined;
    }
  }

  /**
   * Touches as notes on the deal, else the person, else the account, with the "Dealside ref" line
   * in their text; a retry looks through the record's notes for it before adding another.
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = [];
    for (const item of items) {
      const parent = this.parentOf(item);
      if (!parent) {
        results.push({ ok: false, error: new SyncError('invalid', 'The touch is on no record Zoho CRM holds.') });
        continue;
      }
      const found = item.retrySince ? await this.findNote(parent.module, parent.ref.crmId, item.dealsideId) : undefined;
      if (found) {
        results.push({ ok: true, crmId: found, objectType: 'Notes', created: false });
        continue;
      }
      const when = new Date(Date.parse(item.at)).toISOString().slice(0, 16).replace('T', ' ');
      const title = `${item.subject ?? TOUCH_TITLE[item.type]}`.slice(0, 120);
      const lines = [`${TOUCH_TITLE[item.type]} · ${when} UTC${item.durationMin !== undefined ? ` · ${Math.round(item.durationMin)} min` : ''} · ${item.direction}`, item.body ?? '', activityMarker(item.dealsideId)].filter(Boolean);
      try {
        const { body } = await this.http.request<{ data?: RecordAnswer[] }>({
          method: 'POST',
          url: `${ZOHO_API}/Notes`,
          body: { data: [{ Note_Title: title, Note_Content: lines.join('\n\n'), Parent_Id: { module: { api_name: parent.module }, id: parent.ref.crmId } }] },
          accept: [400],
        });
        const a = body?.data?.[0];
        results.push(a?.status === 'success' && typeof a.details?.id === 'string' ? { ok: true, crmId: a.details.id, objectType: 'Notes', created: true } : { ok: false, error: recordError(a) });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }
}
