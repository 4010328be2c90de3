// Connections: one per CRM. What the UI may read about them (never a token), and the small
// read-modify-write helpers the engine uses to record status, progress and usage.
import type { Db } from '../store/db';
import type { CrmSystem } from '../domain/entities';
import type { ConnectionRecord, ConnectionStatus, SyncErrorInfo } from '../store/syncRecords';
import { outboxCounts, type OutboxCounts } from '../store/outbox';

export async function getConnection(db: Db, system: CrmSystem): Promise<ConnectionRecord | undefined> {
  return db.get('syncConnections', system);
}

export async function listConnections(db: Db): Promise<ConnectionRecord[]> {
  return db.getAll('syncConnections');
}

/** Read-modify-write in one transaction; returns the record as stored (undefined: not connected). */
export async function updateConnection(
  db: Db,
  system: CrmSystem,
  change: (c: ConnectionRecord) => ConnectionRecord,
  now: Date,
): Promise<ConnectionRecord | undefined> {
  const tx = db.transaction('syncConnections', 'readwrite');
  const current = await tx.store.get(system);
  if (!current) {
    await tx.done;
    return undefined;
  }
  const next = { ...change(current), updatedAt: now.toISOString() };
  await tx.store.put(next);
  await tx.done;
  return next;
}

/** What Options → Connections and the popup show about one connection. */
export type ConnectionView = {
  system: CrmSystem;
  label: string;
  status: ConnectionStatus;
  /** English; the UI may translate by `status` and `lastError.code` */
  message?: string;
  authKind: ConnectionRecord['authKind'];
  lastPullAt?: string;
  lastPushAt?: string;
  /** the next request waits until then (rate limit, daily budget) */
  blockedUntil?: string;
  progress?: ConnectionRecord['progress'];
  usage?: ConnectionRecord['usage'];
  lastError?: SyncErrorInfo;
  /** the CRM refused its exchange rates and an account's ARR left some out (Options says so) */
  ratesRefused?: boolean;
  capabilities: ConnectionRecord['capabilities'];
  outbox: OutboxCounts;
  conflicts: number;
};

export type SyncStatusView = { connections: ConnectionView[]; outbox: OutboxCounts; conflicts: number };

export async function connectionView(db: Db, c: ConnectionRecord, now: number): Promise<ConnectionView> {
  const conflicts = await db.countFromIndex('syncConflicts', 'bySystem', c.system);
  return {
    system: c.system,
    label: c.label,
    status: c.status,
    ...(c.statusMessage ? { message: c.statusMessage } : {}),
    authKind: c.authKind,
    ...(c.lastPullAt ? { lastPullAt: c.lastPullAt } : {}),
    ...(c.lastPushAt ? { lastPushAt: c.lastPushAt } : {}),
    ...(c.blockedUntil && c.blockedUntil > now ? { blockedUntil: new Date(c.blockedUntil).toISOString() } : {}),
    ...(c.progress ? { progress: c.progress } : {}),
    ...(c.usage ? { usage: c.usage } : {}),
    ...(c.lastError ? { lastError: c.lastError } : {}),
    ...(c.ratesRefused ? { ratesRefused: true } : {}),
    capabilities: c.capabilities,
    outbox: await outboxCounts(db, c.system),
    conflicts,
  };
}

export async function syncStatus(db: Db, now: number): Promise<SyncStatusView> {
  const connections = await listConnections(db);
  return {
    connections: await Promise.all(connections.map((c) => connectionView(db, c, now))),
    outbox: await outboxCounts(db),
    conflicts: await db.count('syncConflicts'),
  };
}
