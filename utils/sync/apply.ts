// Applying a page of CRM changes to our store: one transaction per page, together with the pull
// cursor, so a worker stopped mid-pull resumes at the next page and never skips one. A field with
// an unpushed local edit is never overwritten: if the CRM's value is someone else's change, it
// becomes a conflict (utils/sync/conflicts.ts) and both values are kept.
import type { Db } from '../store/db';
import { crmKey, type Account, type CrmSystem, type Deal, type Person, type Product } from '../domain/entities';
import {
  isQualificationField,
  readEntityField,
  sameValue,
  writeEntityField,
  type FieldValue,
  type SyncEntity,
  type SyncRecord,
} from '../domain/fields/recordFields';
import type { PullPage, RemoteRecord, RemoteUser } from './connector';
import type { ConnectionRecord, EntityRef, OutboxEntry } from '../store/syncRecords';
import { editTransaction, entityKeyOf, recordStore, type OutboxTx } from '../store/outbox';
import { applyRemoteQualification, readQualificationField } from '../domain/fields/elementFields';
import { holdField, isForeignValue, qualificationOf } from './conflicts';
import { applyCrmPersonRole, applyCrmRoles } from './roles';
import { accountsToDerive, dealLinesAfter, deriveOwnedProducts, ratesAccountsAfter } from './ownedProducts';
import { applyDeletion, requeueGone } from './crmDeletions';
import { findByCrmId, localIdFor, prefetch, type Prefetched } from './crmLookups';
import { homeOnly, type CurrencyRates } from '../domain/currency';

export { localIdFor };
import { linkKey, moveGroup, removeLink } from './crmLinks';
import { applyActivity, pruneListedActivities, removeCrmActivities } from './crmTouches';

// What a record deleted in the CRM does to ours is crmDeletions.ts's; these were here first.
export { deletedInCrmMessage, forgetRecord, markDeletedInCrm } from './crmDeletions';


/** Our pending changes of one record, per field: where it started, every value since, the latest. */
export type PendingField = { base: FieldValue; value: FieldValue; chain: FieldValue[]; entryIds: string[]; held: boolean };

export function pendingFields(entries: readonly OutboxEntry[]): Map<string, PendingField> {
  const out = new Map<string, PendingField>();
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const e of sorted) {
    if (e.op !== 'update' && e.op !== 'create') continue;
    for (const c of e.changes) {
      const p = out.get(c.field);
      if (!p) out.set(c.field, { base: c.base, value: c.value, chain: [c.base, c.value], entryIds: [e.id], held: !!c.held });
      else {
        p.value = c.value;
        p.chain.push(c.base, c.value);
        p.entryIds.push(e.id);
        p.held ||= !!c.held;
      }
    }
  }
  return out;
}


function newLocal(system: CrmSystem, r: RemoteRecord, connection: ConnectionRecord, now: string): SyncRecord {
  const id = localIdFor(system, r.entity, r.crmId);
  const ref = { system, objectType: r.objectType, id: r.crmId };
  const refs = { crmRefs: [ref], crmKeys: [crmKey(system, r.entity === 'product' ? 'deal' : r.entity, r.crmId)] };
  switch (r.entity) {
    case 'account': {
      const a: Account = { id, name: '(no name)', nameKey: '', lifecycle: 'prospect', keyAccount: false, products: [], ...refs, createdAt: now, updatedAt: now, source: 'crm' };
      return a;
    }
    case 'person': {
      const p: Person = { id, kind: r.kind ?? 'contact', firstName: '', lastName: '', fullName: '', nameKey: '', emails: [], ...refs, createdAt: now, updatedAt: now, source: 'crm' };
      return p;
    }
    case 'deal': {
      const d: Deal = { id, name: '(no name)', contactIds: [], stage: 'discovery', currency: connection.account.currency ?? 'EUR', productIds: [], ...refs, createdAt: now, updatedAt: now, source: 'crm' };
      return d;
    }
    default: {
      const p: Product = { id, name: '(no name)', family: '', listPrice: 0, currency: connection.account.currency ?? 'EUR', unit: '', source: 'crm' };
      return p;
    }
  }
}

