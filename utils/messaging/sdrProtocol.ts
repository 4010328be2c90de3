// The SDR's actions from the sidebar (issue #12): add someone to the CRM behind a duplicate gate,
// link a profile to the record it is, log a touch, and bring the CRM up to date after a job change.
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { accountMatchSchema, personMatchSchema } from './views';
import { sdrSettingsSchema } from '../domain/sdrSettings';

const text = (max: number) => z.string().check(z.maxLength(max));
const optionalText = (max: number) => z.optional(text(max));

/** What the add form holds: prefilled from the page, edited by the SDR. */
export const addPersonFormSchema = lazySchema(() => z.object({
  kind: z.enum(['lead', 'contact']),
  firstName: text(100),
  lastName: text(150),
  title: optionalText(300),
  companyName: optionalText(200),
  /** the company's site, when the page or the e-mail says it */
  companyDomain: optionalText(253),
  city: optionalText(120),
  country: optionalText(120),
  email: optionalText(320),
  phone: optionalText(64),
  linkedinUrl: optionalText(500),
  /** one of the workspace's users; absent: the current user */
  ownerId: optionalText(200),
}));
export type AddPersonForm = z.infer<typeof addPersonFormSchema>;

/** What to do with the company: the account the matcher found, a new one, or none (a lead keeps it as text). */
export const companyChoiceSchema = lazySchema(() => z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('existing'), accountId: text(200) }),
  z.object({ mode: z.literal('create') }),
  z.object({ mode: z.literal('none') }),
]));
export type CompanyChoice = z.infer<typeof companyChoiceSchema>;

const userSchema = lazySchema(() => z.object({ id: z.string(), name: z.string() }));

/** A company to add (from a LinkedIn company page, or typed): prefilled from the page, edited by the SDR. */
export const addAccountFormSchema = lazySchema(() => z.object({
  name: text(200),
  /** the company's site or its domain */
  domain: optionalText(253),
  industry: optionalText(200),
  /** a head count or the page's band ("501-1000 employees"): the band's lower bound is kept */
  employees: optionalText(40),
  city: optionalText(120),
  country: optionalText(120),
  /** the company's LinkedIn page */
  linkedinUrl: optionalText(500),
  /** one of the workspace's users; absent: the current user */
  ownerId: optionalText(200),
}));
export type AddAccountForm = z.infer<typeof addAccountFormSchema>;


export const sdrRequestSchemas = {
  /** The duplicate gate: who the form could already be, and the company it names. */
  'crm/add-check': {
    request: lazySchema(() => z.object({ type: z.literal('crm/add-check'), form: addPersonFormSchema })),
    response: lazySchema(() => z.object({
      matches: z.array(personMatchSchema),
      company: z.optional(accountMatchSchema),
      users: z.array(userSchema),
      currentUserId: z.string(),
    })),
  },
  /**
   * Create the person (and the company when asked) here and, through the outbox, in every connected
   * CRM. Refused while the gate finds someone the request does not name in `override`.
   */
  'crm/add': {
    request: lazySchema(() => z.object({
      type: z.literal('crm/add'),
      form: addPersonFormSchema,
      company: companyChoiceSchema,
      override: z.optional(z.object({ reason: text(500).check(z.minLength(3)), matchIds: z.array(text(200)) })),
    })),
    response: lazySchema(() => z.object({ personId: z.string(), accountId: z.optional(z.string()), queued: z.number(), connected: z.boolean() })),
  },
  /** The duplicate gate for a company: the accounts the form could already be. */
  'crm/add-account-check': {
    request: lazySchema(() => z.object({ type: z.literal('crm/add-account-check'), form: addAccountFormSchema })),
    response: lazySchema(() => z.object({ matches: z.array(accountMatchSchema), users: z.array(userSchema), currentUserId: z.string() })),
  },
  /** Create the account here and, through the outbox, in every connected CRM; refused like `crm/add`. */
  'crm/add-account': {
    request: lazySchema(() => z.object({
      type: z.literal('crm/add-account'),
      form: addAccountFormSchema,
      override: z.optional(z.object({ reason: text(500).check(z.minLength(3)), matchIds: z.array(text(200)) })),
    })),
    response: lazySchema(() => z.object({ accountId: z.string(), queued: z.number(), connected: z.boolean() })),
  },
  /** "It's them": this LinkedIn company page is that account (kept in Dealside, where matching reads it). */
  'crm/link-company-page': {
    request: lazySchema(() => z.object({ type: z.literal('crm/link-company-page'), accountId: text(200), linkedinUrl: text(500) })),
    response: lazySchema(() => z.object({ accountId: z.string() })),
  },
  /** "It's them": the LinkedIn URL goes onto the existing record (and to its CRM). */
  'crm/link-profile': {
    request: lazySchema(() => z.object({ type: z.literal('crm/link-profile'), personId: text(200), linkedinUrl: text(500) })),
    response: lazySchema(() => z.object({ personId: z.string(), queued: z.number() })),
  },
  /** A call, e-mail, meeting or note logged against a person, deal or account. */
  'activity/log': {
    request: lazySchema(() => z.object({
      type: z.literal('activity/log'),
      activity: z.enum(['call', 'email-sent', 'email-replied', 'meeting', 'note']),
      note: text(4000),
      personId: optionalText(200),
      dealId: optionalText(200),
      accountId: optionalText(200),
    })),
    response: lazySchema(() => z.object({ activityId: z.string(), queued: z.number() })),
  },
  /** After a job change seen on LinkedIn: the fields to update, and whether they left the old company. */
  'person/job-change': {
    request: lazySchema(() => z.object({
      type: z.literal('person/job-change'),
      personId: text(200),
      title: optionalText(300),
      companyName: optionalText(200),
      leftCompany: z.optional(z.boolean()),
    })),
    response: lazySchema(() => z.object({ personId: z.string(), queued: z.number() })),
  },
  /** Who the current user is (answers are signed with them), and whom they could be. */
  'settings/me-get': {
    request: lazySchema(() => z.object({ type: z.literal('settings/me-get') })),
    response: lazySchema(() => z.object({
      current: z.optional(z.object({ userId: z.string(), name: z.string() })),
      /** set when the identity came from a connected CRM, not from the user's choice */
      fromCrm: z.boolean(),
      users: z.array(z.object({ id: z.string(), name: z.string(), email: z.optional(z.string()) })),
    })),
  },
  /** "This is me": one of the workspace's users, or a name typed (a user of this workspace only). */
  'settings/me-set': {
    request: lazySchema(() => z.object({
      type: z.literal('settings/me-set'),
      userId: optionalText(200),
      name: z.optional(text(120).check(z.minLength(2))),
    })),
    response: lazySchema(() => z.object({ userId: z.string(), name: z.string() })),
  },
  'settings/sdr-get': {
    request: lazySchema(() => z.object({ type: z.literal('settings/sdr-get') })),
    response: sdrSettingsSchema,
  },
  'settings/sdr-set': {
    request: lazySchema(() => z.object({ type: z.literal('settings/sdr-set'), settings: sdrSettingsSchema })),
    response: sdrSettingsSchema,
  },
} as const;
