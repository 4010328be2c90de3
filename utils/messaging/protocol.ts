// The one typed protocol between Dealside's contexts. Every request and event has a zod schema
// and is validated on receipt; the background accepts requests only from this extension's own
// contexts (see ./guard.ts).
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { pageRequestSchemas } from './pageProtocol';
import { tabViewSchema } from './views';
import { qualificationViewSchema } from './qualificationView';
import { bantLetterStatusSchema, crmSystemSchema } from '../domain/entities';
import { budgetAnswerKindSchema, needCategorySchema, timingHorizonSchema } from '../domain/qualification/bant';
import { committeeRoleSchema } from '../domain/committee/roles';
import { ELEMENT_IDS, type OwnElementId } from '../domain/qualification/frameworks';
import { importRequestSchemas } from './importProtocol';
import { sdrRequestSchemas } from './sdrProtocol';
import { accountRequestSchemas } from './accountProtocol';
import { learnRequestSchemas } from './learnProtocol';
import { syncRequestSchemas } from './syncProtocol';

const storeCountsSchema = lazySchema(() => z.object({
  accounts: z.number(),
  people: z.number(),
  deals: z.number(),
  activities: z.number(),
  products: z.number(),
  users: z.number(),
}));

export const workspaceStatusSchema = lazySchema(() => z.object({
  mode: z.enum(['demo', 'empty', 'crm']),
  counts: storeCountsSchema,
  demoCounts: storeCountsSchema,
  demoSeededAt: z.optional(z.string()),
}));
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;

export const diagnosticSchema = lazySchema(() => z.object({
  id: z.optional(z.number()),
  at: z.string(),
  site: z.string(),
  objectType: z.string(),
  kind: z.string(),
  status: z.enum(['fallback', 'failed']),
  missing: z.array(z.string()),
  matched: z.array(z.string()),
  page: z.string(),
}));
export type Diagnostic = z.infer<typeof diagnosticSchema>;

export { responseEnvelopeSchema, type ResponseEnvelope } from './pageProtocol';

const targetSchema = lazySchema(() => z.object({ entityType: z.enum(['deal', 'lead']), entityId: z.string().check(z.maxLength(200)) }));
const note = lazySchema(() => z.optional(z.string().check(z.maxLength(4000))));
const status = lazySchema(() => z.optional(bantLetterStatusSchema));

/** One BANT answer from the rep: the letter, optionally a status, a note and the letter's details. */
export const bantEditSchema = lazySchema(() => z.discriminatedUnion('letter', [
  z.object({
    letter: z.literal('budget'),
    status,
    note,
    answer: z.optional(budgetAnswerKindSchema),
    amount: z.optional(z.number().check(z.gte(0))),
    currency: z.optional(z.string().check(z.length(3))),
  }),
  z.object({
    letter: z.literal('authority'),
    status,
    note,
    economicBuyerId: z.optional(z.string().check(z.maxLength(200))),
    engaged: z.optional(z.boolean()),
  }),
  z.object({ letter: z.literal('need'), status, note, category: z.optional(needCategorySchema), statement: z.optional(z.string().check(z.maxLength(2000))) }),
  z.object({ letter: z.literal('timing'), status, note, horizon: z.optional(timingHorizonSchema), targetDate: z.optional(z.iso.date()) }),
]));
export type BantEditRequest = z.infer<typeof bantEditSchema>;

export const quickSearchResultSchema = lazySchema(() => z.object({
  id: z.string(),
  kind: z.enum(['contact', 'lead', 'account']),
  name: z.string(),
  detail: z.string(),
  ownerName: z.optional(z.string()),
  lastActivityAt: z.optional(z.string()),
  source: z.string(),
}));
export type QuickSearchResult = z.infer<typeof quickSearchResultSchema>;

