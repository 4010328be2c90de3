// HubSpot pulls: search by modification time (a full list past the search cap), associations,
// line items and the recycle bin.
import { type SyncEntity } from '../../../domain/fields/recordFields';
import type { PullCursor } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { type PullPage, type RemoteLine, type RemoteRecord } from '../../connector';
import { HUBSPOT_LINE_PROPERTIES, hubspotLine } from '../lines';
import { HUBSPOT_DEALSIDE_ID, type HsType, HUBSPOT_OBJECT_TYPE, MODIFIED, SEARCH_CAP, HUBSPOT_PARENT_COMPANY, SEARCH_PAGE, LIST_PAGE } from './model';
import { HubspotConnect } from './connect';
import { HS_ASSOCIATIONS, HS_BATCH, HS_PAGE, type HsObject } from './schemas';

export class HubspotPull extends HubspotConnect {
  protected pullProperties(entity: SyncEntity, type: HsType): string[] {
    // companies: their parent too (HubSpot's own hs_parent_company_id), for the account hierarchy
    const extra = entity === 'account' ? [HUBSPOT_PARENT_COMPANY] : [];
    return [...new Set([...Object.values(this.map(entity)), ...extra, HUBSPOT_DEALSIDE_ID, MODIFIED[type]].filter((p) => entity !== 'product' || p !== HUBSPOT_DEALSIDE_ID))];
  }

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const def = this.streamOf(stream);
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
      // A won deal that changed: its line items read again. Deleting (archiving) a line item changes
      // its deal (HubSpot recalculates the deal's amount and hs_num_of_associated_line_items), and the
      // line_items stream never sees an archived item, so this is where a removed line is noticed.
      const won = type === 'deals' && this.connection.capabilities.products !== false ? records.filter((r) => r.fields.stage === 'closed-won').map((r) => r.crmId) : [];
      return won.length ? { records, links: await this.dealLineLinks(won) } : { records };
    });
  }

  /**
   * Deletions: HubSpot has no "archived since" filter. The list endpoint with `archived=true` pages
   * through the recycle bin (records archived in the last 90 days) in id order, 100 per page, so
   * every check reads it all: ceil(archived / 100) requests per object type. Only records archived
   * since the previous check began (an hour's margin) become deletions; the rest were seen then.
   */
  protected async *pullArchived(type: HsType, entity: Exclude<SyncEntity, 'product'>, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const midRun = !!cursor?.after;
    const checkedAt = midRun && cursor?.checkedAt ? cursor.checkedAt : new Date(this.http.deps.now()).toISOString();
    const sinceMs = cursor?.since ? Date.parse(cursor.since) - 3_600_000 : undefined;
    let after = cursor?.after;
    for (;;) {
      const res = await this.http.request({
        method: 'GET',
        url: `/crm/v3/objects/${type}`,
        query: { limit: LIST_PAGE, after, archived: true, properties: 'hs_object_id' },
      }, HS_PAGE);
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
  protected async *fullRead(
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
      const res = await this.http.request({
        method: 'GET',
        url: `/crm/v3/objects/${type}`,
        query: { limit: LIST_PAGE, after, properties: properties.join(','), archived: false, ...(associations.length ? { associations: associations.join(',') } : {}) },
      }, HS_PAGE);
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
  protected async *changesSince(
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
      const res = await this.http.request({
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
      }, HS_PAGE);
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

  protected withLinks(entity: SyncEntity, record: RemoteRecord, o: HsObject): RemoteRecord {
    if (!o.associations && entity !== 'person' && entity !== 'deal') return record;
    const ids = (t: string) => (o.associations?.[t]?.results ?? []).map((r) => String(r.id));
    if (entity === 'person') return { ...record, links: { accountCrmId: ids('companies')[0] ?? null } };
    if (entity === 'deal') return { ...record, links: { accountCrmId: ids('companies')[0] ?? null, contactCrmIds: [...new Set(ids('contacts'))] } };
    return record;
  }

  protected async assocRead(from: HsType, to: HsType, ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 1000) {
      const { body } = await this.http.request({
        method: 'POST',
        url: `/crm/v4/associations/${from}/${to}/batch/read`,
        body: { inputs: ids.slice(i, i + 1000).map((id) => ({ id })) },
        idempotent: true,
        accept: [207],
      }, HS_ASSOCIATIONS);
      for (const r of body.results) out.set(String(r.from.id), r.to.map((t) => String(t.toObjectId)));
    }
    return out;
  }

  protected async readLinks(type: HsType, records: RemoteRecord[]): Promise<void> {
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
  protected async *pullLineItems(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
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
      return { records: [], links: await this.dealLineLinks(dealIds) };
    });
  }

  /**
   * All the line items of these deals, as links that replace each deal's products and lines: a line
   * item deleted (archived) in HubSpot is no longer associated with its deal, so it is gone from them.
   */
  protected async dealLineLinks(dealIds: readonly string[]): Promise<NonNullable<PullPage['links']>> {
    const itemsOf = await this.assocRead('deals', 'line_items', dealIds);
    const itemIds = [...new Set([...itemsOf.values()].flat())];
    const productOf = new Map<string, string>();
    const lineOf = new Map<string, RemoteLine>();
    for (let i = 0; i < itemIds.length; i += 100) {
      const { body } = await this.http.request({
        method: 'POST',
        url: '/crm/v3/objects/line_items/batch/read',
        body: { properties: HUBSPOT_LINE_PROPERTIES, inputs: itemIds.slice(i, i + 100).map((id) => ({ id })) },
        idempotent: true,
        accept: [207],
      }, HS_BATCH);
      for (const o of body.results) {
        if (o.properties.hs_product_id) productOf.set(o.id, o.properties.hs_product_id);
        const line = hubspotLine(o.id, o.properties);
        if (line) lineOf.set(o.id, line);
      }
    }
    return dealIds.map((dealCrmId) => ({
      dealCrmId,
      productCrmIds: [...new Set((itemsOf.get(dealCrmId) ?? []).map((li) => productOf.get(li)).filter((p): p is string => !!p))],
      lines: (itemsOf.get(dealCrmId) ?? []).map((li) => lineOf.get(li)).filter((l): l is RemoteLine => !!l),
      replace: true,
    }));
  }

}
