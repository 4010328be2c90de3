// End-to-end harness: What happens on the page: single-page-app navigation, the DOM changes a page could observe, content
// scripts injected, window markers and the closed shadow hosts Dealside adds.
import type { Page } from 'puppeteer-core';
import { readFixture } from './fixtures';

// ---------------------------------------------------------------------------------------------
// In-page navigation

export type InPageNavigation = {
  /** the next record's URL */
  url: string;
  /** the fixture whose DOM replaces the current record's */
  fixture: string;
  /** the element whose content the app re-renders; 'body' by default */
  root?: string;
  /** the app renders the new record this long after pushState (as real SPAs do) */
  renderDelayMs?: number;
};

/**
 * Simulates a single-page app moving to another record, in the page's MAIN world: pushState to
 * the next URL, then (after a short render delay) replace the record DOM and the title with the
 * next fixture's. Inline scripts of the new DOM run, as the app's own rendering would.
 * No reload happens.
 */
export async function navigateInPage(page: Page, nav: InPageNavigation): Promise<void> {
  const html = readFixture(nav.fixture);
  await page.evaluate(
    (url: string, source: string, rootSelector: string, delay: number) =>
      new Promise<void>((resolve, reject) => {
        const next = new DOMParser().parseFromString(source, 'text/html');
        // The DOM watch (watchDomChanges) must not count the app's own re-render as Dealside's.
        const watch = (window as unknown as { __e2eDomWatch?: { flush(): void; discard(): void } }).__e2eDomWatch;
        history.pushState({ e2e: url }, '', url);
        setTimeout(() => {
          try {
            watch?.flush();
            const target = document.querySelector(rootSelector);
            const replacement = next.querySelector(rootSelector);
            if (!target || !replacement) throw new Error(`No ${rootSelector} in the page or in the next fixture`);
            document.title = next.title;
            if (next.documentElement.lang) document.documentElement.lang = next.documentElement.lang;
            target.replaceChildren(...Array.from(replacement.childNodes).map((n) => document.importNode(n, true)));
            // Scripts inserted this way do not run; re-create them so they do (the app renders).
            for (const old of Array.from(target.querySelectorAll('script'))) {
              const type = old.getAttribute('type');
              if (type && type !== 'text/javascript' && type !== 'module') continue;
              const fresh = document.createElement('script');
              for (const attr of Array.from(old.attributes)) fresh.setAttribute(attr.name, attr.value);
              fresh.textContent = old.textContent;
              old.replaceWith(fresh);
            }
            watch?.discard();
            resolve();
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }, delay);
      }),
    nav.url,
    html,
    nav.root ?? 'body',
    nav.renderDelayMs ?? 120,
  );
}

// ---------------------------------------------------------------------------------------------
// Watching the page DOM for changes made by anyone but the page itself

export type DomChange = {
  kind: 'added' | 'attribute';
  /** tag name of the added element, or of the element whose attribute changed */
  tag: string;
  /** the attribute that changed, or a short description of the added element */
  detail: string;
  /** inside the page app's own root (the given selector), where its scripts render */
  insideApp: boolean;
  /** custom element, iframe, or anything naming dealside / chrome-extension */
  suspicious: boolean;
};

// Plain JavaScript (see READ_SURFACE below for why a string). Installed before any page script
// runs; records, after DOMContentLoaded (content scripts run at document_end, once its listeners
// have run), every element added and every attribute change on <html>, <head> and <body>.
const DOM_WATCH_SCRIPT = (appRoot: string) => `(() => {
  if (window.__e2eDomWatch) return;
  const log = [];
  let armed = false;
  function describe(el) {
    const attrs = Array.from(el.attributes || []).map(function (a) { return a.name + '=' + String(a.value).slice(0, 60); });
    return '<' + el.tagName.toLowerCase() + (attrs.length ? ' ' + attrs.join(' ') : '') + '>';
  }
  function suspicious(el) {
    if (!el.tagName) return false;
    if (el.tagName.indexOf('-') >= 0 || el.tagName === 'IFRAME') return true;
    return /dealside|chrome-extension|moz-extension/i.test(describe(el));
  }
  function insideApp(node) {
    const root = document.querySelector(${JSON.stringify(appRoot)});
    return !!root && root !== node && root.contains(node);
  }
  function handle(records) {
    if (!armed) return;
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of Array.from(r.addedNodes)) {
          if (n.nodeType !== 1) continue;
          const inApp = insideApp(n);
          const bad = suspicious(n) || (n.querySelector && n.querySelector('iframe, [data-dealside], [data-dealside-host]') !== null);
          log.push({ kind: 'added', tag: n.tagName.toLowerCase(), detail: describe(n).slice(0, 300), insideApp: inApp, suspicious: !!bad });
        }
      } else if (r.type === 'attributes') {
        const t = r.target;
        if (t === document.documentElement || t === document.head || t === document.body || /dealside/i.test(r.attributeName || '')) {
          log.push({ kind: 'attribute', tag: t.tagName.toLowerCase(), detail: r.attributeName || '', insideApp: insideApp(t), suspicious: /dealside/i.test(r.attributeName || '') });
        }
      }
    }
  }
  const observer = new MutationObserver(handle);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  // What the parser inserted is the page itself: forget it, and record from here on.
  document.addEventListener('DOMContentLoaded', function () { observer.takeRecords(); armed = true; }, { once: true });
  window.__e2eDomWatch = {
    log: log,
    flush: function () { handle(observer.takeRecords()); },
    discard: function () { observer.takeRecords(); },
  };
})()`;

/**
 * Records, in the page's main world, every element added and every attribute change on
 * html/head/body after DOMContentLoaded. Call before page.goto. `appRoot` is the element the
 * page's own scripts render into (their additions there are expected).
 */
export async function watchDomChanges(page: Page, appRoot: string): Promise<void> {
  await page.evaluateOnNewDocument(DOM_WATCH_SCRIPT(appRoot));
}

/** The DOM changes recorded by watchDomChanges so far. */
export async function domChanges(page: Page): Promise<DomChange[]> {
  return (await page.evaluate(`(() => {
    const w = window.__e2eDomWatch;
    if (!w) throw new Error('watchDomChanges was not installed on this page');
    w.flush();
    return w.log.slice();
  })()`)) as DomChange[];
}

/**
 * Resolves once the extension has a content-script world (an isolated execution context of
 * chrome-extension://<id>) in the page's main frame: proof its content script was injected.
 * Start it before page.goto.
 */
export async function contentScriptInjected(
  page: Page,
  extensionId: string,
  timeoutMs = 45_000,
): Promise<() => Promise<void>> {
  const session = await page.createCDPSession();
  let resolveSeen!: () => void;
  const seen = new Promise<void>((resolve) => (resolveSeen = resolve));
  // Runtime.enable reports the contexts that already exist before it answers; listening only
  // afterwards counts only worlds created for the next document.
  await session.send('Runtime.enable');
  session.on('Runtime.executionContextCreated', (event) => {
    const ctx = event.context;
    const aux = (ctx.auxData ?? {}) as { type?: string; isDefault?: boolean };
    if (aux.type === 'isolated' && ctx.origin.startsWith(`chrome-extension://${extensionId}`)) resolveSeen();
  });
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        seen,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`No Dealside content script in ${page.url()} after ${timeoutMs} ms.`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await session.detach().catch(() => {});
    }
  };
}

