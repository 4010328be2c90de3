// What the sync engine's push (push.ts) and pull (pull.ts) need of the engine that runs them, and
// the types the three share. The engine implements EngineContext; push and pull never import it.
import type { Db } from '../store/db';
import type { CrmSystem } from '../domain/entities';
import type { FetchLike } from './http';
import type { ConnectionRecord, SyncErrorInfo } from '../store/syncRecords';
import type { ChangeKind, MatchChanges } from './apply';
import type { ConnectorKit } from './connectors';

export type EngineDeps = {
  db: Db;
  fetch: FetchLike;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** set the wake-up alarm (undefined: nothing to do until something happens) */
  schedule?: (at: number | undefined) => void;
  isOnline?: () => boolean;
  /**
   * Records changed by a pull or a conflict choice: tell open surfaces. A pull describes its change
   * (`kinds`, and `ids` naming the related records too: event/entities-changed); `ids` [] is anything.
   */
  onChange?: (ids: string[], kinds?: ChangeKind[]) => void;
  /** people and accounts a pull added, changed or removed: the duplicate matcher's index follows */
  onMatchChanges?: (changes: MatchChanges) => void;
  /** a connection's status or progress changed */
  onStatus?: (system: CrmSystem) => void;
  kits?: Partial<Record<CrmSystem, ConnectorKit>>;
  /** how often to pull when nothing asks for it (default 5 minutes) */
  pullIntervalMs?: number;
  /** per request (default 30 s) */
  timeoutMs?: number;
  /** backoff of failed pushes: full jitter between 0 and min(cap, base·2^attempts) */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** wait inline for a Retry-After up to this long (default 30 s) */
  maxInlineWaitMs?: number;
};

export type RunReport = {
  /** outbox entries done (pushed, or already in the CRM) */
  pushed: number;
  created: number;
  failed: number;
  deferred: number;
  pulled: number;
  conflicts: number;
  errors: SyncErrorInfo[];
};

/** This connection stops for this run (rate limit, auth, network): the rest waits for the next one. */
export class StopConnection extends Error {}

/** The engine, as its push and pull see it. */
export interface EngineContext {
  readonly deps: EngineDeps;
  readonly db: Db;
  /** throws when the engine was killed (the worker is going away) */
  check(): void;
  nowDate(): Date;
  kitOf(system: CrmSystem): ConnectorKit;
  /** change the connection's record and tell open surfaces */
  setStatus(system: CrmSystem, change: (c: ConnectionRecord) => ConnectionRecord): Promise<void>;
}
