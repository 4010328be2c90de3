// The account manager's view of a customer account (health, renewal, whitespace): gathers the
// account, the product catalogue, its people, its activities of the last year and the other
// accounts' product ownership (for peer adoption), and hands them to the pure rules in
// utils/domain/account360.ts. The peers' ownership is read once per records generation and kept.
import type { Db } from './db';
import type { Account } from '../domain/entities';
import { account360, type Account360 } from '../domain/account360';
import { getSetting } from './settings';
import { qualifySettingsOf } from './qualificationView';
import type { CommitteeRole } from '../domain/roles';

type Peer = Pick<Account, 'id' | 'industry' | 'lifecycle' | 'products'>;

const YEAR_MS = 365 * 86_400_000;
const peerCache = new WeakMap<Db, { generation: number; peers: Peer[] }>();

/** Every account's industry, lifecycle and products: small, and the same until records change. */
async function peersOf(db: Db): Promise<Peer[]> {
  const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
  const cached = peerCache.get(db);
  if (cached && cached.generation === generation) return cached.peers;
  const peers: Peer[] = [];
  let cursor = await db.transaction('accounts').store.openCursor();
  while (cursor) {
    const a = cursor.value;
    peers.push({ id: a.id, ...(a.industry ? { industry: a.industry } : {}), lifecycle: a.lifecycle, products: a.products });
    cursor = await cursor.continue();
  }
  peerCache.set(db, { generation, peers });
  return peers;
}

/** Health, renewal and whitespace of one account, or undefined when it is not in the workspace. */
export async function buildAccount360View(db: Db, accountId: string, now: Date): Promise<Account360 | undefined> {
  const account = await db.get('accounts', accountId);
  if (!account) return undefined;
  const since = new Date(now.getTime() - YEAR_MS).toISOString();
  const [catalog, people, activities, peers, deals, settings] = await Promise.all([
    db.getAll('products'),
    db.getAllFromIndex('people', 'byAccount', accountId),
    db.getAllFromIndex('activities', 'byAccountAt', IDBKeyRange.bound([accountId, since], [accountId, '\uffff'])),
    peersOf(db),
    db.getAllFromIndex('deals', 'byAccount', accountId),
    qualifySettingsOf(db),
  ]);
  // the committee roles reps set on the account's deals, newest deal last so it wins
  const roleOverrides: Record<string, CommitteeRole> = {};
  const qualifications = await Promise.all(deals.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1)).map((d) => db.get('qualifications', d.id)));
  for (const q of qualifications) Object.assign(roleOverrides, q?.roleOverrides ?? {});
  return account360({
    account,
    catalog,
    people,
    activities,
    roleOverrides,
    committee: settings.committee,
    peers: peers.filter((p) => p.id !== accountId),
    now,
  });
}