/** Sets a marker on the page's window; `hasWindowMarker` is true until the page reloads. */
export async function setWindowMarker(page: Page, value: string): Promise<void> {
  await page.evaluate((v: string) => {
    (window as unknown as { __dealsideE2EMarker?: string }).__dealsideE2EMarker = v;
  }, value);
}

export async function windowMarker(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { __dealsideE2EMarker?: string }).__dealsideE2EMarker);
}

// ---------------------------------------------------------------------------------------------
// Seeing into closed shadow roots (as DevTools does; the page's scripts cannot)

export type ClosedShadowHost = {
  /** the host element's own attributes: all the page can read */
  attributes: Record<string, string>;
  /** href of the element just before the host (the link a badge belongs to) */
  previousHref?: string;
  /** the text inside its shadow root */
  text: string;
  /** attributes of the elements inside its shadow root, in order */
  inner: Record<string, string>[];
};

/** Every `tagName` element of the page's main document, with what its closed shadow root holds. */
export async function readClosedShadowHosts(page: Page, tagName: string): Promise<ClosedShadowHost[]> {
  type Node = { nodeType: number; nodeName: string; nodeValue?: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
  const session = await page.createCDPSession();
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    const attrs = (n: Node) => Object.fromEntries((n.attributes ?? []).flatMap((v, i, all) => (i % 2 ? [] : [[v, all[i + 1]!]])));
    const text = (n: Node): string => (n.nodeType === 3 ? (n.nodeValue ?? '') : [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(text).join(''));
    const elements = (n: Node): Node[] => (n.children ?? []).flatMap((c) => (c.nodeType === 1 ? [c, ...elements(c)] : []));
    const found: ClosedShadowHost[] = [];
    const walk = (n: Node) => {
      const kids = n.children ?? [];
      kids.forEach((child, i) => {
        if (child.nodeName === tagName.toUpperCase()) {
          const before = kids.slice(0, i).reverse().find((k) => k.nodeType === 1);
          found.push({
            attributes: attrs(child),
            previousHref: before ? attrs(before).href : undefined,
            text: (child.shadowRoots ?? []).map(text).join(''),
            inner: (child.shadowRoots ?? []).flatMap(elements).map(attrs),
          });
        }
        walk(child);
      });
    };
    walk(root);
    return found;
  } finally {
    await session.detach().catch(() => {});
  }
}
