// One request to the background and its validated answer, given the schemas to check it with.
import { browser } from 'wxt/browser';
import { pageAnswerSchemas } from './pageAnswers';

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
  const envelope = pageAnswerSchemas().envelope.safeParse(raw);
  if (!envelope.success) throw new DealsideRequestError('bad-response', `Unexpected answer to ${type}.`);
  if (!envelope.data.ok) throw new DealsideRequestError(envelope.data.error.code, envelope.data.error.message);
  const data = schemas[type]?.response.safeParse(envelope.data.data);
  if (!data?.success) throw new DealsideRequestError('bad-response', `Unexpected answer to ${type}.`);
  return data.data;
}
