// 004: CRM sync (issue #6): the outbox of local edits, the connections (status, field map, pull
// cursors), their secrets in a store of their own, and field-level conflicts.
import type { IDBPDatabase } from 'idb';
import type { DealsideDb } from '../schema';

export function migrate004Sync(db: IDBPDatabase<DealsideDb>): void {
  const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
  outbox.createIndex('byDue', 'nextAttemptAt');
  outbox.createIndex('byEntity', 'entityKey');
  outbox.createIndex('byIdempotencyKey', 'idempotencyKey', { unique: true });
  outbox.createIndex('bySystem', 'system');
  db.createObjectStore('syncConnections', { keyPath: 'id' });
  db.createObjectStore('syncSecrets', { keyPath: 'id' });
  const conflicts = db.createObjectStore('syncConflicts', { keyPath: 'id' });
  conflicts.createIndex('byLocalId', 'localId');
  conflicts.createIndex('bySystem', 'system');
}
