// The durable outbox. Every local edit that must reach a CRM is written here in the SAME
// IndexedDB transaction as the edit itself, before the UI is told "saved"; the engine pushes it
// later, however often the service worker is stopped in between. An entry is deleted only once
// the CRM has accepted it (or the user discards it): no edit is ever lost.
//
// Idempotency: updates carry absolute values, so a retry sets the same values again; creates carry
// an idempotency key that is also written to the CRM's Dealside id field (upsert by external id),
// so a retry after a lost response finds the record instead of creating a second one; associations
// are idempotent in every CRM or checked before they are made.
import type { IDBPTransaction, StoreNames } from 'idb';
import type { Db } from './db';
import type { DealsideDb } from './schema';
import type { Account, CrmSystem, Deal, Person, Product } from '../domain/entities';
import type { Qualification } from '../domain/qualification/qualification';
import { roleChanges } from '../domain/fields/roleFields';
import { qualificationChanges } from '../domain/fields/elementFields';
import {
  ENTITY_FIELDS,
  pushableFields,
  isElementField,
  isQualificationField,
  readEntityField,
  sameValue,
  writeEntityField,
  type FieldValue,
  type SyncEntity,
  type SyncRecord,
} from '../domain/fields/recordFields';
import type { ConnectionRecord, EntityRef, FieldChange, OutboxEntry, OutboxOp, OutboxRef, SyncErrorInfo } from './syncRecords';

/** A readwrite transaction that includes the outbox and the connections (and whatever else the edit writes). */
export type OutboxTx = IDBPTransaction<DealsideDb, ArrayLike<StoreNames<DealsideDb>>, 'readwrite'>;

export const STORE_OF = { account: 'accounts', person: 'people', deal: 'deals', product: 'products' } as const;

/**
 * A readwrite transaction over these stores, typed as every function of the outbox takes it: idb
 * types a transaction by the exact list of its stores, which no other list's type accepts.
 */
export function editTransaction(db: Db, stores: ReadonlyArray<StoreNames<DealsideDb>>): OutboxTx {
  return db.transaction([...new Set(stores)], 'readwrite') as unknown as OutboxTx;
}

/**
 * `work` in one edit transaction, committed when it returns; when it throws, everything it wrote is
 * undone (the transaction aborted) and the error goes on.
 */
export async function inEditTransaction<T>(db: Db, stores: ReadonlyArray<StoreNames<DealsideDb>>, work: (tx: OutboxTx) => Promise<T>): Promise<T> {
  const tx = editTransaction(db, stores);
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // already finished (it failed on its own): nothing to undo
    }
    await tx.done.catch(() => {});
    throw e;
  }
}

/** The record each synced entity is stored as. */
export type RecordOf<E extends SyncEntity> = { account: Account; person: Person; deal: Deal; product: Product }[E];

/** The store of one kind of synced record, read and written as that kind's record. */
export type RecordStore<R extends SyncRecord = SyncRecord> = {
  get(id: string): Promise<R | undefined>;
  put(record: R): Promise<unknown>;
  delete(id: string): Promise<void>;
  index(name: 'byCrmKey'): { getAll(key: string | IDBKeyRange): Promise<R[]>; count(key: IDBKeyRange): Promise<number> };
};

/**
 * The store of an entity inside a transaction. idb types each store by its own record (an account
 * store takes accounts), so a store chosen at run time is a union it cannot write to: this gives
 * the entity's record type, which STORE_OF makes true.
 */
export function recordStore<E extends SyncEntity>(tx: OutboxTx, entity: E): RecordStore<RecordOf<E>> {
  return tx.objectStore(STORE_OF[entity]) as unknown as RecordStore<RecordOf<E>>;
}

/** nextAttemptAt of entries that wait for the user (held by a conflict, refused by the CRM). */
export const NEVER = 8.64e15;

let sequence = 0;
export function newEntryId(nowMs: number): string {
  sequence = (sequence + 1) % 1e6;
  const random = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
  return `${String(Math.max(0, Math.floor(nowMs))).padStart(15, '0')}-${String(sequence).padStart(6, '0')}-${random}`;
}

export function entityKeyOf(system: CrmSystem, localId: string): string {
  return `${system}:${localId}`;
}

export type EnqueueInput = {
  system: CrmSystem;
  ref: OutboxRef;
  op: OutboxOp;
  changes?: FieldChange[];
  to?: EntityRef;
  idempotencyKey?: string;
  now: Date;
};

