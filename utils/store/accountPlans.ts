// Key accounts' plans in the store: read one, and apply one edit in one transaction (read, the
// pure edit, write), so "saved" in the sidebar means it is in IndexedDB.
import type { Db } from './db';
import { type AccountPlan, type PlanEdit, applyPlanEdit, emptyPlan } from '../domain/account/keyAccount';

export async function getAccountPlan(db: Db, accountId: string): Promise<AccountPlan | undefined> {
  return db.get('accountPlans', accountId);
}

/** Applies `edit` to the account's plan; throws (writing nothing) when the account is unknown or the edit is refused. */
export async function editAccountPlan(db: Db, accountId: string, edit: PlanEdit, by: string, now: Date): Promise<AccountPlan> {
  const tx = db.transaction(['accountPlans', 'accounts'], 'readwrite');
  const [account, stored] = await Promise.all([tx.objectStore('accounts').get(accountId), tx.objectStore('accountPlans').get(accountId)]);
  // an aborted transaction's `done` rejects: the error thrown below is the one to report
  tx.done.catch(() => undefined);
  if (!account) {
    tx.abort();
    throw new Error('This account is not in the workspace.');
  }
  let next: AccountPlan;
  try {
    next = applyPlanEdit(stored ?? emptyPlan(accountId, now), edit, by, now);
  } catch (e) {
    tx.abort();
    throw e;
  }
  await tx.objectStore('accountPlans').put(next);
  await tx.done;
  return next;
}

/** Plans of the given accounts go with them (the demo workspace's removal). */
export async function deleteAccountPlans(db: Db, accountIds: readonly string[]): Promise<void> {
  const tx = db.transaction('accountPlans', 'readwrite');
  await Promise.all(accountIds.map((id) => tx.store.delete(id)));
  await tx.done;
}
