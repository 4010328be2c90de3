// The sidebar answers each person's question in the first glance (DESIGN.md's three moments): in
// a 1440×900 window, in English and in Spanish, the header chosen for the page shows its answer
// without scrolling — the rep's stage, score (read against its scale), four BANT letters and the
// next question; the SDR's verdict for the person and for the company; the account manager's
// health, renewal and next thing to offer. The header's parts carry DESIGN.md contract 5's names,
// once per surface, inside the header.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import {
  PAGES,
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  tabIdOf,
  waitForSidebarFrame,
  withFailureScreenshot,
  type Lang,
  type Launched,
} from './harness';

const COMPANY = 'https://app.hubspot.com/contacts/4481234/record/0-2/90001';
const ROUTES = {
  [PAGES.hubspot51001.url]: PAGES.hubspot51001.fixture,
  [PAGES.hubspot51002.url]: PAGES.hubspot51002.fixture,
  [PAGES.linkedinAna.url]: PAGES.linkedinAna.fixture,
  [PAGES.linkedinMaria.url]: PAGES.linkedinMaria.fixture,
  [COMPANY]: 'hubspot/company-90001.html',
};

/** Where each part of the header sits, how many there are, and whether all are inside it. */
type Layout = {
  moment: string | null;
  viewportHeight: number;
  parts: Record<string, { count: number; insideHeader: number; top: number; bottom: number; attrs: Record<string, string | null> }>;
  headerText: string;
};

// Plain JavaScript (no bundler helpers can leak into evaluate).
const READ_LAYOUT = `(() => {
  const header = document.querySelector('[data-dealside="moment-header"]');
  const names = ['moment-header', 'entity-name', 'score', 'bant-letter', 'next-question', 'verdict', 'company-verdict', 'health', 'renewal', 'top-whitespace', 'stage'];
  const parts = {};
  for (const name of names) {
    const all = Array.from(document.querySelectorAll('[data-dealside="' + name + '"]'));
    const rects = all.map((el) => el.getBoundingClientRect());
    parts[name] = {
      count: all.length,
      insideHeader: all.filter((el) => header && header.contains(el)).length,
      top: rects.length ? Math.min.apply(null, rects.map((r) => r.top)) : -1,
      bottom: rects.length ? Math.max.apply(null, rects.map((r) => r.bottom)) : -1,
      attrs: all[0] ? { band: all[0].getAttribute('data-band'), scale: all[0].getAttribute('data-scale'), verdict: all[0].getAttribute('data-verdict'), status: all[0].getAttribute('data-status') } : {},
    };
  }
  return { moment: header ? header.getAttribute('data-moment') : null, viewportHeight: window.innerHeight, parts: parts, headerText: header ? header.innerText : '' };
})()`;

async function layoutOf(target: Page | Frame, moment: string): Promise<Layout> {
  await target.waitForSelector(`[data-dealside="moment-header"][data-moment="${moment}"]`, { timeout: 60_000 });
  // the first view can come before the page's record is read: wait until the header has settled
  await new Promise((r) => setTimeout(r, 300));
  return (await target.evaluate(READ_LAYOUT)) as Layout;
}

/** The part is there, once (or `count` times), inside the header and fully inside the viewport. */
function expectAtFirstGlance(layout: Layout, name: string, count = 1) {
  const part = layout.parts[name]!;
  const where = `${name} in ${JSON.stringify(layout.parts[name])} (viewport ${layout.viewportHeight}px)`;
  expect(part.count, where).toBe(count);
  expect(part.insideHeader, where).toBe(count);
  expect(part.top, where).toBeGreaterThanOrEqual(0);
  expect(part.bottom, where).toBeLessThanOrEqual(layout.viewportHeight);
}

async function sidePanelFor(launched: Launched, url: string): Promise<{ page: Page; panel: Page }> {
  const { page } = await openFixturePage(launched.browser, url, ROUTES);
  const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
  const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
  await panel.setViewport({ width: 400, height: 900 });
  return { page, panel };
}

