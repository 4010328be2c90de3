// The records Dealside keeps: accounts, people (contacts and leads), deals, activities,
// products and the team's users. Times are ISO-8601 strings (UTC) so records are plain JSON.
import * as z from 'zod/mini';
import { lazySchema } from './lazySchema';

const isoDate = lazySchema(() => z.string()); // ISO-8601; kept as text so stored records stay plain JSON

export const CRM_SYSTEMS = ['hubspot', 'salesforce', 'pipedrive', 'dynamics', 'zoho'] as const;
export const crmSystemSchema = lazySchema(() => z.enum(CRM_SYSTEMS));
export type CrmSystem = z.infer<typeof crmSystemSchema>;

/** Where a record's data came from. 'demo' records belong to the demo workspace. */
export const recordSourceSchema = lazySchema(() => z.enum(['demo', 'crm', 'import', 'local']));
export type RecordSource = z.infer<typeof recordSourceSchema>;

/** Which of our stores a CRM object lives in. */
export const entityStoreSchema = lazySchema(() => z.enum(['account', 'person', 'deal', 'activity']));
export type EntityStore = z.infer<typeof entityStoreSchema>;

export const crmRefSchema = lazySchema(() => z.object({
  system: crmSystemSchema,
  /** The CRM's own object name ('0-1', 'Contact', 'person' …) */
  objectType: z.string(),
  id: z.string(),
}));
export type CrmRef = z.infer<typeof crmRefSchema>;

/**
 * The record was deleted (archived) in this CRM while it still held the rep's work (unsent edits,
 * BANT answers): kept here, no longer counted as in the CRM. Cleared when the CRM restores it.
 */
export const crmDeletedSchema = lazySchema(() => z.object({ system: crmSystemSchema, at: isoDate }));
export type CrmDeleted = z.infer<typeof crmDeletedSchema>;

export const userSchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  team: z.enum(['sales', 'marketing', 'customer-success']),
  role: z.string(),
  source: recordSourceSchema,
}));
export type User = z.infer<typeof userSchema>;

/**
 * What kind of sale a deal is, from the CRM's deal type (Salesforce Opportunity.Type, HubSpot
 * `dealtype`, a mapped Pipedrive field): a new customer's first purchase, an add-on to what the
 * customer has (an upgrade, an upsell: its lines add to what is owned), a renewal (its lines restate
 * what is owned), a downgrade (its lines restate a smaller contract), or existing business the CRM
 * does not say more of (HubSpot's "existingbusiness": a renewal near an anniversary, an add-on
 * mid-term — `ownedFromDeals`).
 */
export const DEAL_TYPES = ['new-business', 'add-on', 'renewal', 'downgrade', 'existing'] as const;
export const dealTypeSchema = lazySchema(() => z.enum(DEAL_TYPES));
export type DealType = (typeof DEAL_TYPES)[number];

export const ownedProductSchema = lazySchema(() => z.object({
  productId: z.string(),
  since: isoDate,
  seats: z.optional(z.number()),
  /** annual recurring revenue of this product for the account (now; 0 or absent once ended) */
  arr: z.optional(z.number()),
  /** the ARR at `since`, when it has changed since (expansion, contraction); absent: `arr` throughout */
  startArr: z.optional(z.number()),
  /** ARR changes over time: from `at` on, the product brought `arr` (and `seats`) */
  changes: z.optional(z.array(z.object({ at: isoDate, arr: z.number(), seats: z.optional(z.number()), via: z.optional(dealTypeSchema) }))),
  /** the product was cancelled (churned) on this date: kept for retention, no longer owned */
  endedAt: z.optional(isoDate),
  /**
   * 'crm': derived from the account's won deals' line items (utils/domain/account/ownedFromDeals.ts)
   * and recomputed on every pull that touches them; absent: entered here (demo, CSV import, by hand),
   * which a pull never changes or removes.
   */
  source: z.optional(z.literal('crm')),
}));
export type OwnedProduct = z.infer<typeof ownedProductSchema>;

/**
 * One line of a deal as its CRM holds it (HubSpot line item, Salesforce OpportunityLineItem,
 * Pipedrive deal product), in our terms: what the connector read, not yet ARR.
 */
