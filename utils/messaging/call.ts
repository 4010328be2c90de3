// One request to the background and its validated answer, given the schemas to check it with.
import { browser } from 'wxt/browser';
import { isResponseEnvelope } from './pageAnswerGuards';

type SchemaMap = Record<string, { response: { safeParse(v: unknown): { success: boolean; data?: unknown } } }>;

export class DealsideRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DealsideRequestError';
  }
}

export async function callBackground(schemas: SchemaMap, request: { type: string }): Promise<unknown> {
  return checkAnswer(schemas, request.type, await sendUnchecked(request));
}

/**
 * The request sent, its answer not yet looked at: for a surface that asks before its schemas are
 * loaded (the sidebar's first view, entrypoints/sidebar/main.tsx), which checks the answer with
 * checkAnswer once they are. Rejects only when the background cannot be reached.
 */
export async function sendUnchecked<R extends { type: string }>(request: R): Promise<unknown> {
  try {
    return await browser.runtime.sendMessage(request);
  } catch (error) {
    throw new DealsideRequestError(
      'unreachable',
      `Dealside's background could not be reached (${error instanceof Error ? error.message : String(error)}). Reload the page; if it persists, reload the extension.`,
    );
  }
}

/** The answer to a request of `type`, validated: the data, or the error the background sent. */
export function checkAnswer(schemas: SchemaMap, type: string, raw: unknown): unknown {
  // a hand-written guard, equivalent to the envelope's schema (pageAnswerGuards.test.ts): a content
  // script calls this too, and carries no schema library
  if (!isResponseEnvelope(raw)) throw new DealsideRequestError('bad-response', `Unexpected answer to ${type}.`);
  if (!raw.ok) throw new DealsideRequestError(raw.error.code, raw.error.message);
  const data = schemas[type]?.response.safeParse(raw.data);
  if (!data?.success) throw new DealsideRequestError('bad-response', `Unexpected answer to ${type}.`);
  return data.data;
}
