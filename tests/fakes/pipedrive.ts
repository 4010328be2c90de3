// A local fake of the Pipedrive API, following the published shapes:
// - API v2 persons / organizations / deals / products: list with `updated_since`, `sort_by`,
//   `ids`, `limit` (≤ 500) and `additional_data.next_cursor` paging; get, create (POST), update
//   (PATCH); search with `fields=custom_fields` and `exact_match`; custom field values in
//   `custom_fields` by their 40-character keys;
// - API v1 activities (POST /v1/activities; GET /v1/{persons,organizations,deals}/{id}/activities
//   with start / limit paging) of the account's activity types (call, meeting, task, deadline,
//   email, lunch), linked by person_id / org_id / deal_id, and notes (POST /v1/notes, GET
//   /v1/notes?person_id|org_id|deal_id); activities and notes have no custom fields;
// - API v1 field definitions (personFields, organizationFields, dealFields, productFields) with
//   `additional_data.pagination`, creating custom fields, stages, users/me, deal participants;
// - deal products (API v2): GET /api/v2/deals/products?deal_ids=… (required, at most 100 ids, cursor
//   paging, limit ≤ 500) and GET /api/v2/deals/{id}/products, each row {id, deal_id, product_id,
//   item_price, quantity, discount, discount_type, sum, currency, tax, is_enabled, billing_frequency
//   (one-time, weekly, monthly, quarterly, semi-annually, annually), billing_frequency_cycles,
//   billing_start_date, add_time, update_time}; attaching one updates the deal's value and update time,
//   and so does deleting one (DELETE /api/v2/deals/{id}/products/{product_attachment_id});
// - organization relationships (API v1): GET /v1/organizationRelationships?org_id=… (required) lists
//   the relationships the organization is in, each {id, type: 'parent' | 'related', rel_owner_org_id
//   (the parent), rel_linked_org_id (the daughter) — as objects {name, value, …} —, calculated_type
//   ('parent' | 'daughter' | 'related' as seen from org_id), calculated_related_org_id, active_flag,
//   add_time, update_time};
// - users: GET /v1/users (all of the company's users, inactive ones too: id, name, email,
//   active_flag, …), /v1/users/me the token's user (id 1); persons, organizations and deals carry
//   `owner_id` as an integer (API v2; v1 answers an object), the token's user when a create names
//   none, and an owner_id that is not an active user of the company is refused (400);
// - limits: a rolling two-second burst window per token (x-ratelimit-limit / -remaining / -reset)
//   and the company's daily token budget (x-daily-ratelimit-token-limit / -remaining), each call
//   costing tokens; over either: 429 `{success:false, error:'Request over limit'}` with Retry-After;
// - auth with the `x-api-token` header or `api_token` parameter; error bodies
//   `{success:false, error, error_info, data:null, additional_data:null}`.
import { createHash, randomUUID } from 'node:crypto';
import { FakeServer, ModClock, RollingWindow, type FakeRequest, type FakeResponse } from './base';

export const PD_TYPES = ['persons', 'organizations', 'deals', 'products'] as const;
export type PdType = (typeof PD_TYPES)[number];
const FIELD_ROUTE: Record<string, PdType> = { personFields: 'persons', organizationFields: 'organizations', dealFields: 'deals', productFields: 'products' };
const SINGULAR: Record<PdType, string> = { persons: 'person', organizations: 'organization', deals: 'deal', products: 'product' };

export type PdObject = Record<string, unknown> & { id: number; update_time: string; add_time: string; custom_fields: Record<string, unknown> };
/** a lead in the Leads inbox (API v1): uuid id, deal custom fields at the top level by key */
export type PdLead = Record<string, unknown> & { id: string; title: string; is_archived: boolean; add_time: string; update_time: string };
/** an activity or a note (API v1 shapes) */
export type PdActivity = Record<string, unknown> & { id: number; type: string; subject: string; note: string | null; done: boolean; person_id: number | null; org_id: number | null; deal_id: number | null; due_date: string; due_time: string; duration: string; add_time: string; update_time: string };
export type PdNote = Record<string, unknown> & { id: number; content: string; person_id: number | null; org_id: number | null; deal_id: number | null; add_time: string; update_time: string };
/** the default activity types' key_string */
export const PD_ACTIVITY_TYPES = ['call', 'meeting', 'task', 'deadline', 'email', 'lunch'] as const;

/** GET /v1/users' shape (the fields Dealside reads, and a few more) */
export type PdUser = { id: number; name: string; email: string; active_flag: boolean; is_admin: boolean };

export type PdField = { id: number; key: string; name: string; field_type: string; edit_flag: boolean; options?: Array<{ id: number; label: string }> };

