// HubSpot CRM v3 connector (contacts, companies, deals, products, line items; associations v4).
//
// Pull: a first full read pages through the list endpoint (100 per page, associations inline, no
// result cap); later reads use the search endpoint on the last-modified property (200 per page),
// which returns at most 10,000 results per query, so a long run of changes is read as several
// queries, each starting at the newest modification seen (ids already read at that instant are
// skipped). Search has its own limit (5 per second); everything else shares the ten-second window.
//
// Push: batch update (100 per call) after a batch read that checks nobody changed the same fields
// in HubSpot meanwhile; creates are batch upserts by our unique `dealside_id` property, so a retry
// after a lost answer finds the record instead of making a second one; associations use the v4
// default associations, which are idempotent.
//
// Owners: records name their owner in `hubspot_owner_id`, which holds an OWNER id (GET
// /crm/v3/owners), not the user id HubSpot's OAuth token info and settings speak of. Our user id is
// `hubspot-user-<userId>` (adoptCrmUser's form), so the signed-in user and the owner of their records
// are one user; the owners read at the start of every pull (the `owners` stream, active and
// deactivated owners) translate between the two. An owner not listed reads as no owner.
//
// BANT lives in properties of a "Dealside qualification" group on deals and contacts, created on
// connect when the token has the crm.schemas.*.write scopes, else mapped to properties an admin
// created with the same names.
import * as z from 'zod/mini';
import type { CrmSystem, LoggedTouchType } from '../../domain/entities';
import {
  BANT_FIELDS,
  normalizeField,
  specOf,
  type FieldSpec,
  type FieldValue,
  type SyncEntity,
} from '../../domain/fields/recordFields';
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
  type RemoteUser,
  type RoleItem,
  type RoleOptions,
  type RoleRef,
  type UpdateItem,
  roleKey,
  crmUserId,
} from '../connector';
import { COMMITTEE_ROLES, type CommitteeRole } from '../../domain/committee/roles';
import { ROLE_CRM_LABELS, hubspotRoleLabelName, type RoleMap } from '../../domain/fields/roleFields';
import { activityMarker, hasActivityMarker } from '../activities';
import { HUBSPOT_LINE_PROPERTIES, hubspotLine } from './lines';

export const HUBSPOT_API = 'https://api.hubapi.com';
export const HUBSPOT_DEALSIDE_ID = 'dealside_id';
export const HUBSPOT_GROUP = 'dealside';
/** the record owner property on contacts, companies and deals (an owner id of GET /crm/v3/owners) */
export const HUBSPOT_OWNER = CRM_OWNER_FIELD.hubspot!;
/** owners per page (GET /crm/v3/owners takes at most 500) */
const OWNERS_PAGE = 500;
/** HubSpot's own contact property for the LinkedIn profile ("LinkedIn URL"), mapped when the portal has it */
export const HUBSPOT_LINKEDIN = 'hs_linkedin_url';
/** created on connect in a portal without hs_linkedin_url */
export const HUBSPOT_DEALSIDE_LINKEDIN = 'dealside_linkedin_url';

/** HubSpot's engagement objects a logged touch becomes (CRM v3 objects) */
export type HsEngagement = 'calls' | 'emails' | 'meetings' | 'notes';
type HsType = 'contacts' | 'companies' | 'deals' | 'products' | 'line_items' | HsEngagement;
const ENGAGEMENTS: readonly HsEngagement[] = ['calls', 'emails', 'meetings', 'notes'];
export const HUBSPOT_ENGAGEMENT_OF: Record<LoggedTouchType, HsEngagement> = { call: 'calls', 'email-sent': 'emails', 'email-replied': 'emails', meeting: 'meetings', note: 'notes' };
/** the object type ids our crmRefs use for engagements */
export const HUBSPOT_ENGAGEMENT_TYPE_ID: Record<HsEngagement, string> = { calls: '0-48', emails: '0-49', meetings: '0-47', notes: '0-46' };
/** HubSpot-defined default association type ids, engagement → contact / company / deal */
export const HUBSPOT_ENGAGEMENT_ASSOCIATIONS: Record<HsEngagement, Record<'contacts' | 'companies' | 'deals', number>> = {
  calls: { contacts: 194, companies: 182, deals: 206 },
  emails: { contacts: 198, companies: 186, deals: 210 },
  meetings: { contacts: 200, companies: 188, deals: 212 },
  notes: { contacts: 202, companies: 190, deals: 214 },
};
/** the engagement's text property (where a marker goes when there is no dealside_id) */
const BODY_OF: Record<HsEngagement, string> = { calls: 'hs_call_body', emails: 'hs_email_text', meetings: 'hs_meeting_body', notes: 'hs_note_body' };
const TYPE_OF: Record<SyncEntity, HsType> = { account: 'companies', person: 'contacts', deal: 'deals', product: 'products' };
/** the object type ids our crmRefs use (and HubSpot's record URLs) */
export const HUBSPOT_OBJECT_TYPE: Record<SyncEntity, string> = { account: '0-2', person: '0-1', deal: '0-3', product: '0-7' };
const MODIFIED: Record<HsType, string> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  products: 'hs_lastmodifieddate',
  line_items: 'hs_lastmodifieddate',
  calls: 'hs_lastmodifieddate',
  emails: 'hs_lastmodifieddate',
  meetings: 'hs_lastmodifieddate',
  notes: 'hs_lastmodifieddate',
};
const SEARCH_CAP = 10_000;
/** a company's parent company (HubSpot's parent/child company association, as a read-only property) */
const HUBSPOT_PARENT_COMPANY = 'hs_parent_company_id';
/** crm deletions: how often the recycle bin is read */
export const HUBSPOT_ARCHIVED_EVERY_MS = 3 * 3_600_000;
const SEARCH_PAGE = 200;
const LIST_PAGE = 100;

