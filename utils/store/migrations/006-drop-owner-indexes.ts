// 006: the `byOwner` indexes of accounts, people and deals go. Nothing looks records up by owner
// (the views read an owner from the record), and every index is one more key the browser extracts
// from each written record and one more entry it stores and commits: a CRM's first sync writes
// tens of thousands of people. The records keep their `ownerId`; only the unused index goes.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { DealsideDb } from '../schema';

export function migrate006DropOwnerIndexes(
  _db: IDBPDatabase<DealsideDb>,
  tx: IDBPTransaction<DealsideDb, StoreNames<DealsideDb>[], 'versionchange'>,
): void {
  for (const name of ['accounts', 'people', 'deals'] as const) {
    // (the index is gone from the schema's types: the raw store names it)
    const store = tx.objectStore(name) as unknown as IDBObjectStore;
    if (store.indexNames.contains('byOwner')) store.deleteIndex('byOwner');
  }
}
