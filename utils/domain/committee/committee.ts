// The buying committee of a deal (or of a lead's company): who plays which role, which required
// roles are still missing and what titles to look for, which relationships went cold, and the
// risks (the champion or economic buyer left the company, a blocker is present).
import type { CommitteeTemplate } from './committeeConfig';
import type { Activity, Person } from '../entities';
import { COMMITTEE_ROLES, type CommitteeRole, ROLE_LOOK_FOR, type TitlesToLookFor } from './roles';
import { DAY_MS, isoMs } from '../time';
import { type JobFunction, type Seniority, SENIORITIES, inferRoleFromTitle } from './titles';

export type CommitteeMember = {
  personId: string;
  name: string;
  title?: string;
  role?: CommitteeRole;
  /** 'override': the rep said so; 'inferred': from the job title; 'none': no idea yet */
  roleSource: 'override' | 'inferred' | 'none';
  seniority: Seniority;
  function: JobFunction;
  /** confidence of the title inference (1 for an override) */
  confidence: number;
  /** a contact on the deal itself (or the lead), as opposed to someone else at the account */
  onDeal: boolean;
  leftCompany: boolean;
  lastTouchAt?: string;
  cold: boolean;
};

export type RoleCoverage = { role: CommitteeRole; required: boolean; personIds: string[] };
export type CommitteeGap = {
  role: CommitteeRole;
  lookFor: TitlesToLookFor;
  /** people already known who could fill it (for a champion: the most engaged contacts) */
  candidateIds: string[];
};
export type ColdRelationship = { personId: string; role?: CommitteeRole; lastTouchAt: string; days: number };
export type CommitteeRisk = { kind: 'champion-left' | 'economic-buyer-left' | 'blocker'; personId: string };

export type Committee = {
  templateId: string;
  members: CommitteeMember[];
  coverage: { required: number; filled: number; roles: RoleCoverage[] };
  gaps: CommitteeGap[];
  cold: ColdRelationship[];
  risks: CommitteeRisk[];
};

export type CommitteeInput = {
  people: readonly Person[];
  /** personId → role set by the rep */
  overrides: Readonly<Record<string, CommitteeRole>>;
  template: CommitteeTemplate;
  activities: readonly Activity[];
  now: Date;
  coldAfterDays: number;
  /** people on the deal itself (contactIds, or the lead) */
  onDealIds?: readonly string[];
};

const ROLE_ORDER = new Map(COMMITTEE_ROLES.map((r, i) => [r, i]));
const SENIORITY_ORDER = new Map(SENIORITIES.map((s, i) => [s, i]));

export type Touch = { ms: number; at: string };

/** personId → last touch up to `nowMs`, from activities and the CRM's own lastActivityAt. */
export function lastTouchByPerson(
  people: readonly Person[],
  activities: readonly Activity[],
  nowMs: number,
): Map<string, Touch> {
  const last = new Map<string, Touch>();
  const consider = (personId: string, at: string | undefined) => {
    const ms = isoMs(at);
    if (ms === undefined || ms > nowMs) return;
    const known = last.get(personId);
    if (!known || ms > known.ms) last.set(personId, { ms, at: at! });
  };
  for (const a of activities) if (a.personId) consider(a.personId, a.at);
  for (const p of people) consider(p.id, p.lastActivityAt);
  return last;
}

export function buildCommittee(input: CommitteeInput): Committee {
  const { people, overrides, template, now, coldAfterDays } = input;
  const nowMs = now.getTime();
  const coldBefore = nowMs - coldAfterDays * DAY_MS;
  const onDeal = new Set(input.onDealIds ?? []);
  const touches = lastTouchByPerson(people, input.activities, nowMs);

  const members: CommitteeMember[] = [];
  const seen = new Set<string>();
  for (const p of people) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    const inferred = inferRoleFromTitle(p.title);
    const override = overrides[p.id];
    const role = override ?? inferred.role;
    const touch = touches.get(p.id);
    const leftCompany = p.leftCompany === true;
    const member: CommitteeMember = {
      personId: p.id,
      name: p.fullName,
      roleSource: override ? 'override' : role ? 'inferred' : 'none',
      seniority: inferred.seniority,
      function: inferred.function,
      confidence: override ? 1 : inferred.confidence,
      onDeal: onDeal.has(p.id),
      leftCompany,
      cold: !leftCompany && touch !== undefined && touch.ms < coldBefore,
    };
    if (p.title !== undefined) member.title = p.title;
    if (role !== undefined) member.role = role;
    if (touch !== undefined) member.lastTouchAt = touch.at;
    members.push(member);
  }
  members.sort(
    (a, b) =>
      (a.role ? ROLE_ORDER.get(a.role)! : 99) - (b.role ? ROLE_ORDER.get(b.role)! : 99) ||
      SENIORITY_ORDER.get(a.seniority)! - SENIORITY_ORDER.get(b.seniority)! ||
      Number(b.onDeal) - Number(a.onDeal) ||
      compareText(a.name, b.name) ||
      compareText(a.personId, b.personId),
  );

  const required = new Set(template.required);
  const holders = new Map<CommitteeRole, string[]>();
  for (const m of members) {
    if (!m.role || m.leftCompany) continue;
    const list = holders.get(m.role);
    if (list) list.push(m.personId);
    else holders.set(m.role, [m.personId]);
  }
  const roles: RoleCoverage[] = COMMITTEE_ROLES.filter((r) => required.has(r) || holders.has(r)).map((role) => ({
    role,
    required: required.has(role),
    personIds: holders.get(role) ?? [],
  }));

  const gaps: CommitteeGap[] = [];
  for (const role of template.required) {
    if (holders.has(role)) continue;
    const lookFor = template.lookFor?.[role] ?? ROLE_LOOK_FOR[role];
    gaps.push({ role, lookFor, candidateIds: role === 'champion' ? championCandidates(members) : [] });
  }

  const cold: ColdRelationship[] = members
    .filter((m) => m.cold)
    .map((m) => {
      const touch = touches.get(m.personId)!;
      return {
        personId: m.personId,
        ...(m.role ? { role: m.role } : {}),
        lastTouchAt: touch.at,
        days: Math.floor((nowMs - touch.ms) / DAY_MS),
      };
    });

  const risks: CommitteeRisk[] = [];
  for (const m of members) {
    if (m.leftCompany && m.role === 'champion') risks.push({ kind: 'champion-left', personId: m.personId });
    else if (m.leftCompany && m.role === 'economic-buyer') risks.push({ kind: 'economic-buyer-left', personId: m.personId });
    else if (!m.leftCompany && m.role === 'blocker') risks.push({ kind: 'blocker', personId: m.personId });
  }

  const filled = template.required.filter((r) => holders.has(r)).length;
  return {
    templateId: template.id,
    members,
    coverage: { required: template.required.length, filled, roles },
    gaps,
    cold,
    risks,
  };
}

// Plain code-unit order: deterministic and far cheaper than localeCompare over 100k committees.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// A champion is a behaviour: someone recently engaged who is not the buyer, a blocker or gone.
function championCandidates(members: readonly CommitteeMember[]): string[] {
  return members
    .filter(
      (m) =>
        !m.leftCompany &&
        m.role !== 'economic-buyer' &&
        m.role !== 'blocker' &&
        m.lastTouchAt !== undefined &&
        !m.cold,
    )
    .sort((a, b) => b.lastTouchAt!.localeCompare(a.lastTouchAt!))
    .slice(0, 3)
    .map((m) => m.personId);
}
