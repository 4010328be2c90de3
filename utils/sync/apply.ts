// Applying a page of CRM changes to our store: one transaction per page, together with the pull
// cursor, so a worker stopped mid-pull resumes at the next page and never skips one. A field with
// an unpushed local edit is never overwritten: if the CRM's value is someone else's change, it
// becomes a conflict (utils/sync/conflicts.ts) and both values are kept.
import { CRM_NAMES } from '../crms/names';
import type { Db } from '../store/db';
import { crmKey, type Account, type Activity, type CrmSystem, type Deal, type Person, type Product } from '../domain/entities';
import {
  isQualificationField,
  readEntityField,
  sameValue,
  writeEntityField,
  type FieldValue,
  type SyncEntity,
  type SyncRecord,
} from '../domain/fields/recordFields';
import type { PullPage, RemoteActivity, RemoteDeletion, RemoteRecord, RemoteUser } from './connector';
import type { ConnectionRecord, EntityRef, OutboxEntry } from '../store/syncRecords';
import { NEVER, editTransaction, entityKeyOf, recordStore, type OutboxTx } from '../store/outbox';
import { applyRemoteQualification, readQualificationField } from '../domain/fields/elementFields';
import { holdField, isForeignValue, qualificationOf } from './conflicts';
import type { Qualification } from '../domain/qualification/qualification';
import { applyCrmPersonRole, applyCrmRoles } from './roles';
import { accountsToDerive, dealLinesAfter, deriveOwnedProducts, inGroup } from './ownedProducts';

export function localIdFor(system: CrmSystem, entity: SyncEntity, crmId: string): string {
  return `${system}-${entity}-${crmId}`;
}

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


async function findByCrmId(tx: OutboxTx, system: CrmSystem, entity: Exclude<SyncEntity, 'product'>, crmId: string): Promise<SyncRecord | undefined> {
  const all = await recordStore(tx, entity).index('byCrmKey').getAll(crmKey(system, entity, crmId));
  // Demo records carry invented CRM ids: never mistake one for the team's record.
  return all.find((r) => (r as { source?: string }).source !== 'demo');
}

