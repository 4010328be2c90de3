// In the in-page sidebar, Escape (outside a text field, and when nothing in the sidebar used it)
// gives the keyboard back to the CRM page. window.parent.focus() is allowed from our cross-origin
// frame; the content script then puts focus back where it was before the keyboard command
// (utils/page/sidebarFrame.ts). Nothing is posted to the page.
import { useEffect } from 'react';

function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes((el as HTMLInputElement).type);
}

export function ReturnFocusOnEscape() {
  useEffect(() => {
    if (window.parent === window) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
      e.preventDefault();
      window.parent.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