export const dealLineSchema = lazySchema(() => z.object({
  /** the CRM's line id */
  id: z.string(),
  /** our product record for the CRM's product */
  productId: z.string(),
  quantity: z.optional(z.number()),
  /** the line's total: per billing period when `billingMonths` is set, else per year (or once, `oneOff`) */
  amount: z.optional(z.number()),
  /** months in one billing period of a recurring line (monthly 1, quarterly 3, annually 12) */
  billingMonths: z.optional(z.number()),
  /** a one-off charge (a service, a set-up fee): not recurring revenue */
  oneOff: z.optional(z.boolean()),
  /**
   * a line of an order placed for the deal (a Dynamics 365 sales order): what was bought. A deal with
   * any such line owns by its orders' lines only; its own lines (the opportunity's products, the
   * forecast the order was made from) are not counted, so a product is never counted twice.
   */
  ordered: z.optional(z.boolean()),
}));
export type DealLine = z.infer<typeof dealLineSchema>;

export const accountSchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  /** normalised name, for lookups (see utils/text/normalize) */
  nameKey: z.string(),
  domain: z.optional(z.string()),
  industry: z.optional(z.string()),
  employees: z.optional(z.number()),
  /** the company's switchboard (CSV import); not indexed, so no store migration */
  phone: z.optional(z.string()),
  country: z.optional(z.string()),
  city: z.optional(z.string()),
  lifecycle: z.enum(['prospect', 'customer', 'former-customer', 'partner']),
  /** ABM tier; absent when the account is not on the target list */
  tier: z.optional(z.enum(['tier-1', 'tier-2', 'tier-3'])),
  keyAccount: z.boolean(),
  ownerId: z.optional(z.string()),
  marketingOwnerId: z.optional(z.string()),
  parentId: z.optional(z.string()),
  linkedinUrl: z.optional(z.string()),
  /** lower-case vanity name or numeric id of the LinkedIn company page */
  linkedinKey: z.optional(z.string()),
  products: z.array(ownedProductSchema),
  /** Added from the sidebar although the duplicate gate found possible matches (see Person). */
  addedDespite: z.optional(z.object({ reason: z.string(), matchIds: z.array(z.string()), at: z.string(), by: z.string() })),
  renewalDate: z.optional(isoDate),
  arr: z.optional(z.number()),
  currency: z.optional(z.string()),
  /**
   * ARR of won deals in a currency the CRM gives no exchange rate for, per currency: left out of
   * `arr` (never summed as if it were in `currency`) and shown as left out. Derived with the owned
   * products (ownedFromDeals.ts); not indexed, so no store migration.
   */
  arrNotConverted: z.optional(z.array(z.object({ currency: z.string(), arr: z.number() }))),
  health: z.optional(
    z.object({
      /** usage change over the last quarter, -1 … +1 */
      usageTrend: z.optional(z.number()),
      nps: z.optional(z.number()),
      csat: z.optional(z.number()),
      openEscalations: z.optional(z.number()),
    }),
  ),
  crmRefs: z.array(crmRefSchema),
  crmDeleted: z.optional(crmDeletedSchema),
  /** derived from crmRefs: `${system}:account:${id}`, indexed */
  crmKeys: z.array(z.string()),
  createdAt: isoDate,
  updatedAt: isoDate,
  lastActivityAt: z.optional(isoDate),
  /**
   * The CRM's own last activity on the record (HubSpot's Last Activity Date, Salesforce's
   * LastActivityDate …): touches made in the CRM, which Dealside holds no activity for. Pull-only.
   */
  crmActivityAt: z.optional(isoDate),
  source: recordSourceSchema,
}));
export type Account = z.infer<typeof accountSchema>;