/** The smallest key range holding these string keys (IndexedDB orders strings as JavaScript's sort does). */
function keyRangeOf(keys: readonly string[]): IDBKeyRange {
  let lo = keys[0]!;
  let hi = lo;
  for (const k of keys) {
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  return IDBKeyRange.bound(lo, hi);
}

/**
 * findByCrmId for many ids at once: how many index entries lie between the smallest and the
 * largest key is asked first — none (a first sync), and nothing more is asked; a few more than the
 * ids, and they are read in one request; many more (ids scattered over a large store), and
 * undefined says to ask per id. The record found for a key is the one findByCrmId finds: the
 * non-demo record with that key and the smallest id (an index returns equal keys by primary key).
 */
async function findAllByCrmId(tx: OutboxTx, system: CrmSystem, entity: Exclude<SyncEntity, 'product'>, crmIds: readonly string[]): Promise<Map<string, SyncRecord | undefined> | undefined> {
  const keys = crmIds.map((id) => crmKey(system, entity, id));
  const index = recordStore(tx, entity).index('byCrmKey');
  const range = keyRangeOf(keys);
  const entries = await index.count(range);
  const out = new Map<string, SyncRecord | undefined>(keys.map((k) => [k, undefined]));
  if (entries === 0) return out;
  if (entries > 2 * keys.length) return undefined;
  for (const record of await index.getAll(range)) {
    if ((record as { source?: string }).source === 'demo') continue;
    for (const k of record.crmKeys) {
      if (!out.has(k)) continue;
      const held = out.get(k);
      if (!held || record.id < held.id) out.set(k, record);
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
export type MatchChanges = { ids: string[]; generation: { before: number; after: number } };

export type ApplyResult = { changedIds: string[]; conflicts: number; matchChanges?: MatchChanges };

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
  options: { progress?: { done: number; total?: number } } = {},
): Promise<ApplyResult> {
  const tx = editTransaction(db, PAGE_STORES);
  const connection = await tx.objectStore('syncConnections').get(system);
  if (!connection) {
    // Disconnected while the page was on its way: drop it.
    await tx.done;
    return { changedIds: [], conflicts: 0 };
  }
  const nowIso = now.toISOString();
  const changed = new Set<string>();
  let conflicts = 0;
  const pendingCount = await tx.objectStore('outbox').index('bySystem').count(system);
  // The first read of a CRM fills our records but does not erase what we know and the CRM does not
  // (BANT answered before the CRM was connected); later reads take the CRM's empty values too.
  const initial = (connection.cursors[stream]?.mode ?? 'full') === 'full';
  const matchIds = new Set<string>();
  if (page.users?.length) await applyUsers(tx, page.users);
  // accounts whose won deals (or their lines) changed: their owned products are derived again below
  const derive = new Set<string>();
  const prefetched = prefetch(tx, system, page.records);
  for (const r of page.records) {
    const res = await applyRecord(tx, connection, r, now, pendingCount > 0, initial, prefetched.get(r));
    if (res.changed) changed.add(res.id);
    for (const id of res.derive ?? []) derive.add(id);
    if (res.changed && (r.entity === 'person' || r.entity === 'account')) matchIds.add(res.id);
    for (const id of res.also ?? []) changed.add(id);
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
      if (res.changed) changed.add(deal.id);
    }
    if (next !== deal) {
      await recordStore(tx, 'deal').put({ ...next, updatedAt: nowIso });
      changed.add(deal.id);
      for (const id of accountsToDerive(deal, next)) derive.add(id);
    }
  }
  for (const a of page.activities ?? []) for (const id of await applyActivity(tx, system, a, nowIso)) changed.add(id);
  for (const id of page.removedLinks ?? []) {
    const res = await removeLink(tx, connection, id, now);
    conflicts += res.conflicts;
    for (const dealId of res.changed) changed.add(dealId);
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
    matchIds.add(account.id);
  }
  for (const d of page.deletions ?? []) {
    // a won deal deleted in the CRM no longer says what its account owns
    const gone = d.entity === 'deal' ? ((await findByCrmId(tx, system, 'deal', d.crmId)) as Deal | undefined) : undefined;
    if (gone?.lines?.length && gone.accountId) derive.add(gone.accountId);
    const res = await applyDeletion(tx, system, d, now);
    if (res) {
      changed.add(res);
      matchIds.add(res);
    }
  }
  // an account's products changed: the book of accounts (peers, revenue) is read again, per generation
  for (const id of await deriveOwnedProducts(tx, derive, nowIso)) {
    changed.add(id);
    matchIds.add(id);
  }
  // New, changed and deleted people and accounts: the duplicate matcher's index must follow.
  const generation = matchIds.size > 0 ? await bumpGeneration(tx, now) : undefined;
  const progress = options.progress;
  await tx.objectStore('syncConnections').put({
    ...connection,
    cursors: { ...connection.cursors, [stream]: page.cursor },
    ...(progress ? { progress: { phase: 'pull', stream, done: progress.done, ...(progress.total !== undefined ? { total: progress.total } : {}), at: nowIso } } : {}),
    updatedAt: nowIso,
  });
  await tx.done;
  return { changedIds: [...changed], conflicts, ...(generation ? { matchChanges: { ids: [...matchIds], generation } } : {}) };
}

/**
 * A touch read from the CRM (a Zoho note) as an activity of source 'crm' on the records it names
 * that we hold (a person's or a deal's account too, so the account's last touch sees it); one
 * Dealside logged itself (its marker names a touch we hold) is not stored twice. Returns the
 * records whose last touch may have moved.
 */
async function applyActivity(tx: OutboxTx, system: CrmSystem, a: RemoteActivity, nowIso: string): Promise<string[]> {
  const store = tx.objectStore('activities');
  if (a.dealsideId && (await store.get(a.dealsideId))) return [];
  const person = a.links.personCrmId ? ((await findByCrmId(tx, system, 'person', a.links.personCrmId)) as Person | undefined) : undefined;
  const deal = a.links.dealCrmId ? ((await findByCrmId(tx, system, 'deal', a.links.dealCrmId)) as Deal | undefined) : undefined;
  const account = a.links.accountCrmId ? await findByCrmId(tx, system, 'account', a.links.accountCrmId) : undefined;
  const accountId = account?.id ?? deal?.accountId ?? person?.accountId;
  if (!person && !deal && !accountId) return []; // on nothing we hold
  const id = `${system}-activity-${a.crmId}`;
  const next: Activity = {
    id,
    type: a.type,
    at: a.at,
    ...(a.subject ? { subject: a.subject.slice(0, 200) } : {}),
    ...(a.body ? { body: a.body.slice(0, 4000) } : {}),
    ...(person ? { personId: person.id } : {}),
    ...(deal ? { dealId: deal.id } : {}),
    ...(accountId ? { accountId } : {}),
    crmRefs: [{ system, objectType: a.objectType, id: a.crmId }],
    crmKeys: [crmKey(system, 'activity', a.crmId)],
    source: 'crm',
  };
  const before = await store.get(id);
  const { createdAt: _created, ...was } = before ?? ({} as Activity);
  if (before && JSON.stringify(was) === JSON.stringify(next)) return [];
  await store.put({ ...next, createdAt: before?.createdAt ?? nowIso });
  return [person?.id, deal?.id, accountId].filter((x): x is string => !!x);
}

/**
 * Where a deal keeps the CRM's id of one of its links (crmKeys, so its byCrmKey index finds the deal
 * from the id alone): `<system>:link:<link id>`, and `:<contact CRM id>` for a contact link.
 */
export function linkKey(system: CrmSystem, linkId: string, contactCrmId: string | null = null): string {
  return `${system}:link:${linkId}${contactCrmId ? `:${contactCrmId}` : ''}`;
}

/**
 * A link the CRM deleted, by its id: the deals that held it lose it — a line or a group of lines
 * (their products too, when no other line has them), or a contact: unlinked and its role cleared,
 * unless another link of the deal keeps the contact or our own link of them is still to be pushed.
 */
async function removeLink(tx: OutboxTx, connection: ConnectionRecord, linkId: string, now: Date): Promise<{ changed: string[]; derive: string[]; conflicts: number }> {
  const system = connection.system;
  const base = linkKey(system, linkId);
  const out = { changed: [] as string[], derive: [] as string[], conflicts: 0 };
  const holders = await tx.objectStore('deals').index('byCrmKey').getAll(IDBKeyRange.bound(base, `${base}:\uffff`));
  const seen = new Set<string>();
  for (const held of holders) {
    if (seen.has(held.id)) continue;
    seen.add(held.id);
    const deal = (await tx.objectStore('deals').get(held.id)) ?? held;
    const mine = deal.crmKeys.filter((k) => k === base || k.startsWith(`${base}:`));
    if (mine.length === 0) continue;
    let next: Deal = { ...deal, crmKeys: deal.crmKeys.filter((k) => !mine.includes(k)) };
    const lines = (deal.lines ?? []).filter((l) => !inGroup(l.id, linkId));
    if (lines.length !== (deal.lines ?? []).length) {
      const kept = new Set(lines.map((l) => l.productId));
      const dropped = new Set((deal.lines ?? []).filter((l) => inGroup(l.id, linkId)).map((l) => l.productId));
      next = { ...next, lines, productIds: deal.productIds.filter((p) => !dropped.has(p) || kept.has(p)) };
    }
    const stillLinked = new Set(next.crmKeys.filter((k) => k.startsWith(`${system}:link:`)).map((k) => k.split(':')[3]).filter((c): c is string => !!c));
    const contacts = mine.map((k) => k.slice(base.length + 1)).filter((c) => c && !stillLinked.has(c));
    if (contacts.length && deal.crmDeleted?.system !== system) {
      const pushing = new Set(
        (await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, deal.id))).filter((e) => e.op === 'associate' && e.to?.entity === 'person').map((e) => e.to!.localId),
      );
      const gone = new Set<string>();
      for (const c of contacts) {
        const p = await findByCrmId(tx, system, 'person', c);
        if (p && !pushing.has(p.id)) gone.add(p.id);
      }
      const roles = Object.fromEntries(contacts.map((c) => [c, null]));
      const res = await applyCrmRoles(tx, connection, next, roles, now, false);
      out.conflicts += res.conflicts;
      if (res.changed) out.changed.push(deal.id);
      next = { ...next, contactIds: next.contactIds.filter((id) => !gone.has(id)) };
    }
    await recordStore(tx, 'deal').put({ ...next, updatedAt: now.toISOString() });
    out.changed.push(deal.id);
    out.derive.push(...accountsToDerive(deal, next));
  }
  return out;
}

