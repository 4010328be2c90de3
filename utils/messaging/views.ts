// What the background answers to the UI: the view of the entity on a tab. Built in the
// background from the store; rendered by every surface (sidebar, side panel, popup).
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { pageRefSchema } from '../sites/types';
import { pageSnapshotSchema } from '../sites/snapshot';
import {
  crmDeletedSchema,
  crmSystemSchema,
  activityTypeSchema,
  dealStageSchema,
  recordSourceSchema,
} from '../domain/entities';
import { qualificationViewSchema } from './qualificationView';
import { bilingualSchema } from '../domain/bilingual';
import { DEAL_TYPES } from '../domain/entities';
import { segmentSchema } from '../domain/committee/committeeConfig';

export const MATCH_METHODS = ['crm-id', 'linkedin', 'email', 'domain', 'match', 'name-company', 'name'] as const;
export const matchMethodSchema = lazySchema(() => z.enum(MATCH_METHODS));
export type MatchMethod = z.infer<typeof matchMethodSchema>;

const userRefSchema = lazySchema(() => z.object({ id: z.string(), name: z.string() }));

export const activitySummarySchema = lazySchema(() => z.object({
  at: z.string(),
  /** absent for a touch only the CRM knows of (`inCrm`): its kind is not read */
  type: z.optional(activityTypeSchema),
  subject: z.optional(z.string()),
  ownerName: z.optional(z.string()),
  /** the CRM's own last activity on the record (made there, with no activity of ours): which CRM */
  inCrm: z.optional(crmSystemSchema),
}));
export type ActivitySummary = z.infer<typeof activitySummarySchema>;

export const dealSummarySchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  stage: dealStageSchema,
  amount: z.optional(z.number()),
  currency: z.string(),
  closeDate: z.optional(z.string()),
  owner: z.optional(userRefSchema),
}));
export type DealSummary = z.infer<typeof dealSummarySchema>;

/**
 * What an account's ARR leaves out (utils/domain/account/ownedFromDeals.ts): per currency the CRM
 * gives no exchange rate for, and the CRM whose deals they are.
 */
export const arrNotConvertedSchema = lazySchema(() => z.object({ items: z.array(z.object({ currency: z.string(), arr: z.number() })), crm: z.optional(z.string()) }));
export type ArrNotConvertedView = z.infer<typeof arrNotConvertedSchema>;

export const accountSummarySchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  domain: z.optional(z.string()),
  industry: z.optional(z.string()),
  employees: z.optional(z.number()),
  country: z.optional(z.string()),
  tier: z.optional(z.string()),
  lifecycle: z.string(),
  keyAccount: z.boolean(),
  renewalDate: z.optional(z.string()),
  arr: z.optional(z.number()),
  currency: z.optional(z.string()),
  /** ARR of won deals in a currency the CRM gives no rate for: left out of `arr`, shown as such */
  arrNotConverted: z.optional(arrNotConvertedSchema),
}));
export type AccountSummary = z.infer<typeof accountSummarySchema>;

/**
 * The matcher's evidence for a likely match: its band, probability and reasons in both languages.
 * Band 'related': another company of the same group (never the same company); `relation` says
 * what the matched company is to the page's — its parent, a subsidiary, or a sister company.
 */
export const matchEvidenceSchema = lazySchema(() => z.object({
  band: z.enum(['duplicate', 'possible', 'distinct', 'related']),
  relation: z.optional(z.enum(['parent', 'subsidiary', 'sibling'])),
  probability: z.number(),
  reasons: z.object({ en: z.string(), es: z.string() }),
}));

export const personMatchSchema = lazySchema(() => z.object({
  id: z.string(),
  kind: z.enum(['contact', 'lead']),
  fullName: z.string(),
  title: z.optional(z.string()),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  linkedinUrl: z.optional(z.string()),
  companyName: z.optional(z.string()),
  account: z.optional(accountSummarySchema),
  owner: z.optional(userRefSchema),
  lastActivity: z.optional(activitySummarySchema),
  openDeals: z.array(dealSummarySchema),
  matchedBy: matchMethodSchema,
  evidence: z.optional(matchEvidenceSchema),
  /** the owner is someone else and touched it recently: coordinate before reaching out */
  ownedByOtherRecently: z.optional(z.boolean()),
  source: recordSourceSchema,
  /** the CRMs that hold it (a record made here has none until the CRM accepts its creation) */
  crmSystems: z.optional(z.array(z.string())),
  /** where it opens in each CRM that holds it (utils/sync/recordUrl.ts) */
  crmLinks: z.optional(z.array(z.object({ system: z.string(), url: z.string() }))),
  /** its owner is the current user */
  mine: z.optional(z.boolean()),
  /** deleted in this CRM while it held the rep's work: kept here, no longer in the CRM */
  crmDeleted: z.optional(crmDeletedSchema),
}));
export type PersonMatch = z.infer<typeof personMatchSchema>;

