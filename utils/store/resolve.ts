// Resolving what a page shows against the store: which of our records is this person, company
// or deal? Strongest evidence first (the CRM's own id), then LinkedIn URL, e-mail or domain,
// then name + company. Issue #5 replaces the name rules with the full matcher.
import type { Db } from './db';
import type { PageRef } from '../sites/types';
import type { CompanySnapshot, EntitySnapshot, PersonSnapshot } from '../sites/snapshot';
import { CRM_SYSTEMS, crmKey, type Account, type CrmSystem, type Deal, type Person } from '../domain/entities';
import { companyKey, domainKey, emailKey, linkedinKey, nameKey } from '../match/normalize';
import type { MatchMethod } from '../messaging/views';

export type Matched<T> = { record: T; matchedBy: MatchMethod };

const CRM_SITES: ReadonlySet<string> = new Set(CRM_SYSTEMS);
const MAX_NAME_MATCHES = 5;

function crmKeyFor(ref: PageRef, store: 'person' | 'account' | 'deal'): string | undefined {
  if (!ref.recordId || !CRM_SITES.has(ref.site)) return undefined;
  return crmKey(ref.site as CrmSystem, store, ref.recordId);
}

function pushUnique<T extends { id: string }>(out: Matched<T>[], records: T[], matchedBy: MatchMethod) {
  for (const record of records) {
    if (!out.some((m) => m.record.id === record.id)) out.push({ record, matchedBy });
  }
}

export async function resolvePeople(
  db: Db,
  ref: PageRef,
  person: PersonSnapshot | undefined,
): Promise<Matched<Person>[]> {
  const out: Matched<Person>[] = [];
  const byCrm = crmKeyFor(ref, 'person');
  if (byCrm) pushUnique(out, await db.getAllFromIndex('people', 'byCrmKey', byCrm), 'crm-id');

  const li =
    (person?.linkedinUrl && linkedinKey(person.linkedinUrl)) ||
    (ref.site === 'linkedin' && ref.objectType === 'profile' && ref.recordId
      ? linkedinKey(`https://www.linkedin.com/in/${encodeURIComponent(ref.recordId)}`)
      : undefined);
  if (li) pushUnique(out, await db.getAllFromIndex('people', 'byLinkedinKey', li), 'linkedin');

  const email = person?.email ? emailKey(person.email) : undefined;
  if (email) pushUnique(out, await db.getAllFromIndex('people', 'byEmail', email), 'email');

  if (person?.fullName) {
    const sameName = await db.getAllFromIndex('people', 'byNameKey', nameKey(person.fullName), 50);
    const wanted = person.companyName ? companyKey(person.companyName) : undefined;
    const withCompany: Person[] = [];
    const nameOnly: Person[] = [];
    for (const p of sameName) {
      const theirs = p.accountId ? (await db.get('accounts', p.accountId))?.name : p.companyName;
      if (wanted && theirs && companyKey(theirs) === wanted) withCompany.push(p);
      else nameOnly.push(p);
    }
    pushUnique(out, withCompany, 'name-company');
    pushUnique(out, nameOnly.slice(0, MAX_NAME_MATCHES), 'name');
  }
  return out;
}

export async function resolveAccounts(
  db: Db,
  ref: PageRef,
  company: CompanySnapshot | undefined,
): Promise<Matched<Account>[]> {
  const out: Matched<Account>[] = [];
  const byCrm = crmKeyFor(ref, 'account');
  if (byCrm) pushUnique(out, await db.getAllFromIndex('accounts', 'byCrmKey', byCrm), 'crm-id');

  const li =
    (company?.linkedinUrl && linkedinKey(company.linkedinUrl)) ||
    (ref.site === 'linkedin' && ref.objectType === 'company' && ref.recordId
      ? linkedinKey(`https://www.linkedin.com/company/${encodeURIComponent(ref.recordId)}`)
      : undefined);
  if (li) pushUnique(out, await db.getAllFromIndex('accounts', 'byLinkedinKey', li), 'linkedin');

  const domain = company?.domain ? domainKey(company.domain) : undefined;
  if (domain) pushUnique(out, await db.getAllFromIndex('accounts', 'byDomain', domain), 'domain');

  if (company?.name) {
    const key = companyKey(company.name);
    // Account nameKeys keep the legal form; compare on companyKey over the name-index range.
    const candidates = await db.getAllFromIndex('accounts', 'byNameKey', IDBKeyRange.bound(key, `${key}\uffff`), 20);
    pushUnique(out, candidates.filter((a) => companyKey(a.name) === key), 'name');
  }
  return out;
}

export async function resolveDeals(db: Db, ref: PageRef): Promise<Matched<Deal>[]> {
  const byCrm = crmKeyFor(ref, 'deal');
  if (!byCrm) return [];
  return (await db.getAllFromIndex('deals', 'byCrmKey', byCrm)).map((record) => ({ record, matchedBy: 'crm-id' }));
}

export function snapshotPerson(entity: EntitySnapshot | null | undefined): PersonSnapshot | undefined {
  return entity?.type === 'person' ? entity : undefined;
}

export function snapshotCompany(entity: EntitySnapshot | null | undefined): CompanySnapshot | undefined {
  return entity?.type === 'company' ? entity : undefined;
}
