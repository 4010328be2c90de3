// The sync engine: pushes the outbox and pulls changes, per connection, in the background.
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
import { HttpClient, SyncError, asSyncError, backoffMs, type FetchLike } from './http';
import type { CrmConnector, RemoteRef } from './connector';
import { mappedFields } from './connector';
import { isActivityEntry, isRecordEntry, type ConnectionRecord, type EntityRef, type OutboxEntry, type RecordEntry, type SyncErrorInfo } from '../store/syncRecords';
import { STORE_OF, completeChanges, deferEntries, editTransaction, recordStore, dueEntries, entriesOf, failEntries, fieldsForCreate, nextDueAt } from '../store/outbox';
import { applyPage, deletedInCrmMessage, markDeletedInCrm, pendingFields, type MatchChanges } from './apply';
import { holdField, isForeignValue } from './conflicts';
import { isRoleEntry, pushRoles } from './roles';
import { pushActivities, type ActivityPushContext } from './activities';
import { TokenKeeper } from './auth';
import { getConnection, listConnections, updateConnection } from './connections';
import { CONNECTOR_KITS, type ConnectorKit } from './connectors';
import { crmKey } from '../domain/entities';
import { isBantField, specOf, type FieldValue, type SyncEntity, type SyncRecord } from '../domain/fields/recordFields';

