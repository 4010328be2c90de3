// The part of the protocol content scripts use. Kept apart so a content script bundles only the
// schemas it sends and receives, not the views the UI reads.
import * as z from 'zod/mini';
import { pageSnapshotSchema } from '../sites/snapshot';

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
