// Resolving what a page shows against the store: which of our records is this person, company
// or deal? Strongest evidence first (the CRM's own id), then LinkedIn URL, e-mail or domain,
// then the duplicate matcher (utils/match: names with nicknames and dropped surnames, phones,
// company, domain …). Without a match index (tests of the store alone) a name rule stands in.
import type { Db } from '../../store/db';
import type { PageRef } from '../../sites/types';
import type { CompanySnapshot, EntitySnapshot, PersonSnapshot } from '../../sites/snapshot';
import { CRM_SYSTEMS, crmKey, type Account, type CrmSystem, type Deal, type Person } from '../../domain/entities';
import { companyKey, domainKey, emailKey, linkedinKey, nameKey } from '../../text/normalize';
import type { MatchMethod } from '../../messaging/views';
import { findDuplicates, fromAccount, matchProbability, renderReasons, scoreFeatures, toFeatures, type Band, type MatchIndex, type MatchRecord, type MatchResult, type Relation } from '../../match';
import type { Bilingual } from '../../domain/bilingual';
import { CRM_CATALOGUE, isCrmSystem } from '../../crms/catalogue';

export type MatchEvidence = { band: Band; relation?: Relation; probability: number; reasons: Bilingual };
export type Matched<T> = { record: T; matchedBy: MatchMethod; evidence?: MatchEvidence };

const MAX_MATCHER_RESULTS = 5;

/**
 * The matcher's index, or how to load it: a lazy source is asked only once the identifiers found
 * nothing (a cold worker with 100,000 contacts then answers by IndexedDB lookups alone).
 */
export type IndexSource = MatchIndex | (() => Promise<MatchIndex>);
const indexFrom = async (source: IndexSource | undefined) => (typeof source === 'function' ? source() : source);

/**
 * The matcher's result as the view shows it. `companies`: the display names of the found record's
 * company (`from`) and the page's (`to`), for "moved from Iberia Logística S.L. to Northwind …"
 * (the matcher itself knows only their normalised words).
 */
export function evidenceOf(result: MatchResult, companies: { from?: string; to?: string } = {}): MatchEvidence {
  const reasons = result.reasons.map((r) =>
    r.code === 'job-change' ? { ...r, from: companies.from ?? r.from, to: companies.to ?? r.to } : r,
  );
  return {
    band: result.band,
    ...(result.relation ? { relation: result.relation } : {}),
    probability: result.probability,
    reasons: { en: renderReasons(reasons, 'en'), es: renderReasons(reasons, 'es') },
  };
}

/** The name of a person's company: the account's, else the company as typed. */
export async function companyNameOf(db: Db, person: Person): Promise<string | undefined> {
  if (person.accountId) {
    const account = await db.get('accounts', person.accountId);
    if (account) return account.name;
  }
  return person.companyName;
}

/** The matcher's view of the person a page shows. */
export function pageRecord(person: PersonSnapshot, linkedinUrl?: string): MatchRecord {
  return {
    id: '\u0000page',
    kind: 'person',
    fullName: person.fullName,
    ...(person.email ? { emails: [person.email] } : {}),
    ...(person.phone ? { phones: [person.phone] } : {}),
    ...((person.linkedinUrl ?? linkedinUrl) ? { linkedinUrl: person.linkedinUrl ?? linkedinUrl } : {}),
    ...(person.companyName ? { companyName: person.companyName } : {}),
    ...(person.title ? { title: person.title } : {}),
  };
}

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

/** When the page's company and a stored account are two companies of one group: the evidence, worded. */
function relatedEvidence(page: MatchRecord, account: Account): MatchEvidence | undefined {
  if (companyKey(account.name) === companyKey(page.companyName ?? '')) return undefined;
  const pair = scoreFeatures(toFeatures(page), toFeatures(fromAccount(account)), { explain: true });
  if (pair.band !== 'related') return undefined;
  return evidenceOf({ id: account.id, score: pair.score, probability: matchProbability(pair.score), band: pair.band, ...(pair.relation ? { relation: pair.relation } : {}), reasons: pair.reasons });
}

