// Which of the three moments (DESIGN.md) a page is, so the sidebar's header answers that person's
// question first: the rep on a call (a deal or lead), the SDR before outreach (someone or some
// company not in the CRM yet, or any LinkedIn page), the account manager (a customer's account).
import type { EntityView, TabView } from '../../utils/messaging/views';

export type Moment = 'rep' | 'sdr' | 'am';

export function chooseMoment(view: Pick<TabView, 'ref'> & { entity: EntityView }): Moment {
  const { entity } = view;
  const onLinkedin = view.ref?.site === 'linkedin';
  // LinkedIn, and anything not (surely) in the CRM: first "is it in the CRM, whose, am I about to duplicate?"
  if (onLinkedin || entity.verdict !== 'in-crm') return 'sdr';
  if (entity.subject === 'deal') return 'rep';
  // A customer's own account page: the account manager, even with a deal open on it.
  if (entity.subject === 'company' && entity.account360) return 'am';
  // A lead, or a contact (or prospect company) with an open deal: the rep qualifying it.
  if (entity.qualification) return 'rep';
  // A customer's account (or a contact of one, with no deal open): health, renewal, whitespace.
  if (entity.account360) return 'am';
  return 'sdr';
}

/**
 * The page is the CRM's own record of what the sidebar shows (matched by its CRM id): saying
 * "In CRM" there tells the user nothing.
 */
export function isOwnCrmRecord(view: Pick<TabView, 'ref'> & { entity: EntityView }): boolean {
  const site = view.ref?.site;
  if (!site || site === 'linkedin') return false;
  const { entity } = view;
  const first = entity.people[0] ?? entity.accounts[0] ?? entity.deals[0];
  return first?.matchedBy === 'crm-id';
}

/**
 * What "Add to the CRM" offers here: a person, a company, or nothing. Only for the SDR, only for
 * what the CRM does not hold — and never on a CRM's own record page while that CRM is connected:
 * the record IS in the CRM (not yet in Dealside's copy), and adding it would make a duplicate.
 */
export function addOffer(view: Pick<TabView, 'ref' | 'workspaceMode'> & { entity: EntityView }, moment: Moment): 'person' | 'company' | undefined {
  const { entity, ref } = view;
  if (moment !== 'sdr' || entity.verdict === 'in-crm') return undefined;
  if (ref && ref.site !== 'linkedin' && ref.recordId && view.workspaceMode === 'crm') return undefined;
  if (entity.subject === 'person') return 'person';
  if (entity.subject === 'company') return 'company';
  return undefined;
}
