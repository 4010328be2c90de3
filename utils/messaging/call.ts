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
  const type = request.type;
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (error) {
    throw new DealsideRequestError(
      'unreachable',
      `Dealside's background could not be reached (${error instanceof Error ? error.message : String(error)}). Reload the page; if it persists, reload the extension.`,
    );
  }
  // a hand-written guard, equivalent to the envelope's schema (pageAnswerGuards.test.ts): a content
  // script calls this too, and carries no schema library
  if (!isResponseEnvelope(raw)) throw new DealsideRequestError('bad-response', `Unexpected answer to ${type}.`);
  if (!raw.ok) throw new DealsideRequestError(raw.error.code, raw.error.message);
  const data = schemas[type]?.response.safeParse(raw.data);
  if (!data?.success) throw new DealsideRequestError('bad-response', `Unexpected answer to ${type}.`);
  return data.data;
}
