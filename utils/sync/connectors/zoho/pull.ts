// Zoho CRM pulls: modules paged by modification time (If-Modified-Since), a deal's contact
// roles, the users (owners) and deletions.
import { normalizeField, type FieldValue } from '../../../domain/fields/recordFields';
import type { PullCursor } from '../../../store/syncRecords';
import { crmUserId, type PullPage, type RemoteActivity, type RemoteDeletion, type RemoteLine, type RemoteRecord } from '../../connector';
import { ZOHO_API, ZOHO_DEALSIDE_ID, PAGE_SIZE, type Module, type ListModule, DELETED_MODULES, ENTITY_OF, type Row, lookupId, zohoTime, notesCheckEveryMs, ZOHO_NOTES_FIRST_CHECK_MS } from './model';
import { zohoLine } from '../lines';
import { normIso } from '../base';
import { ZohoConnect } from './connect';
import { ZOHO_LIST, ZOHO_USERS } from './schemas';
import { markerOf } from '../../activities';

export class ZohoPull extends ZohoConnect {
  protected fieldsOf(module: ListModule): string[] {
    // in an org with multiple currencies a product's price and an order's items are in the record's own
    // Currency (Exchange_Rate: units of it per unit of the org's home currency)
    if (module === 'Products') return ['Modified_Time', 'Product_Name', 'Unit_Price', ...(this.multiCurrency ? ['Currency'] : [])];
    if (module === 'Sales_Orders') return ['Modified_Time', 'Deal_Name', 'Ordered_Items', ...(this.multiCurrency ? ['Currency', 'Exchange_Rate'] : [])];
    if (module === 'Notes') return ['Modified_Time', 'Created_Time', 'Note_Title', 'Note_Content', 'Parent_Id'];
    const entity = ENTITY_OF[module];
    const cols = Object.values(this.map(entity, this.kindOf(module)));
    const extra = module === 'Accounts' ? ['Parent_Account'] : module === 'Contacts' ? ['Account_Name'] : module === 'Deals' ? ['Account_Name', 'Contact_Name'] : [];
    const id = this.connection.capabilities.dealsideIdField ? [ZOHO_DEALSIDE_ID] : [];
    return [...new Set(['Modified_Time', ...cols, ...extra, ...id])];
  }

