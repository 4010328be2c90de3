// A local fake of the Salesforce REST API (v62.0), following the published shapes:
// - SOQL query (a subset: SELECT fields FROM object [WHERE a AND b …] [ORDER BY …] [LIMIT n]) with
//   `totalSize`, `done`, `records` (each with `attributes`) and `nextRecordsUrl` paging, 2,000 per
//   batch (Sforce-Query-Options: batchSize=200…2000); query locators that expire;
// - sObject rows (get / create / update / upsert by an external id field), describe;
// - activities: Task (Subject, Description, ActivityDate, Status, Type, TaskSubtype, CallType,
//   CallDurationInSeconds) and Event (StartDateTime, EndDateTime, DurationInMinutes), related by
//   WhoId (a Contact or Lead) and WhatId (no WhatId with a lead); Description is a long text area
//   SOQL cannot filter on; Dealside_Id__c there is a plain field (no external ids on activities);
// - composite (≤ 25 subrequests, `@{ref.id}` references) and sObject collections (≤ 200 records:
//   create, update, upsert by external id);
// - multiple currencies (option `currencies`): CurrencyType (IsoCode, ConversionRate per unit of
//   the corporate currency, IsCorporate, IsActive) and CurrencyIsoCode on records with money; a
//   single-currency org has neither (a query of CurrencyType is a 400 INVALID_TYPE);
// - OpenID Connect userinfo (user_id, name, email) on the instance host;
// - users (`SELECT Id, Name, Email FROM User`, inactive ones included, as SOQL returns them) and
//   queues (Group, 00G); every Account, Contact, Lead and Opportunity has an OwnerId, the running
//   user when a create names none; an OwnerId that is no user is refused (INVALID_CROSS_REFERENCE_KEY),
//   an inactive user too (INACTIVE_OWNER_OR_USER), and only a Lead may be owned by a queue;
// - the org's daily API budget: every answer carries `Sforce-Limit-Info: api-usage=used/limit`;
//   past it, 403 REQUEST_LIMIT_EXCEEDED;
// - OAuth 2.0 web server flow with PKCE (authorize → code → token, refresh);
// - error bodies `[{ message, errorCode, fields? }]`.
import { createHash } from 'node:crypto';
import { FakeServer, ModClock, type FakeRequest, type FakeResponse } from './base';

export const SF_VERSION = 'v62.0';
/** the read-only day of a record's latest event or closed task */
const LAST_ACTIVITY = 'LastActivityDate';
const PREFIX: Record<string, string> = {
  Account: '001',
  Contact: '003',
  Lead: '00Q',
  Opportunity: '006',
  OpportunityContactRole: '00K',
  OpportunityLineItem: '00k',
  Product2: '01t',
  Organization: '00D',
  User: '005',
  Group: '00G',
  Task: '00T',
  Event: '00U',
  CurrencyType: '01L',
};
const BANT = ['Budget_Status', 'Budget_Answer', 'Budget_Amount', 'Budget_Note', 'Authority_Status', 'Authority_Engaged', 'Authority_Note', 'Need_Status', 'Need_Category', 'Need_Statement', 'Need_Note', 'Timing_Status', 'Timing_Horizon', 'Timing_Target_Date', 'Timing_Note'];

type FieldDef = {
  name: string;
  label: string;
  type: string;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  updateable: boolean;
  createable: boolean;
  nillable: boolean;
  /** a long text area cannot be filtered in SOQL */
  filterable: boolean;
  picklistValues: Array<{ value: string; active: boolean; label?: string }>;
};
export type SfRecord = Record<string, string | number | boolean | null>;

function field(name: string, type = 'string', extra: Partial<FieldDef> = {}): FieldDef {
  const custom = name.endsWith('__c');
  return { name, label: name.replace(/__c$/, '').replace(/_/g, ' '), type, custom, externalId: false, unique: false, updateable: !['Id', 'SystemModstamp', 'CreatedDate', 'IsDeleted', 'LastModifiedDate'].includes(name), createable: !['Id', 'SystemModstamp', 'CreatedDate', 'IsDeleted', 'LastModifiedDate'].includes(name), nillable: true, filterable: true, picklistValues: [], ...extra };
}

/** Salesforce's standard OpportunityContactRole Role values */
export const OCR_ROLES = ['Business User', 'Decision Maker', 'Economic Buyer', 'Economic Decision Maker', 'Evaluator', 'Executive Sponsor', 'Influencer', 'Technical Buyer', 'Other'];

const STAGES = ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];

export type SalesforceFakeOptions = {
  now?: () => number;
  /** the org's daily API request limit */
  apiLimit?: number;
  /** the admin installed Dealside's custom fields (Dealside_Id__c and BANT) */
  dealsideFields?: boolean;
  /** the admin added Dealside_LinkedIn_URL__c to Contact and Lead (default: as dealsideFields) */
  linkedinField?: boolean;
  /** custom fields an admin added, by object (e.g. a billing period on Product2 or OpportunityLineItem) */
  customFields?: Record<string, Array<{ name: string; type?: string; label?: string; values?: string[] }>>;
  /** the admin added the Activity custom field Dealside_Id__c (Task and Event; default: as dealsideFields) */
  activityIdField?: boolean;
  /** how long an unused query locator lives (Salesforce: 15 minutes) */
  locatorTtlMs?: number;
  orgName?: string;
  /**
   * Multiple currencies enabled: the org's currencies (one of them corporate) with their conversion
   * rates. Without it the org has one currency, CurrencyType is not there (INVALID_TYPE) and no
   * record has CurrencyIsoCode.
   */
  currencies?: Array<{ IsoCode: string; ConversionRate: number; IsCorporate?: boolean; IsActive?: boolean }>;
};
/** objects whose records carry CurrencyIsoCode in a multi-currency org */
const MONEY_OBJECTS = ['Account', 'Opportunity', 'OpportunityLineItem', 'Product2'] as const;

