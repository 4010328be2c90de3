// React's `autoFocus` focuses an element when it is mounted; Preact (the UI's runtime) only sets
// the `autofocus` attribute, which a browser honours while loading the document, not for an element
// added later. Use this instead, as the element's `ref`: it gets the focus each time it appears (a
// form opened by a click), never on a re-render. ESLint refuses the `autoFocus` prop
// (eslint.config.js).
import { useCallback } from 'react';

export function useFocusOnMount<T extends HTMLElement>(enabled = true): (el: T | null) => void {
  return useCallback((el: T | null) => {
    if (el && enabled) el.focus();
  }, [enabled]);
}
