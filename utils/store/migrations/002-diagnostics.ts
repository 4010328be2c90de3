// 002: a bounded log of pages that could not be read cleanly (selector health).
import type { IDBPDatabase } from 'idb';
import type { DealsideDb } from '../schema';

export function migrate002Diagnostics(db: IDBPDatabase<DealsideDb>): void {
  db.createObjectStore('diagnostics', { keyPath: 'id', autoIncrement: true }).createIndex('byAt', 'at');
}
