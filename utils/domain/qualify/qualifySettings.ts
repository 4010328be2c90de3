// Everything the team configures about qualification, as one validated settings document: the
// scoring model, the stage rules, the committee templates and the response-time agreement.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import { type ActionConfig, DEFAULT_ACTION_CONFIG, actionConfigSchema } from '../actions/actionConfig';
import { type CommitteeConfig, DEFAULT_COMMITTEE_CONFIG, committeeConfigSchema } from '../committee/committeeConfig';
import { DEFAULT_SCORING_MODEL, type ScoringModel, scoringModelSchema } from '../qualification/scoringModel';
import { type ParseResult, parseWith } from '../settingsIssues';
import { DEFAULT_STAGE_RULES, type StageRules, stageRulesSchema } from '../qualification/stage';
import { type FrameworkChoice, frameworkChoiceSchema } from '../qualification/frameworkRules';

export const qualifySettingsSchema = lazySchema(() => z.object({
  scoringModel: scoringModelSchema,
  stageRules: stageRulesSchema,
  committee: committeeConfigSchema,
  actions: actionConfigSchema,
  /** the score trend the sidebar draws: `points` dates `everyDays` apart, ending today */
  trend: z.object({ points: z.int().check(z.gte(2), z.lte(52)), everyDays: z.int().check(z.gte(1)) }),
  /** the qualification framework per segment (absent: BANT everywhere, as before frameworks) */
  frameworks: z.optional(frameworkChoiceSchema),
}));
export type QualifySettings = {
  scoringModel: ScoringModel;
  stageRules: StageRules;
  committee: CommitteeConfig;
  actions: ActionConfig;
  trend: { points: number; everyDays: number };
  frameworks?: FrameworkChoice;
};

export const DEFAULT_QUALIFY_SETTINGS: QualifySettings = {
  scoringModel: DEFAULT_SCORING_MODEL,
  stageRules: DEFAULT_STAGE_RULES,
  committee: DEFAULT_COMMITTEE_CONFIG,
  actions: DEFAULT_ACTION_CONFIG,
  trend: { points: 8, everyDays: 7 },
};

export function parseQualifySettings(value: unknown): ParseResult<QualifySettings> {
  return parseWith(qualifySettingsSchema, value);
}