export class SalesforceFake extends FakeServer {
  readonly records: Record<string, Map<string, SfRecord>> = {};
  readonly fields: Record<string, Map<string, FieldDef>> = {};
  tokens = new Set<string>(['00D-session-token']);
  apiUsed = 0;
  apiLimit: number;
  /** OAuth: registered clients and the codes / refresh tokens issued */
  clients = new Map<string, { redirectUri: string }>([['dealside-client', { redirectUri: 'https://ext.chromiumapp.org/' }]]);
  private codes = new Map<string, { challenge: string; clientId: string; redirectUri: string }>();
  refreshTokens = new Map<string, string>();
  private locators = new Map<string, { ids: string[]; object: string; fields: string[]; usedAt: number; batch: number }>();
  private counter = 1;
  private mod: ModClock;
  readonly locatorTtlMs: number;

  constructor(readonly options: SalesforceFakeOptions = {}) {
    super(options.now ?? Date.now);
    this.mod = new ModClock(this.now);
    this.apiLimit = options.apiLimit ?? 15_000;
    this.locatorTtlMs = options.locatorTtlMs ?? 15 * 60_000;
    const common = [field('Id', 'id'), field('SystemModstamp', 'datetime'), field('CreatedDate', 'datetime'), field('IsDeleted', 'boolean')];
    const define = (object: string, defs: FieldDef[]) => {
      this.records[object] = new Map();
      this.fields[object] = new Map([...common, ...defs].map((d) => [d.name, d]));
    };
    const dealside = options.dealsideFields !== false;
    // Dealside_LinkedIn_URL__c on Contact and Lead (an admin adds it with the other Dealside fields)
    const linkedin = (options.linkedinField ?? dealside) ? [field('Dealside_LinkedIn_URL__c', 'url')] : [];
    const idField = dealside ? [field('Dealside_Id__c', 'string', { externalId: true, unique: true })] : [];
    const bant = dealside
      ? BANT.map((b) =>
          field(`Dealside_${b}__c`, b.endsWith('Status') || b.endsWith('Answer') || b.endsWith('Category') || b.endsWith('Horizon') ? 'picklist' : b.endsWith('Amount') ? 'currency' : b.endsWith('Engaged') ? 'boolean' : b.endsWith('Date') ? 'date' : 'textarea', {
            picklistValues: b.endsWith('Status') ? ['unknown', 'partial', 'confirmed', 'negative'].map((value) => ({ value, active: true })) : [],
          }),
        )
      : [];
    define('Organization', [field('Name')]);
    define('User', [field('Name', 'string', { createable: false, updateable: false }), field('FirstName'), field('LastName'), field('Email', 'email'), field('IsActive', 'boolean'), field('UserType', 'picklist')]);
    define('Group', [field('Name'), field('Type', 'picklist')]);
    const owner = field('OwnerId', 'reference');
    // LastActivityDate: read-only, the day of the latest event or closed task on the record (Salesforce keeps it)
    const lastActivity = field(LAST_ACTIVITY, 'date', { createable: false, updateable: false });
    define('Account', [field('Name'), field('Website', 'url'), field('Industry', 'picklist'), field('NumberOfEmployees', 'int'), field('BillingCountry'), field('BillingCity'), field('ParentId', 'reference'), owner, lastActivity, ...idField]);
    define('Contact', [field('FirstName'), field('LastName', 'string', { nillable: false }), field('Email', 'email'), field('Phone', 'phone'), field('Title'), field('AccountId', 'reference'), field('MailingCountry'), field('MailingCity'), owner, lastActivity, ...idField, ...linkedin]);
    define('Lead', [field('FirstName'), field('LastName', 'string', { nillable: false }), field('Email', 'email'), field('Phone', 'phone'), field('Title'), field('Company', 'string', { nillable: false }), field('Country'), field('City'), field('Status', 'picklist'), field('IsConverted', 'boolean'), owner, lastActivity, ...idField, ...linkedin, ...bant]);
    define('Opportunity', [
      owner,
      lastActivity,
      field('Name', 'string', { nillable: false }),
      field('Amount', 'currency'),
      field('StageName', 'picklist', { nillable: false, picklistValues: STAGES.map((value) => ({ value, active: true })) }),
      field('CloseDate', 'date', { nillable: false }),
      field('AccountId', 'reference'),
      // Type: the standard picklist of the kind of sale (orgs often add "Renewal")
      field('Type', 'picklist', { picklistValues: ['New Customer', 'Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade'].map((value) => ({ value, active: true })) }),
      ...idField,
      ...bant,
    ]);
    // Role: the standard (restricted) picklist of contact roles
    define('OpportunityContactRole', [field('OpportunityId', 'reference'), field('ContactId', 'reference'), field('Role', 'picklist', { picklistValues: OCR_ROLES.map((value) => ({ value, label: value, active: true })) }), field('IsPrimary', 'boolean')]);
    // TotalPrice: Quantity × UnitPrice, calculated by Salesforce (read-only here; the API takes one of the two)
    define('OpportunityLineItem', [field('OpportunityId', 'reference'), field('Product2Id', 'reference'), field('Quantity', 'double'), field('UnitPrice', 'currency'), field('TotalPrice', 'currency', { createable: false, updateable: false })]);
    define('Product2', [field('Name'), field('Family', 'picklist'), field('ProductCode'), field('IsActive', 'boolean')]);
    // Activities: Task and Event share the Activity custom fields. Salesforce does not offer
    // external ids on activity fields, so Dealside_Id__c is a plain text field there.
    const activityId = (options.activityIdField ?? dealside) ? [field('Dealside_Id__c')] : [];
    const pick = (values: string[]) => ({ picklistValues: values.map((value) => ({ value, active: true })) });
    const who = [field('WhoId', 'reference'), field('WhatId', 'reference'), field('OwnerId', 'reference'), field('Subject', 'combobox'), field('Description', 'textarea', { filterable: false })];
    define('Task', [
      ...who,
      field('ActivityDate', 'date'),
      field('Status', 'picklist', pick(['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'])),
      field('Priority', 'picklist', pick(['High', 'Normal', 'Low'])),
      field('Type', 'picklist', pick(['Call', 'Email', 'Meeting', 'Other'])),
      // set on create only
      field('TaskSubtype', 'picklist', { ...pick(['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn']), updateable: false }),
      field('CallType', 'picklist', pick(['Internal', 'Inbound', 'Outbound'])),
      field('CallDurationInSeconds', 'int'),
      field('IsClosed', 'boolean', { updateable: false, createable: false }),
      ...activityId,
    ]);
    define('Event', [
      ...who,
      field('StartDateTime', 'datetime'),
      field('EndDateTime', 'datetime'),
      field('ActivityDateTime', 'datetime'),
      field('DurationInMinutes', 'int'),
      field('Type', 'picklist', pick(['Call', 'Email', 'Meeting', 'Other'])),
      field('EventSubtype', 'picklist', { ...pick(['Event']), updateable: false }),
      ...activityId,
    ]);
    for (const [object, extra] of Object.entries(options.customFields ?? {})) {
      for (const f of extra) {
        this.fields[object]!.set(f.name, field(f.name, f.type ?? (f.values ? 'picklist' : 'string'), { ...(f.label ? { label: f.label } : {}), ...(f.values ? { picklistValues: f.values.map((value) => ({ value, active: true })) } : {}) }));
      }
    }
    if (options.currencies?.length) {
      // multiple currencies: CurrencyType lists them (ConversionRate: units per one of the corporate
      // currency), and every record with money carries CurrencyIsoCode (the corporate one by default)
      define('CurrencyType', [field('IsoCode', 'picklist'), field('ConversionRate', 'double'), field('DecimalPlaces', 'int'), field('IsActive', 'boolean'), field('IsCorporate', 'boolean')]);
      const codes = { picklistValues: options.currencies.map((c) => ({ value: c.IsoCode, active: c.IsActive !== false })) };
      for (const object of MONEY_OBJECTS) this.fields[object]!.set('CurrencyIsoCode', field('CurrencyIsoCode', 'picklist', codes));
      for (const c of options.currencies) this.insert('CurrencyType', { IsoCode: c.IsoCode, ConversionRate: c.ConversionRate, DecimalPlaces: 2, IsActive: c.IsActive !== false, IsCorporate: !!c.IsCorporate });
    }
    this.insert('Organization', { Name: options.orgName ?? 'Iberia Analytics S.L.' });
  }

