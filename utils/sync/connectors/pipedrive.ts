// Pipedrive connector (API token; persons, organizations, deals, products).
//
// Pull: API v2 lists with `updated_since` and `sort_by=update_time`, 500 per page, following
// `additional_data.next_cursor`; the next read starts at the newest update_time seen (ids read at
// that second are skipped). Custom fields are read and written by their 40-character keys.
//
// Push: v2 PATCH per record (Pipedrive has no batch update), after a v2 read by ids that checks
// nobody changed the same fields meanwhile. Creates look for our id first (search on the
// "Dealside id" custom field, and on a retry also the records updated since the first attempt —
// the search index can lag), then POST. Links: org_id / person_id, and deal participants when a
// deal already has another contact.
//
// Owners: persons, organizations, deals and leads carry `owner_id`, a user id (an integer in API
// v2 and on leads; an object {id, name, …, value} in v1 answers — both are read). The company's
// users (GET /v1/users, inactive ones too) are read first on every pull as `pipedrive-user-<id>`,
// the id adoptCrmUser gives the users/me user. A create goes with the chosen owner when they are
// one of the company's users, else Pipedrive makes the token's user the owner.
//
// Limits: a rolling 2-second burst window per token and the company's daily token budget, both
// from the x-ratelimit-* and x-daily-ratelimit-token-* headers; search has its own lower burst.
import type { CrmSystem, LoggedTouchType } from '../../domain/entities';
import { BANT_FIELDS, normalizeField, type FieldSpec, type FieldValue, type SyncEntity } from '../../domain/fields/recordFields';
import type { ConnectionRecord, PullCursor } from '../../store/syncRecords';
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
  type RemoteLine,
  type RemoteRecord,
  type RemoteRef,
  type RoleItem,
  type RoleOptions,
  type RoleRef,
  type UpdateItem,
  roleKey,
  crmUserId,
  crmUserIdOf,
} from '../connector';
import { COMMITTEE_ROLES } from '../../domain/committee/roles';
import { PIPEDRIVE_ROLE_FIELD_NAME, ROLE_CRM_LABELS, type RoleMap } from '../../domain/fields/roleFields';
import { activityMarker, hasActivityMarker } from '../activities';
import { pipedriveLine } from './lines';

/** the activity type a logged touch becomes (Pipedrive's default types); a note is a note */
const PD_ACTIVITY_TYPE: Record<Exclude<LoggedTouchType, 'note'>, string> = { call: 'call', 'email-sent': 'email', 'email-replied': 'email', meeting: 'meeting' };
const PD_TOUCH_SUBJECT: Record<LoggedTouchType, string> = { call: 'Call', 'email-sent': 'E-mail', 'email-replied': 'E-mail reply', meeting: 'Meeting', note: 'Note' };
/** an activity's or note's links, and where their lists are read */
const PD_LINKS = [
  ['person', 'person_id', 'persons'],
  ['deal', 'deal_id', 'deals'],
  ['account', 'org_id', 'organizations'],
] as const;

type PdType = 'persons' | 'organizations' | 'deals' | 'products';
const TYPE_OF: Record<SyncEntity, PdType> = { person: 'persons', account: 'organizations', deal: 'deals', product: 'products' };
const FIELDS_ROUTE: Record<PdType, string> = { persons: 'personFields', organizations: 'organizationFields', deals: 'dealFields', products: 'productFields' };
export const PIPEDRIVE_OBJECT_TYPE: Record<SyncEntity, string> = { person: 'person', account: 'organization', deal: 'deal', product: 'product' };
/** the pseudo-field under which the field map keeps the key of the "Dealside id" custom field */
export const PIPEDRIVE_ID_FIELD = 'dealsideId';
const ID_FIELD_NAME = 'Dealside id';
/** the person custom field that holds the LinkedIn profile (found by name, else created on connect) */
export const PIPEDRIVE_LINKEDIN_FIELD_NAME = 'LinkedIn';
const PAGE = 500;
/** crm deletions: how often /v1/recents is read */
export const PIPEDRIVE_DELETED_EVERY_MS = 15 * 60_000;
/** a Pipedrive lead, as our crmRefs name its object */
export const PIPEDRIVE_LEAD_OBJECT = 'lead';
type PdLead = Record<string, unknown> & { id: string; title?: string; update_time: string; is_archived?: boolean; value?: { amount?: number; currency?: string } | null };

/** the record owner (a user id) on persons, organizations, deals and leads */
export const PIPEDRIVE_OWNER = CRM_OWNER_FIELD.pipedrive!;

/** The UTC day of a Pipedrive time ("2026-04-30T10:00:00Z" in v2, "2026-04-30 10:00:00" in v1), if it is one. */
function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : undefined;
}

/** A user id in an owner_id: an integer (API v2, leads) or v1's object {id, value, name, …}. */
function ownerOf(raw: unknown): string | undefined {
  const v = raw && typeof raw === 'object' ? ((raw as { id?: unknown; value?: unknown }).id ?? (raw as { value?: unknown }).value) : raw;
  return typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? String(v) : undefined;
}

/** Our user id → the owner_id to send, when the user is one of this company's. */
function toOwnerId(value: FieldValue): number | undefined {
  const id = crmUserIdOf('pipedrive', value);
  return id && /^\d+$/.test(id) ? Number(id) : undefined;
}

export const PIPEDRIVE_DEFAULT_FIELDS: Record<SyncEntity, Record<string, string>> = {
  person: { firstName: 'first_name', lastName: 'last_name', email: 'emails', phone: 'phones', title: 'job_title', ownerId: PIPEDRIVE_OWNER },
  account: { name: 'name', country: 'address.country', city: 'address.locality', ownerId: PIPEDRIVE_OWNER },
  deal: { name: 'title', amount: 'value', currency: 'currency', stage: 'stage', closeDate: 'expected_close_date', ownerId: PIPEDRIVE_OWNER },
  product: { name: 'name', listPrice: 'prices.price', currency: 'prices.currency', unit: 'unit' },
};

type PdObject = Record<string, unknown> & { id: number; update_time: string; custom_fields?: Record<string, unknown> };
type PdAnswer<T> = { success: boolean; data: T; additional_data?: { next_cursor?: string | null; pagination?: { more_items_in_collection?: boolean; next_start?: number } } | null };

