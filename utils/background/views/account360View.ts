// The account manager's view of a customer account (health, renewal, the whitespace matrix, the
// key account with its plan): gathers the account, its units (the
// accounts below it), the product catalogue, its people, its activities of the last year, the
// units' deals, the comparable customers' product ownership and the account's plan, and hands
// them to the pure rules in utils/domain (account360/, keyAccount.ts). The book of
// accounts (utils/background/views/book.ts) is read once per records generation and kept.
import type { Db } from '../../store/db';
import { account360, type Account360 } from '../../domain/account/account360';
import { DEFAULT_KEY_ACCOUNT_SETTINGS, type KeyAccountStatus, keyAccountStatus } from '../../domain/account/keyAccount';
import type { CommitteeRole } from '../../domain/committee/roles';
import { getSetting } from '../../store/settings';
import { qualifySettingsOf } from './qualificationView';
import { bookOf, descendants } from './book';
import { getAccountPlan } from '../../store/accountPlans';

const YEAR_MS = 365 * 86_400_000;

export type AccountManagerView = Account360 & { keyAccount?: KeyAccountStatus };

/** Health, renewal, whitespace and key account of one account, or undefined when it is not in the workspace. */
export async function buildAccount360View(db: Db, accountId: string, now: Date): Promise<AccountManagerView | undefined> {
  const account = await db.get('accounts', accountId);
  if (!account) return undefined;
  const [settings, me, keySettings] = await Promise.all([qualifySettingsOf(db), getSetting(db, 'currentUser'), getSetting(db, 'keyAccounts')]);
  const since = new Date(now.getTime() - YEAR_MS).toISOString();
  const [catalog, people, activities, book, deals, plan, users] = await Promise.all([
    db.getAll('products'),
    db.getAllFromIndex('people', 'byAccount', accountId),
    db.getAllFromIndex('activities', 'byAccountAt', IDBKeyRange.bound([accountId, since], [accountId, '\uffff'])),
    bookOf(db, settings.committee.segments, now),
    db.getAllFromIndex('deals', 'byAccount', accountId),
    getAccountPlan(db, accountId),
    db.getAll('users'),
  ]);
  const units = descendants(accountId, book.children);
  const unitDeals = (await Promise.all(units.map((u) => db.getAllFromIndex('deals', 'byAccount', u.id)))).flat();
  // the committee roles reps set on the account's deals, newest deal last so it wins
  const roleOverrides: Record<string, CommitteeRole> = {};
  const qualifications = await Promise.all([...deals].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1)).map((d) => db.get('qualifications', d.id)));
  for (const q of qualifications) Object.assign(roleOverrides, q?.roleOverrides ?? {});
  const view: AccountManagerView = account360({
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
  const userNames: Record<string, string> = Object.fromEntries(users.map((u) => [u.id, u.name]));
  if (me) userNames[me.userId] ??= me.name;

  if (account.lifecycle === 'customer' || account.keyAccount) {
    const ownerName = account.ownerId ? userNames[account.ownerId] : undefined;
    view.keyAccount = keyAccountStatus({
      account,
      units,
      team: book.team,
      settings: keySettings ?? DEFAULT_KEY_ACCOUNT_SETTINGS,
      ...(plan ? { plan } : {}),
      ...(ownerName ? { ownerName } : {}),
      activities,
      people,
      slaHours: settings.actions.keyAccountSlaHours,
      now,
    });
  }

  return view;
}