/** What a page's record needs read before it is applied, asked for every record at once. */
type Prefetched = {
  local: Promise<SyncRecord | undefined>;
  ownerKnown?: Promise<boolean>;
  /** the qualification stored for the record found (or the one it will create), when its fields need it */
  qualification?: Promise<{ id: string; stored: Qualification | undefined }>;
};

/**
 * Each record's local match and whether its owner is a known user, asked of IndexedDB for the
 * whole page at once: requests in one transaction are answered in order, so asking them together
 * saves a round trip to the browser's IndexedDB per request (in Chromium most of a first sync's
 * time was spent waiting for them one by one). The records themselves are looked up by CRM id for
 * the whole page (findAllByCrmId), and whether the ids new records get hold qualifications is one
 * count: on a first sync the page's reads are a handful of requests, not two a record. A record
 * whose CRM id appears twice in the page is not prefetched: the first one's write may create what
 * the second one finds.
 */
function prefetch(tx: OutboxTx, system: CrmSystem, records: readonly RemoteRecord[]): Map<RemoteRecord, Prefetched> {
  const out = new Map<RemoteRecord, Prefetched>();
  const seen = new Map<string, number>();
  const keyOf = (r: RemoteRecord) => `${r.entity}:${r.crmId}`;
  for (const r of records) seen.set(keyOf(r), (seen.get(keyOf(r)) ?? 0) + 1);
  const wanted = records.filter((r) => !r.archived && seen.get(keyOf(r))! <= 1);
  // the page's records by CRM id, and which of the ids a new record would get have a qualification
  // already: one or two requests per entity instead of one per record (none at all on a first sync)
  const byKey = new Map<string, Promise<Map<string, SyncRecord | undefined> | undefined>>();
  const noQualification = new Map<string, Promise<boolean>>();
  for (const entity of ['account', 'person', 'deal'] as const) {
    const mine = wanted.filter((r) => r.entity === entity);
    if (mine.length === 0) continue;
    const found = findAllByCrmId(tx, system, entity, mine.map((r) => r.crmId));
    found.catch(() => {});
    byKey.set(entity, found);
    const asking = mine.filter((r) => Object.keys(r.fields).some(isQualificationField)).map((r) => localIdFor(system, entity, r.crmId));
    if (asking.length === 0) continue;
    const none = tx.objectStore('qualifications').count(keyRangeOf(asking)).then((n) => n === 0);
    none.catch(() => {});
    for (const id of asking) noQualification.set(id, none);
  }
  const lookUp = (entity: Exclude<SyncEntity, 'product'>, crmId: string) =>
    byKey.get(entity)!.then((all) => (all ? all.get(crmKey(system, entity, crmId)) : findByCrmId(tx, system, entity, crmId)));
  const owners = new Map<string, Promise<boolean>>();
  for (const r of wanted) {
    const local =
      r.entity === 'product'
        ? recordStore(tx, 'product').get(localIdFor(system, 'product', r.crmId))
        : lookUp(r.entity, r.crmId);
    local.catch(() => {}); // (a failed request aborts the transaction: tx.done reports it)
    const owner = r.fields.ownerId;
    let ownerKnown: Promise<boolean> | undefined;
    if (typeof owner === 'string') {
      ownerKnown = owners.get(owner);
      if (!ownerKnown) {
        ownerKnown = tx.objectStore('users').get(owner).then((u) => !!u);
        ownerKnown.catch(() => {});
        owners.set(owner, ownerKnown);
      }
    }
    let qualification: Prefetched['qualification'];
    if (r.entity !== 'product' && Object.keys(r.fields).some(isQualificationField)) {
      // asked as soon as the record is found (a request made while the transaction answers another)
      qualification = local.then(async (found) => {
        const id = found?.id ?? localIdFor(system, r.entity, r.crmId);
        // (an id in a range of ids that holds no qualification has none: not asked again)
        if (await noQualification.get(id)) return { id, stored: undefined };
        return tx.objectStore('qualifications').get(id).then((stored) => ({ id, stored }));
      });
      qualification.catch(() => {});
    }
    out.set(r, { local, ...(ownerKnown ? { ownerKnown } : {}), ...(qualification ? { qualification } : {}) });
  }
  return out;
}