export const accountMatchSchema = lazySchema(() => z.object({
  account: accountSummarySchema,
  owner: z.optional(userRefSchema),
  /** the account is the current user's own */
  mine: z.optional(z.boolean()),
  /** where it opens in each connected CRM that holds it */
  crmLinks: z.optional(z.array(z.object({ system: z.string(), url: z.string() }))),
  lastActivity: z.optional(activitySummarySchema),
  openDeals: z.array(dealSummarySchema),
  contactCount: z.number(),
  matchedBy: matchMethodSchema,
  evidence: z.optional(matchEvidenceSchema),
  source: recordSourceSchema,
  crmDeleted: z.optional(crmDeletedSchema),
}));
export type AccountMatch = z.infer<typeof accountMatchSchema>;

export const dealMatchSchema = lazySchema(() => z.object({
  deal: dealSummarySchema,
  account: z.optional(accountSummarySchema),
  lastActivity: z.optional(activitySummarySchema),
  matchedBy: matchMethodSchema,
  source: recordSourceSchema,
  crmDeleted: z.optional(crmDeletedSchema),
}));
export type DealMatch = z.infer<typeof dealMatchSchema>;

/**
 * 'in-crm': a record matched on something that identifies it (CRM id, LinkedIn URL, e-mail,
 * domain, name + company); 'possible': only a weaker match (same name); 'new': nothing matched.
 */
export const verdictSchema = lazySchema(() => z.enum(['in-crm', 'possible', 'new']));
export type Verdict = z.infer<typeof verdictSchema>;

const peerBasisSchema = lazySchema(() => z.union([
  z.object({ kind: z.literal('similar'), industry: z.string(), size: segmentSchema }),
  z.object({ kind: z.literal('industry'), industry: z.string() }),
  z.object({ kind: z.literal('size'), size: segmentSchema }),
  z.object({ kind: z.literal('all') }),
]));

/** One unit × product of the whitespace matrix (utils/domain/account/whitespaceMatrix.ts). */
const matrixCellSchema = lazySchema(() => z.union([
  z.object({ state: z.literal('owned'), since: z.string(), seats: z.optional(z.number()), arr: z.optional(z.number()), currency: z.string() }),
  z.object({ state: z.literal('in-deal'), dealId: z.string(), dealName: z.string(), stage: dealStageSchema, amount: z.optional(z.number()), currency: z.string() }),
  z.object({
    state: z.literal('whitespace'),
    propensity: z.number(),
    peers: z.object({ owners: z.number(), of: z.number(), basis: peerBasisSchema, fallback: z.boolean() }),
    estimatedSeats: z.number(),
    estimatedArr: z.number(),
    expectedValue: z.number(),
    currency: z.string(),
    reason: bilingualSchema,
  }),
  z.object({ state: z.literal('not-applicable'), reason: bilingualSchema }),
]));
export type MatrixCellView = z.infer<typeof matrixCellSchema>;

const reasonsSchema = lazySchema(() => z.object({ addOn: z.number(), atRenewal: z.number(), downgrade: z.number() }));

/** Net revenue retention (utils/domain/account/retention.ts). */
const retentionSchema = lazySchema(() => z.object({
  currency: z.string(),
  startArr: z.number(),
  endArr: z.number(),
  expansion: z.number(),
  contraction: z.number(),
  churn: z.number(),
  nrr: z.optional(z.number()),
  movements: z.array(z.object({ productId: z.string(), kind: z.enum(['expansion', 'new', 'contraction', 'churn']), amount: z.number(), via: z.optional(z.enum(DEAL_TYPES)) })),
  /** what the expansion and the contraction came from (the deals' types) */
  expansionBy: z.optional(reasonsSchema),
  contractionBy: z.optional(reasonsSchema),
  text: bilingualSchema,
}));

