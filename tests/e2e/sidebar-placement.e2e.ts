// The in-page sidebar never hides the CRM for good: it folds to a slim tab, its left edge resizes
// it (mouse and keyboard), and each CRM site remembers both across reloads — app.hubspot.com
// folded does not fold it on acme.lightning.force.com. A page loaded folded gets no frame of the
// sidebar page until the tab is opened. Its controls live in the closed shadow root
// and are found here the way assistive technology finds them: by role and name.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import {
  PAGES,
  STRICT_CSP,
  launchWithExtension,
  openFixturePage,
  readClosedShadowHosts,
  waitForSidebarFrame,
  waitForSurface,
  withFailureScreenshot,
  type Launched,
} from './harness';

const SALESFORCE = {
  url: 'https://acme.lightning.force.com/lightning/r/Lead/00QDn00000AnDrSMAV/view',
  fixture: 'salesforce/lead-andres.html',
};
const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture, [SALESFORCE.url]: SALESFORCE.fixture };
const WIDTH = 1440;

type Box = { x: number; y: number; width: number; height: number };

/** A control of the sidebar's shadow root, by its accessible name (the accessibility tree sees into closed roots). */
async function control(page: Page, name: string, timeout = 30_000): Promise<ElementHandle<Element>> {
  const handle = await page.waitForSelector(`::-p-aria(${name})`, { timeout });
  if (!handle) throw new Error(`No control named ${name}`);
  return handle;
}

async function visibleControl(page: Page, name: string): Promise<Box | null> {
  const handle = await page.$(`::-p-aria(${name})`);
  return handle ? handle.boundingBox() : null;
}

