// End-to-end harness: Accessibility: axe-core, accessible names, visible focus.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page, SerializedAXNode } from 'puppeteer-core';

// ---------------------------------------------------------------------------------------------
// Accessibility: axe-core, accessible names, visible focus

/**
 * The rule sets every surface is held to: WCAG 2.0 / 2.1 levels A and AA, plus axe's best
 * practices (landmarks, heading order, one main, region …). Best practices are on because the
 * surfaces pass them and a screen-reader user navigates the sidebar by landmark and heading.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

export type AxeOptions = {
  /** CSS selectors to test (default: the whole document) */
  include?: string[];
  /** CSS selectors to leave out */
  exclude?: string[];
  /** rule tags to run; AXE_TAGS by default */
  tags?: readonly string[];
  /** rule ids to switch off, e.g. ['region'] on a partial page */
  disableRules?: string[];
};

export type AxeViolation = {
  rule: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string; html: string }[];
};

let axeSourceText: string | undefined;

/** axe.min.js of the installed axe-core (devDependency), read once. */
export function axeSource(): string {
  axeSourceText ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSourceText;
}

/**
 * Runs axe-core in a page or frame (an extension page, the sidebar's iframe …): injects axe's
 * source with evaluate (once per document), runs the AXE_TAGS rules and returns the violations in
 * a readable form. `iframes: false`: each surface is tested in its own document.
 */
export async function axeViolations(target: Page | Frame, options: AxeOptions = {}): Promise<AxeViolation[]> {
  const loaded = await target.evaluate('typeof window.axe === "object" && typeof window.axe.run === "function"');
  if (!loaded) await target.evaluate(axeSource());
  const config = {
    include: options.include ?? null,
    exclude: options.exclude ?? [],
    tags: [...(options.tags ?? AXE_TAGS)],
    disable: options.disableRules ?? [],
  };
  // Plain JavaScript (see READ_SURFACE): nothing of the test's transpiler may leak into the page.
  const script = `(async () => {
    const config = ${JSON.stringify(config)};
    const context = config.include || config.exclude.length
      ? { include: config.include || [document], exclude: config.exclude }
      : document;
    const rules = {};
    for (const id of config.disable) rules[id] = { enabled: false };
    const result = await window.axe.run(context, {
      runOnly: { type: 'tag', values: config.tags },
      rules: rules,
      resultTypes: ['violations'],
      iframes: false,
    });
    return result.violations.map(function (v) {
      return {
        rule: v.id,
        impact: v.impact || null,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map(function (n) {
          return {
            target: n.target.map(function (t) { return Array.isArray(t) ? t.join(' >>> ') : String(t); }).join(' | '),
            summary: String(n.failureSummary || '').replace(/\\s+/g, ' ').trim(),
            html: String(n.html || '').replace(/\\s+/g, ' ').slice(0, 240),
          };
        }),
      };
    });
  })()`;
  return (await target.evaluate(script)) as AxeViolation[];
}

/** Violations as lines a failure message can show: rule, impact, what, and each element. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  if (violations.length === 0) return 'no violations';
  return violations
    .map((v) =>
      [
        `${v.rule} (${v.impact ?? 'no impact'}): ${v.help} — ${v.helpUrl}`,
        ...v.nodes.map((n) => `    at ${n.target}\n      ${n.summary}\n      ${n.html}`),
      ].join('\n'),
    )
    .join('\n');
}

export type ControlName = {
  control: string;
  name: string | undefined;
  disabled: boolean;
  /** a radio button after the first of its group: the group is one Tab stop */
  inRadioGroup?: boolean;
};

// Marks every visible control of a document (button, select, input, textarea, summary, link)
// with a numbered attribute and describes it; plain JavaScript (see READ_SURFACE).
const PROBE_ATTR = 'data-e2e-a11y-probe';
const MARK_CONTROLS = `(() => {
  const selector = 'button, select, textarea, summary, a[href], input:not([type="hidden"]), [role="button"], [tabindex]:not([tabindex="-1"])';
  const out = [];
  const radioGroups = new Set();
  let n = 0;
  for (const el of Array.from(document.querySelectorAll(selector))) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    // A group of radio buttons is one Tab stop (arrows move inside it): count its first only.
    let inGroup = false;
    if (el.tagName === 'INPUT' && el.type === 'radio' && el.name) {
      inGroup = radioGroups.has(el.name);
      radioGroups.add(el.name);
    }
    n += 1;
    el.setAttribute('${PROBE_ATTR}', String(n));
    const dealside = el.getAttribute('data-dealside');
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
    out.push({
      id: String(n),
      disabled: el.matches(':disabled'),
      inRadioGroup: inGroup,
      control: '<' + el.tagName.toLowerCase() + (el.type && el.tagName === 'INPUT' ? ' type=' + el.type : '') + (dealside ? ' data-dealside=' + dealside : '') + '>' + (text ? ' "' + text + '"' : ''),
    });
  }
  return out;
})()`;
const UNMARK_CONTROLS = `document.querySelectorAll('[${PROBE_ATTR}]').forEach(function (el) { el.removeAttribute('${PROBE_ATTR}'); })`;

