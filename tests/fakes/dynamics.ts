// A local fake of the Dataverse Web API v9.2 (Dynamics 365 Sales) and of Microsoft Entra ID's v2.0
// sign-in, following the published shapes:
// - tables account, contact, lead, opportunity, connection (stakeholders, made in pairs: the one
//   created is the master, Dataverse adds its reciprocal), connectionrole, systemuser,
//   organization, phonecall, email, appointment, annotation, product (the catalogue),
//   opportunityproduct (an opportunity's lines, priced as the price engine does: baseamount =
//   priceperunit × quantity, extendedamount = baseamount − manualdiscountamount + tax; deleted with
//   their opportunity), salesorder and salesorderdetail (an order of an opportunity and its lines,
//   priced the same way; the order's totals — totallineitemamount, totalamount — recalculated, so
//   the order itself changes, whenever a line is added, changed or deleted; an order's lines are
//   deleted with it; statecode 0 Active … 2 Canceled) and transactioncurrency (money columns carry `_transactioncurrencyid_value`
//   and `exchangerate`; a record made without a currency takes the organization's base currency, a
//   line its opportunity's; WinOpportunity sets `actualclosedate`); ids are GUIDs, `modifiedon` /
//   `createdon` ISO times, lookups read as `_<name>_value` (with the
//   `Microsoft.Dynamics.CRM.lookuplogicalname` annotation when asked for in Prefer) and written as
//   `<name>@odata.bind: "/<set>(<id>)"`;
// - queries: `$select`, `$filter` (eq / ne / ge / gt / le / lt, and / or, parentheses), `$orderby`
//   (one column), `$top`; paging by `Prefer: odata.maxpagesize` (default and most 5,000) with
//   `@odata.nextLink` ($skiptoken);
// - change tracking (`Prefer: odata.track-changes`, per table unless turned off): the last page
//   carries `@odata.deltaLink` ($deltatoken); a delta link lists the rows created or changed since,
//   and rows deleted since as `{"@odata.context": "…$deletedEntity", "id", "reason": "deleted"}`;
//   a delta token older than the retention answers 400;
// - writes: POST <set> (204, OData-EntityId), PATCH <set>(<id>) (If-Match: * → 404 when missing,
//   no create), upsert PATCH <set>(<key>='<value>') on an alternate key (creates or updates, 204
//   either way; If-None-Match: * → 412 when it exists), DELETE <set>(<id>)/<lookup>/$ref;
//   required columns (lastname, a lead's subject, name) and unknown columns refused with 400;
// - $batch (multipart/mixed, up to 1,000 parts, `Prefer: odata.continue-on-error`: without it the
//   batch stops at the first failed part); a batch is counted as one request toward the request
//   limit here, its parts' execution time adding up;
// - metadata: EntityDefinitions(LogicalName='…') with ChangeTrackingEnabled and Keys (the alternate
//   key on dealside_dealsideid, when the admin added it), …/Attributes; WhoAmI; organizations;
//   for a System Customizer (`customizer`), publishers and solutions, new columns
//   (POST …/Attributes: String, Memo and DateTime attribute metadata, the SchemaName starting with
//   the prefix of the publisher of the solution MSCRM.SolutionUniqueName names) and alternate keys
//   (POST …/Keys: EntityKeyIndexStatus Pending until the index is built, then Active); without the
//   role, 403 with the missing privilege (0x80040220);
// - service protection per user in a 5-minute sliding window: 6,000 requests, 20 minutes of
//   execution time (each request costs `executionMs`), 52 concurrent requests; past them 429 with
//   Retry-After (seconds) and the error codes 0x80072322 / 0x80072321 / 0x80072326; every answer
//   carries x-ms-ratelimit-burst-remaining-xrm-requests and x-ms-ratelimit-time-remaining-xrm-requests;
// - error bodies `{ "error": { "code": "0x…", "message": "…" } }`;
// - Microsoft Entra ID: /{tenant}/oauth2/v2.0/authorize (PKCE S256 required) and /token
//   (authorization_code, refresh_token — which asks for the scope again); errors
//   `{ error, error_description: "AADSTS…", error_codes, timestamp, trace_id, correlation_id }`.
import { createHash, randomUUID } from 'node:crypto';
import { FakeServer, ModClock, RollingWindow, correlationId, type FakeRequest, type FakeResponse } from './base';

export type DvRow = Record<string, unknown>;
type Table = 'account' | 'contact' | 'lead' | 'opportunity' | 'connection' | 'connectionrole' | 'systemuser' | 'organization' | 'phonecall' | 'email' | 'appointment' | 'annotation' | 'product' | 'opportunityproduct' | 'salesorder' | 'salesorderdetail' | 'transactioncurrency' | 'publisher' | 'solution';
const SETS: Record<string, Table> = {
  accounts: 'account',
  contacts: 'contact',
  leads: 'lead',
  opportunities: 'opportunity',
  connections: 'connection',
  connectionroles: 'connectionrole',
  systemusers: 'systemuser',
  organizations: 'organization',
  phonecalls: 'phonecall',
  emails: 'email',
  appointments: 'appointment',
  annotations: 'annotation',
  products: 'product',
  opportunityproducts: 'opportunityproduct',
  salesorders: 'salesorder',
  salesorderdetails: 'salesorderdetail',
  transactioncurrencies: 'transactioncurrency',
  publishers: 'publisher',
  solutions: 'solution',
};
const SET_OF = Object.fromEntries(Object.entries(SETS).map(([s, t]) => [t, s])) as Record<Table, string>;
const ACTIVITY = new Set<Table>(['phonecall', 'email', 'appointment']);
const idColumn = (t: Table) => (ACTIVITY.has(t) ? 'activityid' : `${t}id`);

