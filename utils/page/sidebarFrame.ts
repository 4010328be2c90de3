// The in-page sidebar on CRM pages: an iframe of the extension's sidebar page inside a closed
// shadow root. The sidebar's React and CSS run in the extension's own frame, so this stays tiny
// and the host page can neither style nor read it.
import { browser } from 'wxt/browser';

const WIDTH = 360;
const HANDLE = 28;
const COLLAPSED_KEY = 'sidebarCollapsed';
/** The toggle's name for screen readers, in the browser's language (the UI's two languages). */
const TOGGLE_LABEL = {
  en: { open: 'Open Dealside', collapse: 'Collapse Dealside' },
  es: { open: 'Abrir Dealside', collapse: 'Plegar Dealside' },
} as const;
/** Keyboard focus on the toggle: the UI's ring (assets/tailwind.css), white inside teal. */
const TOGGLE_FOCUS_CSS = 'button:focus-visible{outline:2px solid #0f766e;outline-offset:2px;box-shadow:0 0 0 2px #fff;}';

export type SidebarFrame = { show(tabId: number): void; hide(): void; remove(): void };

export function createSidebarFrame(doc: Document): SidebarFrame {
  let host: HTMLElement | undefined;
  let frame: HTMLIFrameElement | undefined;
  let panel: HTMLElement | undefined;
  let collapsed = false;
  const labels = TOGGLE_LABEL[(doc.defaultView?.navigator.language ?? 'en').toLowerCase().startsWith('es') ? 'es' : 'en'];

  const applyCollapsed = () => {
    if (!panel) return;
    panel.style.transform = collapsed ? `translateX(${WIDTH}px)` : 'none';
    panel.querySelector('button')!.textContent = collapsed ? '‹' : '›';
    panel.querySelector('button')!.setAttribute('aria-label', collapsed ? labels.open : labels.collapse);
  };

  const mount = (tabId: number) => {
    host = doc.createElement('dealside-sidebar');
    host.setAttribute('data-dealside-host', 'sidebar');
    const root = host.attachShadow({ mode: 'closed' });
    panel = doc.createElement('div');
    panel.setAttribute(
      'style',
      `position:fixed;top:0;right:0;height:100vh;width:${WIDTH}px;z-index:2147483646;` +
        'box-shadow:-2px 0 8px rgba(0,0,0,.15);background:#fff;transition:transform .15s ease-out;',
    );
    const toggle = doc.createElement('button');
    toggle.setAttribute(
      'style',
      `position:absolute;top:96px;left:-${HANDLE}px;width:${HANDLE}px;height:56px;border:0;` +
        'border-radius:6px 0 0 6px;background:#0f766e;color:#fff;font:600 18px/1 system-ui,sans-serif;cursor:pointer;',
    );
    toggle.addEventListener('click', () => {
      collapsed = !collapsed;
      applyCollapsed();
      void browser.storage.local.set({ [COLLAPSED_KEY]: collapsed });
    });
    const style = doc.createElement('style');
    style.textContent = TOGGLE_FOCUS_CSS;
    frame = doc.createElement('iframe');
    frame.title = 'Dealside';
    frame.setAttribute('style', 'border:0;width:100%;height:100%;display:block;');
    frame.src = browser.runtime.getURL(`/sidebar.html?tab=${tabId}` as '/sidebar.html');
    panel.append(toggle, frame);
    root.append(style, panel);
    doc.documentElement.append(host);
    void browser.storage.local.get(COLLAPSED_KEY).then((v) => {
      collapsed = v[COLLAPSED_KEY] === true;
      applyCollapsed();
    });
    applyCollapsed();
  };

  return {
    show(tabId) {
      if (!host) mount(tabId);
      else host.style.display = '';
    },
    hide() {
      if (host) host.style.display = 'none';
    },
    remove() {
      host?.remove();
      host = frame = panel = undefined;
    },
  };
}
