// Pushing the outbox to one CRM (the sync engine's push, engine.ts): due entries, oldest first;
// creates before updates before associations (a new deal's account and contacts exist before it is
// linked to them). Updates of one record are merged (latest value per field) and checked against
// the CRM's current values first: a field someone changed in the CRM meanwhile becomes a conflict
// instead of being overwritten. A failed call decides its entries' fate (onBatchError): retried
// with backoff, deferred until the CRM allows, refused for the user, or the connection stops.
import type { CrmSystem } from '../domain/entities';
import { SyncError, asSyncError, backoffMs } from './http';
import type { CrmConnector, RemoteRef } from './connector';
import { mappedFields } from './connector';
import { isActivityEntry, isRecordEntry, type ConnectionRecord, type EntityRef, type OutboxEntry, type RecordEntry } from '../store/syncRecords';
import { STORE_OF, completeChanges, deferEntries, editTransaction, recordStore, dueEntries, entriesOf, failEntries, fieldsForCreate } from '../store/outbox';
import { deletedInCrmMessage, markDeletedInCrm, pendingFields } from './apply';
import { holdField, isForeignValue } from './conflicts';
import { isRoleEntry, pushRoles } from './roles';
import { pushActivities, type ActivityPushContext } from './activities';
import { crmKey } from '../domain/entities';
import { isQualificationField, specOf, type FieldValue, type SyncEntity, type SyncRecord } from '../domain/fields/recordFields';
import { StopConnection, type EngineContext, type RunReport } from './runContext';

const CREATE_ORDER: Record<SyncEntity, number> = { account: 0, person: 1, product: 2, deal: 3 };

/** One run's push over one connection; the engine makes one per run. */
export class Pusher {
  constructor(private readonly ctx: EngineContext) {}