function withCrmRef(record: SyncRecord, entity: SyncEntity, system: CrmSystem, objectType: string, crmId: string): SyncRecord {
  if (entity === 'product' || !('crmRefs' in record)) return record;
  if (record.crmRefs.some((r) => r.system === system && r.id === crmId)) return record;
  const crmRefs = [...record.crmRefs.filter((r) => r.system !== system), { system, objectType, id: crmId }];
  const key = crmKey(system, entity, crmId);
  const crmKeys = [...record.crmKeys.filter((k) => !k.startsWith(`${system}:${entity}:`)), key];
  return { ...record, crmRefs, crmKeys } as SyncRecord;
}

/**
 * People and accounts a page added, changed or removed, and the records generation it moved from
 * and to: the duplicate matcher's in-memory index follows them (MatchService.refresh) instead of
 * being rebuilt, and a saved index of the old generation is never restored.
 */
export type MatchChanges = {
  ids: string[];
  generation: { before: number; after: number };
  /**
   * Of those ids, the people and accounts as the page's transaction left them (put once and not
   * touched again in it), so the index takes them as they are instead of reading them back; an id
   * missing here (deleted, derived, written twice) is read from the store.
   */
  written?: ReadonlyMap<string, WrittenForMatch>;
};

/** A person or an account as a page's transaction put it. */
export type WrittenForMatch = { person: Person } | { account: Account };

/** What a page changes, for the surfaces: the kinds of records written (an activity is one). */
export type ChangeKind = SyncEntity | 'activity';

export type ApplyResult = {
  changedIds: string[];
  /**
   * Records a changed one moves the view of, though they were not written: a person's or deal's
   * account (before and after), a deal's contacts, an account's parent, a renamed owner. With
   * `changedIds` they say which open views may show something new (event/entities-changed).
   */
  relatedIds?: string[];
  /** the kinds of records written */
  kinds?: ChangeKind[];
  conflicts: number;
  matchChanges?: MatchChanges;
  /** an account derived here leaves ARR out (a currency with no rate) */
  arrLeftOut?: boolean;
};

const PAGE_STORES = ['accounts', 'people', 'deals', 'products', 'qualifications', 'outbox', 'syncConflicts', 'syncConnections', 'settings', 'users', 'activities'] as const;

/**
 * Apply one pulled page and store the stream's new cursor, in one transaction. When the outbox has
 * nothing for this CRM, the per-record lookup of pending edits is skipped.
 */