/**
 * The name Chromium's accessibility tree (what a screen reader reads) gives every visible button,
 * select, input, textarea, summary and link of a page or of a frame (the in-page sidebar's iframe,
 * reached through its page's tree). Controls missing from the tree come back without a name.
 */
export async function controlNames(target: Page | Frame): Promise<ControlName[]> {
  const controls = (await target.evaluate(MARK_CONTROLS)) as { id: string; control: string; disabled: boolean; inRadioGroup: boolean }[];
  try {
    const page = 'mainFrame' in target ? target : target.page();
    const tree = await page.accessibility.snapshot({ interestingOnly: true, includeIframes: page !== target });
    const names = new Map<string, string>();
    const walk = async (node: SerializedAXNode | null | undefined): Promise<void> => {
      if (!node) return;
      if (node.role !== 'StaticText' && node.role !== 'RootWebArea' && node.role !== 'WebArea') {
        const handle = await node.elementHandle().catch(() => null);
        if (handle) {
          const id = await handle.evaluate((el, attr) => (el instanceof Element ? el.getAttribute(attr) : null), PROBE_ATTR).catch(() => null);
          await handle.dispose();
          if (id) names.set(id, (node.name ?? '').trim());
        }
      }
      for (const child of node.children ?? []) await walk(child);
    };
    await walk(tree);
    return controls.map((c) => ({ control: c.control, name: names.get(c.id), disabled: c.disabled, inRadioGroup: c.inRadioGroup }));
  } finally {
    await target.evaluate(UNMARK_CONTROLS).catch(() => {});
  }
}

/** Controls a screen reader would announce without a name, as failure-message lines. */
export function unnamed(names: readonly ControlName[]): string[] {
  return names.filter((c) => !c.name).map((c) => `${c.control}: ${c.name === undefined ? 'not in the accessibility tree' : 'empty name'}`);
}

export type FocusStop = {
  control: string;
  focusVisible: boolean;
  outline: string;
};

// The focused element of a document and how its focus is drawn; null when the document has no
// focused control. Plain JavaScript (see READ_SURFACE).
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.hasAttribute('data-e2e-focus-id')) el.setAttribute('data-e2e-focus-id', String(document.querySelectorAll('[data-e2e-focus-id]').length + 1));
  // A visually hidden control (e.g. a file input inside its label) shows its focus on the label.
  const box = el.getBoundingClientRect();
  const drawn = (box.width <= 1 || box.height <= 1) && el.closest('label') ? el.closest('label') : el;
  const s = getComputedStyle(drawn);
  const dealside = el.getAttribute('data-dealside');
  const text = (el.textContent || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
  return {
    id: el.getAttribute('data-e2e-focus-id'),
    control: '<' + el.tagName.toLowerCase() + (dealside ? ' data-dealside=' + dealside : '') + '>' + (text ? ' "' + text + '"' : ''),
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: s.outlineStyle,
    outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineColor: s.outlineColor,
    outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
  };
})()`;

/**
 * Walks a surface with the Tab key, as a keyboard user does, and returns every control that took
 * focus without a visible focus-visible outline (at least 2px, not transparent). `start` puts
 * focus at the surface's start (e.g. a click on its header; by default the document's body takes
 * focus, so Tab starts at the first control); the walk ends when focus leaves the document or
 * comes back to a control it already visited.
 */
export async function focusWithoutOutline(
  page: Page,
  target: Page | Frame,
  { start, maxStops = 400 }: { start?: () => Promise<void>; maxStops?: number } = {},
): Promise<{ stops: number; problems: string[] }> {
  await page.bringToFront();
  if (start) await start();
  else await target.evaluate(`(() => { const b = document.body; b.setAttribute('tabindex', '-1'); b.focus(); b.removeAttribute('tabindex'); })()`);
  const seen = new Set<string>();
  const problems: string[] = [];
  let previous: string | undefined;
  let stops = 0;
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    const focused = (await target.evaluate(FOCUSED)) as
      | (FocusStop & { id: string; outlineStyle: string; outlineWidth: number; outlineColor: string })
      | null;
    if (!focused) {
      if (stops > 0) break; // focus left the surface
      continue; // still in the page around the surface (e.g. a CRM page's own links)
    }
    if (focused.id === previous) continue; // a date input's fields take several Tabs
    if (seen.has(focused.id)) break; // wrapped around
    seen.add(focused.id);
    previous = focused.id;
    stops += 1;
    const visible =
      focused.focusVisible &&
      focused.outlineStyle !== 'none' &&
      focused.outlineWidth >= 2 &&
      !/rgba\([^)]*,\s*0\)|transparent/.test(focused.outlineColor);
    if (!visible) problems.push(`${focused.control}: ${focused.focusVisible ? '' : 'not :focus-visible; '}outline ${focused.outline}`);
  }
  await target.evaluate(`document.querySelectorAll('[data-e2e-focus-id]').forEach(function (el) { el.removeAttribute('data-e2e-focus-id'); })`).catch(() => {});
  return { stops, problems };
}
