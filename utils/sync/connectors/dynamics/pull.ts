// Dynamics 365 pulls: change-tracked reads (delta links, deleted rows), stakeholders and the
// users (owners).
import { specOf, type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import type { PullCursor } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { crmUserId, type PullPage, type RemoteActivity, type RemoteLine, type RemoteRecord } from '../../connector';
import { DYNAMICS_API, DYNAMICS_DEALSIDE_ID, DYNAMICS_DEFAULT_FIELDS, PAGE_SIZE, LOOKUP, FORMATTED, PREFER_ANNOTATIONS, type Table, SET, ID, describeDynamicsError, type Row, isDeleted } from './model';
import { DYNAMICS_LINE_COLUMNS, DYNAMICS_ORDER_LINE_COLUMNS, dynamicsLine, dynamicsOrderLine } from '../lines';
import { normIso } from '../base';
import { DynamicsConnect } from './connect';
import { DV_PAGE_OR_ERROR } from './schemas';
import { markerOf } from '../../activities';

/** the activity tables read as touches */
type ActivityTable = 'phonecall' | 'email' | 'appointment';
const ACTIVITY_TABLES: ReadonlySet<string> = new Set<ActivityTable>(['phonecall', 'email', 'appointment']);
const isActivityTable = (t: string): t is ActivityTable => ACTIVITY_TABLES.has(t);

/** an activity's columns read: what it is about, when, and its text (a touch Dealside logged carries its marker there) */
function activityColumns(table: ActivityTable): string[] {
  return ['activityid', 'subject', 'description', '_regardingobjectid_value', 'actualstart', 'createdon', 'modifiedon', ...(table === 'appointment' ? ['scheduledstart'] : ['directioncode'])];
}

/** an order's columns read: its opportunity, state and currency */
const ORDER_COLUMNS = ['_opportunityid_value', 'statecode', '_transactioncurrencyid_value', 'exchangerate'] as const;

export class DynamicsPull extends DynamicsConnect {
  protected selectOf(table: Table): string[] {
    const entity: SyncEntity = table === 'account' ? 'account' : table === 'opportunity' ? 'deal' : 'person';
    const kind = table === 'lead' ? 'lead' : table === 'contact' ? 'contact' : undefined;
    const cols = Object.entries(this.map(entity, kind)).map(([field, c]) => this.columnKey(c, field));
    const extra = table === 'account' ? ['_parentaccountid_value'] : table === 'contact' ? ['_parentcustomerid_value'] : table === 'opportunity' ? ['_parentaccountid_value', 'statecode', 'actualclosedate'] : [];
    const id = this.connection.capabilities.dealsideIdField ? [DYNAMICS_DEALSIDE_ID] : [];
    return [...new Set([ID[table], 'modifiedon', ...cols, ...extra, ...id])];
  }

  protected toRecord(table: Table, row: Row): RemoteRecord {
    const entity: SyncEntity = table === 'account' ? 'account' : table === 'opportunity' ? 'deal' : 'person';
    const kind = table === 'lead' ? 'lead' : table === 'contact' ? 'contact' : undefined;
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, column] of Object.entries(this.map(entity, kind))) {
      const key = this.columnKey(column, canonical);
      // a mapped choice whose words we read (the ABM tier, a deal type): its label, not its number
      const label = specOf(entity, canonical)?.fromCrm ? row[`${key}@${FORMATTED}`] : undefined;
      if (key in row || (column === 'salesstage' && 'statecode' in row)) fields[canonical] = this.fromDynamics(entity, canonical, column, typeof label === 'string' ? label : row[key], row);
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

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    this.streamOf(stream);
    if (stream === 'systemuser') {
      yield* this.pullUsers();
      return;
    }
    const table = stream as Table | 'connection' | 'product' | 'opportunityproduct' | 'salesorder' | 'salesorderdetail' | ActivityTable;
    const select = isActivityTable(table)
      ? [...activityColumns(table), ...(this.connection.capabilities.activityIds === 'field' ? [DYNAMICS_DEALSIDE_ID] : [])]
      : table === 'salesorder'
        ? ['salesorderid', ...ORDER_COLUMNS, 'modifiedon']
        : table === 'salesorderdetail'
          ? [...DYNAMICS_ORDER_LINE_COLUMNS]
          : table === 'connection'
        ? ['connectionid', '_record1id_value', '_record2id_value', '_record2roleid_value', 'modifiedon']
        : table === 'opportunityproduct'
          ? [...DYNAMICS_LINE_COLUMNS]
          : table === 'product'
            ? ['productid', 'modifiedon', ...Object.values(this.productColumns()).map((c) => this.columnKey(c))]
            : this.selectOf(table as Table);
    const prefer = `odata.track-changes,odata.maxpagesize=${PAGE_SIZE},${PREFER_ANNOTATIONS}`;
    const first = `${DYNAMICS_API}/${SET[table]}?$select=${select.join(',')}`;
    let url: string;
    // a delta or page link keeps the columns it was made with: a column mapped since (Options →
    // Field mapping: a tier, a marketing owner, a framework's element) would never come through it,
    // so a changed choice of columns reads everything again, the records it was made without too
    if (cursor && [cursor.after, cursor.deltaLink].some((link) => link && !sameColumns(link, select))) cursor = undefined;
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
      const res = await this.get(url, DV_PAGE_OR_ERROR, prefer, [400, 404, 410]);
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
      // money comes with its currency's id: the organization's currencies are read once there is some
      if (live.length && (table === 'opportunity' || table === 'product')) await this.loadCurrencies();
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
      const removedLinks = rows.filter(isDeleted).map((r) => String(r.id).toLowerCase());
      if (table === 'connection') {
        // a deleted connection is only an id: the deal that kept it (linkIds) undoes it
        yield { records: [], cursor: nextCursor, links: this.stakeholderLinks(live), ...(removedLinks.length ? { removedLinks } : {}) };
      } else if (table === 'salesorder') {
        // a deleted order is only an id: the deal that kept it (linkIds) loses its lines
        const links = live.length ? await this.orderLinks(live) : [];
        yield { records: [], cursor: nextCursor, ...(links.length ? { links } : {}), ...(removedLinks.length ? { removedLinks } : {}) };
      } else if (table === 'salesorderdetail') {
        const links = live.length ? await this.orderLineLinks(live) : [];
        yield { records: [], cursor: nextCursor, ...(links.length ? { links } : {}), ...(removedLinks.length ? { removedLinks } : {}) };
      } else if (table === 'opportunityproduct') {
        yield { records: [], cursor: nextCursor, links: this.lineLinks(live), ...(removedLinks.length ? { removedLinks } : {}) };
      } else if (table === 'product') {
        yield { records: live.map((r) => this.productRecord(r)), cursor: nextCursor };
      } else if (isActivityTable(table)) {
        const activities = live.map((r) => this.touchOf(table, r)).filter((a): a is RemoteActivity => !!a);
        // an activity deleted in Dynamics comes through the delta link as its id alone
        yield { records: [], cursor: nextCursor, ...(activities.length ? { activities } : {}), ...(removedLinks.length ? { removedActivities: removedLinks } : {}) };
      } else {
        const entity = table === 'account' ? 'account' : table === 'opportunity' ? 'deal' : 'person';
        const deletions = rows.filter(isDeleted).map((r) => ({ entity, objectType: table, crmId: String(r.id).toLowerCase() }) as const);
        // a won opportunity's actual close date: the day its lines were owned from (the estimated one is the forecast)
        const won = table === 'opportunity' ? live.filter((r) => r.statecode === 1 && typeof r.actualclosedate === 'string' && r.actualclosedate) : [];
        const links = won.map((r) => ({ dealCrmId: String(r.opportunityid).toLowerCase(), closedAt: String(r.actualclosedate).slice(0, 10) }));
        yield { records: live.map((r) => this.toRecord(table, r)), cursor: nextCursor, ...(deletions.length ? { deletions } : {}), ...(links.length ? { links } : {}) };
      }
      if (!next) return;
      url = next;
    }
  }

  /**
   * A phone call, e-mail or appointment regarding a contact, lead, opportunity or account → a touch
   * on it, when it happened (its actual start, else its scheduled start, else when it was made). One
   * Dealside logged carries our id (its `dealside_dealsideid` column, else a "Dealside ref <our id>"
   * line in its description), so the touch we hold is not stored twice. An e-mail's direction says
   * sent or received.
   */
  protected touchOf(table: ActivityTable, r: Row): RemoteActivity | undefined {
    const regarding = typeof r._regardingobjectid_value === 'string' ? r._regardingobjectid_value.toLowerCase() : undefined;
    const on = r[`_regardingobjectid_value@${LOOKUP}`];
    const links = !regarding
      ? undefined
      : on === 'contact' || on === 'lead'
        ? { personCrmId: regarding }
        : on === 'opportunity'
          ? { dealCrmId: regarding }
          : on === 'account'
            ? { accountCrmId: regarding }
            : undefined;
    if (!links) return undefined;
    const when = [r.actualstart, r.scheduledstart, r.createdon, r.modifiedon].find((v): v is string => typeof v === 'string' && !!v);
    if (!when) return undefined;
    const description = typeof r.description === 'string' ? r.description : '';
    // our id: in its column where the org has one on activities, else in the text's marker line
    const column = r[DYNAMICS_DEALSIDE_ID];
    const marker = typeof column === 'string' && column ? column : markerOf(description);
    return {
      crmId: String(r.activityid).toLowerCase(),
      objectType: table,
      type: table === 'phonecall' ? 'call' : table === 'appointment' ? 'meeting' : r.directioncode === false ? 'email-replied' : 'email-sent',
      at: normIso(when),
      ...(typeof r.subject === 'string' && r.subject ? { subject: r.subject } : {}),
      ...(description ? { body: description } : {}),
      links,
      ...(marker ? { dealsideId: marker } : {}),
    };
  }

  /** opportunity ↔ contact connections → the deal's contacts and their roles. */
  protected stakeholderLinks(rows: readonly Row[]): NonNullable<PullPage['links']> {
    const out: NonNullable<PullPage['links']> = [];
    for (const r of rows) {
      if (r[`_record1id_value@${LOOKUP}`] !== 'opportunity' || r[`_record2id_value@${LOOKUP}`] !== 'contact') continue;
      const deal = String(r._record1id_value).toLowerCase();
      const contact = String(r._record2id_value).toLowerCase();
      const role = typeof r._record2roleid_value === 'string' && r._record2roleid_value ? r._record2roleid_value.toLowerCase() : null;
      const id = String(r.connectionid).toLowerCase();
      out.push({ dealCrmId: deal, contactCrmIds: [contact], roles: { [contact]: role }, linkIds: { [id]: contact } });
    }
    return out;
  }

  /**
   * Opportunity products → their opportunity's lines, merged by the line's id (a line's
   * opportunity is set when it is made and never changes); each line's id is kept on the deal, as
   * a deleted line comes back as its id alone.
   */
  protected lineLinks(rows: readonly Row[]): NonNullable<PullPage['links']> {
    const byDeal = new Map<string, RemoteLine[]>();
    for (const r of rows) {
      const line = dynamicsLine(r);
      const deal = typeof r._opportunityid_value === 'string' ? r._opportunityid_value.toLowerCase() : undefined;
      if (!line || !deal) continue;
      byDeal.set(deal, [...(byDeal.get(deal) ?? []), line]);
    }
    return [...byDeal].map(([dealCrmId, lines]) => ({
      dealCrmId,
      lines,
      productCrmIds: [...new Set(lines.map((l) => l.productCrmId))],
      linkIds: Object.fromEntries(lines.map((l) => [l.id, null])),
    }));
  }

  /**
   * Sales orders → their opportunity's lines: each order read with all its lines
   * (`salesorderdetails` by `_salesorderid_value`, READ_CHUNK orders a request), which replace that
   * order's lines on the deal (`replaceGroup`; ids `<order>/<line>`, marked `ordered`). A cancelled
   * order (statecode 2) brings no lines; an order without an opportunity is no deal's. The order's
   * id and its lines' are kept on the deal (`linkIds`): a deleted order or line comes back as its id
   * alone.
   */
  protected async orderLinks(orders: readonly Row[]): Promise<NonNullable<PullPage['links']>> {
    const context = await this.orderContext(orders);
    if (!context.size) return [];
    const lines = await this.rowsById('salesorderdetail', '_salesorderid_value', [...context.keys()], DYNAMICS_ORDER_LINE_COLUMNS);
    const byOrder = new Map<string, Row[]>();
    for (const l of lines) {
      const order = String(l._salesorderid_value).toLowerCase();
      byOrder.set(order, [...(byOrder.get(order) ?? []), l]);
    }
    return [...context].map(([order, { deal, factor, cancelled }]) => {
      const rows = byOrder.get(order) ?? [];
      const read = cancelled ? [] : rows.map((l) => dynamicsOrderLine(order, l, factor)).filter((l): l is RemoteLine => !!l);
      const linkIds = Object.fromEntries([order, ...rows.map((l) => String(l.salesorderdetailid).toLowerCase())].map((id) => [id, null]));
      return { dealCrmId: deal, lines: read, productCrmIds: [...new Set(read.map((l) => l.productCrmId))], replaceGroup: order, linkIds };
    });
  }

  /**
   * Order lines changed → their order's opportunity's lines, merged by id. Orders are read for their
   * opportunity, state and currency: an org whose price calculation is not the system's (a custom
   * pricing plug-in, or totals recalculated by hand) changes a line without changing its order.
   */
  protected async orderLineLinks(details: readonly Row[]): Promise<NonNullable<PullPage['links']>> {
    const orderIds = [...new Set(details.map((d) => String(d._salesorderid_value ?? '').toLowerCase()).filter(Boolean))];
    const orders = await this.rowsById('salesorder', 'salesorderid', orderIds, ORDER_COLUMNS);
    const context = await this.orderContext(orders);
    const byDeal = new Map<string, { lines: RemoteLine[]; linkIds: Record<string, null> }>();
    for (const d of details) {
      const order = String(d._salesorderid_value ?? '').toLowerCase();
      const of = context.get(order);
      if (!of || of.cancelled) continue;
      const line = dynamicsOrderLine(order, d, of.factor);
      const entry = byDeal.get(of.deal) ?? { lines: [], linkIds: { [order]: null } };
      entry.linkIds[String(d.salesorderdetailid).toLowerCase()] = null;
      if (line) entry.lines.push(line);
      byDeal.set(of.deal, entry);
    }
    return [...byDeal].map(([dealCrmId, { lines, linkIds }]) => ({ dealCrmId, lines, productCrmIds: [...new Set(lines.map((l) => l.productCrmId))], linkIds }));
  }

  /**
   * Each order's opportunity, whether it is cancelled, and the factor from its currency to its
   * opportunity's: 1 when they are the same; else through both records' `exchangerate` (units of
   * their currency per unit of the base currency), so the deal's lines stay in the deal's currency.
   * Orders without an opportunity are left out.
   */
  protected async orderContext(orders: readonly Row[]): Promise<Map<string, { deal: string; factor: number; cancelled: boolean }>> {
    const ofDeal = orders.filter((o) => typeof o._opportunityid_value === 'string' && o._opportunityid_value);
    const out = new Map<string, { deal: string; factor: number; cancelled: boolean }>();
    if (!ofDeal.length) return out;
    const opportunities = new Map((await this.rowsById('opportunity', 'opportunityid', ofDeal.map((o) => String(o._opportunityid_value).toLowerCase()), ['_transactioncurrencyid_value', 'exchangerate'])).map((r) => [String(r.opportunityid).toLowerCase(), r]));
    const rate = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);
    for (const o of ofDeal) {
      const deal = String(o._opportunityid_value).toLowerCase();
      const opp = opportunities.get(deal);
      const [orderRate, oppRate] = [rate(o.exchangerate), rate(opp?.exchangerate)];
      const sameCurrency = !opp || String(o._transactioncurrencyid_value ?? '').toLowerCase() === String(opp._transactioncurrencyid_value ?? '').toLowerCase();
      out.set(String(o.salesorderid).toLowerCase(), { deal, factor: !sameCurrency && orderRate && oppRate ? oppRate / orderRate : 1, cancelled: o.statecode === 2 });
    }
    return out;
  }

  /** The catalogue's columns: this connection's product map, else the standard one. */
  protected productColumns(): Record<string, string> {
    const map = this.map('product');
    return Object.keys(map).length ? map : DYNAMICS_DEFAULT_FIELDS.product;
  }

  protected productRecord(row: Row): RemoteRecord {
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, column] of Object.entries(this.productColumns())) {
      const key = this.columnKey(column);
      if (key in row) fields[canonical] = this.fromDynamics('product', canonical, column, row[key], row);
    }
    return { entity: 'product', objectType: 'product', crmId: String(row.productid).toLowerCase(), modifiedAt: normIso(row.modifiedon), fields };
  }

  /** The organization's users, disabled ones too (their records keep them as owner): every pull. */
  protected async *pullUsers(): AsyncGenerator<PullPage> {
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

}

/** Does a link ask for the same columns ($select, in any order)? */
function sameColumns(link: string, select: readonly string[]): boolean {
  const given = new URL(link, 'https://dynamics.invalid').searchParams.get('$select');
  if (given === null) return true;
  const a = new Set(given.split(',').filter(Boolean));
  return a.size === new Set(select).size && select.every((c) => a.has(c));
}