const BANT_CUSTOM = ['budgetstatus', 'budgetnote', 'authoritystatus', 'authoritynote', 'needcategory', 'needstatement', 'neednote', 'timingstatus', 'timingtargetdate', 'timingnote'].map((c) => `dealside_${c}`);
const COMMON = ['createdon', 'modifiedon', 'versionnumber', 'statecode', 'statuscode'];
const OWNED = ['ownerid'];
const COLUMNS: Record<Table, string[]> = {
  // new_abmtier (a choice) and new_marketingowner (a user lookup): columns a team adds for ABM
  account: ['name', 'websiteurl', 'industrycode', 'numberofemployees', 'address1_country', 'address1_city', 'telephone1', 'parentaccountid', 'new_abmtier', 'new_marketingowner', ...OWNED],
  contact: ['firstname', 'lastname', 'fullname', 'emailaddress1', 'telephone1', 'jobtitle', 'address1_country', 'address1_city', 'parentcustomerid', ...OWNED],
  lead: ['subject', 'firstname', 'lastname', 'fullname', 'emailaddress1', 'telephone1', 'jobtitle', 'companyname', 'address1_country', 'address1_city', 'budgetamount', 'budgetstatus', 'purchasetimeframe', 'purchaseprocess', 'decisionmaker', 'need', 'qualificationcomments', ...OWNED],
  opportunity: ['name', 'estimatedvalue', 'salesstage', 'estimatedclosedate', 'actualclosedate', 'parentaccountid', 'customerid', 'budgetamount', 'budgetstatus', 'purchasetimeframe', 'purchaseprocess', 'decisionmaker', 'need', 'customerneed', 'transactioncurrencyid', 'exchangerate', ...OWNED],
  connection: ['record1id', 'record2id', 'record1roleid', 'record2roleid', 'ismaster', 'relatedconnectionid', 'description'],
  connectionrole: ['name', 'category', 'description'],
  systemuser: ['fullname', 'internalemailaddress', 'isdisabled', 'domainname'],
  organization: ['name', 'basecurrencyid'],
  phonecall: ['subject', 'description', 'regardingobjectid', 'actualstart', 'actualdurationminutes', 'directioncode', ...OWNED],
  email: ['subject', 'description', 'regardingobjectid', 'actualstart', 'actualdurationminutes', 'directioncode', ...OWNED],
  appointment: ['subject', 'description', 'regardingobjectid', 'actualstart', 'actualdurationminutes', 'scheduledstart', 'scheduledend', ...OWNED],
  annotation: ['subject', 'notetext', 'objectid', ...OWNED],
  // the catalogue (organization-owned) and an opportunity's lines (opportunityid is set on create only)
  product: ['name', 'productnumber', 'price', 'description', 'transactioncurrencyid'],
  opportunityproduct: ['opportunityid', 'productid', 'productdescription', 'isproductoverridden', 'quantity', 'priceperunit', 'baseamount', 'manualdiscountamount', 'tax', 'extendedamount', 'transactioncurrencyid', 'exchangerate', ...OWNED],
  // an order (made from the opportunity, or on its own) and its lines (salesorderid set on create only)
  salesorder: ['name', 'opportunityid', 'customerid', 'totallineitemamount', 'totaltax', 'totalamount', 'transactioncurrencyid', 'exchangerate', ...OWNED],
  salesorderdetail: ['salesorderid', 'productid', 'productdescription', 'isproductoverridden', 'quantity', 'priceperunit', 'baseamount', 'manualdiscountamount', 'tax', 'extendedamount', 'transactioncurrencyid', 'exchangerate', ...OWNED],
  transactioncurrency: ['isocurrencycode', 'currencyname', 'currencysymbol', 'exchangerate'],
  // solution layering: a publisher (its customization prefix names new columns) and its solution
  publisher: ['uniquename', 'friendlyname', 'customizationprefix', 'customizationoptionvalueprefix'],
  solution: ['uniquename', 'friendlyname', 'version', 'publisherid'],
};
const LOOKUP_COLUMNS = new Set(['parentaccountid', 'parentcustomerid', 'customerid', 'ownerid', 'record1id', 'record2id', 'record1roleid', 'record2roleid', 'relatedconnectionid', 'regardingobjectid', 'objectid', 'transactioncurrencyid', 'basecurrencyid', 'opportunityid', 'productid', 'salesorderid', 'publisherid', 'new_marketingowner']);
/** tables without an owner (organization-owned) */
const UNOWNED = new Set<Table>(['systemuser', 'organization', 'connectionrole', 'connection', 'product', 'transactioncurrency', 'publisher', 'solution']);
/** the attribute metadata types a column can be created as, and the AttributeType each reads back as */
const ATTRIBUTE_TYPES: Record<string, string> = {
  'Microsoft.Dynamics.CRM.StringAttributeMetadata': 'String',
  'Microsoft.Dynamics.CRM.MemoAttributeMetadata': 'Memo',
  'Microsoft.Dynamics.CRM.DateTimeAttributeMetadata': 'DateTime',
};
const OPTION_VALUES: Record<string, number[]> = { budgetstatus: [0, 1, 2, 3], purchasetimeframe: [0, 1, 2, 3, 4], purchaseprocess: [0, 1, 2], need: [0, 1, 2, 3], salesstage: [0, 1, 2, 3], new_abmtier: [100000000, 100000001, 100000002] };
/** a custom choice's labels (a custom choice's values start at the publisher's option prefix × 10,000) */
const OPTION_LABELS: Record<string, Record<number, string>> = { new_abmtier: { 100000000: 'Tier 1', 100000001: 'Tier 2', 100000002: 'Tier 3' } };
const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
const REQUIRED: Partial<Record<Table, string[]>> = { account: ['name'], contact: ['lastname'], lead: ['lastname', 'subject'], opportunity: ['name'], connectionrole: ['name'], product: ['name'], opportunityproduct: ['_opportunityid_value'], salesorder: ['name'], salesorderdetail: ['_salesorderid_value'], transactioncurrency: ['isocurrencycode'] };

export type DynamicsFakeOptions = {
  now?: () => number;
  /** the admin added the dealside_* columns (the Dealside id, LinkedIn URL, BANT) */
  dealsideFields?: boolean;
  /** the alternate key on dealside_dealsideid (default: as dealsideFields) */
  alternateKeys?: boolean;
  /** change tracking on for the tables (default true) */
  changeTracking?: boolean;
  /** tables whose "Track changes" an admin left off (the others as `changeTracking`) */
  untracked?: string[];
  /** execution time each request costs against the 20-minute budget */
  executionMs?: number;
  /** how long a delta token stays good (Dataverse keeps change tracking data for a while) */
  deltaRetentionMs?: number;
  /** real time each request takes (to exercise the concurrency limit) */
  latencyMs?: number;
  /**
   * the signed-in user may customize the system (System Customizer: create publishers, solutions,
   * columns and keys); otherwise those writes answer 403 with the missing privilege (default false)
   */
  customizer?: boolean;
  /** how long Dataverse takes to build an alternate key's index once the key is made (default 60 s) */
  keyIndexMs?: number;
  /**
   * the system's price calculation (Organization.OOBPriceCalculationEnabled, default true): an
   * order's totals follow its lines; off (a custom pricing plug-in), a line changes alone
   */
  systemPricing?: boolean;
  orgName?: string;
  /** the org's address as the client sees it (links and entity ids name it); default the fake's own */
  publicUrl?: string;
};

/** A write the Web API refused, with its answer. */
class Refusal {
  constructor(readonly res: FakeResponse) {}
}

type Tombstone = { table: Table; id: string; version: number };
type Expr = (row: DvRow) => boolean;

export class DynamicsFake extends FakeServer {
  readonly tables = {} as Record<Table, Map<string, DvRow>>;
  tokens = new Set<string>(['dv-access-token']);
  /** Entra: registered apps (client id → redirect uri) and the codes / refresh tokens issued */
  apps = new Map<string, { redirectUri: string }>([['0c2f4e6a-8b1d-4c3e-9f5a-7d6b8e9f0a1b', { redirectUri: 'https://ext.chromiumapp.org/' }]]);
  private codes = new Map<string, { challenge: string; clientId: string; redirectUri: string; scope: string }>();
  refreshTokens = new Map<string, { scope: string }>();
  /** the user the tokens belong to (WhoAmI) */
  currentUserId: string;
  /** the organization's base currency (transactioncurrencyid) */
  baseCurrencyId: string;
  private version = 1000;
  private tombstones: Tombstone[] = [];
  private pages = new Map<string, { rows: DvRow[]; next: number; deltaVersion?: number; table: Table; select?: string[] }>();
  private mod: ModClock;
  readonly requestWindow = new RollingWindow(6000, 300_000);
  private execution: Array<{ at: number; ms: number }> = [];
  private inFlight = 0;
  /** requests per five minutes: the limit (tests lower it) */
  set requestLimit(n: number) {
    this.requestWindow.limit = n;
  }

