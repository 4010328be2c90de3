// A local fake of the HubSpot CRM API, following the published request / response shapes:
// - CRM v3 objects (contacts, companies, deals, products, line_items): list with `paging.next.after`
//   (≤ 100 per page, `associations=` inline), get, create, update, batch read / create / update /
//   upsert by a unique `idProperty` (≤ 100 inputs), and search (≤ 200 per page, at most 10,000
//   results per query: asking beyond that is a 400);
// - engagements as CRM v3 objects (calls 0-48, emails 0-49, meetings 0-47, notes 0-46): hs_timestamp
//   required, associations inline on create (HubSpot-defined type ids, the target must exist), the
//   contacts scopes, and a `dealside_id` that may be unique (option engagementUniqueIds);
// - associations v4 (default associations, batch associate, batch read);
// - properties and property groups (creating them needs the crm.schemas.*.write scope);
// - owners (GET /crm/v3/owners: `limit` ≤ 500, `after`, `archived`, `email`; needs
//   crm.objects.owners.read): the owner `id` is what `hubspot_owner_id` holds on contacts, companies
//   and deals, `userId` the user behind it (null once deactivated, `userIdIncludingInactive` kept);
//   writing an id that is not an active owner's is a 400 INVALID_OWNER_ID;
// - currencies (settings.currencies.read, else 403 MISSING_SCOPES): the company currency and the
//   current exchange rates, each `conversionRate` what one unit of `fromCurrencyCode` is in the
//   company currency (`toCurrencyCode`);
// - account details, and OAuth code exchange / refresh at /oauth/2026-03/token (and the retiring v1);
// - limits: a rolling ten-second window per token (100 or 190 by tier) with the
//   X-HubSpot-RateLimit-* headers, and 5 search requests per second (search answers carry no
//   rate-limit headers, as on HubSpot); over the limit: 429 with the RATE_LIMIT body and Retry-After;
// - error bodies `{status:'error', message, correlationId, category}`.
import { FakeServer, ModClock, RollingWindow, correlationId, type FakeRequest, type FakeResponse } from './base';

/** engagements: the activity objects (calls, emails, meetings, notes; CRM v3 objects) */
export const HS_ENGAGEMENTS = ['calls', 'emails', 'meetings', 'notes'] as const;
export const HS_TYPES = ['contacts', 'companies', 'deals', 'products', 'line_items', ...HS_ENGAGEMENTS] as const;
export type HsType = (typeof HS_TYPES)[number];
const isEngagement = (t: HsType): boolean => (HS_ENGAGEMENTS as readonly string[]).includes(t);
/** HubSpot's "Last Activity Date" on contacts, companies and deals (read-only: HubSpot sets it) */
const LAST_ACTIVITY = 'notes_last_updated';

const TYPE_IDS: Record<string, HsType> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals', '0-7': 'products', '0-8': 'line_items', '0-48': 'calls', '0-49': 'emails', '0-47': 'meetings', '0-46': 'notes' };
const SINGULAR: Record<HsType, string> = { contacts: 'contact', companies: 'company', deals: 'deal', products: 'product', line_items: 'line_item', calls: 'call', emails: 'email', meetings: 'meeting', notes: 'note' };
/** HubSpot-defined default association type ids */
const ASSOC_TYPE: Record<string, number> = {
  'contacts:companies': 279,
  'companies:contacts': 280,
  'deals:contacts': 3,
  'contacts:deals': 4,
  'deals:companies': 341,
  'companies:deals': 342,
  'line_items:deals': 20,
  'deals:line_items': 19,
  // engagements ↔ contact / company / deal
  'calls:contacts': 194,
  'contacts:calls': 193,
  'calls:companies': 182,
  'companies:calls': 181,
  'calls:deals': 206,
  'deals:calls': 205,
  'emails:contacts': 198,
  'contacts:emails': 197,
  'emails:companies': 186,
  'companies:emails': 185,
  'emails:deals': 210,
  'deals:emails': 209,
  'meetings:contacts': 200,
  'contacts:meetings': 199,
  'meetings:companies': 188,
  'companies:meetings': 187,
  'meetings:deals': 212,
  'deals:meetings': 211,
  'notes:contacts': 202,
  'contacts:notes': 201,
  'notes:companies': 190,
  'companies:notes': 189,
  'notes:deals': 214,
  'deals:notes': 213,
};

/** GET /crm/v3/owners' shape */
export type HsOwner = {
  id: string;
  email: string;
  type: 'PERSON';
  firstName: string;
  lastName: string;
  userId: number | null;
  userIdIncludingInactive: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
};

export type HsObject = { id: string; properties: Record<string, string | null>; createdAt: string; updatedAt: string; archived: boolean; archivedAt?: string };
export type HsPropertyDef = {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  hasUniqueValue: boolean;
  options: Array<{ label: string; value: string }>;
  hubspotDefined?: boolean;
  modificationMetadata: { readOnlyValue: boolean; archivable: boolean; readOnlyDefinition: boolean };
};

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

