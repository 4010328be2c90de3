// The background's single runtime.onMessage listener: validate, check the sender, dispatch.
import {
  requestSchemas,
  type AnyRequest,
  type RequestOf,
  type RequestType,
  type ResponseEnvelope,
  type ResponseOf,
} from './protocol';
import { checkSender, type SenderInfo } from './guard';

export type RequestContext = { sender: SenderInfo; tabId?: number };

export type RequestHandlers = {
  [T in RequestType]: (request: RequestOf<T>, context: RequestContext) => Promise<ResponseOf<T>>;
};

export function createRequestListener(
  handlers: RequestHandlers,
  identity: { ownId: string; ownOrigin: string },
  onRejected: (reason: string, type: string) => void = () => {},
) {
  return (message: unknown, sender: SenderInfo): Promise<ResponseEnvelope> | undefined => {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !(type in requestSchemas)) return undefined; // not a request (e.g. an event)
    // Only this type's schema, built on its first message: a woken worker builds the one schema
    // the message that woke it needs (the same check as the union of every request: each request
    // schema pins its own `type`).
    const schema = Object.hasOwn(requestSchemas, type) ? requestSchemas[type as RequestType].request : undefined;
    const parsed = schema?.safeParse(message) as { success: true; data: AnyRequest } | { success: false } | undefined;
    if (!parsed?.success) {
      onRejected('invalid message', type);
      return Promise.resolve({ ok: false, error: { code: 'invalid', message: `Invalid ${type} message.` } });
    }
    const check = checkSender(parsed.data.type, sender, identity.ownId, identity.ownOrigin, parsed.data);
    if (!check.ok) {
      onRejected(check.reason, type);
      return Promise.resolve({ ok: false, error: { code: 'forbidden', message: `Refused ${type}: ${check.reason}.` } });
    }
    const handler = handlers[parsed.data.type] as (r: unknown, c: RequestContext) => Promise<unknown>;
    return handler(parsed.data, { sender, tabId: sender.tab?.id }).then(
      (data): ResponseEnvelope => ({ ok: true, data }),
      (error: unknown): ResponseEnvelope => ({
        ok: false,
        error: { code: 'failed', message: error instanceof Error ? error.message : String(error) },
      }),
    );
  };
}