  /** The corporate currency of a multi-currency org (undefined in a single-currency one). */
  get corporateCurrency(): string | undefined {
    return this.options.currencies?.find((c) => c.IsCorporate)?.IsoCode;
  }

  private newId(object: string): string {
    return `${PREFIX[object] ?? '0XX'}${String(this.counter++).padStart(12, '0')}AAA`;
  }

  private stamp(): string {
    return new Date(this.mod.tick()).toISOString().replace('Z', '+0000');
  }

  // ----- test helpers ------------------------------------------------------------------------

  /** A user of the org (SELECT … FROM User lists them, inactive ones too). */
  addUser(name: string, email: string, options: { active?: boolean; id?: string } = {}): SfRecord {
    const [first, ...rest] = name.split(' ');
    const rec = this.insert('User', { Name: name, FirstName: first ?? '', LastName: rest.join(' '), Email: email, IsActive: options.active !== false, UserType: 'Standard' });
    if (options.id) {
      this.records.User!.delete(String(rec.Id));
      rec.Id = options.id;
      this.records.User!.set(options.id, rec);
    }
    return rec;
  }

  /** A lead queue (a Group of type Queue): leads may be owned by it. */
  addQueue(name: string): SfRecord {
    return this.insert('Group', { Name: name, Type: 'Queue' });
  }

  /** The user the token belongs to is a user of the org (tests may swap `currentUser`). */
  private ensureCurrentUser(): void {
    if (!this.records.User!.has(this.currentUser.id)) this.addUser(this.currentUser.name, this.currentUser.email, { id: this.currentUser.id });
  }

  /** A record made in Salesforce directly. */
  insert(object: string, values: SfRecord, at?: number): SfRecord {
    const id = this.newId(object);
    const when = at !== undefined ? new Date(at).toISOString().replace('Z', '+0000') : this.stamp();
    const rec: SfRecord = { ...values, Id: id, CreatedDate: when, SystemModstamp: when, IsDeleted: false };
    // Salesforce: the owner defaults to the user who creates the record
    if (this.fields[object]?.has('OwnerId') && values.OwnerId === undefined && object !== 'Task' && object !== 'Event') rec.OwnerId = this.currentUser.id;
    // a multi-currency org: a record's currency is the corporate one unless given (a line: its opportunity's)
    if (this.fields[object]?.has('CurrencyIsoCode') && values.CurrencyIsoCode === undefined) {
      const opp = object === 'OpportunityLineItem' ? this.records.Opportunity?.get(String(values.OpportunityId)) : undefined;
      rec.CurrencyIsoCode = opp?.CurrencyIsoCode ?? this.corporateCurrency ?? null;
    }
    this.records[object]!.set(id, rec);
    lineTotal(object, rec);
    if (object === 'Task' || object === 'Event') this.activityOn(rec);
    return rec;
  }