/** Add one entry inside the caller's transaction. An association already queued is not queued twice. */
export async function enqueue(tx: OutboxTx, input: EnqueueInput): Promise<OutboxEntry | undefined> {
  const store = tx.objectStore('outbox');
  const id = newEntryId(input.now.getTime());
  const idempotencyKey =
    input.idempotencyKey ??
    (input.op === 'create'
      ? createKey(input.system, input.ref.localId)
      : input.op === 'associate' && input.to
        ? `assoc:${input.system}:${input.ref.localId}:${input.to.localId}`
        : `update:${id}`);
  if (input.op !== 'update' && (await store.index('byIdempotencyKey').getKey(idempotencyKey)) !== undefined) return undefined;
  const entry: OutboxEntry = {
    id,
    idempotencyKey,
    system: input.system,
    ref: input.ref,
    entityKey: entityKeyOf(input.system, input.ref.localId),
    op: input.op,
    changes: input.changes ?? [],
    ...(input.to ? { to: input.to } : {}),
    createdAt: input.now.toISOString(),
    attempts: 0,
    nextAttemptAt: input.now.getTime(),
    state: 'pending',
  };
  await store.add(entry);
  return entry;
}

/**
 * The idempotency key of a record's creation in one CRM. It is the record's own id: the value the
 * connector writes to the CRM's Dealside id field, and looks up before creating.
 */
export function createKey(_system: CrmSystem, localId: string): string {
  return `create:${_system}:${localId}`;
}

type SyncableRecord = { id: string; source?: string; crmRefs?: ReadonlyArray<{ system: CrmSystem }> };

/**
 * The CRMs an edit of this record must reach: every connection (connected or waiting for the user
 * to reconnect — its edits are kept) where the record exists, or is queued to be created. Demo
 * records never sync: their CRM ids are invented.
 */
export async function systemsFor(tx: OutboxTx, record: SyncableRecord): Promise<CrmSystem[]> {
  if (record.source === 'demo') return [];
  const connections = await tx.objectStore('syncConnections').getAll();
  if (connections.length === 0) return [];
  const out: CrmSystem[] = [];
  for (const c of connections) {
    if (record.crmRefs?.some((r) => r.system === c.system)) {
      out.push(c.system);
      continue;
    }
    const pending = await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(c.system, record.id));
    if (pending.some((e) => e.op === 'create')) out.push(c.system);
  }
  return out;
}

export function personRef(record: SyncRecord): EntityRef['kind'] {
  return 'kind' in record && (record.kind === 'lead' || record.kind === 'contact') ? record.kind : undefined;
}

/**
 * The qualification changes one connection takes: every BANT change (the connectors create fields
 * for them), and an element's only where the team mapped it to a CRM field (Options → Connections;
 * a lead's map is the lead one where the CRM has one) — an unmapped element stays in Dealside.
 */
export function changesForConnection<C extends { field: string }>(
  connection: Pick<ConnectionRecord, 'fieldMap'>,
  entity: 'deal' | 'person',
  kind: EntityRef['kind'],
  changes: readonly C[],
): C[] {
  const map = (entity === 'person' && kind === 'lead' ? connection.fieldMap.lead : undefined) ?? connection.fieldMap[entity] ?? {};
  return changes.filter((c) => !isElementField(c.field) || !!map[c.field]);
}

/**
 * Queue a change of a deal's or a lead's qualification answers (BANT and the other frameworks'
 * elements), inside the transaction that stores it. Called by editQualification
 * (utils/store/qualifications.ts).
 */
