// The in-page sidebar on CRM pages: an iframe of the extension's sidebar page inside a closed
// shadow root. The sidebar's React and CSS run in the extension's own frame, so this stays plain
// DOM and small (it runs on every CRM page load), and the page can neither style nor read it.
//
// It must never hide the CRM's own controls for good: it folds to a slim tab on the window's
// right edge, and its left edge is dragged (or moved with the arrow keys) to resize it. Both are
// remembered per CRM host (./sidebarLayout.ts). Nothing about its state is written where the page
// can read it: no attributes on the host element, no events or messages to the page.
//
// It costs the page nothing until there is a record to show: creating it reads nothing and adds
// nothing; the first show() reads the layout and language, then inserts the host in an idle
// callback, after the page's own work (at the latest MOUNT_TIMEOUT_MS later), unless the keyboard
// command asks first. The host goes in whole — folded or open, its width and labels set before it
// is attached — so the page computes style and layout for it once, not once hidden and again shown.
// The sidebar page's iframe is in it only once the sidebar shows open: folded, the page gets the
// host and its tab, and the iframe is made when it is unfolded (the tab, the keyboard command, or
// another tab of the site unfolding it), then kept — folding again hides it.
//
// With Dealside placed in the browser's side panel (Options; ./crmPlacement.ts) nothing goes in at
// all: that choice is read in the same storage read as the layout and language, and followed live —
// switched while the page is open, the host goes (side panel) or comes back (beside the page).
import { browser } from 'wxt/browser';
import { browserLanguages, parseLanguagePreference, resolveLocale, type LanguagePreference, type Locale } from '../i18n/locale';
import { LANGUAGE_KEY } from './preferences';
import { CRM_PLACEMENT_KEY, parseCrmPlacement, type CrmPlacement } from './crmPlacement';
import { whenIdle } from './idle';
import { SIDEBAR_WIDTH, clampWidth, maxWidth, parseSidebarLayout, sidebarLayoutKey, type SidebarLayout } from './sidebarLayout';

/** Width of the panel's left edge: the fold button above, the resize handle below. */
const EDGE = 24;

/** The longest the first show() waits for the page to be idle before inserting the frame. */
const MOUNT_TIMEOUT_MS = 250;

const TEXT: Record<Locale, { open: string; fold: string; resize: string }> = {
  en: { open: 'Open Dealside', fold: 'Fold Dealside away', resize: 'Dealside width' },
  es: { open: 'Abrir Dealside', fold: 'Plegar Dealside', resize: 'Ancho de Dealside' },
};

// px sizes only: rem would follow the host page's root font size. Light and dark follow the
// system setting, like the sidebar page inside. The host is fixed, zero wide, at the window's right
// edge, with layout containment: out of the page's flow, so inserting it lays out only itself (an
// inline host in <html> made the page lay its root out again; profiled, ~1.5 ms under load); the
// panel and the tab are placed against it (it is their containing block), as against the window.
const CSS = `
:host { all: initial; position: fixed; top: 0; right: 0; width: 0; height: 100vh; z-index: 2147483646;
  contain: layout style; }
.panel { position: fixed; top: 0; right: 0; height: 100vh; z-index: 2147483646; display: flex;
  background: #f8fafc; box-shadow: -2px 0 8px rgba(15, 23, 42, .18); }
.edge { flex: none; width: ${EDGE}px; display: flex; flex-direction: column; background: #f1f5f9;
  border-right: 1px solid #e2e8f0; box-sizing: border-box; }
button { all: unset; box-sizing: border-box; cursor: pointer; font: 600 14px/1 system-ui, -apple-system, "Segoe UI", sans-serif; }
.fold { height: 44px; display: flex; align-items: center; justify-content: center; color: #334155; }
.resize { flex: 1; cursor: ew-resize; touch-action: none; display: flex; align-items: center; justify-content: center; }
.resize::after { content: ""; width: 0; height: 32px; border-left: 3px dotted #94a3b8; }
.fold:hover, .resize:hover, .resize.dragging { background: #e2e8f0; }
iframe { flex: 1; min-width: 0; height: 100%; border: 0; display: block; }
.edge.dragging + iframe { pointer-events: none; }
.tab { position: fixed; right: 0; top: 50%; transform: translateY(-50%); z-index: 2147483646;
  width: 26px; padding: 10px 0; display: flex; flex-direction: column; align-items: center; gap: 8px;
  background: #0f766e; color: #fff; border-radius: 6px 0 0 6px; box-shadow: -1px 0 4px rgba(15, 23, 42, .25);
  font-size: 12px; letter-spacing: .04em; }
.tab span { writing-mode: vertical-rl; transform: rotate(180deg); }
.tab:hover { background: #115e59; }
:focus-visible { outline: 2px solid #0f766e; outline-offset: -2px; }
.tab:focus-visible { outline-color: #0f172a; outline-offset: 1px; }
[hidden] { display: none !important; }
@media (prefers-color-scheme: dark) {
  .panel { background: #020617; box-shadow: -2px 0 8px rgba(0, 0, 0, .6); }
  .edge { background: #0f172a; border-right-color: #1e293b; }
  .fold { color: #cbd5e1; }
  .resize::after { border-left-color: #64748b; }
  .fold:hover, .resize:hover, .resize.dragging { background: #1e293b; }
  .tab { background: #134e4a; color: #ccfbf1; box-shadow: -1px 0 4px rgba(0, 0, 0, .6); }
  .tab:hover { background: #115e59; }
  :focus-visible { outline-color: #5eead4; }
  .tab:focus-visible { outline-color: #5eead4; }
}
`;

