// The demo workspace that seeds the store on first install: a pure, deterministic generator.
// Same seed and same `now` give byte-identical output. No clock, no Math.random, no browser APIs:
// every date is an offset from `now`, every random choice comes from a seeded PRNG. The steps
// (utils/demo/steps/) run in a fixed order over one shared context; each draws from its own
// random stream.
import { type Account, type Activity, type Deal, type Person, type Product, type User } from '../domain/entities';
import type { AccountPlan } from '../domain/account/keyAccount';
import { DEMO_CAST, buildCast } from './cast';
import { DEMO_PRODUCTS } from './data/catalog';
import { DEMO_USERS } from './data/users';
import { pad } from './text';
import { generateAccounts } from './steps/accounts';
import { generateActivities } from './steps/activities';
import { DemoContext, dropUndefined, iso } from './steps/context';
import { generateDeals } from './steps/deals';
import { generateDuplicates } from './steps/duplicates';
import { generateProductHistory, generateStageHistory } from './steps/history';
import { generatePeople } from './steps/people';

export interface DemoWorkspace {
  users: User[];
  accounts: Account[];
  people: Person[];
  deals: Deal[];
  activities: Activity[];
  products: Product[];
  /** deliberate duplicates: [originalId, duplicateId] */
  duplicatePairs: Array<[string, string]>;
  /** key accounts' plans (the cast's key account, partly done) */
  accountPlans: AccountPlan[];
}

export interface GenerateDemoOptions {
  now: Date;
  seed?: number;
}

export const DEFAULT_DEMO_SEED = 4481234;

/** The demo workspace for `now`: users, accounts, people, deals, activities and products. */
export function generateDemoWorkspace(opts: GenerateDemoOptions): DemoWorkspace {
  const nowMs = opts.now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error('generateDemoWorkspace: invalid `now`');
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;

  const cast = buildCast(opts.now);
  const g = new DemoContext(seed, nowMs);
  g.reserveCast(cast.accounts, cast.people);
  generateAccounts(g);
  generatePeople(g);
  generateDuplicates(g);
  generateDeals(g);
  generateActivities(g);
  generateProductHistory(g);
  generateStageHistory(g);

  // Activities: the cast's first, then the generated ones in time order; ids follow that order.
  const activities: Activity[] = cast.activities.map((a, i) => ({ id: `demo-act-${pad(i + 1, 6)}`, ...a }));
  const sorted = g.pending.slice().sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  for (const a of sorted) {
    const r = { id: `demo-act-${pad(activities.length + 1, 6)}`, type: a.type, at: iso(a.atMs) } as Activity;
    r.subject = a.subject;
    if (a.personId !== undefined) r.personId = a.personId;
    if (a.accountId !== undefined) r.accountId = a.accountId;
    if (a.dealId !== undefined) r.dealId = a.dealId;
    if (a.ownerId !== undefined) r.ownerId = a.ownerId;
    r.source = 'demo';
    activities.push(r);
  }

  // lastActivityAt = the latest activity of each record (ISO strings of one format sort by time).
  const last = new Map<string, string>();
  const bump = (id: string | undefined, at: string) => {
    if (id === undefined) return;
    const cur = last.get(id);
    if (cur === undefined || at > cur) last.set(id, at);
  };
  for (const a of activities) {
    bump(a.personId, a.at);
    bump(a.accountId, a.at);
    bump(a.dealId, a.at);
  }
  /** the cast's records: lastActivityAt goes before `source`, the schema's order */
  const castWithLast = <T extends { id: string; lastActivityAt?: string; source: string }>(r: T): T => {
    const at = last.get(r.id);
    if (at === undefined) return r;
    const { source, ...rest } = r;
    return { ...rest, lastActivityAt: at, source } as T;
  };
  /** generated records carry a lastActivityAt slot already */
  const generatedWithLast = <T extends { id: string; lastActivityAt?: string }>(r: T): T => {
    r.lastActivityAt = last.get(r.id);
    return dropUndefined(r);
  };

  const accounts = [...cast.accounts.map(castWithLast), ...g.accounts.map((a) => generatedWithLast(a.account))];
  const people = [...cast.people.map(castWithLast), ...g.people.map((p) => generatedWithLast(p.person))];
  const deals = [...cast.deals.map(castWithLast), ...g.deals.map((d) => generatedWithLast(d.deal))];

  return {
    users: DEMO_USERS.map((u) => ({ ...u })),
    accounts,
    people,
    deals,
    activities,
    products: DEMO_PRODUCTS.map((p) => ({ ...p })),
    duplicatePairs: [
      ...DEMO_CAST.duplicatePairs.map(([a, b]): [string, string] => [a, b]),
      ...g.duplicatePairs,
    ],
    accountPlans: cast.accountPlans,
  };
}
