// Bulk writes and workspace-wide operations on the record stores.
import type { Db } from './db';
import { RECORD_STORES, type DealsideDb, type StoreName } from './schema';
import type { RecordSource } from '../domain/entities';

export type StoreCounts = Record<StoreName, number>;

/** Writes records in one transaction per chunk, so a large seed never holds one huge transaction. */
export async function putAll<S extends StoreName>(
  db: Db,
  store: S,
  records: readonly DealsideDb[S]['value'][],
  chunk = 2000,
): Promise<void> {
  for (let i = 0; i < records.length; i += chunk) {
    const tx = db.transaction(store, 'readwrite');
    for (const r of records.slice(i, i + chunk)) void tx.store.put(r);
    await tx.done;
  }
}

export async function countAll(db: Db): Promise<StoreCounts> {
  const tx = db.transaction([...RECORD_STORES], 'readonly');
  const entries = await Promise.all(
    RECORD_STORES.map(async (s) => [s, await tx.objectStore(s).count()] as const),
  );
  await tx.done;
  return Object.fromEntries(entries) as StoreCounts;
}

export async function countBySource(db: Db, source: RecordSource): Promise<StoreCounts> {
  const tx = db.transaction([...RECORD_STORES], 'readonly');
  const entries = await Promise.all(
    RECORD_STORES.map(
      async (s) => [s, await tx.objectStore(s).index('bySource').count(source)] as const,
    ),
  );
  await tx.done;
  return Object.fromEntries(entries) as StoreCounts;
}

/** Deletes every record of one source (e.g. the demo workspace) in a single transaction. */
export async function deleteBySource(db: Db, source: RecordSource): Promise<StoreCounts> {
  const tx = db.transaction([...RECORD_STORES], 'readwrite');
  const entries = await Promise.all(
    RECORD_STORES.map(async (s) => {
      const index = tx.objectStore(s).index('bySource');
      const keys = await index.getAllKeys(source);
      await Promise.all(keys.map((k) => tx.objectStore(s).delete(k)));
      return [s, keys.length] as const;
    }),
  );
  await tx.done;
  return Object.fromEntries(entries) as StoreCounts;
}