  constructor(readonly options: DynamicsFakeOptions = {}) {
    super(options.now ?? Date.now);
    this.mod = new ModClock(this.now);
    for (const t of Object.keys(COLUMNS) as Table[]) this.tables[t] = new Map();
    // the organization's currencies: its base currency (exchange rate 1) and two more
    const eur = this.insert('transactioncurrency', { isocurrencycode: 'EUR', currencyname: 'Euro', currencysymbol: '€', exchangerate: 1 });
    this.insert('transactioncurrency', { isocurrencycode: 'USD', currencyname: 'US Dollar', currencysymbol: '$', exchangerate: 1.08 });
    this.insert('transactioncurrency', { isocurrencycode: 'GBP', currencyname: 'Pound Sterling', currencysymbol: '£', exchangerate: 0.85 });
    this.baseCurrencyId = String(eur.transactioncurrencyid);
    this.insert('organization', { name: options.orgName ?? 'Iberia Analytics', _basecurrencyid_value: this.baseCurrencyId, '_basecurrencyid_value@type': 'transactioncurrency' });
    const me = this.insert('systemuser', { fullname: 'Lucía Romero', internalemailaddress: 'lucia.romero@iberia-analytics.example', isdisabled: false });
    this.currentUserId = String(me.systemuserid);
    // Dynamics 365 Sales' stakeholder roles (category 1000)
    for (const name of ['Stakeholder', 'Decision Maker', 'Influencer']) this.insert('connectionrole', { name, category: 1000 });
    this.insert('connectionrole', { name: 'Sales Team Member', category: 1001 });
  }

  /** The Web API's address in links and entity ids. */
  get apiBase(): string {
    return `${this.options.publicUrl ?? this.url}/api/data/v9.2`;
  }

  get dealsideFields(): boolean {
    return this.options.dealsideFields !== false;
  }

  private columnsOf(table: Table): string[] {
    const custom = this.dealsideFields && table !== 'connection' && table !== 'connectionrole' && table !== 'systemuser' && table !== 'organization' && table !== 'annotation' && !UNOWNED.has(table) && table !== 'opportunityproduct' && table !== 'salesorder' && table !== 'salesorderdetail' ? ['dealside_dealsideid'] : [];
    const linkedin = this.dealsideFields && (table === 'contact' || table === 'lead') ? ['dealside_linkedinurl'] : [];
    const bant = this.dealsideFields && (table === 'lead' || table === 'opportunity') ? BANT_CUSTOM : [];
    const made = [...(this.madeColumns.get(table)?.keys() ?? [])];
    return [...new Set([idColumn(table), ...COMMON, ...COLUMNS[table], ...custom, ...linkedin, ...bant, ...made])];
  }

  /** columns made over the metadata API: table → logical name → AttributeType */
  readonly madeColumns = new Map<Table, Map<string, string>>();
  /** alternate keys made over the metadata API: table → when the key was made (its index is built after keyIndexMs) */
  readonly madeKeys = new Map<Table, { schemaName: string; attributes: string[]; at: number }>();

