// One batch of CSV rows into the store (background side): each row is validated, matched against
// the existing people / accounts with the duplicate matcher, and either merged into the record it
// duplicates (empty fields filled, nothing overwritten) or created with an id stable per file and
// row (re-running an import changes nothing). The batch's records and their outbox entries are
// written in one transaction; the match index is kept in step, so later rows (and rows of the same
// file) match the records created before them.
import type { Db } from '../store/db';
import type { Account, CrmSystem, Person } from '../domain/entities';
import { findDuplicates, fromAccount, fromPerson, type MatchIndex, type MatchRecord } from '../match';
import { linkedinKey, nameKey } from '../match/normalize';
import { enqueue, fieldsForCreate, systemsFor, type OutboxTx } from '../sync/outbox';
import { ENTITY_FIELDS, readEntityField, type SyncEntity } from '../sync/fields';
import type { FieldChange } from '../sync/model';
import type { ColumnMap, Kind } from './columns';
import { readRow, type AccountDraft, type MergeNote, type PersonDraft, type Rejection } from './rows';

export type { MergeNote };
import type { CsvRow } from './stream';

export type ImportIndexes = { people: MatchIndex; accounts: MatchIndex };

export type ImportContext = {
  kind: Kind;
  /** a hash of the file's bytes: with the row number it makes the ids of the records it creates */
  fileKey: string;
  headers: readonly string[];
  map: ColumnMap;
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

/** The id of the record a row creates: stable for the same file and row. */
export function importedId(kind: Kind, fileKey: string, row: number): string {
  return `imp-${kind === 'contacts' ? 'p' : 'a'}-${fileKey}-${String(row).padStart(7, '0')}`;
}

const IMPORT_PREFIX = /^imp-[pa]-([^-]+)-/;

function personMatchRecord(d: PersonDraft, id: string, account?: Pick<Account, 'name' | 'domain'>): MatchRecord {
  const r: MatchRecord = { id, kind: 'person', givenName: d.firstName, familyName: d.lastName, fullName: d.fullName, emails: d.emails };
  if (d.phone) r.phones = [d.phone];
  if (d.linkedinUrl) r.linkedinUrl = d.linkedinUrl;
  const company = account?.name ?? d.companyName;
  if (company) r.companyName = company;
  const domain = account?.domain ?? d.companyDomain;
  if (domain) r.companyDomain = domain;
  if (d.title) r.title = d.title;
  if (d.city) r.city = d.city;
  if (d.country) r.country = d.country;
  return r;
}

function accountMatchRecord(d: Pick<AccountDraft, 'name' | 'domain' | 'linkedinUrl' | 'city' | 'country'>, id: string): MatchRecord {
  const r: MatchRecord = { id, kind: 'account', companyName: d.name };
  if (d.domain) r.companyDomain = d.domain;
  if (d.linkedinUrl) r.linkedinUrl = d.linkedinUrl;
  if (d.city) r.city = d.city;
  if (d.country) r.country = d.country;
  return r;
}

function newPerson(d: PersonDraft, id: string, accountId: string | undefined, nowIso: string): Person {
  const p: Person = {
    id,
    kind: 'contact',
    firstName: d.firstName,
    lastName: d.lastName,
    fullName: d.fullName,
    nameKey: nameKey(d.fullName),
    emails: d.emails,
    crmRefs: [],
    crmKeys: [],
    createdAt: nowIso,
    updatedAt: nowIso,
    source: 'import',
  };
  if (d.title) p.title = d.title;
  if (d.phone) p.phone = d.phone;
  if (d.linkedinUrl) {
    p.linkedinUrl = d.linkedinUrl;
    const key = linkedinKey(d.linkedinUrl);
    if (key) p.linkedinKey = key;
  }
  if (accountId) p.accountId = accountId;
  else if (d.companyName) p.companyName = d.companyName;
  if (d.city) p.city = d.city;
  if (d.country) p.country = d.country;
  return p;
}

function newAccount(d: AccountDraft, id: string, nowIso: string): Account {
  const a: Account = {
    id,
    name: d.name,
    nameKey: nameKey(d.name),
    lifecycle: 'prospect',
    keyAccount: false,
    products: [],
    crmRefs: [],
    crmKeys: [],
    createdAt: nowIso,
    updatedAt: nowIso,
    source: 'import',
  };
  if (d.domain) a.domain = d.domain;
  if (d.linkedinUrl) {
    a.linkedinUrl = d.linkedinUrl;
    const key = linkedinKey(d.linkedinUrl);
    if (key) a.linkedinKey = key;
  }
  if (d.city) a.city = d.city;
  if (d.country) a.country = d.country;
  return a;
}

const empty = (v: unknown) => v === undefined || v === null || v === '';

/** The existing person with the row's values in its empty fields (never overwriting one); what was filled. */
export function fillPerson(existing: Person, d: PersonDraft, accountId: string | undefined): { record: Person; fields: string[] } {
  const next: Person = { ...existing };
  const fields: string[] = [];
  const added = d.emails.filter((e) => !existing.emails.includes(e));
  if (added.length) {
    next.emails = [...existing.emails, ...added];
    fields.push('email');
  }
  const fill = <K extends 'phone' | 'title' | 'city' | 'country'>(k: K, v: string | undefined) => {
    if (v && empty(existing[k])) {
      next[k] = v;
      fields.push(k);
    }
  };
  fill('phone', d.phone);
  fill('title', d.title);
  fill('city', d.city);
  fill('country', d.country);
  if (d.linkedinUrl && empty(existing.linkedinUrl)) {
    next.linkedinUrl = d.linkedinUrl;
    const key = linkedinKey(d.linkedinUrl);
    if (key) next.linkedinKey = key;
    fields.push('linkedinUrl');
  }
  if (existing.kind === 'contact' && accountId && empty(existing.accountId)) {
    next.accountId = accountId;
    fields.push('account');
  } else if (d.companyName && empty(existing.accountId) && empty(existing.companyName)) {
    next.companyName = d.companyName;
    fields.push('companyName');
  }
  if (!existing.lastName && d.lastName && !existing.firstName) {
    next.firstName = d.firstName;
    next.lastName = d.lastName;
    next.fullName = d.fullName;
    next.nameKey = nameKey(d.fullName);
    fields.push('name');
  }
  return { record: next, fields };
}

export function fillAccount(existing: Account, d: AccountDraft): { record: Account; fields: string[] } {
  const next: Account = { ...existing };
  const fields: string[] = [];
  if (d.domain && empty(existing.domain)) {
    next.domain = d.domain;
    fields.push('domain');
  }
  if (d.linkedinUrl && empty(existing.linkedinUrl)) {
    next.linkedinUrl = d.linkedinUrl;
    const key = linkedinKey(d.linkedinUrl);
    if (key) next.linkedinKey = key;
    fields.push('linkedinUrl');
  }
  if (d.city && empty(existing.city)) {
    next.city = d.city;
    fields.push('city');
  }
  if (d.country && empty(existing.country)) {
    next.country = d.country;
    fields.push('country');
  }
  return { record: next, fields };
}

function changesOf(entity: SyncEntity, before: Person | Account, after: Person | Account): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of Object.keys(ENTITY_FIELDS[entity])) {
    const base = readEntityField(entity, before, field);
    const value = readEntityField(entity, after, field);
    if (base !== value) out.push({ field, value, base });
  }
  return out;
}

