// Key accounts' plans in the store: read one, remove them with their accounts. An edit is applied
// with its note to the CRM in one transaction (utils/sync/accountPlanNotes.ts), so "saved" in the
// sidebar means it is in IndexedDB.
import type { Db } from './db';
import type { AccountPlan } from '../domain/account/keyAccount';

export async function getAccountPlan(db: Db, accountId: string): Promise<AccountPlan | undefined> {
  return db.get('accountPlans', accountId);
}

/** Plans of the given accounts go with them (the demo workspace's removal). */
export async function deleteAccountPlans(db: Db, accountIds: readonly string[]): Promise<void> {
  const tx = db.transaction('accountPlans', 'readwrite');
  await Promise.all(accountIds.map((id) => tx.store.delete(id)));
  await tx.done;
}
