// Test support: records of ours created or linked directly in the store, each with its outbox
// entries in the same transaction — the state the product's own paths (the SDR's "Add to CRM",
// the CSV import, the sidebar) leave, built in one call for sync tests. Not production code.
import type { Db } from '../../utils/store/db';
import type { CrmSystem } from '../../utils/domain/entities';
import type { SyncEntity, SyncRecord } from '../../utils/domain/fields/recordFields';
import { STORE_OF, UnknownLocalRecordError, editTransaction, enqueue, fieldsForCreate, linksOf, personRef, recordStore, systemsFor } from '../../utils/store/outbox';
import type { EntityRef, OutboxEntry } from '../../utils/store/syncRecords';

/**
 * Store a new record of ours and queue its creation in the given CRMs (default: every connection),
 * with its links (deal → account and contacts, person → account) as associations.
 */
export async function createLocalRecord(
  db: Db,
  entity: SyncEntity,
  record: SyncRecord,
  now: Date,
  systems?: readonly CrmSystem[],
): Promise<OutboxEntry[]> {
  const tx = editTransaction(db, [STORE_OF[entity], 'outbox', 'syncConnections']);
    await recordStore(tx, entity).put(record);
  const targets = record.source === 'demo' ? [] : (systems ?? (await tx.objectStore('syncConnections').getAllKeys()) as CrmSystem[]);
  const entries: OutboxEntry[] = [];
  const kind = personRef(record);
  const ref: EntityRef = { entity, localId: record.id, ...(kind ? { kind } : {}) };
  for (const system of targets) {
    if ('crmRefs' in record && record.crmRefs.some((r) => r.system === system)) continue;
    const created = await enqueue(tx, { system, ref, op: 'create', changes: fieldsForCreate(entity, record), now });
    if (created) entries.push(created);
    for (const to of linksOf(entity, record)) {
      const e = await enqueue(tx, { system, ref, op: 'associate', to, now });
      if (e) entries.push(e);
    }
  }
  await tx.done;
  return entries;
}

/**
 * Many new records at once (CSV import): each chunk of records and their outbox entries in one
 * transaction, so an import stopped half-way leaves whole records, each queued or not at all.
 */
export async function createLocalRecords(
  db: Db,
  entity: SyncEntity,
  records: readonly SyncRecord[],
  now: Date,
  systems?: readonly CrmSystem[],
  chunk = 500,
): Promise<number> {
  let queued = 0;
  for (let i = 0; i < records.length; i += chunk) {
    const tx = editTransaction(db, [STORE_OF[entity], 'outbox', 'syncConnections']);
        const targets = systems ?? ((await tx.objectStore('syncConnections').getAllKeys()) as CrmSystem[]);
    for (const record of records.slice(i, i + chunk)) {
      await recordStore(tx, entity).put(record);
      if (record.source === 'demo') continue;
      const kind = personRef(record);
      const ref: EntityRef = { entity, localId: record.id, ...(kind ? { kind } : {}) };
      for (const system of targets) {
        if ('crmRefs' in record && record.crmRefs.some((r) => r.system === system)) continue;
        if (await enqueue(tx, { system, ref, op: 'create', changes: fieldsForCreate(entity, record), now })) queued++;
        for (const to of linksOf(entity, record)) if (await enqueue(tx, { system, ref, op: 'associate', to, now })) queued++;
      }
    }
    await tx.done;
  }
  return queued;
}

/** Link two of our records (deal → account / contact, person → account) and queue the association. */
export async function linkLocalRecords(db: Db, from: EntityRef, to: EntityRef, now: Date): Promise<OutboxEntry[]> {
  if (!((from.entity === 'deal' && (to.entity === 'account' || to.entity === 'person')) || (from.entity === 'person' && to.entity === 'account'))) {
    throw new Error(`A ${from.entity} cannot be linked to a ${to.entity}.`);
  }
  const tx = editTransaction(db, [STORE_OF[from.entity], 'outbox', 'syncConnections']);
  const store = recordStore(tx, from.entity);
  const record = await store.get(from.localId);
  if (!record) {
    tx.abort();
    await tx.done.catch(() => {});
    throw new UnknownLocalRecordError(from);
  }
  let next: SyncRecord = record;
  if (from.entity === 'deal' && 'contactIds' in record) {
    next =
      to.entity === 'account'
        ? { ...record, accountId: to.localId, updatedAt: now.toISOString() }
        : record.contactIds.includes(to.localId)
          ? record
          : { ...record, contactIds: [...record.contactIds, to.localId], updatedAt: now.toISOString() };
  } else if ('emails' in record) {
    next = { ...record, accountId: to.localId, updatedAt: now.toISOString() };
  }
  if (next !== record) await store.put(next);
  const entries: OutboxEntry[] = [];
  for (const system of await systemsFor(tx, next)) {
    const e = await enqueue(tx, { system, ref: from, op: 'associate', to, now });
    if (e) entries.push(e);
  }
  await tx.done;
  return entries;
}

