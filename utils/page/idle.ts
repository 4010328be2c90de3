// Work a content script can leave until the page's own work is done: an idle callback, run at the
// latest `timeoutMs` later (a busy page may never be idle). Returns the cancel.
export function whenIdle(win: Window, fn: () => void, timeoutMs: number): () => void {
  if (typeof win.requestIdleCallback === 'function') {
    const id = win.requestIdleCallback(() => fn(), { timeout: timeoutMs });
    return () => win.cancelIdleCallback(id);
  }
  const id = win.setTimeout(fn, 0);
  return () => win.clearTimeout(id);
}
