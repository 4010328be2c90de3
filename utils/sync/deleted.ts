// What the rep can do about a record that was deleted in the CRM while it held their work (kept
// and marked `crmDeleted` by applyDeletion in apply.ts): create it again in that CRM, with
// everything Dealside knows of it (fields, BANT answers, links) and the changes that were refused,
// or remove it from Dealside. Each is one transaction over the record, its outbox and its links.
import type { Db } from '../store/db';
import { CRM_SYSTEMS, type Account, type CrmSystem, type Deal, type Person } from '../domain/entities';
import { specOf, type SyncEntity, type SyncRecord } from '../domain/fields/recordFields';
import { qualificationChanges } from '../domain/fields/elementFields';
import { emptyBant } from '../domain/qualification/bant';
import type { EntityRef, FieldChange } from '../store/syncRecords';
import { changesForConnection, createKey, editTransaction, enqueue, recordStore, entityKeyOf, fieldsForCreate, linksOf } from '../store/outbox';
import { bumpGeneration, forgetRecord } from './apply';

export type DeletedRecordAction = 'recreate' | 'remove';

const STORES = ['accounts', 'people', 'deals', 'qualifications', 'outbox', 'syncConflicts', 'syncConnections', 'settings'] as const;

type KeptRecord = Account | Person | Deal;

export class NotDeletedError extends Error {
  constructor() {
    super('This record is not marked as deleted in the CRM any more (a sync may have restored it). Reload the sidebar.');
    this.name = 'NotDeletedError';
  }
}

/**
 * Create the record again in the CRM that deleted it: the CRM's id and the mark are dropped, a
 * create (fields + BANT answers) and its links are queued, and the changes the CRM refused because
 * the record was gone go out again after it. Returns the CRM it will be created in.
 */
export async function recreateDeleted(db: Db, entity: Exclude<SyncEntity, 'product'>, localId: string, now: Date): Promise<CrmSystem> {
  const tx = editTransaction(db, STORES);
  const store = recordStore(tx, entity);
  const record = await store.get(localId);
  const deleted = record?.crmDeleted;
  if (!record || !deleted) {
    tx.abort();
    await tx.done.catch(() => {});
    throw new NotDeletedError();
  }
  const system = deleted.system;
  const next = {
    ...record,
    crmRefs: record.crmRefs.filter((r) => r.system !== system),
    crmKeys: record.crmKeys.filter((k) => !k.startsWith(`${system}:`)),
    updatedAt: now.toISOString(),
  } as KeptRecord;
  delete next.crmDeleted;
  await store.put(next);
  const kind = entity === 'person' ? (next as Person).kind : undefined;
  const ref: EntityRef = { entity, localId, ...(kind ? { kind } : {}) };
  const changes: FieldChange[] = fieldsForCreate(entity, next as SyncRecord);
  if (entity === 'deal' || entity === 'person') {
    // every BANT answer given, and every element answer the team mapped, as a change from nothing
    const q = await tx.objectStore('qualifications').get(localId);
    const connection = await tx.objectStore('syncConnections').get(system);
    if (q) {
      const given = qualificationChanges({ ...q, bant: emptyBant(), elements: {} }, q);
      changes.push(...(connection ? changesForConnection(connection, entity, kind, given) : given).map((c) => ({ ...c, base: null })));
    }
  }
  // A new key: the first creation's entry is long gone, but its key must not be mistaken for this one.
  await enqueue(tx, { system, ref, op: 'create', changes, now, idempotencyKey: `${createKey(system, localId)}:again:${now.getTime()}` });
  for (const to of linksOf(entity, next as SyncRecord)) await enqueue(tx, { system, ref, op: 'associate', to, now });
  // What was refused because the record was gone: the create already carries every field and BANT
  // answer as they are now, so those changes are done; the rest (roles, links) goes out after it.
  const inCreate = new Set(changes.map((c) => c.field));
  for (const e of await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, localId))) {
    if (e.state !== 'failed' || e.lastError?.code !== 'not-found') continue;
    const rest = e.changes.filter((c) => !inCreate.has(c.field) && !specOf(entity, c.field));
    if (e.op === 'update' && rest.length === 0) {
      await tx.objectStore('outbox').delete(e.id);
      continue;
    }
    const copy = { ...e, changes: rest.map((c) => ({ ...c, held: false })), state: 'pending' as const, attempts: 0, nextAttemptAt: now.getTime() };
    delete copy.lastError;
    await tx.objectStore('outbox').put(copy);
  }
  await bumpGeneration(tx, now);
  await tx.done;
  return system;
}

/**
 * Remove the record from Dealside, as the rep asked: the record, its qualification, its unsent
 * changes and conflicts in every CRM, and the links other records had to it.
 */
export async function removeDeleted(db: Db, entity: Exclude<SyncEntity, 'product'>, localId: string, now: Date): Promise<void> {
  const tx = editTransaction(db, STORES);
  const store = recordStore(tx, entity);
  const record = await store.get(localId);
  if (!record?.crmDeleted) {
    tx.abort();
    await tx.done.catch(() => {});
    throw new NotDeletedError();
  }
  await store.delete(localId);
  await forgetRecord(tx, entity, localId, now);
  // every CRM, connected or not (a disconnected CRM's outbox is kept too)
  for (const system of CRM_SYSTEMS) {
    for (const key of await tx.objectStore('outbox').index('byEntity').getAllKeys(entityKeyOf(system, localId))) await tx.objectStore('outbox').delete(key);
  }
  for (const c of await tx.objectStore('syncConflicts').index('byLocalId').getAllKeys(localId)) await tx.objectStore('syncConflicts').delete(c);
  await bumpGeneration(tx, now);
  await tx.done;
}