export async function applyPage(
  db: Db,
  system: CrmSystem,
  stream: string,
  page: PullPage,
  now: Date,
  options: { progress?: { done: number; total?: number }; rates?: CurrencyRates } = {},
): Promise<ApplyResult> {
  const tx = editTransaction(db, PAGE_STORES);
  // the connection and the count of its pending edits asked together: one round trip, not two
  const pendingRead = tx.objectStore('outbox').index('bySystem').count(system);
  pendingRead.catch(() => {}); // (a failed request aborts the transaction: tx.done reports it)
  const connection = await tx.objectStore('syncConnections').get(system);
  if (!connection) {
    // Disconnected while the page was on its way: drop it.
    await tx.done;
    return { changedIds: [], conflicts: 0 };
  }
  const nowIso = now.toISOString();
  const changed = new Set<string>();
  const related = new Set<string>();
  const kinds = new Set<ChangeKind>();
  let conflicts = 0;
  const pendingCount = await pendingRead;
  // The first read of a CRM fills our records but does not erase what we know and the CRM does not
  // (BANT answered before the CRM was connected); later reads take the CRM's empty values too.
  const initial = (connection.cursors[stream]?.mode ?? 'full') === 'full';
  const matchIds = new Set<string>();
  /** people and accounts put once by this page, as put (MatchChanges.written) */
  const written = new Map<string, WrittenForMatch>();
  if (page.users?.length) for (const id of await applyUsers(tx, page.users)) related.add(id);
  // accounts whose won deals (or their lines) changed: their owned products are derived again below
  const derive = new Set<string>();
  const prefetched = prefetch(tx, system, page.records);
  for (const r of page.records) {
    const res = await applyRecord(tx, connection, r, now, pendingCount > 0, initial, prefetched.get(r));
    if (res.changed) {
      changed.add(res.id);
      kinds.add(r.entity);
      for (const id of res.related ?? []) related.add(id);
    }
    for (const id of res.derive ?? []) derive.add(id);
    if (res.changed && (r.entity === 'person' || r.entity === 'account')) {
      // a second write of the same id in this page (a duplicate row) leaves it to be read back
      if (res.written && !matchIds.has(res.id)) written.set(res.id, r.entity === 'person' ? { person: res.written as Person } : { account: res.written as Account });
      else written.delete(res.id);
      matchIds.add(res.id);
    }
    for (const id of res.also ?? []) {
      changed.add(id);
      written.delete(id);
    }
    conflicts += res.conflicts;
  }
  for (const link of page.links ?? []) {
    const deal = (await findByCrmId(tx, system, 'deal', link.dealCrmId)) as Deal | undefined;
    if (!deal) continue;
    let next = deal;
    if (link.productCrmIds) {
      const ids = link.productCrmIds.map((p) => localIdFor(system, 'product', p));
      const productIds = link.replace ? ids : [...new Set([...deal.productIds, ...ids])];
      if (productIds.join() !== deal.productIds.join()) next = { ...next, productIds };
    }
    if (link.closedAt && link.closedAt !== next.closedAt) next = { ...next, closedAt: link.closedAt };
    if (link.replaceGroup) {
      // an order moved to this deal in the CRM leaves the deal it was on
      const moved = await moveGroup(tx, system, link.replaceGroup, Object.keys(link.linkIds ?? {}), deal.id, now);
      for (const id of moved.changed) changed.add(id);
      if (moved.changed.length) kinds.add('deal');
      for (const id of moved.derive) derive.add(id);
    }
    if (link.lines) {
      const read = link.lines.map(({ productCrmId, ...line }) => ({ ...line, productId: localIdFor(system, 'product', productCrmId) }));
      const lines = dealLinesAfter(deal.lines, read, link.replaceGroup ? { group: link.replaceGroup } : !!link.replace);
      if (JSON.stringify(lines) !== JSON.stringify(deal.lines ?? [])) next = { ...next, lines };
    }
    if (link.removeLineIds?.length && next.lines?.length) {
      // lines deleted in the CRM (Salesforce's deleted OpportunityLineItem rows): no longer sold on this deal
      const gone = new Set(link.removeLineIds);
      const lines = next.lines.filter((l) => !gone.has(l.id));
      if (lines.length !== next.lines.length) next = { ...next, lines };
    }
    if (link.contactCrmIds) {
      const resolved: string[] = [];
      for (const c of link.contactCrmIds) {
        const p = await findByCrmId(tx, system, 'person', c);
        if (p) resolved.push(p.id);
      }
      const contactIds = link.replace ? resolved : [...new Set([...deal.contactIds, ...resolved])];
      if (contactIds.join() !== deal.contactIds.join()) next = { ...next, contactIds };
    }
    if (link.removeContactCrmIds?.length && deal.crmDeleted?.system !== system) {
      // Contact roles deleted in the CRM: unlinked here too, unless our link is still to be pushed.
      // A deal itself deleted there (kept for the rep's work) keeps its contacts: its roles went with
      // it, and "create it again" makes them anew.
      const mine = new Set(
        (await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, deal.id))).filter((e) => e.op === 'associate' && e.to?.entity === 'person').map((e) => e.to!.localId),
      );
      const gone = new Set<string>();
      for (const c of link.removeContactCrmIds) {
        const p = await findByCrmId(tx, system, 'person', c);
        if (p && !mine.has(p.id)) gone.add(p.id);
      }
      const contactIds = next.contactIds.filter((id) => !gone.has(id));
      if (contactIds.length !== next.contactIds.length) next = { ...next, contactIds };
    }
    if (link.linkIds) {
      // remembered on the deal, for a deletion the CRM reports by the link's id alone (removedLinks)
      const keys = Object.entries(link.linkIds).map(([id, contact]) => linkKey(system, id, contact));
      const missing = keys.filter((k) => !next.crmKeys.includes(k));
      if (missing.length) next = { ...next, crmKeys: [...next.crmKeys, ...missing] };
    }
    if (link.roles) {
      const res = await applyCrmRoles(tx, connection, next, link.roles, now, initial);
      conflicts += res.conflicts;
      if (res.changed) {
        changed.add(deal.id);
        kinds.add('deal');
      }
    }
    if (next !== deal) {
      await recordStore(tx, 'deal').put({ ...next, updatedAt: nowIso });
      changed.add(deal.id);
      kinds.add('deal');
      for (const id of relatedOf('deal', deal, next)) related.add(id);
      for (const id of accountsToDerive(deal, next)) derive.add(id);
    }
  }
  // (an activity's ids are the person, deal and account it is on: their views show it)
  for (const a of page.activities ?? []) {
    const on = await applyActivity(tx, system, a, nowIso);
    for (const id of on) changed.add(id);
    if (on.length) kinds.add('activity');
  }
  if (page.removedActivities?.length) {
    const on = await removeCrmActivities(tx, system, page.removedActivities);
    for (const id of on) changed.add(id);
    if (on.length) kinds.add('activity');
  }
  if (page.activitiesListed) {
    const on = await pruneListedActivities(tx, system, page.activitiesListed);
    for (const id of on) changed.add(id);
    if (on.length) kinds.add('activity');
  }
  for (const id of page.removedLinks ?? []) {
    const res = await removeLink(tx, connection, id, now);
    conflicts += res.conflicts;
    for (const dealId of res.changed) changed.add(dealId);
    if (res.changed.length) kinds.add('deal');
    for (const accountId of res.derive) derive.add(accountId);
  }
  for (const p of page.parents ?? []) {
    // the account hierarchy read apart (Pipedrive's organization relationships): as applyLinks does
    const account = (await findByCrmId(tx, system, 'account', p.accountCrmId)) as Account | undefined;
    if (!account) continue;
    const parentId = p.parentAccountCrmId ? ((await findByCrmId(tx, system, 'account', p.parentAccountCrmId))?.id ?? localIdFor(system, 'account', p.parentAccountCrmId)) : undefined;
    if (parentId === account.parentId || parentId === account.id) continue;
    const copy: Account = { ...account, updatedAt: nowIso };
    if (parentId) copy.parentId = parentId;
    else delete copy.parentId;
    await recordStore(tx, 'account').put(copy);
    changed.add(account.id);
    kinds.add('account');
    for (const id of relatedOf('account', account, copy)) related.add(id);
    matchIds.add(account.id);
    written.set(account.id, { account: copy });
  }
  for (const d of page.deletions ?? []) {
    // a won deal deleted in the CRM no longer says what its account owns
    const gone = d.entity === 'deal' ? ((await findByCrmId(tx, system, 'deal', d.crmId)) as Deal | undefined) : undefined;
    if (gone?.lines?.length && gone.accountId) derive.add(gone.accountId);
    const res = await applyDeletion(tx, system, d, now);
    if (res) {
      changed.add(res);
      kinds.add(d.entity);
      if (gone) for (const id of relatedOf('deal', gone, gone)) related.add(id);
      matchIds.add(res);
      written.delete(res);
    }
  }
  // an account's products changed: the book of accounts (peers, revenue) is read again, per generation
  // in each account's currency, through the CRM's rates (else its home currency alone)
  const rates = options.rates ?? (connection.account.currency ? homeOnly(connection.account.currency) : undefined);
  const derived = await deriveOwnedProducts(tx, derive, nowIso, rates);
  const ratesAccounts = ratesAccountsAfter(connection.ratesAccounts, derived);
  for (const id of derived.changed) {
    changed.add(id);
    kinds.add('account');
    matchIds.add(id);
    written.delete(id);
  }
  // New, changed and deleted people and accounts: the duplicate matcher's index must follow.
  const generation = matchIds.size > 0 ? await bumpGeneration(tx, now) : undefined;
  const progress = options.progress;
  await tx.objectStore('syncConnections').put({
    ...connection,
    cursors: { ...connection.cursors, [stream]: page.cursor },
    ...(ratesAccounts ? { ratesAccounts } : {}),
    ...(progress ? { progress: { phase: 'pull', stream, done: progress.done, ...(progress.total !== undefined ? { total: progress.total } : {}), at: nowIso } } : {}),
    updatedAt: nowIso,
  });
  await tx.done;
  for (const id of changed) related.delete(id);
  return {
    changedIds: [...changed],
    ...(related.size ? { relatedIds: [...related] } : {}),
    ...(kinds.size ? { kinds: [...kinds] } : {}),
    conflicts,
    ...(generation ? { matchChanges: { ids: [...matchIds], generation, ...(written.size ? { written } : {}) } } : {}), ...(derived.leftOut ? { arrLeftOut: true } : {}) };
}

