// Small, bounded DOM reading helpers for extractors. No polling: waiting is a MutationObserver
// with a time limit, cancelled by the page session's AbortSignal.
import { clipText } from './clip';

export type Found = { el: Element; selector: string };

/** The first element matching any of the selectors, in order of trust; reports which matched. */
export function firstOf(root: ParentNode, selectors: readonly string[]): Found | undefined {
  for (const selector of selectors) {
    const el = root.querySelector(selector);
    if (el) return { el, selector };
  }
  return undefined;
}

/** Visible text of an element, whitespace collapsed, length-bounded. */
export function textOf(el: Element | null | undefined, max = 300): string | undefined {
  if (!el) return undefined;
  // Form fields hold their text in .value (checked by tag name, so any window's elements work)
  const raw = el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' ? (el as HTMLInputElement).value : (el.textContent ?? '');
  const text = clipText(raw.replace(/\s+/g, ' ').trim(), max);
  return text || undefined;
}

export function metaContent(doc: Document, selector: string): string | undefined {
  return doc.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
}

export class ExtractionAborted extends Error {
  constructor() {
    super('extraction aborted');
    this.name = 'ExtractionAborted';
  }
}

/**
 * Resolves with `probe()`'s first non-undefined result, re-checking on DOM mutations, or with
 * undefined after `timeoutMs`. Rejects with ExtractionAborted when the signal aborts.
 */
export function waitFor<T>(
  doc: Document,
  probe: () => T | undefined,
  { signal, timeoutMs }: { signal: AbortSignal; timeoutMs: number },
): Promise<T | undefined> {
  if (signal.aborted) return Promise.reject(new ExtractionAborted());
  const now = probe();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise<T | undefined>((resolve, reject) => {
    let scheduled = false;
    const finish = (value: T | undefined, error?: Error) => {
      observer.disconnect();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value);
    };
    const check = () => {
      scheduled = false;
      const value = probe();
      if (value !== undefined) finish(value);
    };
    const Observer = doc.defaultView?.MutationObserver ?? MutationObserver;
    const observer = new Observer(() => {
      // Coalesce bursts of mutations into one check per task.
      if (scheduled) return;
      scheduled = true;
      setTimeout(check, 0);
    });
    const onAbort = () => finish(undefined, new ExtractionAborted());
    const timer = setTimeout(() => finish(probe()), timeoutMs);
    signal.addEventListener('abort', onAbort);
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

type Visibility = { checkVisibility?: (options?: Record<string, boolean>) => boolean };

/**
 * Whether the user can see `el`, decided the way the browser decides it, not from markup: CRMs
 * that keep several records' views in the DOM (Salesforce's console tabs, Dynamics 365's
 * sessions) hide the unfocused ones with a style sheet rule or an inline `display: none`, with no
 * attribute to tell. `checkVisibility()` (Chromium 105, Firefox 106, Safari 17.4) where the engine
 * has it; elsewhere the computed style of the element and of every ancestor, across shadow hosts.
 */
export function isShown(el: Element): boolean {
  const check = (el as Element & Visibility).checkVisibility;
  if (typeof check === 'function') return check.call(el, { visibilityProperty: true, checkVisibilityCSS: true });
  const win = el.ownerDocument.defaultView;
  if (!win) return !el.closest('[hidden]');
  const self = win.getComputedStyle(el);
  if (self.visibility === 'hidden' || self.visibility === 'collapse') return false;
  for (let n: Element | null = el; n; n = n.parentElement ?? hostOf(n)) {
    if (win.getComputedStyle(n).display === 'none') return false;
  }
  return true;
}

function hostOf(el: Element): Element | null {
  const root = el.getRootNode();
  return 'host' in root ? ((root as ShadowRoot).host ?? null) : null;
}