export type SidebarFrame = {
  show(tabId: number): void;
  hide(): void;
  /** Opens the sidebar if folded and moves keyboard focus into it; false when no sidebar is shown. */
  focus(): boolean;
  remove(): void;
};

export function createSidebarFrame(win: Window): SidebarFrame {
  const doc = win.document;
  const key = sidebarLayoutKey(win.location.hostname);
  /** what parseSidebarLayout gives when nothing is stored, until the stored layout is read */
  let layout: SidebarLayout = { collapsed: false, width: SIDEBAR_WIDTH.default };
  let language: LanguagePreference = 'browser';
  /** beside the page (the default) or only in the browser's side panel: then nothing goes in */
  let placement: CrmPlacement = 'page';
  /**
   * The window's width, read before the frame goes in and on every resize: read after inserting
   * it, it would make the browser lay the page out there and then, in our task.
   */
  let viewport = 0;
  let mounted: ReturnType<typeof build> | undefined;
  /** cancels the idle callback that will insert the frame, once show() was called */
  let pending: (() => void) | undefined;
  let tabId: number | undefined;
  let visible = false;
  /** the page element that had focus when the command moved focus into the sidebar */
  let returnTo: HTMLElement | undefined;
  let pointerJustPressed = false;
  /** set once the user folds or resizes here: the first read from storage must not undo it */
  let touched = false;
  /** set by remove(): a settings read still under way must not schedule the frame */
  let removed = false;
  /** undone when the host leaves the page (side panel chosen, or remove()) */
  const mountCleanups: (() => void)[] = [];
  /** stops following the settings (remove()) */
  let unwatch: (() => void) | undefined;
  /** settings a storage change reported before the first read answered: the read must not undo them */
  const changed = new Set<string>();

  // Layout, language and placement are read before the panel first shows, so it never flashes open
  // on a site where it was folded nor goes in at all where the side panel was chosen: one
  // storage.local read on the first show(), never on a page with nothing to show. From then on
  // their changes are followed (another tab of the site folding it, Options switching the language
  // or the placement).
  let ready: Promise<unknown> | undefined;
  /** true once the settings are read */
  let settled = false;
  const readSettings = () => {
    if (ready) return ready;
    unwatch = watchSettings();
    ready = browser.storage.local
      .get([key, LANGUAGE_KEY, CRM_PLACEMENT_KEY])
      .then((v) => {
        if (!touched && !changed.has(key)) layout = parseSidebarLayout(v[key]);
        if (!changed.has(LANGUAGE_KEY)) language = parseLanguagePreference(v[LANGUAGE_KEY]);
        if (!changed.has(CRM_PLACEMENT_KEY)) placement = parseCrmPlacement(v[CRM_PLACEMENT_KEY]);
      })
      .catch(() => {})
      .then(() => (settled = true));
    return ready;
  };

  const watchSettings = () => {
    const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local') return;
      let any = false;
      if (key in changes) {
        // Another tab of this site folded or resized it: follow.
        layout = parseSidebarLayout(changes[key]!.newValue);
        any = true;
      }
      if (LANGUAGE_KEY in changes) {
        language = parseLanguagePreference(changes[LANGUAGE_KEY]!.newValue);
        any = true;
      }
      if (CRM_PLACEMENT_KEY in changes) {
        placement = parseCrmPlacement(changes[CRM_PLACEMENT_KEY]!.newValue);
        any = true;
      }
      if (!any) return;
      for (const k of [key, LANGUAGE_KEY, CRM_PLACEMENT_KEY]) if (k in changes) changed.add(k);
      if (settled) update();
    };
    browser.storage.onChanged.addListener(onStorage);
    return () => browser.storage.onChanged.removeListener(onStorage);
  };

  const save = () => void browser.storage.local.set({ [key]: { collapsed: layout.collapsed, width: layout.width } }).catch(() => {});

  const apply = () => {
    if (!mounted) return;
    const { host, panel, tab, fold, resize } = mounted;
    // The frame is made the first time the sidebar shows open, and kept once made: a folded sidebar
    // is the host and its tab only (the iframe is half of what a record page pays for Dealside).
    if (visible && !layout.collapsed) mounted.openFrame();
    const text = TEXT[resolveLocale(language, browserLanguages(win.navigator))];
    host.style.display = visible ? '' : 'none';
    panel.hidden = layout.collapsed;
    tab.hidden = !layout.collapsed;
    const width = clampWidth(layout.width, viewport);
    panel.style.width = `${width}px`;
    tab.setAttribute('aria-label', text.open);
    fold.setAttribute('aria-label', text.fold);
    fold.title = text.fold;
    resize.setAttribute('aria-label', text.resize);
    resize.setAttribute('aria-valuemin', String(SIDEBAR_WIDTH.min));
    resize.setAttribute('aria-valuemax', String(maxWidth(viewport)));
    resize.setAttribute('aria-valuenow', String(width));
  };

  const setCollapsed = (collapsed: boolean) => {
    touched = true;
    layout = { ...layout, collapsed };
    apply();
    save();
  };

  const setWidth = (width: number) => {
    touched = true;
    layout = { ...layout, width: clampWidth(width, win.innerWidth) };
    apply();
  };

  /** The host and its shadow tree, not yet in the page. */
  function build(tabId: number) {
    const host = doc.createElement('dealside-sidebar');
    host.setAttribute('data-dealside-host', 'sidebar');
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = CSS;

    const panel = doc.createElement('div');
    panel.className = 'panel';
    const edge = doc.createElement('div');
    edge.className = 'edge';
    const fold = doc.createElement('button');
    fold.className = 'fold';
    fold.textContent = '›';
    fold.setAttribute('aria-expanded', 'true');
    const resize = doc.createElement('div');
    resize.className = 'resize';
    resize.tabIndex = 0;
    resize.setAttribute('role', 'separator');
    resize.setAttribute('aria-orientation', 'vertical');
    edge.append(fold, resize);
    panel.append(edge);
    let frame: HTMLIFrameElement | undefined;
    /** The sidebar page's frame, made on first call (when the panel first shows open). */
    const openFrame = () => {
      if (frame) return frame;
      frame = doc.createElement('iframe');
      frame.title = 'Dealside';
      frame.src = browser.runtime.getURL(`/sidebar.html?tab=${tabId}` as '/sidebar.html');
      frame.addEventListener('load', () => (frameLoaded = true), { once: true });
      panel.append(frame);
      return frame;
    };
    let frameLoaded = false;
    /**
     * Keyboard focus into the sidebar page. A frame made just now is still loading, and the page it
     * loads would not get the focus given to the frame before (focusing it again once loaded does
     * nothing: it is the focused element already): until it has loaded the fold button holds focus,
     * and the frame takes it once loaded, unless focus has left the sidebar meanwhile.
     */
    const focusFrame = () => {
      const f = openFrame();
      if (frameLoaded) return f.focus();
      fold.focus();
      f.addEventListener('load', () => void (doc.activeElement === host && root.activeElement === fold && f.focus()), { once: true });
    };

    const tab = doc.createElement('button');
    tab.className = 'tab';
    tab.setAttribute('aria-expanded', 'false');
    const chevron = doc.createElement('b');
    chevron.textContent = '‹';
    const label = doc.createElement('span');
    label.textContent = 'Dealside';
    tab.append(chevron, label);

    fold.addEventListener('click', () => {
      setCollapsed(true);
      tab.focus();
    });
    tab.addEventListener('click', () => {
      setCollapsed(false);
      fold.focus();
    });

    // Dragging the edge: pointer capture keeps the drag even over the sidebar's own frame.
    let drag: { x: number; width: number } | undefined;
    resize.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, width: clampWidth(layout.width, win.innerWidth) };
      resize.setPointerCapture(e.pointerId);
      edge.classList.add('dragging');
      resize.classList.add('dragging');
      e.preventDefault();
    });
    resize.addEventListener('pointermove', (e) => {
      if (drag) setWidth(drag.width + (drag.x - e.clientX));
    });
    const endDrag = () => {
      if (!drag) return;
      drag = undefined;
      edge.classList.remove('dragging');
      resize.classList.remove('dragging');
      save();
    };
    resize.addEventListener('pointerup', endDrag);
    resize.addEventListener('pointercancel', endDrag);
    resize.addEventListener('lostpointercapture', endDrag);
    // The keyboard: the arrows move the edge (left = wider), Home / End go to the narrowest / widest.
    resize.addEventListener('keydown', (e) => {
      const step = SIDEBAR_WIDTH.step * (e.shiftKey ? 4 : 1);
      const current = clampWidth(layout.width, win.innerWidth);
      const next =
        e.key === 'ArrowLeft' ? current + step
        : e.key === 'ArrowRight' ? current - step
        : e.key === 'Home' ? SIDEBAR_WIDTH.min
        : e.key === 'End' ? maxWidth(win.innerWidth)
        : undefined;
      if (next === undefined) return;
      e.preventDefault();
      e.stopPropagation(); // the CRM's own shortcuts must not see our arrow keys
      setWidth(next);
      save();
    });

    root.append(style, panel, tab);
    return { host, panel, tab, fold, resize, openFrame, focusFrame };
  }

  const listen = <K extends keyof WindowEventMap>(type: K, fn: (e: WindowEventMap[K]) => void, capture = false) => {
    win.addEventListener(type, fn, capture);
    mountCleanups.push(() => win.removeEventListener(type, fn, capture));
  };

  const mount = (forTab: number) => {
    pending?.();
    pending = undefined;
    viewport = win.innerWidth;
    mounted = build(forTab);
    apply();
    doc.documentElement.append(mounted.host);
    listen('resize', () => {
      viewport = win.innerWidth;
      apply();
    });
    // Escape in the sidebar gives focus back to this page (window.parent.focus() from the frame);
    // the element that had it before the keyboard command moved focus in gets it back, unless a
    // click is what brought focus here.
    listen('pointerdown', () => {
      pointerJustPressed = true;
      setTimeout(() => (pointerJustPressed = false), 0);
    }, true);
    listen('focus', () => {
      const target = returnTo;
      returnTo = undefined;
      if (!target || pointerJustPressed) return;
      setTimeout(() => {
        const active = doc.activeElement;
        if (target.isConnected && (active === null || active === doc.body || active === mounted?.host)) target.focus({ preventScroll: true });
      }, 0);
    });
    // Only the keyboard command mounts before the settings are read: show them once they are.
    if (!settled) void readSettings().then(update);
  };

  /** Takes the host (and the iframe in it) out of the page. */
  const unmount = () => {
    pending?.();
    pending = undefined;
    for (const cleanup of mountCleanups.splice(0)) cleanup();
    mounted?.host.remove();
    mounted = undefined;
    returnTo = undefined;
  };

  /** After the settings changed or were read: the side panel chosen takes the host out, else show them. */
  const update = () => {
    if (placement === 'sidePanel') return unmount();
    if (mounted) apply();
    else scheduleMount();
  };

  /** Inserts the frame when the page is idle (or MOUNT_TIMEOUT_MS at the latest), if still wanted. */
  const scheduleMount = () => {
    if (mounted || pending || !visible || removed || !settled || placement === 'sidePanel') return;
    pending = whenIdle(
      win,
      () => {
        pending = undefined;
        if (visible && !mounted && tabId !== undefined && placement === 'page') mount(tabId);
      },
      MOUNT_TIMEOUT_MS,
    );
  };

  return {
    show(id) {
      visible = true;
      tabId = id;
      void readSettings().then(update);
    },
    hide() {
      visible = false;
      apply();
    },
    focus() {
      // In the side panel's place there is nothing to focus here: the background opens the panel.
      if (placement === 'sidePanel') return false;
      // The keyboard command does not wait for the page to be idle.
      if (!mounted && visible && tabId !== undefined) mount(tabId);
      if (!mounted || !visible) return false;
      const active = doc.activeElement;
      if (active instanceof HTMLElement && active !== doc.body && active !== mounted.host) returnTo = active;
      if (layout.collapsed) setCollapsed(false);
      mounted.focusFrame();
      return true;
    },
    remove() {
      removed = true;
      unwatch?.();
      unwatch = undefined;
      unmount();
    },
  };
}