async function applyRecord(
  tx: OutboxTx,
  connection: ConnectionRecord,
  r: RemoteRecord,
  now: Date,
  checkPending: boolean,
  initial: boolean,
  prefetched?: Prefetched,
): Promise<{ id: string; changed: boolean; conflicts: number; also?: string[]; derive?: string[] }> {
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
    return { id: id ?? local?.id ?? '', changed: !!id, conflicts: 0, ...(gone?.lines?.length && gone.accountId ? { derive: [gone.accountId] } : {}) };
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
  if (changed) store.put('updatedAt' in record && !isNew ? { ...record, updatedAt: now.toISOString() } : record).catch(() => {});
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
  return { id: record.id, changed: changed || qualified, conflicts, ...(also?.length ? { also } : {}), ...(derive.length ? { derive } : {}) };
}

/**
 * The CRM's users (record owners) into the users store, as users of source 'crm' (removing the demo
 * workspace leaves them). The team and role we keep are ours; name and e-mail are the CRM's.
 */
async function applyUsers(tx: OutboxTx, users: readonly RemoteUser[]): Promise<void> {
  const store = tx.objectStore('users');
  for (const u of users) {
    const existing = await store.get(u.id);
    const next = { id: u.id, name: u.name, email: u.email ?? existing?.email ?? '', team: existing?.team ?? 'sales', role: existing?.role ?? 'rep', source: 'crm' as const };
    if (!existing || existing.name !== next.name || existing.email !== next.email || existing.source !== 'crm') await store.put(next);
  }
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

// ----- deletions in the CRM ---------------------------------------------------------------------

/** The message a refused entry carries when its record was deleted in the CRM. */
export function deletedInCrmMessage(system: CrmSystem, entity: SyncEntity, at: string): string {
  const name = CRM_NAMES[system];
  return `This ${entity} was deleted in ${name} on ${at.slice(0, 10)}, so the change was not sent. Recreate it in ${name} (or restore it there) and retry, or discard the change.`;
}

export async function bumpGeneration(tx: OutboxTx, now: Date): Promise<{ before: number; after: number }> {
  const store = tx.objectStore('settings');
  const current = await store.get('recordsGeneration');
  const value = typeof current?.value === 'number' ? current.value : 0;
  await store.put({ key: 'recordsGeneration', value: value + 1, updatedAt: now.toISOString() } as never);
  return { before: value, after: value + 1 };
}

/** Does the rep have work of their own on this record (not only what the CRM sent)? */
async function hasLocalWork(tx: OutboxTx, system: CrmSystem, record: SyncRecord): Promise<{ entries: OutboxEntry[]; work: boolean }> {
  const entries = await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, record.id));
  if (entries.length > 0) return { entries, work: true };
  const q = await tx.objectStore('qualifications').get(record.id);
  return { entries, work: !!q && q.history.some((h) => h.source !== 'crm') };
}