  private stamp(): string {
    return new Date(this.mod.tick()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  // ----- test helpers ---------------------------------------------------------------------------

  /** A row written directly (as another user of Dynamics would): lookups as `_<name>_value`. */
  insert(table: Table, values: DvRow): DvRow {
    const given = values[idColumn(table)];
    const id = typeof given === 'string' ? given : randomUUID();
    const at = this.stamp();
    const row: DvRow = { [idColumn(table)]: id, createdon: at, modifiedon: at, versionnumber: ++this.version, statecode: 0, ...values };
    if (!UNOWNED.has(table) && !('_ownerid_value' in row)) row._ownerid_value = this.currentUserId;
    this.withCurrency(table, row);
    this.tables[table].set(id, row);
    if (table === 'salesorderdetail') this.recalcOrder(row._salesorderid_value);
    return row;
  }

  /**
   * Money columns come with their transaction currency and its exchange rate: a record made without
   * one takes the organization's base currency; an opportunity's lines take their opportunity's.
   */
  private withCurrency(table: Table, row: DvRow): void {
    if (table !== 'opportunity' && table !== 'opportunityproduct' && table !== 'product' && table !== 'salesorder' && table !== 'salesorderdetail') return;
    // an order made without a currency takes its opportunity's (made from it)
    if (table === 'salesorder' && !row._transactioncurrencyid_value) {
      const opp = this.tables.opportunity?.get(String(row._opportunityid_value));
      if (opp) row._transactioncurrencyid_value = opp._transactioncurrencyid_value;
    }
    if (table === 'opportunityproduct' || table === 'salesorderdetail') {
      const parent = table === 'opportunityproduct' ? this.tables.opportunity?.get(String(row._opportunityid_value)) : this.tables.salesorder?.get(String(row._salesorderid_value));
      if (parent) row._transactioncurrencyid_value = parent._transactioncurrencyid_value;
      // the price engine: amount = price × quantity; extended amount = amount − manual discount + tax
      const quantity = Number(row.quantity ?? 1);
      const price = Number(row.priceperunit ?? 0);
      row.baseamount = Math.round(price * quantity * 100) / 100;
      row.extendedamount = Math.round((price * quantity - Number(row.manualdiscountamount ?? 0) + Number(row.tax ?? 0)) * 100) / 100;
    }
    if (!row._transactioncurrencyid_value) row._transactioncurrencyid_value = this.baseCurrencyId;
    row['_transactioncurrencyid_value@type'] = 'transactioncurrency';
    if (table !== 'product') row.exchangerate = this.tables.transactioncurrency.get(String(row._transactioncurrencyid_value))?.exchangerate ?? 1;
  }

  /** A line of an opportunity (an opportunity product), priced as Dynamics' price engine does. */
  addLine(opportunityId: string, productId: string | null, values: { quantity?: number; priceperunit?: number; manualdiscountamount?: number; tax?: number; productdescription?: string }): DvRow {
    return this.insert('opportunityproduct', {
      _opportunityid_value: opportunityId,
      '_opportunityid_value@type': 'opportunity',
      ...(productId ? { _productid_value: productId, '_productid_value@type': 'product' } : { isproductoverridden: true }),
      ...values,
    });
  }

  /**
   * An order of an opportunity (`opportunityId` null: an order on its own) with its lines, priced as
   * the price engine does; the order takes the opportunity's currency unless one is given.
   */
  addOrder(opportunityId: string | null, lines: Array<{ product: string | null; quantity?: number; priceperunit?: number; manualdiscountamount?: number; tax?: number }>, values: DvRow = {}): { order: DvRow; lines: DvRow[] } {
    const order = this.insert('salesorder', { name: `Order ${this.tables.salesorder.size + 1}`, ...(opportunityId ? { _opportunityid_value: opportunityId, '_opportunityid_value@type': 'opportunity' } : {}), ...values });
    const made = lines.map(({ product, ...v }) => this.addOrderLine(String(order.salesorderid), product, v));
    return { order, lines: made };
  }

  /** A line of an order (an order product); the order's totals follow. */
  addOrderLine(orderId: string, productId: string | null, values: { quantity?: number; priceperunit?: number; manualdiscountamount?: number; tax?: number; productdescription?: string }): DvRow {
    return this.insert('salesorderdetail', {
      _salesorderid_value: orderId,
      '_salesorderid_value@type': 'salesorder',
      ...(productId ? { _productid_value: productId, '_productid_value@type': 'product' } : { isproductoverridden: true }),
      ...values,
    });
  }

  /** The price engine on an order: its totals from its lines (a change of the order, as in Dataverse). */
  private recalcOrder(orderId: unknown): void {
    const order = this.tables.salesorder.get(String(orderId));
    if (!order || this.options.systemPricing === false) return;
    const lines = [...this.tables.salesorderdetail.values()].filter((l) => l._salesorderid_value === order.salesorderid);
    const sum = (k: string) => Math.round(lines.reduce((n, l) => n + Number(l[k] ?? 0), 0) * 100) / 100;
    Object.assign(order, { totallineitemamount: sum('baseamount'), totaltax: sum('tax'), totalamount: sum('extendedamount'), modifiedon: this.stamp(), versionnumber: ++this.version });
  }

  /** The transactioncurrencyid of an ISO code. */
  currencyId(code: string): string {
    return String(this.find('transactioncurrency', 'isocurrencycode', code)[0]!.transactioncurrencyid);
  }

  /** A change made in Dynamics by someone else. */
  change(table: Table, id: string, values: DvRow): void {
    const row = this.tables[table].get(id)!;
    Object.assign(row, values, { modifiedon: this.stamp(), versionnumber: ++this.version });
    if (table === 'opportunityproduct' || table === 'salesorderdetail') this.withCurrency(table, row);
    if (table === 'salesorderdetail') this.recalcOrder(row._salesorderid_value);
  }

  find(table: Table, column: string, value: unknown): DvRow[] {
    return [...this.tables[table].values()].filter((r) => r[column] === value);
  }

  private trash = new Map<string, { row: DvRow; cascadeOf?: string }>();

  /** Someone deletes the row in Dynamics (its connections go with it, and come back with it). */
  remove(table: Table, id: string, cascadeOf?: string): void {
    const row = this.tables[table].get(id);
    if (!row) return;
    this.tables[table].delete(id);
    this.trash.set(`${table}:${id}`, { row, ...(cascadeOf ? { cascadeOf } : {}) });
    this.tombstones.push({ table, id, version: ++this.version });
    if (table === 'connection') {
      const twin = row._relatedconnectionid_value;
      if (typeof twin === 'string' && this.tables.connection.has(twin)) this.remove('connection', twin, cascadeOf ?? `${table}:${id}`);
    } else {
      // an opportunity's lines go with it (a parental relationship)
      if (table === 'opportunity') for (const l of [...this.tables.opportunityproduct.values()]) if (l._opportunityid_value === id) this.remove('opportunityproduct', String(l.opportunityproductid), `${table}:${id}`);
      // an order's lines go with it; a line deleted on its own changes its order's totals
      if (table === 'salesorder') for (const l of [...this.tables.salesorderdetail.values()]) if (l._salesorderid_value === id) this.remove('salesorderdetail', String(l.salesorderdetailid), `${table}:${id}`);
      if (table === 'salesorderdetail' && !cascadeOf) this.recalcOrder(row._salesorderid_value);
      for (const c of [...this.tables.connection.values()]) {
        if (c._record1id_value === id || c._record2id_value === id) this.remove('connection', String(c.connectionid), `${table}:${id}`);
      }
    }
  }

  /** … and restores it from the recycle bin, with what was deleted with it. */
  restore(table: Table, id: string): void {
    const held = this.trash.get(`${table}:${id}`);
    if (!held) return;
    this.trash.delete(`${table}:${id}`);
    Object.assign(held.row, { modifiedon: this.stamp(), versionnumber: ++this.version });
    this.tables[table].set(id, held.row);
    for (const [key, t] of [...this.trash]) {
      if (t.cascadeOf !== `${table}:${id}`) continue;
      this.trash.delete(key);
      const [childTable, childId] = key.split(':') as [Table, string];
      Object.assign(t.row, { modifiedon: this.stamp(), versionnumber: ++this.version });
      this.tables[childTable].set(childId, t.row);
    }
  }

  /** The opportunity ↔ contact connection rows (master side). */
  stakeholders(opportunityId: string, contactId: string): DvRow[] {
    return [...this.tables.connection.values()].filter((c) => c.ismaster === true && c._record1id_value === opportunityId && c._record2id_value === contactId);
  }

  /** A stakeholder connection made in Dynamics (with its reciprocal). */
  connect(opportunityId: string, contactId: string, roleId: string | null = null): DvRow {
    return this.createConnection({ _record1id_value: opportunityId, '_record1id_value@type': 'opportunity', _record2id_value: contactId, '_record2id_value@type': 'contact', _record2roleid_value: roleId }, false);
  }

  addUser(fullname: string, email: string, disabled = false): DvRow {
    return this.insert('systemuser', { fullname, internalemailaddress: email, isdisabled: disabled });
  }

  // ----- the HTTP surface -----------------------------------------------------------------------

  protected route(req: FakeRequest): string {
    if (req.path.includes('/oauth2/')) return `${req.method} ${req.path.replace(/^\/[^/]+/, '/{tenant}')}`;
    return `${req.method} ${req.path.replace(/\([^)]*\)/g, '({id})')}`;
  }

  private err(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeResponse {
    return { status, headers: { 'odata-version': '4.0', ...headers }, body: { error: { code, message } } };
  }

  protected faultBody(status: number): FakeResponse {
    if (status === 429) return this.err(429, '0x80072322', 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', { 'retry-after': '3' });
    if (status === 401) return { status: 401, headers: { 'www-authenticate': 'Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize' } };
    if (status === 503) return this.err(503, '0x80040216', 'The service is temporarily unavailable.');
    return this.err(status, '0x80040216', 'An unexpected error occurred.');
  }

  private limitHeaders(now: number): Record<string, string> {
    return {
      'x-ms-ratelimit-burst-remaining-xrm-requests': String(this.requestWindow.remaining(now)),
      'x-ms-ratelimit-time-remaining-xrm-requests': String(Math.max(0, 1_200_000 - this.executionUsed(now))),
    };
  }

  private executionUsed(now: number): number {
    this.execution = this.execution.filter((e) => e.at > now - 300_000);
    return this.execution.reduce((s, e) => s + e.ms, 0);
  }

  protected async handle(req: FakeRequest): Promise<FakeResponse> {
    if (req.path.includes('/oauth2/v2.0/authorize')) return this.authorize(req);
    if (req.path.includes('/oauth2/v2.0/token') && req.method === 'POST') return this.token(req);
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) return this.faultBody(401);
    const now = this.now();
    // service protection: concurrency, request count, execution time
    if (this.inFlight >= 52) return this.err(429, '0x80072326', 'Number of concurrent requests exceeded the limit of 52.', { 'retry-after': '1' });
    if (this.executionUsed(now) >= 1_200_000) {
      const oldest = this.execution[0]!.at;
      return this.err(429, '0x80072321', 'Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds.', { 'retry-after': String(Math.max(1, Math.ceil((oldest + 300_000 - now) / 1000))) });
    }
    if (!this.requestWindow.hit(now)) {
      return this.err(429, '0x80072322', 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', { 'retry-after': String(this.requestWindow.retryAfterSeconds(now)) });
    }
    this.inFlight++;
    try {
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      let res: FakeResponse;
      if (req.path === '/api/data/v9.2/$batch' && req.method === 'POST') res = this.batch(req);
      else {
        this.execution.push({ at: now, ms: this.options.executionMs ?? 20 });
        res = this.api(req.method, req.path, req.query, req.headers as Record<string, string | undefined>, req.body);
      }
      return { ...res, headers: { ...(res.headers ?? {}), ...this.limitHeaders(now), 'odata-version': '4.0', 'req_id': correlationId() } };
    } finally {
      this.inFlight--;
    }
  }

  private api(method: string, path: string, query: URLSearchParams, headers: Record<string, string | undefined>, body: unknown): FakeResponse {
    const rest = decodeURIComponent(path.replace(/^\/api\/data\/v9\.2\//, ''));
    if (rest === path) return this.err(404, '0x80060888', `Resource not found for the segment '${path}'.`);
    if (rest === 'WhoAmI' && method === 'GET') return { status: 200, body: { '@odata.context': `${this.apiBase}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: randomUUID(), UserId: this.currentUserId, OrganizationId: randomUUID() } };
    if ((rest === 'WinOpportunity' || rest === 'LoseOpportunity') && method === 'POST') return this.closeOpportunity(rest === 'WinOpportunity', body as DvRow);
    const meta = /^EntityDefinitions\(LogicalName='([a-z]+)'\)(\/Attributes)?$/.exec(rest);
    if (meta && method === 'GET') return this.metadata(meta[1] as Table, !!meta[2]);
    const metaWrite = /^EntityDefinitions\(LogicalName='([a-z]+)'\)\/(Attributes|Keys)$/.exec(rest);
    if (metaWrite && method === 'POST') return metaWrite[2] === 'Keys' ? this.createKey(metaWrite[1] as Table, body as DvRow) : this.createColumn(metaWrite[1] as Table, body as DvRow, headers['mscrm.solutionuniquename']);
    if (!this.options.customizer && method === 'POST' && (rest === 'publishers' || rest === 'solutions')) return this.missingPrivilege(rest === 'publishers' ? 'prvCreatePublisher' : 'prvCreateSolution');
    const m = /^([a-z]+)(?:\(([^)]*)\))?(?:\/([a-z0-9_]+)\/\$ref)?$/.exec(rest);
    if (!m || !SETS[m[1]!]) return this.err(404, '0x80060888', `Resource not found for the segment '${rest.split('(')[0]}'.`);
    const table = SETS[m[1]!]!;
    const key = m[2];
    const ref = m[3];
    if (ref && method === 'DELETE') {
      const row = this.tables[table].get(key ?? '');
      if (!row) return this.notFound(table, key ?? '');
      row[`_${ref}_value`] = null;
      this.touch(row);
      return { status: 204 };
    }
    if (method === 'GET' && key === undefined) return this.list(table, query, headers.prefer ?? '');
    if (method === 'GET') {
      const row = this.byKey(table, key!);
      if (!row) return this.notFound(table, key!);
      return { status: 200, body: this.project(table, row, query.get('$select')?.split(','), true) };
    }
    if (method === 'POST' && key === undefined) {
      const made = this.write(table, undefined, body as DvRow);
      if (made instanceof Refusal) return made.res;
      return { status: 204, headers: { 'odata-entityid': `${this.apiBase}/${SET_OF[table]}(${String(made[idColumn(table)])})` } };
    }
    if (method === 'PATCH' && key !== undefined) {
      const existing = this.byKey(table, key);
      if (!existing && headers['if-match'] === '*') return this.notFound(table, key);
      if (existing && headers['if-none-match'] === '*') return this.err(412, '0x80060882', 'A record with matching key values already exists.');
      const alt = /^([a-z_]+)='((?:[^']|'')*)'$/.exec(key);
      if (!existing && !alt && !/^[0-9a-f-]{36}$/.test(key)) return this.err(400, '0x80060888', `Bad key ${key}`);
      if (alt && !this.keyed(table, alt[1]!)) return this.err(400, '0x80060888', `The key attribute '${alt[1]}' is not defined as an alternate key for the ${table} table.`);
      const values = { ...(body as DvRow) };
      if (!existing) {
        if (alt) values[alt[1]!] = alt[2]!.replace(/''/g, "'");
        else values[idColumn(table)] = key;
      }
      const made = this.write(table, existing, values);
      if (made instanceof Refusal) return made.res;
      return { status: 204, headers: { 'odata-entityid': `${this.apiBase}/${SET_OF[table]}(${String(made[idColumn(table)])})` } };
    }
    if (method === 'DELETE' && key !== undefined) {
      if (!this.tables[table].has(key)) return this.notFound(table, key);
      this.remove(table, key);
      return { status: 204 };
    }
    return this.err(405, '0x8006088a', `The HTTP method ${method} is not allowed here.`);
  }

  /** WinOpportunity / LoseOpportunity: an opportunityclose activity and the opportunity closed (statecode 1 Won / 2 Lost). */
  private closeOpportunity(won: boolean, body: DvRow): FakeResponse {
    const close = (body?.OpportunityClose ?? {}) as DvRow;
    const id = /\(([0-9a-f-]{36})\)/.exec(String(close['opportunityid@odata.bind'] ?? ''))?.[1];
    const status = Number(body?.Status);
    if (!id) return this.err(400, '0x80040203', 'OpportunityClose must name the opportunity (opportunityid@odata.bind).');
    const row = this.tables.opportunity.get(id);
    if (!row) return this.notFound('opportunity', id);
    if (row.statecode !== 0) return this.err(400, '0x80040203', 'The opportunity is already closed.');
    if (won ? status !== 3 : status !== 4 && status !== 5) return this.err(400, '0x80040203', `${status} is not a valid status code for state code ${won ? 'Won' : 'Lost'}.`);
    row.statecode = won ? 1 : 2;
    row.statuscode = status;
    // the actual close date: the close activity's actual end, else today (a date-only column)
    row.actualclosedate = typeof close.actualend === 'string' ? close.actualend.slice(0, 10) : new Date(this.now()).toISOString().slice(0, 10);
    this.touch(row);
    return { status: 204 };
  }

  private keyed(table: Table, column: string): boolean {
    if (column !== 'dealside_dealsideid' || table === 'connection') return false;
    return (this.dealsideFields && this.options.alternateKeys !== false) || this.keyStatus(table) === 'Active';
  }

  /** A key made over the metadata API is Pending until its index is built. */
  private keyStatus(table: Table): 'Active' | 'Pending' | undefined {
    const k = this.madeKeys.get(table);
    if (!k) return undefined;
    return this.now() - k.at >= (this.options.keyIndexMs ?? 60_000) ? 'Active' : 'Pending';
  }

  private missingPrivilege(privilege: string): FakeResponse {
    return this.err(403, '0x80040220', `Principal user (Id=${this.currentUserId}, type=8) is missing ${privilege} privilege.`);
  }

  /**
   * POST EntityDefinitions(LogicalName='…')/Attributes: a column, named with its solution's
   * publisher's prefix (MSCRM.SolutionUniqueName), of a type Dealside makes; 400 when it exists.
   */
  private createColumn(table: Table, body: DvRow, solutionName: string | undefined): FakeResponse {
    if (!this.tables[table]) return this.err(404, '0x80040217', `Could not find an entity with name ${table}.`);
    if (!this.options.customizer) return this.missingPrivilege('prvCreateAttribute');
    const type = ATTRIBUTE_TYPES[String(body?.['@odata.type'] ?? '')];
    const schema = String(body?.SchemaName ?? '');
    if (!type || !schema) return this.err(400, '0x80048403', 'The attribute metadata is missing its type or its SchemaName.');
    const solution = solutionName ? this.find('solution', 'uniquename', solutionName)[0] : undefined;
    const publisher = solution ? this.tables.publisher.get(String(solution._publisherid_value)) : undefined;
    const prefix = publisher ? String(publisher.customizationprefix) : 'new';
    if (!schema.toLowerCase().startsWith(`${prefix}_`)) return this.err(400, '0x80048403', `The schema name ${schema} for this attribute does not begin with the publisher's customization prefix ${prefix}.`);
    const logical = schema.toLowerCase();
    if (this.columnsOf(table).includes(logical)) return this.err(400, '0x80044363', `An attribute with the specified name ${logical} already exists.`);
    if (!this.madeColumns.has(table)) this.madeColumns.set(table, new Map());
    this.madeColumns.get(table)!.set(logical, type);
    const id = randomUUID();
    return { status: 204, headers: { 'odata-entityid': `${this.apiBase}/EntityDefinitions(LogicalName='${table}')/Attributes(${id})` } };
  }

  /** POST EntityDefinitions(LogicalName='…')/Keys: an alternate key; its index is built in the background. */
  private createKey(table: Table, body: DvRow): FakeResponse {
    if (!this.tables[table]) return this.err(404, '0x80040217', `Could not find an entity with name ${table}.`);
    if (!this.options.customizer) return this.missingPrivilege('prvCreateEntityKey');
    const attributes = Array.isArray(body?.KeyAttributes) ? (body.KeyAttributes as string[]) : [];
    if (!attributes.length || attributes.some((a) => !this.columnsOf(table).includes(a))) return this.err(400, '0x80060888', 'The key names an attribute the table does not have.');
    if (this.madeKeys.has(table) || this.keyed(table, attributes[0]!)) return this.err(400, '0x80048d0b', 'An entity key with the same attributes already exists.');
    this.madeKeys.set(table, { schemaName: String(body.SchemaName ?? ''), attributes, at: this.now() });
    return { status: 204 };
  }

  private byKey(table: Table, key: string): DvRow | undefined {
    const alt = /^([a-z_]+)='((?:[^']|'')*)'$/.exec(key);
    if (alt) return [...this.tables[table].values()].find((r) => r[alt[1]!] === alt[2]!.replace(/''/g, "'"));
    return this.tables[table].get(key.toLowerCase());
  }

  private notFound(table: Table, key: string): FakeResponse {
    return this.err(404, '0x80040217', `${table} With Id = ${key} Does Not Exist`);
  }

  private touch(row: DvRow): void {
    row.modifiedon = this.stamp();
    row.versionnumber = ++this.version;
  }

  /** Create (existing undefined) or update a row from a request body; the row, or the error. */
  private write(table: Table, existing: DvRow | undefined, body: DvRow): DvRow | Refusal {
    const columns = new Set(this.columnsOf(table));
    const values: DvRow = {};
    for (const [k, v] of Object.entries(body ?? {})) {
      const bind = /^([a-z0-9_]+)@odata\.bind$/.exec(k);
      if (bind) {
        // record1id_opportunity, regardingobjectid_contact_phonecall, objectid_account, parentcustomerid_account …
        const [column] = bind[1]!.split('_').reduce<[string, boolean]>(
          ([acc, done], part) => (done ? [acc, true] : [acc ? `${acc}_${part}` : part, LOOKUP_COLUMNS.has(acc ? `${acc}_${part}` : part)]),
          ['', false],
        );
        if (!LOOKUP_COLUMNS.has(column) || !columns.has(column)) return new Refusal(this.err(400, '0x80060888', `An undeclared property '${bind[1]}' which only has property annotations in the payload but no property value was found in the payload.`));
        if (v === null) {
          values[`_${column}_value`] = null;
          continue;
        }
        const target = /^\/?([a-z]+)\(([0-9a-f-]{36})\)$/.exec(String(v));
        if (!target || !SETS[target[1]!]) return new Refusal(this.err(400, '0x80060888', `Bad reference ${String(v)}`));
        const targetTable = SETS[target[1]!]!;
        const found = this.tables[targetTable].get(target[2]!);
        if (!found) return new Refusal(this.err(404, '0x80040217', `${targetTable} With Id = ${target[2]} Does Not Exist`));
        if (column === 'ownerid' && found.isdisabled === true) return new Refusal(this.err(400, '0x80040225', 'The specified user is disabled.'));
        values[`_${column}_value`] = target[2];
        values[`_${column}_value@type`] = targetTable;
        continue;
      }
      if (!columns.has(k)) return new Refusal(this.err(400, '0x80060888', `Could not find a property named '${k}' on type 'Microsoft.Dynamics.CRM.${table}'.`));
      if (OPTION_VALUES[k] && v !== null && !OPTION_VALUES[k]!.includes(Number(v))) return new Refusal(this.err(400, '0x80040203', `A validation error occurred. The value ${String(v)} of '${k}' on record of type '${table}' is outside the valid range.`));
      if (k === 'statecode' && table === 'opportunity') return new Refusal(this.err(400, '0x80040203', 'Use the WinOpportunity or LoseOpportunity action to close an opportunity.'));
      values[k] = v;
    }
    const next: DvRow = { ...(existing ?? {}), ...values };
    for (const c of REQUIRED[table] ?? []) if (next[c] === undefined || next[c] === null || next[c] === '') return new Refusal(this.err(400, '0x80040200', `A required attribute '${c}' is missing.`));
    if (existing) {
      Object.assign(existing, values);
      this.touch(existing);
      return existing;
    }
    if (table === 'connection') return this.createConnection(next);
    const id = typeof next[idColumn(table)] === 'string' ? String(next[idColumn(table)]) : randomUUID();
    const at = this.stamp();
    const row: DvRow = { _ownerid_value: this.currentUserId, '_ownerid_value@type': 'systemuser', statecode: 0, ...next, [idColumn(table)]: id, createdon: at, modifiedon: at, versionnumber: ++this.version };
    if (table !== 'connectionrole') this.counters.creates++;
    if (UNOWNED.has(table)) delete row._ownerid_value;
    this.withCurrency(table, row);
    this.tables[table].set(id, row);
    if (table === 'salesorderdetail') this.recalcOrder(row._salesorderid_value);
    return row;
  }

  /** A connection and its reciprocal (record1 ↔ record2 swapped, not master). */
  private createConnection(values: DvRow, counted = true): DvRow {
    const at = this.stamp();
    const id = randomUUID();
    const twin = randomUUID();
    const master: DvRow = { statecode: 0, ismaster: true, _record1roleid_value: null, _record2roleid_value: null, ...values, connectionid: id, _relatedconnectionid_value: twin, createdon: at, modifiedon: at, versionnumber: ++this.version };
    const reciprocal: DvRow = {
      statecode: 0,
      ismaster: false,
      connectionid: twin,
      _record1id_value: master._record2id_value,
      '_record1id_value@type': master['_record2id_value@type'],
      _record2id_value: master._record1id_value,
      '_record2id_value@type': master['_record1id_value@type'],
      _record1roleid_value: master._record2roleid_value ?? null,
      _record2roleid_value: master._record1roleid_value ?? null,
      _relatedconnectionid_value: id,
      createdon: at,
      modifiedon: at,
      versionnumber: ++this.version,
    };
    this.tables.connection.set(id, master);
    this.tables.connection.set(twin, reciprocal);
    if (counted) this.counters.creates++;
    return master;
  }

  /** Whether the table's "Track changes" is on. */
  private tracked(table: string): boolean {
    return this.options.changeTracking !== false && !(this.options.untracked ?? []).includes(table);
  }

  private metadata(table: Table, attributes: boolean): FakeResponse {
    if (!this.tables[table]) return this.err(404, '0x80040217', `Could not find an entity with name ${table}.`);
    if (attributes) {
      const value = this.columnsOf(table).map((c) => ({
        LogicalName: c,
        AttributeType: this.madeColumns.get(table)?.get(c) ?? (LOOKUP_COLUMNS.has(c) ? 'Lookup' : OPTION_VALUES[c] ? 'Picklist' : c.endsWith('on') || c.startsWith('scheduled') || c === 'actualstart' ? 'DateTime' : c === 'budgetamount' || c === 'estimatedvalue' ? 'Money' : c === 'decisionmaker' || c === 'ismaster' ? 'Boolean' : c === idColumn(table) ? 'Uniqueidentifier' : 'String'),
        IsCustomAttribute: c.startsWith('dealside_') || c.startsWith('new_'),
        IsValidForUpdate: !['createdon', 'modifiedon', 'versionnumber', idColumn(table), 'fullname'].includes(c),
        DisplayName: { UserLocalizedLabel: { Label: c } },
      }));
      return { status: 200, body: { '@odata.context': `${this.apiBase}/$metadata#EntityDefinitions('${table}')/Attributes`, value } };
    }
    const keyed = this.keyed(table, 'dealside_dealsideid');
    const made = this.madeKeys.get(table);
    return {
      status: 200,
      body: {
        LogicalName: table,
        ChangeTrackingEnabled: this.tracked(table),
        Keys: keyed || made ? [{ LogicalName: made?.schemaName.toLowerCase() || 'dealside_dealsideid_key', KeyAttributes: made?.attributes ?? ['dealside_dealsideid'], EntityKeyIndexStatus: keyed ? 'Active' : 'Pending' }] : [],
      },
    };
  }

  /** A row as the Web API returns it: the selected columns, lookups with their annotation. */
  private project(table: Table, row: DvRow, select: string[] | undefined, annotate: boolean, formatted = false): DvRow {
    const out: DvRow = { '@odata.etag': `W/"${String(row.versionnumber)}"` };
    const cols = select ?? this.columnsOf(table).map((c) => (LOOKUP_COLUMNS.has(c) ? `_${c}_value` : c));
    for (const c of cols) {
      out[c] = row[c] ?? null;
      if (annotate && /^_.+_value$/.test(c) && row[c]) out[`${c}@Microsoft.Dynamics.CRM.lookuplogicalname`] = row[`${c}@type`] ?? (c === '_ownerid_value' ? 'systemuser' : undefined);
      if (formatted && typeof row[c] === 'number' && OPTION_LABELS[c]?.[row[c]]) out[`${c}@${FORMATTED}`] = OPTION_LABELS[c][row[c]];
    }
    out[idColumn(table)] = row[idColumn(table)];
    return out;
  }

  private list(table: Table, query: URLSearchParams, prefer: string): FakeResponse {
    const maxPage = Math.min(5000, Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? 5000));
    const annotate = prefer.includes('lookuplogicalname') || prefer.includes('odata.include-annotations="*"');
    const base = `${this.apiBase}/${SET_OF[table]}`;
    const skip = query.get('$skiptoken');
    if (skip) {
      const state = this.pages.get(skip.split(':')[0]!);
      if (!state) return this.err(400, '0x80040203', 'The paging cookie is not valid.');
      return this.page(base, skip.split(':')[0]!, state, maxPage, annotate);
    }
    const select = query.get('$select')?.split(',').filter(Boolean);
    // a lookup is selected as _<name>_value: its own name is a navigation property
    const navigation = select?.find((c) => LOOKUP_COLUMNS.has(c) && c !== idColumn(table));
    if (navigation) return this.err(400, '0x80060888', `Could not find a property named '${navigation}' on type 'Microsoft.Dynamics.CRM.${table}'.`);
    const formatted = prefer.includes(FORMATTED) || prefer.includes('odata.include-annotations="*"');
    const track = prefer.includes('odata.track-changes') && this.tracked(table) && table !== 'systemuser' && table !== 'organization';
    const deltaToken = query.get('$deltatoken');
    let rows: DvRow[];
    if (deltaToken) {
      const [v, at] = deltaToken.split('!');
      const since = Number(v);
      if (!Number.isFinite(since) || this.now() - Number(at) > (this.options.deltaRetentionMs ?? 90 * 86_400_000)) return this.err(400, '0x80044352', 'The specified delta token is out of the change tracking retention period.');
      const changed = [...this.tables[table].values()].filter((r) => Number(r.versionnumber) > since).map((r) => ({ row: r, version: Number(r.versionnumber) }));
      const gone = this.tombstones.filter((t) => t.table === table && t.version > since && !this.tables[table].has(t.id)).map((t) => ({ row: { '@odata.context': `${base.replace(SET_OF[table], '$metadata#' + SET_OF[table])}/$deletedEntity`, id: t.id, reason: 'deleted' } as DvRow, version: t.version }));
      // one entry per id: the latest state
      const seen = new Set<string>();
      rows = [...changed, ...gone]
        .sort((a, b) => a.version - b.version)
        .reverse()
        .filter(({ row }) => {
          const id = String(row[idColumn(table)] ?? row.id);
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        })
        .reverse()
        .map(({ row }) => row);
    } else {
      rows = [...this.tables[table].values()];
      const filter = query.get('$filter');
      if (filter) {
        let expr: Expr;
        try {
          expr = parseFilter(filter);
        } catch (e) {
          return this.err(400, '0x80060888', `Syntax error in $filter: ${(e as Error).message}`);
        }
        rows = rows.filter(expr);
      }
      const order = query.get('$orderby');
      if (order) {
        const [col, dir] = order.split(' ');
        rows.sort((a, b) => (String(a[col!]) < String(b[col!]) ? -1 : String(a[col!]) > String(b[col!]) ? 1 : 0) * (dir === 'desc' ? -1 : 1));
      }
      const top = Number(query.get('$top') ?? NaN);
      if (Number.isFinite(top)) rows = rows.slice(0, top);
    }
    const projected = rows.map((r) => (r.reason === 'deleted' && !r[idColumn(table)] ? r : this.project(table, r, select, annotate, formatted)));
    const cookie = randomUUID().slice(0, 8);
    const state = { rows: projected, next: 0, table, ...(track || deltaToken ? { deltaVersion: this.version } : {}), ...(select ? { select } : {}) };
    this.pages.set(cookie, state);
    return this.page(base, cookie, state, maxPage, annotate, query);
  }

  private page(base: string, cookie: string, state: { rows: DvRow[]; next: number; deltaVersion?: number; select?: string[] }, maxPage: number, _annotate: boolean, query?: URLSearchParams): FakeResponse {
    const from = state.next;
    const value = state.rows.slice(from, from + maxPage);
    state.next = from + value.length;
    const more = state.next < state.rows.length;
    const select = state.select ? `$select=${state.select.join(',')}&` : '';
    const body: DvRow = { '@odata.context': `${this.apiBase}/$metadata#${base.split('/').pop()}`, value };
    if (more) body['@odata.nextLink'] = `${base}?${select}$skiptoken=${cookie}:${state.next}`;
    else {
      this.pages.delete(cookie);
      if (state.deltaVersion !== undefined) body['@odata.deltaLink'] = `${base}?${select}$deltatoken=${state.deltaVersion}!${this.now()}`;
    }
    void query;
    const headers: Record<string, string> = { 'preference-applied': [state.deltaVersion !== undefined ? 'odata.track-changes' : '', `odata.maxpagesize=${maxPage}`].filter(Boolean).join(',') };
    return { status: 200, body, headers };
  }

  // ----- $batch -----------------------------------------------------------------------------------

  private batch(req: FakeRequest): FakeResponse {
    const type = String(req.headers['content-type'] ?? '');
    const boundary = /boundary=([^;]+)/.exec(type)?.[1];
    if (!boundary) return this.err(400, '0x80060888', 'The batch request must have a "Content-Type" header with a boundary.');
    const chunks = req.rawBody.split(`--${boundary}`).slice(1).filter((c) => !c.startsWith('--'));
    if (chunks.length > 1000) return this.err(400, '0x80060888', 'The number of requests in a batch exceeds the limit of 1000.');
    const continueOnError = String(req.headers.prefer ?? '').includes('odata.continue-on-error');
    const out: string[] = [];
    const rb = `batchresponse_${randomUUID()}`;
    for (const chunk of chunks) {
      const m = /\r?\n\r?\n(GET|POST|PATCH|DELETE) (\S+) HTTP\/1\.1\r?\n([\s\S]*)$/.exec(chunk);
      let res: FakeResponse;
      if (!m) res = this.err(400, '0x80060888', 'Malformed batch part.');
      else {
        const url = new URL(m[2]!, this.url);
        const rest = m[3]!;
        const split = rest.search(/\r?\n\r?\n/);
        const head = split >= 0 ? rest.slice(0, split) : rest;
        const text = split >= 0 ? rest.slice(split).trim() : '';
        const headers: Record<string, string> = {};
        for (const line of head.split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        this.execution.push({ at: this.now(), ms: this.options.executionMs ?? 20 });
        res = this.api(m[1]!, url.pathname, url.searchParams, headers, body);
      }
      const lines = [`--${rb}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '', `HTTP/1.1 ${res.status} ${res.status < 300 ? 'OK' : 'Error'}`];
      for (const [k, v] of Object.entries(res.headers ?? {})) lines.push(`${k}: ${v}`);
      if (res.body !== undefined) lines.push('Content-Type: application/json; odata.metadata=minimal');
      lines.push('', res.body !== undefined ? JSON.stringify(res.body) : '');
      out.push(lines.join('\r\n'));
      if (res.status >= 400 && !continueOnError) break;
    }
    return { status: 200, headers: { 'content-type': `multipart/mixed; boundary=${rb}` }, body: `${out.join('\r\n')}\r\n--${rb}--\r\n` };
  }

  // ----- Microsoft Entra ID --------------------------------------------------------------------------

  private aadError(error: string, code: number, description: string): FakeResponse {
    return { status: 400, body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date(this.now()).toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() } };
  }

  private authorize(req: FakeRequest): FakeResponse {
    const q = req.query;
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirect = q.get('redirect_uri') ?? '';
    if (!app) return { status: 400, body: 'AADSTS700016: Application not found in the directory.' };
    if (app.redirectUri !== redirect) return { status: 400, body: 'AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.' };
    const state = encodeURIComponent(q.get('state') ?? '');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return { status: 302, headers: { location: `${redirect}?error=invalid_request&error_description=${encodeURIComponent('AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.')}&state=${state}` } };
    }
    const scope = q.get('scope') ?? '';
    if (!/\/user_impersonation(\s|$)/.test(scope)) return { status: 302, headers: { location: `${redirect}?error=invalid_scope&error_description=${encodeURIComponent('AADSTS70011: The provided value for the input parameter scope is not valid.')}&state=${state}` } };
    const code = `0.AX${randomUUID()}`;
    this.codes.set(code, { challenge: q.get('code_challenge')!, clientId: q.get('client_id')!, redirectUri: redirect, scope });
    return { status: 302, headers: { location: `${redirect}?code=${encodeURIComponent(code)}&state=${state}&session_state=${randomUUID()}` } };
  }

  private token(req: FakeRequest): FakeResponse {
    const f = (req.body ?? {}) as Record<string, string>;
    const issue = (scope: string) => {
      const access = `eyJ0eXAiOiJKV1Qi.${randomUUID()}`;
      this.tokens.add(access);
      const refresh = `0.AR${randomUUID()}`;
      this.refreshTokens.set(refresh, { scope });
      return { token_type: 'Bearer', scope: scope.split(' ').filter((s) => s !== 'offline_access').join(' '), expires_in: 3599, ext_expires_in: 3599, access_token: access, ...(scope.includes('offline_access') ? { refresh_token: refresh } : {}) };
    };
    if (f.grant_type === 'authorization_code') {
      const code = this.codes.get(f.code ?? '');
      this.codes.delete(f.code ?? '');
      if (!code || code.clientId !== f.client_id || code.redirectUri !== f.redirect_uri) return this.aadError('invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity.');
      const challenge = createHash('sha256').update(f.code_verifier ?? '').digest('base64url');
      if (challenge !== code.challenge) return this.aadError('invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
      return { status: 200, body: issue(code.scope) };
    }
    if (f.grant_type === 'refresh_token') {
      const held = this.refreshTokens.get(f.refresh_token ?? '');
      if (!held) return this.aadError('invalid_grant', 700082, 'The refresh token has expired due to inactivity.');
      if (!f.scope) return this.aadError('invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
      this.refreshTokens.delete(f.refresh_token!);
      return { status: 200, body: issue(f.scope) };
    }
    return this.aadError('unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }

  /** Revoke an access token (as when it expires): the next call answers 401. */
  expire(token: string): void {
    this.tokens.delete(token);
  }
}

// ----- $filter ------------------------------------------------------------------------------------

/** A small OData $filter: comparisons joined by and / or, parentheses; literals GUIDs, 'strings', numbers, null, true / false, ISO times. */
export function parseFilter(text: string): Expr {
  const tokens = text.match(/\(|\)|'(?:[^']|'')*'|[^\s()]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const take = () => tokens[i++];
  const literal = (t: string): unknown => {
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'null') return null;
    if (t === 'true' || t === 'false') return t === 'true';
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    return t.toLowerCase();
  };
  const primary = (): Expr => {
    if (peek() === '(') {
      take();
      const e = or();
      if (take() !== ')') throw new Error('expected )');
      return e;
    }
    const col = take();
    const op = take();
    const raw = take();
    if (!col || !op || raw === undefined) throw new Error('incomplete comparison');
    const v = literal(raw);
    const time = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw) ? Date.parse(raw.toUpperCase()) : undefined;
    return (row) => {
      let x = row[col] ?? null;
      if (typeof x === 'string' && /^[0-9a-f-]{36}$/i.test(x)) x = x.toLowerCase();
      if (time !== undefined && typeof x === 'string') {
        const t = Date.parse(x);
        return op === 'ge' ? t >= time : op === 'gt' ? t > time : op === 'le' ? t <= time : op === 'lt' ? t < time : op === 'eq' ? t === time : t !== time;
      }
      switch (op) {
        case 'eq':
          return x === v;
        case 'ne':
          return x !== v;
        case 'ge':
          return x !== null && v !== null && (x as number) >= (v as number);
        case 'gt':
          return x !== null && v !== null && (x as number) > (v as number);
        case 'le':
          return x !== null && v !== null && (x as number) <= (v as number);
        case 'lt':
          return x !== null && v !== null && (x as number) < (v as number);
        default:
          throw new Error(`operator ${op}`);
      }
    };
  };
  const and = (): Expr => {
    let e = primary();
    while (peek() === 'and') {
      take();
      const l = e;
      const r = primary();
      e = (row) => l(row) && r(row);
    }
    return e;
  };
  const or = (): Expr => {
    let e = and();
    while (peek() === 'or') {
      take();
      const l = e;
      const r = and();
      e = (row) => l(row) || r(row);
    }
    return e;
  };
  const e = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]}`);
  return e;
}
