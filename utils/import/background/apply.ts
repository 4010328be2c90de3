// One batch of CSV rows into the store (background side): each row is validated, matched against
// the existing people / accounts with the duplicate matcher, and either merged into the record it
// duplicates (empty fields filled, nothing overwritten) or created with an id stable per file and
// row (re-running an import changes nothing). The batch's records and their outbox entries are
// written in one transaction; the match index is kept in step, so later rows (and rows of the same
// file) match the records created before them.
//
// A row with the CRM's own id (HubSpot "Record ID", Salesforce "Contact ID" / "Lead ID" / "Id",
// Pipedrive "Person - ID" …) is first looked up by that id, as the sync and the sidebar do
// (crmKeys), before the matcher: the same export imported twice, or an export of records already
// synced, never makes a second record, and the CRM's later sync recognises the imported one. The
// matcher never merges a row into a record that has another id in the same CRM.
import type { Db } from '../../store/db';
import { crmKey, type Account, type CrmSystem, type Person } from '../../domain/entities';
import { findDuplicates, fromAccount, fromPerson, type MatchIndex } from '../../match';
import { companyDomainKey, companyKey } from '../../text/normalize';
import { editTransaction, enqueue, fieldsForCreate, systemsFor } from '../../store/outbox';
import type { ColumnMap, ImportCrm, Kind } from '../columns';
import type { DateOrder } from '../ownedColumns';
import { personKindOf, readRow, type AccountDraft, type ImportRef, type MergeNote, type PersonDraft, type PersonKindChoice, type Rejection } from '../rows';

export type { MergeNote };
import type { CsvRow } from '../rows';
import { ownedProductsOf } from './ownedProducts';
import { accountMatchRecord, changesOf, conflictingRef, fillAccount, fillPerson, IMPORT_PREFIX, importedId, newAccount, newPerson, ownerResolver, personMatchRecord } from './records';

export { conflictingRef, fillAccount, fillPerson, importedId, ownerResolver };

export type ImportIndexes = { people: MatchIndex; accounts: MatchIndex };

export type ImportContext = {
  kind: Kind;
  /** a hash of the file's bytes: with the row number it makes the ids of the records it creates */
  fileKey: string;
  headers: readonly string[];
  map: ColumnMap;
  /** the CRM whose ids the file carries */
  crm?: ImportCrm;
  /** contacts, leads, or what each row says (default) */
  personKind?: PersonKindChoice;
  /** a leads export: rows that say nothing become leads */
  leadsFile?: boolean;
  /** the file's d/m/y dates: day or month first (the page reads every date of the file to say) */
  dateOrder?: DateOrder;
};

export type BatchResult = {
  read: number;
  imported: number;
  /** rows matched to an existing record (merged into it: its empty fields filled, if the row had more) */
  merged: number;
  /** rows this file had already imported (an earlier run of the same import) */
  unchanged: number;
  rejected: Rejection[];
  merges: MergeNote[];
  /** outbox entries queued for the connected CRMs */
  queued: number;
};

/** A request whose failure aborts the transaction (reported by tx.done): never an unhandled rejection. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/**
 * Validate, match and write one batch of rows. The caller serialises batches of one import and
 * passes the background's match indexes (they are updated here).
 */