async function applyRecord(
  tx: OutboxTx,
  connection: ConnectionRecord,
  r: RemoteRecord,
  now: Date,
  checkPending: boolean,
  initial: boolean,
  prefetched?: Prefetched,
): Promise<{ id: string; changed: boolean; conflicts: number; also?: string[]; derive?: string[]; related?: string[]; written?: SyncRecord }> {
  const system = connection.system;
  const store = recordStore(tx, r.entity);
  let local: SyncRecord | undefined = prefetched
    ? await prefetched.local
    : r.entity === 'product'
      ? await store.get(localIdFor(system, 'product', r.crmId))
      : await findByCrmId(tx, system, r.entity, r.crmId);
  // Created by Dealside, but the CRM id never reached our record (the answer was lost).
  if (!local && r.dealsideId) {
    const own = await store.get(r.dealsideId);
    if (own && (own as { source?: string }).source !== 'demo') local = own;
  }
  if (r.archived) {
    const id = r.entity === 'product' ? undefined : await applyDeletion(tx, system, { entity: r.entity, objectType: r.objectType, crmId: r.crmId, deletedAt: r.modifiedAt }, now);
    const gone = r.entity === 'deal' ? (local as Deal | undefined) : undefined;
    const related = local && r.entity !== 'product' ? relatedOf(r.entity, local, local) : [];
    return { id: id ?? local?.id ?? '', changed: !!id, conflicts: 0, ...(gone?.lines?.length && gone.accountId ? { derive: [gone.accountId] } : {}), ...(related.length ? { related } : {}) };
  }
  const isNew = !local;
  const before = local ?? newLocal(system, r, connection, now.toISOString());
  let record = withCrmRef(before, r.entity, system, r.objectType, r.crmId);
  // Restored in the CRM (un-archived, undeleted): it counts as in the CRM again, and the edits
  // refused because it was gone are sent again.
  if ('crmDeleted' in record && record.crmDeleted?.system === system) {
    const copy = { ...record } as Account | Person | Deal;
    delete copy.crmDeleted;
    record = copy;
    await requeueGone(tx, system, record.id, now);
  }
  const kind = r.entity === 'person' && 'kind' in record ? record.kind : undefined;
  const ref: EntityRef = { entity: r.entity, localId: record.id, ...(kind ? { kind } : {}) };
  const entries = checkPending ? await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, record.id)) : [];
  const pending = pendingFields(entries);
  let conflicts = 0;
  // An owner we do not know (a queue, a user the users pull did not list) is no owner, never a wrong one.
  if (typeof r.fields.ownerId === 'string' && !(await (prefetched?.ownerKnown ?? tx.objectStore('users').get(r.fields.ownerId).then((u) => !!u)))) {
    r = { ...r, fields: { ...r.fields, ownerId: null } };
  }
  // the same for the marketing owner a team maps (rare: asked here, not prefetched)
  if (typeof r.fields.marketingOwnerId === 'string' && !(await tx.objectStore('users').get(r.fields.marketingOwnerId))) {
    r = { ...r, fields: { ...r.fields, marketingOwnerId: null } };
  }
  const bant: Record<string, FieldValue> = {};
  const q = Object.keys(r.fields).some(isQualificationField) ? await qualificationOf(tx, r.entity, record, prefetched?.qualification) : undefined;
  for (const [field, remote] of Object.entries(r.fields)) {
    const p = pending.get(field);
    if (p) {
      if (isForeignValue(r.entity, field, remote, p.chain)) {
        await holdField(tx, system, ref, field, p.value, remote, p.base, now);
        conflicts++;
      }
      continue; // ours is still to be pushed (or converged): keep it
    }
    if (initial && !isNew && remote === null) continue;
    if (isQualificationField(field)) {
      // BANT answers and the other frameworks' elements, both on the qualification record
      if (q && !sameValue(r.entity, field, readQualificationField(q, field), remote)) bant[field] = remote;
    } else if (!sameValue(r.entity, field, readEntityField(r.entity, record, field), remote)) {
      record = writeEntityField(r.entity, record, field, remote);
    }
  }
  if (r.links) record = await applyLinks(tx, connection, record, r, entries);
  // A deal's stage moved in the CRM: kept as its history, for the weekly ABM review's "what moved".
  if (r.entity === 'deal' && !isNew && (before as Deal).stage !== (record as Deal).stage) {
    const deal = record as Deal;
    record = { ...deal, stageChanges: [...(deal.stageChanges ?? []), { at: r.modifiedAt || now.toISOString(), from: (before as Deal).stage, to: deal.stage }].slice(-20) };
  }
  const changed = isNew || record !== before;
  // Not awaited: later requests of the transaction see the write (IndexedDB keeps their order), and a
  // failed write aborts the transaction, which tx.done reports; waiting would cost a round trip a record.
  const written = changed ? ('updatedAt' in record && !isNew ? { ...record, updatedAt: now.toISOString() } : record) : undefined;
  if (written) store.put(written).catch(() => {});
  let qualified = false;
  if (q && Object.keys(bant).length > 0) {
    const next = applyRemoteQualification(q, bant, { by: `crm:${system}`, at: now });
    if (next !== q) {
      await tx.objectStore('qualifications').put(next);
      qualified = true;
    }
  }
  // Buying-committee roles (roles.ts), after the BANT write: they read the qualification again.
  let also: string[] | undefined;
  if (r.entity === 'deal' && r.links?.roles) {
    const res = await applyCrmRoles(tx, connection, record as Deal, r.links.roles, now, initial);
    conflicts += res.conflicts;
    qualified ||= res.changed;
  }
  if (r.entity === 'person' && r.links?.personRole !== undefined) {
    // (a person new to us is on none of our deals yet: deals link only people already stored)
    const res = isNew ? { changedIds: [], conflicts: 0 } : await applyCrmPersonRole(tx, connection, record as Person, r.crmId, r.links.personRole, now, initial);
    conflicts += res.conflicts;
    also = res.changedIds;
  }
  // a won deal's stage, close date, account or currency moved: what its account owns may have too
  const derive = r.entity === 'deal' && changed ? accountsToDerive(isNew ? undefined : (before as Deal), record as Deal) : [];
  const related = changed && r.entity !== 'product' ? relatedOf(r.entity, isNew ? record : before, record) : [];
  return { id: record.id, changed: changed || qualified, conflicts, ...(also?.length ? { also } : {}), ...(derive.length ? { derive } : {}), ...(related.length ? { related } : {}), ...(written ? { written } : {}) };
}

