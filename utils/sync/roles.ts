// Buying-committee roles ↔ the CRM (issue #6 point 5): queueing a rep's role change with the edit,
// pushing it, and taking roles changed in the CRM into the deal's qualification.
//
// - Outbox: an 'update' of the deal, one field per person `role:<person id>` (rolefields.ts), queued
//   in the same transaction as the qualification edit, for every CRM the deal lives in.
// - Push (the engine calls pushRoles): the deal and the person must both be known to the CRM (a
//   person still queued for creation makes the role wait, as associations do); the CRM's current
//   value is read first, so a role someone changed in the CRM becomes a conflict, not an overwrite;
//   values go out through the connection's roleMap (a role with no CRM value: 'unmapped', clear
//   message, nothing sent).
// - Pull (apply.ts calls applyCrmRoles inside the page's transaction): the CRM's role values,
//   translated through the roleMap, land in the qualification's roleOverrides signed `crm:<system>`.
import type { Db } from '../store/db';
import type { Deal, Person } from '../domain/entities';
import { crmKey } from '../domain/entities';
import type { CommitteeRole } from '../domain/committee/roles';
import type { ConnectionRecord, EntityRef, OutboxEntry } from '../store/syncRecords';
import type { CrmConnector, RemoteRef, RoleItem } from './connector';
import { roleKey } from './connector';
import { SyncError } from './http';
import { completeChanges, editTransaction, entityKeyOf, entriesOf, failEntries, recordStore, type OutboxTx } from '../store/outbox';
import { holdField, qualificationOf } from './conflicts';
import { deletedInCrmMessage, markDeletedInCrm } from './apply';
import { applyRemoteRoles, isCommitteeRole, isRoleField, personOfRoleField, roleFromCrm, type RoleMap } from '../domain/fields/roleFields';
import type { FieldValue } from '../domain/fields/recordFields';
import type { RunReport } from './engine';

export function isRoleEntry(e: OutboxEntry): boolean {
  return e.op === 'update' && e.ref.entity === 'deal' && e.changes.length > 0 && e.changes.every((c) => isRoleField(c.field));
}

type Pending = { value: FieldValue; base: FieldValue; chain: FieldValue[]; entryIds: string[] };

/** The pending role of each person in these entries (latest value wins; held changes left out). */
function pendingRoles(entries: readonly OutboxEntry[], includeHeld: boolean): Map<string, Pending> {
  const out = new Map<string, Pending>();
  for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (e.op !== 'update') continue;
    for (const c of e.changes) {
      if (!isRoleField(c.field) || (c.held && !includeHeld)) continue;
      const p = out.get(c.field);
      if (!p) out.set(c.field, { value: c.value, base: c.base, chain: [c.base, c.value], entryIds: [e.id] });
      else {
        p.value = c.value;
        p.chain.push(c.base, c.value);
        p.entryIds.push(e.id);
      }
    }
  }
  return out;
}

/** Our values along a pending chain, as the CRM writes them (for comparing with what it has). */
function crmValues(map: RoleMap, chain: readonly FieldValue[]): Array<string | null> {
  const out: Array<string | null> = [];
  for (const v of chain) {
    if (v === null) out.push(null);
    else if (isCommitteeRole(v)) {
      if (map[v]) out.push(map[v]);
    } else if (typeof v === 'string') out.push(v); // a CRM value kept as the base when a conflict was resolved
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pull

/**
 * Inside a pulled page's transaction: the CRM's role values of a deal's people (by the people's
 * CRM ids). A person with a pending local role keeps it (a different CRM value becomes a
 * conflict); the others take the CRM's role, signed by the CRM. The first (full) read never
 * clears a role Dealside already had.
 */
export async function applyCrmRoles(
  tx: OutboxTx,
  connection: ConnectionRecord,
  deal: Deal,
  roles: Readonly<Record<string, string | null>>,
  now: Date,
  initial: boolean,
): Promise<{ changed: boolean; conflicts: number }> {
  const system = connection.system;
  const map = connection.roleMap ?? {};
  const people = recordStore(tx, 'person');
  const entries = await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, deal.id));
  const pending = pendingRoles(entries, true);
  const q = await qualificationOf(tx, 'deal', deal);
  if (!q) return { changed: false, conflicts: 0 };
  const updates: Record<string, CommitteeRole | null> = {};
  let conflicts = 0;
  for (const [personCrmId, raw] of Object.entries(roles)) {
    const person = (await people.index('byCrmKey').getAll(crmKey(system, 'person', personCrmId))).find((p) => p.source !== 'demo');
    if (!person) continue;
    const field = `role:${person.id}`;
    const current = q.roleOverrides[person.id] ?? null;
    const p = pending.get(field);
    if (p) {
      if (!crmValues(map, p.chain).includes(raw)) {
        const remote = roleFromCrm(map, raw, typeof p.value === 'string' ? (p.value as CommitteeRole) : null);
        await holdField(tx, system, { entity: 'deal', localId: deal.id }, field, p.value, remote === undefined ? raw : remote, p.base, now);
        conflicts++;
      }
      continue;
    }
    if (initial && raw === null) continue;
    const remote = roleFromCrm(map, raw, current);
    if (remote === undefined || remote === current) continue; // a CRM value no role maps to: leave ours
    updates[person.id] = remote;
  }
  if (Object.keys(updates).length === 0) return { changed: false, conflicts };
  const next = applyRemoteRoles(q, updates, { by: `crm:${system}`, at: now });
  if (next === q) return { changed: false, conflicts };
  await tx.objectStore('qualifications').put(next);
  return { changed: true, conflicts };
}

