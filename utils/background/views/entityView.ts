// Building what the sidebar shows for a page: the entity and whether and where it is in the CRM.
import { crmRecordUrl } from '../../sync/recordUrl';
import type { Db } from '../../store/db';
import type { PageRef } from '../../sites/types';
import type { EntitySnapshot } from '../../sites/snapshot';
import { goneFromCrm, lastTouchedAt, type Account, type Activity, type Deal, type Person, type User } from '../../domain/entities';
import type {
  AccountMatch,
  AccountSummary,
  ActivitySummary,
  DealMatch,
  DealSummary,
  EntityView,
  MatchMethod,
  PersonMatch,
  Verdict,
} from '../../messaging/views';
import { findDuplicates, fromPerson } from '../../match';
import { isFreeMailDomain, nameKey } from '../../text/normalize';
import type { PersonSnapshot } from '../../sites/snapshot';
import type { MatchIndexes } from '../matchService';
import { arrNotConvertedOf } from '../../domain/account/account360';
import {
  evidenceOf,
  companyNameOf,
  resolveAccounts,
  resolveDeals,
  resolvePeople,
  snapshotCompany,
  snapshotPerson,
  type IndexSource,
  type Matched,
} from './resolve';

const CLOSED: ReadonlySet<string> = new Set(['closed-won', 'closed-lost']);
const WEAK: ReadonlySet<MatchMethod> = new Set(['name']);

function userRef(users: Map<string, User | undefined>, id: string | undefined) {
  const u = id ? users.get(id) : undefined;
  return u ? { id: u.id, name: u.name } : undefined;
}

/** Reads users once per view; there are few of them. */
export async function loadUsers(db: Db): Promise<Map<string, User | undefined>> {
  return new Map((await db.getAll('users')).map((u) => [u.id, u]));
}

function accountSummary(a: Account): AccountSummary {
  return {
    id: a.id,
    name: a.name,
    domain: a.domain,
    industry: a.industry,
    employees: a.employees,
    country: a.country,
    tier: a.tier,
    lifecycle: a.lifecycle,
    keyAccount: a.keyAccount,
    renewalDate: a.renewalDate,
    arr: a.arr,
    currency: a.currency,
    ...(arrNotConvertedOf(a) ? { arrNotConverted: arrNotConvertedOf(a) } : {}),
  };
}

function dealSummary(d: Deal, users: Map<string, User | undefined>): DealSummary {
  return {
    id: d.id,
    name: d.name,
    stage: d.stage,
    amount: d.amount,
    currency: d.currency,
    closeDate: d.closeDate,
    owner: userRef(users, d.ownerId),
  };
}

async function latestActivity(
  db: Db,
  index: 'byPersonAt' | 'byAccountAt' | 'byDealAt',
  id: string,
  users: Map<string, User | undefined>,
): Promise<ActivitySummary | undefined> {
  const cursor = await db
    .transaction('activities')
    .store.index(index)
    .openCursor(IDBKeyRange.bound([id, ''], [id, '\uffff']), 'prev');
  const a: Activity | undefined = cursor?.value;
  return a ? { at: a.at, type: a.type, subject: a.subject, ownerName: userRef(users, a.ownerId)?.name } : undefined;
}

/**
 * The later of the record's last activity we hold and the CRM's own last activity on it
 * (`crmActivityAt`: a call, e-mail or meeting logged in the CRM, of which the CRM tells only when).
 */
export function laterTouch(ours: ActivitySummary | undefined, record: Pick<Person | Account | Deal, 'crmActivityAt' | 'crmRefs'>): ActivitySummary | undefined {
  const at = lastTouchedAt({ lastActivityAt: ours?.at, crmActivityAt: record.crmActivityAt });
  if (!at || at === ours?.at) return ours;
  const system = record.crmRefs[0]?.system;
  return { at, ...(system ? { inCrm: system } : {}) };
}

function openDealsFirst(deals: Deal[], users: Map<string, User | undefined>): DealSummary[] {
  return deals
    .filter((d) => !CLOSED.has(d.stage))
    .sort((a, b) => (a.closeDate ?? '9999').localeCompare(b.closeDate ?? '9999'))
    .map((d) => dealSummary(d, users));
}