export async function enqueueQualificationChange(
  tx: OutboxTx,
  entity: 'deal' | 'person',
  record: SyncRecord,
  before: Qualification,
  after: Qualification,
  now: Date,
): Promise<OutboxEntry[]> {
  const all = qualificationChanges(before, after);
  if (all.length === 0) return [];
  const systems = await systemsFor(tx, record);
  const kind = entity === 'person' ? personRef(record) : undefined;
  const out: OutboxEntry[] = [];
  for (const system of systems) {
    const connection = await tx.objectStore('syncConnections').get(system);
    const changes = connection ? changesForConnection(connection, entity, kind, all) : all;
    if (changes.length === 0) continue;
    const entry = await enqueue(tx, { system, ref: { entity, localId: record.id, ...(kind ? { kind } : {}) }, op: 'update', changes, now });
    if (entry) out.push(entry);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Local edits with their outbox entries, one transaction each (the API for the options page, CSV
// import and the sidebar)

/**
 * Queue the role changes of a deal, inside the transaction that stores the qualification (called
 * by editQualification). One entry per person and CRM, so a person still to be created in one CRM
 * holds back only that person's role.
 */
export async function enqueueRoleChanges(
  tx: OutboxTx,
  deal: Deal,
  before: Qualification['roleOverrides'],
  after: Qualification['roleOverrides'],
  now: Date,
): Promise<OutboxEntry[]> {
  const changes = roleChanges(before, after);
  if (changes.length === 0) return [];
  const out: OutboxEntry[] = [];
  for (const system of await systemsFor(tx, deal)) {
    for (const change of changes) {
      const entry = await enqueue(tx, { system, ref: { entity: 'deal', localId: deal.id }, op: 'update', changes: [change], now });
      if (entry) out.push(entry);
    }
  }
  return out;
}

export class UnknownLocalRecordError extends Error {
  constructor(ref: EntityRef) {
    super(`This ${ref.entity} is no longer in the workspace (it may have been removed). Reload and try again.`);
    this.name = 'UnknownLocalRecordError';
  }
}

/**
 * Change fields of one of our records and queue the change for every CRM the record lives in.
 * BANT fields go through editQualification instead. Returns the record as stored.
 */
export async function saveLocalEdit(
  db: Db,
  ref: EntityRef,
  values: Readonly<Record<string, FieldValue>>,
  now: Date,
): Promise<{ record: SyncRecord; entries: OutboxEntry[] }> {
  for (const field of Object.keys(values)) {
    if (isQualificationField(field)) throw new Error(`${field} is a qualification answer: change it through the qualification panel.`);
    if (!ENTITY_FIELDS[ref.entity][field]) throw new Error(`${ref.entity} has no field "${field}".`);
    if (ENTITY_FIELDS[ref.entity][field]!.pullOnly) throw new Error(`${field} is read from the CRM: change it there.`);
  }
  const tx = editTransaction(db, [STORE_OF[ref.entity], 'outbox', 'syncConnections']);
  const store = recordStore(tx, ref.entity);
  const stored = await store.get(ref.localId);
  if (!stored) {
    tx.abort();
    await tx.done.catch(() => {});
    throw new UnknownLocalRecordError(ref);
  }
  let record = stored;
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(values)) {
    const base = readEntityField(ref.entity, record, field);
    const next = writeEntityField(ref.entity, record, field, value);
    const after = readEntityField(ref.entity, next, field);
    if (sameValue(ref.entity, field, after, base)) continue; // the same value (a LinkedIn URL written another way)
    record = next;
    changes.push({ field, value: after, base });
  }
  const entries: OutboxEntry[] = [];
  if (changes.length > 0) {
    record = { ...record, ...('updatedAt' in record ? { updatedAt: now.toISOString() } : {}) } as SyncRecord;
    await store.put(record);
    const kind = personRef(record);
    for (const system of await systemsFor(tx, record)) {
      const e = await enqueue(tx, { system, ref: { ...ref, ...(kind ? { kind } : {}) }, op: 'update', changes, now });
      if (e) entries.push(e);
    }
  }
  await tx.done;
  return { record, entries };
}

/** Every canonical field with a value: what a create sends. */
export function fieldsForCreate(entity: SyncEntity, record: SyncRecord): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of pushableFields(entity)) {
    const value = readEntityField(entity, record, field);
    if (value !== null) out.push({ field, value, base: null });
  }
  return out;
}