/** Pipedrive: the role lives on the person (stored, read by the pull), so it applies to every deal of ours the person is on. */
export async function applyCrmPersonRole(
  tx: OutboxTx,
  connection: ConnectionRecord,
  person: Person,
  personCrmId: string,
  raw: string | null,
  now: Date,
  initial: boolean,
): Promise<{ changedIds: string[]; conflicts: number }> {
  const system = connection.system;
  const deals = (await tx.objectStore('deals').index('byContact').getAll(person.id)).filter(
    (d) => d.source !== 'demo' && d.crmRefs.some((r) => r.system === system),
  );
  const changedIds: string[] = [];
  let conflicts = 0;
  for (const deal of deals) {
    const res = await applyCrmRoles(tx, connection, deal, { [personCrmId]: raw }, now, initial);
    if (res.changed) changedIds.push(deal.id);
    conflicts += res.conflicts;
  }
  return { changedIds, conflicts };
}

// ---------------------------------------------------------------------------------------------
// Push

export type RolePushContext = {
  db: Db;
  connection: ConnectionRecord;
  connector: CrmConnector;
  crmName: string;
  now: () => number;
  report: RunReport;
  check: () => void;
  remoteRef: (record: Deal | Person | undefined) => RemoteRef | undefined;
  waitForCreate: (ref: EntityRef, waiting: readonly OutboxEntry[]) => Promise<void>;
  /** the deal is marked deleted in this CRM: its entries are refused with that reason (true) */
  refuseIfDeleted: (ref: EntityRef, record: Deal, waiting: readonly OutboxEntry[]) => Promise<boolean>;
  onBatchError: (entries: readonly OutboxEntry[], error: unknown) => Promise<void>;
  onItemError: (entry: OutboxEntry, error: SyncError) => Promise<void>;
};

type Ready = { dealId: string; field: string; p: Pending; entries: OutboxEntry[]; deal: RemoteRef; person: RemoteRef; target: string | null };