export type EngineDeps = {
  db: Db;
  fetch: FetchLike;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** set the wake-up alarm (undefined: nothing to do until something happens) */
  schedule?: (at: number | undefined) => void;
  isOnline?: () => boolean;
  /** records changed by a pull or a conflict choice: tell open surfaces */
  onChange?: (ids: string[]) => void;
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

export type RunOptions = {
  /** 'due' (default): pull when the interval has passed; 'now': pull anyway; 'never': push only */
  pull?: 'due' | 'now' | 'never';
  systems?: readonly CrmSystem[];
};

/** This connection stops for this run (rate limit, auth, network): the rest waits for the next one. */
class StopConnection extends Error {}

const CREATE_ORDER: Record<SyncEntity, number> = { account: 0, person: 1, product: 2, deal: 3 };

export class SyncEngine {
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

  private get db(): Db {
    return this.deps.db;
  }

  private nowDate(): Date {
    return new Date(this.deps.now());
  }

  /** The worker is going away: stop every request; nothing after this writes. */
  kill(): void {
    this.dead = true;
    this.abort.abort(new SyncError('aborted', 'Sync stopped (the background was closed).'));
  }

  private check(): void {
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

  private async runConnection(initial: ConnectionRecord, options: RunOptions, report: RunReport): Promise<void> {
    const system = initial.system;
    let connector: CrmConnector;
    try {
      connector = this.connectorFor(initial);
    } catch (e) {
      report.errors.push(asSyncError(e).info(this.deps.now()));
      return;
    }
    try {
      await this.push(initial, connector, report);
      const fresh = (await getConnection(this.db, system)) ?? initial;
      const pullDue = options.pull === 'now' || (options.pull !== 'never' && (fresh.nextPullAt ?? 0) <= this.deps.now());
      if (pullDue && fresh.status === 'connected') await this.pull(fresh, connector, report);
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

  private async setStatus(system: CrmSystem, change: (c: ConnectionRecord) => ConnectionRecord): Promise<void> {
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

  // ----- push ---------------------------------------------------------------------------------

  private async push(connection: ConnectionRecord, connector: CrmConnector, report: RunReport): Promise<void> {
    const system = connection.system;
    let pushedAny = false;
    for (let round = 0; round < 50; round++) {
      this.check();
      const due = await dueEntries(this.db, system, this.deps.now(), 1000);
      if (due.length === 0) break;
      await this.setStatus(system, (c) => ({ ...c, progress: { phase: 'push', done: 0, total: due.length, at: this.nowDate().toISOString() } }));
      const before = report.pushed;
      const records = due.filter(isRecordEntry);
      const creates = records.filter((e) => e.op === 'create').sort((a, b) => CREATE_ORDER[a.ref.entity] - CREATE_ORDER[b.ref.entity]);
      if (creates.length) await this.pushCreates(connection, connector, creates, report);
      // logged touches, once the records they were logged on exist in the CRM (activities.ts)
      const touches = due.filter(isActivityEntry);
      if (touches.length) await pushActivities(this.activityDeps(connection, connector, report), touches);
      const updates = records.filter((e) => e.op === 'update' && !isRoleEntry(e));
      if (updates.length) await this.pushUpdates(connection, connector, updates, report);
      const roles = records.filter(isRoleEntry);
      if (roles.length) await this.pushRoles(connection, connector, roles, report);
      const links = records.filter((e) => e.op === 'associate');
      if (links.length) await this.pushAssociations(connection, connector, links, report);
      if (report.pushed > before) pushedAny = true;
    }
    if (pushedAny) await this.setStatus(system, (c) => ({ ...c, lastPushAt: this.nowDate().toISOString() }));
  }

  /** A whole call failed: decide what happens to its entries and whether the connection goes on. */
  private async onBatchError(entries: readonly OutboxEntry[], error: unknown, report: RunReport): Promise<void> {
    const err = asSyncError(error);
    const ids = entries.map((e) => e.id);
    const now = this.deps.now();
    switch (err.code) {
      case 'aborted':
        throw err;
      case 'auth':
        throw err; // the connection says "reconnect"; the entries stay as they are
      case 'rate-limited':
      case 'budget-exhausted': {
        const until = err.retryAt ?? now + 60_000;
        this.check();
        await deferEntries(this.db, ids, () => until + Math.floor(this.deps.random() * 1000), err.info(now), false);
        report.deferred += ids.length;
        throw err; // blocks the connection until then
      }
      case 'offline':
      case 'timeout':
      case 'transient':
        this.check();
        await deferEntries(this.db, ids, (e) => now + this.backoff(e.attempts), err.info(now));
        report.deferred += ids.length;
        report.errors.push(err.info(now));
        if (err.code === 'offline') throw new StopConnection();
        return;
      default:
        this.check();
        await failEntries(this.db, ids, err.info(now));
        report.failed += ids.length;
        report.errors.push(err.info(now));
    }
  }

  private backoff(attempts: number): number {
    return Math.max(250, backoffMs(attempts, this.deps.random, this.deps.backoffBaseMs ?? 2000, this.deps.backoffCapMs ?? 15 * 60_000));
  }

  private async recordOf(entity: SyncEntity, localId: string): Promise<SyncRecord | undefined> {
    return (await this.db.get(STORE_OF[entity], localId)) as SyncRecord | undefined;
  }

  private remoteRef(record: SyncRecord | undefined, system: CrmSystem): RemoteRef | undefined {
    if (!record || !('crmRefs' in record)) return undefined;
    // A person imported from a Pipedrive leads export also carries the lead's id (objectType
    // 'lead', for finding it on the lead's page): that is not the person's id to write to. (A
    // Dynamics 365 lead's objectType is 'lead' too, and is the person's own id.)
    const isPerson = 'emails' in record;
    const ref = record.crmRefs.find((r) => r.system === system && !(isPerson && system === 'pipedrive' && r.objectType === 'lead'));
    if (!ref) return undefined;
    const kind = 'kind' in record ? record.kind : undefined;
    return { crmId: ref.id, objectType: ref.objectType, ...(kind ? { kind } : {}) };
  }

  private async pushCreates(connection: ConnectionRecord, connector: CrmConnector, entries: RecordEntry[], report: RunReport): Promise<void> {
    const system = connection.system;
    const byEntity = groupBy(entries, (e) => e.ref.entity);
    for (const [entity, list] of byEntity) {
      for (let i = 0; i < list.length; i += connector.batchSize) {
        const chunk = list.slice(i, i + connector.batchSize);
        const items: Array<{ entry: RecordEntry; record: SyncRecord }> = [];
        for (const entry of chunk) {
          const record = await this.recordOf(entity, entry.ref.localId);
          if (!record || (record as { source?: string }).source === 'demo') {
            // The record was removed locally: there is nothing left to create.
            this.check();
            await this.completeEntries([entry.id]);
            continue;
          }
          if (this.remoteRef(record, system)) {
            this.check();
            await this.completeEntries([entry.id]); // already in the CRM (a pull matched it by our id)
            report.pushed++;
            continue;
          }
          items.push({ entry, record });
        }
        if (items.length === 0) continue;
        // Remember that a create went out before it goes: if its answer is lost (or the worker
        // stops), the next attempt knows to look for what this one may have made.
        this.check();
        await this.markAttempted(items.map((x) => x.entry));
        let results;
        try {
          results = await connector.create(
            entity,
            items.map(({ record, entry }) => ({
              dealsideId: record.id,
              ...(entry.ref.kind ? { kind: entry.ref.kind } : {}),
              // the record's fields as they are now, and the BANT answers the create carries (a record
              // created again after a deletion in the CRM: see deleted.ts)
              fields: {
                ...Object.fromEntries(fieldsForCreate(entity, record).map((c) => [c.field, c.value])),
                ...Object.fromEntries(entry.changes.filter((c) => isBantField(c.field)).map((c) => [c.field, c.value])),
              },
              ...(entry.attemptedAt ? { retrySince: entry.attemptedAt } : {}),
            })),
          );
        } catch (e) {
          await this.onBatchError(items.map((x) => x.entry), e, report);
          continue;
        }
        this.check();
        const tx = editTransaction(this.db, [STORE_OF[entity], 'outbox']);
        const store = recordStore(tx, entity);
        const failed: Array<{ entry: OutboxEntry; error: SyncError }> = [];
        const accepted: string[] = [];
        for (let j = 0; j < items.length; j++) {
          const result = results[j];
          const { entry } = items[j]!;
          if (!result || !result.ok) {
            failed.push({ entry, error: result && !result.ok ? result.error : new SyncError('transient', 'No answer for this record.') });
            continue;
          }
          const current = await store.get(entry.ref.localId);
          if (current && 'crmRefs' in current && entity !== 'product') {
            const crmRefs = [...current.crmRefs.filter((r) => r.system !== system), { system, objectType: result.objectType, id: result.crmId }];
            const crmKeys = [...current.crmKeys.filter((k) => !k.startsWith(`${system}:${entity}:`)), crmKey(system, entity, result.crmId)];
            await store.put({ ...current, crmRefs, crmKeys } as SyncRecord);
          }
          await tx.objectStore('outbox').delete(entry.id);
          report.pushed++;
          if (result.created) report.created++;
          if (current) accepted.push(entry.ref.localId);
        }
        await tx.done;
        // the surfaces showing them say "in the CRM" now, with its link
        if (accepted.length) this.deps.onChange?.(accepted);
        for (const f of failed) await this.onItemError(f.entry, f.error, report);
      }
    }
  }

  private activityDeps(connection: ConnectionRecord, connector: CrmConnector, report: RunReport): ActivityPushContext {
    const system = connection.system;
    return {
      db: this.db,
      connection,
      connector,
      crmName: this.kitOf(system).name,
      now: this.deps.now,
      report,
      check: () => this.check(),
      remoteRef: (record) => this.remoteRef(record, system),
      markAttempted: (entries) => this.markAttempted(entries),
      onBatchError: (entries, error) => this.onBatchError(entries, error, report),
      onItemError: (entry, error) => this.onItemError(entry, error, report),
    };
  }

  private async markAttempted(entries: readonly OutboxEntry[]): Promise<void> {
    const fresh = entries.filter((e) => !e.attemptedAt);
    if (fresh.length === 0) return;
    const at = this.nowDate().toISOString();
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const e of fresh) {
      const stored = await tx.store.get(e.id);
      if (stored && !stored.attemptedAt) await tx.store.put({ ...stored, attemptedAt: at });
    }
    await tx.done;
  }

  private async onItemError(entry: OutboxEntry, error: SyncError, report: RunReport): Promise<void> {
    if (['transient', 'timeout', 'offline', 'rate-limited', 'budget-exhausted'].includes(error.code)) {
      await this.onBatchError([entry], error, report);
      return;
    }
    this.check();
    await failEntries(this.db, [entry.id], error.info(this.deps.now()));
    report.failed++;
    report.errors.push(error.info(this.deps.now()));
  }

  private async completeEntries(ids: readonly string[]): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const id of ids) await tx.store.delete(id);
    await tx.done;
  }

  /** A record not yet in the CRM: wait for its creation, or say why it cannot be pushed. */
  /** Buying-committee roles (roles.ts): after the deal and the person exist in the CRM. */
  private async pushRoles(connection: ConnectionRecord, connector: CrmConnector, due: RecordEntry[], report: RunReport): Promise<void> {
    const system = connection.system;
    await pushRoles(
      {
        db: this.db,
        connection,
        connector,
        crmName: this.kitOf(system).name,
        now: this.deps.now,
        report,
        check: () => this.check(),
        remoteRef: (record) => this.remoteRef(record, system),
        waitForCreate: (ref, waiting) => this.waitForCreate(system, ref, waiting, report),
        refuseIfDeleted: (ref, record, waiting) => this.refuseIfDeleted(system, ref, record, waiting, report),
        onBatchError: (entries, error) => this.onBatchError(entries, error, report),
        onItemError: (entry, error) => this.onItemError(entry, error, report),
      },
      due,
    );
  }

  /**
   * A record marked deleted in this CRM: its new entries are refused with the same reason, without
   * asking the CRM. They wait with the ones refused before, and the pull that sees the record
   * restored sends them all again together, in order. (Pushed alone, a change made after a restore
   * the pull had not seen yet met the CRM's value from before the refused changes, and took the
   * rep's own earlier value for someone else's: a false conflict.)
   */
  private async refuseIfDeleted(system: CrmSystem, ref: EntityRef, record: SyncRecord, entries: readonly OutboxEntry[], report: RunReport): Promise<boolean> {
    const mark = 'crmDeleted' in record ? record.crmDeleted : undefined;
    if (mark?.system !== system) return false;
    this.check();
    const at = this.nowDate().toISOString();
    await failEntries(this.db, entries.map((e) => e.id), { code: 'not-found', message: deletedInCrmMessage(system, ref.entity, mark.at), at, status: 404 });
    report.failed += entries.length;
    return true;
  }

  private async waitForCreate(system: CrmSystem, ref: EntityRef, waiting: readonly OutboxEntry[], report: RunReport): Promise<void> {
    const create = (await entriesOf(this.db, system, ref.localId)).find((e) => e.op === 'create');
    this.check();
    if (create) {
      const at = Math.max(this.deps.now() + 1000, create.nextAttemptAt);
      await deferEntries(this.db, waiting.map((e) => e.id), () => at, undefined, false);
      report.deferred += waiting.length;
      return;
    }
    const kit = this.kitOf(system);
    await failEntries(this.db, waiting.map((e) => e.id), {
      code: 'not-found',
      message: `This ${ref.entity} is not in ${kit.name} (it has no ${kit.name} id), so the change cannot be sent. Create it there or link it, then retry.`,
      at: this.nowDate().toISOString(),
    });
    report.failed += waiting.length;
  }

  private async pushUpdates(connection: ConnectionRecord, connector: CrmConnector, due: RecordEntry[], report: RunReport): Promise<void> {
    const system = connection.system;
    type Group = {
      ref: EntityRef;
      entries: RecordEntry[];
      remote: RemoteRef;
      fields: Map<string, { value: FieldValue; chain: FieldValue[]; entryIds: string[] }>;
      /** optional fields this CRM has no field for: done without sending */
      skipped: ReadonlySet<string>;
    };
    const groups: Group[] = [];
    const seen = new Set<string>();
    for (const d of due) {
      if (seen.has(d.entityKey)) continue;
      seen.add(d.entityKey);
      // Every pending update of the record goes together (the latest value of each field wins).
      const entries = (await entriesOf(this.db, system, d.ref.localId)).filter(isRecordEntry).filter((e) => e.op === 'update' && e.state === 'pending' && !isRoleEntry(e));
      if (entries.length === 0) continue;
      const record = await this.recordOf(d.ref.entity, d.ref.localId);
      const remote = this.remoteRef(record, system);
      if (!record) {
        this.check();
        await this.completeEntries(entries.map((e) => e.id)); // removed locally: nothing to send
        continue;
      }
      if (!remote) {
        await this.waitForCreate(system, d.ref, entries, report);
        continue;
      }
      if (await this.refuseIfDeleted(system, d.ref, record, entries, report)) continue;
      const fields = new Map<string, { value: FieldValue; chain: FieldValue[]; entryIds: string[] }>();
      for (const [field, p] of pendingFields(entries.map((e) => ({ ...e, changes: e.changes.filter((c) => !c.held) })))) {
        fields.set(field, { value: p.value, chain: p.chain, entryIds: p.entryIds });
      }
      const map = mappedFields(connection, d.ref.entity, remote.kind);
      // A field this CRM has no place for yet (an optional one, e.g. Salesforce without the LinkedIn
      // field) stays in Dealside: its changes are done here, nothing is sent.
      const skipped = new Set([...fields.keys()].filter((f) => !map[f] && specOf(d.ref.entity, f)?.optional));
      for (const f of skipped) fields.delete(f);
      const unmapped = [...fields.keys()].filter((f) => !map[f]);
      if (unmapped.length > 0) {
        this.check();
        await failEntries(this.db, entries.map((e) => e.id), {
          code: 'unmapped',
          message: `No ${this.kitOf(system).name} field is mapped for ${unmapped.join(', ')}. Map it in Options → Connections, then retry.`,
          at: this.nowDate().toISOString(),
        });
        report.failed += entries.length;
        continue;
      }
      groups.push({ ref: d.ref, entries, remote, fields, skipped });
    }
    for (const [entity, list] of groupBy(groups, (g) => g.ref.entity)) {
      for (let i = 0; i < list.length; i += connector.batchSize) {
        const chunk = list.slice(i, i + connector.batchSize);
        const allEntries = chunk.flatMap((g) => g.entries);
        try {
          const fieldNames = [...new Set(chunk.flatMap((g) => [...g.fields.keys()]))];
          // What the CRM has now: a field someone else changed is a conflict, not something to overwrite.
          const current = await connector.read(entity, chunk.map((g) => g.remote), fieldNames);
          const toPush: Array<{ group: Group; fields: Record<string, FieldValue>; done: Set<string> }> = [];
          const conflicts: Array<{ group: Group; field: string; remote: FieldValue }> = [];
          const gone: Group[] = [];
          for (const g of chunk) {
            const now = current.get(g.remote.crmId);
            if (!now) {
              gone.push(g);
              continue;
            }
            const fields: Record<string, FieldValue> = {};
            const done = new Set<string>(g.skipped);
            for (const [field, p] of g.fields) {
              const remote = field in now ? now[field]! : undefined;
              if (remote !== undefined && !isForeignValue(entity, field, remote, [p.value])) done.add(field); // already there
              else if (remote !== undefined && isForeignValue(entity, field, remote, p.chain)) conflicts.push({ group: g, field, remote });
              else {
                fields[field] = p.value;
                done.add(field);
              }
            }
            toPush.push({ group: g, fields, done });
          }
          const items = toPush.filter((t) => Object.keys(t.fields).length > 0);
          const results = items.length
            ? await connector.update(entity, items.map((t) => ({ ...t.group.remote, fields: t.fields })))
            : [];
          this.check();
          const tx = editTransaction(this.db, ['outbox', 'syncConflicts']);
          const now = this.nowDate();
          for (const c of conflicts) {
            const p = c.group.fields.get(c.field)!;
            await holdField(tx, system, c.group.ref, c.field, p.value, c.remote, p.chain[0] ?? null, now);
            report.conflicts++;
          }
          const failedItems: Array<{ group: Group; error: SyncError }> = [];
          const okGroups = new Set(toPush.map((t) => t.group));
          items.forEach((t, j) => {
            const r = results[j];
            if (r && !r.ok) {
              okGroups.delete(t.group);
              failedItems.push({ group: t.group, error: r.error });
            }
          });
          for (const t of toPush) {
            if (!okGroups.has(t.group)) continue;
            await completeChanges(tx, t.group.entries.map((e) => ({ entryId: e.id, fields: t.done })));
            report.pushed += t.group.entries.length;
          }
          await tx.done;
          for (const g of gone) {
            // Not found in the CRM: deleted (or merged) there. The record says so in the sidebar.
            await markDeletedInCrm(this.db, system, g.ref, now);
            await failEntries(this.db, g.entries.map((e) => e.id), {
              code: 'not-found',
              message: deletedInCrmMessage(system, entity, now.toISOString()),
              at: now.toISOString(),
            });
            report.failed += g.entries.length;
          }
          for (const f of failedItems) {
            if (['transient', 'timeout', 'offline', 'rate-limited', 'budget-exhausted'].includes(f.error.code)) await this.onBatchError(f.group.entries, f.error, report);
            else {
              if (f.error.code === 'not-found') await markDeletedInCrm(this.db, system, f.group.ref, now);
              await failEntries(this.db, f.group.entries.map((e) => e.id), f.error.info(now.getTime()));
              report.failed += f.group.entries.length;
              report.errors.push(f.error.info(now.getTime()));
            }
          }
        } catch (e) {
          await this.onBatchError(allEntries, e, report);
        }
      }
    }
  }

  private async pushAssociations(connection: ConnectionRecord, connector: CrmConnector, entries: RecordEntry[], report: RunReport): Promise<void> {
    const system = connection.system;
    const ready: Array<{ entry: RecordEntry; from: RemoteRef; to: RemoteRef }> = [];
    for (const entry of entries) {
      if (!entry.to) {
        this.check();
        await this.completeEntries([entry.id]);
        continue;
      }
      const fromRecord = await this.recordOf(entry.ref.entity, entry.ref.localId);
      const toRecord = await this.recordOf(entry.to.entity, entry.to.localId);
      if (!fromRecord || !toRecord) {
        this.check();
        await this.completeEntries([entry.id]); // one side was removed locally
        continue;
      }
      const from = this.remoteRef(fromRecord, system);
      const to = this.remoteRef(toRecord, system);
      if (!from) {
        await this.waitForCreate(system, entry.ref, [entry], report);
        continue;
      }
      if (!to) {
        await this.waitForCreate(system, entry.to, [entry], report);
        continue;
      }
      ready.push({ entry, from, to });
    }
    for (let i = 0; i < ready.length; i += connector.batchSize) {
      const chunk = ready.slice(i, i + connector.batchSize);
      try {
        const results = await connector.associate(
          chunk.map((c) => ({ from: { ...c.from, entity: c.entry.ref.entity }, to: { ...c.to, entity: c.entry.to!.entity } })),
        );
        this.check();
        const done = chunk.filter((_, j) => results[j]?.ok).map((c) => c.entry.id);
        await this.completeEntries(done);
        report.pushed += done.length;
        for (let j = 0; j < chunk.length; j++) {
          const r = results[j];
          if (r && !r.ok) await this.onItemError(chunk[j]!.entry, r.error, report);
        }
      } catch (e) {
        await this.onBatchError(chunk.map((c) => c.entry), e, report);
      }
    }
  }

  // ----- pull ---------------------------------------------------------------------------------

  private async pull(connection: ConnectionRecord, connector: CrmConnector, report: RunReport): Promise<void> {
    const system = connection.system;
    const streams = [...connector.streams].sort((a, b) => a.order - b.order);
    for (const stream of streams) {
      this.check();
      const cursor = (await getConnection(this.db, system))?.cursors[stream.name];
      // Deletion checks run on their own cadence (a HubSpot check reads every archived record).
      if (stream.everyMs && cursor?.checkedAt && !cursor.after && Date.parse(cursor.checkedAt) + stream.everyMs > this.deps.now()) continue;
      let done = 0;
      // The next page is fetched while this one is written (its cursor is already known).
      const pages = connector.pull(stream.name, cursor);
      let next = pages.next();
      try {
        for (;;) {
          const step = await next;
          if (step.done) break;
          const page = step.value;
          next = pages.next();
          this.check();
          done += page.records.length;
          const result = await applyPage(this.db, system, stream.name, page, this.nowDate(), {
            progress: { done, ...(page.total !== undefined ? { total: page.total } : {}) },
          });
          report.pulled += page.records.length;
          report.conflicts += result.conflicts;
          if (result.matchChanges) this.deps.onMatchChanges?.(result.matchChanges);
          if (result.changedIds.length) this.deps.onChange?.(result.changedIds);
          this.deps.onStatus?.(system);
        }
      } finally {
        next.catch(() => {}); // a prefetch cut short by an error is not an unhandled rejection
      }
    }
    const interval = this.deps.pullIntervalMs ?? 5 * 60_000;
    await this.setStatus(system, (c) => ({ ...c, lastPullAt: this.nowDate().toISOString(), nextPullAt: this.deps.now() + interval }));
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

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function createSyncEngine(deps: EngineDeps): SyncEngine {
  return new SyncEngine(deps);
}