/** Another rep touched it this recently: the SDR should coordinate before reaching out. */
export const RECENT_TOUCH_DAYS = 14;

export async function personMatch(
  db: Db,
  m: Matched<Person>,
  users: Map<string, User | undefined>,
  context: { currentUserId?: string; now?: Date } = {},
): Promise<PersonMatch> {
  const p = m.record;
  const lastActivity = laterTouch(await latestActivity(db, 'byPersonAt', p.id, users), p);
  const lastTouch = lastActivity?.at ?? p.lastActivityAt;
  const ownedByOtherRecently =
    !!p.ownerId &&
    !!context.currentUserId &&
    p.ownerId !== context.currentUserId &&
    !!lastTouch &&
    !!context.now &&
    context.now.getTime() - Date.parse(lastTouch) < RECENT_TOUCH_DAYS * 86_400_000;
  const account = p.accountId ? await db.get('accounts', p.accountId) : undefined;
  const deals = await db.getAllFromIndex('deals', 'byContact', p.id);
  const crmLinks = await crmLinksOf(db, p);
  return {
    id: p.id,
    kind: p.kind,
    fullName: p.fullName,
    title: p.title,
    email: p.emails[0],
    phone: p.phone,
    linkedinUrl: p.linkedinUrl,
    companyName: account?.name ?? p.companyName,
    account: account ? accountSummary(account) : undefined,
    owner: userRef(users, p.ownerId),
    lastActivity,
    openDeals: openDealsFirst(deals, users),
    matchedBy: m.matchedBy,
    ...(m.evidence ? { evidence: m.evidence } : {}),
    ...(ownedByOtherRecently ? { ownedByOtherRecently } : {}),
    source: p.source,
    crmSystems: [...new Set(p.crmRefs.map((r) => r.system))],
    ...(crmLinks.length ? { crmLinks } : {}),
    ...(p.ownerId && context.currentUserId && p.ownerId === context.currentUserId ? { mine: true } : {}),
    ...(p.crmDeleted ? { crmDeleted: p.crmDeleted } : {}),
  };
}

/**
 * The SDR's second question: is this person's company already an account, a customer, whose?
 * The matched person's own account when there is one; otherwise the company the page names, looked
 * up as a company page would be (domain, then the matcher).
 */
async function companyOfPerson(
  db: Db,
  ref: PageRef,
  person: Matched<Person> | undefined,
  snap: PersonSnapshot | undefined,
  users: Map<string, User | undefined>,
  index: IndexSource | undefined,
  currentUserId: string | undefined,
): Promise<AccountMatch | undefined> {
  const own = person?.record.accountId ? await db.get('accounts', person.record.accountId) : undefined;
  if (own) return accountMatch(db, { record: own, matchedBy: person!.matchedBy }, users, currentUserId);
  const name = snap?.companyName ?? person?.record.companyName;
  if (!name) return undefined;
  const emailDomain = snap?.email?.split('@')[1];
  const domain = emailDomain && !isFreeMailDomain(emailDomain) ? emailDomain : undefined;
  // The page's record id is the person's: the company is looked up by what it is called.
  const [found] = await resolveAccounts(db, { ...ref, recordId: undefined }, { type: 'company', name, ...(domain ? { domain } : {}) }, index);
  return found ? accountMatch(db, found, users, currentUserId) : undefined;
}

/** Where the record opens in each connected CRM that holds it (demo records carry invented ids: none). */
async function crmLinksOf(db: Db, record: Person | Account): Promise<Array<{ system: string; url: string }>> {
  const connections = record.crmRefs.length && record.source !== 'demo' ? await db.getAll('syncConnections') : [];
  return record.crmRefs.flatMap((r) => {
    const connection = connections.find((c) => c.system === r.system);
    const url = connection ? crmRecordUrl(connection, r) : undefined;
    return url ? [{ system: r.system, url }] : [];
  });
}

