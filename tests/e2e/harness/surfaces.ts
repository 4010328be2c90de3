// End-to-end harness: Reading what a Dealside surface shows (sidebar frame, side panel, popup), folding its sections,
// clicking while it settles, and asking the background as the UI does.
import type { Frame, Page } from 'puppeteer-core';

// ---------------------------------------------------------------------------------------------
// Reading the surfaces

/** The frame of the in-page sidebar (`<dealside-sidebar>` → iframe of sidebar.html). */
export async function waitForSidebarFrame(page: Page, timeoutMs = 45_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/sidebar.html'));
    if (frame) {
      // Clicks count once the browser has said whether the sidebar is visible as drawn (#14.2);
      // a folded sidebar's frame is not rendered, so there is nothing to wait for.
      const owner = await frame.frameElement().catch(() => null);
      const drawn = owner ? await owner.boundingBox().catch(() => null) : null;
      if (drawn) await frame
        .waitForFunction(() => document.documentElement.dataset.visibleAsDrawn !== undefined, { timeout: Math.max(1, deadline - Date.now()) })
        .catch(() => undefined);
      return frame;
    }
    if (Date.now() > deadline) throw new Error(`No sidebar frame on ${page.url()} after ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the sidebar's view looks for nothing more and is all drawn: its duplicates are in (or
 * there are none), and a record's sections, which come in the commit after its header, are in.
 */
export async function waitForSidebarSettled(frame: Frame, timeoutMs = 45_000): Promise<void> {
  await frame.waitForFunction(
    () =>
      !!document.querySelector('[data-dealside="tab-view"]') &&
      !document.querySelector('[data-dealside="tab-view"][data-pending]') &&
      (!document.querySelector('[data-dealside="moment-header"]') || !!document.querySelector('[data-dealside="sections"]')),
    { timeout: timeoutMs },
  );
}

export type MatchCardView = {
  name?: string;
  owner?: string;
  lastActivity?: string;
  openDeals: string[];
  demo: boolean;
  matchedBy?: string;
};

export type SurfaceView = {
  surface?: string;
  state?: string;
  entityName?: string;
  subtitle?: string;
  verdict?: string;
  /** the first-glance header chosen for the page: rep, sdr or am (DESIGN.md contract 5) */
  moment?: string;
  /**
   * what the view still looks for ('duplicates': a worker just woken loads its match index) or
   * still draws ('sections': a record's sections, in the commit after its header)
   */
  pending?: string;
  cards: MatchCardView[];
  text: string;
};

// Plain JavaScript (a string, so no transpiler helper such as esbuild's __name can leak into it)
// that reads a surface's DOM contract: data-dealside-surface, tab-view state, entity name, verdict,
// and one card per matched record.
const READ_SURFACE = `(() => {
  function text(el) {
    const t = el && el.textContent ? el.textContent.replace(/\\s+/g, ' ').trim() : '';
    return t || undefined;
  }
  function attr(sel, name) {
    const el = document.querySelector(sel);
    return el ? el.getAttribute(name) || undefined : undefined;
  }
  const cards = Array.from(document.querySelectorAll('[data-dealside="owner"]')).map(function (owner) {
    const card = owner.closest('section') || owner.parentElement;
    return {
      // on the record's own CRM page its card leaves the name to the header
      name: text(card.querySelector('[data-dealside="match-name"]')) || text(document.querySelector('[data-dealside="entity-name"]')),
      owner: text(owner),
      lastActivity: text(card.querySelector('[data-dealside="last-activity"]')),
      openDeals: Array.from(card.querySelectorAll('[data-dealside="open-deal"]')).map(function (d) {
        return text(d.firstElementChild || d) || '';
      }),
      // a demo record: its own badge in a real workspace, or the header's once in the demo workspace
      demo: card.querySelector('[data-dealside="demo-badge"]') !== null || document.querySelector('[data-dealside="workspace-demo"]') !== null,
      matchedBy: text(card.querySelector('[data-dealside="matched-by"]')),
    };
  });
  return {
    surface: attr('[data-dealside-surface]', 'data-dealside-surface'),
    state: attr('[data-dealside="tab-view"]', 'data-state'),
    entityName: text(document.querySelector('[data-dealside="entity-name"]')),
    subtitle: text(document.querySelector('[data-dealside="entity-subtitle"]')),
    // The SDR's header says it; the rep's and the account manager's headers are only chosen for
    // records in the CRM (components/sidebar/moment.ts), so they stand for 'in-crm'.
    verdict:
      attr('[data-dealside="verdict"]', 'data-verdict') ||
      (['rep', 'am'].indexOf(attr('[data-dealside="moment-header"]', 'data-moment') || '') >= 0 ? 'in-crm' : undefined),
    moment: attr('[data-dealside="moment-header"]', 'data-moment'),
    // a record's sections come in the commit after its header: until then the view is not all drawn
    pending:
      attr('[data-dealside="tab-view"]', 'data-pending') ||
      (document.querySelector('[data-dealside="moment-header"]') && !document.querySelector('[data-dealside="sections"]') ? 'sections' : undefined),
    cards: cards,
    text: ((document.body && document.body.innerText) || '').slice(0, 4000),
  };
})()`;

/** What a Dealside surface (sidebar frame, side panel or popup page) shows, read from the DOM. */
export async function readSurface(target: Page | Frame): Promise<SurfaceView> {
  return (await target.evaluate(READ_SURFACE)) as SurfaceView;
}

/**
 * Polls a surface until `ready(view)` holds and the view looks for nothing more (no pending
 * duplicates, which would add a section a moment later); returns that view or throws with the last
 * one seen.
 */
export async function waitForSurface(
  target: Page | Frame,
  ready: (view: SurfaceView) => boolean,
  { timeoutMs = 45_000, intervalMs = 100 } = {},
): Promise<SurfaceView> {
  const deadline = Date.now() + timeoutMs;
  let last: SurfaceView | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await readSurface(target);
      if (ready(last) && !last.pending) return last;
    } catch (error) {
      lastError = error; // the frame may be navigating
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The surface did not reach the expected state within ${timeoutMs} ms. Last seen: ${JSON.stringify(
          last ? { ...last, text: last.text.slice(0, 400) } : null,
        )}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A short text summary of a surface, for the demo and for failure messages. */
export function describeSurface(view: SurfaceView): string {
  const lines = [
    `  entity:        ${view.entityName ?? '(none)'}${view.subtitle ? ` — ${view.subtitle}` : ''}`,
    `  state:         ${view.state ?? '(unknown)'}`,
    `  verdict:       ${view.verdict ?? '(none)'}`,
    `  moment:        ${view.moment ?? '(none)'}`,
  ];
  if (view.cards.length === 0) lines.push('  matches:       none');
  view.cards.forEach((c, i) => {
    lines.push(`  match ${i + 1}:       ${c.name ?? '(unnamed)'}${c.demo ? ' [demo]' : ''}${c.matchedBy ? ` (matched by ${c.matchedBy})` : ''}`);
    lines.push(`    owner:         ${c.owner ?? '(none)'}`);
    lines.push(`    last activity: ${c.lastActivity ?? '(none)'}`);
    lines.push(`    open deals:    ${c.openDeals.length}${c.openDeals.length ? ` — ${c.openDeals.join('; ')}` : ''}`);
  });
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The sidebar's folding sections

/**
 * Opens or folds a sidebar section as a user does: its toggle brought to the middle of the view
 * first (the sticky header would otherwise cover a toggle scrolled just under it), then clicked.
 */
export async function toggleSection(target: Page | Frame, id: string): Promise<void> {
  // A sidebar still receiving its look-alikes lays out again when they arrive: a click aimed
  // before that lands where the toggle was (under load, one run in a few lost its click).
  if (await target.$('[data-dealside="tab-view"]')) await waitForSidebarSettled(target as Frame);
  const toggle = `[data-dealside="section"][data-section="${id}"] [data-dealside="section-toggle"]`;
  const before = await target.$eval(`[data-dealside="section"][data-section="${id}"]`, (el) => el.getAttribute('data-open'));
  await target.$eval(toggle, (el) => el.scrollIntoView({ block: 'center' }));
  await target.click(toggle);
  await target.waitForFunction(
    (sel, was) => document.querySelector(sel)?.getAttribute('data-open') !== was,
    { timeout: 30_000 },
    `[data-dealside="section"][data-section="${id}"]`,
    before,
  );
}

// ---------------------------------------------------------------------------------------------
// Clicking while a page may still be settling

/**
 * Click `selector` until `done` holds (a form opened, a <details> expanded): an options page whose
 * sections load one by one can shift between finding a button and the mouse reaching it.
 */
export async function clickUntil(page: Page | Frame, selector: string, done: string | (() => Promise<boolean>), attempts = 3): Promise<void> {
  const check = typeof done === 'string' ? async () => (await page.$(done)) !== null : done;
  for (let i = 1; i <= attempts; i++) {
    await page.waitForSelector(selector, { timeout: 30_000 });
    await page.click(selector);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Clicking ${selector} ${attempts} times did not ${typeof done === 'string' ? `show ${done}` : 'have the expected effect'}.`);
}

// ---------------------------------------------------------------------------------------------
// Talking to the background as the UI does

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** A request to the background from an extension page, as the UI sends it; its data, or an error with the message. */
export async function askBackground<T = unknown>(page: Page, request: Record<string, unknown>): Promise<T> {
  const answer = (await page.evaluate(
    (r) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(r),
    request,
  )) as Envelope<T>;
  if (!answer.ok) throw new Error(`${String(request.type)}: ${answer.error.message}`);
  return answer.data;
}

/** Reads `read()` every 100 ms until `ok` holds (a read that throws counts as undefined); throws with the last value after `timeoutMs`. */
export async function readUntil<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined as T);
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: last seen ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
