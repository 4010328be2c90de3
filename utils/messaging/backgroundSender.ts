// For a content script: is a message from this extension's background? Kept apart from ./guard.ts
// (the background's checks, which name every request type) so a content script bundles only this.

export type SenderInfo = {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
};

export type SenderCheck = { ok: true } | { ok: false; reason: string };

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
