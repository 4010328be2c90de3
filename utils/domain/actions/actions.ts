// Next actions: what the rep should do now for this deal or lead, ranked, each with the reason
// built from the data. Keys are stable across recomputation (and change when the underlying fact
// changes), so "done" and "dismissed" in the qualification record stick to the right action.
import { type ActionConfig, DEFAULT_NEW_SQL_WITHIN_DAYS } from './actionConfig';
import type { AuthorityDerivation } from '../qualification/authority';
import { type BantLetter, type BantState, BANT_LETTERS } from '../qualification/bant';
import type { Committee } from '../committee/committee';
import type { Account, Activity, Deal, Person } from '../entities';
import type { Qualification } from '../qualification/qualification';
import type { AbmPhase, ActionReason, ActionReasonCode } from './reasons';
import type { StageResult } from '../qualification/stage';
import { DAY_MS, HOUR_MS, isoMs, msIso } from '../time';

export const ACTION_CATEGORIES = [
  'discovery',
  'multithread',
  'sla',
  'objection',
  're-engage',
  'hygiene',
  'nurture',
  'duplicate',
  'abm',
] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];

export type NextAction = {
  /** stable identity: done / dismissed states are stored under it */
  key: string;
  category: ActionCategory;
  /** 0–100, higher first */
  priority: number;
  dueAt: string;
  overdue: boolean;
  /** the contact it concerns */
  personId?: string;
  reason: ActionReason;
};

/** A likely duplicate found by the matcher (built separately): coordinate before outreach. */
export type DuplicateHint = { personId: string; ownerName: string; lastTouchAt?: string; name?: string };

export type ActionInput = {
  entityType: 'deal' | 'lead';
  entityId: string;
  deal?: Deal;
  lead?: Person;
  account?: Account;
  /** the committee's people (names, completeness) */
  people: readonly Person[];
  activities: readonly Activity[];
  /** BANT with authority already derived from the committee */
  bant: BantState;
  authority: AuthorityDerivation;
  stage: StageResult;
  committee: Committee;
  qualification?: Qualification;
  duplicates?: readonly DuplicateHint[];
  keyAccount: boolean;
};

// Why the order: a duplicate must be checked before any outreach; an SQL waiting on us leaks
// (DOMAIN.md: 47 h average first response); need is the letter that matters most.
const PRIORITY: Record<ActionReasonCode, number> = {
  'duplicate.coordinate': 95,
  'sla.overdue': 92,
  'sla.clock': 85,
  'objection.price.noAuthority': 80,
  'multithread.left': 78,
  'objection.price.buyer': 70,
  'discovery.need': 68,
  'discovery.budget': 64,
  'discovery.authority': 62,
  'discovery.timing': 60,
  'multithread.gap': 50,
  'multithread.gaps': 50,
  're-engage.dormant': 58,
  're-engage.stale': 55,
  'hygiene.closeDatePast': 52,
  'multithread.cold': 45,
  'hygiene.amountMissing': 40,
  'hygiene.closeDateMissing': 40,
  'nurture.notNow': 35,
  'hygiene.contactIncomplete': 30,
  'abm.support': 25,
};

const ECONOMIC_BUYER_GAP_PRIORITY = 61;

const CATEGORY: Record<ActionReasonCode, ActionCategory> = {
  'duplicate.coordinate': 'duplicate',
  'sla.overdue': 'sla',
  'sla.clock': 'sla',
  'objection.price.noAuthority': 'objection',
  'objection.price.buyer': 'objection',
  'multithread.left': 'multithread',
  'multithread.gap': 'multithread',
  'multithread.gaps': 'multithread',
  'multithread.cold': 're-engage',
  'discovery.need': 'discovery',
  'discovery.budget': 'discovery',
  'discovery.authority': 'discovery',
  'discovery.timing': 'discovery',
  're-engage.dormant': 're-engage',
  're-engage.stale': 're-engage',
  'hygiene.closeDatePast': 'hygiene',
  'hygiene.amountMissing': 'hygiene',
  'hygiene.closeDateMissing': 'hygiene',
  'hygiene.contactIncomplete': 'hygiene',
  'nurture.notNow': 'nurture',
  'abm.support': 'abm',
};

const DISCOVERY_ORDER: BantLetter[] = ['need', 'budget', 'authority', 'timing'];
const KEY_ROLES = new Set(['economic-buyer', 'champion', 'technical-evaluator']);

