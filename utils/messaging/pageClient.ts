// Sending page requests from content scripts. The answers are checked with hand-written guards
// (./pageAnswerGuards.ts, proven equivalent to ./pageAnswers.ts's schemas); the requests are the
// background's to validate. No schema library is bundled.
import type * as z from 'zod/mini';
import type { pageRequestSchemas } from './pageProtocol';
import { pageAnswerGuards } from './pageAnswerGuards';
import { browser } from 'wxt/browser';
import { callBackground } from './call';

type PageSchemas = typeof pageRequestSchemas;
type PageRequest = { [T in keyof PageSchemas]: z.infer<PageSchemas[T]['request']> }[keyof PageSchemas];

export function sendPageRequest<R extends PageRequest>(
  request: R,
): Promise<z.infer<PageSchemas[R['type']]['response']>> {
  return callBackground(pageAnswerGuards, request) as Promise<z.infer<PageSchemas[R['type']]['response']>>;
}

/**
 * page/none, whose answer nothing reads: sent without waiting for it, so no answer is taken in
 * and none needs validating (and no schema is built on a page that shows no record).
 */
export function notifyPageNone(url: string): void {
  const request: PageRequest = { type: 'page/none', url };
  void browser.runtime.sendMessage(request).catch(() => {});
}
