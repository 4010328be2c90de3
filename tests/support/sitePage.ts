// What the sites' extractor tests share (happy-dom): a fixture page from tests/fixtures/pages/<site>
// in place of the test document, a snapshot of it at a record's URL, a click as the user makes it,
// and a clean document after each test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeSnapshot } from '../../utils/sites/extract';
import { parsePageUrl } from '../../utils/sites/index';

const PAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/pages');

export interface FixtureOptions {
  /** keep the data scripts (`<script type="application/ld+json">` …) in the document: LinkedIn's reader reads them */
  keepDataScripts?: boolean;
  /** attach the declarative shadow roots (`<template shadowrootmode>`), which DOMParser leaves as templates */
  shadowRoots?: boolean;
}

/**
 * A loader for one site's fixtures: `load(file)` puts the fixture's document in place of the test
 * document; its executable scripts (those without a `type`) run only with `{ runScripts: true }`,
 * after the document is in place, as the page would run them.
 */
export function fixtureLoader(site: string, { keepDataScripts = false, shadowRoots = false }: FixtureOptions = {}) {
  return (file: string, { runScripts = false } = {}): void => {
    const parsed = new DOMParser().parseFromString(readFileSync(path.join(PAGES, site, file), 'utf8'), 'text/html');
    const executable = Array.from(parsed.querySelectorAll('script:not([type])'));
    const scripts = executable.map((s) => s.textContent ?? '');
    (keepDataScripts ? executable : Array.from(parsed.querySelectorAll('script'))).forEach((s) => s.remove());
    document.documentElement.lang = parsed.documentElement.lang;
    document.head.replaceChildren(...Array.from(parsed.head.childNodes).map((n) => document.importNode(n, true)));
    document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => document.importNode(n, true)));
    document.title = parsed.title;
    if (shadowRoots) attachShadowRoots(document.body);
    if (runScripts) for (const source of scripts) new Function(source)();
  };
}

/** What Chromium's parser does with `<template shadowrootmode="open">` (DOMParser and happy-dom do not). */
export function attachShadowRoots(root: ParentNode): void {
  for (const template of Array.from(root.querySelectorAll<HTMLTemplateElement>('template[shadowrootmode]'))) {
    const host = template.parentElement;
    if (!host) continue;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append(template.content.cloneNode(true));
    template.remove();
    attachShadowRoots(shadow);
  }
}

/** The snapshot the content script would take of the test document at `url` (a record's URL). */
export function snapshot(url: string, extra: { previousName?: string; timeoutMs?: number; signal?: AbortSignal } = {}) {
  const ref = parsePageUrl(url);
  if (!ref) throw new Error(`not a record URL: ${url}`);
  return takeSnapshot(document, url, ref, {
    signal: extra.signal ?? new AbortController().signal,
    now: () => 1,
    timeoutMs: extra.timeoutMs ?? 10_000,
    previousName: extra.previousName,
  });
}

/** A click as the user makes it, handled by the fixture's own script. */
export function click(selector: string): void {
  const el = document.querySelector(selector);
  if (!el) throw new Error(`nothing to click at ${selector}`);
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
}

/** An empty document again (for afterEach). */
export function resetDocument(): void {
  document.title = '';
  document.head.innerHTML = '';
  document.body.innerHTML = '';
}
