// 003: the qualification record per deal or lead (BANT answers and their history, role
// overrides, objections, done / dismissed actions).
import type { IDBPDatabase } from 'idb';
import type { DealsideDb } from '../schema';

export function migrate003Qualifications(db: IDBPDatabase<DealsideDb>): void {
  db.createObjectStore('qualifications', { keyPath: 'entityId' });
}