/**
 * A record deleted in the CRM. With the rep's work on it (unsent edits, BANT answers) it stays,
 * marked `crmDeleted`, and its outbox entries are refused with the reason; otherwise it goes —
 * or, if it also lives in another CRM or was the rep's own (import, local), only loses this CRM's
 * id. Returns the local id when something changed.
 */
export async function applyDeletion(tx: OutboxTx, system: CrmSystem, d: RemoteDeletion, now: Date): Promise<string | undefined> {
  const local = await findByCrmId(tx, system, d.entity, d.crmId);
  if (!local || !('crmRefs' in local)) return undefined;
  const at = d.deletedAt ?? now.toISOString();
  const store = recordStore(tx, d.entity);
  const { entries, work } = await hasLocalWork(tx, system, local);
  if (work) {
    if (local.crmDeleted?.system === system) return undefined;
    await store.put({ ...local, crmDeleted: { system, at }, updatedAt: now.toISOString() });
    const error = { code: 'not-found' as const, message: deletedInCrmMessage(system, d.entity, at), at: now.toISOString(), status: 404 };
    for (const e of entries) {
      if (e.state === 'failed' && e.lastError?.code === 'not-found') continue;
      await tx.objectStore('outbox').put({ ...e, changes: e.changes.map((c) => ({ ...c, held: false })), state: 'failed', nextAttemptAt: NEVER, lastError: error });
    }
    // nothing left to choose between: the CRM's side is gone
    for (const c of await tx.objectStore('syncConflicts').index('byLocalId').getAll(local.id)) if (c.system === system) await tx.objectStore('syncConflicts').delete(c.id);
    return local.id;
  }
  const others = local.crmRefs.filter((r) => r.system !== system);
  if (others.length > 0 || local.source !== 'crm') {
    const copy = { ...local, crmRefs: others, crmKeys: local.crmKeys.filter((k) => !k.startsWith(`${system}:`)), updatedAt: now.toISOString() } as Account | Person | Deal;
    if (copy.crmDeleted?.system === system) delete copy.crmDeleted;
    await store.put(copy);
    return local.id;
  }
  await store.delete(local.id);
  await forgetRecord(tx, d.entity, local.id, now);
  return local.id;
}

