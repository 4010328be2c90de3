// The part of the protocol content scripts use. Kept apart so a content script bundles only the
// schemas it sends and receives, not the views the UI reads.
import * as z from 'zod/mini';
import { pageSnapshotSchema } from '../sites/snapshot';
import { pageRefSchema } from '../sites/types';
import type { RequestType } from './protocol';

export const MAX_LIST_ROWS = 200;

export const listRowSchema = z.object({
  /** the row's key on the page: the record URL it links to */
  key: z.string().check(z.maxLength(2048)),
  ref: pageRefSchema,
  name: z.optional(z.string().check(z.maxLength(200))),
});
export type ListRow = z.infer<typeof listRowSchema>;

export const listVerdictSchema = z.object({
  key: z.string(),
  verdict: z.enum(['in-crm', 'possible', 'new']),
  ownerName: z.optional(z.string()),
  lastTouchAt: z.optional(z.string()),
  /** for a CRM's own record: another record that looks like the same person or company */
  duplicateName: z.optional(z.string()),
});
export type ListVerdict = z.infer<typeof listVerdictSchema>;

/** Requests only a content script on a supported site may send. */
export const PAGE_REQUESTS: ReadonlySet<RequestType> = new Set(['page/detected', 'page/none', 'page/list']);

export const pageRequestSchemas = {
  /** A content script read a record page (sent again on every in-page navigation). */
  'page/detected': {
    request: z.object({ type: z.literal('page/detected'), snapshot: pageSnapshotSchema }),
    response: z.object({ tabId: z.number() }),
  },
  /** A content script's page shows no record any more (in-page navigation to a feed, settings…). */
  'page/none': {
    request: z.object({ type: z.literal('page/none'), url: z.string().check(z.maxLength(4096)) }),
    response: z.object({ tabId: z.number() }),
  },
  /**
   * A list page (CRM list view, LinkedIn search results): the records its rows link to. The
   * answer says, per row, whether it is in the CRM, owned by whom, or a possible duplicate.
   */
  'page/list': {
    request: z.object({
      type: z.literal('page/list'),
      url: z.string().check(z.maxLength(4096)),
      rows: z.array(listRowSchema).check(z.maxLength(MAX_LIST_ROWS)),
    }),
    /** rows past the tab's lookup budget are left out: ask for them again after `retryAfterMs` */
    response: z.object({ tabId: z.number(), rows: z.array(listVerdictSchema), retryAfterMs: z.optional(z.number()) }),
  },
} as const;

/** Every answer travels in this envelope, so a failure reaches the caller as a clear message. */
export const responseEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type ResponseEnvelope =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: string; message: string } };
