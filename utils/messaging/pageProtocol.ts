// The page part of the protocol: what content scripts send, validated by the background. A content
// script bundles none of it: it reads only the answers (./pageAnswers.ts).
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { pageSnapshotSchema } from '../sites/snapshot';
import { pageRefSchema } from '../sites/types';
import type { RequestType } from './protocol';
import { MAX_LIST_ROWS, pageAnswerSchemas } from './pageAnswers';

export { MAX_LIST_ROWS, type ListVerdict, type ResponseEnvelope } from './pageAnswers';

/** the answers' schemas, built on first use */
const answers = pageAnswerSchemas;

export const listRowSchema = lazySchema(() => z.object({
  /** the row's key on the page: the record URL it links to */
  key: z.string().check(z.maxLength(2048)),
  ref: pageRefSchema,
  name: z.optional(z.string().check(z.maxLength(200))),
}));
export type ListRow = z.infer<typeof listRowSchema>;

export const listVerdictSchema = lazySchema(() => answers().listVerdict);

/** Requests only a content script on a supported site may send. */
export const PAGE_REQUESTS: ReadonlySet<RequestType> = new Set(['page/detected', 'page/none', 'page/list']);

export const pageRequestSchemas = {
  /** A content script read a record page (sent again on every in-page navigation). */
  'page/detected': {
    request: lazySchema(() => z.object({ type: z.literal('page/detected'), snapshot: pageSnapshotSchema })),
    response: lazySchema(() => answers().answers['page/detected'].response),
  },
  /** A content script's page shows no record any more (in-page navigation to a feed, settings…). */
  'page/none': {
    request: lazySchema(() => z.object({ type: z.literal('page/none'), url: z.string().check(z.maxLength(4096)) })),
    response: lazySchema(() => answers().answers['page/none'].response),
  },
  /**
   * A list page (CRM list view, LinkedIn search results): the records its rows link to. The
   * answer says, per row, whether it is in the CRM, owned by whom, or a possible duplicate.
   */
  'page/list': {
    request: lazySchema(() => z.object({
      type: z.literal('page/list'),
      url: z.string().check(z.maxLength(4096)),
      rows: z.array(listRowSchema).check(z.maxLength(MAX_LIST_ROWS)),
    })),
    /** rows past the tab's lookup budget are left out: ask for them again after `retryAfterMs` */
    response: lazySchema(() => answers().answers['page/list'].response),
  },
} as const;

/** Every answer travels in this envelope, so a failure reaches the caller as a clear message. */
export const responseEnvelopeSchema = lazySchema(() => answers().envelope);
