// Issue "The sidebar answers each person's question in the first glance", point 7: every surface
// is accessible. axe-core (WCAG 2.0/2.1 A and AA + best practices, AXE_TAGS in the harness) finds
// no violation on the in-page sidebar (HubSpot contact in each state, deal, customer company, a
// Salesforce contact), the side panel (a LinkedIn profile in the CRM, one not in it, a sign-in
// wall), the options page, the popup and the badges on a CRM list — in English and in Spanish, and
// with a dark colour scheme asked for. Every visible control has a name in Chromium's accessibility
// tree (what a screen reader reads); Tab reaches every enabled control, and each shows a
// focus-visible outline, the sidebar's toggle in the CRM page too; Enter activates a focused button.
//
// Badges live in closed shadow roots that axe cannot enter from the page. They are checked twice:
// the name Chromium's accessibility tree gives each badge on the real list page (that tree is not
// stopped by closed shadow roots), and axe on a copy of the markup each badge rendered (read through
// the DevTools DOM domain, which pierces closed roots) in open shadow roots of a blank page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import {
  PAGES,
  STRICT_CSP,
  askBackground,
  axeViolations,
  contentScriptInjected,
  controlNames,
  focusWithoutOutline,
  formatViolations,
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  readClosedShadowHosts,
  toggleSection,
  serveFixtures,
  tabIdOf,
  unnamed,
  waitForSidebarFrame,
  waitForSidebarSettled,
  withFailureScreenshot,
  type AxeOptions,
  type Launched,
  type Lang,
} from './harness';

const HUBSPOT = 'https://app.hubspot.com/contacts/4481234/record';
const HUBSPOT_LIST = 'https://app.hubspot.com/contacts/4481234/objects/0-1/views/all/list';
const SALESFORCE_CONTACT = 'https://iberica.lightning.force.com/lightning/r/Contact/003Dn00000MaRiAIAV/view';

const READY = '[data-dealside="tab-view"][data-state="ready"] [data-dealside="entity-name"]';
/** A deal's or lead's score: in the rep's header, or in another moment's BANT section. */
const QUALIFIED = '[data-dealside="score"], [data-dealside="score-value"]';
const SECTION = (id: string) => `[data-dealside="section"][data-section="${id}"]`;

/** Opens every folded section, so what it holds is audited too. */
async function openAllSections(frame: Frame) {
  for (const id of await frame.$$eval('[data-dealside="section"][data-open="false"]', (els) => els.map((e) => e.getAttribute('data-section') ?? ''))) {
    await toggleSection(frame, id);
  }
}

/** The demo seed done first: no surface may re-render with new records in the middle of a check. */
async function waitForDemoSeed(launched: Launched): Promise<void> {
  const { page } = await openExtensionPage(launched, 'options.html');
  const deadline = Date.now() + 90_000;
  while (!(await askBackground<{ demoSeededAt?: string }>(page, { type: 'workspace/status' })).demoSeededAt) {
    if (Date.now() > deadline) throw new Error('The demo workspace was not seeded within 90 s.');
    await new Promise((r) => setTimeout(r, 250));
  }
  await page.close();
}

/** axe, names and focus on one surface; every problem found goes into the failure message. */
async function audit(
  label: string,
  page: Page,
  target: Page | Frame,
  { axe, focusStart }: { axe?: AxeOptions; focusStart?: () => Promise<void> } = {},
): Promise<void> {
  const violations = await axeViolations(target, axe);
  expect.soft(formatViolations(violations), `axe on ${label}`).toBe('no violations');
  const names = await controlNames(target);
  expect.soft(names.length, `controls on ${label}`).toBeGreaterThan(0);
  expect.soft(unnamed(names), `controls without a name on ${label}`).toEqual([]);
  const focus = await focusWithoutOutline(page, target, { start: focusStart });
  // Tab reaches every enabled control, once each.
  expect.soft(focus.stops, `Tab stops on ${label}`).toBe(names.filter((n) => !n.disabled && !n.inRadioGroup).length);
  expect.soft(focus.problems, `focus without a visible outline on ${label}`).toEqual([]);
}