export async function accountMatch(db: Db, m: Matched<Account>, users: Map<string, User | undefined>, currentUserId?: string): Promise<AccountMatch> {
  const a = m.record;
  return {
    account: accountSummary(a),
    owner: userRef(users, a.ownerId),
    // the rep's own account: the header says "yours", not a name they must recognise
    ...(a.ownerId && currentUserId && a.ownerId === currentUserId ? { mine: true } : {}),
    ...(await crmLinksOf(db, a).then((links) => (links.length ? { crmLinks: links } : {}))),
    lastActivity: laterTouch(await latestActivity(db, 'byAccountAt', a.id, users), a),
    openDeals: openDealsFirst(await db.getAllFromIndex('deals', 'byAccount', a.id), users),
    contactCount: await db.countFromIndex('people', 'byAccount', a.id),
    matchedBy: m.matchedBy,
    ...(m.evidence ? { evidence: m.evidence } : {}),
    source: a.source,
    ...(a.crmDeleted ? { crmDeleted: a.crmDeleted } : {}),
  };
}

async function dealMatch(db: Db, m: Matched<Deal>, users: Map<string, User | undefined>): Promise<DealMatch> {
  const d = m.record;
  const account = d.accountId ? await db.get('accounts', d.accountId) : undefined;
  return {
    deal: dealSummary(d, users),
    account: account ? accountSummary(account) : undefined,
    lastActivity: laterTouch(await latestActivity(db, 'byDealAt', d.id, users), d),
    matchedBy: m.matchedBy,
    source: d.source,
    ...(d.crmDeleted ? { crmDeleted: d.crmDeleted } : {}),
  };
}

function verdictOf(all: readonly { matchedBy: MatchMethod; evidence?: { band: string }; record?: Account | Person | Deal }[]): Verdict {
  // a record deleted in its CRM (kept for the rep's work) is no longer "in the CRM"; a company of
  // the same group (band 'related') is another company, shown as such, never the page's own
  const matches = all.filter((m) => !(m.record && goneFromCrm(m.record)) && m.evidence?.band !== 'related');
  if (matches.length === 0) return 'new';
  const strong = matches.some((m) => (m.matchedBy === 'match' ? m.evidence?.band === 'duplicate' : !WEAK.has(m.matchedBy)));
  return strong ? 'in-crm' : 'possible';
}

/** Methods a rep may overrule with "not the same" (identifiers such as the CRM id are facts). */
const OVERRULABLE: ReadonlySet<MatchMethod> = new Set(['match', 'name', 'name-company']);

export type EntityViewOptions = {
  indexes?: MatchIndexes;
  /**
   * Without `indexes`: how to load them, asked only when a page's record is not found by an
   * identifier (CRM id, LinkedIn URL, e-mail, domain) and the matcher must look. The look-alikes of
   * a record found by an identifier are then left out of this view (`onDuplicatesDeferred` is
   * called): a cold worker shows the record at once and its duplicates once the index is loaded.
   */
  loadIndexes?: () => Promise<MatchIndexes>;
  onDuplicatesDeferred?: () => void;
  currentUserId?: string;
  now?: Date;
  /** record ids the rep said are not the page's person or company */
  notSame?: ReadonlySet<string>;
};

/** What identifies the page's person or company, for remembering "not the same" answers. */
export function pageKeyOf(ref: PageRef, entity: EntitySnapshot | null | undefined): string | undefined {
  if (ref.recordId) return `${ref.site}:${ref.objectType}:${ref.recordId}`;
  if (entity?.type === 'person') return entity.email ? `email:${entity.email.toLowerCase()}` : `name:${nameKey(entity.fullName)}`;
  if (entity?.type === 'company') return `company:${nameKey(entity.name)}`;
  return undefined;
}

/** Other records that look like the same person as this one (the SDR's "am I about to duplicate?"). */
async function duplicatesOf(
  db: Db,
  person: Person,
  exclude: ReadonlySet<string>,
  indexes: MatchIndexes,
): Promise<Matched<Person>[]> {
  const account = person.accountId ? await db.get('accounts', person.accountId) : undefined;
  const out: Matched<Person>[] = [];
  for (const r of findDuplicates(indexes.people, fromPerson(person, account), { limit: 5 })) {
    if (exclude.has(r.id)) continue;
    const record = await db.get('people', r.id);
    if (record) out.push({ record, matchedBy: 'match', evidence: evidenceOf(r, { from: await companyNameOf(db, record), to: account?.name ?? person.companyName }) });
  }
  return out;
}

