// Clickjacking: a page can make the in-page sidebar transparent (or cover it with something that
// lets clicks through) and trick the user into clicking it. The sidebar acts only while the browser
// says it is visible as drawn — IntersectionObserver v2 (`trackVisibility`): not clipped, not
// transformed, not faded by any ancestor (in the page too), not covered. Elsewhere (the side panel,
// options, a browser without v2) there is no page around it, or nothing better to check with.
import { useEffect, useState } from 'react';

type V2Entry = IntersectionObserverEntry & { isVisible?: boolean };

/**
 * `true` visible as drawn, `false` faded, covered or clipped, `undefined` not known yet (the first
 * observation comes after `delay`): clicks are refused unless `true`, the notice shows only on `false`.
 */
export function useVisibleAsDrawn(): boolean | undefined {
  const embedded = typeof window !== 'undefined' && window.parent !== window;
  // Without IntersectionObserver v2 there is nothing better to check with: visible.
  const supported = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
  const [visible, setVisible] = useState<boolean | undefined>(embedded && supported ? undefined : true);
  useEffect(() => {
    if (!embedded || !supported) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1] as V2Entry | undefined;
        if (last) setVisible(last.isIntersecting && last.isVisible === true);
      },
      { threshold: [0, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
    observer.observe(document.documentElement);
    return () => observer.disconnect();
  }, [embedded, supported]);
  // Inside our own frame (the page cannot read it): tells tests the browser has answered.
  useEffect(() => {
    if (embedded && visible !== undefined) document.documentElement.dataset.visibleAsDrawn = String(visible);
  }, [embedded, visible]);
  return visible;
}

/**
 * Stops every click, pointer and key activation inside the sidebar while it is not visible as drawn:
 * registered on the window in the capture phase, so nothing of React's sees them.
 */
export function useRefuseWhileHidden(visible: boolean | undefined): void {
  useEffect(() => {
    if (visible === true) return;
    const stop = (e: Event) => {
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    const types = ['click', 'pointerdown', 'pointerup', 'mousedown', 'mouseup', 'auxclick', 'dblclick', 'change', 'submit'] as const;
    for (const type of types) window.addEventListener(type, stop, true);
    return () => {
      for (const type of types) window.removeEventListener(type, stop, true);
    };
  }, [visible]);
}
