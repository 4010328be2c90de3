// 005: key accounts' plans (utils/domain/account/keyAccount.ts): one record per account, keyed by its id,
// holding what the account manager has written down or held (profile, needs … quarterly review).
import type { IDBPDatabase } from 'idb';
import type { DealsideDb } from '../schema';

export function migrate005AccountPlans(db: IDBPDatabase<DealsideDb>): void {
  db.createObjectStore('accountPlans', { keyPath: 'accountId' });
}