/** Every applicable action, ranked, including those the rep already marked done or dismissed. */
export function allActions(input: ActionInput, now: Date, config: ActionConfig): NextAction[] {
  const { deal, lead, account, stage, committee, bant } = input;
  if (deal && (deal.stage === 'closed-won' || deal.stage === 'closed-lost')) return [];
  const nowMs = now.getTime();
  const names = new Map(input.people.map((p) => [p.id, p.fullName]));
  if (lead) names.set(lead.id, lead.fullName);
  const nameOf = (id: string | undefined) => (id ? names.get(id) : undefined);
  const primaryId = lead?.id ?? deal?.contactIds.find((id) => names.has(id));
  const buyerId = input.authority.economicBuyerId;
  const roleOf = new Map(committee.members.map((m) => [m.personId, m.role]));
  const parked = stage.stage === 'nurture' || stage.stage === 'disqualified';
  const actions: NextAction[] = [];
  const add = (key: string, reason: ActionReason, dueMs: number, personId?: string, priority = PRIORITY[reason.code]) => {
    actions.push({
      key,
      category: CATEGORY[reason.code],
      priority,
      dueAt: msIso(dueMs),
      overdue: dueMs < nowMs,
      ...(personId ? { personId } : {}),
      reason,
    });
  };

  // A likely duplicate: talk to its owner before anyone reaches out.
  for (const d of input.duplicates ?? []) {
    add(
      `duplicate:${d.personId}`,
      {
        code: 'duplicate.coordinate',
        params: { ownerName: d.ownerName, ...(d.name ? { personName: d.name } : {}), ...(d.lastTouchAt ? { lastTouchAt: d.lastTouchAt } : {}) },
      },
      nowMs,
      d.personId,
    );
  }

  // The response clock of a new SQL.
  if (stage.stage === 'sql') {
    const sinceMs = sqlSince(input);
    // Only a new SQL runs a clock: on first sync a CRM full of old SQLs must not raise hundreds of alerts.
    const newSince = nowMs - (config.newSqlWithinDays ?? DEFAULT_NEW_SQL_WITHIN_DAYS) * DAY_MS;
    if (sinceMs !== undefined && sinceMs >= newSince && !respondedAfter(input.activities, sinceMs, nowMs, config)) {
      const slaHours = input.keyAccount ? config.keyAccountSlaHours : config.slaHours;
      const dueMs = sinceMs + slaHours * HOUR_MS;
      const since = msIso(sinceMs);
      const common = { slaHours, keyAccount: input.keyAccount, since };
      const reason: ActionReason =
        nowMs > dueMs
          ? { code: 'sla.overdue', params: { ...common, hoursOverdue: Math.floor((nowMs - dueMs) / HOUR_MS) } }
          : { code: 'sla.clock', params: { ...common, hoursLeft: Math.ceil((dueMs - nowMs) / HOUR_MS) } };
      add(`sla:${since}`, reason, dueMs, primaryId);
    }
  }

  // Price objections: from the budget owner it is a real one; from anyone else, reach the buyer.
  for (const o of input.qualification?.objections ?? []) {
    const atMs = isoMs(o.at);
    if (o.kind !== 'price' || atMs === undefined || atMs > nowMs) continue;
    const objectorName = nameOf(o.byPersonId) ?? o.byPersonId;
    const objectorRole = roleOf.get(o.byPersonId);
    if (objectorRole === 'economic-buyer' || o.byPersonId === buyerId) {
      add(`objection:${o.byPersonId}:${o.at}`, { code: 'objection.price.buyer', params: { objectorName, at: o.at } }, nowMs + DAY_MS, o.byPersonId);
    } else {
      const buyerName = nameOf(buyerId);
      add(
        `objection:${o.byPersonId}:${o.at}`,
        {
          code: 'objection.price.noAuthority',
          params: { objectorName, at: o.at, ...(objectorRole ? { objectorRole } : {}), ...(buyerName ? { buyerName } : {}) },
        },
        nowMs + DAY_MS,
        buyerId,
      );
    }
  }

  // The champion or the economic buyer left: the deal lost its thread.
  for (const risk of committee.risks) {
    if (risk.kind === 'blocker') continue;
    const role = risk.kind === 'champion-left' ? 'champion' : 'economic-buyer';
    add(`left:${risk.personId}`, { code: 'multithread.left', params: { role, personName: nameOf(risk.personId) ?? risk.personId } }, nowMs + DAY_MS);
  }

  if (!parked) {
    // A discovery question for every letter not yet confirmed (need first: it matters most).
    for (const letter of DISCOVERY_ORDER) {
      const status = bant[letter].status;
      if (status !== 'unknown' && status !== 'partial') continue;
      const key = `discovery:${letter}:${status}`;
      const due = nowMs + 2 * DAY_MS;
      if (letter === 'authority') {
        const buyerName = nameOf(buyerId);
        add(key, { code: 'discovery.authority', params: { status, ...(buyerName ? { buyerName } : {}) } }, due, buyerId ?? primaryId);
      } else {
        const personId = letter === 'budget' ? (buyerId ?? primaryId) : primaryId;
        add(key, { code: `discovery.${letter}`, params: { status } } as ActionReason, due, personId);
      }
    }

    // Multithreading: the required roles nobody fills yet — one action for the committee (the
    // committee section lists each role and who to look for), not one action per role repeating it.
    // Its key names the roles, so a role that goes missing later brings it back after a dismissal.
    // Without the economic buyer there is no authority: then it comes before the other gaps.
    const gapPriority = committee.gaps.some((g) => g.role === 'economic-buyer') ? ECONOMIC_BUYER_GAP_PRIORITY : undefined;
    const [onlyGap] = committee.gaps;
    if (committee.gaps.length === 1 && onlyGap) {
      const candidateNames = onlyGap.candidateIds.map((id) => nameOf(id) ?? id);
      add(
        `multithread:${onlyGap.role}`,
        { code: 'multithread.gap', params: { role: onlyGap.role, lookFor: onlyGap.lookFor, candidateNames } },
        nowMs + 3 * DAY_MS,
        onlyGap.candidateIds[0],
        gapPriority,
      );
    } else if (committee.gaps.length > 1) {
      const roles = committee.gaps.map((g) => g.role);
      add(
        `multithread:gaps:${[...roles].sort().join(',')}`,
        { code: 'multithread.gaps', params: { roles, required: committee.coverage.required, filled: committee.coverage.filled } },
        nowMs + 3 * DAY_MS,
        undefined,
        gapPriority,
      );
    }

    // Key relationships gone cold.
    for (const c of committee.cold) {
      if (!c.role || !KEY_ROLES.has(c.role)) continue;
      add(
        `cold:${c.personId}:${c.lastTouchAt}`,
        { code: 'multithread.cold', params: { role: c.role, personName: nameOf(c.personId) ?? c.personId, days: c.days, lastTouchAt: c.lastTouchAt } },
        nowMs + 2 * DAY_MS,
        c.personId,
      );
    }
  }

  // Quiet for 30 days → re-engage; 90 → reactivate or close (leads parked in nurture excepted).
  if (input.entityType === 'deal' || !parked) {
    const lastMs = lastActivity(input, nowMs);
    const refMs = lastMs ?? isoMs(deal?.createdAt ?? lead?.createdAt);
    if (refMs !== undefined) {
      const days = Math.floor((nowMs - refMs) / DAY_MS);
      const params = { days, entityType: input.entityType, ...(lastMs !== undefined ? { lastActivityAt: msIso(lastMs) } : {}) };
      const ref = msIso(refMs);
      if (days >= config.dormantAfterDays) add(`dormant:${ref}`, { code: 're-engage.dormant', params }, nowMs + 2 * DAY_MS, primaryId);
      else if (days >= config.staleAfterDays) add(`stale:${ref}`, { code: 're-engage.stale', params }, nowMs + DAY_MS, primaryId);
    }
  }

  // Record hygiene: stale close dates and missing amounts distort the forecast.
  if (deal) {
    const closeMs = isoMs(deal.closeDate);
    if (deal.closeDate && closeMs !== undefined && closeMs < nowMs) {
      add(
        `hygiene:close-date:${deal.closeDate}`,
        { code: 'hygiene.closeDatePast', params: { closeDate: deal.closeDate, days: Math.floor((nowMs - closeMs) / DAY_MS) } },
        nowMs,
      );
    } else if (!deal.closeDate) {
      add('hygiene:close-date-missing', { code: 'hygiene.closeDateMissing', params: {} }, nowMs);
    }
    if (deal.amount === undefined) add('hygiene:amount-missing', { code: 'hygiene.amountMissing', params: {} }, nowMs);
  }
  // Incomplete contact data halves win rates: the main contact first.
  const primary = lead ?? input.people.find((p) => p.id === primaryId);
  if (primary && stage.stage !== 'disqualified') {
    const fields: Array<'email' | 'phone' | 'title'> = [];
    if (primary.emails.length === 0) fields.push('email');
    if (!primary.phone) fields.push('phone');
    if (!primary.title) fields.push('title');
    if (fields.length) {
      add(
        `hygiene:contact:${primary.id}:${fields.join(',')}`,
        { code: 'hygiene.contactIncomplete', params: { personName: primary.fullName, fields } },
        nowMs + DAY_MS,
        primary.id,
      );
    }
  }

  // "Not now" is not "never": nurture, and say when to look again.
  if (stage.stage === 'nurture') {
    const reason = stage.reason;
    const targetMs = isoMs(bant.timing.targetDate);
    const reviewMs = targetMs !== undefined && targetMs - 30 * DAY_MS > nowMs ? targetMs - 30 * DAY_MS : nowMs + 90 * DAY_MS;
    const horizon = reason.code === 'stage.nurture.horizon' ? reason.params.horizon : undefined;
    const letter = reason.code === 'stage.nurture.negative' ? reason.params.letter : undefined;
    add(
      `nurture:${horizon ?? letter ?? 'other'}`,
      { code: 'nurture.notNow', params: { reviewAt: msIso(reviewMs), ...(horizon ? { horizon } : {}), ...(letter ? { letter } : {}) } },
      nowMs,
      primaryId,
    );
  }

  // ABM: marketing support that fits the sales stage of a target account.
  if (config.abmSupport && account?.tier && stage.stage !== 'disqualified') {
    const phase = abmPhase(deal);
    add(
      `abm:${account.id}:${phase}`,
      { code: 'abm.support', params: { phase, accountName: account.name, tier: account.tier } },
      nowMs + 7 * DAY_MS,
    );
  }

  return actions.sort(
    (a, b) => b.priority - a.priority || (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The ranked actions minus those the rep marked done or dismissed. */
export function nextActions(input: ActionInput, now: Date, config: ActionConfig): NextAction[] {
  const states = input.qualification?.actionStates ?? {};
  return allActions(input, now, config).filter((a) => states[a.key] === undefined);
}

function abmPhase(deal: Deal | undefined): AbmPhase {
  if (!deal || deal.stage === 'discovery' || deal.stage === 'qualification') return 'early';
  return deal.stage === 'proposal' ? 'middle' : 'late';
}

// When the entity became an SQL: the latest of the moments its letters were confirmed.
function sqlSince(input: ActionInput): number | undefined {
  let since: number | undefined;
  for (const letter of BANT_LETTERS) {
    const ms = isoMs(input.bant[letter].setAt);
    if (ms !== undefined && (since === undefined || ms > since)) since = ms;
  }
  const engagedMs = isoMs(input.authority.engagedAt);
  if (engagedMs !== undefined && (since === undefined || engagedMs > since)) since = engagedMs;
  return since ?? isoMs(input.qualification?.updatedAt ?? input.deal?.updatedAt ?? input.lead?.updatedAt);
}

function respondedAfter(activities: readonly Activity[], sinceMs: number, nowMs: number, config: ActionConfig): boolean {
  const types = new Set(config.responseActivityTypes);
  for (const a of activities) {
    if (!types.has(a.type)) continue;
    const ms = isoMs(a.at);
    // at the same moment counts: the meeting that engaged the economic buyer is itself a response
    if (ms !== undefined && ms >= sinceMs && ms <= nowMs) return true;
  }
  return false;
}

function lastActivity(input: ActionInput, nowMs: number): number | undefined {
  let last: number | undefined;
  const consider = (ms: number | undefined) => {
    if (ms !== undefined && ms <= nowMs && (last === undefined || ms > last)) last = ms;
  };
  for (const a of input.activities) consider(isoMs(a.at));
  consider(isoMs(input.deal?.lastActivityAt ?? input.lead?.lastActivityAt));
  return last;
}
