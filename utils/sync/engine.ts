// The sync engine: pushes the outbox and pulls changes, per connection, in the background. This
// file runs and schedules; push.ts pushes, pull.ts pulls, runContext.ts is what they see of it.
//
// - Push: due entries, oldest first; creates before updates before associations (a new deal's
//   account and contacts exist before it is linked to them). Updates of one record are merged
//   (latest value per field) and checked against the CRM's current values first: a field someone
//   changed in the CRM meanwhile becomes a conflict instead of being overwritten.
// - Pull: each stream from its cursor; every page is applied with its cursor in one transaction.
// - Failures: 429 / budget → wait until the CRM says (Retry-After, reset); 5xx, time-outs, network
//   → retry with exponential backoff and full jitter; 401 → refresh the token, else the connection
//   says "reconnect" and keeps its outbox; a refused value → the entry waits for the user.
// - Nothing lives only in memory: a new engine on the same database (the service worker was
//   stopped and woke again) carries on from the outbox and the cursors. Time, fetch, randomness
//   and the wake-up alarm are injected so tests control them.
import type { Db } from '../store/db';
import type { CrmSystem } from '../domain/entities';
import { HttpClient, SyncError, asSyncError, backoffMs } from './http';
import type { CrmConnector } from './connector';
import type { ConnectionRecord } from '../store/syncRecords';
import { nextDueAt } from '../store/outbox';
import { TokenKeeper } from './auth';
import { getConnection, listConnections, updateConnection } from './connections';
import { CONNECTOR_KITS, type ConnectorKit } from './connectors';
import { StopConnection, type EngineContext, type EngineDeps, type RunReport } from './runContext';
import { Pusher } from './push';
import { pullConnection } from './pull';
import { applyFieldMapUpgrade, planFieldMapUpgrade } from './fieldMapUpgrade';

export type { EngineDeps, RunReport } from './runContext';

export type RunOptions = {
  /** 'due' (default): pull when the interval has passed; 'now': pull anyway; 'never': push only */
  pull?: 'due' | 'now' | 'never';
  systems?: readonly CrmSystem[];
};

export class SyncEngine implements EngineContext {
  private readonly abort = new AbortController();
  private dead = false;
  private current?: Promise<RunReport>;
  private queued?: Promise<RunReport>;
  private queuedOptions: RunOptions = {};
  private readonly clients = new Map<string, HttpClient>();
  readonly tokens: TokenKeeper;

  constructor(readonly deps: EngineDeps) {
    this.tokens = new TokenKeeper(deps.db, deps.fetch, deps.now);
  }

  get db(): Db {
    return this.deps.db;
  }

  nowDate(): Date {
    return new Date(this.deps.now());
  }

  /** The worker is going away: stop every request; nothing after this writes. */
  kill(): void {
    this.dead = true;
    this.abort.abort(new SyncError('aborted', 'Sync stopped (the background was closed).'));
  }

  check(): void {
    if (this.dead) throw new SyncError('aborted', 'Sync stopped (the background was closed).');
  }

  /** One pass over every connection; calls made during a pass run once more after it. */
  run(options: RunOptions = {}): Promise<RunReport> {
    if (this.dead) return Promise.resolve(emptyReport());
    if (!this.current) {
      this.current = this.runOnce(options).finally(() => {
        this.current = undefined;
      });
      return this.current;
    }
    this.queuedOptions = mergeOptions(this.queuedOptions, options);
    this.queued ??= this.current
      .catch(() => emptyReport())
      .then(() => {
        const o = this.queuedOptions;
        this.queued = undefined;
        this.queuedOptions = {};
        return this.run(o);
      });
    return this.queued;
  }

  forgetClient(system: CrmSystem): void {
    for (const key of [...this.clients.keys()]) if (key.startsWith(`${system}|`)) this.clients.delete(key);
    this.tokens.forget(system);
  }