/** The sidebar frame's box in the page, or null when it is folded away. */
async function frameBox(frame: Frame): Promise<Box | null> {
  const el = await frame.frameElement();
  return el ? el.boundingBox() : null;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: last seen ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the page finds at a point: its own element, or our host. */
const elementAt = (page: Page, x: number, y: number) => page.evaluate((px, py) => document.elementFromPoint(px, py)?.tagName.toLowerCase(), x, y);

async function openSidebar(launched: Launched, url: string, routes: Record<string, string> | Parameters<typeof openFixturePage>[2] = ROUTES) {
  const { page } = await openFixturePage(launched.browser, url, routes);
  const frame = await waitForSidebarFrame(page);
  await waitForSurface(frame, (v) => v.state === 'ready', { timeoutMs: 30_000 });
  return { page, frame };
}

describe('in-page sidebar placement', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), width: WIDTH, height: 900 });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('folds to a slim tab that still says Dealside, stays folded on that site after a reload, but not on another CRM', () =>
    withFailureScreenshot('sidebar-fold', async () => {
      const { page } = await openSidebar(launched, PAGES.hubspot51001.url);
      let frame = await waitForSidebarFrame(page);
      const open = await until('the open sidebar', () => frameBox(frame), (b) => !!b && b.width > 0);
      // 384 px in all: the sidebar page gets 360 px, the resize edge 24.
      expect(open).toMatchObject({ width: 360, x: WIDTH - 360 });
      expect(await elementAt(page, WIDTH - 200, 450)).toBe('dealside-sidebar');

      await (await control(page, 'Fold Dealside away')).click();
      await until('the frame folded away', () => frameBox(frame), (b) => b === null);
      const tab = await until('the tab', () => visibleControl(page, 'Open Dealside'), (b) => !!b);
      expect(tab!.width).toBeLessThanOrEqual(30);
      expect(tab!.x + tab!.width).toBeCloseTo(WIDTH, 0);
      // The CRM is uncovered, except the tab's strip on the right edge.
      expect(await elementAt(page, WIDTH - 200, 450)).not.toBe('dealside-sidebar');
      expect(await elementAt(page, WIDTH - 40, 450)).not.toBe('dealside-sidebar');
      expect(await elementAt(page, tab!.x + tab!.width / 2, tab!.y + tab!.height / 2)).toBe('dealside-sidebar');
      // It is a button named for what it does, reachable with the keyboard.
      const tabRole = await page.$eval('::-p-aria(Open Dealside)', (el) => ({ tag: el.tagName, text: el.textContent }));
      expect(tabRole).toEqual({ tag: 'BUTTON', text: '‹Dealside' });

      // Folded when the page loads: the host and its tab, no frame of the sidebar page at all.
      await page.reload({ waitUntil: 'load' });
      await control(page, 'Open Dealside');
      const [host, ...more] = await readClosedShadowHosts(page, 'dealside-sidebar');
      expect(more).toEqual([]);
      expect(host!.attributes).toEqual({ 'data-dealside-host': 'sidebar' });
      expect(host!.inner.filter((el) => 'src' in el || el.title === 'Dealside')).toEqual([]);
      expect(page.frames().filter((f) => f.url().includes('/sidebar.html'))).toEqual([]);

      // Another CRM host keeps its own state: open.
      const other = await openSidebar(launched, SALESFORCE.url);
      await until('Salesforce open', () => frameBox(other.frame), (b) => !!b && b.width === 360);
      expect(await other.page.$('::-p-aria(Open Dealside)')).toBeNull();
      await other.page.close();

      // Opening it again is remembered too; with the keyboard this time.
      await page.bringToFront();
      await (await control(page, 'Open Dealside')).focus();
      await page.keyboard.press('Enter');
      // Unfolded, the frame is made then, and shows the record.
      frame = await waitForSidebarFrame(page);
      await until('open again', () => frameBox(frame), (b) => !!b && b.width === 360);
      await waitForSurface(frame, (v) => v.state === 'ready' && v.entityName === 'María José García López', { timeoutMs: 30_000 });
      await page.reload({ waitUntil: 'load' });
      frame = await waitForSidebarFrame(page);
      await until('still open after a reload', () => frameBox(frame), (b) => !!b && b.width === 360);
      await page.close();
    }));

  it('resizes by dragging its left edge, within 312 px and half the window, and keeps the width after a reload', () =>
    withFailureScreenshot('sidebar-resize', async () => {
      const { page } = await openSidebar(launched, PAGES.hubspot51001.url);
      let frame = await waitForSidebarFrame(page);
      const edge = await control(page, 'Dealside width');
      expect(await edge.evaluate((el) => [el.getAttribute('role'), el.getAttribute('aria-valuenow'), el.getAttribute('aria-valuemax')])).toEqual(['separator', '384', '720']);
      const box = (await edge.boundingBox())!;
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x - 100, y, { steps: 5 });
      await page.mouse.move(x - 160, y, { steps: 5 });
      await page.mouse.up();
      await until('wider', () => frameBox(frame), (b) => !!b && b.width === 520);

      // Half the window at most, however far it is dragged.
      const box2 = (await edge.boundingBox())!;
      await page.mouse.move(box2.x + 12, y);
      await page.mouse.down();
      await page.mouse.move(100, y, { steps: 8 });
      await page.mouse.up();
      await until('at most half the window', () => frameBox(frame), (b) => !!b && b.width === 720 - 24);

      // The keyboard: Home is the narrowest, each → narrows by 16 px.
      await edge.focus();
      await page.keyboard.press('Home');
      await until('narrowest', () => frameBox(frame), (b) => !!b && b.width === 312 - 24);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await until('two steps wider', () => frameBox(frame), (b) => !!b && b.width === 312 - 24 + 32);
      expect(await edge.evaluate((el) => el.getAttribute('aria-valuenow'))).toBe('344');

      await page.reload({ waitUntil: 'load' });
      frame = await waitForSidebarFrame(page);
      await until('the width kept after a reload', () => frameBox(frame), (b) => !!b && b.width === 320);
      // A narrower window shows at most half of it; the chosen width is kept for when it grows.
      await page.setViewport({ width: 600, height: 900 });
      await until('the minimum in a narrow window', () => frameBox(frame), (b) => !!b && b.width === 312 - 24);
      await page.setViewport({ width: WIDTH, height: 900 });
      await until('the width back', () => frameBox(frame), (b) => !!b && b.width === 320);
      await page.close();
    }));

  it('lays out the same under a strict Content-Security-Policy, and tells the page nothing in its DOM', () =>
    withFailureScreenshot('sidebar-placement-csp', async () => {
      const { page, frame } = await openSidebar(launched, PAGES.hubspot51001.url, [
        { url: PAGES.hubspot51001.url, fixture: PAGES.hubspot51001.fixture, headers: { 'Content-Security-Policy': STRICT_CSP } },
      ]);
      const box = await until('laid out', () => frameBox(frame), (b) => !!b && b.width > 0);
      expect(box!.x + box!.width).toBe(WIDTH);
      expect(box!.height).toBe(900);
      const host = await page.evaluate(() => {
        const el = document.querySelector('dealside-sidebar')!;
        return { attributes: el.getAttributeNames().sort(), children: el.childNodes.length, shadow: el.shadowRoot };
      });
      // inserted whole (shown as it stays), the host carries no style attribute either
      expect(host).toEqual({ attributes: ['data-dealside-host'], children: 0, shadow: null });
      await page.close();
    }));
});