export const personSchema = lazySchema(() => z.object({
  id: z.string(),
  kind: z.enum(['contact', 'lead']),
  firstName: z.string(),
  lastName: z.string(),
  fullName: z.string(),
  nameKey: z.string(),
  title: z.optional(z.string()),
  /** lower-case addresses, the primary first; indexed (multi-entry) */
  emails: z.array(z.string()),
  phone: z.optional(z.string()),
  linkedinUrl: z.optional(z.string()),
  /** lower-case decoded vanity name from linkedinUrl, indexed */
  linkedinKey: z.optional(z.string()),
  accountId: z.optional(z.string()),
  /** the company as typed on a lead that is not yet linked to an account */
  companyName: z.optional(z.string()),
  country: z.optional(z.string()),
  city: z.optional(z.string()),
  ownerId: z.optional(z.string()),
  leadStatus: z.optional(z.enum(['new', 'working', 'nurturing', 'qualified', 'unqualified'])),
  /** the person is known to have left the account's company */
  leftCompany: z.optional(z.boolean()),
  /** when they were seen to have left (a job change), so health's trend places it; absent when unknown */
  leftAt: z.optional(isoDate),
  /**
   * Added from the sidebar although the duplicate gate found possible matches: who chose to, why,
   * and which records they were (kept with the record, for whoever merges later).
   */
  addedDespite: z.optional(z.object({ reason: z.string(), matchIds: z.array(z.string()), at: z.string(), by: z.string() })),
  crmRefs: z.array(crmRefSchema),
  crmDeleted: z.optional(crmDeletedSchema),
  crmKeys: z.array(z.string()),
  createdAt: isoDate,
  updatedAt: isoDate,
  lastActivityAt: z.optional(isoDate),
  /**
   * The CRM's own last activity on the record (HubSpot's Last Activity Date, Salesforce's
   * LastActivityDate …): touches made in the CRM, which Dealside holds no activity for. Pull-only.
   */
  crmActivityAt: z.optional(isoDate),
  source: recordSourceSchema,
}));
export type Person = z.infer<typeof personSchema>;

export const DEAL_STAGES = [
  'discovery',
  'qualification',
  'proposal',
  'negotiation',
  'closed-won',
  'closed-lost',
] as const;
export const dealStageSchema = lazySchema(() => z.enum(DEAL_STAGES));
export type DealStage = z.infer<typeof dealStageSchema>;

export const bantLetterStatusSchema = lazySchema(() => z.enum(['unknown', 'partial', 'confirmed', 'negative']));
export type BantLetterStatus = z.infer<typeof bantLetterStatusSchema>;

/** Seed-level BANT state carried by deals; issue #3 grows this into the full model. */
export const bantSeedSchema = lazySchema(() => z.object({
  budget: bantLetterStatusSchema,
  authority: bantLetterStatusSchema,
  need: bantLetterStatusSchema,
  timing: bantLetterStatusSchema,
}));

export const dealSchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  accountId: z.optional(z.string()),
  contactIds: z.array(z.string()),
  ownerId: z.optional(z.string()),
  stage: dealStageSchema,
  amount: z.optional(z.number()),
  currency: z.string(),
  closeDate: z.optional(isoDate),
  productIds: z.array(z.string()),
  /**
   * When the CRM says the deal was won or lost, where it keeps that apart from the close date
   * (Pipedrive's won_time / lost_time; HubSpot and Salesforce set the close date itself): YYYY-MM-DD
   */
  closedAt: z.optional(isoDate),
  /** the CRM's lines (products with quantity and amount), when it has them: what a won deal's customer owns */
  lines: z.optional(z.array(dealLineSchema)),
  /** the kind of sale, from the CRM's deal type (see DEAL_TYPES); absent: not said */
  dealType: z.optional(dealTypeSchema),
  /** the stage moves seen (from the CRM, or the demo), oldest first: what moved for the weekly ABM review */
  stageChanges: z.optional(z.array(z.object({ at: isoDate, from: dealStageSchema, to: dealStageSchema }))),
  bant: z.optional(bantSeedSchema),
  /**
   * The CRM's pipeline the deal is in, where the CRM has pipelines (HubSpot `pipeline`, Pipedrive
   * `pipeline_id`, Zoho CRM `Pipeline`; Salesforce and Dynamics 365 have no standard one): its id
   * and, when known, its name. The team's framework choice can depend on it.
   */
  pipeline: z.optional(z.object({ id: z.string(), name: z.optional(z.string()) })),
  crmRefs: z.array(crmRefSchema),
  crmDeleted: z.optional(crmDeletedSchema),
  crmKeys: z.array(z.string()),
  createdAt: isoDate,
  updatedAt: isoDate,
  lastActivityAt: z.optional(isoDate),
  /**
   * The CRM's own last activity on the record (HubSpot's Last Activity Date, Salesforce's
   * LastActivityDate …): touches made in the CRM, which Dealside holds no activity for. Pull-only.
   */
  crmActivityAt: z.optional(isoDate),
  source: recordSourceSchema,
}));
export type Deal = z.infer<typeof dealSchema>;