const planItemSchema = lazySchema(() => z.object({
  key: z.enum(['profile', 'needs', 'audience', 'manager', 'value-adds', 'commitments', 'alignment', 'review']),
  state: z.enum(['done', 'due', 'missing']),
  label: bilingualSchema,
  evidence: z.optional(bilingualSchema),
  note: z.optional(z.string()),
  at: z.optional(z.string()),
  action: z.optional(bilingualSchema),
  source: z.enum(['plan', 'crm']),
}));

/** A key account: share of revenue, ACV, CLV, the plan's checklist and the response SLA (utils/domain/account/keyAccount.ts). */
export const keyAccountViewSchema = lazySchema(() => z.object({
  key: z.boolean(),
  basis: z.enum(['share', 'flag', 'both', 'none']),
  share: z.number(),
  threshold: z.number(),
  currency: z.string(),
  teamArr: z.number(),
  acv: z.number(),
  unitsWithArr: z.number(),
  clv: z.object({
    value: z.number(),
    toDate: z.number(),
    firstSince: z.optional(z.string()),
    lifetime: z.object({ years: z.number(), basis: z.enum(['churn', 'none-lost', 'fallback']), churnRate: z.optional(z.number()) }),
  }),
  text: z.object({ status: bilingualSchema, acv: bilingualSchema, clv: bilingualSchema }),
  slaHours: z.number(),
  plan: z.optional(z.object({ items: z.array(planItemSchema), done: z.number(), total: z.number() })),
  response: z.optional(
    z.object({ at: z.string(), type: activityTypeSchema, personId: z.optional(z.string()), dueAt: z.string(), overdue: z.boolean(), hours: z.number(), text: bilingualSchema }),
  ),
}));
export type KeyAccountView = z.infer<typeof keyAccountViewSchema>;

const reviewEntrySchema = lazySchema(() => z.object({ accountId: z.string(), name: z.string(), tier: z.enum(['tier-1', 'tier-2', 'tier-3']) }));
export type ReviewEntryView = z.infer<typeof reviewEntrySchema>;

/** A target account's ABM: tier, both owners, marketing's support for the stage, what moved this week (utils/domain/account/abm.ts). */
export const abmViewSchema = lazySchema(() => z.object({
  /** the account it is about (the page's own, or its contact's or deal's) */
  accountId: z.string(),
  accountName: z.string(),
  tier: z.optional(z.enum(['tier-1', 'tier-2', 'tier-3'])),
  tierLabel: z.optional(bilingualSchema),
  salesOwner: z.optional(userRefSchema),
  marketingOwner: z.optional(userRefSchema),
  ownerGaps: z.array(bilingualSchema),
  phase: z.enum(['early', 'mid', 'late']),
  phaseDeal: z.optional(z.object({ id: z.string(), name: z.string(), stage: dealStageSchema })),
  support: z.object({ title: bilingualSchema, items: z.array(bilingualSchema) }),
  moves: z.array(
    z.object({
      kind: z.enum(['stage', 'engaged', 'stalled', 'score', 'health']),
      tone: z.enum(['good', 'risk']),
      text: bilingualSchema,
      dealId: z.optional(z.string()),
      personId: z.optional(z.string()),
    }),
  ),
  next: bilingualSchema,
  /** where the page's account stands in the user's weekly review */
  review: z.optional(z.object({ position: z.number(), total: z.number(), next: z.optional(reviewEntrySchema), previous: z.optional(reviewEntrySchema) })),
}));
export type AbmViewData = z.infer<typeof abmViewSchema>;

/** One account of the weekly review, shown in the side panel whatever page is open. */
export const reviewAccountViewSchema = lazySchema(() => z.object({
  accountId: z.string(),
  name: z.string(),
  lifecycle: z.string(),
  health: z.optional(z.object({ score: z.number(), band: z.enum(['healthy', 'watch', 'at-risk']) })),
  keyAccount: z.optional(z.boolean()),
  abm: abmViewSchema,
}));
export type ReviewAccountView = z.infer<typeof reviewAccountViewSchema>;

export const reviewQueueSchema = lazySchema(() => z.object({ entries: z.array(reviewEntrySchema) }));

