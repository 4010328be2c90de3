// WXT's `browser` (wxt/browser) reads `globalThis.browser` / `globalThis.chrome` when its module is
// evaluated. In a content script that first read of `chrome` builds the extension bindings of the
// page's isolated world (~1 ms of the page's main thread, profiled), at the script's start, even on
// a page that will never use them. wxt.config.ts points `wxt/browser` here instead: the same object,
// looked up on first use — so a content script's start, and a whole page no site recognises, touch
// no extension API. Unit tests keep WXT's fake browser (its Vitest plugin aliases the module itself).
import type { WxtBrowser } from 'wxt/browser';

type Globals = { browser?: { runtime?: { id?: string } }; chrome?: unknown };

let api: object | undefined;
const real = (): object => {
  if (api) return api;
  const g = globalThis as Globals;
  api = (g.browser?.runtime?.id ? g.browser : g.chrome) as object;
  return api;
};

export const browser = new Proxy({} as WxtBrowser, {
  get: (_target, key) => Reflect.get(real(), key),
  has: (_target, key) => Reflect.has(real(), key),
});
