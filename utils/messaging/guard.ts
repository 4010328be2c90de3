// Who may send what. Requests are accepted only from this extension; page requests only from
// our content scripts on supported sites; UI requests only from our own extension pages; and a
// content script takes orders (./shellProtocol.ts) only from our background.
// Imported by content scripts too: it must not pull in the whole protocol.
import { PAGE_REQUESTS } from './pageProtocol';
import type { RequestType } from './protocol';
import { isSupportedUrl } from '../sites/hosts';

export type SenderInfo = {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
};

export type SenderCheck = { ok: true } | { ok: false; reason: string };

export function checkSender(
  type: RequestType,
  sender: SenderInfo,
  ownId: string,
  ownOrigin: string,
): SenderCheck {
  if (sender.id !== ownId) return { ok: false, reason: 'not from this extension' };
  const url = sender.url ?? '';
  if (PAGE_REQUESTS.has(type)) {
    if (sender.tab?.id === undefined) return { ok: false, reason: 'page request without a tab' };
    if (sender.frameId !== undefined && sender.frameId !== 0) return { ok: false, reason: 'page request from a sub-frame' };
    if (!isSupportedUrl(url)) return { ok: false, reason: 'page request from an unsupported site' };
    return { ok: true };
  }
  if (!url.startsWith(ownOrigin)) return { ok: false, reason: 'UI request from outside the extension pages' };
  return { ok: true };
}

/**
 * For a content script: a message from this extension's background (or one of its pages not in a
 * tab), never from another content script, a page or another extension.
 */
export function checkBackgroundSender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderCheck {
  if (sender.id !== ownId) return { ok: false, reason: 'not from this extension' };
  if (sender.tab !== undefined) return { ok: false, reason: 'from a tab, not the background' };
  if (!(sender.url ?? '').startsWith(ownOrigin)) return { ok: false, reason: 'not from the extension’s own pages' };
  return { ok: true };
}
