// Sending requests to the background from any context, with the answer validated.
import { browser } from 'wxt/browser';
import {
  requestSchemas,
  responseEnvelopeSchema,
  type AnyRequest,
  type RequestType,
  type ResponseOf,
} from './protocol';

export class DealsideRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DealsideRequestError';
  }
}

export async function sendRequest<R extends AnyRequest>(request: R): Promise<ResponseOf<R['type']>> {
  const type: RequestType = request.type;
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (error) {
    throw new DealsideRequestError(
      'unreachable',
      `Dealside's background could not be reached (${error instanceof Error ? error.message : String(error)}). Reload the page; if it persists, reload the extension.`,
    );
  }
  const envelope = responseEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new DealsideRequestError('bad-response', `Unexpected answer to ${type}.`);
  if (!envelope.data.ok) throw new DealsideRequestError(envelope.data.error.code, envelope.data.error.message);
  const data = requestSchemas[type].response.safeParse(envelope.data.data);
  if (!data.success) throw new DealsideRequestError('bad-response', `Unexpected answer to ${type}.`);
  return data.data as ResponseOf<R['type']>;
}