export type PipedriveFakeOptions = {
  now?: () => number;
  /** requests per rolling 2 seconds (api_token: Essential 20, Advanced 40, Professional 80, Enterprise 120) */
  burstLimit?: number;
  searchBurstLimit?: number;
  /** the company's daily token budget */
  dailyTokens?: number;
  token?: string;
  /** the search index sees a record only this long after it was added (Pipedrive's lags) */
  searchIndexDelayMs?: number;
};

/** Approximate token costs: v2 endpoints are cheaper than v1, search the dearest. */
function cost(method: string, path: string): number {
  if (path.endsWith('/search')) return 40;
  if (path.startsWith('/v1/')) return method === 'GET' ? 20 : 10;
  return method === 'GET' ? 10 : 5;
}

const rfc3339 = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export class PipedriveFake extends FakeServer {
  readonly objects: Record<PdType, Map<number, PdObject>> = { persons: new Map(), organizations: new Map(), deals: new Map(), products: new Map() };
  readonly fields: Record<PdType, PdField[]> = { persons: [], organizations: [], deals: [], products: [] };
  readonly participants = new Map<number, Set<number>>();
  readonly leads = new Map<string, PdLead>();
  /** the company's users; the first is the token's (users/me) */
  readonly users: PdUser[] = [{ id: 1, name: 'Rep One', email: 'rep@iberia.example', active_flag: true, is_admin: true }];
  readonly activities = new Map<number, PdActivity>();
  /** products attached to deals (GET /api/v2/deals/products) */
  readonly dealProducts = new Map<number, Record<string, unknown> & { id: number; deal_id: number }>();
  readonly notes = new Map<number, PdNote>();
  /** organization relationships: type 'parent' (owner = the parent, linked = the daughter) or 'related' */
  readonly orgRelationships = new Map<number, { id: number; type: 'parent' | 'related'; owner: number; linked: number; add_time: string; update_time: string }>();
  readonly stages = [
    { id: 1, name: 'Qualified', order_nr: 1, pipeline_id: 1 },
    { id: 2, name: 'Contact Made', order_nr: 2, pipeline_id: 1 },
    { id: 3, name: 'Demo Scheduled', order_nr: 3, pipeline_id: 1 },
    { id: 4, name: 'Proposal Made', order_nr: 4, pipeline_id: 1 },
    { id: 5, name: 'Negotiations Started', order_nr: 5, pipeline_id: 1 },
  ];
  token: string;
  burst: RollingWindow;
  searchBurst: RollingWindow;
  tokensLeft: number;
  readonly dailyTokens: number;
  private nextId = 1;
  private fieldId = 9000;
  searchIndexDelayMs: number;
  private mod: ModClock;

  constructor(options: PipedriveFakeOptions = {}) {
    super(options.now ?? Date.now);
    this.mod = new ModClock(this.now);
    this.token = options.token ?? 'pd-api-token-0123456789abcdef';
    this.burst = new RollingWindow(options.burstLimit ?? 80, 2000);
    this.searchBurst = new RollingWindow(options.searchBurstLimit ?? 10, 2000);
    this.dailyTokens = options.dailyTokens ?? 300_000;
    this.tokensLeft = this.dailyTokens;
    this.searchIndexDelayMs = options.searchIndexDelayMs ?? 0;
    const std = (t: PdType, names: Array<[string, string, string]>) => {
      this.fields[t] = names.map(([key, name, field_type]) => ({ id: this.fieldId++, key, name, field_type, edit_flag: false }));
    };
    std('persons', [['name', 'Name', 'varchar'], ['first_name', 'First name', 'varchar'], ['last_name', 'Last name', 'varchar'], ['emails', 'Email', 'varchar'], ['phones', 'Phone', 'phone'], ['job_title', 'Job title', 'varchar'], ['org_id', 'Organization', 'org'], ['update_time', 'Update time', 'date'], ['last_activity_date', 'Last activity date', 'date']]);
    std('organizations', [['name', 'Name', 'varchar'], ['address', 'Address', 'address'], ['update_time', 'Update time', 'date'], ['last_activity_date', 'Last activity date', 'date']]);
    std('deals', [['title', 'Title', 'varchar'], ['value', 'Value', 'monetary'], ['currency', 'Currency', 'varchar'], ['status', 'Status', 'status'], ['stage_id', 'Stage', 'stage'], ['expected_close_date', 'Expected close date', 'date'], ['person_id', 'Contact person', 'people'], ['org_id', 'Organization', 'org'], ['last_activity_date', 'Last activity date', 'date']]);
    std('products', [['name', 'Name', 'varchar'], ['code', 'Product code', 'varchar'], ['unit', 'Unit', 'varchar'], ['prices', 'Price', 'price'], ['category', 'Category', 'enum']]);
  }

  /** the token's user is an admin (only admins may add custom fields) */
  admin = true;

  /** a custom field an admin (or Dealside) created: its 40-character key */
  addField(type: PdType, name: string, fieldType = 'varchar', options?: readonly string[]): PdField {
    const key = createHash('sha1').update(`${type}:${name}:${this.fieldId}`).digest('hex');
    const f: PdField = { id: this.fieldId++, key, name, field_type: fieldType, edit_flag: true };
    // enum / set fields: each option gets its own id (values are written and read as option ids)
    if (fieldType === 'enum' || fieldType === 'set') f.options = (options ?? []).map((label) => ({ id: this.fieldId++, label }));
    this.fields[type].push(f);
    return f;
  }

  fieldKey(type: PdType, name: string): string | undefined {
    return this.fields[type].find((f) => f.name === name)?.key;
  }

  /** Someone adds a user to the company. */
  addUser(name: string, email: string, options: { active?: boolean } = {}): PdUser {
    const user: PdUser = { id: Math.max(...this.users.map((u) => u.id)) + 1, name, email, active_flag: options.active !== false, is_admin: false };
    this.users.push(user);
    return user;
  }

  /**
   * Someone attaches a product to a deal in Pipedrive: `sum` is item_price × quantity less a
   * percentage discount, and the deal's value (the sum of its products) and update time move.
   */
  attachProduct(dealId: number, values: { product_id: number; item_price: number; quantity: number; discount?: number; billing_frequency?: string; billing_frequency_cycles?: number | null }): Record<string, unknown> {
    const deal = this.objects.deals.get(dealId);
    if (!deal) throw new Error(`no deal ${dealId}`);
    const t = rfc3339(this.mod.tick());
    const discount = values.discount ?? 0;
    const row = {
      id: this.nextId++,
      deal_id: dealId,
      product_id: values.product_id,
      item_price: values.item_price,
      quantity: values.quantity,
      discount,
      discount_type: 'percentage',
      sum: Math.round(values.item_price * values.quantity * (1 - discount / 100) * 100) / 100,
      currency: deal.currency ?? 'EUR',
      tax: 0,
      tax_method: 'none',
      is_enabled: true,
      comments: null,
      product_variation_id: null,
      billing_frequency: values.billing_frequency ?? 'one-time',
      billing_frequency_cycles: values.billing_frequency_cycles ?? null,
      billing_start_date: null,
      add_time: t,
      update_time: t,
    };
    this.dealProducts.set(row.id, row);
    deal.value = [...this.dealProducts.values()].filter((p) => p.deal_id === dealId).reduce((n, p) => n + Number(p.sum), 0);
    deal.update_time = t;
    return row;
  }

  /**
   * Someone removes a product from a deal in Pipedrive (DELETE /api/v2/deals/{id}/products/{attachment
   * id}): the deal's value and update time move, as when one is attached.
   */
  detachProduct(dealId: number, attachmentId: number): void {
    const deal = this.objects.deals.get(dealId);
    if (!deal || !this.dealProducts.has(attachmentId)) throw new Error(`no product ${attachmentId} on deal ${dealId}`);
    this.dealProducts.delete(attachmentId);
    deal.value = [...this.dealProducts.values()].filter((p) => p.deal_id === dealId).reduce((n, p) => n + Number(p.sum), 0);
    deal.update_time = rfc3339(this.mod.tick());
  }

  /** Someone links two organizations in Pipedrive: `parent` is the parent of `daughter` (or 'related'). */
  relate(parent: number, daughter: number, type: 'parent' | 'related' = 'parent'): number {
    const t = rfc3339(this.mod.tick());
    const id = this.nextId++;
    this.orgRelationships.set(id, { id, type, owner: parent, linked: daughter, add_time: t, update_time: t });
    return id;
  }

  /** GET /v1/organizationRelationships?org_id=…: the relationships of one organization, as seen from it. */
  private orgRelationshipsRoute(q: URLSearchParams): FakeResponse {
    const orgId = Number(q.get('org_id'));
    if (!q.get('org_id') || !Number.isInteger(orgId)) return this.fail(400, 'org_id is required');
    const org = (id: number) => {
      const o = this.objects.organizations.get(id);
      return { name: o?.name ?? null, people_count: 0, owner_id: o?.owner_id ?? null, address: null, active_flag: !o?.deleted, cc_email: null, value: id };
    };
    const rows = [...this.orgRelationships.values()]
      .filter((r) => r.owner === orgId || r.linked === orgId)
      .map((r) => {
        const other = r.owner === orgId ? r.linked : r.owner;
        const calculated = r.type === 'related' ? 'related' : r.owner === orgId ? 'daughter' : 'parent';
        return { id: r.id, type: r.type, rel_owner_org_id: org(r.owner), rel_linked_org_id: org(r.linked), add_time: r.add_time.replace('T', ' ').replace('Z', ''), update_time: r.update_time.replace('T', ' ').replace('Z', ''), active_flag: true, calculated_type: calculated, calculated_related_org_id: other, related_organization_name: this.objects.organizations.get(other)?.name ?? null };
      });
    return this.ok(rows.length ? rows : null, { pagination: { start: 0, limit: 100, more_items_in_collection: false } });
  }

  /** A record made in Pipedrive directly (owned by the token's user unless it says). */
  seed(type: PdType, values: Record<string, unknown>, at?: number): PdObject {
    const t = rfc3339(at ?? this.mod.tick());
    const obj: PdObject = { custom_fields: {}, ...(type === 'products' ? {} : { owner_id: this.users[0]!.id }), ...values, id: this.nextId++, add_time: t, update_time: t };
    if (type === 'persons' && !obj.name) obj.name = `${String(obj.first_name ?? '')} ${String(obj.last_name ?? '')}`.trim();
    if (type === 'deals') obj.status ??= 'open';
    if (type === 'deals') wonOrLost(obj);
    this.objects[type].set(obj.id, obj);
    return obj;
  }

  edit(type: PdType, id: number, values: Record<string, unknown>): PdObject {
    const obj = this.objects[type].get(id)!;
    this.apply(obj, values);
    return obj;
  }

  // ----- crm deletions and leads -------------------------------------------------------------
  // Deleting marks a person / organization inactive (active_flag false) and a deal `deleted`; v2
  // lists and reads leave them out, /v1/recents still lists them (with their update_time), and a
  // restore brings them back as a modification. Leads: /v1/leads (start/limit, archived_status,
  // sort), GET / PATCH / DELETE /v1/leads/{uuid}; they share the deals' custom fields.

  /** Someone deletes a record in Pipedrive. */
  remove(type: PdType, id: number): PdObject {
    const obj = this.objects[type].get(id)!;
    obj.deleted = true;
    if (type === 'deals') obj.status = 'deleted';
    else obj.active_flag = false;
    obj.update_time = rfc3339(this.mod.tick());
    return obj;
  }

  /** Someone restores it (within Pipedrive's 30 days). */
  restore(type: PdType, id: number): PdObject {
    const obj = this.objects[type].get(id)!;
    delete obj.deleted;
    if (type === 'deals') obj.status = 'open';
    else obj.active_flag = true;
    obj.update_time = rfc3339(this.mod.tick());
    return obj;
  }

  seedLead(values: Record<string, unknown>): PdLead {
    const t = new Date(this.mod.tick()).toISOString();
    const lead: PdLead = { owner_id: 1, person_id: null, organization_id: null, value: null, expected_close_date: null, label_ids: [], ...values, id: randomUUID(), title: String(values.title ?? '(no title)'), is_archived: !!values.is_archived, add_time: t, update_time: t };
    this.leads.set(lead.id, lead);
    return lead;
  }

  editLead(id: string, values: Record<string, unknown>): PdLead {
    const lead = this.leads.get(id)!;
    Object.assign(lead, values, { id, update_time: new Date(this.mod.tick()).toISOString() });
    return lead;
  }

  private leadsRoute(req: FakeRequest, seg: string[], body: Record<string, unknown>): FakeResponse {
    if (!seg[2] && req.method === 'GET') {
      const start = Number(req.query.get('start') ?? 0);
      const limit = Math.min(500, Number(req.query.get('limit') ?? 100));
      const status = req.query.get('archived_status') ?? 'all';
      let all = [...this.leads.values()].filter((l) => status === 'all' || (status === 'archived') === l.is_archived);
      const [field, dir] = (req.query.get('sort') ?? 'add_time ASC').split(/\s+/);
      const key = field === 'update_time' ? 'update_time' : 'add_time';
      all = all.sort((a, b) => (Date.parse(a[key]) - Date.parse(b[key]) || (a.id < b.id ? -1 : 1)) * (dir?.toUpperCase() === 'DESC' ? -1 : 1));
      const more = start + limit < all.length;
      return this.ok(all.slice(start, start + limit), { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } });
    }
    const lead = this.leads.get(String(seg[2]));
    if (!lead) return this.fail(404, 'Lead not found');
    if (req.method === 'GET') return this.ok(lead);
    if (req.method === 'DELETE') {
      this.leads.delete(lead.id);
      return this.ok({ id: lead.id });
    }
    if (req.method === 'PATCH') {
      for (const k of Object.keys(body)) {
        if (/^[0-9a-f]{40}$/.test(k) && !this.fields.deals.some((f) => f.key === k)) return this.fail(400, `Custom field with key '${k}' does not exist`);
      }
      if (body.owner_id !== undefined && !this.users.some((u) => u.id === body.owner_id && u.active_flag)) return this.fail(400, `Validation failed: owner_id: user ${String(body.owner_id)} does not exist or is not active`);
      const value = body.value as { amount?: unknown; currency?: unknown } | null | undefined;
      if (value && (typeof value.amount !== 'number' || typeof value.currency !== 'string')) return this.fail(400, 'Lead value must have a numeric amount and a currency');
      return this.ok(this.editLead(lead.id, body));
    }
    return this.fail(404, 'Unknown method .');
  }

  /** /v1/recents: what changed since a time, deleted records included, oldest first. */
  private recents(q: URLSearchParams): FakeResponse {
    const since = Date.parse(`${(q.get('since_timestamp') ?? '').replace(' ', 'T')}Z`);
    if (!Number.isFinite(since)) return this.fail(400, 'since_timestamp is required');
    const items = (q.get('items') ?? 'deal,person,organization').split(',');
    const start = Number(q.get('start') ?? 0);
    const limit = Math.min(500, Number(q.get('limit') ?? 100));
    const rows: Array<{ item: string; id: number; data: Record<string, unknown>; at: number }> = [];
    for (const type of ['deals', 'persons', 'organizations'] as const) {
      if (!items.includes(SINGULAR[type])) continue;
      for (const o of this.objects[type].values()) {
        const at = Date.parse(o.update_time);
        if (at < since) continue;
        const data = type === 'deals' ? { ...o, deleted: !!o.deleted, active: !o.deleted } : { ...o, active_flag: !o.deleted };
        rows.push({ item: SINGULAR[type], id: o.id, data, at });
      }
    }
    rows.sort((a, b) => a.at - b.at || a.id - b.id);
    const page = rows.slice(start, start + limit);
    const more = start + limit < rows.length;
    const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    return this.ok(
      page.map(({ item, id, data }) => ({ item, id, data })),
      { since_timestamp: stamp(since), last_timestamp_on_page: stamp(page.length ? page[page.length - 1]!.at : since), pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } },
    );
  }

  find(type: PdType, fieldName: string, value: unknown): PdObject[] {
    return [...this.objects[type].values()].filter((o) => (o.custom_fields[fieldName] ?? o[fieldName]) === value);
  }

  private apply(obj: PdObject, values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) {
      if (k === 'custom_fields') obj.custom_fields = { ...obj.custom_fields, ...(v as Record<string, unknown>) };
      else if (k !== 'id') obj[k] = v;
    }
    if ('first_name' in values || 'last_name' in values) obj.name = `${String(obj.first_name ?? '')} ${String(obj.last_name ?? '')}`.trim();
    obj.update_time = rfc3339(this.mod.tick());
    wonOrLost(obj);
  }

  // ----- server ------------------------------------------------------------------------------

  protected route(req: FakeRequest): string {
    return `${req.method} ${req.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
  }

  private fail(status: number, error: string, info = 'Please check developers.pipedrive.com for more information about Pipedrive API.'): FakeResponse {
    return { status, body: { success: false, error, error_info: info, data: null, additional_data: null } };
  }

  protected faultBody(status: number): FakeResponse {
    if (status === 429) return { ...this.fail(429, 'Request over limit'), headers: { 'retry-after': '2', 'x-ratelimit-reset': '2' } };
    if (status === 401) return this.fail(401, 'unauthorized access');
    return this.fail(status, status === 503 ? 'Service Unavailable' : 'Internal server error');
  }

  protected handle(req: FakeRequest): FakeResponse {
    const token = (req.headers['x-api-token'] as string | undefined) ?? req.query.get('api_token');
    if (token !== this.token) return this.fail(401, 'unauthorized access');
    const now = this.now();
    const isSearch = req.path.endsWith('/search');
    const headers = (): Record<string, string> => ({
      'x-ratelimit-limit': String(this.burst.limit),
      'x-ratelimit-remaining': String(this.burst.remaining(now)),
      'x-ratelimit-reset': String(Math.ceil(this.burst.resetMs(now) / 1000)),
      'x-daily-ratelimit-token-limit': String(this.dailyTokens),
      'x-daily-ratelimit-token-remaining': String(Math.max(0, this.tokensLeft)),
    });
    const price = cost(req.method, req.path);
    if (this.tokensLeft < price) return { ...this.fail(429, 'Request over limit', 'The daily token budget of this company is used up.'), headers: headers() };
    if ((isSearch && !this.searchBurst.hit(now)) || !this.burst.hit(now)) {
      const wait = Math.max(1, Math.ceil(Math.max(this.burst.resetMs(now), isSearch ? this.searchBurst.resetMs(now) : 0) / 1000));
      return { ...this.fail(429, 'Request over limit'), headers: { ...headers(), 'retry-after': String(wait) } };
    }
    this.tokensLeft -= price;
    const res = this.dispatch(req);
    return { ...res, headers: { ...headers(), ...(res.headers ?? {}) } };
  }

  private ok(data: unknown, additional: unknown = null, status = 200): FakeResponse {
    return { status, body: { success: true, data, additional_data: additional } };
  }

  private dispatch(req: FakeRequest): FakeResponse {
    const seg = req.path.split('/').filter(Boolean);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (seg[0] === 'v1') {
      if (seg[1] === 'users' && seg[2] === 'me') return this.ok({ id: 1, name: 'Rep One', email: 'rep@iberia.example', company_id: 777, company_name: 'Iberia Analytics', company_domain: 'iberia-analytics' });
      if (seg[1] === 'users' && !seg[2] && req.method === 'GET') return this.ok(this.users.map((u) => ({ ...u })));
      if (seg[1] === 'leads') return this.leadsRoute(req, seg, body);
      if (seg[1] === 'recents' && req.method === 'GET') return this.recents(req.query);
      if (seg[1] === 'organizationRelationships' && !seg[2] && req.method === 'GET') return this.orgRelationshipsRoute(req.query);
      if (seg[1] === 'stages') return this.ok(this.stages, { pagination: { start: 0, limit: 100, more_items_in_collection: false } });
      const fieldType = FIELD_ROUTE[seg[1] ?? ''];
      if (fieldType && req.method === 'GET') {
        const start = Number(req.query.get('start') ?? 0);
        const limit = Math.min(500, Number(req.query.get('limit') ?? 100));
        const all = this.fields[fieldType];
        const more = start + limit < all.length;
        return this.ok(all.slice(start, start + limit), { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } });
      }
      if (fieldType && req.method === 'POST') {
        if (!this.admin) return this.fail(403, 'You do not have permission to manage fields. Only admin users can add custom fields.');
        if (!body.name || !body.field_type) return this.fail(400, 'Field name and field_type are required');
        const type = String(body.field_type);
        const options = Array.isArray(body.options) ? (body.options as Array<{ label?: unknown }>).map((o) => String(o.label ?? '')) : undefined;
        if ((type === 'enum' || type === 'set') && (!options || options.length === 0 || options.some((o) => !o))) return this.fail(400, 'Options are required for field types enum and set');
        return this.ok(this.addField(fieldType, String(body.name), type, options), null, 201);
      }
      if (seg[1] === 'activities' || seg[1] === 'notes' || seg[3] === 'activities') return this.activitiesRoute(req, seg, body);
      if (seg[1] === 'deals' && seg[3] === 'participants') {
        const dealId = Number(seg[2]);
        if (!this.objects.deals.has(dealId)) return this.fail(404, 'Deal not found');
        const set = this.participants.get(dealId) ?? new Set<number>();
        this.participants.set(dealId, set);
        if (req.method === 'GET') return this.ok([...set].map((p, i) => ({ id: i + 1, person_id: { value: p }, active_flag: true })), { pagination: { start: 0, limit: 100, more_items_in_collection: false } });
        if (req.method === 'POST') {
          const personId = Number(body.person_id);
          if (!this.objects.persons.has(personId)) return this.fail(400, 'Person not found');
          set.add(personId);
          return this.ok({ id: set.size, person_id: { value: personId } }, null, 201);
        }
      }
      return this.fail(404, 'Unknown method .');
    }
    if (seg[0] === 'api' && seg[1] === 'v2') {
      const type = seg[2] as PdType;
      if (!PD_TYPES.includes(type)) return this.fail(404, 'Unknown method .');
      if (seg[3] === 'search' && req.method === 'GET') return this.search(type, req.query);
      if (type === 'deals' && req.method === 'GET' && (seg[3] === 'products' || seg[4] === 'products')) return this.dealProductsRoute(seg, req.query);
      if (type === 'deals' && req.method === 'DELETE' && seg[4] === 'products' && seg[5]) {
        const deal = this.objects.deals.get(Number(seg[3]));
        const row = this.dealProducts.get(Number(seg[5]));
        if (!deal || !row || row.deal_id !== deal.id) return this.fail(404, 'Deal product not found');
        this.detachProduct(deal.id, row.id);
        return this.ok({ id: row.id });
      }
      if (seg.length === 3 && req.method === 'GET') return this.list(type, req.query);
      if (seg.length === 3 && req.method === 'POST') {
        const bad = this.validate(type, body);
        if (bad) return bad;
        const obj = this.seed(type, {});
        this.apply(obj, body);
        this.counters.creates++;
        return this.ok(obj);
      }
      const found = this.objects[type].get(Number(seg[3]));
      const obj = found && !found.deleted ? found : undefined;
      if (!obj) return this.fail(404, `${SINGULAR[type][0]!.toUpperCase()}${SINGULAR[type].slice(1)} not found`);
      if (req.method === 'GET') return this.ok(obj);
      if (req.method === 'PATCH') {
        const bad = this.validate(type, body);
        if (bad) return bad;
        this.apply(obj, body);
        return this.ok(obj);
      }
    }
    return this.fail(404, 'Unknown method .');
  }

  /** v1 activities and notes: create, and list those of a person / organization / deal. */
  private activitiesRoute(req: FakeRequest, seg: string[], body: Record<string, unknown>): FakeResponse {
    const page = <T>(all: T[]) => {
      const start = Number(req.query.get('start') ?? 0);
      const limit = Math.min(500, Number(req.query.get('limit') ?? 100));
      const more = start + limit < all.length;
      return this.ok(all.slice(start, start + limit), { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } });
    };
    const links = (): { bad?: FakeResponse; person_id: number | null; org_id: number | null; deal_id: number | null } => {
      const out = { person_id: null as number | null, org_id: null as number | null, deal_id: null as number | null };
      for (const [key, type] of [['person_id', 'persons'], ['org_id', 'organizations'], ['deal_id', 'deals']] as const) {
        const v = body[key];
        if (v === undefined || v === null) continue;
        const o = this.objects[type].get(Number(v));
        if (!o || o.deleted) return { ...out, bad: this.fail(400, `${SINGULAR[type][0]!.toUpperCase()}${SINGULAR[type].slice(1)} not found`) };
        out[key] = Number(v);
      }
      return out;
    };
    const t = rfc3339(this.mod.tick()).replace('T', ' ').replace('Z', '');
    if (seg[1] === 'activities' && !seg[2] && req.method === 'POST') {
      const type = String(body.type ?? 'task');
      if (!(PD_ACTIVITY_TYPES as readonly string[]).includes(type)) return this.fail(400, `Invalid activity type: ${type}`);
      if (body.due_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.due_date))) return this.fail(400, 'Invalid due_date: expected YYYY-MM-DD');
      if (body.due_time !== undefined && !/^\d{2}:\d{2}$/.test(String(body.due_time))) return this.fail(400, 'Invalid due_time: expected HH:MM');
      if (body.duration !== undefined && !/^\d{2}:\d{2}$/.test(String(body.duration))) return this.fail(400, 'Invalid duration: expected HH:MM');
      const l = links();
      if (l.bad) return l.bad;
      const a: PdActivity = {
        id: this.nextId++,
        type,
        subject: String(body.subject ?? type[0]!.toUpperCase() + type.slice(1)),
        note: body.note === undefined ? null : String(body.note),
        done: body.done === 1 || body.done === true || body.done === '1',
        due_date: String(body.due_date ?? t.slice(0, 10)),
        due_time: String(body.due_time ?? ''),
        duration: String(body.duration ?? ''),
        person_id: l.person_id,
        org_id: l.org_id,
        deal_id: l.deal_id,
        user_id: 1,
        add_time: t,
        update_time: t,
      };
      this.activities.set(a.id, a);
      this.counters.creates++;
      // a done activity moves its person's, organization's and deal's last_activity_date (read-only)
      if (a.done) {
        for (const [type, id] of [['persons', a.person_id], ['organizations', a.org_id], ['deals', a.deal_id]] as const) {
          const obj = id === null ? undefined : this.objects[type].get(id);
          if (obj && !(typeof obj.last_activity_date === 'string' && obj.last_activity_date >= a.due_date)) this.apply(obj, { last_activity_date: a.due_date });
        }
      }
      return this.ok(a, null, 201);
    }
    if (seg[1] === 'notes' && !seg[2] && req.method === 'POST') {
      if (!body.content) return this.fail(400, 'Content is required');
      const l = links();
      if (l.bad) return l.bad;
      if (l.person_id === null && l.org_id === null && l.deal_id === null && !body.lead_id) return this.fail(400, 'Either deal_id, person_id, org_id or lead_id is required');
      const n: PdNote = { id: this.nextId++, content: String(body.content), person_id: l.person_id, org_id: l.org_id, deal_id: l.deal_id, user_id: 1, add_time: t, update_time: t };
      this.notes.set(n.id, n);
      this.counters.creates++;
      return this.ok(n, null, 201);
    }
    if (seg[1] === 'notes' && !seg[2] && req.method === 'GET') {
      const filter = (['person_id', 'org_id', 'deal_id'] as const).find((k) => req.query.get(k));
      return page([...this.notes.values()].filter((n) => !filter || n[filter] === Number(req.query.get(filter))));
    }
    if (seg[3] === 'activities' && req.method === 'GET') {
      const type = seg[1] as PdType;
      const key = type === 'persons' ? 'person_id' : type === 'organizations' ? 'org_id' : type === 'deals' ? 'deal_id' : undefined;
      if (!key || !this.objects[type].get(Number(seg[2]))) return this.fail(404, 'Not found');
      const done = req.query.get('done');
      return page([...this.activities.values()].filter((a) => a[key] === Number(seg[2]) && (done === null || a.done === (done === '1'))));
    }
    return this.fail(404, 'Unknown method .');
  }

  private validate(type: PdType, body: Record<string, unknown>): FakeResponse | undefined {
    for (const key of Object.keys((body.custom_fields ?? {}) as Record<string, unknown>)) {
      const def = this.fields[type].find((f) => f.key === key);
      if (!def) return this.fail(400, `Custom field with key '${key}' does not exist`);
      const value = (body.custom_fields as Record<string, unknown>)[key];
      if (def.field_type === 'enum' && value !== null && value !== undefined && !(def.options ?? []).some((o) => o.id === value)) {
        return this.fail(400, `Invalid option for field '${def.name}': ${String(value)} is not one of the option ids`);
      }
    }
    if (body.owner_id !== undefined && type !== 'products') {
      const owner = this.users.find((u) => u.id === body.owner_id);
      if (!owner || !owner.active_flag) return this.fail(400, `Validation failed: owner_id: user ${String(body.owner_id)} does not exist or is not active`);
    }
    if (type === 'deals' && body.status !== undefined && !['open', 'won', 'lost'].includes(String(body.status))) return this.fail(400, 'Invalid status');
    if (type === 'deals' && body.value !== undefined && body.value !== null && typeof body.value !== 'number') return this.fail(400, 'Value must be a number');
    return undefined;
  }

  private list(type: PdType, q: URLSearchParams): FakeResponse {
    const limit = Math.min(500, Math.max(1, Number(q.get('limit') ?? 100)));
    const offset = q.get('cursor') ? Number(Buffer.from(q.get('cursor')!, 'base64url').toString()) : 0;
    let all = [...this.objects[type].values()].filter((o) => !o.deleted);
    const ids = q.get('ids');
    if (ids) {
      const set = new Set(ids.split(',').map(Number));
      all = all.filter((o) => set.has(o.id));
    }
    const since = q.get('updated_since');
    if (since) all = all.filter((o) => Date.parse(o.update_time) >= Date.parse(since));
    const sortBy = q.get('sort_by') ?? 'id';
    const desc = q.get('sort_direction') === 'desc';
    all.sort((a, b) => (sortBy === 'update_time' ? Date.parse(a.update_time) - Date.parse(b.update_time) || a.id - b.id : a.id - b.id) * (desc ? -1 : 1));
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
    return this.ok(page, { next_cursor: next });
  }

  /** GET /api/v2/deals/products?deal_ids=… and GET /api/v2/deals/{id}/products, in id order. */
  private dealProductsRoute(seg: string[], q: URLSearchParams): FakeResponse {
    let ids: Set<number>;
    if (seg[3] === 'products') {
      const raw = q.get('deal_ids');
      if (!raw) return this.fail(400, 'deal_ids is required');
      ids = new Set(raw.split(',').map(Number));
      if (ids.size > 100) return this.fail(400, 'A maximum of 100 deal IDs can be provided');
    } else {
      const deal = this.objects.deals.get(Number(seg[3]));
      if (!deal || deal.deleted) return this.fail(404, 'Deal not found');
      ids = new Set([deal.id]);
    }
    const limit = Math.min(500, Math.max(1, Number(q.get('limit') ?? 100)));
    const offset = q.get('cursor') ? Number(Buffer.from(q.get('cursor')!, 'base64url').toString()) : 0;
    const all = [...this.dealProducts.values()].filter((p) => ids.has(p.deal_id)).sort((a, b) => a.id - b.id);
    const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
    return this.ok(all.slice(offset, offset + limit).map((p) => ({ ...p })), { next_cursor: next });
  }

  private search(type: PdType, q: URLSearchParams): FakeResponse {
    const term = q.get('term') ?? '';
    const exact = q.get('exact_match') === 'true';
    if (!exact && term.length < 2) return this.fail(400, 'The term must be at least 2 characters long');
    const fields = (q.get('fields') ?? 'custom_fields').split(',');
    const hit = (o: PdObject) => {
      const values: unknown[] = [];
      if (fields.includes('custom_fields')) values.push(...Object.values(o.custom_fields));
      if (fields.includes('name')) values.push(o.name, o.title);
      if (fields.includes('email')) values.push(...((o.emails as Array<{ value: string }> | undefined) ?? []).map((e) => e.value));
      return values.some((v) => typeof v === 'string' && (exact ? v === term : v.toLowerCase().includes(term.toLowerCase())));
    };
    const indexed = this.now() - this.searchIndexDelayMs;
    const items = [...this.objects[type].values()].filter((o) => Date.parse(o.add_time) <= indexed && hit(o)).map((o) => ({ result_score: 1, item: { id: o.id, type: SINGULAR[type], name: o.name ?? o.title, custom_fields: Object.values(o.custom_fields).filter((v) => typeof v === 'string') } }));
    return this.ok({ items }, { next_cursor: null });
  }
}

/** A deal won or lost gets its won_time / lost_time and close_time (once), as Pipedrive sets them. */
function wonOrLost(deal: PdObject): void {
  if (deal.status !== 'won' && deal.status !== 'lost') return;
  const key = deal.status === 'won' ? 'won_time' : 'lost_time';
  deal[key] ??= deal.update_time;
  deal.close_time ??= deal[key];
}
