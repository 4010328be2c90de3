// Authority is not typed in: DOMAIN.md confirms it when the economic buyer is identified (named
// by the rep, or inferred from a title in the committee) AND engaged (a two-way touch within the
// configured days, or the rep vouching for it).
import type { AuthorityAnswer } from './bant';
import type { CommitteeMember } from '../committee/committee';
import type { CommitteeConfig } from '../committee/committeeConfig';
import type { Activity, BantLetterStatus } from '../entities';
import { DAY_MS, isoMs } from '../time';
import { SENIORITIES } from '../committee/titles';

export type AuthorityDerivation = {
  status: BantLetterStatus;
  economicBuyerId?: string;
  engaged: boolean;
  /** the touch that made the economic buyer engaged (absent when the rep vouched for it) */
  engagedAt?: string;
  reason: 'buyer-engaged' | 'buyer-not-engaged' | 'no-buyer' | 'rep-negative';
};

const SENIORITY_ORDER = new Map(SENIORITIES.map((s, i) => [s, i]));

/** The economic buyer: the rep's choice if still at the company, else the most senior one inferred. */
export function pickEconomicBuyer(
  answer: Pick<AuthorityAnswer, 'economicBuyerId'>,
  members: readonly CommitteeMember[],
): CommitteeMember | undefined {
  let best: CommitteeMember | undefined;
  for (const m of members) {
    if (m.leftCompany) continue;
    if (m.personId === answer.economicBuyerId) return m;
    if (m.role !== 'economic-buyer') continue;
    if (
      !best ||
      (best.roleSource !== 'override' && m.roleSource === 'override') ||
      (best.roleSource === m.roleSource && SENIORITY_ORDER.get(m.seniority)! < SENIORITY_ORDER.get(best.seniority)!)
    ) {
      best = m;
    }
  }
  return best;
}

export type Engagement = { ms: number; at: string };

/** One person's two-way activities (meetings, calls, replies by default), oldest first. */
export function engagementTimes(
  personId: string,
  activities: readonly Activity[],
  config: Pick<CommitteeConfig, 'engagedActivityTypes'>,
): Engagement[] {
  const types = config.engagedActivityTypes;
  const times: Engagement[] = [];
  for (const a of activities) {
    if (a.personId !== personId || !types.includes(a.type)) continue;
    const ms = isoMs(a.at);
    if (ms !== undefined) times.push({ ms, at: a.at });
  }
  return times.sort((a, b) => a.ms - b.ms);
}

export function deriveAuthority(
  answer: AuthorityAnswer,
  buyer: CommitteeMember | undefined,
  /** the buyer's engagements, oldest first (see engagementTimes) */
  buyerEngagements: readonly Engagement[],
  at: number,
  config: Pick<CommitteeConfig, 'engagedWithinDays'>,
): AuthorityDerivation {
  let engagedAt: string | undefined;
  for (let i = buyerEngagements.length - 1; i >= 0; i--) {
    const e = buyerEngagements[i]!;
    if (e.ms <= at) {
      if (e.ms >= at - config.engagedWithinDays * DAY_MS) engagedAt = e.at;
      break;
    }
  }
  // the rep's word counts only for the buyer they named (a past date reads the answer of that day)
  const vouched =
    answer.engaged && buyer !== undefined && (answer.economicBuyerId === undefined || answer.economicBuyerId === buyer.personId);
  const engaged = buyer !== undefined && (engagedAt !== undefined || vouched);
  // built field by field: this runs for every point of every trend
  const result: AuthorityDerivation = { status: 'unknown', engaged, reason: 'no-buyer' };
  if (buyer) result.economicBuyerId = buyer.personId;
  if (buyer && engaged) {
    result.status = 'confirmed';
    result.reason = 'buyer-engaged';
    if (engagedAt !== undefined) result.engagedAt = engagedAt;
  } else if (answer.status === 'negative') {
    result.status = 'negative';
    result.reason = 'rep-negative';
  } else if (buyer) {
    result.status = 'partial';
    result.reason = 'buyer-not-engaged';
  } else if (answer.status === 'partial' || answer.status === 'confirmed') {
    // the rep believes authority is in hand but nobody in the committee is the buyer yet
    result.status = 'partial';
  }
  return result;
}
