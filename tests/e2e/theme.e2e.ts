// Dark theme: with the system set to dark, every surface — the in-page sidebar (its frame's own
// edge and tab too), the side panel, Options and the popup — is dark; with light, light. Saves
// 1440×900 screenshots of each to test-output/screenshots/theme/ for a person to look at.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import {
  PAGES,
  SCREENSHOT_DIR,
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  savePng,
  tabIdOf,
  toggleSection,
  waitForSidebarFrame,
  waitForSurface,
  withFailureScreenshot,
  type Launched,
} from './harness';

const DIR = path.join(SCREENSHOT_DIR, 'theme');
const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };
type Scheme = 'light' | 'dark';

/** Relative luminance (0 black … 1 white) of CSS colours as the browser paints them (computed styles come as oklch()). */
async function luminances(target: Page | Frame, colours: string[]): Promise<number[]> {
  const rgbs = await target.evaluate((list: string[]) => {
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    return list.map((colour) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    });
  }, colours);
  return rgbs.map((rgb) => {
    const [r, g, b] = rgb.map((v) => v / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  });
}

/** The background and text colour of a surface's root. */
const surfaceColours = (target: Page | Frame) =>
  target.$eval('[data-dealside-surface]', (el) => ({ background: getComputedStyle(el).backgroundColor, text: getComputedStyle(el).color }));

/** The computed background of an element of the sidebar frame's closed shadow root, read through DevTools (which sees into it). */
async function shadowBackground(page: Page, className: string): Promise<string> {
  const session = await page.createCDPSession();
  try {
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
    type Node = { nodeId: number; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
    const find = (node: Node): Node | undefined => {
      const attrs = node.attributes ?? [];
      for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === 'class' && attrs[i + 1]!.split(' ').includes(className)) return node;
      for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
        const hit = find(child);
        if (hit) return hit;
      }
      return undefined;
    };
    const node = find(root as Node);
    if (!node) throw new Error(`No .${className} in the sidebar's shadow root`);
    const { computedStyle } = await session.send('CSS.getComputedStyleForNode', { nodeId: node.nodeId });
    return computedStyle.find((p) => p.name === 'background-color')!.value;
  } finally {
    await session.detach().catch(() => {});
  }
}

async function scheme(page: Page, value: Scheme) {
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value }]);
}

describe('dark theme follows the system setting', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), width: 1440, height: 900 });
  });
  afterAll(async () => {
    await launched?.close();
  });

  for (const mode of ['dark', 'light'] as const) {
    it(`${mode}: the in-page sidebar and its frame, the side panel, Options and the popup`, () =>
      withFailureScreenshot(`theme-${mode}`, async () => {
        // A dark background is near black and its text near white; light, the other way round.
        const check = async (target: Page | Frame, what: string, colours: { background: string; text?: string }) => {
          const [background, text] = await luminances(target, [colours.background, ...(colours.text ? [colours.text] : [])]);
          const ok = mode === 'dark' ? background! < 0.05 && (text === undefined || text > 0.6) : background! > 0.8 && (text === undefined || text < 0.1);
          expect(ok, `${what} in ${mode}: ${JSON.stringify(colours)} → ${background} / ${text}`).toBe(true);
        };

        const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
        await scheme(page, mode);
        const frame = await waitForSidebarFrame(page);
        await waitForSurface(frame, (v) => v.cards.length > 0, { timeoutMs: 30_000 });
        await frame.waitForSelector('[data-dealside="moment-header"] [data-dealside="score"]', { timeout: 30_000 });
        await check(frame, 'the sidebar', await surfaceColours(frame));
        // The frame's own chrome, drawn by the content script, follows too.
        await check(page, "the sidebar frame's panel", { background: await shadowBackground(page, 'panel') });
        await check(page, "the sidebar frame's edge", { background: await shadowBackground(page, 'edge') });
        await savePng(page, DIR, `sidebar-${mode}`);
        // The BANT editor open under the strip, and every section open.
        await frame.click('[data-dealside="bant-letter"][data-letter="need"]');
        await frame.waitForSelector('[data-dealside="bant-editor"]', { timeout: 30_000 });
        await savePng(page, DIR, `sidebar-${mode}-bant-editor`);
        for (const id of await frame.$$eval('[data-dealside="section"][data-open="false"]', (els) => els.map((e) => e.getAttribute('data-section') ?? ''))) {
          await toggleSection(frame, id);
        }
        await check(frame, 'the sidebar, every section open', await surfaceColours(frame));
        for (const part of ['committee', 'next-actions']) {
          await frame.$eval(`[data-dealside="${part}"]`, (el) => el.scrollIntoView({ block: 'start' }));
          await savePng(page, DIR, `sidebar-${mode}-${part}`);
        }
        await frame.click('[data-dealside="bant-editor-close"]');
        // Folded: the tab.
        await (await page.waitForSelector('::-p-aria(Fold Dealside away)'))!.click();
        await page.waitForSelector('::-p-aria(Open Dealside)');
        await savePng(page, DIR, `sidebar-${mode}-folded`);
        await (await page.waitForSelector('::-p-aria(Open Dealside)'))!.click();

        const tabId = await tabIdOf(launched.worker, page, 'https://app.hubspot.com/*');
        for (const [name, pagePath] of [
          ['sidepanel', `sidepanel.html?tab=${tabId}`],
          ['options', 'options.html'],
          ['popup', 'popup.html'],
        ] as const) {
          const { page: surface } = await openExtensionPage(launched, pagePath);
          await scheme(surface, mode);
          await surface.waitForSelector('[data-dealside-surface] *', { timeout: 30_000 });
          if (name === 'options') await surface.waitForSelector('[data-dealside="workspace-counts"]', { timeout: 30_000 });
          if (name === 'sidepanel') await waitForSurface(surface, (v) => v.cards.length > 0);
          await check(surface, name, await surfaceColours(surface));
          // The page behind the surface's root (a short popup, the end of Options) too.
          await check(surface, `${name} body`, { background: await surface.evaluate(() => getComputedStyle(document.body).backgroundColor) });
          await savePng(surface, DIR, `${name}-${mode}`);
          await surface.close();
        }
        await page.close();
      }));
  }
});