export async function resolvePeople(
  db: Db,
  ref: PageRef,
  person: PersonSnapshot | undefined,
  indexSource?: IndexSource,
): Promise<Matched<Person>[]> {
  const out: Matched<Person>[] = [];
  const byCrm = crmKeyFor(ref, 'person');
  if (byCrm) pushUnique(out, await db.getAllFromIndex('people', 'byCrmKey', byCrm), 'crm-id');
  // A lead page of a CRM whose leads are deals (Pipedrive's Leads inbox) is about the lead's person:
  // the synced lead (a deal of ours) names them.
  const site = ref.site;
  if (isCrmSystem(site) && CRM_CATALOGUE[site].leadPageIsDeal && ref.kind === 'lead' && ref.recordId) {
    for (const lead of await db.getAllFromIndex('deals', 'byCrmKey', crmKey(site, 'deal', ref.recordId))) {
      for (const id of lead.contactIds) {
        const p = await db.get('people', id);
        if (p) pushUnique(out, [p], 'crm-id');
      }
    }
  }

  const li =
    (person?.linkedinUrl && linkedinKey(person.linkedinUrl)) ||
    (ref.site === 'linkedin' && ref.objectType === 'profile' && ref.recordId
      ? linkedinKey(`https://www.linkedin.com/in/${encodeURIComponent(ref.recordId)}`)
      : undefined);
  if (li) pushUnique(out, await db.getAllFromIndex('people', 'byLinkedinKey', li), 'linkedin');

  const email = person?.email ? emailKey(person.email) : undefined;
  if (email) pushUnique(out, await db.getAllFromIndex('people', 'byEmail', email), 'email');

  // Found by an identifier: it is that record; look-alikes are its duplicates (see entityView).
  if (out.length > 0) return out;
  const index = person?.fullName ? await indexFrom(indexSource) : undefined;
  if (person?.fullName && index) {
    const results = findDuplicates(index, pageRecord(person, li ? `https://www.linkedin.com/${li}` : undefined), { limit: MAX_MATCHER_RESULTS });
    for (const r of results) {
      if (out.some((m) => m.record.id === r.id)) continue;
      const record = await db.get('people', r.id);
      if (record) out.push({ record, matchedBy: 'match', evidence: evidenceOf(r, { from: await companyNameOf(db, record), to: person.companyName }) });
    }
  } else if (person?.fullName) {
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
  indexSource?: IndexSource,
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

  const record: MatchRecord | undefined = company?.name
    ? {
        id: '\u0000page',
        kind: 'account',
        companyName: company.name,
        ...(company.domain ? { companyDomain: company.domain } : {}),
        ...(company.linkedinUrl ? { linkedinUrl: company.linkedinUrl } : {}),
      }
    : undefined;
  const domain = company?.domain ? domainKey(company.domain) : undefined;
  if (domain) {
    // A group and its subsidiaries often share one domain ("Grupo Sigma" / "Sigma Global SAC"):
    // the same domain under a name of the same group is a related company, never this one.
    for (const account of await db.getAllFromIndex('accounts', 'byDomain', domain)) {
      if (out.some((m) => m.record.id === account.id)) continue;
      const related = record ? relatedEvidence(record, account) : undefined;
      out.push(related ? { record: account, matchedBy: 'match', evidence: related } : { record: account, matchedBy: 'domain' });
    }
  }

  // found by an identifier (not only as a related company): no need for the matcher
  if (company?.name && indexSource && record && out.some((m) => m.evidence?.band !== 'related')) return out;
  const index = company?.name && record ? await indexFrom(indexSource) : undefined;
  if (company?.name && index && record) {
    for (const r of findDuplicates(index, record, { limit: MAX_MATCHER_RESULTS })) {
      if (out.some((m) => m.record.id === r.id)) continue;
      const account = await db.get('accounts', r.id);
      if (account) out.push({ record: account, matchedBy: 'match', evidence: evidenceOf(r) });
    }
  } else if (company?.name) {
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
