// Field-level conflicts. When the CRM changed a field that also has an unpushed local edit, neither
// value is dropped: the local change is held in the outbox (not pushed), the CRM's value is kept
// in a conflict record, our record keeps the local value, and the sidebar shows both until the rep
// chooses. Choosing "mine" pushes the local value over the CRM's; choosing "theirs" takes the
// CRM's value into our record and drops the local change.
import type { Db } from '../store/db';
import type { CrmSystem } from '../domain/entities';
import { newQualification, qualificationFromDeal, type Qualification } from '../domain/qualification/qualification';
import { isQualificationField, sameValue, writeEntityField, type FieldValue, type SyncEntity, type SyncRecord } from '../domain/fields/recordFields';
import { applyRemoteQualification } from '../domain/fields/elementFields';
import type { ConflictRecord, EntityRef, OutboxEntry } from '../store/syncRecords';
import { NEVER, editTransaction, entityKeyOf, recordStore, type OutboxTx } from '../store/outbox';
import { applyRemoteRoles, isCommitteeRole, isRoleField, personOfRoleField } from '../domain/fields/roleFields';
import type { CommitteeRole } from '../domain/committee/roles';

export function conflictId(system: CrmSystem, localId: string, field: string): string {
  return `${system}:${localId}:${field}`;
}

/**
 * Inside a transaction with 'outbox' and 'syncConflicts': record that the CRM has `remoteValue`
 * for a field we changed, and hold our pending changes of that field.
 */
export async function holdField(
  tx: OutboxTx,
  system: CrmSystem,
  ref: EntityRef,
  field: string,
  localValue: FieldValue,
  remoteValue: FieldValue,
  base: FieldValue,
  now: Date,
): Promise<ConflictRecord> {
  const conflicts = tx.objectStore('syncConflicts');
  const id = conflictId(system, ref.localId, field);
  const existing = await conflicts.get(id);
  const record: ConflictRecord = existing
    ? { ...existing, localValue, remoteValue }
    : { id, system, ref, localId: ref.localId, field, localValue, remoteValue, base, detectedAt: now.toISOString() };
  await conflicts.put(record);
  const outbox = tx.objectStore('outbox');
  for (const entry of await outbox.index('byEntity').getAll(entityKeyOf(system, ref.localId))) {
    if (entry.op !== 'update' || !entry.changes.some((c) => c.field === field && !c.held)) continue;
    const changes = entry.changes.map((c) => (c.field === field ? { ...c, held: true } : c));
    const held = changes.every((c) => c.held);
    await outbox.put({ ...entry, changes, ...(held ? { state: 'held' as const, nextAttemptAt: NEVER } : {}) });
  }
  return record;
}

export async function listConflicts(db: Db, filter: { localId?: string; system?: CrmSystem } = {}): Promise<ConflictRecord[]> {
  const all = filter.localId
    ? await db.getAllFromIndex('syncConflicts', 'byLocalId', filter.localId)
    : filter.system
      ? await db.getAllFromIndex('syncConflicts', 'bySystem', filter.system)
      : await db.getAll('syncConflicts');
  return all.sort((a, b) => (a.detectedAt < b.detectedAt ? -1 : 1));
}

export class UnknownConflictError extends Error {
  constructor() {
    super('This conflict was already resolved (or the record was removed). Reload to see the current values.');
    this.name = 'UnknownConflictError';
  }
}