/** The account manager's view of a customer account (utils/domain/account/account360/). */
export const account360ViewSchema = lazySchema(() => z.object({
  accountId: z.string(),
  health: z.optional(
    z.object({
      score: z.number(),
      band: z.enum(['healthy', 'watch', 'at-risk']),
      signals: z.array(z.object({ key: z.string(), points: z.number(), tone: z.enum(['good', 'risk']), text: bilingualSchema })),
      trend: z.object({
        points: z.array(z.object({ at: z.string(), score: z.number() })),
        change: z.number(),
        direction: z.enum(['up', 'down', 'flat']),
      }),
    }),
  ),
  renewal: z.optional(
    z.object({
      date: z.string(),
      daysLeft: z.number(),
      phase: z.enum(['overdue', 'now', 'prepare', 'plan', 'later']),
      lastMeetingAt: z.optional(z.string()),
      text: bilingualSchema,
      action: z.optional(bilingualSchema),
    }),
  ),
  retention: z.optional(retentionSchema),
  atRisk: z.optional(z.object({ arr: z.number(), currency: z.string(), text: bilingualSchema })),
  arrNotConverted: z.optional(arrNotConvertedSchema),
  book: z.optional(
    z.object({
      byCurrency: z.array(z.extend(retentionSchema, { accounts: z.number() })),
      renewing: z.array(z.object({ currency: z.string(), arr: z.number(), accounts: z.number() })),
    }),
  ),
  keyAccount: z.optional(keyAccountViewSchema),
  matrix: z.object({
    units: z.array(z.object({ id: z.string(), name: z.string(), label: z.string(), depth: z.number(), size: z.optional(segmentSchema), industry: z.optional(z.string()) })),
    products: z.array(z.object({ id: z.string(), name: z.string(), family: z.string() })),
    cells: z.array(z.array(matrixCellSchema)),
    ranked: z.array(z.tuple([z.number(), z.number()])),
    actions: z.array(
      z.object({ unitId: z.string(), productId: z.string(), expectedValue: z.number(), currency: z.string(), text: bilingualSchema, reason: bilingualSchema }),
    ),
  }),
}));
export type Account360View = z.infer<typeof account360ViewSchema>;

export const entityViewSchema = lazySchema(() => z.object({
  subject: z.enum(['person', 'company', 'deal']),
  /** what the page calls it (or, failing that, the matched record's name) */
  displayName: z.string(),
  subtitle: z.optional(z.string()),
  verdict: verdictSchema,
  people: z.array(personMatchSchema),
  /** for a person: their company — the matched person's account, or the company the page names */
  company: z.optional(accountMatchSchema),
  accounts: z.array(accountMatchSchema),
  deals: z.array(dealMatchSchema),
  /** other records that look like the same person or company as the one on the page */
  duplicates: z.array(personMatchSchema),
  /** the duplicates are still being looked for (a worker just woken loads its match index after
   * answering with the record itself): they follow in a moment */
  duplicatesPending: z.optional(z.literal(true)),
  /** what identifies the page for "not the same" answers */
  pageKey: z.optional(z.string()),
  /** BANT, score, committee and next actions of the deal or lead this page is about */
  qualification: z.optional(qualificationViewSchema),
  /** health, renewal and whitespace of the account this page is about (customers) */
  account360: z.optional(account360ViewSchema),
  /** tier, owners, marketing's support and the week's movement of the page's account, when it is a target account */
  abm: z.optional(abmViewSchema),
}));
export type EntityView = z.infer<typeof entityViewSchema>;

export const TAB_STATES = ['no-page', 'reading', 'ready', 'unreadable', 'unavailable', 'list'] as const;

export const tabViewSchema = lazySchema(() => z.object({
  tabId: z.number(),
  /**
   * no-page: no supported record on this tab; reading: a record page, snapshot not yet taken;
   * ready: entity known; unreadable: the page did not yield the entity (what the URL says is in ref);
   * unavailable: the page at a record URL shows no record (sign-in wall, 404 — snapshot.unavailable);
   * list: a list page.
   */
  state: z.enum(TAB_STATES),
  url: z.optional(z.string()),
  ref: z.optional(pageRefSchema),
  snapshot: z.optional(pageSnapshotSchema),
  entity: z.optional(entityViewSchema),
  workspaceMode: z.enum(['demo', 'empty', 'crm']),
  updatedAt: z.string(),
}));
export type TabView = z.infer<typeof tabViewSchema>;
