// A local fake of Zoho CRM's REST API v7 and of Zoho Accounts' OAuth 2.0, following the published
// shapes:
// - modules Accounts, Contacts, Leads, Deals (records with `id` a long number as a string,
//   `Created_Time` / `Modified_Time` ISO 8601 to the second with an offset, lookups written as
//   `{"id"}` and read as `{"name", "id"}`, `Owner` as `{"name", "id", "email"}`), Notes, users,
//   the org, field metadata (`/settings/fields?module=`) and custom fields created through it
//   (`POST /settings/fields?module=`: `{"fields":[…]}`, at most five a call, each answered on its own
//   — `{"code":"SUCCESS","details":{"id"},"message":"field created","status":"success"}` or
//   `DUPLICATE_DATA` (the label) / `LIMIT_EXCEEDED` (the edition's custom fields a module: Standard
//   10, Professional 155, Enterprise 300, Ultimate 500; two unique fields a module) — the API name
//   made from the label; 401 `OAUTH_SCOPE_MISMATCH` without ZohoCRM.settings.fields.CREATE, 403
//   `NO_PERMISSION` for a user without "Customize Zoho CRM"), contact roles (`/Contacts/roles`) and a
//   deal's Contact_Roles related list (a contact's relation with its role, or none: "-None-");
// - lists: `fields` required, `per_page` ≤ 200, `page` (at most 2,000 records by page numbers:
//   past them `page_token`, from `info.next_page_token`), `sort_by` / `sort_order`, `ids`;
//   `If-Modified-Since` (records modified at or after it; 304 when none); 204 when empty;
// - writes of up to 100 records, each answered on its own (`{"data":[{"code":"SUCCESS",
//   "details":{"id",…},"message","status":"success"}]}`, or `INVALID_DATA` / `MANDATORY_NOT_FOUND`
//   / `DUPLICATE_DATA` with `"status":"error"`), HTTP 201 / 200 when all succeed, 207 when some
//   fail, 400 when all fail; upsert (`POST /{module}/upsert`, `duplicate_check_fields`: the
//   answer's `action` is "insert" or "update"); search (`email=`, `criteria=(Field:equals:value)`);
// - deletions in the recycle bin: `GET /{module}/deleted?type=all|recycle|permanent` with
//   If-Modified-Since on the deletion time, for the modules the API lists (not Notes: a deleted note
//   is only missing from the notes read again);
// - limits: API credits per org over a rolling 24 hours (1 a call), calls in flight at once (the
//   edition's concurrency limit); past them 429 `TOO_MANY_REQUESTS`; answers carry
//   X-RATELIMIT-LIMIT / X-RATELIMIT-REMAINING (credits) unless told not to;
// - errors `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`;
// - Zoho Accounts: /oauth/v2/auth (PKCE S256) redirects with `code`, `location` and
//   `accounts-server`; /oauth/v2/token (authorization_code, refresh_token) answers with
//   `api_domain`, and refuses with HTTP 200 and `{"error":"invalid_code"}`.
import { createHash, randomUUID } from 'node:crypto';
import { FakeServer, ModClock, RollingWindow, type FakeRequest, type FakeResponse } from './base';

export type ZohoRow = Record<string, unknown>;
export type ZohoModule = 'Accounts' | 'Contacts' | 'Leads' | 'Deals' | 'Notes' | 'Products' | 'Sales_Orders';
const RECORD_MODULES: readonly ZohoModule[] = ['Accounts', 'Contacts', 'Leads', 'Deals'];

const BANT = ['Budget_Status', 'Budget_Answer', 'Budget_Amount', 'Budget_Note', 'Authority_Status', 'Authority_Engaged', 'Authority_Note', 'Need_Status', 'Need_Category', 'Need_Statement', 'Need_Note', 'Timing_Status', 'Timing_Horizon', 'Timing_Target_Date', 'Timing_Note'].map((f) => `Dealside_${f}`);
const FIELDS: Record<ZohoModule, string[]> = {
  // ABM_Tier (a picklist) and Marketing_Owner (a user lookup): custom fields a team keeps for ABM
  // Last_Activity_Time: read-only, when the record was last touched (Zoho keeps it)
  Accounts: ['Account_Name', 'Website', 'Industry', 'Employees', 'Billing_Country', 'Billing_City', 'Phone', 'Parent_Account', 'Owner', 'ABM_Tier', 'Marketing_Owner', 'Last_Activity_Time'],
  Contacts: ['First_Name', 'Last_Name', 'Full_Name', 'Email', 'Phone', 'Title', 'Mailing_Country', 'Mailing_City', 'Account_Name', 'Owner', 'Last_Activity_Time'],
  Leads: ['First_Name', 'Last_Name', 'Full_Name', 'Email', 'Phone', 'Designation', 'Company', 'Country', 'City', 'Lead_Status', 'Owner', 'Last_Activity_Time'],
  Deals: ['Deal_Name', 'Amount', 'Stage', 'Closing_Date', 'Account_Name', 'Contact_Name', 'Owner', 'Last_Activity_Time'],
  Notes: ['Note_Title', 'Note_Content', 'Parent_Id', 'Owner'],
  Products: ['Product_Name', 'Product_Code', 'Unit_Price', 'Product_Active', 'Owner'],
  // an order's line items (v7's name for Product_Details): a subform read with the order
  Sales_Orders: ['Subject', 'Deal_Name', 'Account_Name', 'Status', 'Ordered_Items', 'Sub_Total', 'Grand_Total', 'Owner'],
};
/** fields Zoho keeps itself: a write to one is refused */
const READ_ONLY: readonly string[] = ['id', 'Created_Time', 'Modified_Time', 'Full_Name', 'Exchange_Rate', 'Last_Activity_Time'];
/** modules whose records carry a currency once multiple currencies are enabled */
const MONEY_MODULES: readonly ZohoModule[] = ['Deals', 'Products', 'Sales_Orders'];
const LOOKUPS: Record<string, ZohoModule> = { Account_Name: 'Accounts', Parent_Account: 'Accounts', Contact_Name: 'Contacts', Deal_Name: 'Deals' };
/** a lookup field of this module (an account's Account_Name is its name, a deal's Deal_Name too) */
const lookupOf = (module: ZohoModule, field: string): ZohoModule | undefined => ((module === 'Accounts' && field === 'Account_Name') || (module === 'Deals' && field === 'Deal_Name') ? undefined : LOOKUPS[field]);
const MANDATORY: Partial<Record<ZohoModule, string[]>> = { Accounts: ['Account_Name'], Contacts: ['Last_Name'], Leads: ['Last_Name', 'Company'], Deals: ['Deal_Name', 'Stage'], Notes: ['Note_Content'], Products: ['Product_Name'], Sales_Orders: ['Subject', 'Ordered_Items'] };
export const ZOHO_STAGE_VALUES = ['Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost', 'Closed-Lost to Competition'];

