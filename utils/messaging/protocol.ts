// The one typed protocol between Dealside's contexts. Every request and event has a zod schema
// and is validated on receipt; the background accepts requests only from this extension's own
// contexts (see ./guard.ts).
import * as z from 'zod/mini';
import { pageRequestSchemas } from './pageProtocol';
import { tabViewSchema } from './views';
import { qualificationViewSchema } from './qualificationView';
import { bantLetterStatusSchema } from '../domain/entities';
import { budgetAnswerKindSchema, needCategorySchema, timingHorizonSchema } from '../domain/bant';
import { committeeRoleSchema } from '../domain/roles';

const storeCountsSchema = z.object({
  accounts: z.number(),
  people: z.number(),
  deals: z.number(),
  activities: z.number(),
  products: z.number(),
  users: z.number(),
});

export const workspaceStatusSchema = z.object({
  mode: z.enum(['demo', 'empty', 'crm']),
  counts: storeCountsSchema,
  demoCounts: storeCountsSchema,
  demoSeededAt: z.optional(z.string()),
});
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;

export const diagnosticSchema = z.object({
  id: z.optional(z.number()),
  at: z.string(),
  site: z.string(),
  objectType: z.string(),
  kind: z.string(),
  status: z.enum(['fallback', 'failed']),
  missing: z.array(z.string()),
  matched: z.array(z.string()),
  page: z.string(),
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;

export { responseEnvelopeSchema, type ResponseEnvelope } from './pageProtocol';

const targetSchema = z.object({ entityType: z.enum(['deal', 'lead']), entityId: z.string().check(z.maxLength(200)) });
const note = z.optional(z.string().check(z.maxLength(4000)));
const status = z.optional(bantLetterStatusSchema);

/** One BANT answer from the rep: the letter, optionally a status, a note and the letter's details. */
export const bantEditSchema = z.discriminatedUnion('letter', [
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
]);
export type BantEditRequest = z.infer<typeof bantEditSchema>;

export const quickSearchResultSchema = z.object({
  id: z.string(),
  kind: z.enum(['contact', 'lead', 'account']),
  name: z.string(),
  detail: z.string(),
  ownerName: z.optional(z.string()),
  lastActivityAt: z.optional(z.string()),
  source: z.string(),
});
export type QuickSearchResult = z.infer<typeof quickSearchResultSchema>;

/** Requests: content scripts and UI surfaces → background. */
export const requestSchemas = {
  ...pageRequestSchemas,
  'tab/view': {
    request: z.object({ type: z.literal('tab/view'), tabId: z.number() }),
    response: tabViewSchema,
  },
  'workspace/status': {
    request: z.object({ type: z.literal('workspace/status') }),
    response: workspaceStatusSchema,
  },
  'workspace/remove-demo': {
    request: z.object({ type: z.literal('workspace/remove-demo') }),
    response: workspaceStatusSchema,
  },
  'workspace/load-demo': {
    request: z.object({ type: z.literal('workspace/load-demo') }),
    response: workspaceStatusSchema,
  },
  /** A rep's BANT answer; stored in IndexedDB before the answer comes back. */
  'qualification/answer': {
    request: z.object({ type: z.literal('qualification/answer'), target: targetSchema, edit: bantEditSchema }),
    response: qualificationViewSchema,
  },
  /** Mark a next action done or dismissed; state absent reopens it. */
  'qualification/action': {
    request: z.object({
      type: z.literal('qualification/action'),
      target: targetSchema,
      actionKey: z.string().check(z.maxLength(300)),
      state: z.optional(z.enum(['done', 'dismissed'])),
    }),
    response: qualificationViewSchema,
  },
  /** The rep assigns (or, role absent, clears) a person's role in the buying committee. */
  'qualification/role': {
    request: z.object({
      type: z.literal('qualification/role'),
      target: targetSchema,
      personId: z.string().check(z.maxLength(200)),
      role: z.optional(committeeRoleSchema),
    }),
    response: qualificationViewSchema,
  },
  /** A price objection, and who raised it. */
  'qualification/objection': {
    request: z.object({
      type: z.literal('qualification/objection'),
      target: targetSchema,
      byPersonId: z.string().check(z.maxLength(200)),
      note: z.string().check(z.maxLength(4000)),
    }),
    response: qualificationViewSchema,
  },
  /** The team's qualification agreement: scoring model, stage rules, committee templates, SLA. */
  'settings/qualify-get': {
    request: z.object({ type: z.literal('settings/qualify-get') }),
    response: z.object({ settings: z.unknown(), isDefault: z.boolean(), updatedAt: z.optional(z.string()) }),
  },
  /** Replace it (validated in the background too); `reset` goes back to the default. */
  'settings/qualify-set': {
    request: z.object({
      type: z.literal('settings/qualify-set'),
      settings: z.optional(z.unknown()),
      reset: z.optional(z.literal(true)),
    }),
    response: z.object({
      ok: z.boolean(),
      issues: z.array(z.object({ path: z.string(), message: z.object({ en: z.string(), es: z.string() }) })),
    }),
  },
  /** The rep says a suggested match is (or, notSame false, is after all) not the page's person. */
  'match/not-same': {
    request: z.object({
      type: z.literal('match/not-same'),
      pageKey: z.string().check(z.maxLength(600)),
      recordId: z.string().check(z.maxLength(200)),
      notSame: z.boolean(),
    }),
    response: z.object({ ok: z.literal(true) }),
  },
  /** The popup's quick search over people and accounts. */
  'search/quick': {
    request: z.object({ type: z.literal('search/quick'), query: z.string().check(z.maxLength(200)) }),
    response: z.array(quickSearchResultSchema),
  },
  /** Selector health: pages that could not be read cleanly, newest first. */
  'diagnostics/list': {
    request: z.object({ type: z.literal('diagnostics/list') }),
    response: z.array(diagnosticSchema),
  },
  'diagnostics/clear': {
    request: z.object({ type: z.literal('diagnostics/clear') }),
    response: z.object({ cleared: z.literal(true) }),
  },
} as const;

export type RequestType = keyof typeof requestSchemas;
export type RequestOf<T extends RequestType> = z.infer<(typeof requestSchemas)[T]['request']>;
export type ResponseOf<T extends RequestType> = z.infer<(typeof requestSchemas)[T]['response']>;
export type AnyRequest = { [T in RequestType]: RequestOf<T> }[RequestType];

export const requestSchema = z.discriminatedUnion('type', [
  requestSchemas['page/detected'].request,
  requestSchemas['page/none'].request,
  requestSchemas['page/list'].request,
  requestSchemas['tab/view'].request,
  requestSchemas['workspace/status'].request,
  requestSchemas['workspace/remove-demo'].request,
  requestSchemas['workspace/load-demo'].request,
  requestSchemas['qualification/answer'].request,
  requestSchemas['qualification/action'].request,
  requestSchemas['qualification/role'].request,
  requestSchemas['qualification/objection'].request,
  requestSchemas['match/not-same'].request,
  requestSchemas['search/quick'].request,
  requestSchemas['settings/qualify-get'].request,
  requestSchemas['settings/qualify-set'].request,
  requestSchemas['diagnostics/list'].request,
  requestSchemas['diagnostics/clear'].request,
]);

/** Requests only a content script on a supported site may send. */
export const PAGE_REQUESTS: ReadonlySet<RequestType> = new Set(['page/detected', 'page/none', 'page/list']);

/** Events: background → open UI surfaces, so each refreshes what it shows. */
export const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event/tab-changed'), tabId: z.number() }),
  z.object({ type: z.literal('event/entities-changed'), ids: z.array(z.string()) }),
  z.object({ type: z.literal('event/workspace-changed') }),
  z.object({ type: z.literal('event/diagnostics-changed') }),
]);
export type DealsideEvent = z.infer<typeof eventSchema>;
