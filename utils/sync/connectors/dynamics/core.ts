// Dynamics 365 connector, the part the others build on: its streams, tables, field values both
// ways, GETs and $batch (index.ts says how the parts stack).
import type { CrmSystem } from '../../../domain/entities';
import { normalizeField, specOf, type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { SyncError, type ReplySchema } from '../../http';
import { crmUserId, crmUserIdOf, type ItemResult, type PullStream, type ConnectorTraits } from '../../connector';
import { DYNAMICS_API, BATCH, PAGE_SIZE, READ_CHUNK, LOOKUP, PREFER_ANNOTATIONS, type Table, SET, DYNAMICS_OPTIONS, DYNAMICS_CURRENCY, LOOKUPS, LOOKUP_SETS, partError, GUID, type BatchPart, type BatchAnswer, batchBody, parseBatchAnswer, type Row } from './model';
import { ConnectorBase, crmStreams } from '../base';
import { DV_BATCH_TEXT, DV_PAGE } from './schemas';

/**
 * transactioncurrencyid → ISO code, ISO code → transactioncurrencyid, and each ISO code's exchange
 * rate (units of it per unit of the organization's base currency)
 */
type Currencies = { code: Map<string, string>; id: Map<string, string>; rate: Map<string, number> };

export class DynamicsCore extends ConnectorBase {
  readonly system: CrmSystem = 'dynamics';

  /** A lead is a table of its own; connections take it. */
  readonly traits: ConnectorTraits = { leadIsDeal: false, leadRoles: true };

  readonly batchSize = BATCH;

  readonly streams: readonly PullStream[] = crmStreams({
    // the users first: the records' ownerid name them
    users: 'systemuser',
    // the product catalogue, before the opportunities' lines name its products
    products: 'product',
    accounts: 'account',
    people: ['contact', 'lead'],
    deals: 'opportunity',
    // stakeholders (opportunity ↔ contact connections and their roles), then the opportunities'
    // lines (opportunity products) and their orders (sales orders and their lines): what a won
    // opportunity's account owns
    afterDeals: [
      'connection',
      'opportunityproduct',
      'salesorder',
      'salesorderdetail',
      // touches made in Dynamics (phone calls, e-mails, appointments), on the records they regard
      { name: 'phonecall', entity: 'person' },
      { name: 'email', entity: 'person' },
      { name: 'appointment', entity: 'person' },
    ],
  });

  /** transactioncurrencyid → ISO code and back, read once a connector (currencies rarely change) */
  protected currencies?: Currencies;

  /** The organization's currencies (money columns name theirs by id; we keep ISO codes). */
  protected async loadCurrencies(): Promise<Currencies> {
    if (this.currencies) return this.currencies;
    const rows = await this.getAll(`${DYNAMICS_API}/${SET.transactioncurrency}?$select=transactioncurrencyid,isocurrencycode,exchangerate`);
    const code = new Map<string, string>();
    const id = new Map<string, string>();
    const rate = new Map<string, number>();
    for (const r of rows) {
      if (typeof r.transactioncurrencyid !== 'string' || typeof r.isocurrencycode !== 'string') continue;
      code.set(r.transactioncurrencyid.toLowerCase(), r.isocurrencycode.toUpperCase());
      id.set(r.isocurrencycode.toUpperCase(), r.transactioncurrencyid.toLowerCase());
      if (typeof r.exchangerate === 'number') rate.set(r.isocurrencycode.toUpperCase(), r.exchangerate);
    }
    this.currencies = { code, id, rate };
    return this.currencies;
  }

  protected get apiBase(): string {
    return `${this.connection.baseUrl.replace(/\/$/, '')}${DYNAMICS_API}`;
  }

  protected tableOf(entity: SyncEntity, kind?: 'contact' | 'lead'): Table {
    if (entity === 'person') return kind === 'lead' ? 'lead' : 'contact';
    if (entity === 'account') return 'account';
    if (entity === 'deal') return 'opportunity';
    throw new SyncError('invalid', 'Dealside reads products from Dynamics 365 but does not write them.');
  }

  protected async get<T>(url: string, reply: ReplySchema<T>, prefer?: string, accept?: readonly number[]): Promise<{ status: number; body: T }> {
    const res = await this.http.request({ method: 'GET', url, ...(prefer ? { headers: { prefer } } : {}), ...(accept ? { accept } : {}) }, reply);
    return { status: res.status, body: res.body };
  }

  /** Every row of a query, following @odata.nextLink. */
  protected async getAll(url: string): Promise<Row[]> {
    let page = (await this.get(url, DV_PAGE, `odata.maxpagesize=${PAGE_SIZE},${PREFER_ANNOTATIONS}`)).body;
    const rows = [...page.value];
    while (page['@odata.nextLink']) {
      page = (await this.get(page['@odata.nextLink'], DV_PAGE, `odata.maxpagesize=${PAGE_SIZE},${PREFER_ANNOTATIONS}`)).body;
      rows.push(...page.value);
    }
    return rows;
  }

  /** Send parts as one $batch; each part's answer, in order. Safe to repeat when every part is. */
  async batch(parts: readonly BatchPart[], idempotent = true): Promise<BatchAnswer[]> {
    if (parts.length === 0) return [];
    const boundary = `batch_${Math.floor(this.http.deps.random() * 1e12).toString(16)}${parts.length}`;
    const { body } = await this.http.request({
      method: 'POST',
      url: `${DYNAMICS_API}/$batch`,
      idempotent,
      headers: { prefer: 'odata.continue-on-error', 'odata-version': '4.0' },
      raw: { contentType: `multipart/mixed; boundary=${boundary}`, text: batchBody(boundary, this.apiBase, parts) },
    }, DV_BATCH_TEXT);
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

  protected itemResult(a: BatchAnswer | undefined): ItemResult {
    if (!a) return { ok: false, error: new SyncError('transient', 'Dynamics 365 sent no answer for this record.') };
    return a.status < 300 ? { ok: true } : { ok: false, error: partError(a.status, a.body, a.headers, this.http.deps.now()) };
  }

  /** A canonical value → the column's value; undefined: not sent. */
  toDynamics(entity: SyncEntity, field: string, column: string, value: FieldValue): FieldValue | undefined {
    if (field === 'ownerId') return crmUserIdOf('dynamics', value);
    // a currency the organization does not have is not sent (Dynamics keeps the record's own)
    if (column === DYNAMICS_CURRENCY) return typeof value === 'string' ? this.currencies?.id.get(value.toUpperCase()) : undefined;
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
    // the owner, and a user lookup the team maps (the marketing owner): a systemuser's id
    if (field === 'ownerId' || field === 'marketingOwnerId') {
      const type = row?.[`_${column}_value@${LOOKUP}`];
      if (type === 'team' || (field === 'marketingOwnerId' && type !== undefined && type !== 'systemuser')) return null;
      return typeof raw === 'string' && GUID.test(raw) ? crmUserId('dynamics', raw.toLowerCase()) : null;
    }
    if (column === DYNAMICS_CURRENCY) return typeof raw === 'string' ? (this.currencies?.code.get(raw.toLowerCase()) ?? null) : null;
    const options = DYNAMICS_OPTIONS[column];
    if (options) {
      if (column === 'salesstage' && row && (row.statecode === 1 || row.statecode === 2)) return row.statecode === 1 ? 'closed-won' : 'closed-lost';
      return typeof raw === 'number' ? (options.read[raw] ?? null) : null;
    }
    return normalizeField(entity, field, raw);
  }

  /** How a column is selected and read: a lookup (ours, or the user lookup mapped as the marketing owner) as _<name>_value. */
  protected columnKey(column: string, field?: string): string {
    return LOOKUPS.has(column) || field === 'marketingOwnerId' ? `_${column}_value` : column;
  }

  protected values(entity: SyncEntity, kind: 'contact' | 'lead' | undefined, fields: Record<string, FieldValue>): Record<string, unknown> {
    const map = this.map(entity, kind);
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const column = map[field];
      if (!column) continue;
      const v = this.toDynamics(entity, field, column, value);
      if (v === undefined) continue;
      if (LOOKUPS.has(column)) {
        if (typeof v === 'string') out[`${column}@odata.bind`] = `/${LOOKUP_SETS[column]}(${v})`;
      } else out[column] = v;
    }
    return out;
  }

  /** Rows of a table by id, READ_CHUNK ids per request. */
  protected async rowsById(table: Table | 'connection' | 'opportunityproduct' | 'salesorder' | 'salesorderdetail', idColumn: string, ids: readonly string[], select: readonly string[]): Promise<Row[]> {
    const rows: Row[] = [];
    const unique = [...new Set(ids.filter((id) => GUID.test(id)))];
    for (let i = 0; i < unique.length; i += READ_CHUNK) {
      const filter = unique.slice(i, i + READ_CHUNK).map((id) => `${idColumn} eq ${id}`).join(' or ');
      rows.push(...(await this.getAll(`${DYNAMICS_API}/${SET[table]}?$select=${[...new Set([idColumn, ...select])].join(',')}&$filter=${filter}`)));
    }
    return rows;
  }
}
