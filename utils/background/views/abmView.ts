// ABM for a target account (one with a tier), prospect or customer: its owners, marketing's support
// for its sales stage and what moved since last week (utils/domain/account/abm.ts), and where it stands in
// the user's weekly review; and the review's queue itself, account by account.
import type { Db } from '../../store/db';
import type { Deal } from '../../domain/entities';
import { type AbmView, type ReviewEntry, type ScoreMove, abmView, reviewQueue, valueWeekAgo } from '../../domain/account/abm';
import { getSetting } from '../../store/settings';
import { qualifySettingsOf, runQualify } from './qualificationView';
import { bookOf } from './book';

/** the open deals whose score moves are read (each is a qualify run) */
const MAX_SCORED_DEALS = 5;
/** activities read: the week and the quiet window before it (abm.ts's `newEngagedQuietDays`) */
const WINDOW_MS = 120 * 86_400_000;

export type AbmPageView = AbmView & { accountId: string; accountName: string; review?: { position: number; total: number; next?: ReviewEntry; previous?: ReviewEntry } };

const isOpen = (d: Pick<Deal, 'stage'>) => d.stage !== 'closed-won' && d.stage !== 'closed-lost';

/**
 * The account's ABM view, or undefined when it is not a target account. `health` is its health
 * trend when the caller has it (customers), so the week's health move is read from it.
 */
export async function buildAbmView(db: Db, accountId: string, now: Date, health?: { points: readonly { at: string; score: number }[]; score: number }): Promise<AbmPageView | undefined> {
  const account = await db.get('accounts', accountId);
  if (!account?.tier) return undefined;
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const [settings, me, deals, people, activities, users] = await Promise.all([
    qualifySettingsOf(db),
    getSetting(db, 'currentUser'),
    db.getAllFromIndex('deals', 'byAccount', accountId),
    db.getAllFromIndex('people', 'byAccount', accountId),
    db.getAllFromIndex('activities', 'byAccountAt', IDBKeyRange.bound([accountId, since], [accountId, '\uffff'])),
    db.getAll('users'),
  ]);
  const userNames: Record<string, string> = Object.fromEntries(users.map((u) => [u.id, u.name]));
  if (me) userNames[me.userId] ??= me.name;
  // the open deals' scores now and a week ago, from the score's own trend
  const scores: ScoreMove[] = [];
  const scored = deals.filter(isOpen).slice(0, MAX_SCORED_DEALS);
  // asked side by side (their reads' round trips overlap), taken in the deals' order
  const qualified = await Promise.all(scored.map((d) => runQualify(db, { entityType: 'deal', entityId: d.id }, now)));
  scored.forEach((d, i) => {
    const q = qualified[i];
    const weekAgo = q && valueWeekAgo(q.score.trend, now);
    if (q && weekAgo !== undefined) scores.push({ dealId: d.id, dealName: d.name, now: q.score.score, weekAgo });
  });
  const healthWeekAgo = health ? valueWeekAgo(health.points, now) : undefined;
  const abm = abmView({
    account,
    userNames,
    deals,
    people,
    activities,
    scores,
    ...(health && healthWeekAgo !== undefined ? { health: { now: health.score, weekAgo: healthWeekAgo } } : {}),
    now,
  });
  const view: AbmPageView = { accountId, accountName: account.name, ...abm };
  const queue = me ? reviewQueue((await bookOf(db, settings.committee.segments, now)).accounts, me.userId) : [];
  const at = queue.findIndex((e) => e.accountId === accountId);
  if (at >= 0) {
    view.review = {
      position: at + 1,
      total: queue.length,
      ...(queue.length > 1 ? { next: queue[(at + 1) % queue.length]!, previous: queue[(at - 1 + queue.length) % queue.length]! } : {}),
    };
  }
  return view;
}

/** This week's review: the target accounts the current user owns for sales or marketing. */
export async function buildReviewQueue(db: Db, now: Date): Promise<ReviewEntry[]> {
  const [settings, me] = await Promise.all([qualifySettingsOf(db), getSetting(db, 'currentUser')]);
  if (!me) return [];
  return reviewQueue((await bookOf(db, settings.committee.segments, now)).accounts, me.userId);
}
