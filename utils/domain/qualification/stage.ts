// The qualification stage is derived, never typed in: from the BANT statuses and the score, by
// rules the team can configure. Default rules follow DOMAIN.md: all four letters confirmed is an
// SQL; "not now" goes to nurturing, not to the bin; no need at all disqualifies.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import { type BantLetter, type BantStatuses, type TimingHorizon, BANT_LETTERS, bantLetterSchema, timingHorizonSchema } from './bant';
import type { ScoringModel } from './scoringModel';
import type { BantLetterStatus } from '../entities';
import { type ParseResult, parseWith } from '../settingsIssues';

export const QUALIFICATION_STAGES = ['new', 'mql', 'sql', 'nurture', 'disqualified'] as const;
export type QualificationStage = (typeof QUALIFICATION_STAGES)[number];

export const stageRulesSchema = lazySchema(() => z.object({
  /** a negative answer on any of these letters disqualifies */
  disqualifyWhenNegative: z.array(bantLetterSchema),
  /** a negative answer on any of these sends the lead to nurturing ("not now is not never") */
  nurtureWhenNegative: z.array(bantLetterSchema),
  /** timing answers that mean "not now" */
  nurtureHorizons: z.array(timingHorizonSchema),
  /** letters that must be confirmed for an SQL */
  sqlRequiresConfirmed: z.array(bantLetterSchema).check(z.minLength(1)),
  /** optional score an SQL must also reach */
  sqlMinScore: z.optional(z.number()),
  /** confirmed letters that make an MQL ... */
  mqlMinConfirmed: z.int().check(z.gte(1), z.lte(4)),
  /** ... or this score (absent: the scoring model's MQL threshold) */
  mqlMinScore: z.optional(z.number()),
}));
export type StageRules = z.infer<typeof stageRulesSchema>;

export const DEFAULT_STAGE_RULES: StageRules = {
  disqualifyWhenNegative: ['need'],
  nurtureWhenNegative: ['budget', 'timing'],
  nurtureHorizons: ['later', 'no-timeline'],
  sqlRequiresConfirmed: [...BANT_LETTERS],
  mqlMinConfirmed: 2,
};

export function parseStageRules(value: unknown): ParseResult<StageRules> {
  return parseWith(stageRulesSchema, value);
}

/** `L`: the letters read (BANT's by default; a framework's elements: frameworkRules.ts). */
export type StageReason<L extends string = BantLetter> =
  | { code: 'stage.disqualified'; params: { letter: L } }
  | { code: 'stage.nurture.horizon'; params: { horizon: TimingHorizon } }
  | { code: 'stage.nurture.negative'; params: { letter: L } }
  | { code: 'stage.sql'; params: { letters: L[] } }
  | { code: 'stage.mql.letters'; params: { confirmed: number; required: number } }
  | { code: 'stage.mql.score'; params: { score: number; threshold: number } }
  | { code: 'stage.new'; params: { confirmed: number; score: number } };

export type StageResult<L extends string = BantLetter> = { stage: QualificationStage; reason: StageReason<L> };

export type StageInput<L extends string = BantLetter> = {
  bant: L extends BantLetter ? BantStatuses : Record<L, BantLetterStatus>;
  horizon?: TimingHorizon;
  score: number;
};

/** The rules over any set of letters (StageRules is them over BANT's). */
export type StageRulesOf<L extends string> = Omit<StageRules, 'disqualifyWhenNegative' | 'nurtureWhenNegative' | 'sqlRequiresConfirmed'> & {
  disqualifyWhenNegative: L[];
  nurtureWhenNegative: L[];
  sqlRequiresConfirmed: L[];
};

/** Disqualified, then nurture, then SQL, then MQL; anything else is new. */
export function deriveStage<L extends string = BantLetter>(
  input: StageInput<L>,
  rules: StageRulesOf<L>,
  thresholds: Pick<ScoringModel['thresholds'], 'mql'>,
  /** the letters counted for an MQL (BANT's four unless a framework says otherwise) */
  letters: readonly L[] = BANT_LETTERS as readonly string[] as readonly L[],
): StageResult<L> {
  const { horizon, score } = input;
  const bant = input.bant as Record<L, BantLetterStatus>;
  for (const letter of rules.disqualifyWhenNegative) {
    if (bant[letter] === 'negative') return { stage: 'disqualified', reason: { code: 'stage.disqualified', params: { letter } } };
  }
  if (horizon !== undefined && rules.nurtureHorizons.includes(horizon)) {
    return { stage: 'nurture', reason: { code: 'stage.nurture.horizon', params: { horizon } } };
  }
  for (const letter of rules.nurtureWhenNegative) {
    if (bant[letter] === 'negative') return { stage: 'nurture', reason: { code: 'stage.nurture.negative', params: { letter } } };
  }
  if (rules.sqlRequiresConfirmed.every((l) => bant[l] === 'confirmed') && (rules.sqlMinScore === undefined || score >= rules.sqlMinScore)) {
    return { stage: 'sql', reason: { code: 'stage.sql', params: { letters: [...rules.sqlRequiresConfirmed] } } };
  }
  const confirmed = letters.filter((l) => bant[l] === 'confirmed').length;
  if (confirmed >= rules.mqlMinConfirmed) {
    return { stage: 'mql', reason: { code: 'stage.mql.letters', params: { confirmed, required: rules.mqlMinConfirmed } } };
  }
  const threshold = rules.mqlMinScore ?? thresholds.mql;
  if (score >= threshold) return { stage: 'mql', reason: { code: 'stage.mql.score', params: { score, threshold } } };
  return { stage: 'new', reason: { code: 'stage.new', params: { confirmed, score } } };
}