export function describePipedriveError(status: number, body: unknown): string {
  const b = body as { error?: string; error_info?: string } | null;
  if (b && typeof b === 'object' && typeof b.error === 'string') return b.error;
  return `HTTP ${status}`;
}

function pdFieldType(spec: FieldSpec): string {
  if (spec.type === 'number') return 'double';
  if (spec.type === 'date') return 'date';
  return spec.type === 'string' ? 'text' : 'varchar';
}

export class PipedriveConnector implements CrmConnector {
  readonly system: CrmSystem = 'pipedrive';
  readonly batchSize = 100;
  readonly streams: readonly PullStream[] = [
    // the users first: the records' owner_id name them
    { name: 'users', entity: 'user', order: -1 },
    { name: 'products', entity: 'product', order: 0 },
    { name: 'organizations', entity: 'account', order: 1 },
    { name: 'persons', entity: 'person', order: 2 },
    { name: 'deals', entity: 'deal', order: 3 },
    // the Leads inbox: deals of ours with objectType 'lead' (see pullLeads)
    { name: 'leads', entity: 'deal', order: 4 },
    // crm deletions: /v1/recents every 15 minutes (see pullDeleted)
    { name: 'deleted', entity: 'deal', order: 10, everyMs: PIPEDRIVE_DELETED_EVERY_MS },
  ];

  constructor(
    readonly connection: ConnectionRecord,
    readonly http: HttpClient,
  ) {}

  private map(entity: SyncEntity): Record<string, string> {
    const m = { ...mappedFields(this.connection, entity) };
    delete m[PIPEDRIVE_ID_FIELD];
    return m;
  }

  private idKey(entity: SyncEntity): string | undefined {
    return mappedFields(this.connection, entity)[PIPEDRIVE_ID_FIELD]?.replace(/^custom_fields\./, '');
  }

  // ----- values -------------------------------------------------------------------------------

  private get(o: PdObject, path: string): unknown {
    if (path.startsWith('custom_fields.')) return o.custom_fields?.[path.slice('custom_fields.'.length)] ?? null;
    if (path === 'emails' || path === 'phones') {
      const list = (o[path] as Array<{ value: string; primary?: boolean }> | undefined) ?? [];
      return (list.find((x) => x.primary) ?? list[0])?.value ?? null;
    }
    if (path.startsWith('prices.')) return ((o.prices as Array<Record<string, unknown>> | undefined) ?? [])[0]?.[path.slice(7)] ?? null;
    if (path.startsWith('address.')) return (o.address as Record<string, unknown> | null | undefined)?.[path.slice(8)] ?? null;
    return o[path] ?? null;
  }

  private stageFromPd(o: PdObject): FieldValue {
    if (o.status === 'won') return 'closed-won';
    if (o.status === 'lost') return 'closed-lost';
    return this.connection.stageMap?.[String(o.stage_id)] ?? null;
  }

  private fromPd(entity: SyncEntity, o: PdObject, field: string, path: string): FieldValue {
    if (entity === 'deal' && field === 'stage') return this.stageFromPd(o);
    if (field === 'ownerId') {
      const id = ownerOf(o[path]);
      return id ? crmUserId('pipedrive', id) : null;
    }
    return normalizeField(entity, field, this.get(o, path));
  }