  /**
   * An event, or a closed task, moves its records' LastActivityDate (the person it is with, the
   * record it is about) to its day when that is later: a system change (SystemModstamp moves).
   */
  private activityOn(activity: SfRecord): void {
    const closed = activity.Status === 'Completed' || String(activity.Id).startsWith(PREFIX.Event!);
    const when = activity.ActivityDate ?? activity.StartDateTime ?? activity.ActivityDateTime ?? activity.CreatedDate;
    if (!closed || typeof when !== 'string') return;
    const day = when.slice(0, 10);
    for (const ref of [activity.WhoId, activity.WhatId]) {
      if (typeof ref !== 'string') continue;
      const object = ['Account', 'Contact', 'Lead', 'Opportunity'].find((o) => this.records[o]?.has(ref));
      const rec = object ? this.records[object]!.get(ref)! : undefined;
      if (!rec || (typeof rec[LAST_ACTIVITY] === 'string' && rec[LAST_ACTIVITY] >= day)) continue;
      rec[LAST_ACTIVITY] = day;
      rec.SystemModstamp = this.stamp();
    }
  }

  /** Someone edits a record in Salesforce. */
  edit(object: string, id: string, values: SfRecord): SfRecord {
    const rec = this.records[object]!.get(id)!;
    Object.assign(rec, values, { SystemModstamp: this.stamp() });
    lineTotal(object, rec);
    return rec;
  }

  find(object: string, fieldName: string, value: string): SfRecord[] {
    return [...this.records[object]!.values()].filter((r) => r[fieldName] === value && !r.IsDeleted);
  }

  // crm deletions: the delete log that sObject Get Deleted reads (ids and deletedDate), the
  // recycle bin that queryAll still sees, undelete, and the log's purge (earliestDateAvailable).
  readonly deleteLog: Array<{ object: string; id: string; at: number }> = [];
  /** the earliest deletion the log still holds (older entries were purged) */
  earliestDeleteAvailable = 0;

  /** contact roles deleted with their opportunity or contact (cascade), restored with it */
  private readonly cascaded = new Map<string, string[]>();

  /**
   * Someone deletes a record in Salesforce (to the recycle bin). Its contact roles go with it
   * (queries leave them out, writes to them fail); the fake logs only the record asked for.
   */
  remove(object: string, id: string): void {
    const rec = this.records[object]!.get(id)!;
    rec.IsDeleted = true;
    rec.SystemModstamp = this.stamp();
    this.deleteLog.push({ object, id, at: Date.parse(String(rec.SystemModstamp).replace('+0000', 'Z')) });
    const parent = object === 'Opportunity' ? 'OpportunityId' : object === 'Contact' ? 'ContactId' : undefined;
    if (parent) {
      const roles = this.find('OpportunityContactRole', parent, id);
      for (const r of roles) Object.assign(r, { IsDeleted: true, SystemModstamp: rec.SystemModstamp });
      this.cascaded.set(id, roles.map((r) => String(r.Id)));
    }
  }

  /** Someone restores it from the recycle bin (with the contact roles deleted with it). */
  undelete(object: string, id: string): void {
    const rec = this.records[object]!.get(id)!;
    rec.IsDeleted = false;
    rec.SystemModstamp = this.stamp();
    const i = this.deleteLog.findIndex((d) => d.object === object && d.id === id);
    if (i >= 0) this.deleteLog.splice(i, 1);
    for (const role of this.cascaded.get(id) ?? []) Object.assign(this.records.OpportunityContactRole!.get(role)!, { IsDeleted: false, SystemModstamp: rec.SystemModstamp });
    this.cascaded.delete(id);
  }

  /** The purge job drops log entries older than this. */
  purgeDeleteLog(beforeMs: number): void {
    for (let i = this.deleteLog.length - 1; i >= 0; i--) if (this.deleteLog[i]!.at < beforeMs) this.deleteLog.splice(i, 1);
    this.earliestDeleteAvailable = Math.max(this.earliestDeleteAvailable, beforeMs);
  }