export const ACTIVITY_TYPES = [
  'email-sent',
  'email-opened',
  'email-replied',
  'call',
  'meeting',
  'note',
  'pricing-page-visit',
  'case-study-download',
  'webinar-attended',
  'form-submitted',
  'support-ticket',
] as const;
export const activityTypeSchema = lazySchema(() => z.enum(ACTIVITY_TYPES));
export type ActivityType = z.infer<typeof activityTypeSchema>;

/**
 * The touches a rep logs by hand from the sidebar (and that sync to the CRM as its own activity):
 * a call, an e-mail sent or a reply received, a meeting, a note. The other types are signals the
 * rep does not log (opens, visits, downloads, webinars, forms, tickets).
 */
export const LOGGED_TOUCH_TYPES = ['call', 'email-sent', 'email-replied', 'meeting', 'note'] as const;
export type LoggedTouchType = (typeof LOGGED_TOUCH_TYPES)[number];

export const activitySchema = lazySchema(() => z.object({
  id: z.string(),
  type: activityTypeSchema,
  /** when it happened (a call's or meeting's start) */
  at: isoDate,
  subject: z.optional(z.string()),
  /** what the rep wrote: the call's notes, the e-mail's text, the meeting's minutes, the note */
  body: z.optional(z.string()),
  /** minutes, for calls and meetings */
  durationMin: z.optional(z.number()),
  /** calls: who called (default outbound); e-mails follow their type (sent: outbound, reply: inbound) */
  direction: z.optional(z.enum(['outbound', 'inbound'])),
  personId: z.optional(z.string()),
  accountId: z.optional(z.string()),
  dealId: z.optional(z.string()),
  ownerId: z.optional(z.string()),
  /** the CRM records it was logged as (a logged touch, once synced); absent on signals */
  crmRefs: z.optional(z.array(crmRefSchema)),
  /** derived from crmRefs: `${system}:activity:${id}` */
  crmKeys: z.optional(z.array(z.string())),
  /** when it was stored here (a logged touch) */
  createdAt: z.optional(isoDate),
  source: recordSourceSchema,
}));
export type Activity = z.infer<typeof activitySchema>;

export const productSchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  listPrice: z.number(),
  currency: z.string(),
  /** billing unit, e.g. 'seat/year' */
  unit: z.string(),
  /** who the product is sold to; absent: anyone (a unit outside it is "not applicable" in the whitespace) */
  appliesTo: z.optional(
    z.object({
      industries: z.optional(z.array(z.string())),
      /** the committee segments by employees: smb, mid-market, enterprise */
      sizeBands: z.optional(z.array(z.enum(['smb', 'mid-market', 'enterprise']))),
    }),
  ),
  source: recordSourceSchema,
}));
export type Product = z.infer<typeof productSchema>;

export function crmKey(system: CrmSystem, store: EntityStore, id: string): string {
  return `${system}:${store}:${id}`;
}

/**
 * When the record was last touched, as far as we know: the later of our own touches' time
 * (`lastActivityAt`) and the CRM's last activity on it (`crmActivityAt`, touches made in the CRM).
 */
export function lastTouchedAt(record: { lastActivityAt?: string; crmActivityAt?: string }): string | undefined {
  const ours = record.lastActivityAt;
  const crm = record.crmActivityAt;
  if (!ours || !crm) return ours ?? crm;
  return Date.parse(crm) > Date.parse(ours) ? crm : ours;
}

/** Deleted in the CRM it came from and in no other CRM: it no longer counts as "in the CRM". */
export function goneFromCrm(record: { crmRefs: readonly CrmRef[]; crmDeleted?: CrmDeleted }): boolean {
  const d = record.crmDeleted;
  return !!d && !record.crmRefs.some((r) => r.system !== d.system);
}