/** The links of a record that a create in a CRM must make too. */
export function linksOf(entity: SyncEntity, record: SyncRecord): EntityRef[] {
  const out: EntityRef[] = [];
  if (entity === 'deal' && 'contactIds' in record) {
    if (record.accountId) out.push({ entity: 'account', localId: record.accountId });
    for (const id of record.contactIds) out.push({ entity: 'person', localId: id, kind: 'contact' });
  }
  if (entity === 'person' && 'emails' in record && record.accountId) out.push({ entity: 'account', localId: record.accountId });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The engine's side

/** Pending entries of one CRM whose time has come, oldest first. */
export async function dueEntries(db: Db, system: CrmSystem, nowMs: number, limit = 500): Promise<OutboxEntry[]> {
  const out: OutboxEntry[] = [];
  let cursor = await db.transaction('outbox').store.index('byDue').openCursor(IDBKeyRange.upperBound(nowMs));
  while (cursor && out.length < limit) {
    if (cursor.value.system === system && cursor.value.state === 'pending') out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function entriesOf(db: Db, system: CrmSystem, localId: string): Promise<OutboxEntry[]> {
  const all = await db.getAllFromIndex('outbox', 'byEntity', entityKeyOf(system, localId));
  return all.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function allEntries(db: Db, system?: CrmSystem): Promise<OutboxEntry[]> {
  const all = system ? await db.getAllFromIndex('outbox', 'bySystem', system) : await db.getAll('outbox');
  return all.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** When the next pending entry of this CRM is due (epoch ms), if any. */
export async function nextDueAt(db: Db, system: CrmSystem): Promise<number | undefined> {
  let cursor = await db.transaction('outbox').store.index('byDue').openCursor(IDBKeyRange.upperBound(NEVER, true));
  while (cursor) {
    if (cursor.value.system === system && cursor.value.state === 'pending') return cursor.value.nextAttemptAt;
    cursor = await cursor.continue();
  }
  return undefined;
}

export type OutboxCounts = { pending: number; held: number; failed: number; oldestAt?: string };

export async function outboxCounts(db: Db, system?: CrmSystem): Promise<OutboxCounts> {
  const all = await allEntries(db, system);
  const counts: OutboxCounts = { pending: 0, held: 0, failed: 0 };
  for (const e of all) counts[e.state]++;
  if (all[0]) counts.oldestAt = all[0].createdAt;
  return counts;
}

/**
 * The entries' pushed fields are done: remove those changes (only the value that was pushed — a
 * newer value typed meanwhile lives in a newer entry); delete entries with nothing left.
 */
export async function completeChanges(
  tx: OutboxTx,
  done: ReadonlyArray<{ entryId: string; fields?: ReadonlySet<string> }>,
): Promise<void> {
  const store = tx.objectStore('outbox');
  for (const { entryId, fields } of done) {
    const entry = await store.get(entryId);
    if (!entry) continue;
    const rest = fields ? entry.changes.filter((c) => !fields.has(c.field)) : [];
    if (rest.length === 0 || entry.op !== 'update') {
      await store.delete(entryId);
      continue;
    }
    const held = rest.every((c) => c.held);
    await store.put({ ...entry, changes: rest, state: held ? 'held' : entry.state, nextAttemptAt: held ? NEVER : entry.nextAttemptAt });
  }
}

/** Try again later: count the attempt, remember why. */
export async function deferEntries(
  db: Db,
  ids: readonly string[],
  nextAttemptAt: (entry: OutboxEntry) => number,
  error: SyncErrorInfo | undefined,
  countAttempt = true,
): Promise<void> {
  if (ids.length === 0) return;
  const tx = db.transaction('outbox', 'readwrite');
  for (const id of ids) {
    const entry = await tx.store.get(id);
    if (!entry || entry.state !== 'pending') continue;
    const attempts = entry.attempts + (countAttempt ? 1 : 0);
    const next: OutboxEntry = { ...entry, attempts, nextAttemptAt: nextAttemptAt({ ...entry, attempts }) };
    if (error) next.lastError = error;
    await tx.store.put(next);
  }
  await tx.done;
}

/** The CRM refused these (bad value, missing field, record deleted): keep them for the user. */
export async function failEntries(db: Db, ids: readonly string[], error: SyncErrorInfo): Promise<void> {
  if (ids.length === 0) return;
  const tx = db.transaction('outbox', 'readwrite');
  for (const id of ids) {
    const entry = await tx.store.get(id);
    if (!entry) continue;
    await tx.store.put({ ...entry, attempts: entry.attempts + 1, state: 'failed', nextAttemptAt: NEVER, lastError: error });
  }
  await tx.done;
}

/** Try refused entries again (after the user fixed the mapping, the value or the connection). */
export async function retryEntries(db: Db, now: Date, filter: { system?: CrmSystem; ids?: readonly string[] } = {}): Promise<number> {
  const tx = db.transaction('outbox', 'readwrite');
  const all = filter.system ? await tx.store.index('bySystem').getAll(filter.system) : await tx.store.getAll();
  let n = 0;
  for (const e of all) {
    if (e.state !== 'failed' && e.state !== 'pending') continue;
    if (filter.ids && !filter.ids.includes(e.id)) continue;
    await tx.store.put({ ...e, state: 'pending', nextAttemptAt: now.getTime() });
    n++;
  }
  await tx.done;
  return n;
}

/** The user gives up on these edits (they stay in our records; only the push is dropped). */
export async function discardEntries(db: Db, ids: readonly string[]): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  for (const id of ids) await tx.store.delete(id);
  await tx.done;
}