export type ZohoFakeOptions = {
  now?: () => number;
  /**
   * Multiple currencies enabled (Enterprise and above), the home currency first: records with money
   * carry `Currency` (a pick list of these ISO codes; the home currency when a write leaves it out)
   * and `Exchange_Rate` (read-only here). Without it, neither field exists.
   */
  currencies?: string[];
  /**
   * Each currency's exchange rate (units of it per unit of the home currency), as GET /org/currencies
   * lists it; default USD 1.08, MXN 19.6, GBP 0.85 (1 for another).
   */
  rates?: Record<string, number>;
  /** the token was granted ZohoCRM.settings.currencies.READ (default true; else 401 OAUTH_SCOPE_MISMATCH) */
  currencyScope?: boolean;
  /** the admin added the Dealside_* fields (the unique Dealside id, LinkedIn URL, BANT) */
  dealsideFields?: boolean;
  /** the admin's Dealside_Id field does not allow duplicate values (default true) */
  uniqueId?: boolean;
  /** the token was granted ZohoCRM.settings.fields.CREATE (default true; else 401 OAUTH_SCOPE_MISMATCH) */
  fieldsCreateScope?: boolean;
  /** the signed-in user's profile has "Customize Zoho CRM" (default true; else 403 NO_PERMISSION) */
  customizer?: boolean;
  /** API credits per 24 hours (default 50,000) */
  credits?: number;
  /** calls in flight at once (default 10: Standard) */
  concurrency?: number;
  /** the org's edition, as GET /org's license_details.paid_type says (default enterprise) */
  edition?: string;
  /** real time each call takes (to exercise the concurrency limit) */
  latencyMs?: number;
  /** lists carry `next_page_token` when more remain (default true; false: paged by number only) */
  pageTokens?: boolean;
  /** answers carry X-RATELIMIT-* (default true) */
  rateLimitHeaders?: boolean;
  orgName?: string;
  /** the data centre the account lives in (the redirect's `location`) */
  location?: string;
  /** the API address the client sees, the token reply's api_domain (default: the fake's own) */
  publicUrl?: string;
  /** Zoho Accounts' address the client sees, the redirect's accounts-server (default: publicUrl) */
  accountsUrl?: string;
};

type Tombstone = { module: ZohoModule; id: string; at: number; row: ZohoRow; relations: Array<[string, string, string | null]> };

export class ZohoFake extends FakeServer {
  readonly records = {} as Record<ZohoModule, Map<string, ZohoRow>>;
  /** deal id → contact id → role id (null: no role) */
  readonly contactRoles = new Map<string, Map<string, string | null>>();
  readonly roles = new Map<string, { id: string; name: string; sequence_number: number }>();
  readonly users = new Map<string, ZohoRow>();
  tokens = new Set<string>(['zoho-access-token']);
  /** registered clients (client id → redirect uri) and the codes / refresh tokens issued */
  apps = new Map<string, { redirectUri: string }>([['1000.DEALSIDE0TEST0CLIENT0ID00000', { redirectUri: 'https://ext.chromiumapp.org/' }]]);
  private codes = new Map<string, { challenge: string; clientId: string; redirectUri: string; scope: string }>();
  refreshTokens = new Map<string, { clientId: string; scope: string }>();
  currentUserId: string;
  private seq = 98765000000100000n;
  private mod: ModClock;
  private tombstones: Tombstone[] = [];
  private pageTokens = new Map<string, { rows: ZohoRow[]; next: number; fields: string[] }>();
  readonly credits: RollingWindow;
  private inFlight = 0;
  /** the most calls in flight at once so far, per route (tests read it) */
  readonly peakInFlight = new Map<string, number>();
  private inFlightByRoute = new Map<string, number>();

  constructor(readonly options: ZohoFakeOptions = {}) {
    super(options.now ?? Date.now);
    this.mod = new ModClock(this.now);
    this.credits = new RollingWindow(options.credits ?? 50_000, 86_400_000);
    for (const m of [...RECORD_MODULES, 'Notes' as const, 'Products' as const, 'Sales_Orders' as const]) this.records[m] = new Map();
    const me = this.addUser('Lucía Romero', 'lucia.romero@iberia-analytics.example');
    this.currentUserId = String(me.id);
    for (const name of ['Purchasing', 'Technical Buyer', 'Economic Buyer', 'Evaluator', 'Executive Sponsor', 'Influencer', 'Decision Maker']) this.addRole(name);
  }

  /** custom fields created through the API, per module, in order */
  readonly createdFields = new Map<ZohoModule, Array<{ id: string; api_name: string; field_label: string; data_type: string; unique: boolean }>>();

  get dealsideFields(): boolean {
    return this.options.dealsideFields !== false;
  }

  get publicUrl(): string {
    return this.options.publicUrl ?? this.url;
  }

  private nextId(): string {
    this.seq += 1n;
    return String(this.seq);
  }

  /** Zoho's times: to the second, with an offset. */
  private stamp(): string {
    return new Date(this.mod.tick()).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  }

  fieldsOf(module: ZohoModule): string[] {
    const custom = this.dealsideFields && RECORD_MODULES.includes(module) ? ['Dealside_Id'] : [];
    const linkedin = this.dealsideFields && (module === 'Contacts' || module === 'Leads') ? ['Dealside_LinkedIn_URL'] : [];
    const bant = this.dealsideFields && (module === 'Deals' || module === 'Leads') ? BANT : [];
    const money = this.options.currencies?.length && MONEY_MODULES.includes(module) ? ['Currency', 'Exchange_Rate'] : [];
    const created = (this.createdFields.get(module) ?? []).map((f) => f.api_name);
    return ['id', 'Created_Time', 'Modified_Time', ...FIELDS[module], ...money, ...custom, ...linkedin, ...bant, ...created];
  }

  // ----- test helpers ---------------------------------------------------------------------------