/**
 * Validate, match and write one batch of rows. The caller serialises batches of one import and
 * passes the background's match indexes (they are updated here).
 */
export async function importBatch(db: Db, indexes: ImportIndexes, ctx: ImportContext, rows: readonly CsvRow[], now: Date): Promise<BatchResult> {
  const nowIso = now.toISOString();
  const result: BatchResult = { read: rows.length, imported: 0, merged: 0, unchanged: 0, rejected: [], merges: [], queued: 0 };
  const drafts: Array<PersonDraft | AccountDraft> = [];
  for (const row of rows) {
    const r = readRow(row, ctx.headers, ctx.map, ctx.kind);
    if (r.ok) drafts.push(r.draft);
    else result.rejected.push(...r.rejections);
  }
  if (drafts.length === 0) return result;

  const tx = db.transaction(['people', 'accounts', 'outbox', 'syncConnections'], 'readwrite');
  const otx = tx as unknown as OutboxTx;
  const connections = (await tx.objectStore('syncConnections').getAllKeys()) as CrmSystem[];
  const touched = new Map<string, Person | Account>();
  const accountCache = new Map<string, Account | null>();
  const getPerson = async (id: string) => (touched.get(id) as Person | undefined) ?? (await tx.objectStore('people').get(id));
  const getAccount = async (id: string) => {
    if (touched.has(id)) return touched.get(id) as Account;
    if (!accountCache.has(id)) accountCache.set(id, (await tx.objectStore('accounts').get(id)) ?? null);
    return accountCache.get(id) ?? undefined;
  };
  const queue = async (ops: Parameters<typeof enqueue>[1][]) => {
    for (const op of ops) if (await enqueue(otx, op)) result.queued++;
  };

  for (const d of drafts) {
    const id = importedId(ctx.kind, ctx.fileKey, d.row);
    if (d.type === 'person') {
      // the company: an account the matcher says is the same company
      let account: Account | undefined;
      if (d.companyName || d.companyDomain) {
        const [best] = findDuplicates(indexes.accounts, accountMatchRecord({ name: d.companyName ?? d.companyDomain!, domain: d.companyDomain }, `${id}:company`), {
          limit: 1,
          minBand: 'duplicate',
          explain: false,
        });
        if (best) account = await getAccount(best.id);
      }
      const probe = personMatchRecord(d, id, account);
      const again = indexes.people.has(id) ? await getPerson(id) : undefined;
      let target: Person | undefined = again;
      if (!target) {
        const [best] = findDuplicates(indexes.people, probe, { limit: 1, minBand: 'duplicate', explain: false });
        if (best) target = await getPerson(best.id);
      }
      if (target) {
        const { record, fields } = fillPerson(target, d, account?.id);
        if (again) result.unchanged++;
        else {
          result.merged++;
          result.merges.push({ row: d.row, id: record.id, name: record.fullName, fields, sameFile: IMPORT_PREFIX.exec(record.id)?.[1] === ctx.fileKey });
        }
        if (fields.length === 0) continue;
        record.updatedAt = nowIso;
        await tx.objectStore('people').put(record);
        touched.set(record.id, record);
        indexes.people.update(fromPerson(record, account ?? (record.accountId ? await getAccount(record.accountId) : undefined)));
        const systems = await systemsFor(otx, record);
        const kind = record.kind;
        const changes = changesOf('person', target, record);
        await queue(
          systems.flatMap((system) => [
            ...(changes.length ? [{ system, ref: { entity: 'person' as const, localId: record.id, kind }, op: 'update' as const, changes, now }] : []),
            ...(fields.includes('account') && record.accountId
              ? [{ system, ref: { entity: 'person' as const, localId: record.id, kind }, op: 'associate' as const, to: { entity: 'account' as const, localId: record.accountId }, now }]
              : []),
          ]),
        );
        continue;
      }
      const person = newPerson(d, id, account?.id, nowIso);
      await tx.objectStore('people').put(person);
      touched.set(id, person);
      indexes.people.update(fromPerson(person, account));
      result.imported++;
      const ref = { entity: 'person' as const, localId: id, kind: person.kind };
      await queue(
        connections.flatMap((system) => [
          { system, ref, op: 'create' as const, changes: fieldsForCreate('person', person), now },
          ...(person.accountId ? [{ system, ref, op: 'associate' as const, to: { entity: 'account' as const, localId: person.accountId }, now }] : []),
        ]),
      );
      continue;
    }

    // accounts
    const again = indexes.accounts.has(id) ? await getAccount(id) : undefined;
    let target: Account | undefined = again;
    if (!target) {
      const [best] = findDuplicates(indexes.accounts, accountMatchRecord(d, id), { limit: 1, minBand: 'duplicate', explain: false });
      if (best) target = await getAccount(best.id);
    }
    if (target) {
      const { record, fields } = fillAccount(target, d);
      if (again) result.unchanged++;
      else {
        result.merged++;
        result.merges.push({ row: d.row, id: record.id, name: record.name, fields, sameFile: IMPORT_PREFIX.exec(record.id)?.[1] === ctx.fileKey });
      }
      if (fields.length === 0) continue;
      record.updatedAt = nowIso;
      await tx.objectStore('accounts').put(record);
      touched.set(record.id, record);
      indexes.accounts.update(fromAccount(record));
      const changes = changesOf('account', target, record);
      if (changes.length) {
        const systems = await systemsFor(otx, record);
        await queue(systems.map((system) => ({ system, ref: { entity: 'account' as const, localId: record.id }, op: 'update' as const, changes, now })));
      }
      continue;
    }
    const account = newAccount(d, id, nowIso);
    await tx.objectStore('accounts').put(account);
    touched.set(id, account);
    indexes.accounts.update(fromAccount(account));
    result.imported++;
    await queue(connections.map((system) => ({ system, ref: { entity: 'account' as const, localId: id }, op: 'create' as const, changes: fieldsForCreate('account', account), now })));
  }
  await tx.done;
  return result;
}
