// WXT's ContentScriptContext announces every content script to the page it runs in: a
// window.postMessage and a CustomEvent on document, both naming the extension's id, which any page
// script can read — and pages that scan for extensions (LinkedIn does) use. wxt.config.ts points
// WXT's module at this one instead: the same lifetime API, and nothing said to the page.
//
// Left out on purpose: "stop the old script when a newer copy of it starts" (done through that
// page-visible event) — Dealside never injects its scripts again into a page that has them — and
// the 'wxt:locationchange' helper (utils/page/navigation.ts watches navigation itself).
import { browser } from 'wxt/browser';

export class ContentScriptContext {
  private readonly controller = new AbortController();

  constructor(
    readonly contentScriptName: string,
    readonly options?: unknown,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  /** True once aborted, or once the extension was reloaded or removed under this page. */
  get isInvalid(): boolean {
    if (browser.runtime?.id == null) this.notifyInvalidated();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  onInvalidated(cb: () => void): () => void {
    this.signal.addEventListener('abort', cb);
    return () => this.signal.removeEventListener('abort', cb);
  }

  block<T>(): Promise<T> {
    return new Promise<T>(() => {});
  }

  setTimeout(handler: () => void, timeout?: number): number {
    const id = setTimeout(() => this.isValid && handler(), timeout) as unknown as number;
    this.onInvalidated(() => clearTimeout(id));
    return id;
  }

  setInterval(handler: () => void, timeout?: number): number {
    const id = setInterval(() => this.isValid && handler(), timeout) as unknown as number;
    this.onInvalidated(() => clearInterval(id));
    return id;
  }

  requestAnimationFrame(callback: FrameRequestCallback): number {
    const id = requestAnimationFrame((t) => this.isValid && callback(t));
    this.onInvalidated(() => cancelAnimationFrame(id));
    return id;
  }

  requestIdleCallback(callback: IdleRequestCallback, options?: IdleRequestOptions): number {
    const id = requestIdleCallback((d) => !this.signal.aborted && callback(d), options);
    this.onInvalidated(() => cancelIdleCallback(id));
    return id;
  }

  addEventListener(target: EventTarget, type: string, handler: EventListenerOrEventListenerObject, options?: AddEventListenerOptions): void {
    target.addEventListener(type, handler, { ...options, signal: this.signal });
  }

  notifyInvalidated(): void {
    this.abort('Content script context invalidated');
  }
}
