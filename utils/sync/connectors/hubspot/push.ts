// HubSpot writes: current values for conflict checks, batch updates, upserts on dealside_id (or
// a lookup first), and associations.
import { specOf, type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { SyncError } from '../../http';
import { type AssociateItem, type CreateItem, type CreateResult, type ItemResult, type RemoteRef, type UpdateItem } from '../../connector';
import { HUBSPOT_DEALSIDE_ID, TYPE_OF, HUBSPOT_OBJECT_TYPE } from './model';
import { unmappedError } from '../base';
import { HubspotPull } from './pull';
import { HS_BATCH, HS_BATCH_ANY, HS_BATCH_UPSERT, HS_OBJECT, HS_RESULTS } from './schemas';

export class HubspotPush extends HubspotPull {
  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const props = this.propertiesFor(entity, fields);
    if (props.ownerId) await this.owners();
    const out = new Map<string, Record<string, FieldValue>>();
    for (let i = 0; i < refs.length; i += this.batchSize) {
      const { body } = await this.http.request({
        method: 'POST',
        url: `/crm/v3/objects/${TYPE_OF[entity]}/batch/read`,
        body: { properties: Object.values(props), inputs: refs.slice(i, i + this.batchSize).map((r) => ({ id: r.crmId })) },
        idempotent: true,
        accept: [207],
      }, HS_BATCH);
      for (const o of body.results) {
        const values: Record<string, FieldValue> = {};
        for (const [canonical, prop] of Object.entries(props)) values[canonical] = this.fromHubspot(entity, canonical, o.properties[prop]);
        out.set(o.id, values);
      }
    }
    return out;
  }

  protected hsProperties(entity: SyncEntity, fields: Record<string, FieldValue>): { properties: Record<string, string>; unmapped: string[] } {
    const map = this.map(entity);
    const properties: Record<string, string> = {};
    const unmapped: string[] = [];
    for (const [field, value] of Object.entries(fields)) {
      const prop = map[field];
      if (!prop || !specOf(entity, field)) unmapped.push(field);
      else {
        const v = this.toHubspot(entity, field, value);
        if (v !== undefined) properties[prop] = v;
      }
    }
    return { properties, unmapped };
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const type = TYPE_OF[entity];
    if (items.some((i) => 'ownerId' in i.fields)) await this.owners();
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const inputs: Array<{ index: number; id: string; properties: Record<string, string> }> = [];
    items.forEach((item, index) => {
      const { properties, unmapped } = this.hsProperties(entity, item.fields);
      if (unmapped.length) results[index] = { ok: false, error: unmappedError(unmapped) };
      else inputs.push({ index, id: item.crmId, properties });
    });
    for (let i = 0; i < inputs.length; i += this.batchSize) {
      const chunk = inputs.slice(i, i + this.batchSize);
      try {
        const { body } = await this.http.request({
          method: 'POST',
          url: `/crm/v3/objects/${type}/batch/update`,
          body: { inputs: chunk.map((c) => ({ id: c.id, properties: c.properties })) },
          idempotent: true,
          accept: [207],
        }, HS_BATCH);
        const missing = new Set((body.errors ?? []).flatMap((e) => e.context?.ids ?? []));
        for (const c of chunk) {
          if (missing.has(c.id)) results[c.index] = { ok: false, error: new SyncError('not-found', `HubSpot ${type} ${c.id} no longer exists (deleted or merged).`, 404) };
        }
      } catch (e) {
        if (!(e instanceof SyncError) || e.code !== 'invalid' || chunk.length === 1) throw e;
        // One bad value fails the whole batch: send them one by one so the others get through.
        for (const c of chunk) {
          try {
            await this.http.request({ method: 'PATCH', url: `/crm/v3/objects/${type}/${c.id}`, body: { properties: c.properties } });
          } catch (err) {
            if (err instanceof SyncError && (err.code === 'invalid' || err.code === 'not-found')) results[c.index] = { ok: false, error: err };
            else throw err;
          }
        }
      }
    }
    return results;
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const type = TYPE_OF[entity];
    // the chosen owner goes when they are one of this portal's owners; else HubSpot's default
    if (items.some((i) => typeof i.fields.ownerId === 'string')) await this.owners();
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    const inputs: Array<{ index: number; dealsideId: string; properties: Record<string, string> }> = [];
    items.forEach((item, index) => {
      const { properties } = this.hsProperties(entity, item.fields); // fields with no property are left out
      // HubSpot's leads are contacts at the lifecycle stage "lead"
      if (entity === 'person' && item.kind === 'lead') properties.lifecyclestage = 'lead';
      inputs.push({ index, dealsideId: item.dealsideId, properties });
    });
    if (!this.connection.capabilities.dealsideIdField || entity === 'product') {
      for (const c of inputs) results[c.index] = await this.createWithoutIdField(entity, c.properties, items[c.index]!.retrySince);
      return results;
    }
    for (let i = 0; i < inputs.length; i += this.batchSize) {
      const chunk = inputs.slice(i, i + this.batchSize);
      try {
        const { body } = await this.http.request({
          method: 'POST',
          url: `/crm/v3/objects/${type}/batch/upsert`,
          body: { inputs: chunk.map((c) => ({ idProperty: HUBSPOT_DEALSIDE_ID, id: c.dealsideId, properties: c.properties })) },
          idempotent: true, // an upsert by our id: repeating it finds the record made the first time
        }, HS_BATCH_UPSERT);
        const byId = new Map(body.results.map((r) => [r.properties[HUBSPOT_DEALSIDE_ID] ?? '', r]));
        for (const c of chunk) {
          const r = byId.get(c.dealsideId);
          results[c.index] = r
            ? { ok: true, crmId: r.id, objectType: HUBSPOT_OBJECT_TYPE[entity], created: r.new !== false }
            : { ok: false, error: new SyncError('invalid', 'HubSpot did not return the record it upserted.') };
        }
      } catch (e) {
        if (!(e instanceof SyncError) || (e.code !== 'invalid' && e.status !== 409) ) throw e;
        for (const c of chunk) results[c.index] = await this.upsertOne(entity, c);
      }
    }
    return results;
  }

  protected async upsertOne(entity: SyncEntity, c: { dealsideId: string; properties: Record<string, string> }): Promise<CreateResult> {
    const type = TYPE_OF[entity];
    try {
      const { body } = await this.http.request({
        method: 'POST',
        url: `/crm/v3/objects/${type}/batch/upsert`,
        body: { inputs: [{ idProperty: HUBSPOT_DEALSIDE_ID, id: c.dealsideId, properties: c.properties }] },
        idempotent: true,
      }, HS_BATCH_UPSERT);
      const r = body.results[0];
      return r ? { ok: true, crmId: r.id, objectType: HUBSPOT_OBJECT_TYPE[entity], created: r.new !== false } : { ok: false, error: new SyncError('invalid', 'HubSpot returned no record.') };
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      // A contact with this e-mail already exists in HubSpot: link to it (and mark it as ours) rather than fail.
      const existing = /Existing ID: (\d+)/.exec(e.message)?.[1];
      if (entity === 'person' && e.status === 409 && existing) {
        await this.http.request({ method: 'PATCH', url: `/crm/v3/objects/contacts/${existing}`, body: { properties: { [HUBSPOT_DEALSIDE_ID]: c.dealsideId } } });
        return { ok: true, crmId: existing, objectType: HUBSPOT_OBJECT_TYPE.person, created: false };
      }
      if (e.code === 'invalid' || e.code === 'not-found') return { ok: false, error: e };
      throw e;
    }
  }

  /**
   * No dealside_id property: look the record up by its natural key before creating it. Without one
   * (a contact with no e-mail, a company with no domain), a retry (`retrySince`: the first
   * attempt's answer may have been lost after HubSpot made the record) takes the record made since
   * then under the same name.
   */
  protected async createWithoutIdField(entity: SyncEntity, properties: Record<string, string>, retrySince?: string): Promise<CreateResult> {
    const type = TYPE_OF[entity];
    const key = entity === 'person' ? 'email' : entity === 'account' ? 'domain' : entity === 'deal' ? 'dealname' : 'name';
    const value = properties[key];
    const names = entity === 'person' ? ['firstname', 'lastname'] : entity === 'account' ? ['name'] : [];
    const filters = value
      ? [{ propertyName: key, operator: 'EQ', value }]
      : retrySince && names.some((n) => properties[n])
        ? [
            ...names.map((n) => (properties[n] ? { propertyName: n, operator: 'EQ', value: properties[n] } : { propertyName: n, operator: 'NOT_HAS_PROPERTY' })),
            { propertyName: 'createdate', operator: 'GTE', value: String(Date.parse(retrySince) - 5 * 60_000) },
          ]
        : undefined;
    if (filters) {
      const { body } = await this.http.request({
        method: 'POST',
        url: `/crm/v3/objects/${type}/search`,
        bucket: 'search',
        idempotent: true,
        body: { filterGroups: [{ filters }], properties: [key], limit: 1 },
      }, HS_RESULTS);
      const found = body.results[0];
      if (found) return { ok: true, crmId: found.id, objectType: HUBSPOT_OBJECT_TYPE[entity], created: false };
    }
    try {
      const { body } = await this.http.request({ method: 'POST', url: `/crm/v3/objects/${type}`, body: { properties } }, HS_OBJECT);
      return { ok: true, crmId: body.id, objectType: HUBSPOT_OBJECT_TYPE[entity], created: true };
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'invalid' || e.status === 409)) return { ok: false, error: e };
      throw e;
    }
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const groups = new Map<string, number[]>();
    items.forEach((item, i) => {
      const key = `${TYPE_OF[item.from.entity]}/${TYPE_OF[item.to.entity]}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const [key, indexes] of groups) {
      for (let i = 0; i < indexes.length; i += 1000) {
        const chunk = indexes.slice(i, i + 1000);
        const { body } = await this.http.request({
          method: 'POST',
          url: `/crm/v4/associations/${key}/batch/associate/default`,
          body: { inputs: chunk.map((j) => ({ from: { id: items[j]!.from.crmId }, to: { id: items[j]!.to.crmId } })) },
          idempotent: true, // associating twice leaves one association
          accept: [207],
        }, HS_BATCH_ANY);
        for (const err of body.errors ?? []) {
          const from = err.context?.fromObjectId ?? [];
          for (const j of chunk) if (from.includes(items[j]!.from.crmId)) results[j] = { ok: false, error: new SyncError('not-found', err.message, 404) };
        }
      }
    }
    return results;
  }

}
