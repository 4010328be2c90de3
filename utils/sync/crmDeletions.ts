// Records deleted in the CRM: a deletion a pull reads (kept and marked when the rep has work on it,
// else removed or unlinked from this CRM), a "not found" a push or a read meets, a record restored
// there, and what goes with a record that is gone. Every write is in the caller's transaction but
// markDeletedInCrm's. Split from apply.ts (the pulled page's changes), which calls these.
import { CRM_NAMES } from '../crms/names';
import type { Db } from '../store/db';
import { type Account, type CrmSystem, type Deal, type Person } from '../domain/entities';
import type { SyncEntity, SyncRecord } from '../domain/fields/recordFields';
import type { RemoteDeletion } from './connector';
import type { EntityRef, OutboxEntry } from '../store/syncRecords';
import { NEVER, editTransaction, entityKeyOf, recordStore, type OutboxTx } from '../store/outbox';
import { findByCrmId } from './crmLookups';

// (here first: the others import it from this file)
export { findByCrmId };

/** The message a refused entry carries when its record was deleted in the CRM. */
export function deletedInCrmMessage(system: CrmSystem, entity: SyncEntity, at: string): string {
  const name = CRM_NAMES[system];
  return `This ${entity} was deleted in ${name} on ${at.slice(0, 10)}, so the change was not sent. Recreate it in ${name} (or restore it there) and retry, or discard the change.`;
}

/** Does the rep have work of their own on this record (not only what the CRM sent)? */
async function hasLocalWork(tx: OutboxTx, system: CrmSystem, record: SyncRecord): Promise<{ entries: OutboxEntry[]; work: boolean }> {
  const entries = await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, record.id));
  if (entries.length > 0) return { entries, work: true };
  const q = await tx.objectStore('qualifications').get(record.id);
  return { entries, work: !!q && q.history.some((h) => h.source !== 'crm') };
}

/**
 * A record deleted in the CRM. With the rep's work on it (unsent edits, BANT answers) it stays,
 * marked `crmDeleted`, and its outbox entries are refused with the reason; otherwise it goes —
 * or, if it also lives in another CRM or was the rep's own (import, local), only loses this CRM's
 * id. Returns the local id when something changed.
 */
export async function applyDeletion(tx: OutboxTx, system: CrmSystem, d: RemoteDeletion, now: Date): Promise<string | undefined> {
  const local = await findByCrmId(tx, system, d.entity, d.crmId);
  if (!local || !('crmRefs' in local)) return undefined;
  const at = d.deletedAt ?? now.toISOString();
  const store = recordStore(tx, d.entity);
  const { entries, work } = await hasLocalWork(tx, system, local);
  if (work) {
    if (local.crmDeleted?.system === system) return undefined;
    await store.put({ ...local, crmDeleted: { system, at }, updatedAt: now.toISOString() });
    const error = { code: 'not-found' as const, message: deletedInCrmMessage(system, d.entity, at), at: now.toISOString(), status: 404 };
    for (const e of entries) {
      if (e.state === 'failed' && e.lastError?.code === 'not-found') continue;
      await tx.objectStore('outbox').put({ ...e, changes: e.changes.map((c) => ({ ...c, held: false })), state: 'failed', nextAttemptAt: NEVER, lastError: error });
    }
    // nothing left to choose between: the CRM's side is gone
    for (const c of await tx.objectStore('syncConflicts').index('byLocalId').getAll(local.id)) if (c.system === system) await tx.objectStore('syncConflicts').delete(c.id);
    return local.id;
  }
  const others = local.crmRefs.filter((r) => r.system !== system);
  if (others.length > 0 || local.source !== 'crm') {
    const copy = { ...local, crmRefs: others, crmKeys: local.crmKeys.filter((k) => !k.startsWith(`${system}:`)), updatedAt: now.toISOString() } as Account | Person | Deal;
    if (copy.crmDeleted?.system === system) delete copy.crmDeleted;
    await store.put(copy);
    return local.id;
  }
  await store.delete(local.id);
  await forgetRecord(tx, d.entity, local.id, now);
  return local.id;
}

/** Entries refused because the record was gone go out again (the CRM restored it). */
export async function requeueGone(tx: OutboxTx, system: CrmSystem, localId: string, now: Date): Promise<void> {
  for (const e of await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, localId))) {
    if (e.state === 'failed' && e.lastError?.code === 'not-found') {
      const copy: OutboxEntry = { ...e, state: 'pending', nextAttemptAt: now.getTime() };
      delete copy.lastError;
      await tx.objectStore('outbox').put(copy);
    }
  }
}

/**
 * The CRM answered "not found" for a record we hold (a push, a read): mark it deleted there, in
 * its own transaction. The engine then refuses its entries with the reason.
 */
export async function markDeletedInCrm(db: Db, system: CrmSystem, ref: EntityRef, now: Date): Promise<void> {
  if (ref.entity === 'product') return;
  const tx = editTransaction(db, ['accounts', 'people', 'deals']);
  const store = recordStore(tx, ref.entity);
  const record = await store.get(ref.localId);
  if (record && 'crmRefs' in record && record.crmRefs.some((r) => r.system === system) && record.crmDeleted?.system !== system) {
    await store.put({ ...record, crmDeleted: { system, at: now.toISOString() } });
  }
  await tx.done;
}

/**
 * What must go with a record that is gone (its qualification, and every link to it): nothing points
 * at a record that is gone. The record itself is deleted by the caller, in the same transaction.
 */
export async function forgetRecord(tx: OutboxTx, entity: SyncEntity, localId: string, now: Date): Promise<void> {
  await tx.objectStore('qualifications').delete(localId);
  // Nothing points at a record that is gone.
  if (entity === 'person') {
    for (const deal of await tx.objectStore('deals').index('byContact').getAll(localId)) {
      await tx.objectStore('deals').put({ ...deal, contactIds: deal.contactIds.filter((c) => c !== localId), updatedAt: now.toISOString() });
    }
  } else if (entity === 'account') {
    for (const p of await tx.objectStore('people').index('byAccount').getAll(localId)) {
      const copy = { ...p, updatedAt: now.toISOString() };
      delete copy.accountId;
      await tx.objectStore('people').put(copy);
    }
    for (const deal of await tx.objectStore('deals').index('byAccount').getAll(localId)) {
      const copy = { ...deal, updatedAt: now.toISOString() };
      delete copy.accountId;
      await tx.objectStore('deals').put(copy);
    }
  }
}
