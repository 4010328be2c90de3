// Which committee roles a deal needs, as configuration the team edits: templates by segment or
// deal size, when a relationship counts as cold and what counts as the economic buyer being engaged.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import { bilingualSchema } from '../bilingual';
import { type ActivityType, activityTypeSchema, type Account } from '../entities';
import { type CommitteeRole, committeeRoleSchema } from './roles';

export const SEGMENTS = ['smb', 'mid-market', 'enterprise'] as const;
export const segmentSchema = lazySchema(() => z.enum(SEGMENTS));
export type Segment = z.infer<typeof segmentSchema>;

const positiveInt = lazySchema(() => z.int().check(z.gte(1)));

export const committeeTemplateSchema = lazySchema(() => z.object({
  id: z.string().check(z.minLength(1)),
  label: bilingualSchema,
  /**
   * The template applies when ANY listed condition holds (a big deal at a small company still
   * needs procurement and legal); no condition at all = the catch-all. First applicable wins.
   */
  when: z.object({
    segments: z.optional(z.array(segmentSchema)),
    minAmount: z.optional(z.number()),
    keyAccount: z.optional(z.boolean()),
  }),
  required: z.array(committeeRoleSchema).check(z.minLength(1)),
  /** titles to look for per role, replacing the defaults in roles.ts */
  lookFor: z.optional(
    z.partialRecord(committeeRoleSchema, z.object({ en: z.array(z.string()), es: z.array(z.string()) })),
  ),
}));
export type CommitteeTemplate = z.infer<typeof committeeTemplateSchema>;

export const committeeConfigSchema = lazySchema(() => z.object({
  /** employees from which an account is mid-market / enterprise */
  segments: z.object({ midMarketFrom: positiveInt, enterpriseFrom: positiveInt }),
  templates: z.array(committeeTemplateSchema).check(z.minLength(1)),
  /** a member with no touch for this many days is a relationship gone cold */
  coldAfterDays: positiveInt,
  /** the economic buyer counts as engaged after one of these activities within this many days */
  engagedWithinDays: positiveInt,
  engagedActivityTypes: z.array(activityTypeSchema),
}));
export type CommitteeConfig = z.infer<typeof committeeConfigSchema>;

const ENGAGED_TYPES: ActivityType[] = ['meeting', 'call', 'email-replied'];

export const DEFAULT_COMMITTEE_CONFIG: CommitteeConfig = {
  segments: { midMarketFrom: 200, enterpriseFrom: 1000 },
  templates: [
    {
      id: 'enterprise',
      label: { en: 'Enterprise deal', es: 'Operación enterprise' },
      when: { segments: ['enterprise'], minAmount: 100_000, keyAccount: true },
      required: ['economic-buyer', 'technical-evaluator', 'champion', 'end-user', 'procurement', 'legal'],
    },
    {
      id: 'mid-market',
      label: { en: 'Mid-market deal', es: 'Operación mid-market' },
      when: { segments: ['mid-market'], minAmount: 25_000 },
      required: ['economic-buyer', 'technical-evaluator', 'champion', 'end-user'],
    },
    {
      id: 'smb',
      label: { en: 'Small business deal', es: 'Operación pyme' },
      when: {},
      required: ['economic-buyer', 'champion'],
    },
  ],
  coldAfterDays: 30,
  engagedWithinDays: 30,
  engagedActivityTypes: ENGAGED_TYPES,
};

export function segmentOf(employees: number | undefined, config: CommitteeConfig): Segment | undefined {
  if (employees === undefined) return undefined;
  if (employees >= config.segments.enterpriseFrom) return 'enterprise';
  return employees >= config.segments.midMarketFrom ? 'mid-market' : 'smb';
}

const FALLBACK_ROLES: CommitteeRole[] = ['economic-buyer'];

/** The first template whose conditions fit the account and deal. */
export function pickCommitteeTemplate(
  config: CommitteeConfig,
  facts: { account?: Pick<Account, 'employees' | 'keyAccount'>; amount?: number; keyAccount?: boolean },
): CommitteeTemplate {
  const segment = segmentOf(facts.account?.employees, config);
  const keyAccount = facts.keyAccount ?? facts.account?.keyAccount ?? false;
  for (const t of config.templates) {
    const { segments, minAmount, keyAccount: forKey } = t.when;
    const conditions = segments !== undefined || minAmount !== undefined || forKey !== undefined;
    if (!conditions) return t;
    if (segment !== undefined && segments?.includes(segment)) return t;
    if (minAmount !== undefined && facts.amount !== undefined && facts.amount >= minAmount) return t;
    if (forKey !== undefined && forKey === keyAccount) return t;
  }
  // only reached when the team left no catch-all: the economic buyer is always needed
  return { id: 'fallback', label: { en: 'Any deal', es: 'Cualquier operación' }, when: {}, required: FALLBACK_ROLES };
}