/** axe only (for extra states of a surface already audited). */
async function axeOnly(label: string, target: Page | Frame, options?: AxeOptions): Promise<void> {
  expect.soft(formatViolations(await axeViolations(target, options)), `axe on ${label}`).toBe('no violations');
}

async function openSidebar(launched: Launched, url: string, fixture: string, ready: string[], headers?: Record<string, string>) {
  const { page } = await openFixturePage(launched.browser, url, [{ url, fixture, ...(headers ? { headers } : {}) }]);
  const frame = await waitForSidebarFrame(page);
  for (const selector of [READY, ...ready]) await frame.waitForSelector(selector, { timeout: 45_000 });
  await waitForSidebarSettled(frame);
  return { page, frame };
}

/** Tab from the top of the sidebar: a click on its header (not a control) puts the start there. */
const fromSidebarTop = (frame: Frame) => () => frame.click('[data-dealside="brand"]');

async function openSidePanelFor(launched: Launched, url: string, fixture: string) {
  const page = await launched.browser.newPage();
  await serveFixtures(page, { [url]: fixture });
  const injected = await contentScriptInjected(page, launched.extensionId);
  await page.goto(url, { waitUntil: 'load' });
  await injected();
  const tabId = await tabIdOf(launched.worker, page, 'https://www.linkedin.com/*');
  const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`, { newWindow: true });
  return { page, panel };
}

/**
 * Tabs through a CRM page until the sidebar's toggle (in the closed shadow root of
 * `<dealside-sidebar>`, before the iframe) has focus, then reads how its focus is drawn through the
 * DevTools CSS domain, which reaches into closed shadow roots.
 */
async function toggleFocusOutline(page: Page): Promise<{ outlineStyle?: string; outlineWidth?: string }> {
  await page.bringToFront();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  let reached = false;
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.tagName === 'DEALSIDE-SIDEBAR');
  }
  if (!reached) throw new Error('Tab never reached the sidebar toggle.');
  type DomNode = { nodeId: number; nodeName: string; children?: DomNode[]; shadowRoots?: DomNode[] };
  const session = await page.createCDPSession();
  try {
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: DomNode };
    let button: DomNode | undefined;
    const walk = (node: DomNode, inSidebar: boolean) => {
      if (inSidebar && node.nodeName === 'BUTTON') button ??= node;
      for (const child of node.children ?? []) walk(child, inSidebar);
      for (const shadow of node.shadowRoots ?? []) walk(shadow, inSidebar || node.nodeName === 'DEALSIDE-SIDEBAR');
    };
    walk(root, false);
    if (!button) throw new Error('No toggle button in the sidebar host.');
    const { computedStyle } = await session.send('CSS.getComputedStyleForNode', { nodeId: button.nodeId });
    const value = (name: string) => computedStyle.find((p) => p.name === name)?.value;
    return { outlineStyle: value('outline-style'), outlineWidth: value('outline-width') };
  } finally {
    await session.detach().catch(() => {});
  }
}

type BadgeCopy = { host: string; shadow: string; anchorText: string };

/**
 * The markup every `<dealside-badge>` of a page rendered in its closed shadow root, read through
 * the DevTools DOM domain (which pierces closed roots), with its host element and its row's link.
 */
async function badgeMarkup(page: Page): Promise<BadgeCopy[]> {
  type DomNode = { nodeId: number; nodeName: string; children?: DomNode[]; shadowRoots?: DomNode[]; contentDocument?: DomNode };
  const session = await page.createCDPSession();
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: DomNode };
    const hosts: DomNode[] = [];
    const walk = (node: DomNode) => {
      if (node.nodeName === 'DEALSIDE-BADGE') hosts.push(node);
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    walk(root);
    const copies: BadgeCopy[] = [];
    for (const host of hosts) {
      const shadowRoot = host.shadowRoots?.[0];
      const shadow: string[] = [];
      for (const child of shadowRoot?.children ?? []) shadow.push((await session.send('DOM.getOuterHTML', { nodeId: child.nodeId })).outerHTML);
      copies.push({ host: (await session.send('DOM.getOuterHTML', { nodeId: host.nodeId })).outerHTML, shadow: shadow.join(''), anchorText: '' });
    }
    const anchors = await page.$$eval('dealside-badge', (els) => els.map((el) => (el.previousElementSibling?.textContent ?? '').trim()));
    return copies.map((c, i) => ({ ...c, anchorText: anchors[i] ?? '' }));
  } finally {
    await session.detach().catch(() => {});
  }
}

/**
 * What each badge shows (inside its closed shadow root, read through DevTools) and how many times
 * Chromium's accessibility tree — what a screen reader reads, not stopped by closed roots — has that
 * text, against how many badges show it: read as written, once per badge.
 */
async function badgeSpokenText(page: Page): Promise<{ text: string; spoken: number; shown: number }[]> {
  const shown = (await readClosedShadowHosts(page, 'dealside-badge')).map((h) => h.text.replace(/\s+/g, ' ').trim());
  const tree = await page.accessibility.snapshot({ interestingOnly: false });
  const texts: string[] = [];
  type AxNode = NonNullable<typeof tree>;
  // A run of text split over elements (the badge's words, then the name in its own <bdi>) is read
  // as one: the text of a plain container that holds nothing but text.
  const plain = (n: AxNode): boolean => n.role === 'StaticText' || ((n.role === 'generic' || n.role === 'none') && (n.children?.length ?? 0) > 0 && n.children!.every(plain));
  const textOf = (n: AxNode): string => (n.role === 'StaticText' ? (n.name ?? '') : (n.children ?? []).map(textOf).join(''));
  const walk = (n: typeof tree) => {
    if (!n) return;
    if (plain(n)) {
      const text = textOf(n).replace(/\s+/g, ' ').trim();
      if (text) texts.push(text);
      return;
    }
    for (const c of n.children ?? []) walk(c);
  };
  walk(tree);
  return shown.map((text) => ({ text, spoken: texts.filter((t) => t === text).length, shown: shown.filter((s) => s === text).length }));
}

function accessibilitySuite(lang: Lang) {
  const es = lang === 'es-ES';
  describe(`every surface passes axe, names its controls and shows focus (${lang})`, () => {
    let launched: Launched;
    beforeAll(async () => {
      launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), lang });
      await waitForDemoSeed(launched);
    });
    afterAll(async () => {
      await launched?.close();
    });

    it('in-page sidebar on a HubSpot contact (person, folded account, qualification), in each state', () =>
      withFailureScreenshot(`a11y-sidebar-contact-${lang}`, async () => {
        const { page, frame } = await openSidebar(launched, PAGES.hubspot51001.url, PAGES.hubspot51001.fixture, [QUALIFIED, SECTION('account')]);
        expect(await frame.evaluate(() => document.documentElement.lang)).toBe(es ? 'es' : 'en');
        await audit('sidebar · HubSpot contact', page, frame, { focusStart: fromSidebarTop(frame) });

        // Enter on a focused button activates it: the BANT keys (Enter = type a note) leave it alone.
        await frame.focus(`${SECTION('score')} [data-dealside="section-toggle"]`);
        await page.keyboard.press('Enter');
        await frame.waitForSelector(`${SECTION('score')} [data-dealside="section-toggle"][aria-expanded="true"]`, { timeout: 30_000 });

        // Every BANT letter's editor, opened from the strip.
        for (const letter of ['budget', 'authority', 'need', 'timing']) {
          await frame.click(`[data-dealside="bant-letter"][data-letter="${letter}"]`);
          await frame.waitForSelector(`[data-dealside="bant-editor"][data-letter="${letter}"] [data-dealside="bant-note"]`, { timeout: 30_000 });
          await axeOnly(`sidebar · BANT ${letter}`, frame, { include: ['[data-dealside="moment-header"]'] });
          expect.soft(unnamed(await controlNames(frame)), `controls without a name, BANT ${letter}`).toEqual([]);
        }
        // Every section open (the account, the breakdown, the committee and its others, the objection form), and the shortcut sheet.
        await openAllSections(frame);
        const others = await frame.$(`${SECTION('committee')} details summary`);
        if (others) await others.click();
        await frame.click('[data-dealside="shortcuts-open"]');
        await frame.waitForSelector('[data-dealside="shortcut-sheet"]', { timeout: 30_000 });
        await audit('sidebar · HubSpot contact, everything open', page, frame, { focusStart: fromSidebarTop(frame) });

        // The sidebar's own toggle in the CRM page (closed shadow root): named, in the UI language.
        const tree = await page.accessibility.snapshot();
        const buttons: string[] = [];
        const walk = (n: typeof tree) => {
          if (!n) return;
          if (n.role === 'button' && n.name && /Dealside/.test(n.name)) buttons.push(n.name);
          for (const c of n.children ?? []) walk(c);
        };
        walk(tree);
        expect(buttons, 'the sidebar toggle in the page').toEqual([es ? 'Plegar Dealside' : 'Fold Dealside away']);
        await page.close();
      }));

    it('in-page sidebar on a HubSpot deal (served with a strict CSP, as HubSpot sends one)', () =>
      withFailureScreenshot(`a11y-sidebar-deal-${lang}`, async () => {
        const url = `${HUBSPOT}/0-3/71001`;
        const { page, frame } = await openSidebar(launched, url, 'hubspot/deal-71001.html', [QUALIFIED], { 'Content-Security-Policy': STRICT_CSP });
        await audit('sidebar · HubSpot deal', page, frame, { focusStart: fromSidebarTop(frame) });
        // The toggle in the page shows keyboard focus too, whatever the page's CSP.
        expect(await toggleFocusOutline(page)).toEqual({ outlineStyle: 'solid', outlineWidth: '2px' });
        await page.close();
      }));

    it('in-page sidebar on the HubSpot company of a customer (account health, renewal, whitespace)', () =>
      withFailureScreenshot(`a11y-sidebar-company-${lang}`, async () => {
        const url = `${HUBSPOT}/0-2/90001`;
        const { page, frame } = await openSidebar(launched, url, 'hubspot/company-90001.html', ['[data-dealside="account-360"]', QUALIFIED]);
        await audit('sidebar · HubSpot company', page, frame, { focusStart: fromSidebarTop(frame) });
        await openAllSections(frame);
        await axeOnly('sidebar · HubSpot company, every section open', frame);
        await page.close();
      }));

    it('in-page sidebar on a Salesforce contact', () =>
      withFailureScreenshot(`a11y-sidebar-salesforce-${lang}`, async () => {
        const { page, frame } = await openSidebar(launched, SALESFORCE_CONTACT, 'salesforce/contact-maria-jose.html', ['[data-dealside="owner"]']);
        await audit('sidebar · Salesforce contact', page, frame, { focusStart: fromSidebarTop(frame) });
        await page.close();
      }));

    it('side panel on a LinkedIn profile in the CRM, on one not in it, and on a sign-in wall', () =>
      withFailureScreenshot(`a11y-sidepanel-${lang}`, async () => {
        const inCrm = await openSidePanelFor(launched, PAGES.linkedinMaria.url, PAGES.linkedinMaria.fixture);
        for (const selector of [READY, '[data-dealside="verdict"][data-verdict="in-crm"]', QUALIFIED]) await inCrm.panel.waitForSelector(selector, { timeout: 45_000 });
        await audit('side panel · LinkedIn, in the CRM', inCrm.panel, inCrm.panel);
        await inCrm.panel.close();
        await inCrm.page.close();

        const fresh = await openSidePanelFor(launched, PAGES.linkedinAna.url, PAGES.linkedinAna.fixture);
        for (const selector of [READY, '[data-dealside="verdict"][data-verdict="new"]']) await fresh.panel.waitForSelector(selector, { timeout: 45_000 });
        await axeOnly('side panel · LinkedIn, not in the CRM', fresh.panel);
        expect.soft(unnamed(await controlNames(fresh.panel)), 'controls without a name, side panel not in the CRM').toEqual([]);
        await fresh.panel.close();
        await fresh.page.close();

        const wall = await openSidePanelFor(launched, PAGES.linkedinAuthwall.url, PAGES.linkedinAuthwall.fixture);
        await wall.panel.waitForSelector('[data-dealside="tab-view"] [data-dealside="state"]:not([data-state="reading"])', { timeout: 45_000 });
        await axeOnly('side panel · LinkedIn sign-in wall', wall.panel);
        await wall.panel.close();
        await wall.page.close();
      }));

    it('options page, with the agreement editor and connect forms open (HubSpot, Dynamics 365, Zoho CRM)', () =>
      withFailureScreenshot(`a11y-options-${lang}`, async () => {
        const { page } = await openExtensionPage(launched, 'options.html');
        await page.waitForFunction(() => Number((document.querySelector('[data-dealside="count-people"]')?.textContent ?? '').replace(/\D/g, '')) > 0, { timeout: 45_000 });
        for (const selector of ['[data-dealside="model-version"]', '[data-dealside="connection"]', '[data-dealside="linkedin-badges"]:not([disabled])', '[data-dealside="diagnostics-empty"], [data-dealside="diagnostics"]']) {
          await page.waitForSelector(selector, { timeout: 45_000 });
        }
        await audit('options', page, page);
        await page.click('[data-dealside="qualify-json"]').catch(() => {});
        await page.$$eval('details', (els) => els.forEach((d) => d.setAttribute('open', '')));
        await page.click('[data-dealside="connection"][data-system="hubspot"] [data-dealside="connect-open"]');
        await page.waitForSelector('[data-dealside="connect-form"][data-system="hubspot"] [data-dealside="oauth-redirect"]', { timeout: 30_000 });
        // Dynamics 365's form too: the organization's address, sign in with Microsoft, the set-up
        await page.click('[data-dealside="connection"][data-system="dynamics"] [data-dealside="connect-open"]');
        await page.waitForSelector('[data-dealside="connect-form"][data-system="dynamics"] [data-dealside="oauth-tenant"]', { timeout: 30_000 });
        // Zoho CRM's: the data centre, sign in with Zoho, the set-up
        await page.click('[data-dealside="connection"][data-system="zoho"] [data-dealside="connect-open"]');
        await page.waitForSelector('[data-dealside="connect-form"][data-system="zoho"] [data-dealside="connect-data-centre"]', { timeout: 30_000 });
        await page.$$eval('details', (els) => els.forEach((d) => d.setAttribute('open', '')));
        await audit('options, editor and connect form open', page, page);
        await page.close();
      }));

    it('popup, showing the record of the active tab and quick-search results', () =>
      withFailureScreenshot(`a11y-popup-${lang}`, async () => {
        const { page } = await openFixturePage(launched.browser, PAGES.hubspot51002.url, { [PAGES.hubspot51002.url]: PAGES.hubspot51002.fixture });
        await waitForSidebarFrame(page).then((f) => f.waitForSelector(READY, { timeout: 45_000 }));
        const { page: popup } = await openExtensionPage(launched, 'popup.html');
        await popup.waitForSelector('[data-dealside="quick-search"]', { timeout: 30_000 });
        // the popup opens to type at once: the search has the focus
        await popup.waitForFunction(() => document.activeElement?.getAttribute('data-dealside') === 'quick-search', { timeout: 30_000 });
        await popup.type('[data-dealside="quick-search"]', 'garc');
        await popup.waitForSelector('[data-dealside="quick-result"]', { timeout: 30_000 });
        // The popup follows the active tab: bring the record's tab to the front.
        await page.bringToFront();
        await popup.waitForSelector('[data-dealside="entity-name"]', { timeout: 30_000 });
        // The focus walk brings the popup to the front, so it then shows its own tab: audit() still
        // checks the record's view with axe and names first.
        await audit('popup', popup, popup);
        await popup.close();
        await page.close();
      }));

    it('badges on a HubSpot list: what a screen reader reads, and axe on the markup they render', () =>
      withFailureScreenshot(`a11y-badges-${lang}`, async () => {
        const { page } = await openFixturePage(launched.browser, HUBSPOT_LIST, { [HUBSPOT_LIST]: 'hubspot/contacts-list.html' });
        await page.waitForFunction(() => document.querySelectorAll('main dealside-badge').length === 5, { timeout: 45_000 });
        // every badge has rendered its verdict (inside its closed shadow root)
        const deadline = Date.now() + 45_000;
        while ((await readClosedShadowHosts(page, 'dealside-badge')).filter((h) => h.text.trim()).length < 5) {
          if (Date.now() > deadline) throw new Error('The badges did not render their verdicts within 45 s.');
          await new Promise((r) => setTimeout(r, 200));
        }
        const spoken = await badgeSpokenText(page);
        expect(spoken).toHaveLength(5);
        for (const b of spoken) {
          expect(b.text).toMatch(es ? /^(En el CRM|¿Duplicado\?|Nuevo)/ : /^(In CRM|Duplicate\?|New)/);
          expect(b.spoken, `"${b.text}" is read as it is written, once per badge`).toBe(b.shown);
        }

        const copies = await badgeMarkup(page);
        expect(copies).toHaveLength(5);
        expect(copies.every((c) => c.shadow.length > 0)).toBe(true);
        const test = await launched.browser.newPage();
        await test.setContent(
          `<!doctype html><html lang="${es ? 'es' : 'en'}"><head><title>Dealside badges</title></head><body><main><h1>Badges</h1><ul>` +
            copies.map((c) => `<li><a href="#row">${c.anchorText.replace(/</g, '&lt;')}</a>${c.host}</li>`).join('') +
            '</ul></main></body></html>',
        );
        await test.evaluate(
          (shadows: string[]) => document.querySelectorAll('dealside-badge').forEach((host, i) => (host.attachShadow({ mode: 'open' }).innerHTML = shadows[i] ?? '')),
          copies.map((c) => c.shadow),
        );
        await axeOnly('badges (their rendered markup)', test);
        await test.close();
        await page.close();
      }));

    if (!es) {
      it('with a dark colour scheme asked for: sidebar, side panel, options and popup', () =>
        withFailureScreenshot('a11y-dark', async () => {
          const dark = [{ name: 'prefers-color-scheme', value: 'dark' }];
          const { page, frame } = await openSidebar(launched, PAGES.hubspot51001.url, PAGES.hubspot51001.fixture, [QUALIFIED]);
          await page.emulateMediaFeatures(dark);
          // The page's emulation reaches the sidebar's (out-of-process) frame a moment later.
          await frame.waitForFunction(() => matchMedia('(prefers-color-scheme: dark)').matches, { timeout: 30_000 });
          await axeOnly('sidebar · dark', frame);
          await page.close();

          const side = await openSidePanelFor(launched, PAGES.linkedinMaria.url, PAGES.linkedinMaria.fixture);
          await side.panel.emulateMediaFeatures(dark);
          await side.panel.waitForSelector(READY, { timeout: 45_000 });
          expect(await side.panel.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
          await axeOnly('side panel · dark', side.panel);
          await side.panel.close();
          await side.page.close();

          for (const path of ['options.html', 'popup.html']) {
            const { page: ext } = await openExtensionPage(launched, path);
            await ext.emulateMediaFeatures(dark);
            await ext.waitForSelector(path === 'options.html' ? '[data-dealside="model-version"]' : '[data-dealside="quick-search"]', { timeout: 45_000 });
            await axeOnly(`${path} · dark`, ext);
            await ext.close();
          }
        }));
    }
  });
}

accessibilitySuite('en-US');
accessibilitySuite('es-ES');
