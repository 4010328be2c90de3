// A score that learns (issue #19.3): Options asks the background to fit the agreement's rules to the
// team's closed deals, shows both models' out-of-sample figures, and may adopt the fitted points as
// the agreement's next version.
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { bilingualSchema } from '../domain/bilingual';
import { scoringModelSchema } from '../domain/qualification/scoringModel';

const bandSchema = lazySchema(() => z.enum(['cold', 'warm', 'mql', 'sql', 'hot']));

const modelQualitySchema = lazySchema(() => z.object({
  auc: z.optional(z.number()),
  calibration: z.array(z.object({ band: bandSchema, deals: z.number(), won: z.number(), predicted: z.number(), observed: z.number() })),
}));

export const learnReportSchema = lazySchema(() => z.object({
  deals: z.number(),
  won: z.number(),
  lost: z.number(),
  tooFew: z.boolean(),
  baseVersion: z.number(),
  agreed: modelQualitySchema,
  fitted: modelQualitySchema,
  rules: z.array(z.object({
    id: z.string(),
    kind: z.enum(['fit', 'engagement', 'inactivity', 'bant']),
    label: bilingualSchema,
    agreed: z.number(),
    fitted: z.number(),
    deals: z.number(),
    won: z.number(),
  })),
  proposed: z.optional(scoringModelSchema),
}));
export type LearnReportView = z.infer<typeof learnReportSchema>;

export const learnRequestSchemas = {
  /** Fit the agreement in force to the team's closed deals (in the background: it reads them all). */
  'scoring/learn': {
    request: lazySchema(() => z.object({ type: z.literal('scoring/learn') })),
    response: learnReportSchema,
  },
  /**
   * Adopt fitted points as the agreement's next version, the version in force kept in its history.
   * Refused when the agreement changed since the fit (`changed-since`) or the model differs from
   * it in more than points (`not-points-only`).
   */
  'scoring/adopt': {
    request: lazySchema(() => z.object({ type: z.literal('scoring/adopt'), baseVersion: z.int(), model: scoringModelSchema })),
    response: lazySchema(() => z.object({
      ok: z.boolean(),
      version: z.number(),
      reason: z.optional(z.enum(['changed-since', 'not-points-only'])),
    })),
  },
  /** The agreement's earlier versions kept when a fitted one was adopted, newest first. */
  'scoring/history': {
    request: lazySchema(() => z.object({ type: z.literal('scoring/history') })),
    response: lazySchema(() => z.array(scoringModelSchema)),
  },
};