const DEFAULT_PROPS: Record<HsType, Array<[string, string]>> = {
  // hs_linkedin_url: HubSpot's "LinkedIn URL" contact property
  contacts: [['firstname', 'string'], ['lastname', 'string'], ['email', 'string'], ['phone', 'string'], ['jobtitle', 'string'], ['company', 'string'], ['country', 'string'], ['city', 'string'], ['lifecyclestage', 'enumeration'], ['hs_lead_status', 'enumeration'], ['hs_linkedin_url', 'string'], ['hubspot_owner_id', 'enumeration'], ['notes_last_updated', 'datetime']],
  // hs_ideal_customer_profile: the ICP tier (tier_1, tier_2, tier_3); dealtype: newbusiness, existingbusiness
  companies: [['name', 'string'], ['domain', 'string'], ['industry', 'enumeration'], ['numberofemployees', 'number'], ['country', 'string'], ['city', 'string'], ['hubspot_owner_id', 'enumeration'], ['hs_ideal_customer_profile', 'enumeration'], ['notes_last_updated', 'datetime']],
  deals: [['dealname', 'string'], ['amount', 'number'], ['deal_currency_code', 'enumeration'], ['dealstage', 'enumeration'], ['pipeline', 'enumeration'], ['closedate', 'datetime'], ['hubspot_owner_id', 'enumeration'], ['dealtype', 'enumeration'], ['notes_last_updated', 'datetime']],
  products: [['name', 'string'], ['price', 'number'], ['description', 'string'], ['hs_sku', 'string'], ['hs_product_type', 'enumeration'], ['hs_recurring_billing_period', 'string']],
  // amount: quantity × price for one billing period; recurringbillingfrequency's options are HubSpot's
  line_items: [['name', 'string'], ['hs_product_id', 'number'], ['quantity', 'number'], ['price', 'number'], ['amount', 'number'], ['recurringbillingfrequency', 'enumeration'], ['hs_recurring_billing_period', 'string']],
  calls: [['hs_timestamp', 'datetime'], ['hs_call_title', 'string'], ['hs_call_body', 'string'], ['hs_call_status', 'enumeration'], ['hs_call_direction', 'enumeration'], ['hs_call_duration', 'number'], ['hubspot_owner_id', 'enumeration']],
  emails: [['hs_timestamp', 'datetime'], ['hs_email_direction', 'enumeration'], ['hs_email_status', 'enumeration'], ['hs_email_subject', 'string'], ['hs_email_text', 'string'], ['hubspot_owner_id', 'enumeration']],
  meetings: [['hs_timestamp', 'datetime'], ['hs_meeting_title', 'string'], ['hs_meeting_body', 'string'], ['hs_meeting_start_time', 'datetime'], ['hs_meeting_end_time', 'datetime'], ['hs_meeting_outcome', 'enumeration'], ['hubspot_owner_id', 'enumeration']],
  notes: [['hs_timestamp', 'datetime'], ['hs_note_body', 'string'], ['hubspot_owner_id', 'enumeration']],
};
/** the options of the engagements' enumerations (HubSpot's internal values) */
const ENGAGEMENT_OPTIONS: Record<string, readonly string[]> = {
  hs_call_status: ['BUSY', 'CALLING_CRM_USER', 'CANCELED', 'COMPLETED', 'CONNECTING', 'FAILED', 'IN_PROGRESS', 'NO_ANSWER', 'QUEUED', 'RINGING'],
  hs_call_direction: ['INBOUND', 'OUTBOUND'],
  hs_email_direction: ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL'],
  hs_email_status: ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT'],
  hs_meeting_outcome: ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED'],
};
const DEFAULT_SEARCH_PROPS: Record<HsType, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'hs_parent_company_id', 'name'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  products: ['createdate', 'description', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price'],
  line_items: ['createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_product_id', 'name', 'price', 'quantity'],
  calls: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  emails: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  meetings: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

// engagements have no scopes of their own: calls, e-mails, meetings and notes go with contacts'
export const ALL_SCOPES = [
  ...HS_TYPES.filter((t) => !isEngagement(t)).flatMap((t) => [`crm.objects.${t}.read`, `crm.objects.${t}.write`, `crm.schemas.${t}.read`, `crm.schemas.${t}.write`]),
  'e-commerce',
  'crm.objects.owners.read',
  'settings.currencies.read',
];
/** the scope type of an object (engagements: contacts) */
const scopeOf = (t: HsType): HsType => (isEngagement(t) ? 'contacts' : t);

export type HubspotFakeOptions = {
  now?: () => number;
  /** requests per rolling ten seconds (100 Free/Starter, 190 Professional/Enterprise) */
  tenSecondLimit?: number;
  searchPerSecond?: number;
  dailyLimit?: number;
  portalId?: number;
  /** token → scopes */
  tokens?: Record<string, readonly string[]>;
  /** the portal has HubSpot's hs_linkedin_url contact property (default true) */
  linkedinProperty?: boolean;
  /** engagements (calls, emails, meetings, notes) may have unique-value properties (default true) */
  engagementUniqueIds?: boolean;
  /**
   * The portal's additional currencies and their current exchange rates (what one unit of each is in
   * the company currency, EUR, as HubSpot's `conversionRate` says). Default: USD at 0.925926.
   */
  currencies?: Record<string, number>;
};

type Body = Record<string, unknown>;

export class HubspotFake extends FakeServer {
  readonly objects: Record<HsType, Map<string, HsObject>>;
  readonly properties: Record<HsType, Map<string, HsPropertyDef>>;
  readonly groups: Record<HsType, Map<string, { name: string; label: string; displayOrder: number }>>;
  /** `${type}:${id}` → set of `${type}:${id}` (both directions stored) */
  readonly associations = new Map<string, Set<string>>();
  tokens: Map<string, { scopes: Set<string>; expiresAt?: number; userId?: number; user?: string }>;
  /**
   * The HubSpot user who installs the app when signing in (OAuth): their user id and e-mail go
   * with every token the code exchange issues, as HubSpot's token metadata tells.
   */
  signInUser: { userId: number; email: string } = { userId: 9_000_777, email: 'lucia.martin@iberia.example' };
  refreshTokens = new Map<string, string>();
  /** public apps that may sign users in: client id → secret and redirect URL (OAuth authorization code) */
  /**
   * Registered apps. `scopes`: the app's configured scopes (required and optional); an authorize
   * request must ask every required one in `scope` and nothing the app does not list (in `scope` or
   * `optional_scope`), else HubSpot shows a scope-mismatch page and never redirects. Without
   * `scopes`, any request is taken. Either way the token has the scopes the request asked (`scope`
   * and `optional_scope`) and no other: an endpoint whose scope was not asked answers 403.
   */
  readonly apps = new Map<string, { secret: string; redirectUri: string; scopes?: { required: string[]; optional: string[] } }>();
  private codes = new Map<string, { clientId: string; redirectUri: string; granted: string[] }>();
  private windows = new Map<string, { general: RollingWindow; search: RollingWindow; daily: number }>();
  private nextId = 1000;
  /** the portal's owners (users who may own records), active and deactivated */
  readonly owners: HsOwner[] = [];
  private nextOwnerId = 70_000_001;
  private nextUserId = 9_000_001;
  private mod: ModClock;
  readonly opts: Required<Omit<HubspotFakeOptions, 'now' | 'tokens' | 'linkedinProperty' | 'currencies'>>;
  /** additional currency → its conversion rate into the company currency (EUR) */
  readonly currencies: Record<string, number>;

  constructor(options: HubspotFakeOptions = {}) {
    super(options.now ?? Date.now);
    this.mod = new ModClock(this.now);
    this.opts = {
      tenSecondLimit: options.tenSecondLimit ?? 190,
      searchPerSecond: options.searchPerSecond ?? 5,
      dailyLimit: options.dailyLimit ?? 1_000_000,
      portalId: options.portalId ?? 4481234,
      engagementUniqueIds: options.engagementUniqueIds ?? true,
    };
    this.currencies = { ...(options.currencies ?? { USD: 0.925926 }) };
    this.tokens = new Map(Object.entries(options.tokens ?? { 'pat-na1-test': ALL_SCOPES }).map(([t, s]) => [t, { scopes: new Set(s) }]));
    const make = <T>(f: () => T) => Object.fromEntries(HS_TYPES.map((t) => [t, f()])) as Record<HsType, T>;
    this.objects = make(() => new Map());
    this.groups = make(() => new Map());
    this.properties = make(() => new Map());
    for (const t of HS_TYPES) {
      const info = { name: `${SINGULAR[t]}information`, label: `${SINGULAR[t]} information`, displayOrder: -1 };
      this.groups[t].set(info.name, info);
      for (const [name, type] of [...DEFAULT_PROPS[t], ['hs_object_id', 'number'], ['createdate', 'datetime'], [MODIFIED[t], 'datetime']] as Array<[string, string]>) {
        this.properties[t].set(name, this.def(name, type, info.name, name === 'hs_object_id' || name === 'createdate' || name === MODIFIED[t] || name === LAST_ACTIVITY, true));
      }
    }
    if (options.linkedinProperty === false) this.properties.contacts.delete('hs_linkedin_url');
    // HubSpot's default lifecycle stages (internal values)
    const lifecycle = this.properties.contacts.get('lifecyclestage')!;
    lifecycle.options = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'].map((value) => ({ label: value, value }));
    for (const t of HS_ENGAGEMENTS) {
      for (const [name, values] of Object.entries(ENGAGEMENT_OPTIONS)) {
        const d = this.properties[t].get(name);
        if (d) d.options = values.map((value) => ({ label: value, value }));
      }
    }
  }

  private def(name: string, type: string, groupName: string, readOnly = false, hubspotDefined = false, hasUniqueValue = false): HsPropertyDef {
    return {
      name,
      label: name,
      type,
      fieldType: type === 'number' ? 'number' : type === 'enumeration' ? 'select' : type === 'datetime' || type === 'date' ? 'date' : type === 'bool' ? 'booleancheckbox' : 'text',
      groupName,
      hasUniqueValue,
      options: [],
      ...(hubspotDefined ? { hubspotDefined: true } : {}),
      modificationMetadata: { readOnlyValue: readOnly, archivable: !hubspotDefined, readOnlyDefinition: hubspotDefined },
    };
  }

  // ----- test helpers (what happens in HubSpot without Dealside) -----------------------------

  /** A user added to the portal: HubSpot makes them an owner (its own owner id, and their user id). */
  addOwner(o: { firstName: string; lastName: string; email: string; userId?: number }): HsOwner {
    const iso = new Date(this.now()).toISOString();
    const userId = o.userId ?? this.nextUserId++;
    const owner: HsOwner = { id: String(this.nextOwnerId++), email: o.email, type: 'PERSON', firstName: o.firstName, lastName: o.lastName, userId, userIdIncludingInactive: userId, createdAt: iso, updatedAt: iso, archived: false };
    this.owners.push(owner);
    return owner;
  }

  /** The user is deactivated: the owner is archived and loses its userId (records keep the owner id). */
  deactivateOwner(id: string): void {
    const o = this.owners.find((x) => x.id === id);
    if (!o) throw new Error(`no owner ${id}`);
    o.archived = true;
    o.userId = null;
    o.updatedAt = new Date(this.now()).toISOString();
  }

  /** GET /crm/v3/owners: `limit` (default 100, at most 500), `after`, `archived`, `email`. */
  private listOwners(q: URLSearchParams): FakeResponse {
    const limit = Number(q.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return this.error(400, 'VALIDATION_ERROR', 'limit must be between 1 and 500');
    const archived = q.get('archived') === 'true';
    const email = q.get('email');
    const all = this.owners.filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email.toLowerCase()));
    const start = Number(q.get('after') ?? 0);
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return {
      status: 200,
      body: {
        results: page.map((o) => ({ ...o })),
        ...(next ? { paging: { next: { after: next, link: `https://api.hubapi.com/crm/v3/owners?after=${next}` } } } : {}),
      },
    };
  }

  /** A record made in HubSpot directly (counts as a create). */
  seed(type: HsType, properties: Record<string, string | number | null>, at?: number): HsObject {
    const id = String(this.nextId++);
    const ms = at ?? this.mod.tick();
    const iso = new Date(ms).toISOString();
    const props: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(properties)) props[k] = v === null ? null : String(v);
    const obj: HsObject = { id, properties: { ...props, hs_object_id: id, createdate: iso, [MODIFIED[type]]: iso }, createdAt: iso, updatedAt: iso, archived: false };
    this.objects[type].set(id, obj);
    return obj;
  }

  // crm deletions: archiving moves a record to the recycle bin (listed with ?archived=true and its
  // archivedAt); restoring brings it back and counts as a modification.
  /** Someone deletes (archives) a record in HubSpot. */
  archive(type: HsType, id: string): HsObject {
    const obj = this.objects[type].get(id);
    if (!obj) throw new Error(`no ${type} ${id}`);
    obj.archived = true;
    obj.archivedAt = new Date(this.mod.tick()).toISOString();
    // a deal's line item deleted: HubSpot recalculates the deal's amount and line item count, so the
    // deal is modified; association reads no longer list the archived item
    if (type === 'line_items') for (const d of this.associated('line_items', id, 'deals')) this.write('deals', this.objects.deals.get(d)!, { hs_num_of_associated_line_items: String(this.liveAssociated('deals', d, 'line_items').length) });
    return obj;
  }

  /** Someone restores it from the recycle bin. */
  restore(type: HsType, id: string): HsObject {
    const obj = this.objects[type].get(id);
    if (!obj) throw new Error(`no ${type} ${id}`);
    obj.archived = false;
    delete obj.archivedAt;
    this.write(type, obj, {});
    return obj;
  }

  /** Someone edits a record in HubSpot. */
  edit(type: HsType, id: string, properties: Record<string, string | number | null>): HsObject {
    const obj = this.objects[type].get(id);
    if (!obj) throw new Error(`no ${type} ${id}`);
    this.write(type, obj, properties);
    return obj;
  }

  associate(fromType: HsType, fromId: string, toType: HsType, toId: string): void {
    const a = `${fromType}:${fromId}`;
    const b = `${toType}:${toId}`;
    if (!this.associations.has(a)) this.associations.set(a, new Set());
    if (!this.associations.has(b)) this.associations.set(b, new Set());
    this.associations.get(a)!.add(b);
    this.associations.get(b)!.add(a);
    if (isEngagement(fromType) && !isEngagement(toType)) this.activityOn(toType, toId, fromType, fromId);
    else if (isEngagement(toType) && !isEngagement(fromType)) this.activityOn(fromType, fromId, toType, toId);
  }

  /**
   * An engagement associated with a contact, company or deal: HubSpot moves the record's "Last
   * Activity Date" (notes_last_updated, read-only) to the engagement's time when that is later,
   * which modifies the record.
   */
  private activityOn(type: HsType, id: string, engagementType: HsType, engagementId: string): void {
    if (!this.properties[type].has(LAST_ACTIVITY)) return;
    const record = this.objects[type].get(id);
    const raw = this.objects[engagementType].get(engagementId)?.properties.hs_timestamp;
    if (!record || !raw) return;
    const at = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    const before = record.properties[LAST_ACTIVITY];
    if (!Number.isFinite(at) || (before && Date.parse(before) >= at)) return;
    this.write(type, record, { [LAST_ACTIVITY]: new Date(at).toISOString() });
  }

  /** deal → contact association labels (USER_DEFINED types) an admin or Dealside defined */
  readonly labelDefs: Array<{ typeId: number; inverseTypeId: number; label: string; name: string }> = [];
  /** `${dealId}|${contactId}` → the label type ids on that association */
  readonly labels = new Map<string, Set<number>>();
  private nextTypeId = 100;

  /** An admin adds a custom property in HubSpot's settings (a text field unless told). */
  defineProperty(type: HsType, name: string, label = name, hsType: 'string' | 'number' | 'enumeration' = 'string'): void {
    this.properties[type].set(name, { ...this.def(name, hsType, `${SINGULAR[type]}information`), label });
  }

  /** Someone defines a deal → contact label in HubSpot's settings. */
  defineLabel(label: string, name = label.toLowerCase().replace(/\W+/g, '_')): number {
    const def = { typeId: this.nextTypeId++, inverseTypeId: this.nextTypeId++, label, name };
    this.labelDefs.push(def);
    return def.typeId;
  }

  /** Someone labels a deal's contact in HubSpot (replacing its labels); the contact is associated too. */
  setLabels(dealId: string, contactId: string, typeIds: number[]): void {
    this.associate('deals', dealId, 'contacts', contactId);
    this.labels.set(`${dealId}|${contactId}`, new Set(typeIds));
  }

  labelsOf(dealId: string, contactId: string): string[] {
    return [...(this.labels.get(`${dealId}|${contactId}`) ?? [])].map((t) => this.labelDefs.find((d) => d.typeId === t)!.label).sort();
  }

  private labelTypes(from: HsType, fromId: string, to: HsType, toId: string): Array<{ category: string; typeId: number; label: string }> {
    if (from !== 'deals' || to !== 'contacts') return [];
    return [...(this.labels.get(`${fromId}|${toId}`) ?? [])].map((t) => ({ category: 'USER_DEFINED', typeId: t, label: this.labelDefs.find((d) => d.typeId === t)!.label }));
  }

  /**
   * Association labels (v4): label definitions (GET / POST /crm/v4/associations/deals/contacts/labels,
   * creating needs crm.schemas.deals.write), labelled associations (PUT
   * /crm/v4/objects/deals/{id}/associations/contacts/{id} with [{associationCategory, associationTypeId}],
   * which also makes the default association) and removing labels only
   * (POST …/batch/labels/archive). Only deal → contact labels are modelled.
   */
  private associationLabels(req: FakeRequest, seg: string[], scopes: Set<string>): FakeResponse | undefined {
    const body = req.body;
    if (seg[2] === 'associations' && seg[5] === 'labels' && seg.length === 6) {
      const from = this.typeOf(seg[3]);
      const to = this.typeOf(seg[4]);
      if (!from || !to) return this.error(400, 'VALIDATION_ERROR', 'Unknown object type');
      const pair = from === 'deals' && to === 'contacts';
      if (req.method === 'GET') {
        const typeId = ASSOC_TYPE[`${from}:${to}`] ?? 1;
        const user = pair ? this.labelDefs.map((d) => ({ category: 'USER_DEFINED', typeId: d.typeId, label: d.label })) : [];
        return { status: 200, body: { results: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }, ...user] } };
      }
      if (req.method === 'POST') {
        const denied = this.needScope(scopes, `crm.schemas.${from}.write`);
        if (denied) return denied;
        const b = (body ?? {}) as { label?: unknown; name?: unknown };
        if (typeof b.label !== 'string' || !b.label || typeof b.name !== 'string' || !b.name) return this.error(400, 'VALIDATION_ERROR', 'label and name are required');
        if (!pair) return this.error(400, 'VALIDATION_ERROR', 'This fake models deal → contact labels only');
        if (this.labelDefs.some((d) => d.name === b.name || d.label.toLowerCase() === String(b.label).toLowerCase())) {
          return this.error(400, 'VALIDATION_ERROR', `An association label named '${String(b.name)}' already exists between deals and contacts.`);
        }
        if (this.labelDefs.length >= 50) return this.error(400, 'VALIDATION_ERROR', 'You have reached the limit of 50 association labels for this object pair.');
        const typeId = this.defineLabel(b.label, b.name);
        const def = this.labelDefs.find((d) => d.typeId === typeId)!;
        return { status: 200, body: { results: [{ category: 'USER_DEFINED', typeId: def.typeId, label: def.label }, { category: 'USER_DEFINED', typeId: def.inverseTypeId, label: def.label }] } };
      }
    }
    // PUT /crm/v4/objects/{from}/{fromId}/associations/{to}/{toId}  (labelled)
    if (req.method === 'PUT' && seg[2] === 'objects' && seg[5] === 'associations' && seg[6] !== 'default' && seg.length === 8) {
      const from = this.typeOf(seg[3]);
      const to = this.typeOf(seg[6]);
      if (!from || !to) return this.error(400, 'VALIDATION_ERROR', 'Unknown object type');
      const fromId = seg[4]!;
      const toId = seg[7]!;
      // an archived record (in the recycle bin) cannot be associated
      if (!this.objects[from].get(fromId) || this.objects[from].get(fromId)!.archived || !this.objects[to].get(toId) || this.objects[to].get(toId)!.archived) return this.error(404, 'OBJECT_NOT_FOUND', 'resource not found');
      const types = Array.isArray(body) ? (body as Array<{ associationCategory?: string; associationTypeId?: number }>) : [];
      if (types.length === 0) return this.error(400, 'VALIDATION_ERROR', 'The request body must be a non-empty array of association types.');
      const ids: number[] = [];
      for (const t of types) {
        if (t.associationCategory === 'USER_DEFINED') {
          if (from !== 'deals' || to !== 'contacts' || !this.labelDefs.some((d) => d.typeId === t.associationTypeId)) {
            return this.error(400, 'VALIDATION_ERROR', `associationTypeId ${String(t.associationTypeId)} is not a valid association type between ${from} and ${to}.`);
          }
          ids.push(t.associationTypeId!);
        }
      }
      this.associate(from, fromId, to, toId);
      const key = `${fromId}|${toId}`;
      this.labels.set(key, new Set([...(this.labels.get(key) ?? []), ...ids]));
      const labels = [...this.labels.get(key)!].map((t) => this.labelDefs.find((d) => d.typeId === t)!.label);
      return { status: 201, body: { fromObjectTypeId: seg[3], fromObjectId: Number(fromId), toObjectTypeId: seg[6], toObjectId: Number(toId), labels } };
    }
    // POST /crm/v4/associations/{from}/{to}/batch/labels/archive
    if (req.method === 'POST' && seg[2] === 'associations' && seg[5] === 'batch' && seg[6] === 'labels' && seg[7] === 'archive') {
      const inputs = ((body ?? {}) as { inputs?: Array<{ from: { id: string }; to: { id: string }; types: Array<{ associationTypeId: number }> }> }).inputs ?? [];
      for (const i of inputs) {
        const set = this.labels.get(`${String(i.from.id)}|${String(i.to.id)}`);
        for (const t of i.types) set?.delete(t.associationTypeId);
      }
      return { status: 204 };
    }
    return undefined;
  }

  associated(fromType: HsType, fromId: string, toType: HsType): string[] {
    return [...(this.associations.get(`${fromType}:${fromId}`) ?? [])].filter((k) => k.startsWith(`${toType}:`)).map((k) => k.slice(toType.length + 1));
  }

  /** The associated records not in the recycle bin (line items: an archived one is off its deal). */
  liveAssociated(fromType: HsType, fromId: string, toType: HsType): string[] {
    return this.associated(fromType, fromId, toType).filter((id) => toType !== 'line_items' || !this.objects.line_items.get(id)?.archived);
  }

  /** Objects of a type whose property has this value. */
  find(type: HsType, property: string, value: string): HsObject[] {
    return [...this.objects[type].values()].filter((o) => o.properties[property] === value);
  }

  expireToken(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.expiresAt = 0;
  }

  // ----- server ------------------------------------------------------------------------------

  protected route(req: FakeRequest): string {
    return `${req.method} ${req.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
  }

  private error(status: number, category: string, message: string, extra: Body = {}): FakeResponse {
    return { status, body: { status: 'error', message, correlationId: correlationId(), category, ...extra } };
  }

  protected faultBody(status: number): FakeResponse {
    if (status === 429) {
      return {
        status,
        headers: { 'retry-after': '1' },
        body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: correlationId(), policyName: 'TEN_SECONDLY_ROLLING' },
      };
    }
    if (status === 401) return this.error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    return this.error(status, 'INTERNAL_ERROR', status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'internal error');
  }

  private windowsOf(token: string) {
    let w = this.windows.get(token);
    if (!w) {
      w = { general: new RollingWindow(this.opts.tenSecondLimit, 10_000), search: new RollingWindow(this.opts.searchPerSecond, 1_000), daily: 0 };
      this.windows.set(token, w);
    }
    return w;
  }

  protected handle(req: FakeRequest): FakeResponse {
    // The date-versioned endpoint HubSpot asks for, and v1 (retired on 16 February 2027).
    if ((req.path === '/oauth/2026-03/token' || req.path === '/oauth/v1/token') && req.method === 'POST') return this.oauthToken(req);
    // Served at https://app.hubspot.com/oauth/authorize in HubSpot; here on the fake's own origin.
    if (req.path === '/oauth/authorize' && req.method === 'GET') return this.oauthAuthorize(req);
    // OAuth token metadata: the token in the path, no other credentials (retires with v1)
    if (req.path.startsWith('/oauth/v1/access-tokens/') && req.method === 'GET') return this.tokenMetadata(decodeURIComponent(req.path.slice('/oauth/v1/access-tokens/'.length)));
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const known = this.tokens.get(token);
    if (!known) return this.error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    if (known.expiresAt !== undefined && known.expiresAt <= this.now()) {
      return this.error(401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired 0 second(s) ago.');
    }
    const now = this.now();
    const w = this.windowsOf(token);
    const isSearch = req.method === 'POST' && /^\/crm\/v3\/objects\/[^/]+\/search$/.test(req.path);
    if (isSearch) {
      if (!w.search.hit(now)) {
        return {
          status: 429,
          headers: { 'retry-after': String(w.search.retryAfterSeconds(now)) },
          body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: correlationId(), policyName: 'SECONDLY' },
        };
      }
    } else if (!w.general.hit(now)) {
      return {
        status: 429,
        headers: { ...this.limitHeaders(w, now), 'retry-after': String(w.general.retryAfterSeconds(now)) },
        body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: correlationId(), policyName: 'TEN_SECONDLY_ROLLING' },
      };
    }
    w.daily++;
    const response = this.dispatch(req, known.scopes);
    // Search answers carry no rate-limit headers (as on HubSpot).
    if (!isSearch) response.headers = { ...this.limitHeaders(w, now), ...(response.headers ?? {}) };
    return response;
  }

  private limitHeaders(w: { general: RollingWindow; daily: number }, now: number): Record<string, string> {
    return {
      'x-hubspot-ratelimit-daily': String(this.opts.dailyLimit),
      'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, this.opts.dailyLimit - w.daily)),
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-max': String(this.opts.tenSecondLimit),
      'x-hubspot-ratelimit-remaining': String(w.general.remaining(now)),
    };
  }

  /**
   * GET /oauth/v1/access-tokens/{token}: who installed the app and for which portal. A private
   * app's token is not an OAuth token: HubSpot answers 404 with its error body.
   */
  private tokenMetadata(token: string): FakeResponse {
    const t = this.tokens.get(token);
    if (!t || t.userId === undefined || (t.expiresAt !== undefined && t.expiresAt <= this.now())) {
      return { status: 404, body: { status: 'error', message: 'Token not found', correlationId: correlationId(), category: 'OBJECT_NOT_FOUND' } };
    }
    return {
      status: 200,
      body: {
        token,
        user: t.user,
        hub_domain: `${this.opts.portalId}.hubspot.example`,
        scopes: [...t.scopes],
        hub_id: this.opts.portalId,
        app_id: 31_337,
        expires_in: Math.max(0, Math.round(((t.expiresAt ?? this.now()) - this.now()) / 1000)),
        user_id: t.userId,
        token_type: 'access',
      },
    };
  }

  /** The consent page: the user accepts at once, or an unknown app / redirect is refused. */
  private oauthAuthorize(req: FakeRequest): FakeResponse {
    const q = req.query;
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirect = q.get('redirect_uri') ?? '';
    if (!app || app.redirectUri !== redirect) return { status: 400, headers: { 'content-type': 'text/html' }, body: '<p>Redirect URL mismatch</p>' };
    // HubSpot grants what the install URL asks: its `scope`, and the `optional_scope`s the account has
    const asked = (q.get('scope') ?? '').split(' ').filter(Boolean);
    const optional = (q.get('optional_scope') ?? '').split(' ').filter(Boolean);
    if (app.scopes) {
      const listed = new Set([...app.scopes.required, ...app.scopes.optional]);
      const mismatch =
        app.scopes.required.some((s) => !asked.includes(s)) || asked.some((s) => !listed.has(s)) || optional.some((s) => !app.scopes!.optional.includes(s));
      if (mismatch) {
        return { status: 400, headers: { 'content-type': 'text/html' }, body: '<p>Authorization failed because there is a mismatch between the scopes in the install URL and the app’s configured scopes.</p>' };
      }
    }
    const code = `na1-${this.nextId++}-code`;
    this.codes.set(code, { clientId: q.get('client_id')!, redirectUri: redirect, granted: [...asked, ...optional] });
    return { status: 302, headers: { location: `${redirect}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(q.get('state') ?? '')}` } };
  }

  /** HubSpot's token endpoint insists on the app's client secret, for codes and refreshes alike. */
  private oauthToken(req: FakeRequest): FakeResponse {
    const form = (req.body ?? {}) as Record<string, string>;
    const app = form.client_id ? this.apps.get(form.client_id) : undefined;
    if (app && form.client_secret !== app.secret) {
      return { status: 400, body: { status: 'BAD_CLIENT_SECRET', message: 'missing or invalid client secret', correlationId: correlationId() } };
    }
    if (form.grant_type === 'authorization_code') {
      const code = this.codes.get(form.code ?? '');
      this.codes.delete(form.code ?? '');
      if (!app) return { status: 400, body: { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id', correlationId: correlationId() } };
      if (!code || code.clientId !== form.client_id) return { status: 400, body: { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', correlationId: correlationId() } };
      if (code.redirectUri !== form.redirect_uri) return { status: 400, body: { status: 'BAD_REDIRECT_URI', message: 'redirect_uri does not match', correlationId: correlationId() } };
      const access = `hs-oauth-${this.nextId++}`;
      const refresh = `hs-refresh-${this.nextId++}`;
      const scopes = ALL_SCOPES.filter((s) => code.granted.includes(s));
      this.tokens.set(access, { scopes: new Set(scopes), expiresAt: this.now() + 1800_000, userId: this.signInUser.userId, user: this.signInUser.email });
      this.refreshTokens.set(refresh, access);
      return { status: 200, body: { token_type: 'bearer', refresh_token: refresh, access_token: access, expires_in: 1800 } };
    }
    if (form.grant_type !== 'refresh_token' || !form.refresh_token || !this.refreshTokens.has(form.refresh_token)) {
      return { status: 400, body: { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token', correlationId: correlationId() } };
    }
    const old = this.refreshTokens.get(form.refresh_token)!;
    const before = this.tokens.get(old);
    const scopes = before?.scopes ?? new Set(ALL_SCOPES);
    const access = `hs-oauth-${this.nextId++}`;
    this.tokens.set(access, { scopes: new Set(scopes), expiresAt: this.now() + 1800_000, ...(before?.userId !== undefined ? { userId: before.userId, user: before.user } : {}) });
    this.refreshTokens.set(form.refresh_token, access);
    return { status: 200, body: { token_type: 'bearer', refresh_token: form.refresh_token, access_token: access, expires_in: 1800 } };
  }

  private typeOf(segment: string | undefined): HsType | undefined {
    if (!segment) return undefined;
    if ((HS_TYPES as readonly string[]).includes(segment)) return segment as HsType;
    return TYPE_IDS[segment];
  }

  private needScope(scopes: Set<string>, scope: string): FakeResponse | undefined {
    if (scopes.has(scope)) return undefined;
    return this.error(403, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
      errors: [{ message: `One or more of the following scopes are required.`, context: { requiredGranularScopes: [scope] } }],
    });
  }

  private dispatch(req: FakeRequest, scopes: Set<string>): FakeResponse {
    const seg = req.path.split('/').filter(Boolean);
    const body = (req.body ?? {}) as Body;
    if (req.method === 'GET' && req.path === '/account-info/v3/details') {
      return { status: 200, body: { portalId: this.opts.portalId, accountType: 'STANDARD', timeZone: 'Europe/Madrid', companyCurrency: 'EUR', additionalCurrencies: Object.keys(this.currencies), utcOffset: '+01:00', utcOffsetMilliseconds: 3600000, uiDomain: 'app.hubspot.com', dataHostingLocation: 'eu1' } };
    }
    // the currencies API (settings.currencies.read): the company currency and the current rates
    if (req.method === 'GET' && req.path === '/settings/v3/currencies/company-currency') {
      return this.needScope(scopes, 'settings.currencies.read') ?? { status: 200, body: { currencyCode: 'EUR', createdAt: '2024-01-02T09:00:00Z', id: 'company-currency-EUR' } };
    }
    if (req.method === 'GET' && req.path === '/settings/v3/currencies/exchange-rates/current') {
      const denied = this.needScope(scopes, 'settings.currencies.read');
      if (denied) return denied;
      const at = '2026-01-02T09:00:00Z';
      const results = Object.entries(this.currencies).map(([from, rate], i) => ({ id: String(5000 + i), fromCurrencyCode: from, toCurrencyCode: 'EUR', conversionRate: rate, effectiveAt: at, createdAt: at, updatedAt: at, visibleInUI: true }));
      return { status: 200, body: { results } };
    }
    if (req.method === 'GET' && req.path === '/crm/v3/owners') {
      const denied = this.needScope(scopes, 'crm.objects.owners.read');
      return denied ?? this.listOwners(req.query);
    }
    // /crm/v3/properties/{type}[/groups]
    if (seg[0] === 'crm' && seg[1] === 'v3' && seg[2] === 'properties') {
      const type = this.typeOf(seg[3]);
      if (!type) return this.error(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${seg[3]}`);
      if (seg[4] === 'groups') {
        if (req.method === 'GET') return { status: 200, body: { results: [...this.groups[type].values()].map((g) => ({ ...g, archived: false })) } };
        if (req.method === 'POST') {
          const denied = this.needScope(scopes, `crm.schemas.${scopeOf(type)}.write`);
          if (denied) return denied;
          const name = String(body.name ?? '');
          if (this.groups[type].has(name)) return this.error(409, 'CONFLICT', `A property group named '${name}' already exists.`);
          const g = { name, label: String(body.label ?? name), displayOrder: Number(body.displayOrder ?? -1) };
          this.groups[type].set(name, g);
          return { status: 201, body: { ...g, archived: false } };
        }
      }
      if (req.method === 'GET' && !seg[4]) {
        // Reading a product or line-item property needs the same scope as the records.
        const denied = type === 'products' || type === 'line_items' ? this.needScope(scopes, 'e-commerce') : undefined;
        if (denied) return denied;
        return { status: 200, body: { results: [...this.properties[type].values()] } };
      }
      if (req.method === 'POST' && !seg[4]) {
        const denied = this.needScope(scopes, `crm.schemas.${scopeOf(type)}.write`);
        if (denied) return denied;
        const name = String(body.name ?? '');
        if (this.properties[type].has(name)) return this.error(409, 'CONFLICT', `Property named '${name}' already exists.`);
        if (body.hasUniqueValue === true && isEngagement(type) && !this.opts.engagementUniqueIds) {
          return this.error(400, 'VALIDATION_ERROR', `Unique value properties are not supported for ${type}.`);
        }
        if (!this.groups[type].has(String(body.groupName))) return this.error(400, 'VALIDATION_ERROR', `Property group '${String(body.groupName)}' does not exist.`);
        const d = this.def(name, String(body.type ?? 'string'), String(body.groupName), false, false, body.hasUniqueValue === true);
        d.label = String(body.label ?? name);
        d.fieldType = String(body.fieldType ?? d.fieldType);
        d.options = (body.options as HsPropertyDef['options'] | undefined) ?? [];
        this.properties[type].set(name, d);
        return { status: 201, body: d };
      }
    }
    // /crm/v4/...
    if (seg[0] === 'crm' && seg[1] === 'v4') return this.associationLabels(req, seg, scopes) ?? this.associationsV4(req, seg, body);
    // /crm/v3/objects/{type}/...
    if (seg[0] === 'crm' && seg[1] === 'v3' && seg[2] === 'objects') {
      const type = this.typeOf(seg[3]);
      if (!type) return this.error(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${seg[3]}`);
      const scope = type === 'products' || type === 'line_items' ? 'e-commerce' : `crm.objects.${scopeOf(type)}.${req.method === 'GET' || seg[4] === 'search' || seg[5] === 'read' ? 'read' : 'write'}`;
      const denied = this.needScope(scopes, scope);
      if (denied) return denied;
      if (seg.length === 4 && req.method === 'GET') return this.list(type, req.query);
      if (seg.length === 4 && req.method === 'POST') return this.createOne(type, body);
      if (seg[4] === 'search' && req.method === 'POST') return this.search(type, body);
      if (seg[4] === 'batch' && req.method === 'POST') return this.batch(type, seg[5] ?? '', body);
      if (seg.length === 5) {
        const obj = this.lookup(type, seg[4]!, req.query.get('idProperty'));
        if (!obj) return this.error(404, 'OBJECT_NOT_FOUND', 'resource not found');
        if (req.method === 'GET') return { status: 200, body: this.present(type, obj, this.propsParam(req.query.get('properties'))) };
        if (req.method === 'PATCH') {
          const bad = this.validate(type, (body.properties ?? {}) as Body, obj.id);
          if (bad) return bad;
          this.write(type, obj, (body.properties ?? {}) as Record<string, string | number | null>);
          return { status: 200, body: this.present(type, obj, Object.keys((body.properties ?? {}) as Body)) };
        }
      }
    }
    return this.error(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${req.path}`);
  }

  private propsParam(value: string | null): string[] {
    return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
  }

  private lookup(type: HsType, id: string, idProperty: string | null): HsObject | undefined {
    if (!idProperty || idProperty === 'hs_object_id') {
      const o = this.objects[type].get(id);
      return o && !o.archived ? o : undefined;
    }
    return [...this.objects[type].values()].find((o) => !o.archived && o.properties[idProperty] === id);
  }

  private present(type: HsType, obj: HsObject, props: readonly string[], defaults = true) {
    const names = new Set([...(defaults ? DEFAULT_SEARCH_PROPS[type] : []), ...props]);
    const properties: Record<string, string | null> = {};
    for (const n of names) properties[n] = obj.properties[n] ?? null;
    return { id: obj.id, properties, createdAt: obj.createdAt, updatedAt: obj.updatedAt, archived: obj.archived, ...(obj.archivedAt ? { archivedAt: obj.archivedAt } : {}) };
  }

  /** A 400 / 409 when the properties cannot be written. */
  private validate(type: HsType, props: Body, selfId?: string): FakeResponse | undefined {
    for (const [name, value] of Object.entries(props)) {
      const d = this.properties[type].get(name);
      if (!d) {
        return this.error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"Property \\"${name}\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"${name}"}]`);
      }
      if (d.modificationMetadata.readOnlyValue) return this.error(400, 'VALIDATION_ERROR', `Property values were not valid: "${name}" is a read only property`);
      if (name === 'hubspot_owner_id' && value !== null && value !== '' && !this.owners.some((o) => !o.archived && o.id === String(value))) {
        return this.error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"${String(value)} is not a valid owner id","error":"INVALID_OWNER_ID","name":"${name}"}]`);
      }
      if (d.type === 'number' && value !== null && value !== '' && !Number.isFinite(Number(value))) {
        return this.error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"${String(value)} was not a valid number.","error":"INVALID_FLOAT","name":"${name}"}]`);
      }
      if (d.type === 'enumeration' && d.options.length > 0 && value !== null && value !== '' && !d.options.some((o) => o.value === value)) {
        return this.error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"${String(value)} was not one of the allowed options","error":"INVALID_OPTION","name":"${name}"}]`);
      }
      const unique = d.hasUniqueValue || (type === 'contacts' && name === 'email');
      if (unique && value !== null && value !== '') {
        const other = [...this.objects[type].values()].find((o) => o.id !== selfId && !o.archived && o.properties[name] === String(value));
        if (other) {
          return type === 'contacts' && name === 'email'
            ? this.error(409, 'CONFLICT', `Contact already exists. Existing ID: ${other.id}`)
            : this.error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"${String(value)} already has that value on ${SINGULAR[type]} ${other.id}","error":"INVALID_INTEGER","name":"${name}"}]`);
        }
      }
    }
    return undefined;
  }

  private write(type: HsType, obj: HsObject, props: Record<string, unknown>): void {
    const iso = new Date(this.mod.tick()).toISOString();
    for (const [k, v] of Object.entries(props)) obj.properties[k] = v === null || v === '' ? null : String(v);
    obj.properties[MODIFIED[type]] = iso;
    obj.updatedAt = iso;
  }

  private create(type: HsType, props: Record<string, unknown>): HsObject {
    const obj = this.seed(type, {});
    for (const [k, v] of Object.entries(props)) obj.properties[k] = v === null || v === '' ? null : String(v);
    this.counters.creates++;
    return obj;
  }

  /** A create's input: properties valid, hs_timestamp on engagements, associations to records that exist. */
  private checkCreate(type: HsType, input: Body): { bad?: FakeResponse; links: Array<[HsType, string]> } {
    const props = (input.properties ?? {}) as Body;
    const bad = this.validate(type, props);
    if (bad) return { bad, links: [] };
    if (isEngagement(type) && (props.hs_timestamp === undefined || props.hs_timestamp === null || props.hs_timestamp === '')) {
      return { bad: this.error(400, 'VALIDATION_ERROR', 'Property values were not valid: [{"isValid":false,"message":"hs_timestamp is required","error":"REQUIRED_FIELD","name":"hs_timestamp"}]'), links: [] };
    }
    const links: Array<[HsType, string]> = [];
    for (const a of (input.associations ?? []) as Array<{ to: { id: string | number }; types: Array<{ associationCategory?: string; associationTypeId: number }> }>) {
      const typeId = a.types?.[0]?.associationTypeId;
      const toType = Object.entries(ASSOC_TYPE).find(([k, v]) => k.startsWith(`${type}:`) && v === typeId)?.[0].split(':')[1] as HsType | undefined;
      if (!toType) return { bad: this.error(400, 'VALIDATION_ERROR', `associationTypeId ${String(typeId)} is not a valid association type from ${type}.`), links: [] };
      const target = this.objects[toType].get(String(a.to.id));
      if (!target || target.archived) return { bad: this.error(400, 'VALIDATION_ERROR', `Could not create associations: no ${SINGULAR[toType]} with ID ${String(a.to.id)} exists.`), links: [] };
      links.push([toType, String(a.to.id)]);
    }
    return { links };
  }

  private createOne(type: HsType, body: Body): FakeResponse {
    const props = (body.properties ?? {}) as Body;
    const { bad, links } = this.checkCreate(type, body);
    if (bad) return bad;
    const obj = this.create(type, props);
    for (const [toType, id] of links) this.associate(type, obj.id, toType, id);
    return { status: 201, body: this.present(type, obj, Object.keys(props)) };
  }

  private list(type: HsType, q: URLSearchParams): FakeResponse {
    const limit = Math.min(100, Math.max(1, Number(q.get('limit') ?? 10)));
    const after = q.get('after');
    const props = this.propsParam(q.get('properties'));
    const assocTypes = this.propsParam(q.get('associations')).map((a) => this.typeOf(a) ?? a);
    // ids are handed out in increasing order, so the map's order is the id order
    const all = [...this.objects[type].values()];
    let lo = 0;
    if (after) {
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (Number(all[mid]!.id) < Number(after)) lo = mid + 1;
        else hi = mid;
      }
    }
    const page: HsObject[] = [];
    let i = lo;
    const archived = q.get('archived') === 'true'; // only archived records, or only the others
    for (; i < all.length && page.length < limit; i++) if (all[i]!.archived === archived) page.push(all[i]!);
    while (i < all.length && all[i]!.archived !== archived) i++;
    const next = all[i];
    const results = page.map((o) => {
      const r: Record<string, unknown> = this.present(type, o, props, props.length === 0);
      if (assocTypes.length) {
        const associations: Record<string, unknown> = {};
        for (const t of assocTypes) {
          const ids = this.associated(type, o.id, t as HsType);
          if (ids.length) associations[t] = { results: ids.map((id) => ({ id, type: `${SINGULAR[type]}_to_${SINGULAR[t as HsType] ?? t}` })) };
        }
        if (Object.keys(associations).length) r.associations = associations;
      }
      return r;
    });
    return {
      status: 200,
      body: {
        results,
        ...(next ? { paging: { next: { after: next.id, link: `https://api.hubapi.com/crm/v3/objects/${type}?after=${next.id}` } } } : {}),
      },
    };
  }

  private matches(obj: HsObject, f: { propertyName: string; operator: string; value?: unknown; values?: unknown[] }): boolean {
    const raw = f.propertyName === 'hs_object_id' ? obj.id : obj.properties[f.propertyName];
    const isTime = /date$/.test(f.propertyName) || f.propertyName.endsWith('lastmodifieddate');
    const num = (v: unknown) => (isTime ? (typeof v === 'number' || /^\d+$/.test(String(v)) ? Number(v) : Date.parse(String(v))) : Number(v));
    const cmp = (a: unknown, b: unknown) => {
      const x = num(a);
      const y = num(b);
      if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
      return String(a).localeCompare(String(b));
    };
    switch (f.operator) {
      case 'EQ':
        return raw !== null && raw !== undefined && cmp(raw, f.value) === 0;
      case 'NEQ':
        return raw === null || raw === undefined || cmp(raw, f.value) !== 0;
      case 'GT':
        return raw != null && cmp(raw, f.value) > 0;
      case 'GTE':
        return raw != null && cmp(raw, f.value) >= 0;
      case 'LT':
        return raw != null && cmp(raw, f.value) < 0;
      case 'LTE':
        return raw != null && cmp(raw, f.value) <= 0;
      case 'IN':
        return raw != null && (f.values ?? []).map(String).includes(String(raw));
      case 'HAS_PROPERTY':
        return raw !== null && raw !== undefined && raw !== '';
      case 'NOT_HAS_PROPERTY':
        return raw === null || raw === undefined || raw === '';
      default:
        return false;
    }
  }

  private search(type: HsType, body: Body): FakeResponse {
    const limit = Number(body.limit ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return this.error(400, 'VALIDATION_ERROR', 'limit must be between 1 and 200');
    const after = Number(body.after ?? 0);
    if (after + limit > 10_000) {
      return this.error(400, 'VALIDATION_ERROR', 'There was a problem with the request: the search API returns at most 10,000 results for one query. Narrow the filters (for example on lastmodifieddate) and search again.');
    }
    const groups = (body.filterGroups ?? []) as Array<{ filters: Array<{ propertyName: string; operator: string; value?: unknown; values?: unknown[] }> }>;
    if (groups.length > 5 || groups.some((g) => g.filters.length > 6)) return this.error(400, 'VALIDATION_ERROR', 'Too many filter groups or filters.');
    let all = [...this.objects[type].values()].filter((o) => !o.archived && (groups.length === 0 || groups.some((g) => g.filters.every((f) => this.matches(o, f)))));
    const sorts = (body.sorts ?? []) as Array<{ propertyName: string; direction?: string } | string>;
    const sort = sorts[0];
    const byId = (a: HsObject, b: HsObject) => Number(a.id) - Number(b.id);
    if (sort) {
      const prop = typeof sort === 'string' ? sort.replace(/^-/, '') : sort.propertyName;
      const desc = typeof sort === 'string' ? sort.startsWith('-') : sort.direction === 'DESCENDING';
      const val = (o: HsObject) => (prop === 'hs_object_id' ? Number(o.id) : Date.parse(String(o.properties[prop] ?? '')) || Number(o.properties[prop]) || 0);
      all = all.sort((a, b) => (val(a) - val(b)) * (desc ? -1 : 1) || byId(a, b));
    } else all = all.sort(byId);
    const props = (body.properties ?? []) as string[];
    const page = all.slice(after, after + limit);
    const nextAfter = after + limit;
    return {
      status: 200,
      body: {
        total: all.length,
        results: page.map((o) => this.present(type, o, props, props.length === 0)),
        ...(nextAfter < all.length ? { paging: { next: { after: String(nextAfter) } } } : {}),
      },
    };
  }

  private batch(type: HsType, op: string, body: Body): FakeResponse {
    const inputs = (body.inputs ?? []) as Array<Record<string, unknown>>;
    if (inputs.length > 100) return this.error(400, 'VALIDATION_ERROR', 'Batch inputs must contain at most 100 items.');
    const startedAt = new Date(this.now()).toISOString();
    const done = (results: unknown[], errors: unknown[] = [], status = 200): FakeResponse => ({
      status: errors.length ? 207 : status,
      body: { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), startedAt, completedAt: new Date(this.now()).toISOString() },
    });
    if (op === 'read') {
      const props = (body.properties ?? []) as string[];
      const idProperty = (body.idProperty as string | undefined) ?? null;
      const found: unknown[] = [];
      const missing: string[] = [];
      for (const i of inputs) {
        const o = this.lookup(type, String(i.id), idProperty);
        if (o) found.push(this.present(type, o, props, false));
        else missing.push(String(i.id));
      }
      return done(found, missing.length ? [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some ${SINGULAR[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids: missing } }] : []);
    }
    if (op === 'create') {
      // one bad input fails the batch: nothing is created
      const checked = inputs.map((i) => this.checkCreate(type, i));
      const bad = checked.find((c) => c.bad)?.bad;
      if (bad) return bad;
      return done(
        inputs.map((i, k) => {
          const obj = this.create(type, (i.properties ?? {}) as Body);
          for (const [toType, id] of checked[k]!.links) this.associate(type, obj.id, toType, id);
          return this.present(type, obj, Object.keys((i.properties ?? {}) as Body));
        }),
        [],
        201,
      );
    }
    if (op === 'update') {
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const i of inputs) {
        const o = this.lookup(type, String(i.id), (i.idProperty as string | undefined) ?? null);
        if (!o) {
          missing.push(String(i.id));
          continue;
        }
        const bad = this.validate(type, (i.properties ?? {}) as Body, o.id);
        if (bad) return bad;
      }
      for (const i of inputs) {
        const o = this.lookup(type, String(i.id), (i.idProperty as string | undefined) ?? null);
        if (!o) continue;
        this.write(type, o, (i.properties ?? {}) as Body);
        results.push(this.present(type, o, Object.keys((i.properties ?? {}) as Body), false));
      }
      return done(results, missing.length ? [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not update some ${SINGULAR[type]} objects, they may be deleted or not exist.`, context: { ids: missing } }] : []);
    }
    if (op === 'upsert') {
      const results: unknown[] = [];
      for (const i of inputs) {
        const idProperty = String(i.idProperty ?? '');
        const d = this.properties[type].get(idProperty);
        if (!d || !(d.hasUniqueValue || (type === 'contacts' && idProperty === 'email'))) {
          return this.error(400, 'VALIDATION_ERROR', `Property ${idProperty} is not a unique identifier property for ${SINGULAR[type]}s.`);
        }
        const props = { ...((i.properties ?? {}) as Body), [idProperty]: String(i.id) };
        const existing = this.lookup(type, String(i.id), idProperty);
        const bad = existing ? this.validate(type, props, existing.id) : this.checkCreate(type, { properties: props }).bad;
        if (bad) return bad;
        if (existing) {
          this.write(type, existing, props);
          results.push({ ...this.present(type, existing, Object.keys(props), false), new: false });
        } else {
          results.push({ ...this.present(type, this.create(type, props), Object.keys(props), false), new: true });
        }
      }
      return done(results);
    }
    return this.error(404, 'OBJECT_NOT_FOUND', `No batch operation ${op}`);
  }

  private associationsV4(req: FakeRequest, seg: string[], body: Body): FakeResponse {
    // PUT /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}
    if (req.method === 'PUT' && seg[2] === 'objects' && seg[5] === 'associations' && seg[6] === 'default') {
      const from = this.typeOf(seg[3]);
      const to = this.typeOf(seg[7]);
      if (!from || !to) return this.error(400, 'VALIDATION_ERROR', 'Unknown object type');
      if (!this.objects[from].get(seg[4]!) || this.objects[from].get(seg[4]!)!.archived || !this.objects[to].get(seg[8]!) || this.objects[to].get(seg[8]!)!.archived) return this.error(404, 'OBJECT_NOT_FOUND', 'resource not found');
      this.associate(from, seg[4]!, to, seg[8]!);
      return { status: 200, body: { status: 'COMPLETE', results: [this.assocResult(from, seg[4]!, to, seg[8]!)], startedAt: new Date(this.now()).toISOString(), completedAt: new Date(this.now()).toISOString() } };
    }
    // POST /crm/v4/associations/{from}/{to}/batch/associate/default | batch/read
    if (req.method === 'POST' && seg[2] === 'associations' && seg[5] === 'batch') {
      const from = this.typeOf(seg[3]);
      const to = this.typeOf(seg[4]);
      if (!from || !to) return this.error(400, 'VALIDATION_ERROR', 'Unknown object type');
      const inputs = (body.inputs ?? []) as Array<Record<string, unknown>>;
      if (seg[6] === 'associate' && seg[7] === 'default') {
        if (inputs.length > 2000) return this.error(400, 'VALIDATION_ERROR', 'Batch inputs must contain at most 2000 items.');
        const results: unknown[] = [];
        const errors: unknown[] = [];
        for (const i of inputs) {
          const f = String((i.from as { id: unknown }).id);
          const t = String((i.to as { id: unknown }).id);
          if (!this.objects[from].get(f) || this.objects[from].get(f)!.archived || !this.objects[to].get(t) || this.objects[to].get(t)!.archived) {
            errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${SINGULAR[from]} with ID ${f} or ${SINGULAR[to]} with ID ${t} exists`, context: { fromObjectId: [f], toObjectId: [t] } });
            continue;
          }
          this.associate(from, f, to, t);
          results.push(this.assocResult(from, f, to, t));
        }
        return { status: errors.length ? 207 : 200, body: { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), startedAt: new Date(this.now()).toISOString(), completedAt: new Date(this.now()).toISOString() } };
      }
      if (seg[6] === 'read') {
        if (inputs.length > 1000) return this.error(400, 'VALIDATION_ERROR', 'Batch inputs must contain at most 1000 items.');
        const typeId = ASSOC_TYPE[`${from}:${to}`] ?? 1;
        const results = inputs
          .map((i) => String(i.id))
          .filter((id) => this.liveAssociated(from, id, to).length > 0)
          .map((id) => ({
            from: { id },
            to: this.liveAssociated(from, id, to).map((t) => ({ toObjectId: Number(t), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }, ...this.labelTypes(from, id, to, t)] })),
          }));
        return { status: 200, body: { status: 'COMPLETE', results, startedAt: new Date(this.now()).toISOString(), completedAt: new Date(this.now()).toISOString() } };
      }
    }
    return this.error(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${req.path}`);
  }

  private assocResult(from: HsType, f: string, to: HsType, t: string) {
    return { from: { id: f }, to: { id: t }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: ASSOC_TYPE[`${from}:${to}`] ?? 1 } };
  }
}