  private getDeleted(object: string, query: URLSearchParams): FakeResponse {
    // the API ignores seconds
    const minute = (v: string | null) => Math.floor(Date.parse(v ?? '') / 60_000) * 60_000;
    const start = minute(query.get('start'));
    const end = minute(query.get('end'));
    if (!Number.isFinite(start) || !Number.isFinite(end)) return this.err(400, 'MALFORMED_QUERY', 'start and end are required');
    const now = this.now();
    if (end - start <= 60_000) return this.err(400, 'INVALID_REPLICATION_DATE', 'EndDate must chronologically succeed startDate by more than one minute');
    if (start < now - 30 * 86_400_000) return this.err(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago');
    const earliest = Math.max(this.earliestDeleteAvailable, now - 15 * 86_400_000);
    const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
    const covered = Math.min(end, Math.floor(now / 60_000) * 60_000);
    return {
      status: 200,
      body: {
        deletedRecords: this.deleteLog.filter((d) => d.object === object && d.at >= start && d.at < covered).map((d) => ({ id: d.id, deletedDate: iso(d.at) })),
        earliestDateAvailable: iso(earliest),
        latestDateCovered: iso(covered),
      },
    };
  }

  // ----- server ------------------------------------------------------------------------------

  /** the user the tokens belong to (userinfo) */
  currentUser = { id: '0055e000001RepOne', name: 'Rep One', email: 'rep.one@iberia.example' };

  protected route(req: FakeRequest): string {
    return `${req.method} ${req.path.replace(/\/[a-zA-Z0-9]{15,18}(?=\/|$)/g, '/{id}').replace(/\/query\/[^/]+$/, '/query/{locator}')}`;
  }

  private err(status: number, errorCode: string, message: string, fields: string[] = []): FakeResponse {
    return { status, body: [{ message, errorCode, ...(fields.length ? { fields } : {}) }] };
  }

  protected faultBody(status: number): FakeResponse {
    if (status === 401) return this.err(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (status === 429) return { ...this.err(429, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'), headers: { 'retry-after': '1' } };
    if (status === 503) return this.err(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable. Try again later.');
    return this.err(status, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1234567890)');
  }

  protected handle(req: FakeRequest): FakeResponse {
    if (req.path === '/services/oauth2/authorize') return this.authorize(req);
    if (req.path === '/services/oauth2/token' && req.method === 'POST') return this.token(req);
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) return this.err(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    // OpenID Connect userinfo, served on the instance's host too: whom the token belongs to
    if (req.path === '/services/oauth2/userinfo' && req.method === 'GET')
      return {
        status: 200,
        body: { sub: `https://login.salesforce.com/id/00D5e000000Iberia/${this.currentUser.id}`, user_id: this.currentUser.id, organization_id: '00D5e000000Iberia', name: this.currentUser.name, email: this.currentUser.email, preferred_username: this.currentUser.email, user_type: 'STANDARD' },
      };
    const base = `/services/data/${SF_VERSION}`;
    if (!req.path.startsWith(base)) return this.err(404, 'NOT_FOUND', 'The requested resource does not exist');
    this.apiUsed++;
    const limitHeader = { 'sforce-limit-info': `api-usage=${this.apiUsed}/${this.apiLimit}` };
    if (this.apiUsed > this.apiLimit) return { ...this.err(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), headers: limitHeader };
    const res = this.dispatch(req.method, req.path.slice(base.length), req.query, req.body, req.headers['sforce-query-options'] as string | undefined);
    return { ...res, headers: { ...limitHeader, ...(res.headers ?? {}) } };
  }

  private dispatch(method: string, path: string, query: URLSearchParams, body: unknown, queryOptions?: string): FakeResponse {
    const seg = path.split('/').filter(Boolean);
    if (seg[0] === 'limits' && method === 'GET') {
      return { status: 200, body: { DailyApiRequests: { Max: this.apiLimit, Remaining: Math.max(0, this.apiLimit - this.apiUsed) } } };
    }
    if (seg[0] === 'queryAll' && method === 'GET' && !seg[1]) return this.query(query.get('q') ?? '', 2000, true);
    if (seg[0] === 'query' && method === 'GET') {
      if (seg[1]) return this.more(seg[1]);
      const batch = Math.min(2000, Math.max(200, Number(/batchSize=(\d+)/.exec(queryOptions ?? '')?.[1] ?? 2000)));
      return this.query(query.get('q') ?? '', batch);
    }
    if (seg[0] === 'composite' && !seg[1] && method === 'POST') return this.composite(body as { allOrNone?: boolean; compositeRequest: Array<{ method: string; url: string; referenceId: string; body?: unknown }> });
    if (seg[0] === 'composite' && seg[1] === 'sobjects') return this.collection(method, seg[2], seg[3], body as { allOrNone?: boolean; records: SfRecord[] });
    if (seg[0] === 'sobjects') {
      const object = seg[1]!;
      if (!this.records[object]) return this.err(404, 'NOT_FOUND', `The requested resource does not exist`);
      if (seg[2] === 'deleted' && method === 'GET') return this.getDeleted(object, query);
      if (seg[2] === 'describe' && method === 'GET') {
        return { status: 200, body: { name: object, label: object, custom: false, createable: true, updateable: true, queryable: true, fields: [...this.fields[object]!.values()] } };
      }
      if (seg.length === 2 && method === 'POST') return this.createOne(object, body as SfRecord);
      if (seg.length === 3) {
        const rec = this.records[object]!.get(seg[2]!);
        if (!rec || rec.IsDeleted) return this.err(404, 'NOT_FOUND', 'The requested resource does not exist');
        if (method === 'GET') return { status: 200, body: this.present(object, rec, [...this.fields[object]!.keys()]) };
        if (method === 'PATCH') {
          const bad = this.validate(object, body as SfRecord, rec.Id as string);
          if (bad) return bad;
          this.write(rec, body as SfRecord);
          return { status: 204 };
        }
        if (method === 'DELETE') {
          this.remove(object, rec.Id as string);
          return { status: 204 };
        }
      }
      if (seg.length === 4 && method === 'PATCH') {
        const r = this.upsert(object, seg[2]!, decodeURIComponent(seg[3]!), body as SfRecord);
        if (!r.success) return { status: 400, body: r.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })) };
        return { status: r.created ? 201 : 200, body: r };
      }
    }
    return this.err(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  private present(object: string, rec: SfRecord, fields: string[]) {
    const out: Record<string, unknown> = { attributes: { type: object, url: `/services/data/${SF_VERSION}/sobjects/${object}/${String(rec.Id)}` } };
    for (const f of fields) {
      const [rel, name] = f.split('.');
      if (!name) out[f] = rec[f] ?? null;
      else {
        // a parent's field comes nested under the relationship, null when there is no parent
        const parent = this.records[rel!]?.get(String(rec[`${rel}Id`] ?? ''));
        if (!parent) out[rel!] = null;
        else out[rel!] = { attributes: { type: rel, url: `/services/data/${SF_VERSION}/sobjects/${rel}/${String(parent.Id)}` }, ...((out[rel!] as object | null) ?? {}), [name]: parent[name] ?? null };
      }
    }
    return out;
  }

  private validate(object: string, values: SfRecord, selfId?: string): FakeResponse | undefined {
    const defs = this.fields[object]!;
    for (const [name, value] of Object.entries(values)) {
      if (name === 'attributes' || name === 'Id') continue;
      const d = defs.get(name);
      if (!d) return this.err(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object}`, [name]);
      if (!(selfId === undefined ? d.createable : d.updateable)) return this.err(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [name]);
      if (d.type === 'reference' && typeof value === 'string' && Object.values(this.records).some((m) => m.get(value)?.IsDeleted)) {
        return this.err(400, 'ENTITY_IS_DELETED', 'entity is deleted', [name]);
      }
      if (d.type === 'picklist' && d.picklistValues.length > 0 && value !== null && !d.picklistValues.some((p) => p.value === value)) {
        return this.err(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${d.label}: bad value for restricted picklist field: ${String(value)}`, [name]);
      }
      if ((d.type === 'currency' || d.type === 'double' || d.type === 'int') && value !== null && typeof value !== 'number') {
        return this.err(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${d.type} from VALUE_STRING value ${String(value)}`, [name]);
      }
      if (name === 'OwnerId' && object !== 'Task' && object !== 'Event') {
        const bad = this.checkOwner(object, value);
        if (bad) return bad;
      }
      if (name === 'WhoId' && typeof value === 'string' && !/^(003|00Q)/.test(value)) return this.err(400, 'FIELD_INTEGRITY_EXCEPTION', `Name ID: id value of incorrect type: ${value}`, [name]);
      if (d.unique && value !== null) {
        const other = [...this.records[object]!.values()].find((r) => r.Id !== selfId && !r.IsDeleted && r[name] === value);
        if (other) return this.err(400, 'DUPLICATE_VALUE', `duplicate value found: ${name} duplicates value on record with id: ${String(other.Id)}`, [name]);
      }
    }
    return undefined;
  }

  /** OwnerId: a user of the org, active; a queue only for a Lead; never empty. */
  private checkOwner(object: string, value: unknown): FakeResponse | undefined {
    this.ensureCurrentUser();
    if (value === null || value === '') return this.err(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [OwnerId]', ['OwnerId']);
    const id = String(value);
    if (object === 'Lead' && this.records.Group!.has(id)) return undefined;
    const user = this.records.User!.get(id);
    if (!user) return this.err(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['OwnerId']);
    if (user.IsActive === false) return this.err(400, 'INACTIVE_OWNER_OR_USER', `operation performed with inactive user [${id}] as owner of ${object.toLowerCase()}`, ['OwnerId']);
    return undefined;
  }

  private required(object: string, values: SfRecord): FakeResponse | undefined {
    if (object === 'Task' || object === 'Event') {
      // a lead is related to nothing else: "When the WhoId is a lead, the WhatId must be empty"
      if (typeof values.WhoId === 'string' && values.WhoId.startsWith('00Q') && values.WhatId) {
        return this.err(400, 'FIELD_INTEGRITY_EXCEPTION', 'Related To ID: id value of incorrect type: when the WhoId is a lead, the WhatId must be empty', ['WhatId']);
      }
      for (const ref of ['WhoId', 'WhatId'] as const) {
        const id = values[ref];
        if (typeof id === 'string' && !Object.values(this.records).some((m) => m.has(id))) return this.err(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [ref]);
      }
      if (object === 'Event' && !values.StartDateTime && !values.ActivityDateTime) return this.err(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [StartDateTime]', ['StartDateTime']);
      if (object === 'Event' && !values.EndDateTime && values.DurationInMinutes === undefined) return this.err(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [DurationInMinutes]', ['DurationInMinutes']);
    }
    const missing = [...this.fields[object]!.values()].filter((d) => !d.nillable && (values[d.name] === undefined || values[d.name] === null || values[d.name] === '')).map((d) => d.name);
    return missing.length ? this.err(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing) : undefined;
  }

  private write(rec: SfRecord, values: SfRecord): void {
    for (const [k, v] of Object.entries(values)) if (k !== 'attributes' && k !== 'Id') rec[k] = v;
    rec.SystemModstamp = this.stamp();
  }

  private createOne(object: string, values: SfRecord): FakeResponse {
    const bad = this.validate(object, values) ?? this.required(object, values);
    if (bad) return bad;
    const rec = this.insert(object, Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'attributes')));
    this.counters.creates++;
    return { status: 201, body: { id: rec.Id, success: true, errors: [] } };
  }

  private upsert(object: string, extField: string, value: string, values: SfRecord): { id?: string; success: boolean; errors: Array<{ statusCode: string; message: string; fields: string[] }>; created?: boolean } {
    const d = this.fields[object]!.get(extField);
    if (!d || !d.externalId) return { success: false, errors: [{ statusCode: 'NOT_FOUND', message: `Provided external ID field does not exist or is not accessible: ${extField}`, fields: [] }] };
    const clean = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'attributes' && k !== extField)) as SfRecord;
    const matches = this.find(object, extField, value);
    if (matches.length > 1) return { success: false, errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${extField}: more than one record found for external id field`, fields: [extField] }] };
    const existing = matches[0];
    const bad = this.validate(object, clean, existing?.Id as string | undefined) ?? (existing ? undefined : this.required(object, clean));
    if (bad) {
      const e = (bad.body as Array<{ message: string; errorCode: string; fields?: string[] }>)[0]!;
      return { success: false, errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }] };
    }
    if (existing) {
      this.write(existing, clean);
      return { id: existing.Id as string, success: true, errors: [], created: false };
    }
    const rec = this.insert(object, { ...clean, [extField]: value });
    this.counters.creates++;
    return { id: rec.Id as string, success: true, errors: [], created: true };
  }

