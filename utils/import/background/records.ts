// The records a CSV row makes or fills (background side, pure): a new
// person or account from a row's draft, an existing one's empty fields filled from it (nothing
// overwritten), the CRM ids it carries, its owner by name or e-mail, and the field changes the
// outbox sends to the connected CRMs.
import { crmKey, type Account, type CrmRef, type Person, type User } from '../../domain/entities';
import type { MatchRecord } from '../../match';
import { emailKey, linkedinKey, nameKey } from '../../text/normalize';
import { pushableFields, readEntityField, type SyncEntity } from '../../domain/fields/recordFields';
import type { FieldChange } from '../../store/syncRecords';
import type { Kind } from '../columns';
import type { AccountDraft, ImportRef, PersonDraft } from '../rows';

/** The id of the record a row creates: stable for the same file and row. */
export function importedId(kind: Kind, fileKey: string, row: number): string {
  return `imp-${kind === 'contacts' ? 'p' : 'a'}-${fileKey}-${String(row).padStart(7, '0')}`;
}

export const IMPORT_PREFIX = /^imp-[pa]-([^-]+)-/;

export function personMatchRecord(d: PersonDraft, id: string, account?: Pick<Account, 'name' | 'domain'>): MatchRecord {
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

export function accountMatchRecord(d: Pick<AccountDraft, 'name' | 'domain' | 'linkedinUrl' | 'city' | 'country'>, id: string): MatchRecord {
  const r: MatchRecord = { id, kind: 'account', companyName: d.name };
  if (d.domain) r.companyDomain = d.domain;
  if (d.linkedinUrl) r.linkedinUrl = d.linkedinUrl;
  if (d.city) r.city = d.city;
  if (d.country) r.country = d.country;
  return r;
}

type RefEntity = 'person' | 'account';

function refsOf(refs: readonly ImportRef[], entity: RefEntity): { crmRefs: CrmRef[]; crmKeys: string[] } {
  return {
    crmRefs: refs.map((r) => ({ system: r.system, objectType: r.objectType, id: r.id })),
    crmKeys: refs.map((r) => crmKey(r.system, entity, r.id)),
  };
}

/** A Pipedrive lead's id sits beside its person's; any other id is the record's one id in that CRM. */
const family = (objectType: string) => (objectType === 'lead' ? 'lead' : 'record');

/** The record has another id, in one of the row's CRMs, for the same kind of object: it is another record there. */
export function conflictingRef(record: Pick<Person, 'crmRefs'>, refs: readonly ImportRef[]): boolean {
  return refs.some((r) => record.crmRefs.some((x) => x.system === r.system && family(x.objectType) === family(r.objectType) && x.id !== r.id));
}

/** The row's ids the record does not have yet (the sync and the sidebar find it by them from now on). */
function addRefs<T extends Person | Account>(record: T, refs: readonly ImportRef[], entity: RefEntity): T {
  let next = record;
  for (const r of refs) {
    if (next.crmRefs.some((x) => x.system === r.system && family(x.objectType) === family(r.objectType))) continue;
    next = { ...next, crmRefs: [...next.crmRefs, { system: r.system, objectType: r.objectType, id: r.id }], crmKeys: [...next.crmKeys, crmKey(r.system, entity, r.id)] };
  }
  return next;
}

type Extras = { kind: Person['kind']; ownerId?: string };

export function newPerson(d: PersonDraft, id: string, accountId: string | undefined, extras: Extras, nowIso: string): Person {
  const p: Person = {
    id,
    kind: extras.kind,
    firstName: d.firstName,
    lastName: d.lastName,
    fullName: d.fullName,
    nameKey: nameKey(d.fullName),
    emails: d.emails,
    ...refsOf(d.refs, 'person'),
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
  // a lead keeps the company as typed (the model's leads are not linked to accounts)
  if (accountId && extras.kind === 'contact') p.accountId = accountId;
  else if (d.companyName) p.companyName = d.companyName;
  if (d.city) p.city = d.city;
  if (d.country) p.country = d.country;
  if (extras.ownerId) p.ownerId = extras.ownerId;
  if (d.leadStatus) p.leadStatus = d.leadStatus;
  return p;
}

export function newAccount(d: AccountDraft, id: string, ownerId: string | undefined, nowIso: string): Account {
  const a: Account = {
    id,
    name: d.name,
    nameKey: nameKey(d.name),
    lifecycle: 'prospect',
    keyAccount: false,
    products: [],
    ...refsOf(d.refs, 'account'),
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
  if (d.industry) a.industry = d.industry;
  if (d.employees !== undefined) a.employees = d.employees;
  if (d.phone) a.phone = d.phone;
  if (d.tier) a.tier = d.tier;
  if (ownerId) a.ownerId = ownerId;
  return a;
}

const empty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Fills one field the record lacks from the row's value (never overwriting one), naming it in
 * `fields` (as `name`, by default the field's own); a LinkedIn URL brings its lookup key.
 */
function filler<R extends { linkedinUrl?: string; linkedinKey?: string }>(existing: R, next: R, fields: string[]) {
  return <K extends keyof R & string>(k: K, v: R[K] | undefined, name: string = k) => {
    if (empty(v) || !empty(existing[k])) return;
    next[k] = v as R[K];
    if (k === 'linkedinUrl') {
      const key = linkedinKey(String(v));
      if (key) next.linkedinKey = key;
    }
    fields.push(name);
  };
}

/** The existing person with the row's values in its empty fields (never overwriting one); what was filled. */
export function fillPerson(existing: Person, d: PersonDraft, accountId: string | undefined, ownerId?: string): { record: Person; fields: string[] } {
  const withRefs = addRefs(existing, d.refs, 'person');
  const next: Person = { ...withRefs };
  const fields: string[] = withRefs !== existing ? ['crmId'] : [];
  const added = d.emails.filter((e) => !existing.emails.includes(e));
  if (added.length) {
    next.emails = [...existing.emails, ...added];
    fields.push('email');
  }
  const fill = filler(existing, next, fields);
  fill('phone', d.phone);
  fill('title', d.title);
  fill('city', d.city);
  fill('country', d.country);
  fill('linkedinUrl', d.linkedinUrl);
  if (existing.kind === 'contact' && accountId && empty(existing.accountId)) {
    next.accountId = accountId;
    fields.push('account');
  } else if (d.companyName && empty(existing.accountId) && empty(existing.companyName)) {
    next.companyName = d.companyName;
    fields.push('companyName');
  }
  fill('ownerId', ownerId, 'owner');
  fill('leadStatus', d.leadStatus);
  if (!existing.lastName && d.lastName && !existing.firstName) {
    next.firstName = d.firstName;
    next.lastName = d.lastName;
    next.fullName = d.fullName;
    next.nameKey = nameKey(d.fullName);
    fields.push('name');
  }
  return { record: next, fields };
}

export function fillAccount(existing: Account, d: AccountDraft, ownerId?: string): { record: Account; fields: string[] } {
  const withRefs = addRefs(existing, d.refs, 'account');
  const next: Account = { ...withRefs };
  const fields: string[] = withRefs !== existing ? ['crmId'] : [];
  const fill = filler(existing, next, fields);
  fill('domain', d.domain);
  fill('linkedinUrl', d.linkedinUrl);
  fill('city', d.city);
  fill('country', d.country);
  fill('industry', d.industry);
  fill('employees', d.employees);
  fill('phone', d.phone);
  fill('tier', d.tier);
  fill('ownerId', ownerId, 'owner');
  return { record: next, fields };
}

/** The workspace's users by e-mail and by name, to find a row's owner ("María López", "maria@…", "María López (maria@…)"). */
export function ownerResolver(users: readonly User[]): (value: string | undefined) => string | undefined {
  const byEmail = new Map<string, string>();
  const byName = new Map<string, string | null>();
  for (const u of users) {
    const e = emailKey(u.email);
    if (e) byEmail.set(e, u.id);
    const n = nameKey(u.name);
    if (n) byName.set(n, byName.has(n) ? null : u.id); // two users with one name: neither
  }
  return (value) => {
    if (!value) return undefined;
    const mail = /[^\s<>()"',;]+@[^\s<>()"',;]+/.exec(value)?.[0];
    const e = mail ? emailKey(mail) : undefined;
    if (e && byEmail.has(e)) return byEmail.get(e);
    const name = nameKey(value.replace(/[(<][^)>]*[)>]/g, ''));
    return (name && byName.get(name)) || undefined;
  };
}

export function changesOf(entity: SyncEntity, before: Person | Account, after: Person | Account): FieldChange[] {
  const out: FieldChange[] = [];
  // (the pull-only fields, tier and marketing owner, are the CRM's to say: never queued)
  for (const field of pushableFields(entity)) {
    const base = readEntityField(entity, before, field);
    const value = readEntityField(entity, after, field);
    if (base !== value) out.push({ field, value, base });
  }
  return out;
}
