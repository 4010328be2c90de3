// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
// The in-page sidebar costs a page nothing until there is a record to show, and then goes in when
// the page is idle, not in the middle of the page's own work.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSidebarFrame, type SidebarFrame } from './sidebarFrame';

let idle: (() => void)[] = [];
let frame: SidebarFrame | undefined;
const hosts = () => document.querySelectorAll('dealside-sidebar').length;
/** lets the settings read (fake storage) finish */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const runIdle = () => {
  const due = idle;
  idle = [];
  for (const fn of due) fn();
};

beforeEach(() => {
  fakeBrowser.reset();
  idle = [];
  let next = 0;
  const cancelled = new Set<number>();
  window.requestIdleCallback = ((cb: IdleRequestCallback) => {
    const id = ++next;
    idle.push(() => !cancelled.has(id) && cb({ didTimeout: false, timeRemaining: () => 50 }));
    return id;
  }) as typeof window.requestIdleCallback;
  window.cancelIdleCallback = (id: number) => void cancelled.add(id);
});

afterEach(() => {
  frame?.remove();
  frame = undefined;
});

describe('createSidebarFrame', () => {
  it('adds nothing and reads nothing while there is nothing to show', async () => {
    const read: unknown[] = [];
    const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    fakeBrowser.storage.local.get = ((keys: unknown) => (read.push(keys), get(keys as string))) as typeof fakeBrowser.storage.local.get;
    frame = createSidebarFrame(window);
    frame.hide();
    runIdle();
    await Promise.resolve();
    expect(hosts()).toBe(0);
    expect(read).toEqual([]);
    expect(frame.focus()).toBe(false);
  });

  it('inserts the frame when the page is idle after show() and the settings are read', async () => {
    frame = createSidebarFrame(window);
    frame.show(7);
    expect(hosts()).toBe(0);
    await settle();
    expect(hosts()).toBe(0);
    runIdle();
    expect(hosts()).toBe(1);
    frame.show(7);
    await settle();
    runIdle();
    expect(hosts()).toBe(1);
  });

  it('goes in whole: shown as it will stay, not hidden first and shown after', async () => {
    await fakeBrowser.storage.local.set({ [`sidebarLayout:${window.location.hostname}`]: { collapsed: true, width: 500 } });
    const changes: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) changes.push(r.type === 'attributes' ? `style of ${r.target.nodeName}` : `added ${[...r.addedNodes].map((n) => n.nodeName).join()}`);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
    frame = createSidebarFrame(window);
    frame.show(7);
    await settle();
    runIdle();
    await settle();
    await settle();
    observer.disconnect();
    expect(changes).toEqual(['added DEALSIDE-SIDEBAR']);
    const host = document.querySelector<HTMLElement>('dealside-sidebar')!;
    expect(host.style.display).toBe('');
  });

  it.each([
    ['hidden (the record is gone)', 'before the page is idle', (f: SidebarFrame) => f.hide(), true],
    ['hidden (the record is gone)', 'while the settings are read', (f: SidebarFrame) => f.hide(), false],
    ['removed', 'before the page is idle', (f: SidebarFrame) => f.remove(), true],
    ['removed', 'while the settings are read', (f: SidebarFrame) => f.remove(), false],
  ] as const)('%s %s, it never goes in', async (_what, _when, drop, settingsRead) => {
    frame = createSidebarFrame(window);
    frame.show(7);
    if (settingsRead) await settle();
    drop(frame);
    await settle();
    runIdle();
    expect(hosts()).toBe(0);
  });

  it('reads the layout, the language and the placement in one storage read', async () => {
    const read: unknown[] = [];
    const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    fakeBrowser.storage.local.get = ((keys: unknown) => (read.push(keys), get(keys as string))) as typeof fakeBrowser.storage.local.get;
    frame = createSidebarFrame(window);
    frame.show(7);
    await settle();
    runIdle();
    frame.show(7);
    await settle();
    expect(hosts()).toBe(1);
    expect(read).toEqual([[`sidebarLayout:${window.location.hostname}`, 'uiLanguage', 'crmPlacement']]);
  });

  it('goes in at once for the keyboard command, and not again at idle', () => {
    frame = createSidebarFrame(window);
    frame.show(7);
    expect(frame.focus()).toBe(true);
    expect(hosts()).toBe(1);
    runIdle();
    expect(hosts()).toBe(1);
  });

  describe('the sidebar page’s iframe: made only once the sidebar shows open', () => {
    /** the closed shadow roots the sidebar attaches, caught as they are made (the page cannot read them) */
    let roots: ShadowRoot[] = [];
    let attach: typeof Element.prototype.attachShadow;
    beforeEach(() => {
      roots = [];
      attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
        const root = attach.call(this, init);
        roots.push(root);
        return root;
      };
    });
    afterEach(() => {
      Element.prototype.attachShadow = attach;
    });
    const iframes = () => roots.flatMap((r) => [...r.querySelectorAll('iframe')]);
    const button = (label: string) => roots.flatMap((r) => [...r.querySelectorAll<HTMLElement>(`button[aria-label="${label}"]`)])[0]!;
    const foldedOnThisSite = () =>
      fakeBrowser.storage.local.set({ [`sidebarLayout:${window.location.hostname}`]: { collapsed: true, width: 400 } });
    const mountFolded = async () => {
      await foldedOnThisSite();
      frame = createSidebarFrame(window);
      frame.show(7);
      await settle();
      runIdle();
      expect(hosts()).toBe(1);
    };

    it('open on load: the frame goes in with the host', async () => {
      frame = createSidebarFrame(window);
      frame.show(7);
      await settle();
      runIdle();
      expect(iframes().map((f) => f.getAttribute('src'))).toEqual([expect.stringContaining('/sidebar.html?tab=7')]);
    });

    it('folded on load: the host and its tab only; the tab’s click makes the frame, and folding again keeps it', async () => {
      await mountFolded();
      expect(iframes()).toEqual([]);
      expect(button('Open Dealside').hidden).toBe(false);
      button('Open Dealside').click();
      expect(iframes().map((f) => f.getAttribute('src'))).toEqual([expect.stringContaining('/sidebar.html?tab=7')]);
      const made = iframes()[0];
      button('Fold Dealside away').click();
      button('Open Dealside').click();
      expect(iframes()).toEqual([made]);
    });

    it('folded on load: the keyboard command makes the frame and focuses it once it has loaded', async () => {
      await mountFolded();
      expect(frame!.focus()).toBe(true);
      expect(iframes()).toHaveLength(1);
      // until the sidebar page has loaded, the fold button holds focus inside the sidebar
      expect(roots[0]!.activeElement).toBe(button('Fold Dealside away'));
      iframes()[0]!.dispatchEvent(new Event('load'));
      expect(roots[0]!.activeElement).toBe(iframes()[0]);
      // loaded, the next command focuses the frame at once
      button('Fold Dealside away').focus();
      expect(frame!.focus()).toBe(true);
      expect(roots[0]!.activeElement).toBe(iframes()[0]);
    });

    it('folded on load: another tab of the site unfolding it makes the frame here too', async () => {
      await mountFolded();
      await fakeBrowser.storage.local.set({ [`sidebarLayout:${window.location.hostname}`]: { collapsed: false, width: 400 } });
      await settle();
      expect(iframes()).toHaveLength(1);
    });

    it('folded and hidden (the record is gone): unfolding elsewhere makes no frame until it shows again', async () => {
      await mountFolded();
      frame!.hide();
      await fakeBrowser.storage.local.set({ [`sidebarLayout:${window.location.hostname}`]: { collapsed: false, width: 400 } });
      await settle();
      expect(iframes()).toEqual([]);
      frame!.show(7);
      await settle();
      expect(iframes()).toHaveLength(1);
    });
  });

  describe('with Dealside in the browser’s side panel (Options)', () => {
    const placeInSidePanel = () => fakeBrowser.storage.local.set({ crmPlacement: 'sidePanel' });
    const placeBesideThePage = () => fakeBrowser.storage.local.remove('crmPlacement');
    let attach: typeof Element.prototype.attachShadow;
    let roots = 0;
    beforeEach(() => {
      roots = 0;
      attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
        roots++;
        return attach.call(this, init);
      };
    });
    afterEach(() => {
      Element.prototype.attachShadow = attach;
    });

    it('puts nothing into the page: no host, no tab, no iframe, and the keyboard command finds no sidebar', async () => {
      await placeInSidePanel();
      const changes: Node[] = [];
      const observer = new MutationObserver((records) => changes.push(...records.flatMap((r) => [...r.addedNodes])));
      observer.observe(document.documentElement, { childList: true, subtree: true });
      frame = createSidebarFrame(window);
      frame.show(7);
      await settle();
      runIdle();
      frame.show(7);
      await settle();
      runIdle();
      expect(frame.focus()).toBe(false);
      await settle();
      observer.disconnect();
      expect(changes).toEqual([]);
      expect(hosts()).toBe(0);
      expect(roots).toBe(0);
    });

    it('a tab open while the choice changes: the host goes, then comes back when the page is idle', async () => {
      frame = createSidebarFrame(window);
      frame.show(7);
      await settle();
      runIdle();
      expect(hosts()).toBe(1);

      await placeInSidePanel();
      await settle();
      expect(hosts()).toBe(0);
      expect(frame.focus()).toBe(false);
      runIdle();
      expect(hosts()).toBe(0);

      await placeBesideThePage();
      await settle();
      expect(hosts()).toBe(0); // not in the middle of whatever the page is doing
      runIdle();
      expect(hosts()).toBe(1);
      expect(frame.focus()).toBe(true);
    });

    it('loaded in side-panel mode, switched to beside the page: it goes in (and only while a record shows)', async () => {
      await placeInSidePanel();
      frame = createSidebarFrame(window);
      frame.show(7);
      await settle();
      runIdle();
      expect(hosts()).toBe(0);
      frame.hide();
      await placeBesideThePage();
      await settle();
      runIdle();
      expect(hosts()).toBe(0);
      frame.show(8);
      await settle();
      runIdle();
      expect(hosts()).toBe(1);
    });

    it('a choice changed while the first read is under way is the one followed', async () => {
      frame = createSidebarFrame(window);
      frame.show(7);
      await placeInSidePanel(); // the change event comes before or with the read's answer
      await settle();
      await settle();
      runIdle();
      expect(hosts()).toBe(0);
    });

    it('after remove(), a change of choice puts nothing back', async () => {
      frame = createSidebarFrame(window);
      frame.show(7);
      await settle();
      runIdle();
      expect(hosts()).toBe(1);
      frame.remove();
      await placeInSidePanel();
      await placeBesideThePage();
      await settle();
      runIdle();
      expect(hosts()).toBe(0);
    });
  });
});
