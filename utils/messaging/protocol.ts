// The one typed protocol between Dealside's contexts. Every request and event has a zod schema
// and is validated on receipt; the background accepts requests only from this extension's own
// contexts (see ./guard.ts).
import * as z from 'zod/mini';
import { pageRequestSchemas } from './pageProtocol';
import { tabViewSchema } from './views';

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
  requestSchemas['tab/view'].request,
  requestSchemas['workspace/status'].request,
  requestSchemas['workspace/remove-demo'].request,
  requestSchemas['workspace/load-demo'].request,
  requestSchemas['diagnostics/list'].request,
  requestSchemas['diagnostics/clear'].request,
]);

/** Requests only a content script on a supported site may send. */
export const PAGE_REQUESTS: ReadonlySet<RequestType> = new Set(['page/detected', 'page/none']);

/** Events: background → open UI surfaces, so each refreshes what it shows. */
export const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event/tab-changed'), tabId: z.number() }),
  z.object({ type: z.literal('event/entities-changed'), ids: z.array(z.string()) }),
  z.object({ type: z.literal('event/workspace-changed') }),
  z.object({ type: z.literal('event/diagnostics-changed') }),
]);
export type DealsideEvent = z.infer<typeof eventSchema>;
