// Writing qualification edits: read, apply the pure edit, write — one IndexedDB transaction, so
// an edit is durable before the UI is told it is saved, and two quick edits never lose one. When
// the deal or lead lives in a connected CRM, the BANT or element change is queued for it in the outbox in the
// same transaction (utils/sync/outbox.ts): saved locally and queued, or neither. Role changes of a
// deal's buying committee are queued the same way (utils/sync/roles.ts).
import type { Db } from './db';
import { newQualification, qualificationFromDeal, type Qualification } from '../domain/qualification/qualification';
import { editTransaction, enqueueQualificationChange, enqueueRoleChanges } from './outbox';

/** The deal or lead a qualification belongs to. */
export type QualificationTarget = { entityType: 'deal' | 'lead'; entityId: string };

export class UnknownRecordError extends Error {
  constructor(target: QualificationTarget) {
    super(`This ${target.entityType} is no longer in the workspace (it may have been removed). Reload the page.`);
    this.name = 'UnknownRecordError';
  }
}

export async function editQualification(
  db: Db,
  target: QualificationTarget,
  now: Date,
  edit: (q: Qualification) => Qualification,
): Promise<Qualification> {
  const tx = editTransaction(db, ['qualifications', 'deals', 'people', 'outbox', 'syncConnections']);
  const stored = await tx.objectStore('qualifications').get(target.entityId);
  const record =
    target.entityType === 'deal' ? await tx.objectStore('deals').get(target.entityId) : await tx.objectStore('people').get(target.entityId);
  let base = stored;
  if (!base) {
    if (!record) throw new UnknownRecordError(target);
    base =
      target.entityType === 'deal' && 'stage' in record
        ? qualificationFromDeal(record)
        : newQualification('lead', record.id, new Date(record.createdAt));
  }
  const next = edit(base);
  if (next !== stored) await tx.objectStore('qualifications').put(next);
  // BANT answers and the other frameworks' element answers (those the team mapped to a CRM field).
  if (record && (next.bant !== base.bant || next.elements !== base.elements)) {
    await enqueueQualificationChange(tx, target.entityType === 'deal' ? 'deal' : 'person', record, base, next, now);
  }
  // Buying-committee roles of a deal's people go to the CRM the same way (utils/sync/roles.ts).
  if (record && 'stage' in record && next.roleOverrides !== base.roleOverrides) {
    await enqueueRoleChanges(tx, record, base.roleOverrides, next.roleOverrides, now);
  }
  await tx.done;
  return next;
}
