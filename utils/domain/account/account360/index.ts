// The account manager's view of a customer account (DOMAIN.md, "Account management and key
// accounts"): its health (declining usage, key-contact changes, negative feedback, escalations,
// engagement, the buying committee and its anchors) with its trend, where the renewal stands and
// what to do about it, and the whitespace matrix across the account's hierarchy (whitespaceMatrix.ts):
// health.ts, renewal.ts and whitespace.ts, over what input.ts describes.
// Pure: the clock comes in as `now`; every rule below is a documented constant a team can tune.
import { type ArrAtRisk, type BookRetention, type Retention, accountRetention, arrAtRisk, bookRetention } from '../retention';
import { type WhitespaceMatrix } from '../whitespaceMatrix';
import { type AccountHealth, accountHealth } from './health';
import { type Account360Input, datedActivities } from './input';
import { type RenewalStatus, renewalStatus } from './renewal';
import { accountWhitespace } from './whitespace';
import type { Account, CrmSystem } from '../../entities';

export { type AccountHealth, type HealthPoint, type HealthSignal, HEALTH_RULES, healthBand } from './health';
export { type Account360Input, type Text, TOUCH_TYPES } from './input';
export { type RenewalPhase, type RenewalStatus, RENEWAL_RULES, renewalPhase } from './renewal';

export type Account360 = {
  /** customers and former customers only */
  health?: AccountHealth;
  /** when renewalDate is set (and readable) */
  renewal?: RenewalStatus;
  /** the account and its units × the catalogue: owned, in a deal, whitespace (ranked) or not applicable */
  matrix: WhitespaceMatrix;
  /** net revenue retention over the last 12 months (customers and former customers) */
  retention?: Retention;
  /** the ARR at risk at the renewal (when there is a renewal date) */
  atRisk?: ArrAtRisk;
  /** the retention of the book of accounts `bookOwnerId` owns, when given */
  book?: BookRetention;
  /** ARR left out of the account's (a currency its CRM gives no rate for), and that CRM */
  arrNotConverted?: ArrNotConverted;
};

export type ArrNotConverted = { items: NonNullable<Account['arrNotConverted']>; crm?: CrmSystem };

/** What the account's ARR leaves out, for showing: undefined when nothing is. */
export function arrNotConvertedOf(account: Pick<Account, 'arrNotConverted' | 'crmRefs'>): ArrNotConverted | undefined {
  if (!account.arrNotConverted?.length) return undefined;
  const crm = account.crmRefs[0]?.system;
  return { items: account.arrNotConverted, ...(crm ? { crm } : {}) };
}

export function account360(input: Account360Input): Account360 {
  const nowMs = input.now.getTime();
  const acts = datedActivities(input.activities, nowMs);
  const out: Account360 = {
    matrix: accountWhitespace(input),
  };
  const lifecycle = input.account.lifecycle;
  if (lifecycle === 'customer' || lifecycle === 'former-customer') out.health = accountHealth(input, acts, nowMs);
  const renewal = renewalStatus(input, acts, nowMs);
  if (renewal) out.renewal = renewal;
  if (lifecycle === 'customer' || lifecycle === 'former-customer') {
    out.retention = accountRetention(input.account, input.now);
    const atRisk = arrAtRisk(input.account, out.health, input.now);
    if (atRisk) out.atRisk = atRisk;
  }
  if (input.book) out.book = bookRetention(input.book.accounts, input.book.ownerId, input.now);
  const leftOut = arrNotConvertedOf(input.account);
  if (leftOut) out.arrNotConverted = leftOut;
  return out;
}
