// What the UI receives about a deal's or lead's qualification: BANT (authority derived), stage,
// score with breakdown and trend, the buying committee and next actions. Text the background
// builds from the data comes in both languages; the UI picks one.
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { bantStateSchema } from '../domain/qualification/bant';
import { bilingualSchema } from '../domain/bilingual';

const scoreItemSchema = lazySchema(() => z.object({
  ruleId: z.string(),
  label: bilingualSchema,
  points: z.number(),
  /** the fact the points came from, in words */
  fact: bilingualSchema,
  at: z.optional(z.string()),
}));

const statusSchema = lazySchema(() => z.enum(['negative', 'unknown', 'partial', 'confirmed']));

/** The framework the deal is qualified with: its elements as answered, and the question to ask now. */
const frameworkViewSchema = lazySchema(() => z.object({
  id: z.enum(['bant', 'meddicc', 'meddpicc', 'spiced', 'champ']),
  name: z.string(),
  elements: z.array(z.object({
    id: z.string(),
    label: bilingualSchema,
    key: bilingualSchema,
    status: statusSchema,
    answer: z.optional(z.string()),
    note: z.string(),
    setBy: z.optional(z.string()),
    setAt: z.optional(z.string()),
    /** the economic buyer and the champion: read from the buying committee */
    fromCommittee: z.boolean(),
  })),
  next: z.optional(z.object({
    element: z.string(),
    label: bilingualSchema,
    key: bilingualSchema,
    questionId: z.string(),
    question: bilingualSchema,
    personName: z.optional(z.string()),
  })),
  /** who holds the champion role (when someone does) */
  championName: z.optional(z.string()),
}));

const bandSchema = lazySchema(() => z.enum(['cold', 'warm', 'mql', 'sql', 'hot']));

export const qualificationViewSchema = lazySchema(() => z.object({
  entityType: z.enum(['deal', 'lead']),
  entityId: z.string(),
  /** the deal's or lead's name, so a contact page can say which deal this is */
  entityName: z.string(),
  bant: bantStateSchema,
  /** absent from views built before frameworks: BANT */
  framework: z.optional(frameworkViewSchema),
  authority: z.object({ economicBuyerName: z.optional(z.string()), engaged: z.boolean() }),
  stage: z.object({ stage: z.enum(['new', 'mql', 'sql', 'nurture', 'disqualified']), reason: bilingualSchema }),
  score: z.object({
    score: z.number(),
    band: bandSchema,
    modelVersion: z.number(),
    /**
     * the thresholds in force for this entity type (a deal's or a lead's): the scale the number is
     * read against, so the UI can say "62 · SQL — hot at 120"
     */
    thresholds: z.object({ warm: z.number(), mql: z.number(), sql: z.number(), hot: z.number() }),
    /** what DESIGN.md contract 5's `data-scale` carries for the score: the hot threshold */
    scale: z.number(),
    breakdown: z.array(scoreItemSchema),
    /**
     * the two things that would raise the score most, in both languages with their points
     * ("Confirm the need: +20"); `key` is stable (`bant.need`, a rule id, `engagement.inactivity`)
     */
    levers: z.array(
      z.object({ key: z.string(), kind: z.enum(['bant', 'engagement', 'inactivity']), points: z.number(), action: bilingualSchema, text: bilingualSchema }),
    ),
    trend: z.array(z.object({ at: z.string(), score: z.number(), band: bandSchema })),
  }),
  committee: z.object({
    template: bilingualSchema,
    required: z.number(),
    filled: z.number(),
    members: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        title: z.optional(z.string()),
        role: z.optional(z.string()),
        roleLabel: z.optional(bilingualSchema),
        roleSource: z.enum(['override', 'inferred', 'none']),
        seniority: z.string(),
        onDeal: z.boolean(),
        leftCompany: z.boolean(),
        cold: z.boolean(),
        lastTouchAt: z.optional(z.string()),
      }),
    ),
    gaps: z.array(z.object({ role: z.string(), roleLabel: bilingualSchema, lookFor: z.object({ en: z.array(z.string()), es: z.array(z.string()) }) })),
    risks: z.array(z.object({ kind: z.string(), personId: z.string(), text: bilingualSchema })),
  }),
  actions: z.array(
    z.object({
      key: z.string(),
      category: z.string(),
      priority: z.number(),
      dueAt: z.string(),
      overdue: z.boolean(),
      personId: z.optional(z.string()),
      personName: z.optional(z.string()),
      title: bilingualSchema,
      reason: bilingualSchema,
      question: z.optional(bilingualSchema),
    }),
  ),
  /** names of the users who set answers (setBy ids) */
  userNames: z.record(z.string(), z.string()),
  /** roles the rep can assign, with labels */
  roles: z.array(z.object({ role: z.string(), label: bilingualSchema })),
}));
export type QualificationView = z.infer<typeof qualificationViewSchema>;