  kitOf(system: CrmSystem): ConnectorKit {
    const kit = (this.deps.kits ?? CONNECTOR_KITS)[system];
    if (!kit) throw new Error(`Dealside cannot sync with ${system} yet.`);
    return kit;
  }

  /** The connection's HTTP client: one limiter per connection, shared by pushes and pulls. */
  clientFor(connection: ConnectionRecord): HttpClient {
    const key = `${connection.system}|${connection.baseUrl}|${connection.account.tier ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      const kit = this.kitOf(connection.system);
      const system = connection.system;
      client = new HttpClient(
        { fetch: this.deps.fetch, now: this.deps.now, sleep: this.deps.sleep, random: this.deps.random, signal: this.abort.signal },
        {
          baseUrl: connection.baseUrl,
          limiter: kit.limiter(connection),
          authorize: (h) => this.tokens.authorize(system, h, kit.scheme),
          refresh: () => this.tokens.refresh(system),
          describeError: kit.describeError,
          ...(kit.classify ? { classify: kit.classify } : {}),
          crmName: kit.name,
          timeoutMs: this.deps.timeoutMs ?? 30_000,
          maxInlineWaitMs: this.deps.maxInlineWaitMs ?? 30_000,
        },
      );
      this.clients.set(key, client);
    }
    return client;
  }

  connectorFor(connection: ConnectionRecord): CrmConnector {
    return this.kitOf(connection.system).create(connection, this.clientFor(connection));
  }

  private async runOnce(options: RunOptions): Promise<RunReport> {
    const report = emptyReport();
    try {
      await this.runAll(options, report);
    } catch (e) {
      // Stopped mid-way: whatever was committed stays, the rest is for the next engine.
      if (!this.dead && !(e instanceof SyncError && e.code === 'aborted')) throw e;
    }
    return report;
  }

  private async runAll(options: RunOptions, report: RunReport): Promise<void> {
    const connections = await listConnections(this.db);
    for (const c of connections) {
      if (this.dead) break;
      if (options.systems && !options.systems.includes(c.system)) continue;
      if (c.status !== 'connected') continue;
      if (c.blockedUntil && c.blockedUntil > this.deps.now()) continue;
      if (this.deps.isOnline && !this.deps.isOnline()) {
        report.errors.push({ code: 'offline', message: 'The browser is offline; sync resumes when it is back online.', at: this.nowDate().toISOString() });
        continue;
      }
      await this.runConnection(c, options, report);
    }
    if (!this.dead) await this.scheduleNext();
  }

  private async runConnection(given: ConnectionRecord, options: RunOptions, report: RunReport): Promise<void> {
    const system = given.system;
    let initial = given;
    let connector: CrmConnector;
    try {
      connector = this.connectorFor(initial);
    } catch (e) {
      report.errors.push(asSyncError(e).info(this.deps.now()));
      return;
    }
    try {
      const upgraded = await this.upgradeFieldMap(initial, connector);
      if (upgraded) {
        initial = upgraded;
        connector = this.connectorFor(initial);
      }
      await new Pusher(this).push(initial, connector, report);
      const fresh = (await getConnection(this.db, system)) ?? initial;
      const pullDue = options.pull === 'now' || (options.pull !== 'never' && (fresh.nextPullAt ?? 0) <= this.deps.now());
      if (pullDue && fresh.status === 'connected') await pullConnection(this, fresh, connector, report);
      await this.setStatus(system, (c) => {
        const next = { ...c, progress: { phase: 'idle' as const, done: 0, at: this.nowDate().toISOString() } };
        const usage = connector.http.limiter.last;
        if (usage) next.usage = { ...usage, at: this.nowDate().toISOString() };
        if (c.status === 'error') {
          next.status = 'connected';
          delete next.statusMessage;
        }
        return next;
      });
    } catch (e) {
      if (e instanceof StopConnection || this.dead) return;
      const err = asSyncError(e);
      if (err.code === 'aborted') return;
      report.errors.push(err.info(this.deps.now()));
      await this.onConnectionError(system, err);
    }
  }

  /**
   * A connection made before a field Dealside now maps on connect gets it (fieldMapUpgrade.ts).
   * The sync goes on without it when the CRM cannot say its fields now; the next run asks again.
   */
  private async upgradeFieldMap(connection: ConnectionRecord, connector: CrmConnector): Promise<ConnectionRecord | undefined> {
    let plan;
    try {
      plan = await planFieldMapUpgrade(connection, connector, this.kitOf(connection.system).defaults);
    } catch (e) {
      const err = asSyncError(e);
      if (err.code === 'auth' || err.code === 'aborted' || this.dead) throw e;
      return undefined;
    }
    if (!plan) return undefined;
    let next: ConnectionRecord | undefined;
    await this.setStatus(connection.system, (c) => (next = applyFieldMapUpgrade(c, plan, connector)));
    return next;
  }

  async setStatus(system: CrmSystem, change: (c: ConnectionRecord) => ConnectionRecord): Promise<void> {
    this.check();
    await updateConnection(this.db, system, change, this.nowDate());
    this.deps.onStatus?.(system);
  }

  /** A failure that concerns the whole connection (not one record). */
  private async onConnectionError(system: CrmSystem, err: SyncError): Promise<void> {
    const at = this.nowDate().toISOString();
    const info = err.info(this.deps.now());
    if (err.code === 'auth') {
      await this.setStatus(system, (c) => ({ ...c, status: 'reconnect-needed', statusMessage: err.message, lastError: info }));
    } else if (err.code === 'rate-limited' || err.code === 'budget-exhausted') {
      const until = err.retryAt ?? this.deps.now() + 60_000;
      await this.setStatus(system, (c) => ({ ...c, blockedUntil: until, lastError: info, nextPullAt: Math.max(c.nextPullAt ?? 0, until) }));
    } else if (err.code === 'offline' || err.code === 'timeout' || err.code === 'transient') {
      const retry = this.deps.now() + 30_000 + backoffMs(2, this.deps.random, 1000, 60_000);
      await this.setStatus(system, (c) => ({ ...c, lastError: info, nextPullAt: Math.min(c.nextPullAt ?? retry, retry) }));
    } else {
      await this.setStatus(system, (c) => ({ ...c, status: 'error', statusMessage: err.message, lastError: { ...info, at } }));
    }
  }

  // ----- scheduling ---------------------------------------------------------------------------

  /** When the engine next has something to do: the earliest due entry, pull or end of a block. */
  async nextWakeAt(): Promise<number | undefined> {
    let at: number | undefined;
    const now = this.deps.now();
    for (const c of await listConnections(this.db)) {
      if (c.status !== 'connected') continue;
      const candidates = [await nextDueAt(this.db, c.system), c.nextPullAt ?? now];
      let next = Math.min(...candidates.filter((x): x is number => x !== undefined));
      if (c.blockedUntil && c.blockedUntil > next) next = c.blockedUntil;
      at = at === undefined ? next : Math.min(at, next);
    }
    return at;
  }

  private async scheduleNext(): Promise<void> {
    if (!this.deps.schedule) return;
    this.deps.schedule(await this.nextWakeAt());
  }
}

function emptyReport(): RunReport {
  return { pushed: 0, created: 0, failed: 0, deferred: 0, pulled: 0, conflicts: 0, errors: [] };
}

function mergeOptions(a: RunOptions, b: RunOptions): RunOptions {
  const rank = { never: 0, due: 1, now: 2 } as const;
  const pull = rank[a.pull ?? 'due'] >= rank[b.pull ?? 'due'] ? (a.pull ?? 'due') : (b.pull ?? 'due');
  return { pull, ...(a.systems && b.systems ? { systems: [...new Set([...a.systems, ...b.systems])] } : {}) };
}


export function createSyncEngine(deps: EngineDeps): SyncEngine {
  return new SyncEngine(deps);
}
