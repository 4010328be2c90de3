// Noticing in-page navigation (history.pushState / replaceState / back-forward) without polling.
// The Navigation API reports every same-document navigation, including ones the page's own
// scripts make in the main world; where it is missing (only there), popstate, hashchange and the
// document title (which single-page CRMs update on every record change) are observed instead.

type NavigationLike = EventTarget;

export function watchUrlChanges(
  win: Window,
  onChange: (url: string) => void,
  signal: AbortSignal,
): void {
  let last = win.location.href;
  const check = () => {
    const now = win.location.href;
    if (now === last) return;
    last = now;
    onChange(now);
  };
  const navigation = (win as unknown as { navigation?: NavigationLike }).navigation;
  if (navigation && typeof navigation.addEventListener === 'function') {
    // Every same-document navigation, and nothing else: no observer runs on the page's own
    // changes to its <head> (single-page CRMs add styles and scripts there all the time).
    navigation.addEventListener('currententrychange', check, { signal });
    return;
  }
  win.addEventListener('popstate', check, { signal });
  win.addEventListener('hashchange', check, { signal });
  const head = win.document.head ?? win.document.documentElement;
  const observer = new MutationObserver(check);
  observer.observe(head, { childList: true, subtree: true, characterData: true });
  signal.addEventListener('abort', () => observer.disconnect());
}