/** Entries refused because the record was gone go out again (the CRM restored it). */
async function requeueGone(tx: OutboxTx, system: CrmSystem, localId: string, now: Date): Promise<void> {
  for (const e of await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, localId))) {
    if (e.state === 'failed' && e.lastError?.code === 'not-found') {
      const copy: OutboxEntry = { ...e, state: 'pending', nextAttemptAt: now.getTime() };
      delete copy.lastError;
      await tx.objectStore('outbox').put(copy);
    }
  }
}

/**
 * The CRM answered "not found" for a record we hold (a push, a read): mark it deleted there, in
 * its own transaction. The engine then refuses its entries with the reason.
 */
export async function markDeletedInCrm(db: Db, system: CrmSystem, ref: EntityRef, now: Date): Promise<void> {
  if (ref.entity === 'product') return;
  const tx = editTransaction(db, ['accounts', 'people', 'deals']);
  const store = recordStore(tx, ref.entity);
  const record = await store.get(ref.localId);
  if (record && 'crmRefs' in record && record.crmRefs.some((r) => r.system === system) && record.crmDeleted?.system !== system) {
    await store.put({ ...record, crmDeleted: { system, at: now.toISOString() } });
  }
  await tx.done;
}

/**
 * What must go with a record that is gone (its qualification, and every link to it): nothing points
 * at a record that is gone. The record itself is deleted by the caller, in the same transaction.
 */
export async function forgetRecord(tx: OutboxTx, entity: SyncEntity, localId: string, now: Date): Promise<void> {
  await tx.objectStore('qualifications').delete(localId);
  // Nothing points at a record that is gone.
  if (entity === 'person') {
    for (const deal of await tx.objectStore('deals').index('byContact').getAll(localId)) {
      await tx.objectStore('deals').put({ ...deal, contactIds: deal.contactIds.filter((c) => c !== localId), updatedAt: now.toISOString() });
    }
  } else if (entity === 'account') {
    for (const p of await tx.objectStore('people').index('byAccount').getAll(localId)) {
      const copy = { ...p, updatedAt: now.toISOString() };
      delete copy.accountId;
      await tx.objectStore('people').put(copy);
    }
    for (const deal of await tx.objectStore('deals').index('byAccount').getAll(localId)) {
      const copy = { ...deal, updatedAt: now.toISOString() };
      delete copy.accountId;
      await tx.objectStore('deals').put(copy);
    }
  }
}