  protected toRecord(module: Module, row: Row): RemoteRecord {
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

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    if (stream === 'users') return yield* this.pullUsers();
    if (stream === 'deleted') return yield* this.pullDeleted(cursor);
    if (stream === 'notes_check') return yield* this.pullNotesCheck(cursor);
    this.streamOf(stream);
    const module = stream as ListModule;
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
      const res = await this.http.request({
        method: 'GET',
        url: `${ZOHO_API}/${module}`,
        query: { fields: this.fieldsOf(module).join(','), per_page: PAGE_SIZE, sort_by: 'Modified_Time', sort_order: 'asc', ...(token ? { page_token: token } : { page }) },
        ...(since ? { headers: { 'If-Modified-Since': zohoTime(Date.parse(since)) } } : {}),
        accept: [204, 304],
      }, ZOHO_LIST);
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
      const records = module === 'Sales_Orders' || module === 'Notes' ? [] : module === 'Products' ? fresh.map((r) => this.productRecord(r)) : fresh.map((r) => this.toRecord(module, r));
      const activities = module === 'Notes' ? fresh.map((r) => this.noteActivity(r)).filter((a): a is RemoteActivity => !!a) : [];
      const links = module === 'Deals' && fresh.length ? await this.dealLinks(fresh) : module === 'Sales_Orders' ? await this.orderLinks(fresh) : undefined;
      yield { records, cursor: nextCursor, ...(links?.length ? { links } : {}), ...(activities.length ? { activities } : {}) };
      if (done) return;
      mode = nextCursor.mode;
      token = after?.startsWith('token:') ? after.slice(6) : undefined;
      page = after?.startsWith('page:') ? Number(after.slice(5)) : 1;
      // a page of nothing new that still says "more", at a second already left behind: stop
      if (!after && fresh.length === 0) return;
    }
  }

  /**
   * A note on a contact, lead, deal or account → a touch on it, when it was written; one Dealside
   * logged carries its marker ("Dealside ref <our id>"), so the touch we hold is not stored twice.
   */
  protected noteActivity(row: Row): RemoteActivity | undefined {
    const parent = row.Parent_Id as { id?: unknown; module?: { api_name?: unknown } } | null | undefined;
    const module = parent?.module?.api_name;
    const id = typeof parent?.id === 'string' ? parent.id : undefined;
    if (!id) return undefined;
    const links = module === 'Contacts' || module === 'Leads' ? { personCrmId: id } : module === 'Deals' ? { dealCrmId: id } : module === 'Accounts' ? { accountCrmId: id } : undefined;
    if (!links) return undefined;
    const content = typeof row.Note_Content === 'string' ? row.Note_Content : '';
    const marker = markerOf(content);
    return {
      crmId: String(row.id),
      objectType: 'Notes',
      type: 'note',
      at: normIso(row.Created_Time ?? row.Modified_Time),
      ...(typeof row.Note_Title === 'string' && row.Note_Title ? { subject: row.Note_Title } : {}),
      ...(content ? { body: content } : {}),
      links,
      ...(marker ? { dealsideId: marker } : {}),
    };
  }

  /**
   * Multiple currencies enabled (Enterprise and above): the org has a `Currency` field on its records
   * with money, and connect mapped the deal's currency to it.
   */
  protected get multiCurrency(): boolean {
    return this.map('deal').currency === 'Currency';
  }

  /** A product of the catalogue: its name and unit price, in its own Currency (else the org's). */
  protected productRecord(row: Row): RemoteRecord {
    const fields: Record<string, FieldValue> = {};
    if ('Product_Name' in row) fields.name = normalizeField('product', 'name', row.Product_Name);
    if ('Unit_Price' in row) fields.listPrice = normalizeField('product', 'listPrice', row.Unit_Price);
    const currency = typeof row.Currency === 'string' && row.Currency ? row.Currency : this.connection.account.currency;
    if (currency) fields.currency = currency;
    return { entity: 'product', objectType: 'Products', crmId: String(row.id), modifiedAt: normIso(row.Modified_Time), fields };
  }

  /**
   * A sales order's items → its deal's lines: they replace that order's lines (an item removed from
   * the order leaves), and the order's id is kept on the deal, as a deleted order comes back as
   * its id alone (the deleted stream). In an org with multiple currencies, an order in another
   * currency than its deal's is converted to the deal's through both records' Exchange_Rate (the
   * deals read by id, 100 a call, for their Currency and Exchange_Rate), so the deal's lines — and the
   * ARR its account owns — are in the deal's currency, as Dynamics 365's orders are.
   */
  protected async orderLinks(rows: readonly Row[]): Promise<NonNullable<PullPage['links']>> {
    const out: NonNullable<PullPage['links']> = [];
    const deals = this.multiCurrency ? await this.rowsByIds('Deals', rows.map((r) => lookupId(r.Deal_Name)).filter((d): d is string => !!d), ['Currency', 'Exchange_Rate']) : new Map<string, Row>();
    const rate = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);
    for (const r of rows) {
      const deal = lookupId(r.Deal_Name);
      if (!deal) continue;
      const order = String(r.id);
      const of = deals.get(deal);
      const [orderRate, dealRate] = [rate(r.Exchange_Rate), rate(of?.Exchange_Rate)];
      const factor = of && typeof r.Currency === 'string' && r.Currency !== of.Currency && orderRate && dealRate ? dealRate / orderRate : 1;
      const items = Array.isArray(r.Ordered_Items) ? (r.Ordered_Items as Row[]) : [];
      const lines = items.map((i) => zohoLine(order, i, factor)).filter((l): l is RemoteLine => !!l);
      out.push({ dealCrmId: deal, lines, productCrmIds: [...new Set(lines.map((l) => l.productCrmId))], replaceGroup: order, linkIds: { [order]: null } });
    }
    return out;
  }

  /** The deals' contacts and roles: Contact_Name, and each deal's Contact_Roles related list. */
  protected async dealLinks(rows: readonly Row[]): Promise<NonNullable<PullPage['links']>> {
    const out: NonNullable<PullPage['links']> = [];
    // Zoho has no bulk read of contact roles (COQL does not query them, nor does a list take them):
    // one related-list call a deal, all asked at once and let through as the connection's
    // concurrency cap allows (half the edition's limit), not one after another.
    const all = await Promise.all(rows.map((r) => this.rolesOfDeal(String(r.id))));
    for (const [i, r] of rows.entries()) {
      const deal = String(r.id);
      const roles = all[i];
      if (roles === undefined) continue;
      const primary = lookupId(r.Contact_Name);
      const contactCrmIds = [...new Set([...(primary ? [primary] : []), ...roles.keys()])];
      out.push({ dealCrmId: deal, contactCrmIds, roles: Object.fromEntries(roles) });
    }
    return out;
  }

  /**
   * Notes deleted in Zoho: the deleted-records list (`/{module}/deleted`) does not take Notes, so the
   * notes' ids are listed whole (`GET /Notes?fields=Modified_Time`, 200 a page, by page then
   * page_token), and a note touch we hold that is not among them leaves (`activitiesListed`). After
   * the first page the listing follows `next_page_token`, a cursor; pages by number (an answer
   * without a token) shift under a note deleted mid-listing, which would skip a note still there, so
   * such a listing is read twice and a note in either read is present. The first check only notes
   * its time: the Notes stream has just read every note.
   */
  protected async *pullNotesCheck(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const listedFrom = new Date(this.http.deps.now()).toISOString();
    if (!cursor?.checkedAt) {
      // the Notes stream has just read every note: the first listing comes an hour later, and sets the cadence
      yield { records: [], cursor: { mode: 'incremental', checkedAt: listedFrom, everyMs: ZOHO_NOTES_FIRST_CHECK_MS } };
      return;
    }
    const first = await this.listNoteIds();
    const again = first.byNumber ? await this.listNoteIds() : undefined;
    const present = new Set([...first.ids, ...(again?.ids ?? [])]);
    // the next check as soon as the rep's daily allowance of credits lets it (model.ts)
    const usage = this.connection.usage;
    const everyMs = notesCheckEveryMs(first.pages + (again?.pages ?? 0), usage?.kind === 'daily-credits' ? usage.limit : undefined);
    yield { records: [], cursor: { mode: 'incremental', checkedAt: listedFrom, everyMs }, activitiesListed: { objectType: 'Notes', crmIds: [...present], listedFrom } };
  }

  /** Every note's id, whether a page after the first was asked by its number, and the pages asked. */
  protected async listNoteIds(): Promise<{ ids: string[]; byNumber: boolean; pages: number }> {
    const ids: string[] = [];
    let page = 1;
    let token: string | undefined;
    let byNumber = false;
    for (;;) {
      if (page > 1 && !token) byNumber = true;
      const res = await this.http.request({
        method: 'GET',
        url: `${ZOHO_API}/Notes`,
        query: { fields: 'Modified_Time', per_page: PAGE_SIZE, ...(token ? { page_token: token } : { page }) },
        accept: [204],
      }, ZOHO_LIST);
      const rows = res.status === 200 ? (res.body?.data ?? []) : [];
      for (const r of rows) ids.push(String(r.id));
      const info = res.status === 200 ? res.body?.info : undefined;
      if (!info?.more_records || !rows.length) return { ids, byNumber, pages: page };
      token = info.next_page_token ?? undefined;
      page += 1;
    }
  }

  /** The org's users, inactive ones too (their records keep them as owner): every pull. */
  protected async *pullUsers(): AsyncGenerator<PullPage> {
    const users: NonNullable<PullPage['users']> = [];
    for (let page = 1; ; page++) {
      const res = await this.http.request({ method: 'GET', url: `${ZOHO_API}/users`, query: { type: 'AllUsers', per_page: PAGE_SIZE, page }, accept: [204] }, ZOHO_USERS);
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
  protected async *pullDeleted(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const now = this.http.deps.now();
    const midRun = !!cursor?.after;
    const checkedAt = midRun && cursor?.checkedAt ? cursor.checkedAt : new Date(now).toISOString();
    const since = cursor?.since;
    const [from, fromPage] = midRun ? (cursor!.after!.split(':').map(Number) as [number, number]) : [0, 1];
    for (let i = from; i < DELETED_MODULES.length; i++) {
      const module = DELETED_MODULES[i]!;
      for (let page = i === from ? fromPage || 1 : 1; ; page++) {
        const res = await this.http.request({
          method: 'GET',
          url: `${ZOHO_API}/${module}/deleted`,
          query: { type: 'all', per_page: PAGE_SIZE, page },
          ...(since ? { headers: { 'If-Modified-Since': zohoTime(Date.parse(since) - 60_000) } } : {}),
          accept: [204, 304],
        }, ZOHO_LIST);
        const rows = res.status === 200 ? (res.body?.data ?? []) : [];
        const more = res.status === 200 && !!res.body?.info?.more_records && rows.length > 0;
        const lastModule = i === DELETED_MODULES.length - 1;
        const next: PullCursor =
          more || !lastModule
            ? { mode: 'incremental', after: more ? `${i}:${page + 1}` : `${i + 1}:1`, checkedAt, ...(since ? { since } : {}) }
            : { mode: 'incremental', since: checkedAt, checkedAt };
        if (module === 'Sales_Orders') {
          // a deleted order's items leave its deal (the deal kept the order's id: linkIds)
          const removedLinks = rows.filter((r) => typeof r.id === 'string').map((r) => String(r.id));
          yield { records: [], cursor: next, ...(removedLinks.length ? { removedLinks } : {}) };
          if (!more) break;
          continue;
        }
        const deletions: RemoteDeletion[] = rows
          .filter((r) => typeof r.id === 'string')
          .map((r) => ({ entity: ENTITY_OF[module], objectType: module, crmId: String(r.id), ...(r.deleted_time ? { deletedAt: normIso(r.deleted_time) } : {}) }));
        yield { records: [], cursor: next, ...(deletions.length ? { deletions } : {}) };
        if (!more) break;
      }
    }
  }

}