/**
 * The CRM's users (record owners) into the users store, as users of source 'crm' (removing the demo
 * workspace leaves them). The team and role we keep are ours; name and e-mail are the CRM's.
 */
async function applyUsers(tx: OutboxTx, users: readonly RemoteUser[]): Promise<string[]> {
  const store = tx.objectStore('users');
  const written: string[] = [];
  for (const u of users) {
    const existing = await store.get(u.id);
    const next = { id: u.id, name: u.name, email: u.email ?? existing?.email ?? '', team: existing?.team ?? 'sales', role: existing?.role ?? 'rep', source: 'crm' as const };
    if (!existing || existing.name !== next.name || existing.email !== next.email || existing.source !== 'crm') {
      await store.put(next);
      written.push(u.id);
    }
  }
  return written;
}

/**
 * The records whose views a changed person, deal or account moves without being written: its
 * account (a person's, a deal's: before and after), a deal's contacts (before and after), an
 * account's parent (its units).
 */
function relatedOf(entity: Exclude<SyncEntity, 'product'>, before: SyncRecord, after: SyncRecord): string[] {
  const ids = new Set<string>();
  for (const r of [before, after]) {
    if (entity === 'person' || entity === 'deal') {
      const accountId = (r as Person | Deal).accountId;
      if (accountId) ids.add(accountId);
    }
    if (entity === 'deal') for (const id of (r as Deal).contactIds) ids.add(id);
    if (entity === 'account' && (r as Account).parentId) ids.add((r as Account).parentId!);
  }
  return [...ids];
}

