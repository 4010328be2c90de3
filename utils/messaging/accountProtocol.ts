// The account manager's and ABM's requests (issue #18.4–5): edit a key account's plan, the team's
// key-account threshold, and the weekly review's queue and accounts.
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { accountPlanSchema, keyAccountSettingsSchema, planEditSchema } from '../domain/account/keyAccount';
import { reviewAccountViewSchema, reviewQueueSchema } from './views';

const id = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(200)));

export const accountRequestSchemas = {
  /** Mark one item of a key account's plan done (with a note, or the meeting's date) or undone. */
  'account/plan-edit': {
    request: lazySchema(() => z.object({ type: z.literal('account/plan-edit'), accountId: id, edit: planEditSchema })),
    response: accountPlanSchema,
  },
  /** This week's ABM review: the target accounts the user owns for sales or marketing. */
  'abm/review': {
    request: lazySchema(() => z.object({ type: z.literal('abm/review') })),
    response: reviewQueueSchema,
  },
  /** One account of the review, whatever page is open. */
  'abm/account': {
    request: lazySchema(() => z.object({ type: z.literal('abm/account'), accountId: id })),
    response: reviewAccountViewSchema,
  },
  'settings/key-accounts-get': {
    request: lazySchema(() => z.object({ type: z.literal('settings/key-accounts-get') })),
    response: keyAccountSettingsSchema,
  },
  'settings/key-accounts-set': {
    request: lazySchema(() => z.object({ type: z.literal('settings/key-accounts-set'), settings: keyAccountSettingsSchema })),
    response: keyAccountSettingsSchema,
  },
};
