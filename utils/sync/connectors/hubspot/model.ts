// HubSpot's API as Dealside uses it (see index.ts): paths, the default field map, stages,
// engagement types, error wording and the pure helpers every part shares.
import type { LoggedTouchType } from '../../../domain/entities';
import { type FieldSpec, type SyncEntity } from '../../../domain/fields/recordFields';
import { CRM_OWNER_FIELD } from '../../connector';
import { bantOptionLabel } from '../../../domain/words/labels';

export const HUBSPOT_API = 'https://api.hubapi.com';
export const HUBSPOT_DEALSIDE_ID = 'dealside_id';
export const HUBSPOT_GROUP = 'dealside';
/** the record owner property on contacts, companies and deals (an owner id of GET /crm/v3/owners) */
export const HUBSPOT_OWNER = CRM_OWNER_FIELD.hubspot!;
/** owners per page (GET /crm/v3/owners takes at most 500) */
export const OWNERS_PAGE = 500;
/** HubSpot's own contact property for the LinkedIn profile ("LinkedIn URL"), mapped when the portal has it */
export const HUBSPOT_LINKEDIN = 'hs_linkedin_url';
/** created on connect in a portal without hs_linkedin_url */
export const HUBSPOT_DEALSIDE_LINKEDIN = 'dealside_linkedin_url';

/** HubSpot's engagement objects a logged touch becomes (CRM v3 objects) */
export type HsEngagement = 'calls' | 'emails' | 'meetings' | 'notes';
export type HsType = 'contacts' | 'companies' | 'deals' | 'products' | 'line_items' | HsEngagement;
export const ENGAGEMENTS: readonly HsEngagement[] = ['calls', 'emails', 'meetings', 'notes'];
export const HUBSPOT_ENGAGEMENT_OF: Record<LoggedTouchType, HsEngagement> = { call: 'calls', 'email-sent': 'emails', 'email-replied': 'emails', meeting: 'meetings', note: 'notes' };
/** the object type ids our crmRefs use for engagements */
export const HUBSPOT_ENGAGEMENT_TYPE_ID: Record<HsEngagement, string> = { calls: '0-48', emails: '0-49', meetings: '0-47', notes: '0-46' };
/** HubSpot-defined default association type ids, engagement → contact / company / deal */
export const HUBSPOT_ENGAGEMENT_ASSOCIATIONS: Record<HsEngagement, Record<'contacts' | 'companies' | 'deals', number>> = {
  calls: { contacts: 194, companies: 182, deals: 206 },
  emails: { contacts: 198, companies: 186, deals: 210 },
  meetings: { contacts: 200, companies: 188, deals: 212 },
  notes: { contacts: 202, companies: 190, deals: 214 },
};
/** the engagement's text property (where a marker goes when there is no dealside_id) */
export const BODY_OF: Record<HsEngagement, string> = { calls: 'hs_call_body', emails: 'hs_email_text', meetings: 'hs_meeting_body', notes: 'hs_note_body' };
export const TYPE_OF: Record<SyncEntity, HsType> = { account: 'companies', person: 'contacts', deal: 'deals', product: 'products' };
/** the object type ids our crmRefs use (and HubSpot's record URLs) */
export const HUBSPOT_OBJECT_TYPE: Record<SyncEntity, string> = { account: '0-2', person: '0-1', deal: '0-3', product: '0-7' };
export const MODIFIED: Record<HsType, string> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  products: 'hs_lastmodifieddate',
  line_items: 'hs_lastmodifieddate',
  calls: 'hs_lastmodifieddate',
  emails: 'hs_lastmodifieddate',
  meetings: 'hs_lastmodifieddate',
  notes: 'hs_lastmodifieddate',
};
export const SEARCH_CAP = 10_000;
/** a company's parent company (HubSpot's parent/child company association, as a read-only property) */
export const HUBSPOT_PARENT_COMPANY = 'hs_parent_company_id';
/** crm deletions: how often the recycle bin is read */
export const HUBSPOT_ARCHIVED_EVERY_MS = 3 * 3_600_000;
export const SEARCH_PAGE = 200;
export const LIST_PAGE = 100;

export function hubspotBantProperty(field: string): string {
  return `dealside_${field.slice('bant.'.length).replace(/\./g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

export const HUBSPOT_DEFAULT_FIELDS: Record<SyncEntity, Record<string, string>> = {
  // dealtype: "newbusiness" / "existingbusiness" (and a portal's own options), the kind of sale. The
  // ABM tier is not mapped by default (HubSpot's "Ideal customer profile tier",
  // hs_ideal_customer_profile, is one a team may choose in Options): once mapped, the CRM's empty
  // value clears ours, so a default would wipe the tiers a team imported by CSV.
  // notes_last_updated: "Last Activity Date", read-only, set by HubSpot when a call, e-mail, meeting,
  // note or task is logged on the record (crmActivityAt: touches made in HubSpot)
  account: { name: 'name', domain: 'domain', industry: 'industry', employees: 'numberofemployees', country: 'country', city: 'city', ownerId: HUBSPOT_OWNER, crmActivityAt: 'notes_last_updated' },
  person: { firstName: 'firstname', lastName: 'lastname', email: 'email', phone: 'phone', title: 'jobtitle', companyName: 'company', country: 'country', city: 'city', linkedinUrl: HUBSPOT_LINKEDIN, ownerId: HUBSPOT_OWNER, crmActivityAt: 'notes_last_updated' },
  deal: { name: 'dealname', amount: 'amount', currency: 'deal_currency_code', stage: 'dealstage', closeDate: 'closedate', ownerId: HUBSPOT_OWNER, dealType: 'dealtype', crmActivityAt: 'notes_last_updated' },
  product: { name: 'name', listPrice: 'price' },
};

/** HubSpot's default sales pipeline, to our stages. */
export const HUBSPOT_DEFAULT_STAGES: Record<string, string> = {
  appointmentscheduled: 'discovery',
  qualifiedtobuy: 'qualification',
  presentationscheduled: 'proposal',
  decisionmakerboughtin: 'proposal',
  contractsent: 'negotiation',
  closedwon: 'closed-won',
  closedlost: 'closed-lost',
};




export function describeHubspotError(status: number, body: unknown): string {
  const b = body as { message?: string; category?: string; correlationId?: string; policyName?: string } | null;
  if (b && typeof b === 'object' && typeof b.message === 'string') {
    const tag = b.policyName ?? b.category;
    return `${b.message}${tag ? ` [${tag}]` : ''}${b.correlationId ? ` (correlation id ${b.correlationId})` : ''}`;
  }
  return `HTTP ${status}`;
}

/** The HubSpot type of a property Dealside creates, with its options labelled in `locale`. */
export function hsPropertyType(spec: FieldSpec, locale: 'en' | 'es' = 'en'): { type: string; fieldType: string; options?: Array<{ label: string; value: string; displayOrder: number }> } {
  switch (spec.type) {
    case 'number':
      return { type: 'number', fieldType: 'number' };
    case 'boolean':
      return { type: 'bool', fieldType: 'booleancheckbox', options: [{ label: locale === 'es' ? 'Sí' : 'Yes', value: 'true', displayOrder: 0 }, { label: 'No', value: 'false', displayOrder: 1 }] };
    case 'date':
      return { type: 'date', fieldType: 'date' };
    case 'enum':
      return { type: 'enumeration', fieldType: 'select', options: (spec.options ?? []).map((o, i) => ({ label: bantOptionLabel(o, locale), value: o, displayOrder: i })) };
    default:
      return { type: 'string', fieldType: 'textarea' };
  }
}