/** Write a value the CRM has into our record (entity field, or BANT / an element on the qualification). */
export async function writeRemoteValue(
  tx: OutboxTx,
  ref: EntityRef,
  values: Readonly<Record<string, FieldValue>>,
  system: CrmSystem,
  now: Date,
): Promise<boolean> {
  const store = recordStore(tx, ref.entity);
  const record = await store.get(ref.localId);
  if (!record) return false;
  let next = record;
  const bant: Record<string, FieldValue> = {};
  const roles: Record<string, CommitteeRole | null> = {};
  for (const [field, value] of Object.entries(values)) {
    if (isQualificationField(field)) bant[field] = value;
    // a CRM value no role of ours maps to reads as no role
    else if (isRoleField(field)) roles[personOfRoleField(field)] = isCommitteeRole(value) ? value : null;
    else next = writeEntityField(ref.entity, next, field, value);
  }
  if (next !== record) await store.put({ ...next, ...('updatedAt' in next ? { updatedAt: now.toISOString() } : {}) } as SyncRecord);
  if (Object.keys(bant).length > 0) {
    const q = await qualificationOf(tx, ref.entity, record);
    if (q) {
      const updated = applyRemoteQualification(q, bant, { by: `crm:${system}`, at: now });
      if (updated !== q) await tx.objectStore('qualifications').put(updated);
    }
  }
  if (Object.keys(roles).length > 0) {
    // read again: the BANT write above may have stored a newer qualification
    const q = await qualificationOf(tx, ref.entity, record);
    if (q) {
      const updated = applyRemoteRoles(q, roles, { by: `crm:${system}`, at: now });
      if (updated !== q) await tx.objectStore('qualifications').put(updated);
    }
  }
  return true;
}

/** The stored qualification of a deal or lead, or the one it starts with. */
export async function qualificationOf(
  tx: OutboxTx,
  entity: SyncEntity,
  record: SyncRecord,
  /** the stored qualification of some record, read earlier in this transaction (used when it is this record's) */
  read?: Promise<{ id: string; stored: Qualification | undefined }>,
): Promise<Qualification | undefined> {
  const early = read ? await read : undefined;
  const stored = early?.id === record.id ? early.stored : await tx.objectStore('qualifications').get(record.id);
  if (stored) return stored;
  if (entity === 'deal' && 'stage' in record) return qualificationFromDeal(record);
  if (entity === 'person' && 'kind' in record && record.kind === 'lead') return newQualification('lead', record.id, new Date(record.createdAt));
  return undefined;
}

/** The rep's choice. Returns the local record id (for event/entities-changed). */
export async function resolveConflict(db: Db, id: string, choice: 'local' | 'remote', now: Date): Promise<string> {
  const tx = editTransaction(db, ['syncConflicts', 'outbox', 'accounts', 'people', 'deals', 'products', 'qualifications']);
  const conflict = await tx.objectStore('syncConflicts').get(id);
  if (!conflict) {
    await tx.done;
    throw new UnknownConflictError();
  }
  const outbox = tx.objectStore('outbox');
  const entries: OutboxEntry[] = await outbox.index('byEntity').getAll(entityKeyOf(conflict.system, conflict.localId));
  for (const entry of entries) {
    if (entry.op !== 'update' || !entry.changes.some((c) => c.field === conflict.field)) continue;
    let changes = entry.changes;
    if (choice === 'local') {
      // Ours wins: push it over the CRM's value (which becomes the base, so the check before the push passes).
      changes = changes.map((c) => (c.field === conflict.field ? { field: c.field, value: c.value, base: conflict.remoteValue } : c));
    } else {
      changes = changes.filter((c) => c.field !== conflict.field);
    }
    if (changes.length === 0) {
      await outbox.delete(entry.id);
      continue;
    }
    const held = changes.every((c) => c.held);
    await outbox.put({ ...entry, changes, state: held ? 'held' : entry.state === 'held' ? 'pending' : entry.state, nextAttemptAt: held ? NEVER : now.getTime() });
  }
  if (choice === 'remote') {
    const ref = conflict.ref;
    const record = (await recordStore(tx, ref.entity).get(ref.localId));
    if (record) await writeRemoteValue(tx, ref, { [conflict.field]: conflict.remoteValue }, conflict.system, now);
  }
  await tx.objectStore('syncConflicts').delete(id);
  await tx.done;
  return conflict.localId;
}

/**
 * Is a CRM value a change by someone else? Not when it is the base we started from, nor any value
 * we pushed along the way (a push whose answer was lost), nor the value we are about to push.
 */
export function isForeignValue(entity: SyncEntity, field: string, remote: FieldValue, ours: readonly FieldValue[]): boolean {
  return !ours.some((v) => sameValue(entity, field, remote, v));
}
