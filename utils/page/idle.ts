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

/** Resolves at the page's next idle moment (see whenIdle), or at once when `signal` aborts. */
export function idle(win: Window, signal: AbortSignal, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      signal.removeEventListener('abort', cancelled);
      resolve();
    };
    const cancel = whenIdle(win, done, timeoutMs);
    const cancelled = () => {
      cancel();
      resolve();
    };
    signal.addEventListener('abort', cancelled, { once: true });
  });
}
