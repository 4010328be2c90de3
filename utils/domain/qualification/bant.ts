// BANT as the team records it: for each letter a status, the evidence behind it, where it came
// from and who said so when. The answer options follow DOMAIN.md ("where the money stands", the
// four kinds of need, the four timing horizons) so a rep's answer is data, not free text.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import { type BantLetterStatus, type Deal, bantLetterStatusSchema } from '../entities';
import { isoMs } from '../time';

export const BANT_LETTERS = ['budget', 'authority', 'need', 'timing'] as const;
export const bantLetterSchema = lazySchema(() => z.enum(BANT_LETTERS));
export type BantLetter = z.infer<typeof bantLetterSchema>;

export const BANT_SOURCES = ['rep', 'crm', 'import'] as const;
export const bantSourceSchema = lazySchema(() => z.enum(BANT_SOURCES));
export type BantSource = z.infer<typeof bantSourceSchema>;

export const BUDGET_ANSWERS = ['approved', 'estimating', 'business-case', 'none'] as const;
export const budgetAnswerKindSchema = lazySchema(() => z.enum(BUDGET_ANSWERS));
export type BudgetAnswerKind = z.infer<typeof budgetAnswerKindSchema>;

export const NEED_CATEGORIES = ['risk', 'compliance', 'scale', 'efficiency'] as const;
export const needCategorySchema = lazySchema(() => z.enum(NEED_CATEGORIES));
export type NeedCategory = z.infer<typeof needCategorySchema>;

export const TIMING_HORIZONS = ['this-quarter', 'next-quarter', 'later', 'no-timeline'] as const;
export const timingHorizonSchema = lazySchema(() => z.enum(TIMING_HORIZONS));
export type TimingHorizon = z.infer<typeof timingHorizonSchema>;

/** negative < unknown < partial < confirmed: "a positive signal" moves a letter up this order. */
export const STATUS_RANK: Readonly<Record<BantLetterStatus, number>> = {
  negative: 0,
  unknown: 1,
  partial: 2,
  confirmed: 3,
};

const evidence = {
  status: bantLetterStatusSchema,
  /** the rep's evidence, in their words ("CFO said the 2027 budget is signed") */
  note: lazySchema(() => z.string()),
  source: bantSourceSchema,
  /** user id; absent while the letter was never answered */
  setBy: lazySchema(() => z.optional(z.string())),
  setAt: lazySchema(() => z.optional(z.string())),
};

export const budgetAnswerSchema = lazySchema(() => z.object({
  ...evidence,
  answer: z.optional(budgetAnswerKindSchema),
  amount: z.optional(z.number()),
  currency: z.optional(z.string()),
}));
export type BudgetAnswer = z.infer<typeof budgetAnswerSchema>;

export const authorityAnswerSchema = lazySchema(() => z.object({
  ...evidence,
  /** the person the rep names as economic buyer; wins over the role inferred from titles */
  economicBuyerId: z.optional(z.string()),
  /** the rep vouches that the economic buyer is engaged, even without logged activity */
  engaged: z.boolean(),
}));
export type AuthorityAnswer = z.infer<typeof authorityAnswerSchema>;

export const needAnswerSchema = lazySchema(() => z.object({
  ...evidence,
  category: z.optional(needCategorySchema),
  statement: z.optional(z.string()),
}));
export type NeedAnswer = z.infer<typeof needAnswerSchema>;

export const timingAnswerSchema = lazySchema(() => z.object({
  ...evidence,
  horizon: z.optional(timingHorizonSchema),
  targetDate: z.optional(z.string()),
}));
export type TimingAnswer = z.infer<typeof timingAnswerSchema>;

export const bantStateSchema = lazySchema(() => z.object({
  budget: budgetAnswerSchema,
  authority: authorityAnswerSchema,
  need: needAnswerSchema,
  timing: timingAnswerSchema,
}));
export type BantState = z.infer<typeof bantStateSchema>;
export type BantAnswerOf<L extends BantLetter> = BantState[L];

/** Just the four statuses: what scoring and the stage rules read. */
export type BantStatuses = Record<BantLetter, BantLetterStatus>;

