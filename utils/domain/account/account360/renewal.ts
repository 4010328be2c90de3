// Where an account's renewal stands (overdue, now, prepare, plan, later) and what to do about it:
// confirm the terms with the economic buyer, prepare the proposal, book the quarterly review.
// Pure: the clock comes in as `now`.
import type { Person } from '../../entities';
import { DAY_MS, isoMs, msIso } from '../../time';
import { type Seniority, inferRoleFromTitle } from '../../committee/titles';
import { formatDuration, formatRelativeDays } from '../../../i18n/format';
import { type Account360Input, type Dated, type Text } from './input';

export type RenewalPhase = 'overdue' | 'now' | 'prepare' | 'plan' | 'later';

export type RenewalStatus = {
  /** YYYY-MM-DD (UTC) */
  date: string;
  /** whole calendar days (UTC) from today to the renewal date; negative when overdue */
  daysLeft: number;
  phase: RenewalPhase;
  /** the last 'meeting' activity with the account, any age */
  lastMeetingAt?: string;
  text: Text;
  action?: Text;
};

/** Renewal phases by days left: overdue < 0 ≤ now ≤ 30 < prepare ≤ 90 < plan ≤ 180 < later. */
export const RENEWAL_RULES = {
  nowDays: 30,
  prepareDays: 90,
  planDays: 180,
  /** a quarterly business review is due when the last meeting is older than this */
  qbrEveryDays: 90,
  /** key accounts get a quarterly review even when the renewal is far ('later') */
  qbrForKeyAccountsAlways: true,
} as const;

export function renewalPhase(daysLeft: number): RenewalPhase {
  const R = RENEWAL_RULES;
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= R.nowDays) return 'now';
  if (daysLeft <= R.prepareDays) return 'prepare';
  if (daysLeft <= R.planDays) return 'plan';
  return 'later';
}

export function renewalStatus(input: Account360Input, acts: readonly Dated[], nowMs: number): RenewalStatus | undefined {
  const renewalMs = isoMs(input.account.renewalDate);
  if (renewalMs === undefined) return undefined;
  const renewalDay = Math.floor(renewalMs / DAY_MS);
  const daysLeft = renewalDay - Math.floor(nowMs / DAY_MS);
  const phase = renewalPhase(daysLeft);

  let lastMeeting: Dated | undefined;
  for (const d of acts) if (d.a.type === 'meeting' && (!lastMeeting || d.ms > lastMeeting.ms)) lastMeeting = d;
  const metRecently = lastMeeting !== undefined && lastMeeting.ms >= nowMs - RENEWAL_RULES.qbrEveryDays * DAY_MS;

  const status: RenewalStatus = { date: msIso(renewalDay * DAY_MS).slice(0, 10), daysLeft, phase, text: renewalText(daysLeft) };
  if (lastMeeting) status.lastMeetingAt = lastMeeting.a.at;
  const action = renewalAction(phase, metRecently, input);
  if (action) status.action = action;
  return status;
}

function renewalText(daysLeft: number): Text {
  // "passed 12 days ago", "passed yesterday", "Renews today", "Renews in 12 days" through Intl
  if (daysLeft < 0) {
    return { en: `The renewal date passed ${formatRelativeDays(daysLeft, 'en')}`, es: `La fecha de renovación pasó ${formatRelativeDays(daysLeft, 'es')}` };
  }
  if (daysLeft <= 60) return { en: `Renews ${formatRelativeDays(daysLeft, 'en')}`, es: `Se renueva ${formatRelativeDays(daysLeft, 'es')}` };
  const months = Math.round(daysLeft / 30.44);
  return { en: `Renews in about ${formatDuration(months, 'month', 'en')}`, es: `Se renueva en unos ${formatDuration(months, 'month', 'es')}` };
}

const QBR: Text = { en: 'Book the quarterly business review', es: 'Agenda la revisión trimestral (QBR)' };

function renewalAction(phase: RenewalPhase, metRecently: boolean, input: Account360Input): Text | undefined {
  switch (phase) {
    case 'overdue':
      return {
        en: 'The renewal date has passed: confirm whether it renewed',
        es: 'La fecha de renovación ya pasó: confirma si se ha renovado',
      };
    case 'now': {
      const buyer = economicBuyer(input.people);
      return buyer
        ? { en: `Confirm the renewal terms with the economic buyer (${buyer})`, es: `Confirma las condiciones de la renovación con el decisor económico (${buyer})` }
        : { en: 'Confirm the renewal terms with the economic buyer', es: 'Confirma las condiciones de la renovación con el decisor económico' };
    }
    case 'prepare':
      return metRecently
        ? { en: 'Prepare the renewal proposal, including any expansion that fits', es: 'Prepara la propuesta de renovación e incluye las ampliaciones que encajen' }
        : QBR;
    case 'plan':
      return metRecently ? undefined : QBR;
    case 'later':
      return RENEWAL_RULES.qbrForKeyAccountsAlways && input.account.keyAccount && !metRecently ? QBR : undefined;
  }
}

const SENIORITY_RANK: Readonly<Record<Seniority, number>> = {
  'c-level': 0, vp: 1, director: 2, head: 3, manager: 4, senior: 5, individual: 6, unknown: 7,
};

/** The most senior person still at the company whose title makes them the economic buyer. */
function economicBuyer(people: readonly Person[]): string | undefined {
  let best: { name: string; rank: number } | undefined;
  for (const p of people) {
    if (p.leftCompany === true) continue;
    const t = inferRoleFromTitle(p.title);
    if (t.role !== 'economic-buyer') continue;
    const rank = SENIORITY_RANK[t.seniority];
    if (!best || rank < best.rank || (rank === best.rank && p.fullName < best.name)) best = { name: p.fullName, rank };
  }
  return best?.name;
}
