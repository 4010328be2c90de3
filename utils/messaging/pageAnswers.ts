// What a content script reads back from the background: the answers to its page requests and the
// envelope they travel in — the schemas, source of truth for the background, the UI and the tests.
// Built on first use.
// A content script checks the same answers with the hand-written guards of ./pageAnswerGuards.ts,
// proven equivalent to these schemas by pageAnswerGuards.test.ts.
import * as z from 'zod/mini';

export { MAX_LIST_ROWS } from './pageAnswerGuards';

function build() {
  const listVerdict = z.object({
    key: z.string(),
    verdict: z.enum(['in-crm', 'possible', 'new']),
    ownerName: z.optional(z.string()),
    lastTouchAt: z.optional(z.string()),
    /** for a CRM's own record: another record that looks like the same person or company */
    duplicateName: z.optional(z.string()),
  });
  const tabAnswer = z.object({ tabId: z.number() });
  return {
    listVerdict,
    /** Every answer travels in this envelope, so a failure reaches the caller as a clear message. */
    envelope: z.union([
      z.object({ ok: z.literal(true), data: z.unknown() }),
      z.object({
        ok: z.literal(false),
        error: z.object({ code: z.string(), message: z.string() }),
      }),
    ]),
    /** per page request, the answer's schema (the shape callBackground takes) */
    answers: {
      'page/detected': { response: tabAnswer },
      'page/none': { response: tabAnswer },
      /** rows past the tab's lookup budget are left out: ask for them again after `retryAfterMs` */
      'page/list': {
        response: z.object({ tabId: z.number(), rows: z.array(listVerdict), retryAfterMs: z.optional(z.number()) }),
      },
    },
  };
}

export type PageAnswerSchemas = ReturnType<typeof build>;
let built: PageAnswerSchemas | undefined;

/** The schemas, built the first time they are asked for. */
export function pageAnswerSchemas(): PageAnswerSchemas {
  return (built ??= build());
}

export type ListVerdict = z.infer<PageAnswerSchemas['listVerdict']>;
export type ResponseEnvelope =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: string; message: string } };