export function bantStatuses(bant: BantState): BantStatuses {
  return {
    budget: bant.budget.status,
    authority: bant.authority.status,
    need: bant.need.status,
    timing: bant.timing.status,
  };
}

export function emptyBant(): BantState {
  const blank = { status: 'unknown', note: '', source: 'rep' } as const;
  return { budget: { ...blank }, authority: { ...blank, engaged: false }, need: { ...blank }, timing: { ...blank } };
}

/**
 * The status an answer implies when the rep does not set one explicitly. Budget and timing map
 * their options (approved → confirmed, "being estimated" → partial, none → negative …); need is
 * confirmed only with both a category and a statement, because "a lead without a clear need is a
 * tourist".
 */
export function impliedStatus<L extends BantLetter>(letter: L, answer: BantAnswerOf<L>): BantLetterStatus {
  switch (letter) {
    case 'budget': {
      const a = answer as BudgetAnswer;
      if (a.answer === 'approved') return 'confirmed';
      if (a.answer === 'estimating' || a.answer === 'business-case') return 'partial';
      if (a.answer === 'none') return 'negative';
      return a.amount !== undefined ? 'partial' : 'unknown';
    }
    case 'authority': {
      const a = answer as AuthorityAnswer;
      if (a.economicBuyerId && a.engaged) return 'confirmed';
      return a.economicBuyerId ? 'partial' : 'unknown';
    }
    case 'need': {
      const a = answer as NeedAnswer;
      const stated = (a.statement ?? '').trim().length > 0;
      if (a.category && stated) return 'confirmed';
      return a.category || stated ? 'partial' : 'unknown';
    }
    default: {
      const a = answer as TimingAnswer;
      if (a.horizon === 'this-quarter' || a.horizon === 'next-quarter') return 'confirmed';
      if (a.horizon === 'later') return 'partial';
      if (a.horizon === 'no-timeline') return 'negative';
      return a.targetDate !== undefined ? 'partial' : 'unknown';
    }
  }
}

/** The calendar-quarter horizon of a target date, for a rep who gives a date instead of a horizon. */
export function horizonForDate(targetDate: string, now: Date): TimingHorizon {
  const ms = isoMs(targetDate);
  if (ms === undefined) return 'no-timeline';
  const quarterIndex = (d: Date) => d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
  const diff = quarterIndex(new Date(ms)) - quarterIndex(now);
  if (diff <= 0) return 'this-quarter';
  return diff === 1 ? 'next-quarter' : 'later';
}

const SEED_SOURCE: Readonly<Record<Deal['source'], BantSource>> = {
  crm: 'crm',
  // the demo workspace stands in for a connected CRM
  demo: 'crm',
  import: 'import',
  local: 'rep',
};

/**
 * The full model from the seed-level statuses a deal carries (entities.ts `Deal.bant`): the CRM
 * only told us the status, so the details stay empty except what the deal itself states (amount,
 * close date).
 */
export function bantFromDeal(deal: Deal): BantState {
  const bant = emptyBant();
  const seed = deal.bant;
  if (!seed) return bant;
  const meta = { note: '', source: SEED_SOURCE[deal.source], setBy: deal.ownerId, setAt: deal.updatedAt };
  const known = (s: BantLetterStatus) => (s === 'unknown' ? {} : meta);
  bant.budget = {
    ...bant.budget,
    ...known(seed.budget),
    status: seed.budget,
    ...(seed.budget !== 'unknown' && deal.amount !== undefined ? { amount: deal.amount, currency: deal.currency } : {}),
  };
  bant.authority = { ...bant.authority, ...known(seed.authority), status: seed.authority, engaged: seed.authority === 'confirmed' };
  bant.need = { ...bant.need, ...known(seed.need), status: seed.need };
  bant.timing = {
    ...bant.timing,
    ...known(seed.timing),
    status: seed.timing,
    ...(seed.timing !== 'unknown' && deal.closeDate ? { targetDate: deal.closeDate } : {}),
  };
  return bant;
}
