// What the account manager's view is built from, and what its parts share: the texts in both
// languages and the account's activities with a readable time.
import type { Account, Activity, ActivityType, Person, Product } from '../../entities';
import { isoMs } from '../../time';
import type { Bilingual } from '../../bilingual';
import { type CommitteeConfig } from '../../committee/committeeConfig';
import { type CommitteeRole } from '../../committee/roles';
import { type bookRetention } from '../retention';
import { type MatrixDeal, type MatrixPeer, type MatrixUnit, type PeerIndex } from '../whitespaceMatrix';

/** Every text in both languages (the project's `Bilingual`). */
export type Text = Bilingual;

export type Account360Input = {
  account: Account;
  catalog: readonly Product[];
  /** people of the account */
  people: readonly Person[];
  /** personId → buying-committee role set by a rep on one of the account's deals */
  roleOverrides?: Readonly<Record<string, CommitteeRole>>;
  /** the committee templates (the team's qualify settings); DEFAULT_COMMITTEE_CONFIG when absent */
  committee?: CommitteeConfig;
  /** the account's activities (any age; the module picks the windows it needs) */
  activities: readonly Activity[];
  /** the accounts below this one (business units, subsidiaries), for the whitespace matrix */
  units?: readonly MatrixUnit[];
  /** deals of the account and its units (open ones fill matrix cells) */
  deals?: readonly MatrixDeal[];
  /** other accounts, for propensity (only lifecycle 'customer' ones count), or their prebuilt index */
  peers: readonly MatrixPeer[] | PeerIndex;
  /** the accounts of the user's book (with `bookOwnerId`), for the book's retention */
  book?: { ownerId: string; accounts: Parameters<typeof bookRetention>[0] };
  now: Date;
};

/** Activities that show two-way contact with the customer (they answered, talked or met). */
export const TOUCH_TYPES: readonly ActivityType[] = ['meeting', 'call', 'email-replied'];

export type Dated = { a: Activity; ms: number };

/** Activities with a readable time up to now (future-dated ones are plans, not contact). */
export function datedActivities(activities: readonly Activity[], nowMs: number): Dated[] {
  const out: Dated[] = [];
  for (const a of activities) {
    const ms = isoMs(a.at);
    if (ms !== undefined && ms <= nowMs) out.push({ a, ms });
  }
  return out;
}

export const isTouch = (type: ActivityType) => TOUCH_TYPES.includes(type);
