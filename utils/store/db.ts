// Opening the background's IndexedDB database. Only the background service worker calls this.
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, type DealsideDb } from './schema';
import { DB_VERSION, MIGRATIONS } from './migrations';

export type Db = IDBPDatabase<DealsideDb>;

export async function openStore(name: string = DB_NAME, version: number = DB_VERSION): Promise<Db> {
  const db: Db = await openDB<DealsideDb>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) {
        const migration = MIGRATIONS[v];
        if (!migration) throw new Error(`No migration to database version ${v + 1}`);
        migration(db, tx);
      }
    },
    blocking() {
      // A newer version of the extension wants to upgrade: step aside so it can.
      db.close();
    },
  });
  return db;
}