  /** Our values → a v2 request body (merged into `current` for lists such as e-mails). */
  private body(entity: SyncEntity, fields: Record<string, FieldValue>, current?: PdObject): Record<string, unknown> {
    const map = this.map(entity);
    const out: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const path = map[field];
      if (!path) continue;
      if (field === 'ownerId') {
        // someone who is not one of this company's users: Pipedrive keeps (or gives) its own owner
        const owner = toOwnerId(value);
        if (owner !== undefined) out[path] = owner;
        continue;
      }
      if (entity === 'deal' && field === 'stage') {
        if (value === 'closed-won') out.status = 'won';
        else if (value === 'closed-lost') out.status = 'lost';
        else {
          out.status = 'open';
          const stageId = Object.entries(this.connection.stageMap ?? {}).find(([, s]) => s === value)?.[0];
          if (stageId) out.stage_id = Number(stageId);
        }
      } else if (path.startsWith('custom_fields.')) custom[path.slice(14)] = value === null ? null : typeof value === 'boolean' ? String(value) : value;
      else if (path === 'emails' || path === 'phones') {
        const others = ((current?.[path] as Array<{ value: string; primary?: boolean; label?: string }> | undefined) ?? []).filter((x) => !x.primary && x.value !== value);
        out[path] = value === null ? others : [{ value, primary: true, label: 'work' }, ...others];
      } else if (path.startsWith('prices.')) {
        const price = { ...(((out.prices as Array<Record<string, unknown>> | undefined) ?? (current?.prices as Array<Record<string, unknown>> | undefined) ?? [])[0] ?? {}), [path.slice(7)]: value };
        out.prices = [price];
      } else if (path.startsWith('address.')) {
        out.address = { ...((out.address as Record<string, unknown> | undefined) ?? (current?.address as Record<string, unknown> | undefined) ?? {}), [path.slice(8)]: value };
      } else out[path] = value;
    }
    if (entity === 'person' && ('first_name' in out || 'last_name' in out)) {
      const first = 'first_name' in out ? out.first_name : current?.first_name;
      const last = 'last_name' in out ? out.last_name : current?.last_name;
      out.name = `${String(first ?? '')} ${String(last ?? '')}`.trim() || '(no name)';
    }
    if (Object.keys(custom).length) out.custom_fields = custom;
    return out;
  }

  // ----- connect ------------------------------------------------------------------------------

  private async fieldsOf(type: PdType): Promise<Array<{ key: string; name: string; field_type: string; edit_flag?: boolean; options?: Array<{ label: string }> }>> {
    const out: Array<{ key: string; name: string; field_type: string; edit_flag?: boolean }> = [];
    let start = 0;
    for (;;) {
      const { body } = await this.http.request<PdAnswer<Array<{ key: string; name: string; field_type: string; edit_flag?: boolean }>>>({ method: 'GET', url: `/v1/${FIELDS_ROUTE[type]}`, query: { start, limit: 500 } });
      out.push(...(body.data ?? []));
      const p = body.additional_data?.pagination;
      if (!p?.more_items_in_collection || p.next_start === undefined) return out;
      start = p.next_start;
    }
  }

  async connect(): Promise<ConnectResult> {
    const { body: me } = await this.http.request<PdAnswer<{ id?: number; name?: string; email?: string; company_id: number; company_name: string; company_domain: string }>>({ method: 'GET', url: '/v1/users/me' });
    const notes: string[] = [];
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    let idField = true;
    let bantComplete = true;
    let createdAny = false;
    for (const entity of ['account', 'person', 'deal', 'product'] as const) {
      const type = TYPE_OF[entity];
      const existing = new Map((await this.fieldsOf(type)).map((f) => [f.name.toLowerCase() === PIPEDRIVE_LINKEDIN_FIELD_NAME.toLowerCase() ? PIPEDRIVE_LINKEDIN_FIELD_NAME : f.name, f.key]));
      const wanted: Array<{ name: string; fieldType: string; canonical: string }> = [];
      if (entity !== 'product') wanted.push({ name: ID_FIELD_NAME, fieldType: 'varchar', canonical: PIPEDRIVE_ID_FIELD });
      if (entity === 'person') wanted.push({ name: PIPEDRIVE_LINKEDIN_FIELD_NAME, fieldType: 'varchar', canonical: 'linkedinUrl' });
      if (entity === 'deal' || entity === 'person') {
        for (const [field, spec] of Object.entries(BANT_FIELDS)) wanted.push({ name: `Dealside: ${spec.label}`, fieldType: pdFieldType(spec), canonical: field });
      }
      const map: Record<string, string> = {};
      for (const [canonical, path] of Object.entries(PIPEDRIVE_DEFAULT_FIELDS[entity])) map[canonical] = path;
      let refused = false;
      for (const w of wanted) {
        let key = existing.get(w.name);
        if (!key && !refused) {
          try {
            const { body } = await this.http.request<PdAnswer<{ key: string }>>({ method: 'POST', url: `/v1/${FIELDS_ROUTE[type]}`, body: { name: w.name, field_type: w.fieldType } });
            key = body.data.key;
            createdAny = true;
          } catch (e) {
            if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid')) refused = true;
            else throw e;
          }
        }
        if (key) map[w.canonical] = `custom_fields.${key}`;
        else if (w.canonical === PIPEDRIVE_ID_FIELD) idField = false;
        else if (w.canonical === 'linkedinUrl') notes.push(`Pipedrive has no "${PIPEDRIVE_LINKEDIN_FIELD_NAME}" person field: LinkedIn profile links are not synced until an admin connects once (or adds that field).`);
        else bantComplete = false;
      }
      if (refused) notes.push(`Pipedrive did not let Dealside add its fields to ${type} (only admins can): ask an admin to connect once, or map BANT to existing fields in Options → Connections.`);
      fieldMap[entity] = map;
    }
    return {
      label: `Pipedrive ${me.data.company_name}`,
      stageMap: await this.stageMap(),
      ...(await this.ensureRoleField(notes)),
      account: { id: String(me.data.company_id), name: me.data.company_name, ...(me.data.company_domain ? { uiDomain: `${me.data.company_domain}.pipedrive.com` } : {}) },
      fieldMap,
      // activities and notes have no custom fields: a logged touch carries the marker line
      capabilities: { dealsideIdField: idField, bant: !bantComplete ? 'missing' : createdAny ? 'created' : 'mapped', activityIds: 'marker' },
      ...(me.data.id !== undefined && me.data.name ? { user: { id: String(me.data.id), name: me.data.name, ...(me.data.email ? { email: me.data.email } : {}) } } : {}),
      notes,
    };
  }

  /** Pipeline stages in order, to ours (for connect's stage map). */
  async stageMap(): Promise<Record<string, string>> {
    const { body } = await this.http.request<PdAnswer<Array<{ id: number; order_nr: number; pipeline_id: number }>>>({ method: 'GET', url: '/v1/stages' });
    const ours = ['discovery', 'qualification', 'proposal', 'proposal', 'negotiation'];
    const out: Record<string, string> = {};
    const byPipeline = new Map<number, Array<{ id: number; order_nr: number }>>();
    for (const s of body.data ?? []) byPipeline.set(s.pipeline_id, [...(byPipeline.get(s.pipeline_id) ?? []), s]);
    for (const stages of byPipeline.values()) {
      stages.sort((a, b) => a.order_nr - b.order_nr).forEach((s, i) => (out[String(s.id)] = ours[Math.min(i, ours.length - 1)]!));
    }
    return out;
  }

  // ----- buying-committee roles: a person enum field (Pipedrive has no role per deal) -----------

  private async roleFieldDef(): Promise<{ key: string; name: string; field_type: string; options?: Array<{ id: number; label: string }> } | undefined> {
    const fields = (await this.fieldsOf('persons')) as Array<{ key: string; name: string; field_type: string; options?: Array<{ id: number; label: string }> }>;
    const key = this.connection.roleField;
    return fields.find((f) => (key ? f.key === key : f.name === PIPEDRIVE_ROLE_FIELD_NAME));
  }

  /** The "Buying role" person field: found by name, else created (admins only), its options mapped by label. */
  private async ensureRoleField(notes: string[]): Promise<{ roleField?: string; roleMap: RoleMap }> {
    const fields = (await this.fieldsOf('persons')) as Array<{ key: string; name: string; field_type: string; options?: Array<{ id: number; label: string }> }>;
    let field = fields.find((f) => f.name === PIPEDRIVE_ROLE_FIELD_NAME);
    if (!field) {
      try {
        const { body } = await this.http.request<PdAnswer<{ key: string; name: string; field_type: string; options?: Array<{ id: number; label: string }> }>>({
          method: 'POST',
          url: '/v1/personFields',
          body: { name: PIPEDRIVE_ROLE_FIELD_NAME, field_type: 'enum', options: COMMITTEE_ROLES.map((r) => ({ label: ROLE_CRM_LABELS[r] })) },
        });
        field = body.data;
      } catch (e) {
        if (!(e instanceof SyncError) || (e.code !== 'forbidden' && e.code !== 'invalid')) throw e;
        notes.push(`Pipedrive did not let Dealside add the "${PIPEDRIVE_ROLE_FIELD_NAME}" person field (only admins can): buying-committee roles are not sent until an admin connects once or adds that field (single option).`);
        return { roleMap: {} };
      }
    }
    if (field.field_type !== 'enum') {
      notes.push(`The Pipedrive person field "${PIPEDRIVE_ROLE_FIELD_NAME}" is not a single-option field: buying-committee roles are not sent.`);
      return { roleMap: {} };
    }
    const roleMap: RoleMap = {};
    for (const role of COMMITTEE_ROLES) {
      const option = (field.options ?? []).find((o) => o.label.toLowerCase() === ROLE_CRM_LABELS[role].toLowerCase());
      if (option) roleMap[role] = String(option.id);
    }
    const missing = COMMITTEE_ROLES.filter((r) => !roleMap[r]);
    if (missing.length) notes.push(`The Pipedrive field "${PIPEDRIVE_ROLE_FIELD_NAME}" has no option for ${missing.join(', ')}: choose one in Options → Connections (Buying-committee roles).`);
    return { roleField: field.key, roleMap };
  }

  async describeRoles(): Promise<RoleOptions> {
    const field = await this.roleFieldDef();
    return { options: (field?.options ?? []).map((o) => ({ value: String(o.id), label: o.label })), perPerson: true };
  }

  private roleOf(o: PdObject): string | null {
    const v = this.connection.roleField ? o.custom_fields?.[this.connection.roleField] : undefined;
    return v === null || v === undefined || v === '' ? null : String(v);
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, string | null>> {
    if (!this.connection.roleField) throw new SyncError('unmapped', `No Pipedrive person field holds the buying role ("${PIPEDRIVE_ROLE_FIELD_NAME}"): connect again as an admin, or add the field.`);
    const persons = await this.byIds('persons', [...new Set(items.map((i) => i.person.crmId))]);
    const out = new Map<string, string | null>();
    for (const i of items) {
      const p = persons.get(i.person.crmId);
      if (p) out.set(roleKey(i.deal, i.person), this.roleOf(p)); // a person gone: no key
    }
    return out;
  }

  /** The person's "Buying role" (it is the person's, on every deal). */
  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const key = this.connection.roleField;
    if (!key) throw new SyncError('unmapped', `No Pipedrive person field holds the buying role ("${PIPEDRIVE_ROLE_FIELD_NAME}").`);
    const results: ItemResult[] = [];
    for (const item of items) {
      try {
        await this.http.request({ method: 'PATCH', url: `/api/v2/persons/${item.person.crmId}`, body: { custom_fields: { [key]: item.value === null ? null : Number(item.value) } } });
        results.push({ ok: true });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }

  async describeFields(entity: SyncEntity): Promise<CrmFieldInfo[]> {
    const fields = await this.fieldsOf(TYPE_OF[entity]);
    const mapped = new Map(Object.entries(mappedFields(this.connection, entity)).map(([c, p]) => [p.replace(/^custom_fields\./, ''), c]));
    return fields.map((f) => ({
      name: f.key,
      label: f.name,
      type: f.field_type,
      custom: /^[0-9a-f]{40}$/.test(f.key),
      writable: true,
      ...(mapped.has(f.key) ? { mappedTo: mapped.get(f.key) } : {}),
      ...(f.options?.length ? { options: f.options.map((o) => o.label) } : {}),
    }));
  }

  // ----- pull ---------------------------------------------------------------------------------

  private toRecord(entity: SyncEntity, o: PdObject): RemoteRecord {
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, path] of Object.entries(this.map(entity))) fields[canonical] = this.fromPd(entity, o, canonical, path);
    const key = this.idKey(entity);
    const dealsideId = key ? o.custom_fields?.[key] : undefined;
    const org = o.org_id && typeof o.org_id === 'object' ? (o.org_id as { value?: number }).value : o.org_id;
    return {
      entity,
      ...(entity === 'person' ? { kind: 'contact' as const } : {}),
      objectType: PIPEDRIVE_OBJECT_TYPE[entity],
      crmId: String(o.id),
      modifiedAt: new Date(Date.parse(o.update_time)).toISOString(),
      ...(typeof dealsideId === 'string' && dealsideId ? { dealsideId } : {}),
      fields,
      ...(entity === 'person' || entity === 'deal' ? { links: { accountCrmId: org ? String(org) : null } } : {}),
    };
  }

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const def = this.streams.find((s) => s.name === stream);
    if (!def) throw new Error(`Pipedrive has no stream ${stream}`);
    if (stream === 'leads') {
      yield* this.pullLeads(cursor);
      return;
    }
    if (stream === 'deleted') {
      yield* this.pullDeleted(cursor);
      return;
    }
    if (stream === 'users') {
      yield* this.pullUsers();
      return;
    }
    const type = stream as PdType;
    const mode = cursor?.mode ?? 'full';
    let since = cursor?.since;
    let seen = new Set(cursor?.seenAtHighWater ?? []);
    let highWater = cursor?.highWater ?? since;
    let highIds = new Set<string>(highWater === since ? seen : []);
    let after = cursor?.after;
    for (;;) {
      const res = await this.http.request<PdAnswer<PdObject[]>>({
        method: 'GET',
        url: `/api/v2/${type}`,
        query: { limit: PAGE, sort_by: 'update_time', sort_direction: 'asc', ...(since ? { updated_since: new Date(Math.floor(Date.parse(since) / 1000) * 1000).toISOString().replace('.000Z', 'Z') } : {}), ...(after ? { cursor: after } : {}) },
        accept: after ? [400] : [],
      });
      if (res.status === 400) {
        // the cursor is no longer valid: read again from the newest change seen
        since = highWater;
        seen = new Set(highIds);
        after = undefined;
        continue;
      }
      const sinceMs = since ? Math.floor(Date.parse(since) / 1000) * 1000 : undefined;
      const rows = (res.body.data ?? []).filter((o) => !(sinceMs !== undefined && Date.parse(o.update_time) <= sinceMs && seen.has(String(o.id))));
      for (const o of rows) {
        const ms = Date.parse(o.update_time);
        if (!highWater || ms > Date.parse(highWater)) {
          highWater = new Date(ms).toISOString();
          highIds = new Set([String(o.id)]);
        } else if (ms === Date.parse(highWater)) highIds.add(String(o.id));
      }
      after = res.body.additional_data?.next_cursor ?? undefined;
      const done = !after;
      const next: PullCursor = done
        ? { mode: 'incremental', ...(highWater ? { since: highWater } : {}), seenAtHighWater: [...highIds] }
        : { mode, ...(since ? { since } : {}), seenAtHighWater: [...seen], after: after!, ...(highWater ? { highWater } : {}) };
      const records = rows.map((o) => this.toRecord(def.entity as SyncEntity, o));
      const links =
        type === 'deals'
          ? rows.filter((o) => o.person_id).map((o) => ({ dealCrmId: String(o.id), contactCrmIds: [String(typeof o.person_id === 'object' ? (o.person_id as { value: number }).value : o.person_id)] }))
          : undefined;
      // Buying-committee roles live on the person: people carry theirs; deals their contact person's.
      if (this.connection.roleField && type === 'persons') records.forEach((r, i) => (r.links = { ...(r.links ?? {}), personRole: this.roleOf(rows[i]!) }));
      if (this.connection.roleField && links?.length) {
        const persons = await this.byIds('persons', [...new Set(links.map((l) => l.contactCrmIds[0]!))]);
        for (const l of links) {
          const p = persons.get(l.contactCrmIds[0]!);
          if (p) Object.assign(l, { roles: { [l.contactCrmIds[0]!]: this.roleOf(p) } });
        }
      }
      // a won deal's products: what its organization owns (all of them: they replace the deal's lines)
      // and the day it was won (won_time: expected_close_date is the forecast, often never updated)
      const wonRows = type === 'deals' ? rows.filter((o) => o.status === 'won') : [];
      const lines = wonRows.length > 0 ? await this.dealLines(wonRows.map((o) => String(o.id))) : undefined;
      const all = [
        ...(links ?? []),
        ...wonRows.map((o) => {
          const l = lines?.get(String(o.id));
          const closedAt = dayOf(o.won_time);
          return { dealCrmId: String(o.id), ...(l ? { lines: l, productCrmIds: [...new Set(l.map((x) => x.productCrmId))], replace: true } : {}), ...(closedAt ? { closedAt } : {}) };
        }),
      ];
      yield { records, cursor: next, ...(all.length ? { links: all } : {}) };
      if (done) return;
    }
  }

  /**
   * The products of these deals: GET /api/v2/deals/products?deal_ids=… (at most 100 deals a call,
   * cursor paging). Adding or changing a deal's products updates the deal (its value and update
   * time), so a deal's products are read again when the deal comes in a pull. A company whose
   * plan has no products (403) has none to read: undefined, and the deals' lines stay as they are.
   */
  private async dealLines(dealIds: readonly string[]): Promise<Map<string, RemoteLine[]> | undefined> {
    const out = new Map(dealIds.map((id) => [id, [] as RemoteLine[]]));
    for (let i = 0; i < dealIds.length; i += 100) {
      let cursor: string | undefined;
      do {
        const res = await this.http.request<PdAnswer<Array<Record<string, unknown>>>>({
          method: 'GET',
          url: '/api/v2/deals/products',
          query: { deal_ids: dealIds.slice(i, i + 100).join(','), limit: PAGE, ...(cursor ? { cursor } : {}) },
          accept: [403],
        });
        if (res.status === 403) return undefined;
        for (const row of res.body.data ?? []) {
          const line = pipedriveLine(row);
          if (line) out.get(String(row.deal_id))?.push(line);
        }
        cursor = res.body.additional_data?.next_cursor ?? undefined;
      } while (cursor);
    }
    return out;
  }

  // ----- leads --------------------------------------------------------------------------------

  /** A lead's value of one canonical deal field (leads share the deals' custom fields, top level). */
  private leadValue(l: PdLead, field: string, path: string): FieldValue {
    if (field === 'stage') return l.is_archived ? 'closed-lost' : 'discovery'; // an archived lead was dismissed
    if (path.startsWith('custom_fields.')) return normalizeField('deal', field, l[path.slice(14)] ?? null);
    if (path === 'title') return normalizeField('deal', field, l.title ?? null);
    if (path === 'value') return normalizeField('deal', field, l.value?.amount ?? null);
    if (path === 'currency') return normalizeField('deal', field, l.value?.currency ?? null);
    if (field === 'ownerId') {
      const id = ownerOf(l[path]);
      return id ? crmUserId('pipedrive', id) : null;
    }
    return normalizeField('deal', field, l[path] ?? null);
  }

  private leadRecord(l: PdLead): RemoteRecord {
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, path] of Object.entries(this.map('deal'))) fields[canonical] = this.leadValue(l, canonical, path);
    const key = this.idKey('deal');
    const dealsideId = key ? l[key] : undefined;
    return {
      entity: 'deal',
      objectType: PIPEDRIVE_LEAD_OBJECT,
      crmId: l.id.toLowerCase(),
      modifiedAt: new Date(Date.parse(l.update_time)).toISOString(),
      ...(typeof dealsideId === 'string' && dealsideId ? { dealsideId } : {}),
      fields,
      links: { accountCrmId: l.organization_id ? String(l.organization_id) : null, contactCrmIds: l.person_id ? [String(l.person_id)] : [] },
    };
  }

  /** The company's users (GET /v1/users: all of them, inactive ones too), every pull. */
  private async *pullUsers(): AsyncGenerator<PullPage> {
    const users: NonNullable<PullPage['users']> = [];
    let start = 0;
    for (;;) {
      const { body } = await this.http.request<PdAnswer<Array<{ id: number; name?: string; email?: string }>>>({ method: 'GET', url: '/v1/users', ...(start ? { query: { start } } : {}) });
      for (const u of body.data ?? []) users.push({ id: crmUserId('pipedrive', String(u.id)), name: u.name || u.email || `Pipedrive user ${u.id}`, ...(u.email ? { email: u.email } : {}) });
      const p = body.additional_data?.pagination;
      if (!p?.more_items_in_collection || p.next_start === undefined) break;
      start = p.next_start;
    }
    yield { records: [], users, cursor: { mode: 'incremental', since: new Date(this.http.deps.now()).toISOString() }, total: users.length };
  }

  /**
   * The Leads inbox (archived leads too): GET /v1/leads sorted by update_time, newest first, 500 per
   * page with start/limit; a later read stops at the first lead older than the newest one seen
   * before (ids seen at that instant are skipped). A lead changed while the pages are read moves
   * to the top and is read next time.
   */
  private async *pullLeads(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const since = cursor?.since;
    const sinceMs = since ? Date.parse(since) : undefined;
    const seen = new Set(cursor?.seenAtHighWater ?? []);
    let highWater = cursor?.highWater ?? since;
    let highIds = new Set<string>(highWater === since ? seen : []);
    let start = cursor?.after ? Number(cursor.after) : 0;
    for (;;) {
      const { body } = await this.http.request<PdAnswer<PdLead[]>>({
        method: 'GET',
        url: '/v1/leads',
        query: { start, limit: PAGE, archived_status: 'all', sort: 'update_time DESC' },
      });
      const fresh: PdLead[] = [];
      let reachedOld = false;
      for (const l of body.data ?? []) {
        const ms = Date.parse(l.update_time);
        if (sinceMs !== undefined && ms < sinceMs) {
          reachedOld = true;
          break;
        }
        if (sinceMs !== undefined && ms === sinceMs && seen.has(l.id)) continue;
        fresh.push(l);
        if (!highWater || ms > Date.parse(highWater)) {
          highWater = new Date(ms).toISOString();
          highIds = new Set([l.id]);
        } else if (ms === Date.parse(highWater)) highIds.add(l.id);
      }
      const p = body.additional_data?.pagination;
      const more = !reachedOld && !!p?.more_items_in_collection && p.next_start !== undefined;
      const next: PullCursor = more
        ? { mode: cursor?.mode ?? 'full', ...(since ? { since } : {}), seenAtHighWater: [...seen], after: String(p!.next_start), ...(highWater ? { highWater } : {}) }
        : { mode: 'incremental', ...(highWater ? { since: highWater } : {}), seenAtHighWater: [...highIds] };
      yield { records: fresh.map((l) => this.leadRecord(l)), cursor: next };
      if (!more) return;
      start = p!.next_start!;
    }
  }

  private async readLead(id: string): Promise<PdLead | undefined> {
    const res = await this.http.request<PdAnswer<PdLead>>({ method: 'GET', url: `/v1/leads/${id}`, accept: [404] });
    return res.status === 404 ? undefined : res.body.data;
  }

  /** Our deal fields → a PATCH /v1/leads body (a lead has no stage: that one is not sent). */
  private leadBody(fields: Record<string, FieldValue>, current: PdLead | undefined): Record<string, unknown> {
    const map = this.map('deal');
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const path = map[field];
      if (!path || field === 'stage') continue;
      if (field === 'ownerId') {
        const owner = toOwnerId(value);
        if (owner !== undefined) out[path] = owner;
        continue;
      }
      if (path.startsWith('custom_fields.')) out[path.slice(14)] = value === null ? null : typeof value === 'boolean' ? String(value) : value;
      else if (path === 'value' || path === 'currency') {
        const v = (out.value as { amount?: unknown; currency?: unknown } | undefined) ?? { ...(current?.value ?? {}) };
        if (path === 'value') v.amount = value;
        else v.currency = value;
        out.value = v;
      } else out[path] = value;
    }
    if (out.value && typeof (out.value as { amount?: unknown }).amount !== 'number') out.value = null;
    else if (out.value && !(out.value as { currency?: unknown }).currency) (out.value as { currency?: unknown }).currency = this.connection.account.currency ?? 'EUR';
    return out;
  }

  // ----- deletions ----------------------------------------------------------------------------

  /**
   * Deletions: /v1/recents lists every deal, person and organization changed since a time, deleted
   * ones included (a person or organization with active_flag false, a deal deleted / status
   * 'deleted'), oldest first, 500 per page; the next check starts at the last timestamp read.
   * Leads are not in recents: a deleted lead is seen when Pipedrive answers 404 to a push.
   */
  private async *pullDeleted(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const now = this.http.deps.now();
    const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    const checkedAt = cursor?.after && cursor.checkedAt ? cursor.checkedAt : new Date(now).toISOString();
    const since = cursor?.since ? Date.parse(cursor.since) : now - 86_400_000;
    let start = cursor?.after ? Number(cursor.after) : 0;
    const ENTITY = { deal: 'deal', person: 'person', organization: 'account' } as const;
    for (;;) {
      const { body } = await this.http.request<
        PdAnswer<Array<{ item: string; id: number; data: (Record<string, unknown> & { update_time?: string }) | null }>> & {
          additional_data?: { last_timestamp_on_page?: string; pagination?: { more_items_in_collection?: boolean; next_start?: number } };
        }
      >({ method: 'GET', url: '/v1/recents', query: { since_timestamp: stamp(since), items: 'deal,person,organization', start, limit: PAGE } });
      const deletions = (body.data ?? [])
        .filter((r) => r.item in ENTITY && (r.data === null || r.data.active_flag === false || r.data.deleted === true || r.data.status === 'deleted'))
        .map((r) => {
          const entity = ENTITY[r.item as keyof typeof ENTITY];
          const at = r.data?.update_time ? Date.parse(`${r.data.update_time.replace(' ', 'T').replace(/Z?$/, 'Z')}`) : NaN;
          return { entity, objectType: PIPEDRIVE_OBJECT_TYPE[entity], crmId: String(r.id), ...(Number.isFinite(at) ? { deletedAt: new Date(at).toISOString() } : {}) };
        });
      const p = body.additional_data?.pagination;
      const more = !!p?.more_items_in_collection && p.next_start !== undefined;
      const last = body.additional_data?.last_timestamp_on_page;
      const lastMs = last ? Date.parse(`${last.replace(' ', 'T')}Z`) : NaN;
      const next: PullCursor = more
        ? { mode: 'incremental', since: new Date(since).toISOString(), after: String(p!.next_start), checkedAt }
        : { mode: 'incremental', since: new Date(Number.isFinite(lastMs) ? Math.max(lastMs, since) : since).toISOString(), checkedAt };
      yield { records: [], cursor: next, deletions };
      if (!more) return;
      start = p!.next_start!;
    }
  }

  // ----- push ---------------------------------------------------------------------------------

  private async byIds(type: PdType, ids: readonly string[]): Promise<Map<string, PdObject>> {
    const out = new Map<string, PdObject>();
    for (let i = 0; i < ids.length; i += 100) {
      const { body } = await this.http.request<PdAnswer<PdObject[]>>({ method: 'GET', url: `/api/v2/${type}`, query: { ids: ids.slice(i, i + 100).join(','), limit: 100 } });
      for (const o of body.data ?? []) out.set(String(o.id), o);
    }
    return out;
  }

  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const map = this.map(entity);
    const out = new Map<string, Record<string, FieldValue>>();
    for (const ref of refs.filter((r) => r.objectType === PIPEDRIVE_LEAD_OBJECT)) {
      const lead = await this.readLead(ref.crmId); // no batch read of leads; missing: gone
      if (lead) out.set(ref.crmId, Object.fromEntries(fields.filter((f) => map[f]).map((f) => [f, this.leadValue(lead, f, map[f]!)])));
    }
    refs = refs.filter((r) => r.objectType !== PIPEDRIVE_LEAD_OBJECT);
    if (refs.length === 0) return out;
    const objects = await this.byIds(TYPE_OF[entity], refs.map((r) => r.crmId));
    for (const [id, o] of objects) out.set(id, Object.fromEntries(fields.filter((f) => map[f]).map((f) => [f, this.fromPd(entity, o, f, map[f]!)])));
    return out;
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const type = TYPE_OF[entity];
    // e-mails, phones, prices and the address are lists / objects: merge into what is there
    const map = this.map(entity);
    const needsCurrent = items.some((i) => i.objectType !== PIPEDRIVE_LEAD_OBJECT && Object.keys(i.fields).some((f) => /^(emails|phones|prices\.|address\.)/.test(map[f] ?? '')));
    const current = needsCurrent ? await this.byIds(type, items.filter((i) => i.objectType !== PIPEDRIVE_LEAD_OBJECT).map((i) => i.crmId)) : new Map<string, PdObject>();
    const results: ItemResult[] = [];
    for (const item of items) {
      try {
        if (item.objectType === PIPEDRIVE_LEAD_OBJECT) {
          // BANT and the deal fields of a lead: PATCH /v1/leads/{id} (the value needs its currency)
          const needsValue = Object.keys(item.fields).some((f) => map[f] === 'value' || map[f] === 'currency');
          const body = this.leadBody(item.fields, needsValue ? await this.readLead(item.crmId) : undefined);
          if (Object.keys(body).length > 0) await this.http.request({ method: 'PATCH', url: `/v1/leads/${item.crmId}`, body });
          results.push({ ok: true });
          continue;
        }
        await this.http.request({ method: 'PATCH', url: `/api/v2/${type}/${item.crmId}`, body: this.body(entity, item.fields, current.get(item.crmId)) });
        results.push({ ok: true });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }

  /** Our id in the "Dealside id" field: search first, then (on a retry) the records updated since. */
  private async findOwn(type: PdType, key: string, dealsideId: string, since?: string): Promise<string | undefined> {
    const { body } = await this.http.request<PdAnswer<{ items: Array<{ item: { id: number } }> }>>({
      method: 'GET',
      url: `/api/v2/${type}/search`,
      bucket: 'search',
      query: { term: dealsideId, fields: 'custom_fields', exact_match: true, limit: 2 },
    });
    const hit = body.data?.items?.[0]?.item.id;
    if (hit !== undefined) return String(hit);
    if (!since) return undefined;
    // The search index can lag behind a create whose answer was lost: read the records updated since.
    return this.updatedSince(type, since, (o) => o.custom_fields?.[key] === dealsideId);
  }

  /** The first record updated since (a minute before) `since` that `match` accepts. */
  private async updatedSince(type: PdType, since: string, match: (o: PdObject) => boolean): Promise<string | undefined> {
    let cursor: string | undefined;
    const from = new Date(Date.parse(since) - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (let pages = 0; pages < 20; pages++) {
      const res = await this.http.request<PdAnswer<PdObject[]>>({ method: 'GET', url: `/api/v2/${type}`, query: { updated_since: from, sort_by: 'update_time', limit: PAGE, ...(cursor ? { cursor } : {}) } });
      const found = (res.body.data ?? []).find(match);
      if (found) return String(found.id);
      cursor = res.body.additional_data?.next_cursor ?? undefined;
      if (!cursor) break;
    }
    return undefined;
  }

  /**
   * Without the "Dealside id" field (the token's user could not add it): on a retry, the record
   * made since the first attempt under the same name (and primary e-mail) is the one that attempt
   * made, its answer lost.
   */
  private findMadeSince(type: PdType, body: Record<string, unknown>, since: string): Promise<string | undefined> {
    const name = typeof body.name === 'string' ? body.name : typeof body.title === 'string' ? body.title : undefined;
    if (!name) return Promise.resolve(undefined);
    const email = (body.emails as Array<{ value: string; primary?: boolean }> | undefined)?.find((e) => e.primary)?.value;
    const after = Date.parse(since) - 60_000;
    return this.updatedSince(type, since, (o) => {
      if ((o.name ?? o.title) !== name) return false;
      const added = Date.parse(String(o.add_time ?? '').replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(o.add_time ?? '')) ? '' : 'Z'));
      if (Number.isFinite(added) && added < after) return false;
      if (email && !((o.emails as Array<{ value: string }> | undefined) ?? []).some((e) => e.value === email)) return false;
      return true;
    });
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const type = TYPE_OF[entity];
    const key = this.idKey(entity);
    const results: CreateResult[] = [];
    for (const item of items) {
      try {
        if (key) {
          const existing = await this.findOwn(type, key, item.dealsideId, item.retrySince);
          if (existing) {
            results.push({ ok: true, crmId: existing, objectType: PIPEDRIVE_OBJECT_TYPE[entity], created: false });
            continue;
          }
        }
        const body = this.body(entity, item.fields);
        if (entity === 'person' && !body.name) body.name = '(no name)';
        if (entity === 'account' && !body.name) body.name = '(no name)';
        if (entity === 'deal' && !body.title) body.title = '(no name)';
        if (!key && item.retrySince) {
          const made = await this.findMadeSince(type, body, item.retrySince);
          if (made) {
            results.push({ ok: true, crmId: made, objectType: PIPEDRIVE_OBJECT_TYPE[entity], created: false });
            continue;
          }
        }
        if (key) body.custom_fields = { ...((body.custom_fields as Record<string, unknown> | undefined) ?? {}), [key]: item.dealsideId };
        const { body: res } = await this.http.request<PdAnswer<PdObject>>({ method: 'POST', url: `/api/v2/${type}`, body });
        results.push({ ok: true, crmId: String(res.data.id), objectType: PIPEDRIVE_OBJECT_TYPE[entity], created: true });
      } catch (e) {
        if (e instanceof SyncError && e.code === 'invalid') results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = [];
    for (const item of items) {
      try {
        if (item.from.objectType === PIPEDRIVE_LEAD_OBJECT) {
          // a lead names one person and one organization
          const body = item.to.entity === 'account' ? { organization_id: Number(item.to.crmId) } : { person_id: Number(item.to.crmId) };
          await this.http.request({ method: 'PATCH', url: `/v1/leads/${item.from.crmId}`, body });
        } else if (item.to.entity === 'account') {
          await this.http.request({ method: 'PATCH', url: `/api/v2/${TYPE_OF[item.from.entity]}/${item.from.crmId}`, body: { org_id: Number(item.to.crmId) } });
        } else if (item.from.entity === 'deal' && item.to.entity === 'person') {
          const { body } = await this.http.request<PdAnswer<PdObject>>({ method: 'GET', url: `/api/v2/deals/${item.from.crmId}` });
          const person = body.data.person_id;
          if (person === null || person === undefined) {
            await this.http.request({ method: 'PATCH', url: `/api/v2/deals/${item.from.crmId}`, body: { person_id: Number(item.to.crmId) } });
          } else if (String(person) !== item.to.crmId) {
            // The deal has its contact person: the others are participants (checked first, never added twice).
            const { body: parts } = await this.http.request<PdAnswer<Array<{ person_id: { value: number } | number }>>>({ method: 'GET', url: `/v1/deals/${item.from.crmId}/participants`, query: { limit: 500 } });
            const present = (parts.data ?? []).some((p) => String(typeof p.person_id === 'object' ? p.person_id.value : p.person_id) === item.to.crmId);
            if (!present) await this.http.request({ method: 'POST', url: `/v1/deals/${item.from.crmId}/participants`, body: { person_id: Number(item.to.crmId) } });
          }
        }
        results.push({ ok: true });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }

  // ----- logged touches: activities and notes -------------------------------------------------

  /** The touch's links as Pipedrive ids (person_id, deal_id, org_id). */
  private touchLinks(item: ActivityItem): Record<'person_id' | 'deal_id' | 'org_id', number> {
    const out: Partial<Record<'person_id' | 'deal_id' | 'org_id', number>> = {};
    for (const [entity, key] of PD_LINKS) {
      const ref = item.links[entity];
      // a Pipedrive lead (deal-to-be) is not an activity's deal
      if (ref && ref.objectType !== PIPEDRIVE_LEAD_OBJECT) out[key] = Number(ref.crmId);
    }
    return out as Record<'person_id' | 'deal_id' | 'org_id', number>;
  }

  /**
   * What an attempt whose answer was lost made: the activities (or notes) of the touch's first
   * record, read for the marker. They are read from the database (no search index): one made is
   * seen at once.
   */
  private async findTouch(item: ActivityItem): Promise<string | undefined> {
    const links = this.touchLinks(item);
    const first = PD_LINKS.find(([, key]) => links[key] !== undefined);
    if (!first) return undefined;
    const [, key, type] = first;
    let start = 0;
    for (let pages = 0; pages < 50; pages++) {
      const { body } = await this.http.request<PdAnswer<Array<{ id: number; note?: string | null; content?: string | null }>>>(
        item.type === 'note'
          ? { method: 'GET', url: '/v1/notes', query: { [key]: links[key], start, limit: 500 } }
          : { method: 'GET', url: `/v1/${type}/${links[key]}/activities`, query: { start, limit: 500 } },
      );
      const hit = (body.data ?? []).find((a) => hasActivityMarker(item.type === 'note' ? a.content : a.note, item.dealsideId));
      if (hit) return String(hit.id);
      const p = body.additional_data?.pagination;
      if (!p?.more_items_in_collection || p.next_start === undefined) return undefined;
      start = p.next_start;
    }
    return undefined;
  }

  /**
   * Touches as activities (call, email, meeting; done, at their time) or notes, with person_id,
   * deal_id and org_id. Activities and notes have no custom fields, so the marker line goes in
   * their text, and a retry reads the record's activities (or notes) for it before creating.
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = [];
    for (const item of items) {
      try {
        const found = item.retrySince ? await this.findTouch(item) : undefined;
        if (found) {
          results.push({ ok: true, crmId: found, objectType: item.type === 'note' ? 'note' : 'activity', created: false });
          continue;
        }
        const text = [item.body ?? '', activityMarker(item.dealsideId)].filter(Boolean).join('\n\n');
        const links = this.touchLinks(item);
        if (Object.keys(links).length === 0) {
          // only a lead from the Leads inbox: Dealside does not log touches on those yet
          results.push({ ok: false, error: new SyncError('invalid', 'Pipedrive: this touch is only on a lead of the Leads inbox, where Dealside does not log touches; log it on the person or the deal.') });
          continue;
        }
        if (item.type === 'note') {
          const content = [item.subject ?? '', text].filter(Boolean).join('\n\n');
          const { body } = await this.http.request<PdAnswer<{ id: number }>>({ method: 'POST', url: '/v1/notes', body: { content, ...links } });
          results.push({ ok: true, crmId: String(body.data.id), objectType: 'note', created: true });
          continue;
        }
        const at = new Date(Date.parse(item.at)).toISOString();
        const minutes = Math.max(0, Math.round(item.durationMin ?? 0));
        const { body } = await this.http.request<PdAnswer<{ id: number }>>({
          method: 'POST',
          url: '/v1/activities',
          body: {
            subject: item.subject ?? PD_TOUCH_SUBJECT[item.type],
            type: PD_ACTIVITY_TYPE[item.type],
            due_date: at.slice(0, 10),
            due_time: at.slice(11, 16), // UTC
            ...(minutes ? { duration: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}` } : {}),
            note: text,
            done: 1,
            ...links,
          },
        });
        results.push({ ok: true, crmId: String(body.data.id), objectType: 'activity', created: true });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }
}