  private collection(method: string, object: string | undefined, extField: string | undefined, body: { allOrNone?: boolean; records: SfRecord[] }): FakeResponse {
    const records = body?.records ?? [];
    if (records.length > 200) return this.err(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    if (body.allOrNone) return this.err(400, 'INVALID_INPUT', 'This fake supports allOrNone: false only');
    const results = records.map((r) => {
      const type = (r.attributes as unknown as { type?: string } | undefined)?.type ?? object;
      if (!type || !this.records[type]) return { success: false, errors: [{ statusCode: 'INVALID_TYPE', message: 'sObject type is not supported', fields: [] }] };
      if (method === 'PATCH' && object && extField) return this.upsert(type, extField, String(r[extField] ?? ''), r);
      if (method === 'PATCH') {
        const rec = this.records[type]!.get(String(r.id ?? r.Id));
        if (!rec || rec.IsDeleted) return { id: String(r.id ?? r.Id), success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
        const values = Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'id')) as SfRecord;
        const bad = this.validate(type, values, rec.Id as string);
        if (bad) {
          const e = (bad.body as Array<{ message: string; errorCode: string; fields?: string[] }>)[0]!;
          return { id: rec.Id, success: false, errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }] };
        }
        this.write(rec, values);
        return { id: rec.Id, success: true, errors: [] };
      }
      if (method === 'POST') {
        const res = this.createOne(type, r);
        if (res.status !== 201) {
          const e = (res.body as Array<{ message: string; errorCode: string; fields?: string[] }>)[0]!;
          return { success: false, errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }] };
        }
        return res.body as { id: string; success: boolean; errors: never[] };
      }
      return { success: false, errors: [{ statusCode: 'METHOD_NOT_ALLOWED', message: `${method} not allowed`, fields: [] }] };
    });
    return { status: 200, body: results };
  }

  private composite(body: { allOrNone?: boolean; compositeRequest: Array<{ method: string; url: string; referenceId: string; body?: unknown }> }): FakeResponse {
    const subs = body?.compositeRequest ?? [];
    if (subs.length > 25) return this.err(400, 'INVALID_INPUT', 'compositeRequest: the number of subrequests exceeds the limit of 25');
    const refs = new Map<string, unknown>();
    const compositeResponse = subs.map((s) => {
      const url = s.url.replace(/@\{([^.}]+)\.([^}]+)\}/g, (_, ref: string, key: string) => String((refs.get(ref) as Record<string, unknown> | undefined)?.[key] ?? ''));
      const u = new URL(url, 'http://x');
      const res = this.dispatch(s.method, u.pathname.replace(`/services/data/${SF_VERSION}`, ''), u.searchParams, s.body);
      refs.set(s.referenceId, res.body);
      return { body: res.body ?? null, httpHeaders: {}, httpStatusCode: res.status, referenceId: s.referenceId };
    });
    return { status: 200, body: { compositeResponse } };
  }

  // ----- SOQL (the subset Dealside uses) ------------------------------------------------------

  private query(soql: string, batch: number, includeDeleted = false): FakeResponse {
    const m = /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(.+?))?(?:\s+LIMIT\s+(\d+))?\s*$/is.exec(soql);
    if (!m) return this.err(400, 'MALFORMED_QUERY', `unexpected token: ${soql.slice(0, 40)}`);
    const fields = m[1]!.split(',').map((f) => f.trim());
    const object = m[2]!;
    const defs = this.fields[object];
    if (!defs) return this.err(400, 'INVALID_TYPE', `sObject type '${object}' is not supported.`);
    if (object === 'User') this.ensureCurrentUser();
    // a parent's field through its relationship ("Product2.Name": the line's Product2Id)
    const parentField = (f: string) => {
      const [rel, name] = f.split('.');
      return !!rel && !!name && defs.get(`${rel}Id`)?.type === 'reference' && !!this.fields[rel]?.has(name);
    };
    for (const f of fields) if (!defs.has(f) && !parentField(f)) return this.err(400, 'INVALID_FIELD', `No such column '${f}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
    let conditions: Array<(r: SfRecord) => boolean>;
    try {
      conditions = m[3] ? m[3].split(/\s+AND\s+/i).map((c) => this.condition(c.trim(), defs)) : [];
    } catch (e) {
      return this.err(400, 'MALFORMED_QUERY', (e as Error).message);
    }
    let rows = [...this.records[object]!.values()].filter((r) => (includeDeleted || !r.IsDeleted) && conditions.every((c) => c(r)));
    if (m[4]) {
      const orders = m[4].split(',').map((o) => {
        const [f, dir] = o.trim().split(/\s+/);
        return { f: f!, desc: dir?.toUpperCase() === 'DESC' };
      });
      rows.sort((a, b) => {
        for (const o of orders) {
          const x = String(a[o.f] ?? '');
          const y = String(b[o.f] ?? '');
          if (x !== y) return (x < y ? -1 : 1) * (o.desc ? -1 : 1);
        }
        return 0;
      });
    }
    if (m[5]) rows = rows.slice(0, Number(m[5]));
    const locator = `01g${String(this.counter++).padStart(12, '0')}AAA`;
    this.locators.set(locator, { ids: rows.map((r) => String(r.Id)), object, fields, usedAt: this.now(), batch });
    return this.page(locator, 0, batch);
  }

  private page(locator: string, offset: number, batch: number): FakeResponse {
    const l = this.locators.get(locator)!;
    l.usedAt = this.now();
    const ids = l.ids.slice(offset, offset + batch);
    const records = ids.map((id) => this.records[l.object]!.get(id)!).filter(Boolean).map((r) => this.present(l.object, r, l.fields));
    const end = offset + batch;
    const done = end >= l.ids.length;
    if (done) this.locators.delete(locator);
    return {
      status: 200,
      body: {
        totalSize: l.ids.length,
        done,
        ...(done ? {} : { nextRecordsUrl: `/services/data/${SF_VERSION}/query/${locator}-${end}` }),
        records,
      },
    };
  }

  private more(token: string): FakeResponse {
    const [locator, offset] = token.split('-');
    const l = locator ? this.locators.get(locator) : undefined;
    if (!l || this.now() - l.usedAt > this.locatorTtlMs) {
      if (locator) this.locators.delete(locator);
      return this.err(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return this.page(locator!, Number(offset), l.batch);
  }

  private literal(raw: string): string | number | boolean | null {
    const v = raw.trim();
    if (/^'.*'$/s.test(v)) return v.slice(1, -1).replace(/\\'/g, "'").replace(/\\\\/g, '\\');
    if (/^null$/i.test(v)) return null;
    if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return Date.parse(v);
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    throw new Error(`unexpected token: '${v}'`);
  }

  private condition(c: string, defs: Map<string, FieldDef>): (r: SfRecord) => boolean {
    const m = /^(\w+)\s*(=|!=|>=|<=|>|<|IN)\s*(.+)$/is.exec(c);
    if (!m) throw new Error(`unexpected token: '${c}'`);
    const f = m[1]!;
    if (!defs.has(f)) throw new Error(`No such column '${f}'`);
    if (!defs.get(f)!.filterable) throw new Error(`field '${f}' can not be filtered in a query call`);
    const op = m[2]!.toUpperCase();
    const isTime = defs.get(f)!.type === 'datetime';
    const value = (r: SfRecord) => (isTime ? Date.parse(String(r[f])) : r[f] ?? null);
    if (op === 'IN') {
      const list = m[3]!.trim().replace(/^\(|\)$/g, '');
      const values = list.match(/'(?:[^'\\]|\\.)*'|[^,\s]+/g)!.map((x) => this.literal(x));
      return (r) => values.includes(value(r) as never);
    }
    const lit = this.literal(m[3]!);
    return (r) => {
      const v = value(r);
      switch (op) {
        case '=':
          return v === lit;
        case '!=':
          return v !== lit;
        case '>':
          return v !== null && lit !== null && v > lit;
        case '>=':
          return v !== null && lit !== null && v >= lit;
        case '<':
          return v !== null && lit !== null && v < lit;
        default:
          return v !== null && lit !== null && v <= lit;
      }
    };
  }

  // ----- OAuth ---------------------------------------------------------------------------------

  private authorize(req: FakeRequest): FakeResponse {
    const q = req.query;
    const client = this.clients.get(q.get('client_id') ?? '');
    const redirect = q.get('redirect_uri') ?? '';
    if (!client || client.redirectUri !== redirect) return { status: 400, body: 'error=redirect_uri_mismatch' };
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return { status: 302, headers: { location: `${redirect}?error=invalid_request&error_description=${encodeURIComponent('missing required code challenge')}&state=${q.get('state') ?? ''}` } };
    }
    const code = `aPrx${this.counter++}`;
    this.codes.set(code, { challenge: q.get('code_challenge')!, clientId: q.get('client_id')!, redirectUri: redirect });
    return { status: 302, headers: { location: `${redirect}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(q.get('state') ?? '')}` } };
  }

  private token(req: FakeRequest): FakeResponse {
    const f = (req.body ?? {}) as Record<string, string>;
    const issue = () => {
      const access = `00D!session-${this.counter++}`;
      this.tokens.add(access);
      return access;
    };
    const base = { instance_url: this.url, id: `${this.url}/id/00D000000000001AAA/005000000000001AAA`, token_type: 'Bearer', issued_at: String(this.now()), signature: 'fake', scope: 'api refresh_token' };
    if (f.grant_type === 'authorization_code') {
      const code = this.codes.get(f.code ?? '');
      this.codes.delete(f.code ?? '');
      if (!code || code.clientId !== f.client_id || code.redirectUri !== f.redirect_uri) return { status: 400, body: { error: 'invalid_grant', error_description: 'invalid authorization code' } };
      const challenge = createHash('sha256').update(f.code_verifier ?? '').digest('base64url');
      if (challenge !== code.challenge) return { status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } };
      const access = issue();
      const refresh = `5Aep${this.counter++}`;
      this.refreshTokens.set(refresh, access);
      return { status: 200, body: { ...base, access_token: access, refresh_token: refresh } };
    }
    if (f.grant_type === 'refresh_token') {
      if (!this.refreshTokens.has(f.refresh_token ?? '')) return { status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } };
      const access = issue();
      this.refreshTokens.set(f.refresh_token!, access);
      return { status: 200, body: { ...base, access_token: access } };
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
  }

  /** Revoke a session (as when it expires): the next call answers 401 INVALID_SESSION_ID. */
  expire(token: string): void {
    this.tokens.delete(token);
  }
}

/** An opportunity product's TotalPrice, as Salesforce calculates it: Quantity × UnitPrice. */
function lineTotal(object: string, rec: SfRecord): void {
  if (object === 'OpportunityLineItem' && typeof rec.Quantity === 'number' && typeof rec.UnitPrice === 'number') rec.TotalPrice = rec.Quantity * rec.UnitPrice;
}
