// Pipedrive pulls: the collections by update time, a won deal's products, the users (owners)
// and /v1/recents for deletions.
import { type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import type { PullCursor } from '../../../store/syncRecords';
import { type PullPage, type RemoteLine, type RemoteRecord, crmUserId } from '../../connector';
import { pipedriveLine } from '../lines';
import { type PdType, PIPEDRIVE_OBJECT_TYPE, PAGE, dayOf } from './model';
import { PipedriveLeads } from './leads';
import { PD_DEAL_PRODUCTS, PD_OBJECTS, PD_ORG_RELATIONSHIPS, PD_RECENTS, PD_USERS, type PdObject } from './schemas';

export class PipedrivePull extends PipedriveLeads {
  protected toRecord(entity: SyncEntity, o: PdObject): RemoteRecord {
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, path] of Object.entries(this.map(entity))) fields[canonical] = this.fromPd(entity, o, canonical, path);
    const key = this.idKey(entity);
    const dealsideId = key ? o.custom_fields?.[key] : undefined;
    const org = o.org_id && typeof o.org_id === 'object' ? (o.org_id as { value?: number }).value : o.org_id;
    return {
      entity,
      ...(entity === 'person' ? { kind: 'contact' as const } : {}),
      objectType: PIPEDRIVE_OBJECT_TYPE[entity],
      crmId: String(o.id),
      modifiedAt: new Date(Date.parse(o.update_time)).toISOString(),
      ...(typeof dealsideId === 'string' && dealsideId ? { dealsideId } : {}),
      fields,
      ...(entity === 'person' || entity === 'deal' ? { links: { accountCrmId: org ? String(org) : null } } : {}),
    };
  }

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const def = this.streamOf(stream);
    if (stream === 'leads') {
      yield* this.pullLeads(cursor);
      return;
    }
    if (stream === 'deleted') {
      yield* this.pullDeleted(cursor);
      return;
    }
    if (stream === 'users') {
      yield* this.pullUsers();
      return;
    }
    const type = stream as PdType;
    if (def.entity === 'account' || def.entity === 'deal') await this.loadOptionLabels(def.entity);
    const mode = cursor?.mode ?? 'full';
    let since = cursor?.since;
    let seen = new Set(cursor?.seenAtHighWater ?? []);
    let highWater = cursor?.highWater ?? since;
    let highIds = new Set<string>(highWater === since ? seen : []);
    let after = cursor?.after;
    for (;;) {
      const res = await this.http.request({
        method: 'GET',
        url: `/api/v2/${type}`,
        query: { limit: PAGE, sort_by: 'update_time', sort_direction: 'asc', ...(since ? { updated_since: new Date(Math.floor(Date.parse(since) / 1000) * 1000).toISOString().replace('.000Z', 'Z') } : {}), ...(after ? { cursor: after } : {}) },
        accept: after ? [400] : [],
      }, PD_OBJECTS);
      if (res.status === 400) {
        // the cursor is no longer valid: read again from the newest change seen
        since = highWater;
        seen = new Set(highIds);
        after = undefined;
        continue;
      }
      const sinceMs = since ? Math.floor(Date.parse(since) / 1000) * 1000 : undefined;
      const rows = (res.body.data ?? []).filter((o) => !(sinceMs !== undefined && Date.parse(o.update_time) <= sinceMs && seen.has(String(o.id))));
      for (const o of rows) {
        const ms = Date.parse(o.update_time);
        if (!highWater || ms > Date.parse(highWater)) {
          highWater = new Date(ms).toISOString();
          highIds = new Set([String(o.id)]);
        } else if (ms === Date.parse(highWater)) highIds.add(String(o.id));
      }
      after = res.body.additional_data?.next_cursor ?? undefined;
      const done = !after;
      const next: PullCursor = done
        ? { mode: 'incremental', ...(highWater ? { since: highWater } : {}), seenAtHighWater: [...highIds] }
        : { mode, ...(since ? { since } : {}), seenAtHighWater: [...seen], after: after!, ...(highWater ? { highWater } : {}) };
      const records = rows.map((o) => this.toRecord(def.entity as SyncEntity, o));
      const links =
        type === 'deals'
          ? rows.filter((o) => o.person_id).map((o) => ({ dealCrmId: String(o.id), contactCrmIds: [String(typeof o.person_id === 'object' ? (o.person_id as { value: number }).value : o.person_id)] }))
          : undefined;
      // Buying-committee roles live on the person: people carry theirs; deals their contact person's.
      if (this.connection.roleField && type === 'persons') records.forEach((r, i) => (r.links = { ...(r.links ?? {}), personRole: this.roleOf(rows[i]!) }));
      if (this.connection.roleField && links?.length) {
        const persons = await this.byIds('persons', [...new Set(links.map((l) => l.contactCrmIds[0]!))]);
        for (const l of links) {
          const p = persons.get(l.contactCrmIds[0]!);
          if (p) Object.assign(l, { roles: { [l.contactCrmIds[0]!]: this.roleOf(p) } });
        }
      }
      // a won deal's products: what its organization owns (all of them: they replace the deal's lines)
      // and the day it was won (won_time: expected_close_date is the forecast, often never updated)
      const wonRows = type === 'deals' ? rows.filter((o) => o.status === 'won') : [];
      const lines = wonRows.length > 0 ? await this.dealLines(wonRows.map((o) => String(o.id))) : undefined;
      const all = [
        ...(links ?? []),
        ...wonRows.map((o) => {
          const l = lines?.get(String(o.id));
          const closedAt = dayOf(o.won_time);
          return { dealCrmId: String(o.id), ...(l ? { lines: l, productCrmIds: [...new Set(l.map((x) => x.productCrmId))], replace: true } : {}), ...(closedAt ? { closedAt } : {}) };
        }),
      ];
      // the won deals' organizations: their place in the hierarchy (organization relationships)
      const orgIds = [...new Set(wonRows.map((o) => this.orgOf(o)).filter((id): id is string => !!id))];
      const parents = orgIds.length > 0 ? await this.orgParents(orgIds) : undefined;
      yield { records, cursor: next, ...(all.length ? { links: all } : {}), ...(parents?.length ? { parents } : {}) };
      if (done) return;
    }
  }

  protected orgOf(o: PdObject): string | undefined {
    const org = o.org_id && typeof o.org_id === 'object' ? (o.org_id as { value?: number }).value : o.org_id;
    return org === null || org === undefined ? undefined : String(org);
  }

  /**
   * The account hierarchy from Pipedrive's organization relationships (GET
   * /v1/organizationRelationships?org_id=…, one call an organization: the API takes one), read for the
   * organizations of the won deals a deals page brings — the customers whose account plan shows
   * their units. A 'parent' relationship names the parent (`rel_owner_org_id`) and the daughter
   * (`rel_linked_org_id`): the organization asked gets its parent (or none) and each of its daughters
   * gets it as theirs; 'related' ones are not a hierarchy. A company whose plan or permissions refuse
   * the call (403) has none to read.
   */
  protected async orgParents(orgIds: readonly string[]): Promise<NonNullable<PullPage['parents']>> {
    const out = new Map<string, string | null>();
    const idOf = (v: unknown): string | undefined => {
      const id = v && typeof v === 'object' ? (v as { value?: unknown }).value : v;
      return typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? String(id) : undefined;
    };
    for (const org of orgIds) {
      const res = await this.http.request({ method: 'GET', url: '/v1/organizationRelationships', query: { org_id: org }, accept: [403] }, PD_ORG_RELATIONSHIPS);
      if (res.status === 403) return [];
      let parent: string | null = null;
      for (const r of [...(res.body.data ?? [])].sort((a, b) => a.id - b.id)) {
        if (r.type !== 'parent') continue;
        const owner = idOf(r.rel_owner_org_id);
        const linked = idOf(r.rel_linked_org_id);
        if (!owner || !linked || owner === linked) continue;
        if (linked === org) parent ??= owner;
        else if (owner === org && !orgIds.includes(linked)) out.set(linked, org);
      }
      out.set(org, parent);
    }
    return [...out].map(([accountCrmId, parentAccountCrmId]) => ({ accountCrmId, parentAccountCrmId }));
  }

  /**
   * The products of these deals: GET /api/v2/deals/products?deal_ids=… (at most 100 deals a call,
   * cursor paging). Adding or changing a deal's products updates the deal (its value and update
   * time), so a deal's products are read again when the deal comes in a pull. A company whose
   * plan has no products (403) has none to read: undefined, and the deals' lines stay as they are.
   */
  protected async dealLines(dealIds: readonly string[]): Promise<Map<string, RemoteLine[]> | undefined> {
    const out = new Map(dealIds.map((id) => [id, [] as RemoteLine[]]));
    for (let i = 0; i < dealIds.length; i += 100) {
      let cursor: string | undefined;
      do {
        const res = await this.http.request({
          method: 'GET',
          url: '/api/v2/deals/products',
          query: { deal_ids: dealIds.slice(i, i + 100).join(','), limit: PAGE, ...(cursor ? { cursor } : {}) },
          accept: [403],
        }, PD_DEAL_PRODUCTS);
        if (res.status === 403) return undefined;
        for (const row of res.body.data ?? []) {
          const line = pipedriveLine(row);
          if (line) out.get(String(row.deal_id))?.push(line);
        }
        cursor = res.body.additional_data?.next_cursor ?? undefined;
      } while (cursor);
    }
    return out;
  }

  /** The company's users (GET /v1/users: all of them, inactive ones too), every pull. */
  protected async *pullUsers(): AsyncGenerator<PullPage> {
    const users: NonNullable<PullPage['users']> = [];
    let start = 0;
    for (;;) {
      const { body } = await this.http.request({ method: 'GET', url: '/v1/users', ...(start ? { query: { start } } : {}) }, PD_USERS);
      for (const u of body.data ?? []) users.push({ id: crmUserId('pipedrive', String(u.id)), name: u.name || u.email || `Pipedrive user ${u.id}`, ...(u.email ? { email: u.email } : {}) });
      const p = body.additional_data?.pagination;
      if (!p?.more_items_in_collection || p.next_start === undefined) break;
      start = p.next_start;
    }
    yield { records: [], users, cursor: { mode: 'incremental', since: new Date(this.http.deps.now()).toISOString() }, total: users.length };
  }

  /**
   * Deletions: /v1/recents lists every deal, person and organization changed since a time, deleted
   * ones included (a person or organization with active_flag false, a deal deleted / status
   * 'deleted'), oldest first, 500 per page; the next check starts at the last timestamp read.
   * Leads are not in recents: a deleted lead is seen when Pipedrive answers 404 to a push.
   */
  protected async *pullDeleted(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const now = this.http.deps.now();
    const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    const checkedAt = cursor?.after && cursor.checkedAt ? cursor.checkedAt : new Date(now).toISOString();
    const since = cursor?.since ? Date.parse(cursor.since) : now - 86_400_000;
    let start = cursor?.after ? Number(cursor.after) : 0;
    const ENTITY = { deal: 'deal', person: 'person', organization: 'account' } as const;
    for (;;) {
      const { body } = await this.http.request({ method: 'GET', url: '/v1/recents', query: { since_timestamp: stamp(since), items: 'deal,person,organization', start, limit: PAGE } }, PD_RECENTS);
      const deletions = (body.data ?? [])
        .filter((r) => r.item in ENTITY && (r.data === null || r.data.active_flag === false || r.data.deleted === true || r.data.status === 'deleted'))
        .map((r) => {
          const entity = ENTITY[r.item as keyof typeof ENTITY];
          const at = r.data?.update_time ? Date.parse(`${r.data.update_time.replace(' ', 'T').replace(/Z?$/, 'Z')}`) : NaN;
          return { entity, objectType: PIPEDRIVE_OBJECT_TYPE[entity], crmId: String(r.id), ...(Number.isFinite(at) ? { deletedAt: new Date(at).toISOString() } : {}) };
        });
      const p = body.additional_data?.pagination;
      const more = !!p?.more_items_in_collection && p.next_start !== undefined;
      const last = body.additional_data?.last_timestamp_on_page;
      const lastMs = last ? Date.parse(`${last.replace(' ', 'T')}Z`) : NaN;
      const next: PullCursor = more
        ? { mode: 'incremental', since: new Date(since).toISOString(), after: String(p!.next_start), checkedAt }
        : { mode: 'incremental', since: new Date(Number.isFinite(lastMs) ? Math.max(lastMs, since) : since).toISOString(), checkedAt };
      yield { records: [], cursor: next, deletions };
      if (!more) return;
      start = p!.next_start!;
    }
  }

}
