// Pipedrive writes: current values for conflict checks, updates, creates that look for our id
// first, and links.
import { type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { SyncError } from '../../http';
import { type AssociateItem, type CreateItem, type CreateResult, type ItemResult, type RemoteRef, type UpdateItem } from '../../connector';
import { type PdType, TYPE_OF, PIPEDRIVE_OBJECT_TYPE, PAGE, PIPEDRIVE_LEAD_OBJECT } from './model';
import { PipedrivePull } from './pull';
import { PD_OBJECTS, PD_ONE_OBJECT, PD_PARTICIPANTS, PD_SEARCH, type PdObject } from './schemas';

export class PipedrivePush extends PipedrivePull {
  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const map = this.map(entity);
    const out = new Map<string, Record<string, FieldValue>>();
    for (const ref of refs.filter((r) => r.objectType === PIPEDRIVE_LEAD_OBJECT)) {
      const lead = await this.readLead(ref.crmId); // no batch read of leads; missing: gone
      if (lead) out.set(ref.crmId, Object.fromEntries(fields.filter((f) => map[f]).map((f) => [f, this.leadValue(lead, f, map[f]!)])));
    }
    refs = refs.filter((r) => r.objectType !== PIPEDRIVE_LEAD_OBJECT);
    if (refs.length === 0) return out;
    const objects = await this.byIds(TYPE_OF[entity], refs.map((r) => r.crmId));
    for (const [id, o] of objects) out.set(id, Object.fromEntries(fields.filter((f) => map[f]).map((f) => [f, this.fromPd(entity, o, f, map[f]!)])));
    return out;
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const type = TYPE_OF[entity];
    // e-mails, phones, prices and the address are lists / objects: merge into what is there
    const map = this.map(entity);
    const needsCurrent = items.some((i) => i.objectType !== PIPEDRIVE_LEAD_OBJECT && Object.keys(i.fields).some((f) => /^(emails|phones|prices\.|address\.)/.test(map[f] ?? '')));
    const current = needsCurrent ? await this.byIds(type, items.filter((i) => i.objectType !== PIPEDRIVE_LEAD_OBJECT).map((i) => i.crmId)) : new Map<string, PdObject>();
    const results: ItemResult[] = [];
    for (const item of items) {
      try {
        if (item.objectType === PIPEDRIVE_LEAD_OBJECT) {
          // BANT and the deal fields of a lead: PATCH /v1/leads/{id} (the value needs its currency)
          const needsValue = Object.keys(item.fields).some((f) => map[f] === 'value' || map[f] === 'currency');
          const body = this.leadBody(item.fields, needsValue ? await this.readLead(item.crmId) : undefined);
          if (Object.keys(body).length > 0) await this.http.request({ method: 'PATCH', url: `/v1/leads/${item.crmId}`, body });
          results.push({ ok: true });
          continue;
        }
        await this.http.request({ method: 'PATCH', url: `/api/v2/${type}/${item.crmId}`, body: this.body(entity, item.fields, current.get(item.crmId)) });
        results.push({ ok: true });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }

  /** Our id in the "Dealside id" field: search first, then (on a retry) the records updated since. */
  protected async findOwn(type: PdType, key: string, dealsideId: string, since?: string): Promise<string | undefined> {
    const { body } = await this.http.request({
      method: 'GET',
      url: `/api/v2/${type}/search`,
      bucket: 'search',
      query: { term: dealsideId, fields: 'custom_fields', exact_match: true, limit: 2 },
    }, PD_SEARCH);
    const hit = body.data?.items?.[0]?.item.id;
    if (hit !== undefined) return String(hit);
    if (!since) return undefined;
    // The search index can lag behind a create whose answer was lost: read the records updated since.
    return this.updatedSince(type, since, (o) => o.custom_fields?.[key] === dealsideId);
  }

  /** The first record updated since (a minute before) `since` that `match` accepts. */
  protected async updatedSince(type: PdType, since: string, match: (o: PdObject) => boolean): Promise<string | undefined> {
    let cursor: string | undefined;
    const from = new Date(Date.parse(since) - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (let pages = 0; pages < 20; pages++) {
      const res = await this.http.request({ method: 'GET', url: `/api/v2/${type}`, query: { updated_since: from, sort_by: 'update_time', limit: PAGE, ...(cursor ? { cursor } : {}) } }, PD_OBJECTS);
      const found = (res.body.data ?? []).find(match);
      if (found) return String(found.id);
      cursor = res.body.additional_data?.next_cursor ?? undefined;
      if (!cursor) break;
    }
    return undefined;
  }

  /**
   * Without the "Dealside id" field (the token's user could not add it): on a retry, the record
   * made since the first attempt under the same name (and primary e-mail) is the one that attempt
   * made, its answer lost.
   */
  protected findMadeSince(type: PdType, body: Record<string, unknown>, since: string): Promise<string | undefined> {
    const name = typeof body.name === 'string' ? body.name : typeof body.title === 'string' ? body.title : undefined;
    if (!name) return Promise.resolve(undefined);
    const email = (body.emails as Array<{ value: string; primary?: boolean }> | undefined)?.find((e) => e.primary)?.value;
    const after = Date.parse(since) - 60_000;
    return this.updatedSince(type, since, (o) => {
      if ((o.name ?? o.title) !== name) return false;
      const added = Date.parse(String(o.add_time ?? '').replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(o.add_time ?? '')) ? '' : 'Z'));
      if (Number.isFinite(added) && added < after) return false;
      if (email && !((o.emails as Array<{ value: string }> | undefined) ?? []).some((e) => e.value === email)) return false;
      return true;
    });
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const type = TYPE_OF[entity];
    const key = this.idKey(entity);
    const results: CreateResult[] = [];
    for (const item of items) {
      try {
        if (key) {
          const existing = await this.findOwn(type, key, item.dealsideId, item.retrySince);
          if (existing) {
            results.push({ ok: true, crmId: existing, objectType: PIPEDRIVE_OBJECT_TYPE[entity], created: false });
            continue;
          }
        }
        const body = this.body(entity, item.fields);
        if (entity === 'person' && !body.name) body.name = '(no name)';
        if (entity === 'account' && !body.name) body.name = '(no name)';
        if (entity === 'deal' && !body.title) body.title = '(no name)';
        if (!key && item.retrySince) {
          const made = await this.findMadeSince(type, body, item.retrySince);
          if (made) {
            results.push({ ok: true, crmId: made, objectType: PIPEDRIVE_OBJECT_TYPE[entity], created: false });
            continue;
          }
        }
        if (key) body.custom_fields = { ...((body.custom_fields as Record<string, unknown> | undefined) ?? {}), [key]: item.dealsideId };
        const { body: res } = await this.http.request({ method: 'POST', url: `/api/v2/${type}`, body }, PD_ONE_OBJECT);
        results.push({ ok: true, crmId: String(res.data.id), objectType: PIPEDRIVE_OBJECT_TYPE[entity], created: true });
      } catch (e) {
        if (e instanceof SyncError && e.code === 'invalid') results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = [];
    for (const item of items) {
      try {
        if (item.from.objectType === PIPEDRIVE_LEAD_OBJECT) {
          // a lead names one person and one organization
          const body = item.to.entity === 'account' ? { organization_id: Number(item.to.crmId) } : { person_id: Number(item.to.crmId) };
          await this.http.request({ method: 'PATCH', url: `/v1/leads/${item.from.crmId}`, body });
        } else if (item.to.entity === 'account') {
          await this.http.request({ method: 'PATCH', url: `/api/v2/${TYPE_OF[item.from.entity]}/${item.from.crmId}`, body: { org_id: Number(item.to.crmId) } });
        } else if (item.from.entity === 'deal' && item.to.entity === 'person') {
          const { body } = await this.http.request({ method: 'GET', url: `/api/v2/deals/${item.from.crmId}` }, PD_ONE_OBJECT);
          const person = body.data.person_id;
          if (person === null || person === undefined) {
            await this.http.request({ method: 'PATCH', url: `/api/v2/deals/${item.from.crmId}`, body: { person_id: Number(item.to.crmId) } });
          } else if (String(person) !== item.to.crmId) {
            // The deal has its contact person: the others are participants (checked first, never added twice).
            const { body: parts } = await this.http.request({ method: 'GET', url: `/v1/deals/${item.from.crmId}/participants`, query: { limit: 500 } }, PD_PARTICIPANTS);
            const present = (parts.data ?? []).some((p) => String(typeof p.person_id === 'object' ? p.person_id.value : p.person_id) === item.to.crmId);
            if (!present) await this.http.request({ method: 'POST', url: `/v1/deals/${item.from.crmId}/participants`, body: { person_id: Number(item.to.crmId) } });
          }
        }
        results.push({ ok: true });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }

}