export async function importBatch(db: Db, indexes: ImportIndexes, ctx: ImportContext, rows: readonly CsvRow[], now: Date): Promise<BatchResult> {
  const nowIso = now.toISOString();
  const result: BatchResult = { read: rows.length, imported: 0, merged: 0, unchanged: 0, rejected: [], merges: [], queued: 0 };
  const drafts: Array<PersonDraft | AccountDraft> = [];
  const rowOptions = { ...(ctx.crm ? { crm: ctx.crm } : {}), ...(ctx.dateOrder ? { dateOrder: ctx.dateOrder } : {}) };
  for (const row of rows) {
    const r = readRow(row, ctx.headers, ctx.map, ctx.kind, rowOptions);
    if (r.ok) drafts.push(r.draft);
    else result.rejected.push(...r.rejections);
  }
  if (drafts.length === 0) return result;

  const withOwners = !!ctx.map.owner?.length;
  const tx = editTransaction(db, ['people', 'accounts', 'products', 'outbox', 'syncConnections', 'users']);
  // a product the row says the account owns (accounts files: one row per account × product)
  const own = ownedProductsOf(tx, nowIso);
  const connections = (await tx.objectStore('syncConnections').getAllKeys()) as CrmSystem[];
  const ownerOf = ownerResolver(withOwners ? await tx.objectStore('users').getAll() : []);
  const touched = new Map<string, Person | Account>();
  const accountCache = new Map<string, Account | null>();
  const parents: Array<{ accountId: string; parent: string }> = [];
  const findParent = async (value: string): Promise<Account | undefined> => {
    const store = tx.objectStore('accounts');
    if (ctx.crm && /^[\w-]{1,40}$/.test(value)) {
      const [byRef] = await store.index('byCrmKey').getAll(crmKey(ctx.crm, 'account', value));
      if (byRef) return (await getAccount(byRef.id)) ?? byRef;
    }
    const domain = /\.[a-z]{2,}/i.test(value) ? companyDomainKey(value) : undefined;
    if (domain) {
      const [byDomain] = await store.index('byDomain').getAll(domain);
      if (byDomain) return (await getAccount(byDomain.id)) ?? byDomain;
    }
    const key = companyKey(value);
    if (!key) return undefined;
    const named = await store.index('byNameKey').getAll(IDBKeyRange.bound(key, `${key}\uffff`), 20);
    const same = named.find((a) => companyKey(a.name) === key);
    return same ? ((await getAccount(same.id)) ?? same) : undefined;
  };
  const getPerson = async (id: string) => (touched.get(id) as Person | undefined) ?? (await tx.objectStore('people').get(id));
  const getAccount = async (id: string) => {
    if (touched.has(id)) return touched.get(id) as Account;
    if (!accountCache.has(id)) accountCache.set(id, (await tx.objectStore('accounts').get(id)) ?? null);
    return accountCache.get(id) ?? undefined;
  };
  // By the CRM's id, as the sync and the sidebar find records (demo records carry invented ids).
  // Writes are not awaited one by one: the requests of a transaction run in order (later reads see
  // them) and a failed one aborts it, which `tx.done` reports.
  const writes: Promise<unknown>[] = [];
  const write = (p: Promise<unknown>) => {
    writes.push(p);
    p.catch(() => {}); // reported by Promise.all / tx.done below, not as an unhandled rejection
  };
  // The ids' lookups for the whole batch at once (one round trip instead of one per row); records
  // written by this batch are found through `written`.
  const lookups = new Map<string, Promise<string[]>>();
  for (const d of drafts) {
    const entity = d.type === 'person' ? 'person' : 'account';
    const store = d.type === 'person' ? 'people' : 'accounts';
    for (const r of d.refs) {
      const key = crmKey(r.system, entity, r.id);
      if (!lookups.has(key)) lookups.set(key, quiet(tx.objectStore(store).index('byCrmKey').getAllKeys(key)));
    }
    if (d.type === 'person' && d.companyCrmId && ctx.crm) {
      const key = crmKey(ctx.crm, 'account', d.companyCrmId);
      if (!lookups.has(key)) lookups.set(key, quiet(tx.objectStore('accounts').index('byCrmKey').getAllKeys(key)));
    }
  }
  const written = new Map<string, string>();
  const remember = (record: Person | Account) => {
    for (const key of record.crmKeys) written.set(key, record.id);
  };
  const idsFor = async (key: string) => [...(written.has(key) ? [written.get(key)!] : []), ...((await lookups.get(key)) ?? [])];
  const personByRef = async (refs: readonly ImportRef[]): Promise<Person | undefined> => {
    for (const r of refs) {
      for (const id of await idsFor(crmKey(r.system, 'person', r.id))) {
        const hit = await getPerson(id);
        if (hit && hit.source !== 'demo') return hit;
      }
    }
    return undefined;
  };
  const accountByRef = async (refs: readonly Pick<ImportRef, 'system' | 'id'>[]): Promise<Account | undefined> => {
    for (const r of refs) {
      for (const id of await idsFor(crmKey(r.system, 'account', r.id))) {
        const hit = await getAccount(id);
        if (hit && hit.source !== 'demo') return hit;
      }
    }
    return undefined;
  };
  const queue = async (ops: Parameters<typeof enqueue>[1][]) => {
    for (const op of ops) if (await enqueue(tx, op)) result.queued++;
  };
  /** The CRMs a new record is created in: the connected ones it does not come from. */
  const createIn = (refs: readonly ImportRef[]) => connections.filter((system) => !refs.some((r) => r.system === system));
  const note = (row: number, id: string, name: string, fields: string[]) => {
    result.merged++;
    result.merges.push({ row, id, name, fields, sameFile: IMPORT_PREFIX.exec(id)?.[1] === ctx.fileKey });
  };

  for (const d of drafts) {
    const id = importedId(ctx.kind, ctx.fileKey, d.row);
    if (d.type === 'person') {
      // the company: by its CRM id, else an account the matcher says is the same company
      let account: Account | undefined = d.companyCrmId && ctx.crm ? await accountByRef([{ system: ctx.crm, id: d.companyCrmId }]) : undefined;
      if (!account && (d.companyName || d.companyDomain)) {
        const [best] = findDuplicates(indexes.accounts, accountMatchRecord({ name: d.companyName ?? d.companyDomain!, domain: d.companyDomain }, `${id}:company`), {
          limit: 1,
          minBand: 'duplicate',
          explain: false,
        });
        if (best) account = await getAccount(best.id);
      }
      const kind = personKindOf(d, ctx.personKind, ctx.leadsFile);
      const ownerId = ownerOf(d.owner);
      const again = indexes.people.has(id) ? await getPerson(id) : undefined;
      const byId = again ? undefined : await personByRef(d.refs);
      let target: Person | undefined = again ?? byId;
      if (!target) {
        const probe = personMatchRecord(d, id, account);
        for (const best of findDuplicates(indexes.people, probe, { limit: 3, minBand: 'duplicate', explain: false })) {
          const candidate = await getPerson(best.id);
          // another record in the row's CRM is not this one, however alike
          if (candidate && !conflictingRef(candidate, d.refs)) {
            target = candidate;
            break;
          }
        }
      }
      if (target) {
        const { record, fields } = fillPerson(target, d, account?.id, ownerId);
        if (again || (byId && fields.length === 0)) result.unchanged++;
        else note(d.row, record.id, record.fullName, fields);
        if (fields.length === 0) continue;
        record.updatedAt = nowIso;
        write(tx.objectStore('people').put(record));
        touched.set(record.id, record);
        remember(record);
        indexes.people.update(fromPerson(record, account ?? (record.accountId ? await getAccount(record.accountId) : undefined)));
        const systems = await systemsFor(tx, record);
        const changes = changesOf('person', target, record);
        const ref = { entity: 'person' as const, localId: record.id, kind: record.kind };
        await queue(
          systems.flatMap((system) => [
            ...(changes.length ? [{ system, ref, op: 'update' as const, changes, now }] : []),
            ...(fields.includes('account') && record.accountId ? [{ system, ref, op: 'associate' as const, to: { entity: 'account' as const, localId: record.accountId }, now }] : []),
          ]),
        );
        continue;
      }
      const person = newPerson(d, id, account?.id, { kind, ...(ownerId ? { ownerId } : {}) }, nowIso);
      write(tx.objectStore('people').put(person));
      touched.set(id, person);
      remember(person);
      indexes.people.update(fromPerson(person, person.accountId ? account : undefined));
      result.imported++;
      const ref = { entity: 'person' as const, localId: id, kind: person.kind };
      await queue(
        createIn(d.refs).flatMap((system) => [
          { system, ref, op: 'create' as const, changes: fieldsForCreate('person', person), now },
          ...(person.accountId ? [{ system, ref, op: 'associate' as const, to: { entity: 'account' as const, localId: person.accountId }, now }] : []),
        ]),
      );
      continue;
    }

    // accounts
    const ownerId = ownerOf(d.owner);
    const withParent = (accountId: string) => {
      if (d.parent) parents.push({ accountId, parent: d.parent });
    };
    const again = indexes.accounts.has(id) ? await getAccount(id) : undefined;
    const byId = again ? undefined : await accountByRef(d.refs);
    let target: Account | undefined = again ?? byId;
    if (!target) {
      for (const best of findDuplicates(indexes.accounts, accountMatchRecord(d, id), { limit: 3, minBand: 'duplicate', explain: false })) {
        const candidate = await getAccount(best.id);
        if (candidate && !conflictingRef(candidate, d.refs)) {
          target = candidate;
          break;
        }
      }
    }
    if (target) {
      withParent(target.id);
      const filled = fillAccount(target, d, ownerId);
      const fields = filled.fields;
      const record = d.owned ? await own(filled.record, d.owned) : filled.record;
      if (record !== filled.record) fields.push('product');
      if (again || (byId && fields.length === 0)) result.unchanged++;
      else note(d.row, record.id, record.name, fields);
      if (fields.length === 0) continue;
      record.updatedAt = nowIso;
      write(tx.objectStore('accounts').put(record));
      touched.set(record.id, record);
      remember(record);
      indexes.accounts.update(fromAccount(record));
      const changes = changesOf('account', target, record);
      if (changes.length) {
        const systems = await systemsFor(tx, record);
        await queue(systems.map((system) => ({ system, ref: { entity: 'account' as const, localId: record.id }, op: 'update' as const, changes, now })));
      }
      continue;
    }
    const account = d.owned ? await own(newAccount(d, id, ownerId, nowIso), d.owned) : newAccount(d, id, ownerId, nowIso);
    withParent(id);
    write(tx.objectStore('accounts').put(account));
    touched.set(id, account);
    remember(account);
    indexes.accounts.update(fromAccount(account));
    result.imported++;
    await queue(createIn(d.refs).map((system) => ({ system, ref: { entity: 'account' as const, localId: id }, op: 'create' as const, changes: fieldsForCreate('account', account), now })));
  }
  // Parent companies, once every row of the batch is written (a parent may come after its units):
  // by the CRM's id, the website, then the exact name; never the account itself, never over a
  // parent already set. A parent in no row and no account stays unknown.
  for (const { accountId, parent } of parents) {
    const found = await findParent(parent);
    const account = await getAccount(accountId);
    if (!found || !account || found.id === accountId || account.parentId) continue;
    const record: Account = { ...account, parentId: found.id, updatedAt: nowIso };
    write(tx.objectStore('accounts').put(record));
    touched.set(record.id, record);
  }
  await Promise.all(writes);
  await tx.done;
  return result;
}
