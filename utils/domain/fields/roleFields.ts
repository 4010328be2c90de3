// Buying-committee roles in sync: how a role change is named in the outbox, the default mapping of
// our roles to each CRM's own values, and applying roles that came from the CRM. Pure: no
// IndexedDB, no HTTP (utils/sync/roles.ts does the queueing, pushing and pulling).
//
// In the outbox a role is an 'update' of the deal with one canonical field per person,
// `role:<person's local id>`, whose value is our role (or null: no role). So pending roles merge,
// conflict and resolve exactly like BANT fields do (latest value wins, absolute values make retries
// idempotent, a CRM change to the same person's role becomes a conflict).
import { COMMITTEE_ROLES, type CommitteeRole } from '../committee/roles';
import { setRoleOverride, type Qualification } from '../qualification/qualification';
import type { FieldValue } from './recordFields';

export const ROLE_FIELD_PREFIX = 'role:';

/** our role → the CRM's value: Salesforce Role picklist value, HubSpot label type id, Pipedrive option id */
export type RoleMap = Partial<Record<CommitteeRole, string>>;

export function roleField(personId: string): string {
  return `${ROLE_FIELD_PREFIX}${personId}`;
}

export function isRoleField(field: string): boolean {
  return field.startsWith(ROLE_FIELD_PREFIX);
}

export function personOfRoleField(field: string): string {
  return field.slice(ROLE_FIELD_PREFIX.length);
}

export function isCommitteeRole(value: unknown): value is CommitteeRole {
  return typeof value === 'string' && (COMMITTEE_ROLES as readonly string[]).includes(value);
}

/** Outbox changes for the roles that differ between two versions of a deal's qualification. */
export function roleChanges(
  before: Readonly<Record<string, CommitteeRole>>,
  after: Readonly<Record<string, CommitteeRole>>,
): Array<{ field: string; value: FieldValue; base: FieldValue }> {
  const out: Array<{ field: string; value: FieldValue; base: FieldValue }> = [];
  for (const personId of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const base = before[personId] ?? null;
    const value = after[personId] ?? null;
    if (base !== value) out.push({ field: roleField(personId), value, base });
  }
  return out;
}

/**
 * Salesforce's standard OpportunityContactRole Role picklist: Business User, Decision Maker,
 * Economic Buyer, Economic Decision Maker, Evaluator, Executive Sponsor, Influencer, Technical
 * Buyer, Other. The closest value for each of ours (the admin can change every one).
 */
export const SALESFORCE_DEFAULT_ROLES: Readonly<Record<CommitteeRole, string>> = {
  'economic-buyer': 'Economic Buyer',
  'technical-evaluator': 'Technical Buyer',
  'end-user': 'Business User',
  influencer: 'Influencer',
  champion: 'Executive Sponsor',
  procurement: 'Evaluator',
  legal: 'Other',
  blocker: 'Other',
};

/** The labels Dealside creates (HubSpot association labels, Pipedrive "Buying role" options). */
export const ROLE_CRM_LABELS: Readonly<Record<CommitteeRole, string>> = {
  'economic-buyer': 'Economic buyer',
  'technical-evaluator': 'Technical evaluator',
  'end-user': 'End user',
  influencer: 'Influencer',
  champion: 'Champion',
  procurement: 'Procurement',
  legal: 'Legal',
  blocker: 'Blocker',
};

/** HubSpot association label internal names (lower case, underscores). */
export function hubspotRoleLabelName(role: CommitteeRole): string {
  return `dealside_${role.replace(/-/g, '_')}`;
}

/** The Pipedrive person field that holds the role. */
export const PIPEDRIVE_ROLE_FIELD_NAME = 'Buying role';

/**
 * Our role for a CRM value. Several roles may share one CRM value (Salesforce "Other"): when the
 * role we have now is one of them it stays; otherwise the first of ours that maps to it. A value
 * no role maps to is `undefined` (unknown to us: leave ours as it is).
 */
export function roleFromCrm(map: RoleMap, crmValue: string | null, current?: CommitteeRole | null): CommitteeRole | null | undefined {
  if (crmValue === null || crmValue === '') return null;
  if (current && map[current] === crmValue) return current;
  return COMMITTEE_ROLES.find((r) => map[r] === crmValue);
}

/**
 * Apply roles that came from the CRM to a deal's qualification (personId → role, null: none),
 * each change signed by the CRM in the history, like applyRemoteBant does for BANT.
 */
export function applyRemoteRoles(
  q: Qualification,
  roles: Readonly<Record<string, CommitteeRole | null>>,
  meta: { by: string; at: Date },
): Qualification {
  let next = q;
  for (const [personId, role] of Object.entries(roles)) {
    if (role !== null && !isCommitteeRole(role)) continue;
    next = setRoleOverride(next, personId, role ?? undefined, { ...meta, source: 'crm' });
  }
  return next;
}