export function hubspotBantProperty(field: string): string {
  return `dealside_${field.slice('bant.'.length).replace(/\./g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

export const HUBSPOT_DEFAULT_FIELDS: Record<SyncEntity, Record<string, string>> = {
  account: { name: 'name', domain: 'domain', industry: 'industry', employees: 'numberofemployees', country: 'country', city: 'city', ownerId: HUBSPOT_OWNER },
  person: { firstName: 'firstname', lastName: 'lastname', email: 'email', phone: 'phone', title: 'jobtitle', companyName: 'company', country: 'country', city: 'city', linkedinUrl: HUBSPOT_LINKEDIN, ownerId: HUBSPOT_OWNER },
  deal: { name: 'dealname', amount: 'amount', currency: 'deal_currency_code', stage: 'dealstage', closeDate: 'closedate', ownerId: HUBSPOT_OWNER },
  product: { name: 'name', listPrice: 'price' },
};

/** HubSpot's default sales pipeline, to our stages. */
export const HUBSPOT_DEFAULT_STAGES: Record<string, string> = {
  appointmentscheduled: 'discovery',
  qualifiedtobuy: 'qualification',
  presentationscheduled: 'proposal',
  decisionmakerboughtin: 'proposal',
  contractsent: 'negotiation',
  closedwon: 'closed-won',
  closedlost: 'closed-lost',
};

/** GET /crm/v3/owners: `id` is what records hold, `userId` the user (null once deactivated) */
/** GET /oauth/v1/access-tokens/{token}: the fields read (HubSpot sends more) */
const TOKEN_METADATA = z.object({ user_id: z.optional(z.int()), user: z.optional(z.string()), hub_id: z.optional(z.int()) });
/** GET /crm/v3/owners?email=: the fields read */
const OWNER_PAGE = z.object({ results: z.array(z.object({ firstName: z.nullish(z.string()), lastName: z.nullish(z.string()) })) });

type HsOwner = { id: string; email?: string | null; firstName?: string | null; lastName?: string | null; userId?: number | null; userIdIncludingInactive?: number | null; archived?: boolean };

type HsObject = { id: string; properties: Record<string, string | null>; createdAt: string; updatedAt: string; archived?: boolean; archivedAt?: string; associations?: Record<string, { results: Array<{ id: string; type: string }> }> };
type BatchAnswer<T> = { status: string; results: T[]; errors?: Array<{ category: string; message: string; context?: Record<string, string[]> }> };

export function describeHubspotError(status: number, body: unknown): string {
  const b = body as { message?: string; category?: string; correlationId?: string; policyName?: string } | null;
  if (b && typeof b === 'object' && typeof b.message === 'string') {
    const tag = b.policyName ?? b.category;
    return `${b.message}${tag ? ` [${tag}]` : ''}${b.correlationId ? ` (correlation id ${b.correlationId})` : ''}`;
  }
  return `HTTP ${status}`;
}

function hsPropertyType(spec: FieldSpec): { type: string; fieldType: string; options?: Array<{ label: string; value: string; displayOrder: number }> } {
  switch (spec.type) {
    case 'number':
      return { type: 'number', fieldType: 'number' };
    case 'boolean':
      return { type: 'bool', fieldType: 'booleancheckbox', options: [{ label: 'Yes', value: 'true', displayOrder: 0 }, { label: 'No', value: 'false', displayOrder: 1 }] };
    case 'date':
      return { type: 'date', fieldType: 'date' };
    case 'enum':
      return { type: 'enumeration', fieldType: 'select', options: (spec.options ?? []).map((o, i) => ({ label: o, value: o, displayOrder: i })) };
    default:
      return { type: 'string', fieldType: 'textarea' };
  }
}

export class HubspotConnector implements CrmConnector {
  readonly system: CrmSystem = 'hubspot';
  readonly batchSize = 100;
  private readonly allStreams: readonly PullStream[] = [
    // the owners first: the records' hubspot_owner_id are translated through them
    { name: 'owners', entity: 'user', order: -1 },
    { name: 'products', entity: 'product', order: 0 },
    { name: 'companies', entity: 'account', order: 1 },
    { name: 'contacts', entity: 'person', order: 2 },
    { name: 'deals', entity: 'deal', order: 3 },
    { name: 'line_items', entity: 'deal', order: 4 },
    // crm deletions: the recycle bin of each object, every 3 hours (see pullArchived)
    { name: 'archived_companies', entity: 'account', order: 10, everyMs: HUBSPOT_ARCHIVED_EVERY_MS },
    { name: 'archived_contacts', entity: 'person', order: 10, everyMs: HUBSPOT_ARCHIVED_EVERY_MS },
    { name: 'archived_deals', entity: 'deal', order: 10, everyMs: HUBSPOT_ARCHIVED_EVERY_MS },
  ];

  constructor(
    readonly connection: ConnectionRecord,
    readonly http: HttpClient,
  ) {}

  /** Products and line items only when the token may read them (the e-commerce scope). */
  get streams(): readonly PullStream[] {
    if (this.connection.capabilities.products !== false) return this.allStreams;
    return this.allStreams.filter((s) => s.name !== 'products' && s.name !== 'line_items');
  }

  // ----- mapping ------------------------------------------------------------------------------

  private map(entity: SyncEntity): Record<string, string> {
    return mappedFields(this.connection, entity);
  }

  /**
   * Whom an OAuth access token belongs to: HubSpot's token metadata (the user who installed the
   * app: their user id and e-mail), named as the portal's owner list names them. undefined for a
   * private app's token, which belongs to no user (the user is asked instead).
   */
  async tokenOwner(accessToken: string): Promise<{ id: string; name: string; email?: string } | undefined> {
    const { status, body } = await this.http.request<unknown>({ method: 'GET', url: `/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`, accept: [400, 404] });
    if (status !== 200) return undefined;
    const meta = TOKEN_METADATA.safeParse(body);
    if (!meta.success || meta.data.user_id === undefined) return undefined;
    const email = meta.data.user;
    let name: string | undefined;
    if (email) {
      try {
        const { body: owners } = await this.http.request<unknown>({ method: 'GET', url: '/crm/v3/owners', query: { email, limit: 1 } });
        const owner = OWNER_PAGE.safeParse(owners).data?.results[0];
        name = [owner?.firstName, owner?.lastName].filter((p) => p && p.trim()).join(' ').trim() || undefined;
      } catch (e) {
        // without the owners scope the e-mail names the user
        if (!(e instanceof SyncError && e.code === 'forbidden')) throw e;
      }
    }
    return { id: String(meta.data.user_id), name: name ?? email ?? `HubSpot user ${meta.data.user_id}`, ...(email ? { email } : {}) };
  }

  /** owner id ↔ our user id, once the owners are read (this run) */
  private ownerIds?: { byOwner: Map<string, string>; byUser: Map<string, string> };
  private ownersLoad?: Promise<HsOwner[]>;

  /** Every owner, active and deactivated (archived), paging through GET /crm/v3/owners. */
  private async readOwners(): Promise<HsOwner[]> {
    const out: HsOwner[] = [];
    for (const archived of [false, true]) {
      let after: string | undefined;
      do {
        let body: { results: HsOwner[]; paging?: { next?: { after: string } } };
        try {
          ({ body } = await this.http.request<typeof body>({ method: 'GET', url: '/crm/v3/owners', query: { limit: OWNERS_PAGE, after, archived } }));
        } catch (e) {
          // a token without the crm.objects.owners.read scope: records sync without owners
          if (e instanceof SyncError && e.code === 'forbidden') return out;
          throw e;
        }
        out.push(...body.results.map((o) => ({ ...o, archived })));
        after = body.paging?.next?.after;
      } while (after);
    }
    return out;
  }

  /** The owners, read once per connector (a connector lives for one engine run). */
  private async owners(): Promise<HsOwner[]> {
    this.ownersLoad ??= this.readOwners().then((owners) => {
      const byOwner = new Map<string, string>();
      const byUser = new Map<string, string>();
      for (const o of owners) {
        const userId = o.userId ?? o.userIdIncludingInactive;
        if (userId === null || userId === undefined) continue; // no user behind it: not someone we can name
        const ours = crmUserId('hubspot', String(userId));
        byOwner.set(String(o.id), ours);
        // an active owner wins over a deactivated one of the same user
        if (!o.archived || !byUser.has(ours)) byUser.set(ours, String(o.id));
      }
      this.ownerIds = { byOwner, byUser };
      return owners;
    });
    try {
      return await this.ownersLoad;
    } catch (e) {
      this.ownersLoad = undefined;
      throw e;
    }
  }

  private async *pullOwners(): AsyncGenerator<PullPage> {
    this.ownersLoad = undefined; // read them afresh on every pull
    const owners = await this.owners();
    const users = new Map<string, RemoteUser>();
    for (const o of owners) {
      const id = this.ownerIds?.byOwner.get(String(o.id));
      if (!id || (o.archived && users.has(id))) continue;
      const name = [o.firstName, o.lastName].filter((p) => p && p.trim()).join(' ').trim() || o.email || `HubSpot user ${id.slice('hubspot-user-'.length)}`;
      users.set(id, { id, name, ...(o.email ? { email: o.email } : {}) });
    }
    yield { records: [], users: [...users.values()], cursor: { mode: 'incremental', since: new Date(this.http.deps.now()).toISOString() } };
  }

  private stages(): Record<string, string> {
    return this.connection.stageMap ?? HUBSPOT_DEFAULT_STAGES;
  }

  /** The property's value; undefined: not sent (an owner who is not one of this portal's). */
  toHubspot(entity: SyncEntity, field: string, value: FieldValue): string | undefined {
    if (value === null) return '';
    if (field === 'ownerId') return this.ownerIds?.byUser.get(String(value));
    if (entity === 'deal' && field === 'stage') {
      return Object.entries(this.stages()).find(([, ours]) => ours === value)?.[0] ?? String(value);
    }
    return String(value);
  }

  fromHubspot(entity: SyncEntity, field: string, raw: string | null | undefined): FieldValue {
    if (entity === 'deal' && field === 'stage') return raw ? (this.stages()[raw] ?? null) : null;
    if (field === 'ownerId') return raw ? (this.ownerIds?.byOwner.get(raw) ?? null) : null;
    return normalizeField(entity, field, raw);
  }

  private propertiesFor(entity: SyncEntity, fields: readonly string[]): Record<string, string> {
    const map = this.map(entity);
    const out: Record<string, string> = {};
    for (const f of fields) if (map[f]) out[f] = map[f]!;
    return out;
  }

  private toRecord(entity: SyncEntity, o: HsObject): RemoteRecord {
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, prop] of Object.entries(this.map(entity))) {
      if (prop in o.properties) fields[canonical] = this.fromHubspot(entity, canonical, o.properties[prop]);
    }
    const dealsideId = o.properties[HUBSPOT_DEALSIDE_ID] ?? undefined;
    return {
      entity,
      ...(entity === 'person' ? { kind: 'contact' as const } : {}),
      objectType: HUBSPOT_OBJECT_TYPE[entity],
      crmId: o.id,
      modifiedAt: o.properties[MODIFIED[TYPE_OF[entity]]] ?? o.updatedAt,
      ...(dealsideId ? { dealsideId } : {}),
      ...(o.archived ? { archived: true } : {}),
      fields,
      ...(entity === 'account' && HUBSPOT_PARENT_COMPANY in o.properties ? { links: { parentAccountCrmId: o.properties[HUBSPOT_PARENT_COMPANY] || null } } : {}),
    };
  }

  // ----- connect ------------------------------------------------------------------------------

  async connect(): Promise<ConnectResult> {
    const { body: account } = await this.http.request<{ portalId: number; companyCurrency?: string; uiDomain?: string }>({ method: 'GET', url: '/account-info/v3/details' });
    const notes: string[] = [];
    let idField = true;
    let bantComplete = true;
    let createdAny = false;
    let products = true;
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    for (const entity of ['account', 'person', 'deal', 'product'] as const) {
      const type = TYPE_OF[entity];
      let body: { results: Array<{ name: string }> };
      try {
        ({ body } = await this.http.request<{ results: Array<{ name: string }> }>({ method: 'GET', url: `/crm/v3/properties/${type}` }));
      } catch (e) {
        // Products need the e-commerce scope; without it everything else still syncs.
        if (entity === 'product' && e instanceof SyncError && e.code === 'forbidden') {
          products = false;
          fieldMap.product = {};
          notes.push(
            "HubSpot did not let Dealside read products (the token lacks the e-commerce scope): products and the products on deals are not synced, everything else is. Ask a HubSpot admin to add the scope, then press Reconnect.",
          );
          continue;
        }
        throw e;
      }
      const existing = new Set(body.results.map((p) => p.name));
      const wanted: Array<{ name: string; label: string; spec?: FieldSpec; unique?: boolean }> = [];
      if (entity !== 'product') wanted.push({ name: HUBSPOT_DEALSIDE_ID, label: 'Dealside id', unique: true });
      // the LinkedIn profile: HubSpot's own property when the portal has it, else one of ours
      if (entity === 'person' && !existing.has(HUBSPOT_LINKEDIN)) wanted.push({ name: HUBSPOT_DEALSIDE_LINKEDIN, label: 'LinkedIn URL' });
      if (entity === 'deal' || entity === 'person') {
        for (const [field, spec] of Object.entries(BANT_FIELDS)) wanted.push({ name: hubspotBantProperty(field), label: `Dealside: ${spec.label}`, spec });
      }
      const missing = wanted.filter((w) => !existing.has(w.name));
      let allowed = true;
      if (missing.length > 0) {
        allowed = await this.ensureGroup(type);
        for (const w of missing) {
          if (!allowed) break;
          const kind = w.spec ? hsPropertyType(w.spec) : { type: 'string', fieldType: 'text' };
          try {
            await this.http.request({
              method: 'POST',
              url: `/crm/v3/properties/${type}`,
              body: { name: w.name, label: w.label, groupName: HUBSPOT_GROUP, ...kind, ...(w.unique ? { hasUniqueValue: true } : {}) },
              accept: [409],
              idempotent: true,
            });
            existing.add(w.name);
            createdAny = true;
          } catch (e) {
            if (e instanceof SyncError && e.code === 'forbidden') allowed = false;
            else throw e;
          }
        }
      }
      if (entity !== 'product' && !existing.has(HUBSPOT_DEALSIDE_ID)) idField = false;
      const map: Record<string, string> = {};
      for (const [canonical, prop] of Object.entries(HUBSPOT_DEFAULT_FIELDS[entity])) if (existing.has(prop)) map[canonical] = prop;
      if (entity === 'person' && !map.linkedinUrl && existing.has(HUBSPOT_DEALSIDE_LINKEDIN)) map.linkedinUrl = HUBSPOT_DEALSIDE_LINKEDIN;
      if (entity === 'deal' || entity === 'person') {
        for (const f of Object.keys(BANT_FIELDS)) {
          if (existing.has(hubspotBantProperty(f))) map[f] = hubspotBantProperty(f);
          else bantComplete = false;
        }
      }
      if (!allowed) {
        notes.push(
          `HubSpot did not let Dealside create its properties on ${type} (the token lacks the crm.schemas.${type}.write scope). Ask a HubSpot admin to grant it, or map BANT to existing properties in Options → Connections.`,
        );
      }
      fieldMap[entity] = map;
    }
    if (!idField) {
      notes.push('Without the dealside_id property, Dealside looks records up by e-mail, domain or name before it creates them.');
    }
    return {
      label: `HubSpot portal ${account.portalId}`,
      account: { id: String(account.portalId), ...(account.uiDomain ? { uiDomain: account.uiDomain } : {}) },
      fieldMap,
      capabilities: {
        dealsideIdField: idField,
        bant: !bantComplete ? 'missing' : createdAny ? 'created' : 'mapped',
        ...(products ? {} : { products: false }),
        activityIds: await this.ensureActivityIds(notes),
      },
      roleMap: await this.ensureRoleLabels(notes),
      notes,
    };
  }

  /**
   * Logged touches: a unique dealside_id on calls, emails, meetings and notes (upserts), else a plain
   * one (looked up before a retry), else none (a marker in the text). The weakest of the four wins.
   */
  private async ensureActivityIds(notes: string[]): Promise<'unique' | 'field' | 'marker'> {
    const rank = { unique: 2, field: 1, marker: 0 } as const;
    let weakest: 'unique' | 'field' | 'marker' = 'unique';
    for (const type of ENGAGEMENTS) {
      let level: 'unique' | 'field' | 'marker' = 'marker';
      try {
        const { body } = await this.http.request<{ results: Array<{ name: string; hasUniqueValue?: boolean }> }>({ method: 'GET', url: `/crm/v3/properties/${type}` });
        const own = body.results.find((p) => p.name === HUBSPOT_DEALSIDE_ID);
        if (own) level = own.hasUniqueValue ? 'unique' : 'field';
        else if (await this.ensureGroup(type)) {
          for (const unique of [true, false]) {
            try {
              await this.http.request({
                method: 'POST',
                url: `/crm/v3/properties/${type}`,
                body: { name: HUBSPOT_DEALSIDE_ID, label: 'Dealside id', groupName: HUBSPOT_GROUP, type: 'string', fieldType: 'text', ...(unique ? { hasUniqueValue: true } : {}) },
                idempotent: true,
              });
              level = unique ? 'unique' : 'field';
              break;
            } catch (e) {
              // no unique values on this object: a plain property; no schema scope: none
              if (!(e instanceof SyncError) || (e.code !== 'invalid' && e.code !== 'forbidden')) throw e;
              if (e.code === 'forbidden') break;
            }
          }
        }
      } catch (e) {
        if (!(e instanceof SyncError) || e.code !== 'forbidden') throw e;
      }
      if (rank[level] < rank[weakest]) weakest = level;
    }
    if (weakest === 'marker') {
      notes.push('HubSpot did not let Dealside add its dealside_id property to calls, e-mails, meetings and notes: the touches Dealside logs carry a "Dealside ref" line, by which a retry finds them.');
    }
    return weakest;
  }

  private async ensureGroup(type: HsType): Promise<boolean> {
    try {
      await this.http.request({
        method: 'POST',
        url: `/crm/v3/properties/${type}/groups`,
        body: { name: HUBSPOT_GROUP, label: 'Dealside qualification', displayOrder: -1 },
        accept: [409],
        idempotent: true,
      });
      return true;
    } catch (e) {
      if (e instanceof SyncError && e.code === 'forbidden') return false;
      throw e;
    }
  }

  // ----- buying-committee roles: deal → contact association labels ----------------------------

  private async roleLabels(): Promise<Array<{ category: string; typeId: number; label: string | null }>> {
    const { body } = await this.http.request<{ results: Array<{ category: string; typeId: number; label: string | null }> }>({
      method: 'GET',
      url: '/crm/v4/associations/deals/contacts/labels',
    });
    return body.results;
  }

  /** One deal → contact label per role of ours: found by its label, else created when the token may. */
  private async ensureRoleLabels(notes: string[]): Promise<RoleMap> {
    let labels = await this.roleLabels();
    const find = (role: CommitteeRole) => labels.find((l) => l.category === 'USER_DEFINED' && (l.label ?? '').toLowerCase() === ROLE_CRM_LABELS[role].toLowerCase());
    const missing = COMMITTEE_ROLES.filter((r) => !find(r));
    let refused = false;
    for (const role of missing) {
      try {
        await this.http.request({ method: 'POST', url: '/crm/v4/associations/deals/contacts/labels', body: { label: ROLE_CRM_LABELS[role], name: hubspotRoleLabelName(role) } });
      } catch (e) {
        if (e instanceof SyncError && e.code === 'forbidden') {
          refused = true;
          break;
        }
        throw e;
      }
    }
    if (missing.length > 0) labels = await this.roleLabels();
    const map: RoleMap = {};
    for (const role of COMMITTEE_ROLES) {
      const l = find(role);
      if (l) map[role] = String(l.typeId);
    }
    if (refused) {
      notes.push(
        'HubSpot did not let Dealside create deal–contact association labels for buying-committee roles (the token lacks the crm.schemas.deals.write scope). Ask a HubSpot admin to grant it, or map the roles to existing labels in Options → Connections.',
      );
    }
    return map;
  }

  async describeRoles(): Promise<RoleOptions> {
    const labels = await this.roleLabels();
    return { options: labels.filter((l) => l.category === 'USER_DEFINED' && l.label).map((l) => ({ value: String(l.typeId), label: l.label! })), perPerson: false };
  }

  /** deal → contact → the labels (USER_DEFINED type ids) of their association */
  private async dealContactLabels(dealIds: readonly string[]): Promise<Map<string, Map<string, string[]>>> {
    const out = new Map<string, Map<string, string[]>>();
    const ids = [...new Set(dealIds)];
    for (let i = 0; i < ids.length; i += 1000) {
      const { body } = await this.http.request<{ results: Array<{ from: { id: string }; to: Array<{ toObjectId: number | string; associationTypes?: Array<{ category: string; typeId: number }> }> }> }>({
        method: 'POST',
        url: '/crm/v4/associations/deals/contacts/batch/read',
        body: { inputs: ids.slice(i, i + 1000).map((id) => ({ id })) },
        idempotent: true,
        accept: [207],
      });
      for (const r of body.results) {
        const contacts = new Map<string, string[]>();
        for (const t of r.to) contacts.set(String(t.toObjectId), (t.associationTypes ?? []).filter((a) => a.category === 'USER_DEFINED').map((a) => String(a.typeId)));
        out.set(String(r.from.id), contacts);
      }
    }
    return out;
  }

  /** The role value of one association: a mapped label, else another label (unknown to us), else none. */
  private roleOfLabels(labels: readonly string[]): string | null {
    const mapped = new Set(Object.values(this.connection.roleMap ?? {}));
    return labels.find((l) => mapped.has(l)) ?? labels[0] ?? null;
  }

  /** Pulled deals carry their contacts' roles (when roles are mapped). */
  private async addRoles(records: RemoteRecord[]): Promise<void> {
    if (records.length === 0 || Object.keys(this.connection.roleMap ?? {}).length === 0) return;
    const labels = await this.dealContactLabels(records.map((r) => r.crmId));
    for (const r of records) {
      const contacts = labels.get(r.crmId) ?? new Map<string, string[]>();
      r.links = { ...(r.links ?? {}), roles: Object.fromEntries([...contacts].map(([c, l]) => [c, this.roleOfLabels(l)])) };
    }
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, string | null>> {
    const labels = await this.dealContactLabels(items.map((i) => i.deal.crmId));
    const out = new Map<string, string | null>();
    for (const i of items) out.set(roleKey(i.deal, i.person), this.roleOfLabels(labels.get(i.deal.crmId)?.get(i.person.crmId) ?? []));
    return out;
  }

  /**
   * The role's label on the deal ↔ contact association (which links them if they were not): PUT
   * the label (idempotent: a label set twice is one label), then archive the other role labels.
   */
  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const labels = await this.dealContactLabels(items.map((i) => i.deal.crmId));
    const mapped = new Set(Object.values(this.connection.roleMap ?? {}));
    const archive: Array<{ from: { id: string }; to: { id: string }; types: Array<{ associationCategory: string; associationTypeId: number }> }> = [];
    for (let j = 0; j < items.length; j++) {
      const item = items[j]!;
      const present = labels.get(item.deal.crmId)?.get(item.person.crmId) ?? [];
      try {
        if (item.value !== null && !present.includes(item.value)) {
          await this.http.request({
            method: 'PUT',
            url: `/crm/v4/objects/deals/${item.deal.crmId}/associations/contacts/${item.person.crmId}`,
            body: [{ associationCategory: 'USER_DEFINED', associationTypeId: Number(item.value) }],
            idempotent: true,
          });
        }
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) {
          results[j] = { ok: false, error: e };
          continue;
        }
        throw e;
      }
      const stale = present.filter((l) => l !== item.value && mapped.has(l));
      if (stale.length) archive.push({ from: { id: item.deal.crmId }, to: { id: item.person.crmId }, types: stale.map((l) => ({ associationCategory: 'USER_DEFINED', associationTypeId: Number(l) })) });
    }
    for (let i = 0; i < archive.length; i += 1000) {
      // removing a label keeps the association (and the contact on the deal)
      await this.http.request({ method: 'POST', url: '/crm/v4/associations/deals/contacts/batch/labels/archive', body: { inputs: archive.slice(i, i + 1000) }, idempotent: true });
    }
    return results;
  }

  async describeFields(entity: SyncEntity): Promise<CrmFieldInfo[]> {
    const { body } = await this.http.request<{ results: Array<{ name: string; label: string; type: string; hubspotDefined?: boolean; modificationMetadata?: { readOnlyValue?: boolean }; options?: Array<{ value: string }> }> }>({
      method: 'GET',
      url: `/crm/v3/properties/${TYPE_OF[entity]}`,
    });
    const mapped = new Map(Object.entries(this.map(entity)).map(([c, p]) => [p, c]));
    return body.results.map((p) => ({
      name: p.name,
      label: p.label,
      type: p.type,
      custom: !p.hubspotDefined,
      writable: !p.modificationMetadata?.readOnlyValue,
      ...(mapped.has(p.name) ? { mappedTo: mapped.get(p.name) } : {}),
      ...(p.options?.length ? { options: p.options.map((o) => o.value) } : {}),
    }));
  }

  // ----- pull ---------------------------------------------------------------------------------

  private pullProperties(entity: SyncEntity, type: HsType): string[] {
    // companies: their parent too (HubSpot's own hs_parent_company_id), for the account hierarchy
    const extra = entity === 'account' ? [HUBSPOT_PARENT_COMPANY] : [];
    return [...new Set([...Object.values(this.map(entity)), ...extra, HUBSPOT_DEALSIDE_ID, MODIFIED[type]].filter((p) => entity !== 'product' || p !== HUBSPOT_DEALSIDE_ID))];
  }

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const def = this.streams.find((s) => s.name === stream);
    if (!def) throw new Error(`HubSpot has no stream ${stream}`);
    if (stream.startsWith('archived_')) {
      yield* this.pullArchived(stream.slice('archived_'.length) as HsType, def.entity as Exclude<SyncEntity, 'product' | 'user'>, cursor);
      return;
    }
    if (stream === 'line_items') {
      yield* this.pullLineItems(cursor);
      return;
    }
    if (stream === 'owners') {
      yield* this.pullOwners();
      return;
    }
    await this.owners();
    const type = stream as HsType;
    const entity = def.entity as SyncEntity;
    const properties = this.pullProperties(entity, type);
    const assoc = type === 'contacts' ? ['companies'] : type === 'deals' ? ['companies', 'contacts'] : [];
    if (!cursor || cursor.mode === 'full') {
      yield* this.fullRead(
        type,
        cursor,
        async (objects) => {
          const records = objects.map((o) => this.withLinks(entity, this.toRecord(entity, o), o));
          if (type === 'deals') await this.addRoles(records);
          return records;
        },
        properties,
        assoc,
      );
      return;
    }
    yield* this.changesSince(type, cursor, properties, async (objects) => {
      const records = objects.map((o) => this.toRecord(entity, o));
      if (assoc.length > 0 && records.length > 0) await this.readLinks(type, records);
      if (type === 'deals') await this.addRoles(records);
      return { records };
    });
  }

  /**
   * Deletions: HubSpot has no "archived since" filter. The list endpoint with `archived=true` pages
   * through the recycle bin (records archived in the last 90 days) in id order, 100 per page, so
   * every check reads it all: ceil(archived / 100) requests per object type. Only records archived
   * since the previous check began (an hour's margin) become deletions; the rest were seen then.
   */
  private async *pullArchived(type: HsType, entity: Exclude<SyncEntity, 'product'>, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const midRun = !!cursor?.after;
    const checkedAt = midRun && cursor?.checkedAt ? cursor.checkedAt : new Date(this.http.deps.now()).toISOString();
    const sinceMs = cursor?.since ? Date.parse(cursor.since) - 3_600_000 : undefined;
    let after = cursor?.after;
    for (;;) {
      const res = await this.http.request<{ results: HsObject[]; paging?: { next?: { after: string } } }>({
        method: 'GET',
        url: `/crm/v3/objects/${type}`,
        query: { limit: LIST_PAGE, after, archived: true, properties: 'hs_object_id' },
      });
      const rows = res.body.results.filter((o) => sinceMs === undefined || !o.archivedAt || Date.parse(o.archivedAt) >= sinceMs);
      after = res.body.paging?.next?.after;
      const next: PullCursor = after
        ? { mode: 'incremental', ...(cursor?.since ? { since: cursor.since } : {}), after, checkedAt }
        : { mode: 'incremental', since: checkedAt, checkedAt };
      yield {
        records: [],
        cursor: next,
        deletions: rows.map((o) => ({ entity, objectType: HUBSPOT_OBJECT_TYPE[entity], crmId: o.id, ...(o.archivedAt ? { deletedAt: o.archivedAt } : {}) })),
      };
      if (!after) return;
    }
  }

  /** First read: the list endpoint, 100 per page, following paging.next.after; no result cap. */
  private async *fullRead(
    type: HsType,
    cursor: PullCursor | undefined,
    toRecords: (objects: HsObject[]) => RemoteRecord[] | Promise<RemoteRecord[]>,
    properties: string[],
    associations: string[],
    links?: (objects: HsObject[]) => PullPage['links'],
  ): AsyncGenerator<PullPage> {
    let after = cursor?.after;
    // Changes made while the full read runs are picked up by the first incremental read.
    let startedAt = cursor?.since;
    for (;;) {
      const res = await this.http.request<{ results: HsObject[]; paging?: { next?: { after: string } } }>({
        method: 'GET',
        url: `/crm/v3/objects/${type}`,
        query: { limit: LIST_PAGE, after, properties: properties.join(','), archived: false, ...(associations.length ? { associations: associations.join(',') } : {}) },
      });
      if (!startedAt) {
        const serverNow = Date.parse(res.headers.get('date') ?? '');
        startedAt = new Date((Number.isFinite(serverNow) ? serverNow : this.http.deps.now()) - 5 * 60_000).toISOString();
      }
      after = res.body.paging?.next?.after;
      const done = !after;
      const next: PullCursor = done ? { mode: 'incremental', since: startedAt } : { mode: 'full', after, since: startedAt };
      yield { records: await toRecords(res.body.results), cursor: next, ...(links ? { links: links(res.body.results) } : {}) };
      if (done) return;
    }
  }

  /**
   * Later reads: search on the last-modified property, ascending, 200 per page. A query returns at
   * most 10,000 results; past that, a new query starts at the newest modification time read so far
   * (inclusive, skipping the ids already read at that instant).
   */
  private async *changesSince(
    type: HsType,
    cursor: PullCursor,
    properties: string[],
    toPage: (objects: HsObject[]) => Promise<Omit<PullPage, 'cursor'>>,
  ): AsyncGenerator<PullPage> {
    const prop = MODIFIED[type];
    let since = cursor.since ?? new Date(0).toISOString();
    let seen = new Set(cursor.seenAtHighWater ?? []);
    let after = Number(cursor.after ?? 0);
    let highWater = cursor.highWater ?? since;
    let highIds = new Set(highWater === since ? seen : []);
    for (;;) {
      const res = await this.http.request<{ total: number; results: HsObject[]; paging?: { next?: { after: string } } }>({
        method: 'POST',
        url: `/crm/v3/objects/${type}/search`,
        bucket: 'search',
        idempotent: true,
        body: {
          filterGroups: [{ filters: [{ propertyName: prop, operator: 'GTE', value: String(Date.parse(since)) }] }],
          sorts: [{ propertyName: prop, direction: 'ASCENDING' }],
          properties,
          limit: SEARCH_PAGE,
          after: String(after),
        },
      });
      const fresh: HsObject[] = [];
      const sinceMs = Date.parse(since);
      for (const o of res.body.results) {
        const modified = o.properties[prop] ?? o.updatedAt;
        const ms = Date.parse(modified);
        if (ms === sinceMs && seen.has(o.id)) continue; // read by the previous query
        fresh.push(o);
        const highMs = Date.parse(highWater);
        if (ms > highMs) {
          highWater = modified;
          highIds = new Set([o.id]);
        } else if (ms === highMs) highIds.add(o.id);
      }
      const nextAfter = res.body.paging?.next?.after !== undefined ? Number(res.body.paging.next.after) : undefined;
      let next: PullCursor;
      let done = false;
      if (nextAfter === undefined) {
        next = { mode: 'incremental', since: highWater, seenAtHighWater: [...highIds] };
        done = true;
      } else if (nextAfter + SEARCH_PAGE > SEARCH_CAP) {
        // The query's 10,000 results are read: start a new one at the newest time seen.
        if (Date.parse(highWater) === sinceMs) {
          throw new SyncError('invalid', `More than ${SEARCH_CAP} HubSpot ${type} share one modification time; Dealside cannot page past them with search.`);
        }
        next = { mode: 'incremental', since: highWater, seenAtHighWater: [...highIds] };
        since = highWater;
        seen = new Set(highIds);
        after = 0;
      } else {
        next = { mode: 'incremental', since, seenAtHighWater: [...seen], after: String(nextAfter), highWater };
        after = nextAfter;
      }
      const page = await toPage(fresh);
      yield { ...page, cursor: next, total: res.body.total };
      if (done) return;
    }
  }

  private withLinks(entity: SyncEntity, record: RemoteRecord, o: HsObject): RemoteRecord {
    if (!o.associations && entity !== 'person' && entity !== 'deal') return record;
    const ids = (t: string) => (o.associations?.[t]?.results ?? []).map((r) => String(r.id));
    if (entity === 'person') return { ...record, links: { accountCrmId: ids('companies')[0] ?? null } };
    if (entity === 'deal') return { ...record, links: { accountCrmId: ids('companies')[0] ?? null, contactCrmIds: [...new Set(ids('contacts'))] } };
    return record;
  }

  private async assocRead(from: HsType, to: HsType, ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 1000) {
      const { body } = await this.http.request<{ results: Array<{ from: { id: string }; to: Array<{ toObjectId: number | string }> }> }>({
        method: 'POST',
        url: `/crm/v4/associations/${from}/${to}/batch/read`,
        body: { inputs: ids.slice(i, i + 1000).map((id) => ({ id })) },
        idempotent: true,
        accept: [207],
      });
      for (const r of body.results) out.set(String(r.from.id), r.to.map((t) => String(t.toObjectId)));
    }
    return out;
  }

  private async readLinks(type: HsType, records: RemoteRecord[]): Promise<void> {
    const ids = records.map((r) => r.crmId);
    const companies = await this.assocRead(type, 'companies', ids);
    const contacts = type === 'deals' ? await this.assocRead('deals', 'contacts', ids) : undefined;
    for (const r of records) {
      r.links = {
        accountCrmId: companies.get(r.crmId)?.[0] ?? null,
        ...(contacts ? { contactCrmIds: contacts.get(r.crmId) ?? [] } : {}),
      };
    }
  }

  /**
   * Line items carry which products a deal has (the deals' productIds) and with what quantity,
   * amount and billing frequency (the deals' lines, which make a won deal's account own them: lines.ts).
   */
  private async *pullLineItems(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const properties = [...HUBSPOT_LINE_PROPERTIES, MODIFIED.line_items];
    if (!cursor || cursor.mode === 'full') {
      yield* this.fullRead(
        'line_items',
        cursor,
        () => [],
        properties,
        ['deals'],
        (objects) =>
          objects.flatMap((o) => {
            const line = hubspotLine(o.id, o.properties);
            return (o.associations?.deals?.results ?? []).map((d) => ({
              dealCrmId: String(d.id),
              productCrmIds: o.properties.hs_product_id ? [o.properties.hs_product_id] : [],
              ...(line ? { lines: [line] } : {}),
            }));
          }),
      );
      return;
    }
    yield* this.changesSince('line_items', cursor, properties, async (objects) => {
      if (objects.length === 0) return { records: [] };
      // The deals of the changed line items, then all line items of those deals: their products replace the deal's.
      const dealsOf = await this.assocRead('line_items', 'deals', objects.map((o) => o.id));
      const dealIds = [...new Set([...dealsOf.values()].flat())];
      const itemsOf = await this.assocRead('deals', 'line_items', dealIds);
      const itemIds = [...new Set([...itemsOf.values()].flat())];
      const productOf = new Map<string, string>();
      const lineOf = new Map<string, RemoteLine>();
      for (let i = 0; i < itemIds.length; i += 100) {
        const { body } = await this.http.request<BatchAnswer<HsObject>>({
          method: 'POST',
          url: '/crm/v3/objects/line_items/batch/read',
          body: { properties: HUBSPOT_LINE_PROPERTIES, inputs: itemIds.slice(i, i + 100).map((id) => ({ id })) },
          idempotent: true,
          accept: [207],
        });
        for (const o of body.results) {
          if (o.properties.hs_product_id) productOf.set(o.id, o.properties.hs_product_id);
          const line = hubspotLine(o.id, o.properties);
          if (line) lineOf.set(o.id, line);
        }
      }
      return {
        records: [],
        links: dealIds.map((dealCrmId) => ({
          dealCrmId,
          productCrmIds: [...new Set((itemsOf.get(dealCrmId) ?? []).map((li) => productOf.get(li)).filter((p): p is string => !!p))],
          lines: (itemsOf.get(dealCrmId) ?? []).map((li) => lineOf.get(li)).filter((l): l is RemoteLine => !!l),
          replace: true,
        })),
      };
    });
  }

  // ----- push ---------------------------------------------------------------------------------

  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const props = this.propertiesFor(entity, fields);
    if (props.ownerId) await this.owners();
    const out = new Map<string, Record<string, FieldValue>>();
    for (let i = 0; i < refs.length; i += this.batchSize) {
      const { body } = await this.http.request<BatchAnswer<HsObject>>({
        method: 'POST',
        url: `/crm/v3/objects/${TYPE_OF[entity]}/batch/read`,
        body: { properties: Object.values(props), inputs: refs.slice(i, i + this.batchSize).map((r) => ({ id: r.crmId })) },
        idempotent: true,
        accept: [207],
      });
      for (const o of body.results) {
        const values: Record<string, FieldValue> = {};
        for (const [canonical, prop] of Object.entries(props)) values[canonical] = this.fromHubspot(entity, canonical, o.properties[prop]);
        out.set(o.id, values);
      }
    }
    return out;
  }

  private hsProperties(entity: SyncEntity, fields: Record<string, FieldValue>): { properties: Record<string, string>; unmapped: string[] } {
    const map = this.map(entity);
    const properties: Record<string, string> = {};
    const unmapped: string[] = [];
    for (const [field, value] of Object.entries(fields)) {
      const prop = map[field];
      if (!prop || !specOf(entity, field)) unmapped.push(field);
      else {
        const v = this.toHubspot(entity, field, value);
        if (v !== undefined) properties[prop] = v;
      }
    }
    return { properties, unmapped };
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const type = TYPE_OF[entity];
    if (items.some((i) => 'ownerId' in i.fields)) await this.owners();
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const inputs: Array<{ index: number; id: string; properties: Record<string, string> }> = [];
    items.forEach((item, index) => {
      const { properties, unmapped } = this.hsProperties(entity, item.fields);
      if (unmapped.length) results[index] = { ok: false, error: unmappedError(unmapped) };
      else inputs.push({ index, id: item.crmId, properties });
    });
    for (let i = 0; i < inputs.length; i += this.batchSize) {
      const chunk = inputs.slice(i, i + this.batchSize);
      try {
        const { body } = await this.http.request<BatchAnswer<HsObject>>({
          method: 'POST',
          url: `/crm/v3/objects/${type}/batch/update`,
          body: { inputs: chunk.map((c) => ({ id: c.id, properties: c.properties })) },
          idempotent: true,
          accept: [207],
        });
        const missing = new Set((body.errors ?? []).flatMap((e) => e.context?.ids ?? []));
        for (const c of chunk) {
          if (missing.has(c.id)) results[c.index] = { ok: false, error: new SyncError('not-found', `HubSpot ${type} ${c.id} no longer exists (deleted or merged).`, 404) };
        }
      } catch (e) {
        if (!(e instanceof SyncError) || e.code !== 'invalid' || chunk.length === 1) throw e;
        // One bad value fails the whole batch: send them one by one so the others get through.
        for (const c of chunk) {
          try {
            await this.http.request({ method: 'PATCH', url: `/crm/v3/objects/${type}/${c.id}`, body: { properties: c.properties } });
          } catch (err) {
            if (err instanceof SyncError && (err.code === 'invalid' || err.code === 'not-found')) results[c.index] = { ok: false, error: err };
            else throw err;
          }
        }
      }
    }
    return results;
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const type = TYPE_OF[entity];
    // the chosen owner goes when they are one of this portal's owners; else HubSpot's default
    if (items.some((i) => typeof i.fields.ownerId === 'string')) await this.owners();
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    const inputs: Array<{ index: number; dealsideId: string; properties: Record<string, string> }> = [];
    items.forEach((item, index) => {
      const { properties } = this.hsProperties(entity, item.fields); // fields with no property are left out
      // HubSpot's leads are contacts at the lifecycle stage "lead"
      if (entity === 'person' && item.kind === 'lead') properties.lifecyclestage = 'lead';
      inputs.push({ index, dealsideId: item.dealsideId, properties });
    });
    if (!this.connection.capabilities.dealsideIdField || entity === 'product') {
      for (const c of inputs) results[c.index] = await this.createWithoutIdField(entity, c.properties, items[c.index]!.retrySince);
      return results;
    }
    for (let i = 0; i < inputs.length; i += this.batchSize) {
      const chunk = inputs.slice(i, i + this.batchSize);
      try {
        const { body } = await this.http.request<BatchAnswer<HsObject & { new?: boolean }>>({
          method: 'POST',
          url: `/crm/v3/objects/${type}/batch/upsert`,
          body: { inputs: chunk.map((c) => ({ idProperty: HUBSPOT_DEALSIDE_ID, id: c.dealsideId, properties: c.properties })) },
          idempotent: true, // an upsert by our id: repeating it finds the record made the first time
        });
        const byId = new Map(body.results.map((r) => [r.properties[HUBSPOT_DEALSIDE_ID] ?? '', r]));
        for (const c of chunk) {
          const r = byId.get(c.dealsideId);
          results[c.index] = r
            ? { ok: true, crmId: r.id, objectType: HUBSPOT_OBJECT_TYPE[entity], created: r.new !== false }
            : { ok: false, error: new SyncError('invalid', 'HubSpot did not return the record it upserted.') };
        }
      } catch (e) {
        if (!(e instanceof SyncError) || (e.code !== 'invalid' && e.status !== 409) ) throw e;
        for (const c of chunk) results[c.index] = await this.upsertOne(entity, c);
      }
    }
    return results;
  }

  private async upsertOne(entity: SyncEntity, c: { dealsideId: string; properties: Record<string, string> }): Promise<CreateResult> {
    const type = TYPE_OF[entity];
    try {
      const { body } = await this.http.request<BatchAnswer<HsObject & { new?: boolean }>>({
        method: 'POST',
        url: `/crm/v3/objects/${type}/batch/upsert`,
        body: { inputs: [{ idProperty: HUBSPOT_DEALSIDE_ID, id: c.dealsideId, properties: c.properties }] },
        idempotent: true,
      });
      const r = body.results[0];
      return r ? { ok: true, crmId: r.id, objectType: HUBSPOT_OBJECT_TYPE[entity], created: r.new !== false } : { ok: false, error: new SyncError('invalid', 'HubSpot returned no record.') };
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      // A contact with this e-mail already exists in HubSpot: link to it (and mark it as ours) rather than fail.
      const existing = /Existing ID: (\d+)/.exec(e.message)?.[1];
      if (entity === 'person' && e.status === 409 && existing) {
        await this.http.request({ method: 'PATCH', url: `/crm/v3/objects/contacts/${existing}`, body: { properties: { [HUBSPOT_DEALSIDE_ID]: c.dealsideId } } });
        return { ok: true, crmId: existing, objectType: HUBSPOT_OBJECT_TYPE.person, created: false };
      }
      if (e.code === 'invalid' || e.code === 'not-found') return { ok: false, error: e };
      throw e;
    }
  }

  /**
   * No dealside_id property: look the record up by its natural key before creating it. Without one
   * (a contact with no e-mail, a company with no domain), a retry (`retrySince`: the first
   * attempt's answer may have been lost after HubSpot made the record) takes the record made since
   * then under the same name.
   */
  private async createWithoutIdField(entity: SyncEntity, properties: Record<string, string>, retrySince?: string): Promise<CreateResult> {
    const type = TYPE_OF[entity];
    const key = entity === 'person' ? 'email' : entity === 'account' ? 'domain' : entity === 'deal' ? 'dealname' : 'name';
    const value = properties[key];
    const names = entity === 'person' ? ['firstname', 'lastname'] : entity === 'account' ? ['name'] : [];
    const filters = value
      ? [{ propertyName: key, operator: 'EQ', value }]
      : retrySince && names.some((n) => properties[n])
        ? [
            ...names.map((n) => (properties[n] ? { propertyName: n, operator: 'EQ', value: properties[n] } : { propertyName: n, operator: 'NOT_HAS_PROPERTY' })),
            { propertyName: 'createdate', operator: 'GTE', value: String(Date.parse(retrySince) - 5 * 60_000) },
          ]
        : undefined;
    if (filters) {
      const { body } = await this.http.request<{ results: HsObject[] }>({
        method: 'POST',
        url: `/crm/v3/objects/${type}/search`,
        bucket: 'search',
        idempotent: true,
        body: { filterGroups: [{ filters }], properties: [key], limit: 1 },
      });
      const found = body.results[0];
      if (found) return { ok: true, crmId: found.id, objectType: HUBSPOT_OBJECT_TYPE[entity], created: false };
    }
    try {
      const { body } = await this.http.request<HsObject>({ method: 'POST', url: `/crm/v3/objects/${type}`, body: { properties } });
      return { ok: true, crmId: body.id, objectType: HUBSPOT_OBJECT_TYPE[entity], created: true };
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'invalid' || e.status === 409)) return { ok: false, error: e };
      throw e;
    }
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const groups = new Map<string, number[]>();
    items.forEach((item, i) => {
      const key = `${TYPE_OF[item.from.entity]}/${TYPE_OF[item.to.entity]}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const [key, indexes] of groups) {
      for (let i = 0; i < indexes.length; i += 1000) {
        const chunk = indexes.slice(i, i + 1000);
        const { body } = await this.http.request<BatchAnswer<unknown>>({
          method: 'POST',
          url: `/crm/v4/associations/${key}/batch/associate/default`,
          body: { inputs: chunk.map((j) => ({ from: { id: items[j]!.from.crmId }, to: { id: items[j]!.to.crmId } })) },
          idempotent: true, // associating twice leaves one association
          accept: [207],
        });
        for (const err of body.errors ?? []) {
          const from = err.context?.fromObjectId ?? [];
          for (const j of chunk) if (from.includes(items[j]!.from.crmId)) results[j] = { ok: false, error: new SyncError('not-found', err.message, 404) };
        }
      }
    }
    return results;
  }

  // ----- logged touches: engagements (calls, emails, meetings, notes) -------------------------

  /** An engagement's properties for a logged touch (HubSpot's calls / emails / meetings / notes APIs). */
  private engagementProperties(item: ActivityItem, withMarker: boolean, withId: boolean): { type: HsEngagement; properties: Record<string, string> } {
    const type = HUBSPOT_ENGAGEMENT_OF[item.type];
    const at = new Date(Date.parse(item.at)).toISOString();
    const body = [item.body ?? '', withMarker ? activityMarker(item.dealsideId) : ''].filter(Boolean).join('\n\n');
    const p: Record<string, string> = { hs_timestamp: at };
    if (withId) p[HUBSPOT_DEALSIDE_ID] = item.dealsideId;
    switch (type) {
      case 'calls':
        Object.assign(p, { hs_call_title: item.subject ?? 'Call', hs_call_status: 'COMPLETED', hs_call_direction: item.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND' });
        if (body) p.hs_call_body = body;
        if (item.durationMin !== undefined) p.hs_call_duration = String(Math.round(item.durationMin * 60_000));
        break;
      case 'emails':
        Object.assign(p, { hs_email_direction: item.type === 'email-replied' ? 'INCOMING_EMAIL' : 'EMAIL', hs_email_status: 'SENT', hs_email_subject: item.subject ?? '' });
        if (body) p.hs_email_text = body;
        break;
      case 'meetings': {
        const end = new Date(Date.parse(at) + (item.durationMin ?? 30) * 60_000).toISOString();
        Object.assign(p, { hs_meeting_title: item.subject ?? 'Meeting', hs_meeting_start_time: at, hs_meeting_end_time: end, hs_meeting_outcome: 'COMPLETED' });
        if (body) p.hs_meeting_body = body;
        break;
      }
      default:
        // a note has no title: the subject leads its text
        p.hs_note_body = [item.subject ?? '', body].filter(Boolean).join('\n\n') || 'Note';
    }
    return { type, properties: p };
  }

  /** The records a touch is associated to: HubSpot object type → id. */
  private engagementLinks(item: ActivityItem): Array<{ to: 'contacts' | 'companies' | 'deals'; id: string }> {
    const out: Array<{ to: 'contacts' | 'companies' | 'deals'; id: string }> = [];
    if (item.links.person) out.push({ to: 'contacts', id: item.links.person.crmId });
    if (item.links.deal) out.push({ to: 'deals', id: item.links.deal.crmId });
    if (item.links.account) out.push({ to: 'companies', id: item.links.account.crmId });
    return out;
  }

  /** Associate engagements to their records (v4 default associations: idempotent). Errors per item. */
  private async associateEngagements(type: HsEngagement, pairs: ReadonlyArray<{ index: number; from: string; to: 'contacts' | 'companies' | 'deals'; id: string }>, results: CreateResult[]): Promise<void> {
    for (const to of ['contacts', 'companies', 'deals'] as const) {
      const list = pairs.filter((p) => p.to === to);
      for (let i = 0; i < list.length; i += 1000) {
        const chunk = list.slice(i, i + 1000);
        const { body } = await this.http.request<BatchAnswer<unknown>>({
          method: 'POST',
          url: `/crm/v4/associations/${type}/${to}/batch/associate/default`,
          body: { inputs: chunk.map((p) => ({ from: { id: p.from }, to: { id: p.id } })) },
          idempotent: true,
          accept: [207],
        });
        for (const err of body.errors ?? []) {
          const ids = err.context?.toObjectId ?? [];
          for (const p of chunk) if (ids.includes(p.id)) results[p.index] = { ok: false, error: new SyncError('not-found', err.message, 404) };
        }
      }
    }
  }

  /**
   * What an attempt whose answer was lost made: the engagements of this type associated to the
   * touch's first record, read for our id (or marker). Associations are made with the engagement
   * (inline), so they show it at once; search would lag.
   */
  private async findEngagement(type: HsEngagement, item: ActivityItem, byMarker: boolean): Promise<string | undefined> {
    const [first] = this.engagementLinks(item);
    if (!first) return undefined;
    const ids = (await this.assocRead(first.to, type, [first.id])).get(first.id) ?? [];
    const prop = byMarker ? BODY_OF[type] : HUBSPOT_DEALSIDE_ID;
    for (let i = 0; i < ids.length; i += 100) {
      const { body } = await this.http.request<BatchAnswer<HsObject>>({
        method: 'POST',
        url: `/crm/v3/objects/${type}/batch/read`,
        body: { properties: [prop], inputs: ids.slice(i, i + 100).map((id) => ({ id })) },
        idempotent: true,
        accept: [207],
      });
      const hit = body.results.find((o) => (byMarker ? hasActivityMarker(o.properties[prop], item.dealsideId) : o.properties[prop] === item.dealsideId));
      if (hit) return hit.id;
    }
    return undefined;
  }

  /**
   * Touches as engagements, associated to the contact, deal and company with HubSpot's default
   * association types. With a unique dealside_id: batch upsert by it, then the default associations
   * (both idempotent). Otherwise: batch create with the associations inline; a retry first reads the
   * engagements of the touch's first record for our id (or the marker) and makes nothing twice.
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const mode = this.connection.capabilities.activityIds ?? 'marker';
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    const byType = new Map<HsEngagement, number[]>();
    items.forEach((item, i) => byType.set(HUBSPOT_ENGAGEMENT_OF[item.type], [...(byType.get(HUBSPOT_ENGAGEMENT_OF[item.type]) ?? []), i]));
    for (const [type, indexes] of byType) {
      const objectType = HUBSPOT_ENGAGEMENT_TYPE_ID[type];
      for (let c = 0; c < indexes.length; c += this.batchSize) {
        const chunk = indexes.slice(c, c + this.batchSize);
        const made: Array<{ index: number; from: string; to: 'contacts' | 'companies' | 'deals'; id: string }> = [];
        if (mode === 'unique') {
          const { body } = await this.http.request<BatchAnswer<HsObject & { new?: boolean }>>({
            method: 'POST',
            url: `/crm/v3/objects/${type}/batch/upsert`,
            body: { inputs: chunk.map((j) => ({ idProperty: HUBSPOT_DEALSIDE_ID, id: items[j]!.dealsideId, properties: this.engagementProperties(items[j]!, false, false).properties })) },
            idempotent: true, // an upsert by our id: repeating it finds the engagement made the first time
          });
          const byId = new Map(body.results.map((r) => [r.properties[HUBSPOT_DEALSIDE_ID] ?? '', r]));
          for (const j of chunk) {
            const r = byId.get(items[j]!.dealsideId);
            if (!r) {
              results[j] = { ok: false, error: new SyncError('invalid', 'HubSpot did not return the engagement it upserted.') };
              continue;
            }
            results[j] = { ok: true, crmId: r.id, objectType, created: r.new !== false };
            for (const l of this.engagementLinks(items[j]!)) made.push({ index: j, from: r.id, ...l });
          }
          await this.associateEngagements(type, made, results);
          continue;
        }
        const fresh: number[] = [];
        for (const j of chunk) {
          const found = items[j]!.retrySince ? await this.findEngagement(type, items[j]!, mode === 'marker') : undefined;
          if (!found) {
            fresh.push(j);
            continue;
          }
          results[j] = { ok: true, crmId: found, objectType, created: false };
          for (const l of this.engagementLinks(items[j]!)) made.push({ index: j, from: found, ...l });
        }
        if (made.length) await this.associateEngagements(type, made, results);
        if (fresh.length === 0) continue;
        const input = (j: number) => ({
          properties: this.engagementProperties(items[j]!, mode === 'marker', mode === 'field').properties,
          associations: this.engagementLinks(items[j]!).map((l) => ({ to: { id: l.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_ENGAGEMENT_ASSOCIATIONS[type][l.to] }] })),
        });
        // which answer is whose: our id, or our marker in the text (not the order)
        const owner = (o: HsObject) =>
          fresh.find((j) => (mode === 'field' ? o.properties[HUBSPOT_DEALSIDE_ID] === items[j]!.dealsideId : hasActivityMarker(o.properties[BODY_OF[type]], items[j]!.dealsideId)));
        try {
          const { body } = await this.http.request<BatchAnswer<HsObject>>({ method: 'POST', url: `/crm/v3/objects/${type}/batch/create`, body: { inputs: fresh.map(input) } });
          for (const r of body.results) {
            const j = owner(r);
            if (j !== undefined) results[j] = { ok: true, crmId: r.id, objectType, created: true };
          }
          for (const j of fresh) if (!results[j]!.ok) results[j] = { ok: false, error: new SyncError('invalid', 'HubSpot did not return the engagement it created.') };
        } catch (e) {
          if (!(e instanceof SyncError) || (e.code !== 'invalid' && e.code !== 'not-found')) throw e;
          if (fresh.length === 1) {
            results[fresh[0]!] = { ok: false, error: e };
            continue;
          }
          // One bad touch (a record deleted in HubSpot meanwhile) fails the whole batch, which made
          // nothing: make them one by one so the others get through.
          for (const j of fresh) {
            try {
              const { body } = await this.http.request<HsObject>({ method: 'POST', url: `/crm/v3/objects/${type}`, body: input(j) });
              results[j] = { ok: true, crmId: body.id, objectType, created: true };
            } catch (err) {
              if (err instanceof SyncError && (err.code === 'invalid' || err.code === 'not-found')) results[j] = { ok: false, error: err };
              else throw err;
            }
          }
        }
      }
    }
    return results;
  }
}

export function unmappedError(fields: readonly string[]): SyncError {
  return new SyncError('unmapped', `No CRM field is mapped for ${fields.join(', ')}. Map them in Options → Connections, then retry.`);
}
