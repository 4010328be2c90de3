// Our records by the CRM's ids, as a pulled page and the deletion checks look them up: one id, or a
// page's ids at once, and what a pulled page's records need read before they are applied (prefetch,
// for apply.ts). Demo records carry invented CRM ids and are never found.
import { crmKey, type CrmSystem } from '../domain/entities';
import { isQualificationField, type SyncEntity, type SyncRecord } from '../domain/fields/recordFields';
import type { Qualification } from '../domain/qualification/qualification';
import type { RemoteRecord } from './connector';
import { recordStore, type OutboxTx } from '../store/outbox';

/** Our record of a CRM id (never a demo record: demo records carry invented CRM ids). */
export async function findByCrmId(tx: OutboxTx, system: CrmSystem, entity: Exclude<SyncEntity, 'product'>, crmId: string): Promise<SyncRecord | undefined> {
  const all = await recordStore(tx, entity).index('byCrmKey').getAll(crmKey(system, entity, crmId));
  // Demo records carry invented CRM ids: never mistake one for the team's record.
  return all.find((r) => (r as { source?: string }).source !== 'demo');
}

/** The smallest key range holding these string keys (IndexedDB orders strings as JavaScript's sort does). */
export function keyRangeOf(keys: readonly string[]): IDBKeyRange {
  let lo = keys[0]!;
  let hi = lo;
  for (const k of keys) {
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  return IDBKeyRange.bound(lo, hi);
}

/**
 * findByCrmId for many ids at once: how many index entries lie between the smallest and the
 * largest key is asked first — none (a first sync), and nothing more is asked; a few more than the
 * ids, and they are read in one request; many more (ids scattered over a large store), and
 * undefined says to ask per id. The record found for a key is the one findByCrmId finds: the
 * non-demo record with that key and the smallest id (an index returns equal keys by primary key).
 */
export async function findAllByCrmId(tx: OutboxTx, system: CrmSystem, entity: Exclude<SyncEntity, 'product'>, crmIds: readonly string[]): Promise<Map<string, SyncRecord | undefined> | undefined> {
  const keys = crmIds.map((id) => crmKey(system, entity, id));
  const index = recordStore(tx, entity).index('byCrmKey');
  const range = keyRangeOf(keys);
  const entries = await index.count(range);
  const out = new Map<string, SyncRecord | undefined>(keys.map((k) => [k, undefined]));
  if (entries === 0) return out;
  if (entries > 2 * keys.length) return undefined;
  for (const record of await index.getAll(range)) {
    if ((record as { source?: string }).source === 'demo') continue;
    for (const k of record.crmKeys) {
      if (!out.has(k)) continue;
      const held = out.get(k);
      if (!held || record.id < held.id) out.set(k, record);
    }
  }
  return out;
}

export function localIdFor(system: CrmSystem, entity: SyncEntity, crmId: string): string {
  return `${system}-${entity}-${crmId}`;
}

/** What a page's record needs read before it is applied, asked for every record at once. */
export type Prefetched = {
  local: Promise<SyncRecord | undefined>;
  ownerKnown?: Promise<boolean>;
  /** the qualification stored for the record found (or the one it will create), when its fields need it */
  qualification?: Promise<{ id: string; stored: Qualification | undefined }>;
};

/**
 * Each record's local match and whether its owner is a known user, asked of IndexedDB for the
 * whole page at once: requests in one transaction are answered in order, so asking them together
 * saves a round trip to the browser's IndexedDB per request (in Chromium most of a first sync's
 * time was spent waiting for them one by one). The records themselves are looked up by CRM id for
 * the whole page (findAllByCrmId), and whether the ids new records get hold qualifications is one
 * count: on a first sync the page's reads are a handful of requests, not two a record. A record
 * whose CRM id appears twice in the page is not prefetched: the first one's write may create what
 * the second one finds.
 */
export function prefetch(tx: OutboxTx, system: CrmSystem, records: readonly RemoteRecord[]): Map<RemoteRecord, Prefetched> {
  const out = new Map<RemoteRecord, Prefetched>();
  const seen = new Map<string, number>();
  const keyOf = (r: RemoteRecord) => `${r.entity}:${r.crmId}`;
  for (const r of records) seen.set(keyOf(r), (seen.get(keyOf(r)) ?? 0) + 1);
  const wanted = records.filter((r) => !r.archived && seen.get(keyOf(r))! <= 1);
  // the page's records by CRM id, and which of the ids a new record would get have a qualification
  // already: one or two requests per entity instead of one per record (none at all on a first sync)
  const byKey = new Map<string, Promise<Map<string, SyncRecord | undefined> | undefined>>();
  const noQualification = new Map<string, Promise<boolean>>();
  for (const entity of ['account', 'person', 'deal'] as const) {
    const mine = wanted.filter((r) => r.entity === entity);
    if (mine.length === 0) continue;
    const found = findAllByCrmId(tx, system, entity, mine.map((r) => r.crmId));
    found.catch(() => {});
    byKey.set(entity, found);
    const asking = mine.filter((r) => Object.keys(r.fields).some(isQualificationField)).map((r) => localIdFor(system, entity, r.crmId));
    if (asking.length === 0) continue;
    const none = tx.objectStore('qualifications').count(keyRangeOf(asking)).then((n) => n === 0);
    none.catch(() => {});
    for (const id of asking) noQualification.set(id, none);
  }
  const lookUp = (entity: Exclude<SyncEntity, 'product'>, crmId: string) =>
    byKey.get(entity)!.then((all) => (all ? all.get(crmKey(system, entity, crmId)) : findByCrmId(tx, system, entity, crmId)));
  const owners = new Map<string, Promise<boolean>>();
  for (const r of wanted) {
    const local =
      r.entity === 'product'
        ? recordStore(tx, 'product').get(localIdFor(system, 'product', r.crmId))
        : lookUp(r.entity, r.crmId);
    local.catch(() => {}); // (a failed request aborts the transaction: tx.done reports it)
    const owner = r.fields.ownerId;
    let ownerKnown: Promise<boolean> | undefined;
    if (typeof owner === 'string') {
      ownerKnown = owners.get(owner);
      if (!ownerKnown) {
        ownerKnown = tx.objectStore('users').get(owner).then((u) => !!u);
        ownerKnown.catch(() => {});
        owners.set(owner, ownerKnown);
      }
    }
    let qualification: Prefetched['qualification'];
    if (r.entity !== 'product' && Object.keys(r.fields).some(isQualificationField)) {
      // asked as soon as the record is found (a request made while the transaction answers another)
      qualification = local.then(async (found) => {
        const id = found?.id ?? localIdFor(system, r.entity, r.crmId);
        // (an id in a range of ids that holds no qualification has none: not asked again)
        if (await noQualification.get(id)) return { id, stored: undefined };
        return tx.objectStore('qualifications').get(id).then((stored) => ({ id, stored }));
      });
      qualification.catch(() => {});
    }
    out.set(r, { local, ...(ownerKnown ? { ownerKnown } : {}), ...(qualification ? { qualification } : {}) });
  }
  return out;
}