  addUser(full_name: string, email: string, status = 'active'): ZohoRow {
    const u = { id: this.nextId(), full_name, email, status, role: { name: 'Sales Rep', id: '1' } };
    this.users.set(u.id, u);
    return u;
  }

  addRole(name: string): { id: string; name: string; sequence_number: number } {
    const r = { id: this.nextId(), name, sequence_number: this.roles.size + 1 };
    this.roles.set(r.id, r);
    return r;
  }

  /** A record written directly (as another Zoho user would); lookups given as ids. */
  insert(module: ZohoModule, values: ZohoRow): ZohoRow {
    const at = this.stamp();
    const home = this.options.currencies?.[0];
    const money = home && MONEY_MODULES.includes(module) ? { Currency: home, Exchange_Rate: 1 } : {};
    const row: ZohoRow = { id: this.nextId(), Created_Time: at, Modified_Time: at, Owner: this.owner(this.currentUserId), ...money, ...values };
    for (const k of Object.keys(LOOKUPS)) {
      const target = lookupOf(module, k);
      if (target && typeof row[k] === 'string') row[k] = this.lookup(target, row[k] as string);
    }
    this.records[module].set(String(row.id), row);
    return row;
  }

  /**
   * A sales order of a deal, its items priced as Zoho does: Total = List_Price × Quantity,
   * Total_After_Discount = Total − Discount, Net_Total = Total_After_Discount + Tax; each item has its id.
   */
  addSalesOrder(dealId: string, items: Array<{ product: string; quantity: number; listPrice: number; discount?: number; tax?: number }>, values: ZohoRow = {}): ZohoRow {
    const deal = this.records.Deals.get(dealId);
    return this.insert('Sales_Orders', {
      Subject: `Order for ${String(deal?.Deal_Name ?? dealId)}`,
      Deal_Name: dealId,
      ...(deal?.Account_Name ? { Account_Name: (deal.Account_Name as { id: string }).id } : {}),
      Status: 'Created',
      Ordered_Items: items.map((i) => this.orderItem(i)),
      ...values,
    });
  }

  orderItem(i: { product: string; quantity: number; listPrice: number; discount?: number; tax?: number }): ZohoRow {
    const product = this.records.Products.get(i.product);
    const total = Math.round(i.listPrice * i.quantity * 100) / 100;
    const after = total - (i.discount ?? 0);
    return { id: this.nextId(), Product_Name: { name: product?.Product_Name ?? '', id: i.product }, Quantity: i.quantity, List_Price: i.listPrice, Discount: i.discount ?? 0, Total: total, Total_After_Discount: after, Tax: i.tax ?? 0, Net_Total: after + (i.tax ?? 0) };
  }

  /** A change made in Zoho by someone else. */
  change(module: ZohoModule, id: string, values: ZohoRow): void {
    Object.assign(this.records[module].get(id)!, values, { Modified_Time: this.stamp() });
  }

  find(module: ZohoModule, field: string, value: unknown): ZohoRow[] {
    return [...this.records[module].values()].filter((r) => r[field] === value);
  }

  /** Someone deletes the record (to the recycle bin); a deal's contact roles go with it. */
  remove(module: ZohoModule, id: string): void {
    const row = this.records[module].get(id);
    if (!row) return;
    this.records[module].delete(id);
    const relations: Tombstone['relations'] = [];
    for (const [deal, contacts] of this.contactRoles) {
      for (const [contact, role] of contacts) {
        if (deal === id || contact === id) {
          relations.push([deal, contact, role]);
          contacts.delete(contact);
        }
      }
    }
    this.tombstones.push({ module, id, at: this.mod.tick(), row, relations });
  }

  /** … and restores it from the recycle bin, with its contact roles. */
  restore(module: ZohoModule, id: string): void {
    const i = this.tombstones.findIndex((t) => t.module === module && t.id === id);
    if (i < 0) return;
    const [t] = this.tombstones.splice(i, 1);
    t!.row.Modified_Time = this.stamp();
    this.records[module].set(id, t!.row);
    for (const [deal, contact, role] of t!.relations) this.relationsOf(deal).set(contact, role);
  }

  relationsOf(deal: string): Map<string, string | null> {
    let m = this.contactRoles.get(deal);
    if (!m) this.contactRoles.set(deal, (m = new Map()));
    return m;
  }

  expire(token: string): void {
    this.tokens.delete(token);
  }

  // ----- the HTTP surface -----------------------------------------------------------------------

  protected route(req: FakeRequest): string {
    return `${req.method} ${req.path.replace(/\/\d{6,}/g, '/{id}')}`;
  }

