// The account manager's view of a customer account (health, renewal, the whitespace matrix):
// gathers the account, its units (the accounts below it), the product catalogue, its people, its
// activities of the last year, the units' deals and the comparable customers' product ownership,
// and hands them to the pure rules in utils/domain/account360.ts. Every account's summary and the
// peers' index are built once per records generation (and size bands) and kept.
import type { Db } from './db';
import type { Account } from '../domain/entities';
import { account360, type Account360 } from '../domain/account360';
import { type MatrixUnit, type PeerIndex, indexPeers } from '../domain/whitespaceMatrix';
import type { CommitteeConfig } from '../domain/committeeConfig';
import type { CommitteeRole } from '../domain/roles';
import { getSetting } from './settings';
import { qualifySettingsOf } from './qualificationView';

type Summary = MatrixUnit & Pick<Account, 'lifecycle' | 'ownerId' | 'renewalDate'>;

const YEAR_MS = 365 * 86_400_000;
const cache = new WeakMap<Db, { key: string; accounts: Summary[]; children: Map<string, Summary[]>; index: PeerIndex }>();

/** Every account's summary, the hierarchy and the peers' index: the same until records change. */
async function bookOf(db: Db, segments: CommitteeConfig['segments']) {
  const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
  const key = `${generation}:${segments.midMarketFrom}:${segments.enterpriseFrom}`;
  const cached = cache.get(db);
  if (cached && cached.key === key) return cached;
  const accounts: Summary[] = [];
  let cursor = await db.transaction('accounts').store.openCursor();
  while (cursor) {
    const a = cursor.value;
    accounts.push({
      id: a.id,
      name: a.name,
      lifecycle: a.lifecycle,
      products: a.products,
      ...(a.industry ? { industry: a.industry } : {}),
      ...(a.employees !== undefined ? { employees: a.employees } : {}),
      ...(a.currency ? { currency: a.currency } : {}),
      ...(a.parentId ? { parentId: a.parentId } : {}),
      ...(a.ownerId ? { ownerId: a.ownerId } : {}),
      ...(a.renewalDate ? { renewalDate: a.renewalDate } : {}),
    });
    cursor = await cursor.continue();
  }
  const children = new Map<string, Summary[]>();
  for (const a of accounts) if (a.parentId) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a]);
  const entry = { key, accounts, children, index: indexPeers(accounts, { segments }) };
  cache.set(db, entry);
  return entry;
}

/** The accounts below `rootId`, any depth (a cycle in the CRM's parent links stops the walk). */
function descendants(rootId: string, children: ReadonlyMap<string, Summary[]>): Summary[] {
  const out: Summary[] = [];
  const seen = new Set([rootId]);
  const queue = [rootId];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push(c);
      queue.push(c.id);
    }
  }
  return out;
}

/** Health, renewal and the whitespace matrix of one account, or undefined when it is not in the workspace. */
export async function buildAccount360View(db: Db, accountId: string, now: Date): Promise<Account360 | undefined> {
  const account = await db.get('accounts', accountId);
  if (!account) return undefined;
  const [settings, me] = await Promise.all([qualifySettingsOf(db), getSetting(db, 'currentUser')]);
  const since = new Date(now.getTime() - YEAR_MS).toISOString();
  const [catalog, people, activities, book, deals] = await Promise.all([
    db.getAll('products'),
    db.getAllFromIndex('people', 'byAccount', accountId),
    db.getAllFromIndex('activities', 'byAccountAt', IDBKeyRange.bound([accountId, since], [accountId, '\uffff'])),
    bookOf(db, settings.committee.segments),
    db.getAllFromIndex('deals', 'byAccount', accountId),
  ]);
  const units = descendants(accountId, book.children);
  const unitDeals = (await Promise.all(units.map((u) => db.getAllFromIndex('deals', 'byAccount', u.id)))).flat();
  // the committee roles reps set on the account's deals, newest deal last so it wins
  const roleOverrides: Record<string, CommitteeRole> = {};
  const qualifications = await Promise.all(deals.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1)).map((d) => db.get('qualifications', d.id)));
  for (const q of qualifications) Object.assign(roleOverrides, q?.roleOverrides ?? {});
  return account360({
    account,
    units,
    deals: [...deals, ...unitDeals],
    catalog,
    people,
    activities,
    roleOverrides,
    committee: settings.committee,
    peers: book.index,
    ...(me ? { book: { ownerId: me.userId, accounts: book.accounts } } : {}),
    now,
  });
}