for (const lang of ['en-US', 'es-ES'] as const satisfies readonly Lang[]) {
  describe(`first glance at 1440×900, ${lang}`, () => {
    let launched: Launched;
    beforeAll(async () => {
      launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), lang, width: 1440, height: 900 });
    });
    afterAll(async () => {
      await launched?.close();
    });

    it('the rep on a call: stage, score with its scale, the four BANT letters and the next question', () =>
      withFailureScreenshot(`first-glance-rep-${lang}`, async () => {
        const { page } = await openFixturePage(launched.browser, PAGES.hubspot51001.url, ROUTES);
        const frame = await waitForSidebarFrame(page);
        const layout = await layoutOf(frame, 'rep');
        for (const name of ['moment-header', 'entity-name', 'stage', 'score', 'next-question']) expectAtFirstGlance(layout, name);
        expectAtFirstGlance(layout, 'bant-letter', 4);
        expect(layout.parts.score!.attrs.band).toMatch(/^(cold|warm|mql|sql|hot)$/);
        expect(Number(layout.parts.score!.attrs.scale)).toBeGreaterThan(0);
        expect(layout.parts.verdict!.count).toBe(0);
        // The CRM's own page: no "In CRM" there; the name once, "Demo data" once.
        expect(layout.headerText).not.toMatch(lang === 'es-ES' ? /En el CRM/ : /In CRM/);
        const visible = await frame.evaluate(() => document.body.innerText);
        expect(visible.split('María José García López').length - 1, visible).toBe(1);
        expect(visible.split(lang === 'es-ES' ? 'Datos de demostración' : 'Demo data').length - 1).toBe(1);
        // The BANT editor opens right under the strip, still without scrolling.
        await frame.click('[data-dealside="bant-letter"][data-letter="need"]');
        const editor = await frame.waitForSelector('[data-dealside="bant-editor"][data-letter="need"]', { timeout: 30_000 });
        const box = await editor!.evaluate((el) => ({ bottom: el.getBoundingClientRect().bottom, height: window.innerHeight }));
        expect(box.bottom).toBeLessThanOrEqual(box.height);
        await page.close();
      }));

    it('the SDR on LinkedIn: the verdict for the person and for the company', () =>
      withFailureScreenshot(`first-glance-sdr-${lang}`, async () => {
        const ana = await sidePanelFor(launched, PAGES.linkedinAna.url);
        const newcomer = await layoutOf(ana.panel, 'sdr');
        expectAtFirstGlance(newcomer, 'verdict');
        expectAtFirstGlance(newcomer, 'company-verdict');
        expect(newcomer.parts.verdict!.attrs.verdict).toBe('new');
        expect(newcomer.parts.score!.count).toBe(0);
        await ana.panel.close();
        await ana.page.close();

        const maria = await sidePanelFor(launched, PAGES.linkedinMaria.url);
        const known = await layoutOf(maria.panel, 'sdr');
        expectAtFirstGlance(known, 'verdict');
        expectAtFirstGlance(known, 'company-verdict');
        expect(known.parts.verdict!.attrs.verdict).toBe('in-crm');
        // whose, touched when, open deals — for the person and her company (a customer); both are
        // the demo rep's own, so each says "yours" rather than a name to recognise
        expect(known.headerText).toMatch(
          lang === 'es-ES'
            ? /tuyo · [\s\S]*oportunidades abiertas[\s\S]*Iberia Logística S\.L\.[\s\S]*tuyo · [\s\S]*oportunidades abiertas/
            : /yours · touched [\s\S]*open deals[\s\S]*Iberia Logística S\.L\.[\s\S]*yours · touched [\s\S]*open deals/,
        );
        expect(known.headerText).toMatch(lang === 'es-ES' ? /Cliente/ : /Customer/);
        // the BANT strip of her deal is one section away, not in the SDR's header
        expect(known.parts['bant-letter']!.count).toBe(0);
        await maria.panel.close();
        await maria.page.close();
      }));

    it("the account manager on a customer's page: health, renewal and the next thing to offer", () =>
      withFailureScreenshot(`first-glance-am-${lang}`, async () => {
        const { page } = await openFixturePage(launched.browser, COMPANY, ROUTES);
        const frame = await waitForSidebarFrame(page);
        const layout = await layoutOf(frame, 'am');
        for (const name of ['moment-header', 'health', 'renewal', 'top-whitespace']) expectAtFirstGlance(layout, name);
        expect(layout.parts.health!.attrs.band).toMatch(/^(healthy|watch|at-risk)$/);
        // its open deal's BANT waits in a section: not the account manager's first question
        expect(layout.parts.score!.count).toBe(0);
        await page.close();
      }));
  });
}
