// Issue #14's probes from a hostile page, kept in the suite: clickjacking (the page fades the
// in-page sidebar to nothing and puts a decoy under it; a click must not act), and framing
// (another page on a CRM host frames sidebar.html?tab=N for someone else's tab; it must not read it).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { PAGES, launchWithExtension, openFixturePage, readClosedShadowHosts, readFixture, readSurface, tabIdOf, waitForSurface, waitForSidebarFrame, waitForSidebarSettled, withFailureScreenshot, type Launched } from './harness';

const ROUTES = { [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture };
const HUBSPOT_LIST = 'https://app.hubspot.com/contacts/4481234/objects/0-1/views/all/list';
const LIST_ROUTES = { [HUBSPOT_LIST]: 'hubspot/contacts-list.html' };
/** utils/background/lookupBudget.ts: a burst of 200 rows, then 5 a second */
const LOOKUP_CAPACITY = 200;
const LOOKUP_RATE_PER_S = 5;

/** The page appends links to contact records, styled as it likes, in a container of its own. */
function appendLinks(page: Page, ids: number[], style: string, containerStyle = '') {
  return page.evaluate(
    (ids, style, containerStyle) => {
      const box = document.createElement('div');
      box.className = 'probe';
      box.style.cssText = containerStyle;
      for (const id of ids) {
        const a = document.createElement('a');
        a.href = `/contacts/4481234/record/0-1/${id}`;
        a.textContent = `Guess ${id}`;
        a.style.cssText = style;
        box.append(a);
      }
      document.querySelector('main')!.append(box);
    },
    ids,
    style,
    containerStyle,
  );
}
const badgeCount = (page: Page, selector = 'dealside-badge') => page.$$eval(selector, (els) => els.length);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

const actionKeys = (frame: Frame) => frame.$$eval('[data-dealside="next-action"]', (els) => els.map((e) => e.getAttribute('data-key') ?? ''));

/** A click where the user sees something on the page, at the centre of an element inside the sidebar frame. */
async function clickThrough(page: Page, frame: Frame, selector: string) {
  const box = await (await frame.$(selector))!.boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe('a hostile page', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('cannot click the sidebar it has faded out or covered: the click is ignored, and works again once it is visible', () =>
    withFailureScreenshot('attack-clickjacking', async () => {
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="next-action"] [data-dealside="action-dismiss"]', { timeout: 60_000 });
      await waitForSidebarSettled(frame);
      const [first] = await actionKeys(frame);
      const dismiss = `[data-dealside="next-action"][data-key="${first}"] [data-dealside="action-dismiss"]`;
      await frame.$eval(dismiss, (el) => el.scrollIntoView({ block: 'center' }));

      // The page fades Dealside's host to nothing and draws a decoy button where "Dismiss" is.
      await page.evaluate(() => {
        const host = document.querySelector('dealside-sidebar') as HTMLElement;
        host.style.setProperty('opacity', '0');
      });
      await frame.waitForSelector('[data-dealside="paused"]', { timeout: 30_000 });
      await clickThrough(page, frame, dismiss);
      await new Promise((r) => setTimeout(r, 1000)); // the time a dismissal would take
      expect(await actionKeys(frame)).toContain(first);

      // Covered by something that lets clicks through: the same.
      await page.evaluate(() => {
        (document.querySelector('dealside-sidebar') as HTMLElement).style.removeProperty('opacity');
        const decoy = document.createElement('div');
        decoy.id = 'decoy';
        decoy.textContent = 'Win a prize!';
        decoy.style.cssText = 'position:fixed;inset:0;z-index:2147483647;pointer-events:none;background:#fff;';
        document.body.append(decoy);
      });
      await frame.waitForSelector('[data-dealside="paused"]', { timeout: 30_000 });
      await clickThrough(page, frame, dismiss);
      await new Promise((r) => setTimeout(r, 1000));
      expect(await actionKeys(frame)).toContain(first);

      // Visible again, as drawn: the same click works.
      await page.evaluate(() => document.getElementById('decoy')?.remove());
      await frame.waitForFunction(() => !document.querySelector('[data-dealside="paused"]'), { timeout: 30_000 });
      await clickThrough(page, frame, dismiss);
      await frame.waitForFunction((key) => !document.querySelector(`[data-dealside="next-action"][data-key="${key}"]`), { timeout: 30_000 }, first);
      await page.close();
    }));

  it('on a CRM host cannot frame the sidebar of another tab and read its record', () =>
    withFailureScreenshot('attack-framing', async () => {
      const { page: victim } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      await waitForSidebarFrame(victim);
      const victimTab = await tabIdOf(launched.worker, victim, 'https://app.hubspot.com/*');
      // A page of the same CRM host (say, a user's uploaded HTML file) frames sidebar.html for the victim's tab.
      const evilUrl = 'https://app.hubspot.com/evil/page';
      const page = await launched.browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (request.url() === evilUrl) {
          void request.respond({
            status: 200,
            contentType: 'text/html',
            body: `<!doctype html><title>evil</title><iframe id="x" style="width:400px;height:600px" src="chrome-extension://${launched.extensionId}/sidebar.html?tab=${victimTab}"></iframe>`,
          });
        } else if (request.url().startsWith('chrome-extension://')) void request.continue();
        else void request.abort();
      });
      await page.goto(evilUrl, { waitUntil: 'load' });
      const deadline = Date.now() + 30_000;
      let framed: Frame | undefined;
      while (!framed && Date.now() < deadline) {
        framed = page.frames().find((f) => f.url().includes('/sidebar.html?tab='));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(framed, 'the frame loaded').toBeDefined();
      await framed!.waitForSelector('[data-dealside="error"]', { timeout: 30_000 });
      const text = await framed!.evaluate(() => document.body.innerText);
      expect(text).not.toMatch(/María José|Iberia/);
      expect(text).toMatch(/another tab/);
      await page.close();
      await victim.close();
    }));

  it('learns nothing from list badges: none for links it hides, one size for every verdict, a bounded number of lookups', () =>
    withFailureScreenshot('attack-badges', async () => {
      const { page } = await openFixturePage(launched.browser, HUBSPOT_LIST, LIST_ROUTES);
      await page.waitForFunction(() => document.querySelectorAll('main dealside-badge').length === 5, { timeout: 30_000 });
      // Every verdict ("In CRM · Diego Morales", "Duplicate? · Maria Jose Garcia", "In CRM") draws the same box.
      const widths = await page.$$eval('dealside-badge', (els) => [...new Set(els.map((e) => Math.round(e.getBoundingClientRect().width)))]);
      expect(widths).toHaveLength(1);

      // Links the page hides, fades or shrinks to nothing ask for no verdict and get no badge.
      await appendLinks(page, range(60000, 40), 'display:none');
      await appendLinks(page, range(60100, 40), 'opacity:0;display:inline-block;width:40px');
      await appendLinks(page, range(60200, 40), 'visibility:hidden');
      await appendLinks(page, range(60300, 40), 'display:inline-block;width:0;height:0;overflow:hidden');
      await appendLinks(page, range(60400, 40), 'display:block', 'position:absolute;left:-99999px;top:0');
      // and one visible link, to know when the page's additions have been looked at
      await appendLinks(page, [60999], 'display:inline-block');
      await page.waitForFunction(() => document.querySelectorAll('.probe dealside-badge').length >= 1, { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 1500)); // the time a wrong badge would need
      expect(await badgeCount(page, '.probe dealside-badge')).toBe(1);

      // Thousands of visible guesses: the tab's budget bounds how many are ever looked up.
      const started = Date.now();
      await appendLinks(page, range(70000, 1000), 'display:inline-block;width:12px;height:12px;overflow:hidden;font-size:1px', 'position:fixed;inset:0;z-index:99;display:flex;flex-wrap:wrap;background:#fff');
      await page.waitForFunction(() => document.querySelectorAll('.probe dealside-badge').length > 150, { timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 2000));
      const looked = (await badgeCount(page, '.probe dealside-badge')) - 1;
      const elapsedS = (Date.now() - started) / 1000;
      expect(looked).toBeLessThanOrEqual(LOOKUP_CAPACITY + LOOKUP_RATE_PER_S * elapsedS);
      expect(looked).toBeLessThan(1000);
      await page.close();
    }));

  it('gets badges on a list of more than 200 rows as the user scrolls to them', () =>
    withFailureScreenshot('attack-long-list', async () => {
      const { page } = await openFixturePage(launched.browser, HUBSPOT_LIST, LIST_ROUTES);
      await page.waitForFunction(() => document.querySelectorAll('main dealside-badge').length === 5, { timeout: 30_000 });
      await appendLinks(page, range(80000, 260), 'display:block;height:24px');
      await page.waitForFunction(() => document.querySelectorAll('.probe dealside-badge').length > 0, { timeout: 30_000 });
      // Rows far below are not looked up before they come near the view.
      const last = '.probe a:last-of-type';
      expect(await page.$eval(last, (a) => a.nextElementSibling?.nodeName ?? '')).not.toBe('DEALSIDE-BADGE');
      await page.$eval(last, (a) => a.scrollIntoView({ block: 'center' }));
      await page.waitForFunction((sel) => document.querySelector(sel)?.nextElementSibling?.nodeName === 'DEALSIDE-BADGE', { timeout: 30_000 }, last);
      const [verdict] = (await readClosedShadowHosts(page, 'dealside-badge')).filter((h) => h.previousHref?.endsWith('/80259')).map((h) => h.inner[0]?.['data-verdict']);
      expect(verdict).toBe('in-crm');
      await page.close();
    }));

  it('navigating every 5 ms cannot leave the sidebar behind: the last navigation wins', () =>
    withFailureScreenshot('attack-fast-navigation', async () => {
      const routes = { ...ROUTES, [PAGES.hubspot51002.url]: PAGES.hubspot51002.fixture };
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, routes);
      const frame = await waitForSidebarFrame(page);
      await waitForSurface(frame, (v) => v.entityName === 'María José García López' && v.cards.length > 0, { timeoutMs: 60_000 });
      // 101 record changes, 5 ms apart, as a hostile (or very busy) single-page app makes them,
      // ending on Juan Carlos (51002); the one before the last is María José (51001).
      const records = [
        { url: PAGES.hubspot51001.url, html: readFixture(PAGES.hubspot51001.fixture) },
        { url: PAGES.hubspot51002.url, html: readFixture(PAGES.hubspot51002.fixture) },
      ];
      await page.evaluate(
        (records: { url: string; html: string }[], count: number) =>
          new Promise<void>((resolve) => {
            const parsed = records.map((r) => ({ url: r.url, doc: new DOMParser().parseFromString(r.html, 'text/html') }));
            let i = 0;
            const step = () => {
              const next = parsed[(i + 1) % parsed.length]!;
              history.pushState({}, '', next.url);
              document.title = next.doc.title;
              document.getElementById('hs-app-root')!.replaceChildren(...Array.from(next.doc.getElementById('hs-app-root')!.childNodes).map((n) => document.importNode(n, true)));
              i++;
              if (i < count) setTimeout(step, 5);
              else resolve();
            };
            step();
          }),
        records,
        101,
      );
      expect(page.url()).toBe(PAGES.hubspot51002.url);
      const last = await waitForSurface(frame, (v) => v.entityName === 'Juan Carlos Pérez Ruiz' && v.cards.length > 0, { timeoutMs: 60_000 });
      expect(last.entityName).toBe('Juan Carlos Pérez Ruiz');
      // and it stays there: nothing older arrives after it
      await new Promise((r) => setTimeout(r, 3000));
      expect((await readSurface(frame)).entityName).toBe('Juan Carlos Pérez Ruiz');
      await page.close();
    }));

  it('a name holding a bidi override cannot turn the sidebar’s words around it', () =>
    withFailureScreenshot('attack-bidi', async () => {
      const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
      const frame = await waitForSidebarFrame(page);
      await frame.waitForSelector('[data-dealside="moment-header"]', { timeout: 60_000 });
      // In the sidebar's own stylesheet: a name (in a span, as the components render names) with
      // U+202E RIGHT-TO-LEFT OVERRIDE, then our words. Isolated, the words stay after the name.
      const order = await frame.evaluate(() => {
        const p = document.createElement('p');
        const name = document.createElement('span');
        name.textContent = '\u202EDiego Morales';
        const words = document.createTextNode(' owns it');
        p.append(name, words);
        document.body.append(p);
        const range = document.createRange();
        range.selectNodeContents(words);
        const result = { name: name.getBoundingClientRect().left, words: range.getBoundingClientRect().left, bidi: getComputedStyle(name).unicodeBidi };
        p.remove();
        return result;
      });
      expect(order.bidi).toBe('isolate');
      expect(order.words).toBeGreaterThan(order.name);
      await page.close();
    }));
});