async function applyLinks(
  tx: OutboxTx,
  connection: ConnectionRecord,
  record: SyncRecord,
  r: RemoteRecord,
  entries: readonly OutboxEntry[],
): Promise<SyncRecord> {
  const system = connection.system;
  const links = r.links!;
  // Links we are about to push win over the CRM's current ones.
  const pendingLinks = entries.filter((e) => e.op === 'associate');
  let next = record;
  if ('accountId' in next || r.entity === 'person' || r.entity === 'deal') {
    if (links.accountCrmId !== undefined && !pendingLinks.some((e) => e.to?.entity === 'account')) {
      const account = links.accountCrmId ? await findByCrmId(tx, system, 'account', links.accountCrmId) : undefined;
      const accountId = account?.id;
      const current = (next as Person | Deal).accountId;
      if (links.accountCrmId === null && current !== undefined) {
        const copy = { ...next } as Person | Deal;
        delete copy.accountId;
        next = copy;
      } else if (accountId && accountId !== current) next = { ...next, accountId } as SyncRecord;
    }
  }
  if (r.entity === 'account' && links.parentAccountCrmId !== undefined) {
    // the account hierarchy (the account plan's units): the parent as we hold it, or the id it will
    // have when the pull brings it (localIdFor is the id a pulled record gets)
    const account = next as Account;
    const parentCrmId = links.parentAccountCrmId;
    const parentId = parentCrmId ? ((await findByCrmId(tx, system, 'account', parentCrmId))?.id ?? localIdFor(system, 'account', parentCrmId)) : undefined;
    if (parentId !== account.parentId && parentId !== account.id) {
      const copy: Account = { ...account };
      if (parentId) copy.parentId = parentId;
      else delete copy.parentId;
      next = copy;
    }
  }
  if (r.entity === 'deal' && links.contactCrmIds) {
    const deal = next as Deal;
    const resolved: string[] = [];
    for (const c of links.contactCrmIds) {
      const p = await findByCrmId(tx, system, 'person', c);
      if (p) resolved.push(p.id);
    }
    const mine = pendingLinks.filter((e) => e.to?.entity === 'person').map((e) => e.to!.localId);
    const contactIds = [...new Set([...resolved, ...mine])];
    if (contactIds.join() !== deal.contactIds.join()) next = { ...deal, contactIds };
  }
  return next;
}

