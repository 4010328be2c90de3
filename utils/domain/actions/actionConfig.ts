// The response-time agreement and the staleness limits behind the next actions (DOMAIN.md: an
// SQL is contacted within 24 h, 12 h for key accounts; 30 days quiet → re-engage; 90 → decide).
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import { activityTypeSchema } from '../entities';

const positive = lazySchema(() => z.number().check(z.gt(0)));

export const actionConfigSchema = lazySchema(() => z.object({
  slaHours: positive,
  keyAccountSlaHours: positive,
  staleAfterDays: z.int().check(z.gte(1)),
  dormantAfterDays: z.int().check(z.gte(1)),
  /**
   * an SQL older than this is no longer "new": its clock stops (the staleness rules take over).
   * Optional so settings stored before it existed stay valid; absent = 14.
   */
  newSqlWithinDays: z.optional(z.int().check(z.gte(1))),
  /** what counts as sales having responded to a new SQL */
  responseActivityTypes: z.array(activityTypeSchema).check(z.minLength(1)),
  /** suggest marketing support for target (ABM) accounts */
  abmSupport: z.boolean(),
}));
export type ActionConfig = z.infer<typeof actionConfigSchema>;

export const DEFAULT_NEW_SQL_WITHIN_DAYS = 14;

export const DEFAULT_ACTION_CONFIG: ActionConfig = {
  slaHours: 24,
  keyAccountSlaHours: 12,
  staleAfterDays: 30,
  dormantAfterDays: 90,
  newSqlWithinDays: DEFAULT_NEW_SQL_WITHIN_DAYS,
  responseActivityTypes: ['call', 'meeting', 'email-sent', 'email-replied'],
  abmSupport: true,
};