/** Requests: content scripts and UI surfaces → background. */
export const requestSchemas = {
  ...pageRequestSchemas,
  /** CSV import (issue #6): import/start, import/batch, import/finish, import/status, import/cancel */
  ...importRequestSchemas,
  ...sdrRequestSchemas,
  /** key accounts' plans and threshold, the weekly ABM review (issue #18.4–5) */
  ...accountRequestSchemas,
  /** a score that learns from the team's closed deals (issue #19.3) */
  ...learnRequestSchemas,
  /** CRM sync (issue #6): connections, sign-in, conflicts, the outbox, mappings */
  ...syncRequestSchemas,
  'tab/view': {
    request: lazySchema(() => z.object({ type: z.literal('tab/view'), tabId: z.number() })),
    response: tabViewSchema,
  },
  /**
   * The tab's sidebar or side panel has painted the view it took (issue #15.3): work the worker held
   * back so as not to take a core while it rendered (restoring the match index) may start.
   */
  'tab/shown': {
    request: lazySchema(() => z.object({ type: z.literal('tab/shown'), tabId: z.number() })),
    response: lazySchema(() => z.object({ ok: z.literal(true) })),
  },
  'workspace/status': {
    request: lazySchema(() => z.object({ type: z.literal('workspace/status') })),
    response: workspaceStatusSchema,
  },
  'workspace/remove-demo': {
    request: lazySchema(() => z.object({ type: z.literal('workspace/remove-demo') })),
    response: workspaceStatusSchema,
  },
  'workspace/load-demo': {
    request: lazySchema(() => z.object({ type: z.literal('workspace/load-demo') })),
    response: workspaceStatusSchema,
  },
  /** A rep's BANT answer; stored in IndexedDB before the answer comes back. */
  'qualification/answer': {
    request: lazySchema(() => z.object({ type: z.literal('qualification/answer'), target: targetSchema, edit: bantEditSchema })),
    response: qualificationViewSchema,
  },
  /**
   * A rep's answer to a framework element that is not a BANT letter (MEDDICC's metrics, champion …):
   * an option of the element (null clears it), a status, a note. Stored like a BANT answer.
   */
  'qualification/element': {
    request: lazySchema(() => z.object({
      type: z.literal('qualification/element'),
      target: targetSchema,
      edit: z.object({
        element: z.enum(ELEMENT_IDS.filter((id) => id !== 'budget' && id !== 'authority' && id !== 'need' && id !== 'timing') as [OwnElementId, ...OwnElementId[]]),
        status,
        note,
        answer: z.optional(z.nullable(z.string().check(z.maxLength(40)))),
      }),
    })),
    response: qualificationViewSchema,
  },
  /** Mark a next action done or dismissed; state absent reopens it. */
  'qualification/action': {
    request: lazySchema(() => z.object({
      type: z.literal('qualification/action'),
      target: targetSchema,
      actionKey: z.string().check(z.maxLength(300)),
      state: z.optional(z.enum(['done', 'dismissed'])),
    })),
    response: qualificationViewSchema,
  },
  /** The rep assigns (or, role absent, clears) a person's role in the buying committee. */
  'qualification/role': {
    request: lazySchema(() => z.object({
      type: z.literal('qualification/role'),
      target: targetSchema,
      personId: z.string().check(z.maxLength(200)),
      role: z.optional(committeeRoleSchema),
    })),
    response: qualificationViewSchema,
  },
  /** A price objection, and who raised it. */
  'qualification/objection': {
    request: lazySchema(() => z.object({
      type: z.literal('qualification/objection'),
      target: targetSchema,
      byPersonId: z.string().check(z.maxLength(200)),
      note: z.string().check(z.maxLength(4000)),
    })),
    response: qualificationViewSchema,
  },
  /**
   * Undo the user's last hand change to this deal or lead (a BANT answer, a role, an action done or
   * dismissed); `undone` says what was undone, `reason` why nothing was.
   */
  'qualification/undo': {
    request: lazySchema(() => z.object({ type: z.literal('qualification/undo'), target: targetSchema })),
    response: lazySchema(() => z.object({
      view: qualificationViewSchema,
      undone: z.optional(z.object({ kind: z.enum(['budget', 'authority', 'need', 'timing', 'role', 'action', 'element']), personId: z.optional(z.string()) })),
      reason: z.optional(z.enum(['nothing', 'changed-since'])),
    })),
  },
  /** The team's qualification agreement: scoring model, stage rules, committee templates, SLA. */
  'settings/qualify-get': {
    request: lazySchema(() => z.object({ type: z.literal('settings/qualify-get') })),
    response: lazySchema(() => z.object({ settings: z.unknown(), isDefault: z.boolean(), updatedAt: z.optional(z.string()) })),
  },
  /** Replace it (validated in the background too); `reset` goes back to the default. */
  'settings/qualify-set': {
    request: lazySchema(() => z.object({
      type: z.literal('settings/qualify-set'),
      settings: z.optional(z.unknown()),
      reset: z.optional(z.literal(true)),
    })),
    response: lazySchema(() => z.object({
      ok: z.boolean(),
      issues: z.array(z.object({ path: z.string(), message: z.object({ en: z.string(), es: z.string() }) })),
    })),
  },
  /** The rep says a suggested match is (or, notSame false, is after all) not the page's person. */
  'match/not-same': {
    request: lazySchema(() => z.object({
      type: z.literal('match/not-same'),
      pageKey: z.string().check(z.maxLength(600)),
      recordId: z.string().check(z.maxLength(200)),
      notSame: z.boolean(),
    })),
    response: lazySchema(() => z.object({ ok: z.literal(true) })),
  },
  /** The popup's quick search over people and accounts. */
  'search/quick': {
    request: lazySchema(() => z.object({ type: z.literal('search/quick'), query: z.string().check(z.maxLength(200)) })),
    response: lazySchema(() => z.array(quickSearchResultSchema)),
  },
  /** Selector health: pages that could not be read cleanly, newest first. */
  'diagnostics/list': {
    request: lazySchema(() => z.object({ type: z.literal('diagnostics/list') })),
    response: lazySchema(() => z.array(diagnosticSchema)),
  },
  'diagnostics/clear': {
    request: lazySchema(() => z.object({ type: z.literal('diagnostics/clear') })),
    response: lazySchema(() => z.object({ cleared: z.literal(true) })),
  },
} as const;