/** Push due role entries: see the file's comment. */
export async function pushRoles(ctx: RolePushContext, due: readonly OutboxEntry[]): Promise<void> {
  const { db, connection, connector, report } = ctx;
  const system = connection.system;
  const map = connection.roleMap ?? {};
  const at = () => new Date(ctx.now()).toISOString();
  const ready: Ready[] = [];
  const seen = new Set<string>();
  for (const d of due) {
    if (seen.has(d.ref.localId)) continue;
    seen.add(d.ref.localId);
    const entries = (await entriesOf(db, system, d.ref.localId)).filter((e) => e.state === 'pending' && isRoleEntry(e));
    if (entries.length === 0) continue;
    const deal = (await db.get('deals', d.ref.localId)) as Deal | undefined;
    if (!deal) {
      ctx.check();
      await deleteEntries(db, entries); // the deal was removed locally: nothing to send
      continue;
    }
    const dealRemote = ctx.remoteRef(deal);
    if (!dealRemote) {
      await ctx.waitForCreate({ entity: 'deal', localId: deal.id }, entries);
      continue;
    }
    if (await ctx.refuseIfDeleted({ entity: 'deal', localId: deal.id }, deal, entries)) continue;
    if (!connector.readRoles || !connector.setRoles) {
      ctx.check();
      await failEntries(db, entries.map((e) => e.id), { code: 'unmapped', message: `Dealside cannot send buying-committee roles to ${ctx.crmName}.`, at: at() });
      report.failed += entries.length;
      continue;
    }
    for (const [field, p] of pendingRoles(entries, false)) {
      const of = entries.filter((e) => p.entryIds.includes(e.id));
      const personId = personOfRoleField(field);
      const person = (await db.get('people', personId)) as Person | undefined;
      if (!person) {
        ctx.check();
        const tx = editTransaction(db, ['outbox']);
        await completeChanges(tx, of.map((e) => ({ entryId: e.id, fields: new Set([field]) })));
        await tx.done; // the person was removed locally: the role has no one to go to
        continue;
      }
      const personRemote = ctx.remoteRef(person);
      if (!personRemote) {
        await ctx.waitForCreate({ entity: 'person', localId: person.id, kind: person.kind }, of);
        continue;
      }
      if (person.kind === 'lead' && !connector.traits.leadRoles) {
        ctx.check();
        await failEntries(db, of.map((e) => e.id), { code: 'invalid', message: `${person.fullName || 'This person'} is a ${ctx.crmName} lead: contact roles take contacts. Convert the lead, then retry.`, at: at() });
        report.failed += of.length;
        continue;
      }
      const target = p.value === null ? null : (map[p.value as CommitteeRole] ?? undefined);
      if (target === undefined) {
        ctx.check();
        await failEntries(db, of.map((e) => e.id), {
          code: 'unmapped',
          message: `No ${ctx.crmName} value is mapped for the buying-committee role "${String(p.value)}". Map it in Options → Connections (Buying-committee roles), then retry.`,
          at: at(),
        });
        report.failed += of.length;
        continue;
      }
      ready.push({ dealId: deal.id, field, p, entries: of, deal: dealRemote, person: personRemote, target });
    }
  }
  for (let i = 0; i < ready.length; i += connector.batchSize) {
    const chunk = ready.slice(i, i + connector.batchSize);
    const all = [...new Set(chunk.flatMap((r) => r.entries))];
    try {
      // What the CRM has now: a role someone changed there is a conflict, not something to overwrite.
      const current = await connector.readRoles!(chunk.map((r) => ({ deal: r.deal, person: r.person })));
      const toPush: Ready[] = [];
      const done: Ready[] = [];
      const conflicts: Array<{ r: Ready; remote: string | null }> = [];
      const gone: Ready[] = [];
      const dealsGone: Ready[] = [];
      for (const r of chunk) {
        const key = roleKey(r.deal, r.person);
        const reading = current.get(key);
        if (!current.has(key) || (typeof reading === 'object' && reading !== null && reading.gone === 'person')) {
          gone.push(r);
          continue;
        }
        if (typeof reading === 'object' && reading !== null) {
          dealsGone.push(r);
          continue;
        }
        const remote = reading ?? null;
        if (remote === r.target) done.push(r);
        else if (!crmValues(map, r.p.chain).includes(remote)) conflicts.push({ r, remote });
        else toPush.push(r);
      }
      const items: RoleItem[] = toPush.map((r) => ({ deal: r.deal, person: r.person, value: r.target }));
      const results = items.length ? await connector.setRoles!(items) : [];
      ctx.check();
      const failed: Array<{ r: Ready; error: SyncError }> = [];
      toPush.forEach((r, j) => {
        const res = results[j];
        if (res && res.ok) done.push(r);
        else failed.push({ r, error: res && !res.ok ? res.error : new SyncError('transient', `No answer from ${ctx.crmName} for this role.`) });
      });
      const now = new Date(ctx.now());
      const tx = editTransaction(db, ['outbox', 'syncConflicts']);
      for (const c of conflicts) {
        const remote = roleFromCrm(map, c.remote, typeof c.r.p.value === 'string' ? (c.r.p.value as CommitteeRole) : null);
        await holdField(tx, system, { entity: 'deal', localId: c.r.dealId }, c.r.field, c.r.p.value, remote === undefined ? c.remote : remote, c.r.p.base, now);
        report.conflicts++;
      }
      for (const r of done) {
        await completeChanges(tx, r.entries.map((e) => ({ entryId: e.id, fields: new Set([r.field]) })));
        report.pushed += r.entries.length;
      }
      await tx.done;
      // The deal itself was deleted in the CRM (before the deletion check saw it): mark it, and its
      // role changes wait with its other refused changes; a restore sends them all again.
      for (const r of dealsGone) {
        await markDeletedInCrm(db, system, { entity: 'deal', localId: r.dealId }, now);
        await failEntries(db, r.entries.map((e) => e.id), { code: 'not-found', message: deletedInCrmMessage(system, 'deal', now.toISOString()), at: now.toISOString(), status: 404 });
        report.failed += r.entries.length;
      }
      for (const r of gone) {
        await failEntries(db, r.entries.map((e) => e.id), {
          code: 'not-found',
          message: `This deal or person was deleted or merged in ${ctx.crmName}; the role was not sent. Discard it, or link the record again and retry.`,
          at: now.toISOString(),
        });
        report.failed += r.entries.length;
      }
      // A 404 on setting a role says that the deal or the person went between reading the roles and
      // writing them, not which: read again (the next attempt's read tells, and a deal gone is marked
      // so that its restore sends its refused roles again). Refusing the role here, with no mark,
      // left it refused after a restore, and the rep's next role change met a false conflict.
      for (const f of failed) {
        const error = f.error.code === 'not-found' ? new SyncError('transient', `${f.error.message} Reading the roles again to see what is gone.`) : f.error;
        for (const e of f.r.entries) await ctx.onItemError(e, error);
      }
    } catch (e) {
      await ctx.onBatchError(all, e);
    }
  }
}

async function deleteEntries(db: Db, entries: readonly OutboxEntry[]): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  for (const e of entries) await tx.store.delete(e.id);
  await tx.done;
}