/** One of the matcher's indexes as the resolvers take it: at hand, loaded on demand, or none. */
function indexSource(options: EntityViewOptions, which: keyof MatchIndexes): IndexSource | undefined {
  if (options.indexes) return options.indexes[which];
  const load = options.loadIndexes;
  return load ? async () => (await load())[which] : undefined;
}

/** The entity on a page and its place in the CRM, or undefined when the page names nothing. */
export async function buildEntityView(
  db: Db,
  ref: PageRef,
  entity: EntitySnapshot | null | undefined,
  options: EntityViewOptions = {},
): Promise<EntityView | undefined> {
  const users = await loadUsers(db);
  const subject = entity?.type ?? subjectFromRef(ref);
  if (!subject) return undefined;
  const notSame = options.notSame ?? new Set<string>();
  const kept = <T extends { id: string }>(m: Matched<T>) => !(OVERRULABLE.has(m.matchedBy) && notSame.has(m.record.id));
  const pageKey = pageKeyOf(ref, entity);
  const context = { currentUserId: options.currentUserId, now: options.now };

  if (subject === 'person') {
    const snap = snapshotPerson(entity);
    const matches = (await resolvePeople(db, ref, snap, indexSource(options, 'people'))).filter(kept);
    const people = await Promise.all(matches.map((m) => personMatch(db, m, users, context)));
    const first = people[0];
    const displayName = snap?.fullName || first?.fullName;
    if (!displayName) return undefined;
    // The record the page is (found by an identifier): which other records look like it?
    const identified = matches.find((m) => !OVERRULABLE.has(m.matchedBy))?.record;
    const duplicatesPending = !!identified && !options.indexes && !!options.loadIndexes;
    if (duplicatesPending) options.onDuplicatesDeferred?.();
    const duplicateMatches =
      identified && options.indexes
        ? (await duplicatesOf(db, identified, new Set(matches.map((m) => m.record.id)), options.indexes)).filter((m) => !notSame.has(m.record.id))
        : [];
    const duplicates = await Promise.all(duplicateMatches.map((m) => personMatch(db, m, users, context)));
    const company = await companyOfPerson(db, ref, matches[0], snap, users, indexSource(options, 'accounts'), context.currentUserId);
    return {
      subject,
      displayName,
      subtitle: [snap?.title ?? first?.title, snap?.companyName ?? first?.companyName].filter(Boolean).join(' · ') || undefined,
      verdict: verdictOf(matches),
      people,
      ...(company ? { company } : {}),
      accounts: [],
      deals: [],
      duplicates,
      ...(duplicatesPending ? { duplicatesPending: true as const } : {}),
      pageKey,
    };
  }
  if (subject === 'company') {
    const snap = snapshotCompany(entity);
    const matches = (await resolveAccounts(db, ref, snap, indexSource(options, 'accounts'))).filter(kept);
    const accounts = await Promise.all(matches.map((m) => accountMatch(db, m, users, context.currentUserId)));
    const displayName = snap?.name || accounts[0]?.account.name;
    if (!displayName) return undefined;
    return {
      subject,
      displayName,
      subtitle: [snap?.industry ?? accounts[0]?.account.industry, snap?.domain ?? accounts[0]?.account.domain].filter(Boolean).join(' · ') || undefined,
      verdict: verdictOf(matches),
      people: [],
      accounts,
      deals: [],
      duplicates: [],
      pageKey,
    };
  }
  const matches = await resolveDeals(db, ref);
  const deals = await Promise.all(matches.map((m) => dealMatch(db, m, users)));
  const displayName = (entity?.type === 'deal' ? entity.name : undefined) || deals[0]?.deal.name;
  if (!displayName) return undefined;
  return {
    subject,
    displayName,
    subtitle: deals[0]?.account?.name,
    verdict: verdictOf(matches),
    people: [],
    accounts: [],
    deals,
    duplicates: [],
    pageKey,
  };
}

function subjectFromRef(ref: PageRef): EntityView['subject'] | undefined {
  switch (ref.kind) {
    case 'contact':
    case 'lead':
      return 'person';
    case 'account':
      return 'company';
    case 'deal':
      return 'deal';
    default:
      return undefined;
  }
}
