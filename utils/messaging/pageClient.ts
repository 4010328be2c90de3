// Sending page requests from content scripts (only the page part of the protocol is bundled).
import type * as z from 'zod/mini';
import { pageRequestSchemas } from './pageProtocol';
import { callBackground } from './call';

type PageSchemas = typeof pageRequestSchemas;
type PageRequest = { [T in keyof PageSchemas]: z.infer<PageSchemas[T]['request']> }[keyof PageSchemas];

export function sendPageRequest<R extends PageRequest>(
  request: R,
): Promise<z.infer<PageSchemas[R['type']]['response']>> {
  return callBackground(pageRequestSchemas, request) as Promise<z.infer<PageSchemas[R['type']]['response']>>;
}