  private err(status: number, code: string, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}): FakeResponse {
    return { status, headers, body: { code, details, message, status: 'error' } };
  }

  protected faultBody(status: number): FakeResponse {
    if (status === 429) return this.err(429, 'TOO_MANY_REQUESTS', 'The number of concurrent requests has exceeded the limit.');
    if (status === 401) return this.err(401, 'INVALID_TOKEN', 'invalid oauth token');
    return this.err(status, 'INTERNAL_ERROR', 'Internal Server Error');
  }

  private limitHeaders(now: number): Record<string, string> {
    if (this.options.rateLimitHeaders === false) return {};
    return { 'x-ratelimit-limit': String(this.credits.limit), 'x-ratelimit-remaining': String(this.credits.remaining(now)), 'x-ratelimit-reset': String(now + this.credits.resetMs(now)) };
  }

  protected async handle(req: FakeRequest): Promise<FakeResponse> {
    if (req.path === '/oauth/v2/auth') return this.authorize(req);
    if (req.path === '/oauth/v2/token' && req.method === 'POST') return this.token(req);
    const auth = String(req.headers.authorization ?? '');
    const m = /^(?:Zoho-oauthtoken|Bearer) (.+)$/.exec(auth);
    if (!m || !this.tokens.has(m[1]!)) return this.faultBody(401);
    const now = this.now();
    if (this.inFlight >= (this.options.concurrency ?? 10)) return this.err(429, 'TOO_MANY_REQUESTS', 'The number of concurrent requests has exceeded the limit.');
    if (!this.credits.hit(now)) return this.err(429, 'LIMIT_EXCEEDED', 'You have reached the maximum API credits for the day.', {}, this.limitHeaders(now));
    this.inFlight++;
    const route = this.route(req);
    const mine = (this.inFlightByRoute.get(route) ?? 0) + 1;
    this.inFlightByRoute.set(route, mine);
    this.peakInFlight.set(route, Math.max(this.peakInFlight.get(route) ?? 0, mine));
    try {
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      const res = this.api(req);
      return { ...res, headers: { ...(res.headers ?? {}), ...this.limitHeaders(now) } };
    } finally {
      this.inFlight--;
      this.inFlightByRoute.set(route, (this.inFlightByRoute.get(route) ?? 1) - 1);
    }
  }

  /**
   * GET /org/currencies: the org's currencies, the home one `is_base`, each `exchange_rate` (a
   * string, units per unit of the home currency); 204 when multiple currencies are not enabled.
   */
  private orgCurrencies(): FakeResponse {
    if (this.options.currencyScope === false) return this.err(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
    const codes = this.options.currencies ?? [];
    if (!codes.length) return { status: 204 };
    const known: Record<string, number> = { USD: 1.08, MXN: 19.6, GBP: 0.85, ...(this.options.rates ?? {}) };
    const currencies = codes.map((code, i) => ({
      id: String(3_000_000 + i),
      name: code,
      iso_code: code,
      symbol: code,
      exchange_rate: (i === 0 ? 1 : (known[code] ?? 1)).toFixed(9),
      is_active: true,
      is_base: i === 0,
      prefix_symbol: true,
      format: { decimal_separator: 'Period', thousand_separator: 'Comma', decimal_places: '2' },
    }));
    return { status: 200, body: { currencies } };
  }

  private api(req: FakeRequest): FakeResponse {
    const rest = req.path.replace(/^\/crm\/v7\//, '');
    if (rest === req.path) return this.err(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
    const parts = rest.split('/').map(decodeURIComponent);
    const q = req.query;
    if (parts[0] === 'users' && req.method === 'GET') return this.listUsers(q);
    if (parts[0] === 'org' && parts[1] === 'currencies' && req.method === 'GET' && !parts[2]) return this.orgCurrencies();
    if (parts[0] === 'org' && req.method === 'GET') {
      const edition = this.options.edition ?? 'enterprise';
      return { status: 200, body: { org: [{ id: '20071234', company_name: this.options.orgName ?? 'Iberia Analytics', currency: 'EUR', domain_name: 'org20071234', license_details: { paid: edition !== 'free', paid_type: edition, trial_type: null, users_license_purchased: 10 } }] } };
    }
    if (parts[0] === 'settings' && parts[1] === 'fields' && req.method === 'GET') return this.fieldMeta(q.get('module') as ZohoModule);
    if (parts[0] === 'settings' && parts[1] === 'fields' && req.method === 'POST' && !parts[2]) return this.createFields(q.get('module') as ZohoModule, req.body);
    if (parts[0] === 'Contacts' && parts[1] === 'roles') {
      if (req.method === 'GET') return { status: 200, body: { contact_roles: [...this.roles.values()] } };
      if (req.method === 'POST') {
        const asked = ((req.body as { contact_roles?: Array<{ name?: string; sequence_number?: number }> })?.contact_roles ?? []);
        const out = asked.map((r) => {
          if (!r.name) return { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'name' }, message: 'required field not found', status: 'error' };
          if ([...this.roles.values()].some((x) => x.name.toLowerCase() === r.name!.toLowerCase())) return { code: 'DUPLICATE_DATA', details: { api_name: 'name' }, message: 'duplicate data', status: 'error' };
          return { code: 'SUCCESS', details: { id: this.addRole(r.name).id }, message: 'contact role created', status: 'success' };
        });
        return { status: out.every((o) => o.status === 'success') ? 201 : 207, body: { contact_roles: out } };
      }
    }
    const module = parts[0] as ZohoModule;
    if (!this.records[module]) return this.err(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { module_name: parts[0] });
    if (parts.length === 1) {
      if (req.method === 'GET') return q.get('ids') ? this.byIds(module, q) : this.list(module, q, req.headers['if-modified-since'] as string | undefined);
      if (req.method === 'PUT') return this.writeMany(module, req.body, 'update');
      if (req.method === 'POST') return this.writeMany(module, req.body, 'insert');
    }
    if (parts.length === 2 && parts[1] === 'upsert' && req.method === 'POST') return this.writeMany(module, req.body, 'upsert');
    if (parts.length === 2 && parts[1] === 'search' && req.method === 'GET') return this.search(module, q);
    if (parts.length === 2 && parts[1] === 'deleted' && req.method === 'GET') return this.deleted(module, q, req.headers['if-modified-since'] as string | undefined);
    if (parts.length === 2 && req.method === 'GET') {
      const row = this.records[module].get(parts[1]!);
      return row ? { status: 200, body: { data: [this.project(module, row)] } } : { status: 204 };
    }
    if (parts.length >= 3 && module === 'Deals' && parts[2] === 'Contact_Roles') return this.dealContactRoles(req.method, parts[1]!, parts[3], req.body);
    if (parts.length === 3 && parts[2] === 'Notes' && req.method === 'GET') return this.notesOf(module, parts[1]!, q);
    return this.err(400, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
  }

  private owner(id: string): ZohoRow {
    const u = this.users.get(id);
    return { name: u?.full_name ?? '', id, email: u?.email ?? '' };
  }

  private lookup(module: ZohoModule, id: string): ZohoRow | undefined {
    const row = this.records[module].get(id);
    if (!row) return undefined;
    const name = module === 'Accounts' ? row.Account_Name : module === 'Deals' ? row.Deal_Name : module === 'Products' ? row.Product_Name : [row.First_Name, row.Last_Name].filter(Boolean).join(' ');
    return { name, id };
  }

  private project(module: ZohoModule, row: ZohoRow, fields?: string[]): ZohoRow {
    const out: ZohoRow = { id: row.id };
    for (const f of fields ?? this.fieldsOf(module)) if (f !== 'id') out[f] = row[f] ?? null;
    if (module === 'Contacts' || module === 'Leads') if (!fields || fields.includes('Full_Name')) out.Full_Name = [row.First_Name, row.Last_Name].filter(Boolean).join(' ');
    return out;
  }

  private listUsers(q: URLSearchParams): FakeResponse {
    const type = q.get('type') ?? 'AllUsers';
    let users = [...this.users.values()];
    if (type === 'CurrentUser') users = users.filter((u) => u.id === this.currentUserId);
    else if (type === 'ActiveUsers') users = users.filter((u) => u.status === 'active');
    const perPage = Math.min(200, Number(q.get('per_page') ?? 200));
    const page = Number(q.get('page') ?? 1);
    const slice = users.slice((page - 1) * perPage, page * perPage);
    if (!slice.length) return { status: 204 };
    return { status: 200, body: { users: slice, info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < users.length } } };
  }

  /** POST /settings/fields?module=: custom fields, each answered on its own. */
  private createFields(module: ZohoModule, body: unknown): FakeResponse {
    if (this.options.fieldsCreateScope === false) return this.err(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
    if (this.options.customizer === false) return this.err(403, 'NO_PERMISSION', 'permission denied', { permissions: ['Crm_Implied_Customize_Zoho_CRM'] });
    if (!module) return this.err(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'module' });
    if (!this.records[module]) return this.err(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { api_name: 'module' });
    const asked = (body as { fields?: unknown } | null)?.fields;
    if (!Array.isArray(asked) || !asked.length) return this.err(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'fields' });
    if (asked.length > 5) return this.err(400, 'LIMIT_EXCEEDED', 'the number of fields exceeds the limit', { limit: 5, limit_due_to: [{ api_name: 'fields', json_path: '$.fields' }] });
    const limit = ({ standard: 10, professional: 155, enterprise: 300, ultimate: 500 } as Record<string, number>)[this.options.edition ?? 'enterprise'] ?? 300;
    const created = this.createdFields.get(module) ?? [];
    this.createdFields.set(module, created);
    const meta = () => (this.fieldMeta(module).body as { fields: Array<{ api_name: string; field_label: string; custom_field: boolean; unique?: unknown }> }).fields;
    const types = ['text', 'textarea', 'email', 'phone', 'integer', 'currency', 'percent', 'bigint', 'double', 'website', 'picklist', 'date', 'datetime', 'boolean'];
    const answers = asked.map((raw: unknown, i: number) => {
      const f = (raw ?? {}) as { field_label?: unknown; data_type?: unknown; length?: unknown; unique?: unknown };
      const at = { json_path: `$.fields[${i}]` };
      if (typeof f.field_label !== 'string' || !f.field_label.trim()) return this.fail('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'field_label', ...at });
      if (typeof f.data_type !== 'string' || !types.includes(f.data_type)) return this.fail('INVALID_DATA', 'invalid data', { api_name: 'data_type', expected_data_type: 'string', ...at });
      if (f.data_type === 'text' && (typeof f.length !== 'number' || f.length < 1 || f.length > 255)) return this.fail('DEPENDENT_MISMATCH', 'invalid length', { api_name: 'length', ...at });
      const fields = meta();
      if (fields.some((x) => x.field_label.toLowerCase() === f.field_label!.toString().toLowerCase())) return this.fail('DUPLICATE_DATA', 'Duplicate field label', { api_name: 'field_label', ...at });
      if (fields.filter((x) => x.custom_field).length >= limit) return this.fail('LIMIT_EXCEEDED', 'The field has reached its maximum creation limit', { limit, limit_due_to: [{ api_name: 'fields', ...at }] });
      const unique = !!f.unique && typeof f.unique === 'object';
      if (unique && fields.filter((x) => x.unique && typeof x.unique === 'object' && Object.keys(x.unique).length > 0).length >= 2) return this.fail('LIMIT_EXCEEDED', 'The field has reached its maximum creation limit', { limit: 2, limit_due_to: [{ api_name: 'unique', ...at }] });
      // the API name Zoho makes of the label: letters, digits and single underscores
      const apiName = f.field_label.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
      if (fields.some((x) => x.api_name === apiName)) return this.fail('DUPLICATE_DATA', 'Duplicate API name has been found for a field creation', { api_name: 'api_name', ...at });
      const id = this.nextId();
      created.push({ id, api_name: apiName, field_label: f.field_label.trim(), data_type: f.data_type, unique });
      return { code: 'SUCCESS', details: { id }, message: 'field created', status: 'success' };
    });
    const ok = answers.filter((a) => a.status === 'success').length;
    return { status: ok === answers.length ? 201 : ok ? 207 : 400, body: { fields: answers } };
  }

  private fieldMeta(module: ZohoModule): FakeResponse {
    if (!this.records[module]) return this.err(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { api_name: 'module' });
    const made = new Map((this.createdFields.get(module) ?? []).map((f) => [f.api_name, f]));
    const fields = this.fieldsOf(module).map((f) => made.get(f) ? { api_name: f, field_label: made.get(f)!.field_label, data_type: made.get(f)!.data_type, custom_field: true, read_only: false, unique: made.get(f)!.unique ? { casesensitive: 'false' } : {} } : ({
      api_name: f,
      field_label: f.replace(/_/g, ' '),
      data_type: f === 'Owner' ? 'ownerlookup' : f === 'Marketing_Owner' ? 'userlookup' : lookupOf(module, f) ? 'lookup' : f === 'Stage' || f === 'ABM_Tier' || f === 'Currency' ? 'picklist' : f === 'Exchange_Rate' ? 'double' : f === 'Last_Activity_Time' ? 'datetime' : /Amount|Employees/.test(f) ? 'currency' : /Date$|Closing_Date/.test(f) ? 'date' : f === 'Dealside_Authority_Engaged' ? 'boolean' : 'text',
      custom_field: f.startsWith('Dealside_') || f === 'ABM_Tier' || f === 'Marketing_Owner',
      read_only: READ_ONLY.includes(f),
      // "Do not allow duplicate values": the case rule under `unique`; `{}` for a field that allows them
      unique: f === 'Dealside_Id' && this.options.uniqueId !== false ? { casesensitive: 'false' } : {},
      ...(f === 'Stage' ? { pick_list_values: ZOHO_STAGE_VALUES.map((v) => ({ display_value: v, actual_value: v })) } : {}),
      ...(f === 'Currency' ? { pick_list_values: (this.options.currencies ?? []).map((v) => ({ display_value: v, actual_value: v })) } : {}),
      ...(f === 'ABM_Tier' ? { pick_list_values: ['-None-', 'Tier 1', 'Tier 2', 'Tier 3'].map((v) => ({ display_value: v, actual_value: v })) } : {}),
    }));
    return { status: 200, body: { fields } };
  }

  /** Rows in Zoho's order, after If-Modified-Since; `fields` is required in v7. */
  private list(module: ZohoModule, q: URLSearchParams, ifModifiedSince: string | undefined): FakeResponse {
    const token = q.get('page_token');
    const perPage = Math.min(200, Number(q.get('per_page') ?? 200));
    if (token) {
      const state = this.pageTokens.get(token);
      if (!state) return this.err(400, 'INVALID_DATA', 'the page_token given seems to be invalid', { api_name: 'page_token' });
      this.pageTokens.delete(token);
      return this.pageOf(module, state.rows, state.next, perPage, state.fields, Number(q.get('page') ?? 0));
    }
    const fields = q.get('fields')?.split(',').filter(Boolean);
    if (!fields?.length) return this.err(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'fields' });
    const known = new Set(this.fieldsOf(module));
    const unknown = fields.find((f) => !known.has(f));
    if (unknown) return this.err(400, 'INVALID_DATA', 'the field name given seems to be invalid', { api_name: unknown });
    const page = Number(q.get('page') ?? 1);
    if (page * perPage > 2000) return this.err(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', 'cannot fetch more than 2000 records without page_token', { limit: 2000 });
    let rows = [...this.records[module].values()];
    if (ifModifiedSince) {
      const since = Date.parse(ifModifiedSince);
      rows = rows.filter((r) => Date.parse(String(r.Modified_Time)) >= since);
      if (!rows.length) return { status: 304 };
    }
    const by = q.get('sort_by') ?? 'id';
    const dir = q.get('sort_order') === 'desc' ? -1 : 1;
    const key = (r: ZohoRow) => (by === 'Modified_Time' || by === 'Created_Time' ? Date.parse(String(r[by])) : String(r[by] ?? ''));
    rows.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : BigInt(String(a.id)) < BigInt(String(b.id)) ? -1 : 1));
    return this.pageOf(module, rows, (page - 1) * perPage, perPage, fields, page);
  }

  private pageOf(module: ZohoModule, rows: ZohoRow[], from: number, perPage: number, fields: string[], page: number): FakeResponse {
    const slice = rows.slice(from, from + perPage);
    if (!slice.length) return { status: 204 };
    const more = from + perPage < rows.length;
    let next: string | null = null;
    if (more && this.options.pageTokens !== false) {
      next = randomUUID().replace(/-/g, '');
      this.pageTokens.set(next, { rows, next: from + perPage, fields });
    }
    return {
      status: 200,
      body: { data: slice.map((r) => this.project(module, r, fields)), info: { per_page: perPage, count: slice.length, page, sort_by: 'Modified_Time', sort_order: 'asc', more_records: more, next_page_token: next, previous_page_token: null, page_token_expiry: more ? new Date(this.now() + 86_400_000).toISOString() : null } },
    };
  }

  private byIds(module: ZohoModule, q: URLSearchParams): FakeResponse {
    const ids = (q.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > 100) return this.err(400, 'LIMIT_EXCEEDED', 'ids limit exceeded', { limit: 100 });
    const fields = q.get('fields')?.split(',').filter(Boolean);
    const rows = ids.map((id) => this.records[module].get(id)).filter((r): r is ZohoRow => !!r);
    return rows.length ? { status: 200, body: { data: rows.map((r) => this.project(module, r, fields)), info: { per_page: 100, count: rows.length, page: 1, more_records: false } } } : { status: 204 };
  }

  private search(module: ZohoModule, q: URLSearchParams): FakeResponse {
    let rows = [...this.records[module].values()];
    const email = q.get('email');
    const criteria = q.get('criteria');
    if (email) rows = rows.filter((r) => String(r.Email ?? '').toLowerCase() === email.toLowerCase());
    else if (criteria) {
      const conds = [...criteria.matchAll(/\(([A-Za-z_]+):(equals|greater_equal):((?:\\.|[^()\\])*)\)/g)].map((m) => [m[1]!, m[2]!, m[3]!.replace(/\\(.)/g, '$1')] as const);
      if (!conds.length) return this.err(400, 'INVALID_QUERY', 'invalid query formed', { reason: 'criteria' });
      rows = rows.filter((r) => conds.every(([f, op, v]) => (op === 'equals' ? String(r[f] ?? '') === v : Date.parse(String(r[f])) >= Date.parse(v))));
    } else return this.err(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'criteria' });
    return rows.length ? { status: 200, body: { data: rows.slice(0, 200).map((r) => this.project(module, r)), info: { per_page: 200, count: Math.min(200, rows.length), page: 1, more_records: rows.length > 200 } } } : { status: 204 };
  }

  private deleted(module: ZohoModule, q: URLSearchParams, ifModifiedSince: string | undefined): FakeResponse {
    // the published list of modules this API takes has no Notes
    if (module === 'Notes') return this.err(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { module_name: module });
    const type = q.get('type') ?? 'all';
    let rows = this.tombstones.filter((t) => t.module === module && (type === 'all' || type === 'recycle'));
    if (ifModifiedSince) rows = rows.filter((t) => t.at >= Date.parse(ifModifiedSince));
    const perPage = Math.min(200, Number(q.get('per_page') ?? 200));
    const page = Number(q.get('page') ?? 1);
    const slice = rows.slice((page - 1) * perPage, page * perPage);
    if (!slice.length) return ifModifiedSince && !rows.length ? { status: 304 } : { status: 204 };
    const by = this.owner(this.currentUserId);
    return {
      status: 200,
      body: {
        data: slice.map((t) => ({ deleted_by: { name: by.name, id: by.id }, id: t.id, display_name: String(t.row.Account_Name ?? t.row.Deal_Name ?? t.row.Last_Name ?? ''), type: 'recycle', created_by: { name: by.name, id: by.id }, deleted_time: new Date(t.at).toISOString().replace(/\.\d{3}Z$/, '+00:00') })),
        info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < rows.length },
      },
    };
  }

  // ----- writes -----------------------------------------------------------------------------------

  private fail(code: string, message: string, details: Record<string, unknown>): ZohoRow {
    return { code, details, message, status: 'error' };
  }

  /** One record's values checked and resolved (lookups, owner, pick lists); the error answer otherwise. */
  private resolve(module: ZohoModule, body: ZohoRow): ZohoRow | { error: ZohoRow } {
    const fields = new Set(this.fieldsOf(module));
    const values: ZohoRow = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === 'id' || k === '$append_values') continue;
      if (!fields.has(k) || READ_ONLY.includes(k)) return { error: this.fail('INVALID_DATA', 'invalid data', { api_name: k, expected_data_type: 'text' }) };
      if (k === 'Owner') {
        const id = (v as { id?: string } | null)?.id;
        if (!id || !this.users.has(id) || this.users.get(id)!.status !== 'active') return { error: this.fail('INVALID_DATA', 'invalid data', { api_name: 'Owner', expected_data_type: 'ownerlookup' }) };
        values.Owner = this.owner(id);
        continue;
      }
      const target = lookupOf(module, k);
      if (target) {
        if (v === null) {
          values[k] = null;
          continue;
        }
        const id = (v as { id?: string } | null)?.id;
        const found = id ? this.lookup(target, id) : undefined;
        if (!found) return { error: this.fail('INVALID_DATA', 'invalid data', { api_name: k, expected_data_type: 'lookup', id }) };
        values[k] = found;
        continue;
      }
      if (k === 'Parent_Id' && module === 'Notes') {
        const p = v as { id?: string; module?: { api_name?: string } };
        const pm = p?.module?.api_name as ZohoModule | undefined;
        if (!pm || !this.records[pm] || !this.records[pm].has(String(p.id))) return { error: this.fail('INVALID_DATA', 'the related id given seems to be invalid', { api_name: 'Parent_Id', id: p?.id }) };
        values.Parent_Id = { module: { api_name: pm }, id: String(p.id), name: '' };
        continue;
      }
      if (k === 'Currency' && !(this.options.currencies ?? []).includes(String(v))) return { error: this.fail('INVALID_DATA', 'invalid data', { api_name: 'Currency', expected_data_type: 'picklist' }) };
      if (k === 'Stage' && v !== null && !ZOHO_STAGE_VALUES.includes(String(v))) return { error: this.fail('INVALID_DATA', 'invalid data', { api_name: 'Stage', expected_data_type: 'picklist' }) };
      if ((k === 'Amount' || k === 'Employees' || k === 'Dealside_Budget_Amount') && v !== null && typeof v !== 'number') return { error: this.fail('INVALID_DATA', 'invalid data', { api_name: k, expected_data_type: 'double' }) };
      values[k] = v;
    }
    return values;
  }

  private missing(module: ZohoModule, row: ZohoRow): ZohoRow | undefined {
    for (const f of MANDATORY[module] ?? []) if (row[f] === undefined || row[f] === null || row[f] === '') return this.fail('MANDATORY_NOT_FOUND', 'required field not found', { api_name: f });
    return undefined;
  }

  private duplicate(module: ZohoModule, values: ZohoRow, except?: string): ZohoRow | undefined {
    const id = values.Dealside_Id;
    if (typeof id !== 'string' || !id) return undefined;
    const other = [...this.records[module].values()].find((r) => r.Dealside_Id === id && r.id !== except);
    return other ? this.fail('DUPLICATE_DATA', 'duplicate data', { api_name: 'Dealside_Id', duplicate_record: { id: other.id, module: { api_name: module } } }) : undefined;
  }

  private insertRow(module: ZohoModule, values: ZohoRow): ZohoRow {
    const at = this.stamp();
    const home = this.options.currencies?.[0];
    const money = home && MONEY_MODULES.includes(module) ? { Currency: home, Exchange_Rate: 1 } : {};
    const row: ZohoRow = { id: this.nextId(), Owner: this.owner(this.currentUserId), ...money, ...values, Created_Time: at, Modified_Time: at };
    this.records[module].set(String(row.id), row);
    this.counters.creates++;
    return row;
  }

  private success(row: ZohoRow, message: string, action?: string): ZohoRow {
    const by = this.owner(this.currentUserId);
    return { code: 'SUCCESS', details: { Modified_Time: row.Modified_Time, Modified_By: { name: by.name, id: by.id }, Created_Time: row.Created_Time, id: row.id, Created_By: { name: by.name, id: by.id } }, message, status: 'success', ...(action ? { action, duplicate_field: action === 'update' ? 'Dealside_Id' : null } : {}) };
  }

  private writeMany(module: ZohoModule, body: unknown, op: 'insert' | 'update' | 'upsert'): FakeResponse {
    const data = (body as { data?: ZohoRow[] } | null)?.data;
    if (!Array.isArray(data) || data.length === 0) return this.err(400, 'INVALID_DATA', 'body', { api_name: 'data' });
    if (data.length > 100) return this.err(400, 'LIMIT_EXCEEDED', 'the number of records exceeded the limit of 100', { limit: 100 });
    const checkFields = ((body as { duplicate_check_fields?: string[] }).duplicate_check_fields ?? []).filter(Boolean);
    const out: ZohoRow[] = [];
    for (const given of data) {
      const resolved = this.resolve(module, given);
      if ('error' in resolved) {
        out.push(resolved.error as ZohoRow);
        continue;
      }
      if (op === 'update') {
        const row = this.records[module].get(String(given.id));
        if (!row) {
          out.push(this.fail('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'id', id: given.id }));
          continue;
        }
        const dup = this.duplicate(module, resolved, String(row.id));
        const miss = this.missing(module, { ...row, ...resolved });
        if (dup || miss) {
          out.push((dup ?? miss)!);
          continue;
        }
        Object.assign(row, resolved, { Modified_Time: this.stamp() });
        out.push(this.success(row, 'record updated'));
        continue;
      }
      if (op === 'upsert') {
        const fields = checkFields.length ? checkFields : module === 'Leads' || module === 'Contacts' ? ['Email'] : [];
        for (const f of fields) if (!this.fieldsOf(module).includes(f)) return this.err(400, 'INVALID_DATA', 'invalid data', { api_name: 'duplicate_check_fields' });
        const existing = [...this.records[module].values()].find((r) => fields.some((f) => resolved[f] !== undefined && resolved[f] !== null && resolved[f] !== '' && r[f] === resolved[f]));
        if (existing) {
          const miss = this.missing(module, { ...existing, ...resolved });
          if (miss) {
            out.push(miss);
            continue;
          }
          Object.assign(existing, resolved, { Modified_Time: this.stamp() });
          out.push(this.success(existing, 'record updated', 'update'));
          continue;
        }
      }
      const miss = this.missing(module, resolved);
      const dup = this.duplicate(module, resolved);
      if (miss || dup) {
        out.push((miss ?? dup)!);
        continue;
      }
      const row = this.insertRow(module, resolved);
      out.push(this.success(row, 'record added', op === 'upsert' ? 'insert' : undefined));
    }
    const ok = out.filter((o) => o.status === 'success').length;
    const status = ok === out.length ? (op === 'update' ? 200 : 201) : ok === 0 ? 400 : 207;
    return { status, body: { data: out } };
  }

  private dealContactRoles(method: string, dealId: string, contactId: string | undefined, body: unknown): FakeResponse {
    const invalid = (what: string, id: string) => ({ status: 400, body: { data: [this.fail('INVALID_DATA', 'the related id given seems to be invalid', { api_name: 'id', id, module: what })] } });
    if (!this.records.Deals.has(dealId)) return method === 'GET' && !contactId ? this.err(400, 'INVALID_DATA', 'the related id given seems to be invalid', { api_name: 'id', id: dealId }) : invalid('Deals', dealId);
    const relations = this.relationsOf(dealId);
    const rowOf = (id: string, role: string | null) => {
      const c = this.records.Contacts.get(id)!;
      const r = role ? this.roles.get(role) : undefined;
      return { id, Last_Name: c.Last_Name, Email: c.Email ?? null, Contact_Role: r ? { name: r.name, id: r.id } : null };
    };
    if (method === 'GET') {
      const ids = contactId ? [contactId] : [...relations.keys()];
      const rows = ids.filter((id) => relations.has(id) && this.records.Contacts.has(id)).map((id) => rowOf(id, relations.get(id)!));
      return rows.length ? { status: 200, body: { data: rows, info: { per_page: 200, count: rows.length, page: 1, more_records: false } } } : { status: 204 };
    }
    if (!contactId) return this.err(400, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
    if (!this.records.Contacts.has(contactId)) return invalid('Contacts', contactId);
    if (method === 'PUT') {
      const given = (body as { data?: Array<{ Contact_Role?: { id?: string } | string | null }> } | null)?.data?.[0];
      if (!given || !('Contact_Role' in given)) return { status: 400, body: { data: [this.fail('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'Contact_Role' })] } };
      const raw = given.Contact_Role;
      const role = raw === null ? null : typeof raw === 'string' ? raw : (raw?.id ?? null);
      if (role !== null && !this.roles.has(role)) return { status: 400, body: { data: [this.fail('INVALID_DATA', 'invalid data', { api_name: 'Contact_Role', expected_data_type: 'lookup' })] } };
      if (!relations.has(contactId)) this.counters.creates++;
      relations.set(contactId, role);
      return { status: 200, body: { data: [{ code: 'SUCCESS', details: { id: contactId }, message: 'relation added', status: 'success' }] } };
    }
    if (method === 'DELETE') {
      relations.delete(contactId);
      return { status: 200, body: { data: [{ code: 'SUCCESS', details: { id: contactId }, message: 'relation removed', status: 'success' }] } };
    }
    return this.err(405, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one');
  }

  private notesOf(module: ZohoModule, id: string, q: URLSearchParams): FakeResponse {
    if (!this.records[module]?.has(id)) return this.err(400, 'INVALID_DATA', 'the related id given seems to be invalid', { api_name: 'id', id });
    const rows = [...this.records.Notes.values()].filter((n) => (n.Parent_Id as { id?: string } | undefined)?.id === id).reverse();
    const perPage = Math.min(200, Number(q.get('per_page') ?? 200));
    const page = Number(q.get('page') ?? 1);
    const slice = rows.slice((page - 1) * perPage, page * perPage);
    return slice.length ? { status: 200, body: { data: slice.map((n) => this.project('Notes', n)), info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < rows.length } } } : { status: 204 };
  }

  // ----- Zoho Accounts ------------------------------------------------------------------------------

  private authorize(req: FakeRequest): FakeResponse {
    const q = req.query;
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirect = q.get('redirect_uri') ?? '';
    if (!app) return { status: 400, body: 'Invalid Client' };
    if (app.redirectUri !== redirect) return { status: 400, body: 'Invalid Redirect Uri' };
    const state = encodeURIComponent(q.get('state') ?? '');
    const server = encodeURIComponent(this.options.accountsUrl ?? this.publicUrl);
    const location = this.options.location ?? 'eu';
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return { status: 302, headers: { location: `${redirect}?error=invalid_request&state=${state}` } };
    const scope = q.get('scope') ?? '';
    if (!scope.split(',').includes('ZohoCRM.modules.ALL')) return { status: 302, headers: { location: `${redirect}?error=invalid_scope&state=${state}` } };
    const code = `1000.${randomUUID().replace(/-/g, '')}.${randomUUID().replace(/-/g, '')}`;
    this.codes.set(code, { challenge: q.get('code_challenge')!, clientId: q.get('client_id')!, redirectUri: redirect, scope });
    return { status: 302, headers: { location: `${redirect}?state=${state}&code=${encodeURIComponent(code)}&location=${location}&accounts-server=${server}` } };
  }

  private token(req: FakeRequest): FakeResponse {
    const f = (req.body ?? {}) as Record<string, string>;
    const issue = (clientId: string, scope: string, withRefresh: boolean) => {
      const access = `1000.${randomUUID().replace(/-/g, '')}`;
      this.tokens.add(access);
      const refresh = `1000.${randomUUID().replace(/-/g, '')}`;
      if (withRefresh) this.refreshTokens.set(refresh, { clientId, scope });
      return { access_token: access, ...(withRefresh ? { refresh_token: refresh } : {}), scope, api_domain: this.publicUrl, token_type: 'Bearer', expires_in: 3600 };
    };
    if (f.grant_type === 'authorization_code') {
      const code = this.codes.get(f.code ?? '');
      this.codes.delete(f.code ?? '');
      if (!code || code.clientId !== f.client_id || code.redirectUri !== f.redirect_uri) return { status: 200, body: { error: 'invalid_code' } };
      if (createHash('sha256').update(f.code_verifier ?? '').digest('base64url') !== code.challenge) return { status: 200, body: { error: 'invalid_code_verifier' } };
      return { status: 200, body: issue(code.clientId, code.scope, true) };
    }
    if (f.grant_type === 'refresh_token') {
      const held = this.refreshTokens.get(f.refresh_token ?? '');
      if (!held || held.clientId !== f.client_id) return { status: 200, body: { error: 'invalid_code' } };
      return { status: 200, body: issue(held.clientId, held.scope, false) };
    }
    return { status: 200, body: { error: 'unsupported_grant_type' } };
  }
}