/**
 * The CRM's exchange rates changed (pull.ts): the accounts whose ARR goes through them derived again
 * with the new ones, in one transaction — only those the connection lists (`ratesAccounts`), never
 * every account. Returns what a page's apply would: the accounts changed, for the surfaces and the
 * duplicate matcher, and whether one leaves ARR out.
 */
export async function deriveWithRates(db: Db, system: CrmSystem, rates: CurrencyRates, now: Date): Promise<ApplyResult> {
  const tx = editTransaction(db, PAGE_STORES);
  const connection = await tx.objectStore('syncConnections').get(system);
  if (!connection?.ratesAccounts?.length) {
    await tx.done;
    return { changedIds: [], conflicts: 0 };
  }
  const derived = await deriveOwnedProducts(tx, connection.ratesAccounts, now.toISOString(), rates);
  const generation = derived.changed.length ? await bumpGeneration(tx, now) : undefined;
  await tx.objectStore('syncConnections').put({ ...connection, ratesAccounts: ratesAccountsAfter(connection.ratesAccounts, derived) ?? [] });
  await tx.done;
  return {
    changedIds: derived.changed,
    ...(derived.changed.length ? { kinds: ['account' as const] } : {}),
    conflicts: 0,
    ...(generation ? { matchChanges: { ids: derived.changed, generation } } : {}),
    ...(derived.leftOut ? { arrLeftOut: true } : {}),
  };
}

export async function bumpGeneration(tx: OutboxTx, now: Date): Promise<{ before: number; after: number }> {
  const store = tx.objectStore('settings');
  const current = await store.get('recordsGeneration');
  const value = typeof current?.value === 'number' ? current.value : 0;
  await store.put({ key: 'recordsGeneration', value: value + 1, updatedAt: now.toISOString() } as never);
  return { before: value, after: value + 1 };
}
