// Why an action is suggested, as data: a code and the facts it was built from. describe.ts turns
// it into a sentence in English or Spanish, so reasons stay translatable and testable.
import type { BantLetter, TimingHorizon } from '../qualification/bant';
import type { BantLetterStatus } from '../entities';
import type { CommitteeRole, TitlesToLookFor } from '../committee/roles';

export type AbmPhase = 'early' | 'middle' | 'late';

export type ActionReasonParams = {
  'discovery.budget': { status: BantLetterStatus };
  /** buyerName: the economic buyer is known but not engaged yet */
  'discovery.authority': { status: BantLetterStatus; buyerName?: string };
  'discovery.need': { status: BantLetterStatus };
  'discovery.timing': { status: BantLetterStatus };
  'multithread.gap': { role: CommitteeRole; lookFor: TitlesToLookFor; candidateNames: string[] };
  /** several required roles still empty: one action for the committee, not one per role */
  'multithread.gaps': { roles: CommitteeRole[]; required: number; filled: number };
  'multithread.left': { role: 'champion' | 'economic-buyer'; personName: string };
  'multithread.cold': { role: CommitteeRole; personName: string; days: number; lastTouchAt: string };
  'sla.clock': { slaHours: number; hoursLeft: number; keyAccount: boolean; since: string };
  'sla.overdue': { slaHours: number; hoursOverdue: number; keyAccount: boolean; since: string };
  'objection.price.noAuthority': { objectorName: string; objectorRole?: CommitteeRole; at: string; buyerName?: string };
  'objection.price.buyer': { objectorName: string; at: string };
  're-engage.stale': { days: number; lastActivityAt?: string; entityType: 'deal' | 'lead' };
  're-engage.dormant': { days: number; lastActivityAt?: string; entityType: 'deal' | 'lead' };
  'hygiene.closeDatePast': { closeDate: string; days: number };
  'hygiene.closeDateMissing': Record<string, never>;
  'hygiene.amountMissing': Record<string, never>;
  'hygiene.contactIncomplete': { personName: string; fields: Array<'email' | 'phone' | 'title'> };
  'nurture.notNow': { horizon?: TimingHorizon; letter?: BantLetter; reviewAt: string };
  'duplicate.coordinate': { personName?: string; ownerName: string; lastTouchAt?: string };
  'abm.support': { phase: AbmPhase; accountName: string; tier: string };
};

export type ActionReasonCode = keyof ActionReasonParams;
export type ActionReason = { [C in ActionReasonCode]: { code: C; params: ActionReasonParams[C] } }[ActionReasonCode];

export const ACTION_REASON_CODES = [
  'discovery.budget',
  'discovery.authority',
  'discovery.need',
  'discovery.timing',
  'multithread.gap',
  'multithread.gaps',
  'multithread.left',
  'multithread.cold',
  'sla.clock',
  'sla.overdue',
  'objection.price.noAuthority',
  'objection.price.buyer',
  're-engage.stale',
  're-engage.dormant',
  'hygiene.closeDatePast',
  'hygiene.closeDateMissing',
  'hygiene.amountMissing',
  'hygiene.contactIncomplete',
  'nurture.notNow',
  'duplicate.coordinate',
  'abm.support',
] as const satisfies readonly ActionReasonCode[];
