// Writing qualification edits: read, apply the pure edit, write — one IndexedDB transaction, so
// an edit is durable before the UI is told it is saved, and two quick edits never lose one.
import type { Db } from './db';
import { newQualification, qualificationFromDeal, type Qualification } from '../domain/qualification';
import type { QualificationTarget } from './qualificationView';

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
  const tx = db.transaction(['qualifications', 'deals', 'people'], 'readwrite');
  const stored = await tx.objectStore('qualifications').get(target.entityId);
  let base = stored;
  if (!base) {
    if (target.entityType === 'deal') {
      const deal = await tx.objectStore('deals').get(target.entityId);
      if (!deal) throw new UnknownRecordError(target);
      base = qualificationFromDeal(deal);
    } else {
      const lead = await tx.objectStore('people').get(target.entityId);
      if (!lead) throw new UnknownRecordError(target);
      base = newQualification('lead', lead.id, new Date(lead.createdAt));
    }
  }
  const next = edit(base);
  if (next !== stored) await tx.objectStore('qualifications').put(next);
  await tx.done;
  void now;
  return next;
}