export type RequestType = keyof typeof requestSchemas;
export type RequestOf<T extends RequestType> = z.infer<(typeof requestSchemas)[T]['request']>;
export type ResponseOf<T extends RequestType> = z.infer<(typeof requestSchemas)[T]['response']>;
export type AnyRequest = { [T in RequestType]: RequestOf<T> }[RequestType];

export const requestSchema = lazySchema(() => z.discriminatedUnion('type', [
  requestSchemas['page/detected'].request,
  requestSchemas['page/none'].request,
  requestSchemas['page/list'].request,
  requestSchemas['tab/view'].request,
  requestSchemas['workspace/status'].request,
  requestSchemas['workspace/remove-demo'].request,
  requestSchemas['workspace/load-demo'].request,
  requestSchemas['qualification/answer'].request,
  requestSchemas['qualification/element'].request,
  requestSchemas['qualification/action'].request,
  requestSchemas['qualification/role'].request,
  requestSchemas['qualification/objection'].request,
  requestSchemas['qualification/undo'].request,
  requestSchemas['match/not-same'].request,
  requestSchemas['search/quick'].request,
  requestSchemas['settings/qualify-get'].request,
  requestSchemas['settings/qualify-set'].request,
  requestSchemas['diagnostics/list'].request,
  requestSchemas['diagnostics/clear'].request,
  requestSchemas['sync/status'].request,
  requestSchemas['sync/now'].request,
  requestSchemas['sync/connect-token'].request,
  requestSchemas['sync/connect-oauth'].request,
  requestSchemas['sync/oauth-get'].request,
  requestSchemas['sync/oauth-set'].request,
  requestSchemas['sync/disconnect'].request,
  requestSchemas['sync/conflicts'].request,
  requestSchemas['sync/resolve-conflict'].request,
  requestSchemas['sync/deleted-record'].request,
  requestSchemas['sync/outbox'].request,
  requestSchemas['sync/retry'].request,
  requestSchemas['sync/discard'].request,
  requestSchemas['sync/fields'].request,
  requestSchemas['sync/map-fields'].request,
  requestSchemas['sync/roles'].request,
  requestSchemas['sync/map-roles'].request,
  requestSchemas['import/start'].request,
  requestSchemas['import/batch'].request,
  requestSchemas['import/finish'].request,
  requestSchemas['import/status'].request,
  requestSchemas['import/cancel'].request,
  requestSchemas['crm/add-check'].request,
  requestSchemas['crm/add'].request,
  requestSchemas['crm/link-profile'].request,
  requestSchemas['crm/add-account-check'].request,
  requestSchemas['crm/add-account'].request,
  requestSchemas['crm/link-company-page'].request,
  requestSchemas['activity/log'].request,
  requestSchemas['person/job-change'].request,
  requestSchemas['settings/sdr-get'].request,
  requestSchemas['settings/me-get'].request,
  requestSchemas['settings/me-set'].request,
  requestSchemas['settings/sdr-set'].request,
  requestSchemas['account/plan-edit'].request,
  requestSchemas['abm/review'].request,
  requestSchemas['abm/account'].request,
  requestSchemas['settings/key-accounts-get'].request,
  requestSchemas['settings/key-accounts-set'].request,
  requestSchemas['scoring/learn'].request,
  requestSchemas['scoring/adopt'].request,
  requestSchemas['scoring/history'].request,
]));

export { PAGE_REQUESTS } from './pageProtocol';
export {
  syncSystemSchema,
  zohoDataCentreSchema,
  oauthSetupSchema,
  connectionViewSchema,
  syncStatusSchema,
  syncConflictSchema,
  outboxEntryViewSchema,
  crmFieldSchema,
  type ConnectionViewMessage,
  type SyncStatusMessage,
  type SyncConflictMessage,
} from './syncProtocol';
export { shellSchemas, type ShellMessage, type ShellAnswer } from './shellProtocol';

/** The kinds of records a described change wrote (`event/entities-changed`'s `kinds`). */
export const CHANGE_KINDS = ['person', 'account', 'deal', 'product', 'activity'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Events: background → open UI surfaces, so each refreshes what it shows. */
export const eventSchema = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('event/tab-changed'), tabId: z.number() }),
  /**
   * Records changed. `ids: []` — anything may have changed. With `kinds` the change is described
   * (a sync's pull): `ids` names every record written and the records whose views they move (a
   * person's or deal's account, a deal's contacts, an account's parent), `kinds` the kinds written;
   * a record new to the duplicate matcher is announced as "anything" at the end of its run. Without
   * `kinds` (an edit, an import) only the ids are known: every record view refreshes.
   */
  z.object({ type: z.literal('event/entities-changed'), ids: z.array(z.string()), kinds: z.optional(z.array(z.enum(CHANGE_KINDS))) }),
  z.object({ type: z.literal('event/workspace-changed') }),
  z.object({ type: z.literal('event/diagnostics-changed') }),
  /** a connection's status, progress or outbox changed */
  z.object({ type: z.literal('event/sync-changed'), system: z.optional(crmSystemSchema) }),
]));
export type DealsideEvent = z.infer<typeof eventSchema>;
