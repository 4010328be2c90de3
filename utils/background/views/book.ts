// The team's book of accounts, read once per records generation and kept: every account's summary
// (for the hierarchy, the peers' index, the user's book, ABM's review queue) and the team's revenue
// (for key accounts by share). The account manager's and the rep's views both read it.
import type { Db } from '../../store/db';
import type { Account } from '../../domain/entities';
import { type MatrixUnit, type PeerIndex, indexPeers } from '../../domain/account/whitespaceMatrix';
import type { CommitteeConfig } from '../../domain/committee/committeeConfig';
import { DEFAULT_KEY_ACCOUNT_SETTINGS, type TeamRevenue, keyAccountStatus, teamRevenue } from '../../domain/account/keyAccount';
import { getSetting } from '../../store/settings';

export type AccountSummary = MatrixUnit &
  Pick<Account, 'lifecycle' | 'ownerId' | 'renewalDate' | 'tier' | 'marketingOwnerId' | 'keyAccount'>;

export type Book = {
  key: string;
  accounts: AccountSummary[];
  children: Map<string, AccountSummary[]>;
  index: PeerIndex;
  /** the team's ARR per currency and yearly customer churn, as of the day the book was read */
  team: TeamRevenue;
};

const cache = new WeakMap<Db, Book>();

/** Every account's summary, the hierarchy, the peers' index and the team's revenue: the same until records change. */
export async function bookOf(db: Db, segments: CommitteeConfig['segments'], now: Date): Promise<Book> {
  const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
  // the team's revenue moves with the date too (a product's ARR changes on a day): re-read daily
  const key = `${generation}:${segments.midMarketFrom}:${segments.enterpriseFrom}:${now.toISOString().slice(0, 10)}`;
  const cached = cache.get(db);
  if (cached && cached.key === key) return cached;
  // One getAll, not a cursor: each step of a cursor is a round trip to the browser's IndexedDB, and
  // a woken worker builds the book on the way to the sidebar's first view (issue #15.3).
  const accounts: AccountSummary[] = (await db.getAll('accounts')).map((a) => ({
    id: a.id,
    name: a.name,
    lifecycle: a.lifecycle,
    products: a.products,
    keyAccount: a.keyAccount,
    ...(a.industry ? { industry: a.industry } : {}),
    ...(a.employees !== undefined ? { employees: a.employees } : {}),
    ...(a.currency ? { currency: a.currency } : {}),
    ...(a.parentId ? { parentId: a.parentId } : {}),
    ...(a.ownerId ? { ownerId: a.ownerId } : {}),
    ...(a.marketingOwnerId ? { marketingOwnerId: a.marketingOwnerId } : {}),
    ...(a.tier ? { tier: a.tier } : {}),
    ...(a.renewalDate ? { renewalDate: a.renewalDate } : {}),
  }));
  const children = new Map<string, AccountSummary[]>();
  for (const a of accounts) if (a.parentId) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a]);
  const entry: Book = { key, accounts, children, index: indexPeers(accounts, { segments }), team: teamRevenue(accounts, now) };
  cache.set(db, entry);
  return entry;
}

/** The accounts below `rootId`, any depth (a cycle in the CRM's parent links stops the walk). */
export function descendants(rootId: string, children: ReadonlyMap<string, AccountSummary[]>): AccountSummary[] {
  const out: AccountSummary[] = [];
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

/**
 * Whether an account is a key account — flagged in the CRM or bringing the team's threshold share
 * of revenue (utils/domain/account/keyAccount.ts) — for rules that only need the yes or no (the SLA).
 */
export async function isKeyAccount(db: Db, account: Account, segments: CommitteeConfig['segments'], now: Date): Promise<boolean> {
  if (account.keyAccount) return true;
  if (account.lifecycle !== 'customer') return false;
  const [book, settings] = await Promise.all([bookOf(db, segments, now), getSetting(db, 'keyAccounts')]);
  return keyAccountStatus({
    account,
    units: descendants(account.id, book.children),
    team: book.team,
    settings: settings ?? DEFAULT_KEY_ACCOUNT_SETTINGS,
    activities: [],
    people: [],
    slaHours: 0,
    now,
  }).key;
}