  async push(connection: ConnectionRecord, connector: CrmConnector, report: RunReport): Promise<void> {
    const system = connection.system;
    let pushedAny = false;
    for (let round = 0; round < 50; round++) {
      this.ctx.check();
      const due = await dueEntries(this.ctx.db, system, this.ctx.deps.now(), 1000);
      if (due.length === 0) break;
      await this.ctx.setStatus(system, (c) => ({ ...c, progress: { phase: 'push', done: 0, total: due.length, at: this.ctx.nowDate().toISOString() } }));
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
    if (pushedAny) await this.ctx.setStatus(system, (c) => ({ ...c, lastPushAt: this.ctx.nowDate().toISOString() }));
  }

  /** A whole call failed: decide what happens to its entries and whether the connection goes on. */
  private async onBatchError(entries: readonly OutboxEntry[], error: unknown, report: RunReport): Promise<void> {
    const err = asSyncError(error);
    const ids = entries.map((e) => e.id);
    const now = this.ctx.deps.now();
    switch (err.code) {
      case 'aborted':
        throw err;
      case 'auth':
        throw err; // the connection says "reconnect"; the entries stay as they are
      case 'rate-limited':
      case 'budget-exhausted': {
        const until = err.retryAt ?? now + 60_000;
        this.ctx.check();
        await deferEntries(this.ctx.db, ids, () => until + Math.floor(this.ctx.deps.random() * 1000), err.info(now), false);
        report.deferred += ids.length;
        throw err; // blocks the connection until then
      }
      case 'offline':
      case 'timeout':
      case 'transient':
        this.ctx.check();
        await deferEntries(this.ctx.db, ids, (e) => now + this.backoff(e.attempts), err.info(now));
        report.deferred += ids.length;
        report.errors.push(err.info(now));
        if (err.code === 'offline') throw new StopConnection();
        return;
      default:
        this.ctx.check();
        await failEntries(this.ctx.db, ids, err.info(now));
        report.failed += ids.length;
        report.errors.push(err.info(now));
    }
  }

  private backoff(attempts: number): number {
    return Math.max(250, backoffMs(attempts, this.ctx.deps.random, this.ctx.deps.backoffBaseMs ?? 2000, this.ctx.deps.backoffCapMs ?? 15 * 60_000));
  }

  private async recordOf(entity: SyncEntity, localId: string): Promise<SyncRecord | undefined> {
    return (await this.ctx.db.get(STORE_OF[entity], localId)) as SyncRecord | undefined;
  }

  private remoteRef(record: SyncRecord | undefined, connector: CrmConnector): RemoteRef | undefined {
    if (!record || !('crmRefs' in record)) return undefined;
    // Where a lead is a deal (Pipedrive), a person imported from a leads export also carries the
    // lead's id (objectType 'lead', for finding it on the lead's page): that is not the person's id
    // to write to. (A Dynamics 365 lead's objectType is 'lead' too, and is the person's own id.)
    const { system } = connector;
    const isPerson = 'emails' in record;
    const ref = record.crmRefs.find((r) => r.system === system && !(isPerson && connector.traits.leadIsDeal && r.objectType === 'lead'));
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
            this.ctx.check();
            await this.completeEntries([entry.id]);
            continue;
          }
          if (this.remoteRef(record, connector)) {
            this.ctx.check();
            await this.completeEntries([entry.id]); // already in the CRM (a pull matched it by our id)
            report.pushed++;
            continue;
          }
          items.push({ entry, record });
        }
        if (items.length === 0) continue;
        // Remember that a create went out before it goes: if its answer is lost (or the worker
        // stops), the next attempt knows to look for what this one may have made.
        this.ctx.check();
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
                ...Object.fromEntries(entry.changes.filter((c) => isQualificationField(c.field)).map((c) => [c.field, c.value])),
              },
              ...(entry.attemptedAt ? { retrySince: entry.attemptedAt } : {}),
            })),
          );
        } catch (e) {
          await this.onBatchError(items.map((x) => x.entry), e, report);
          continue;
        }
        this.ctx.check();
        const tx = editTransaction(this.ctx.db, [STORE_OF[entity], 'outbox']);
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
        if (accepted.length) this.ctx.deps.onChange?.(accepted);
        for (const f of failed) await this.onItemError(f.entry, f.error, report);
      }
    }
  }

  /** What pushing touches (activities.ts) and roles (roles.ts) both need of this run. */
  private shared(connection: ConnectionRecord, connector: CrmConnector, report: RunReport) {
    const system = connection.system;
    return {
      db: this.ctx.db,
      connection,
      connector,
      crmName: this.ctx.kitOf(system).name,
      now: this.ctx.deps.now,
      report,
      check: () => this.ctx.check(),
      remoteRef: (record: SyncRecord | undefined) => this.remoteRef(record, connector),
      onBatchError: (entries: readonly OutboxEntry[], error: unknown) => this.onBatchError(entries, error, report),
      onItemError: (entry: OutboxEntry, error: SyncError) => this.onItemError(entry, error, report),
    };
  }

  private activityDeps(connection: ConnectionRecord, connector: CrmConnector, report: RunReport): ActivityPushContext {
    return { ...this.shared(connection, connector, report), markAttempted: (entries) => this.markAttempted(entries) };
  }

  private async markAttempted(entries: readonly OutboxEntry[]): Promise<void> {
    const fresh = entries.filter((e) => !e.attemptedAt);
    if (fresh.length === 0) return;
    const at = this.ctx.nowDate().toISOString();
    const tx = this.ctx.db.transaction('outbox', 'readwrite');
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
    this.ctx.check();
    await failEntries(this.ctx.db, [entry.id], error.info(this.ctx.deps.now()));
    report.failed++;
    report.errors.push(error.info(this.ctx.deps.now()));
  }

  private async completeEntries(ids: readonly string[]): Promise<void> {
    const tx = this.ctx.db.transaction('outbox', 'readwrite');
    for (const id of ids) await tx.store.delete(id);
    await tx.done;
  }

  /** Buying-committee roles (roles.ts): after the deal and the person exist in the CRM. */
  private async pushRoles(connection: ConnectionRecord, connector: CrmConnector, due: RecordEntry[], report: RunReport): Promise<void> {
    const system = connection.system;
    await pushRoles(
      {
        ...this.shared(connection, connector, report),
        waitForCreate: (ref, waiting) => this.waitForCreate(system, ref, waiting, report),
        refuseIfDeleted: (ref, record, waiting) => this.refuseIfDeleted(system, ref, record, waiting, report),
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
    this.ctx.check();
    const at = this.ctx.nowDate().toISOString();
    await failEntries(this.ctx.db, entries.map((e) => e.id), { code: 'not-found', message: deletedInCrmMessage(system, ref.entity, mark.at), at, status: 404 });
    report.failed += entries.length;
    return true;
  }

  /** A record not yet in the CRM: wait for its creation, or say why it cannot be pushed. */
  private async waitForCreate(system: CrmSystem, ref: EntityRef, waiting: readonly OutboxEntry[], report: RunReport): Promise<void> {
    const create = (await entriesOf(this.ctx.db, system, ref.localId)).find((e) => e.op === 'create');
    this.ctx.check();
    if (create) {
      const at = Math.max(this.ctx.deps.now() + 1000, create.nextAttemptAt);
      await deferEntries(this.ctx.db, waiting.map((e) => e.id), () => at, undefined, false);
      report.deferred += waiting.length;
      return;
    }
    const kit = this.ctx.kitOf(system);
    await failEntries(this.ctx.db, waiting.map((e) => e.id), {
      code: 'not-found',
      message: `This ${ref.entity} is not in ${kit.name} (it has no ${kit.name} id), so the change cannot be sent. Create it there or link it, then retry.`,
      at: this.ctx.nowDate().toISOString(),
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
      const entries = (await entriesOf(this.ctx.db, system, d.ref.localId)).filter(isRecordEntry).filter((e) => e.op === 'update' && e.state === 'pending' && !isRoleEntry(e));
      if (entries.length === 0) continue;
      const record = await this.recordOf(d.ref.entity, d.ref.localId);
      const remote = this.remoteRef(record, connector);
      if (!record) {
        this.ctx.check();
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
        this.ctx.check();
        await failEntries(this.ctx.db, entries.map((e) => e.id), {
          code: 'unmapped',
          message: `No ${this.ctx.kitOf(system).name} field is mapped for ${unmapped.join(', ')}. Map it in Options → Connections, then retry.`,
          at: this.ctx.nowDate().toISOString(),
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
          this.ctx.check();
          const tx = editTransaction(this.ctx.db, ['outbox', 'syncConflicts']);
          const now = this.ctx.nowDate();
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
            await markDeletedInCrm(this.ctx.db, system, g.ref, now);
            await failEntries(this.ctx.db, g.entries.map((e) => e.id), {
              code: 'not-found',
              message: deletedInCrmMessage(system, entity, now.toISOString()),
              at: now.toISOString(),
            });
            report.failed += g.entries.length;
          }
          for (const f of failedItems) {
            if (['transient', 'timeout', 'offline', 'rate-limited', 'budget-exhausted'].includes(f.error.code)) await this.onBatchError(f.group.entries, f.error, report);
            else {
              if (f.error.code === 'not-found') await markDeletedInCrm(this.ctx.db, system, f.group.ref, now);
              await failEntries(this.ctx.db, f.group.entries.map((e) => e.id), f.error.info(now.getTime()));
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
        this.ctx.check();
        await this.completeEntries([entry.id]);
        continue;
      }
      const fromRecord = await this.recordOf(entry.ref.entity, entry.ref.localId);
      const toRecord = await this.recordOf(entry.to.entity, entry.to.localId);
      if (!fromRecord || !toRecord) {
        this.ctx.check();
        await this.completeEntries([entry.id]); // one side was removed locally
        continue;
      }
      const from = this.remoteRef(fromRecord, connector);
      const to = this.remoteRef(toRecord, connector);
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
        this.ctx.check();
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
