// Where Dealside shows on CRM pages — the rep's choice in Options: beside the page (the in-page
// sidebar, the default) or in the browser's side panel (Chrome's sidePanel, Firefox's sidebar),
// which leaves the CRM page untouched: the content script still recognises the record and tells
// the background (the side panel and the popup need it) but inserts nothing into the page.
//
// Kept in storage.local under one key for every CRM site (no value = beside the page). Read by the
// CRM content script together with the sidebar's layout and language, in the one storage read it
// makes before the sidebar would go in (./sidebarFrame.ts); by the background, which keeps a copy
// for the keyboard command and sets what the toolbar button opens (utils/background/crmPlacement.ts);
// and by Options. Every reader follows storage.onChanged, so a switch shows at once in open tabs.
import { browser } from 'wxt/browser';

export const CRM_PLACEMENT_KEY = 'crmPlacement';

/** `page`: the sidebar beside the CRM page; `sidePanel`: only in the browser's side panel. */
export type CrmPlacement = 'page' | 'sidePanel';

export const CRM_PLACEMENTS: readonly CrmPlacement[] = ['page', 'sidePanel'];

/**
 * A stored value as a placement: anything else (nothing stored, an old or tampered value) is the
 * default, beside the page. The same as `z.catch(z.enum(CRM_PLACEMENTS), 'page')`, written by hand
 * so the content script carries no schema library (issue #15.1); crmPlacement.test.ts proves the
 * two agree on any value.
 */
export function parseCrmPlacement(raw: unknown): CrmPlacement {
  return raw === 'sidePanel' ? 'sidePanel' : 'page';
}

export async function readCrmPlacement(): Promise<CrmPlacement> {
  const stored = await browser.storage.local.get(CRM_PLACEMENT_KEY).catch(() => ({}) as Record<string, unknown>);
  return parseCrmPlacement(stored[CRM_PLACEMENT_KEY]);
}

/** Stores the choice; the default is stored as no value, like the language's "the browser's". */
export async function saveCrmPlacement(placement: CrmPlacement): Promise<void> {
  if (placement === 'page') await browser.storage.local.remove(CRM_PLACEMENT_KEY);
  else await browser.storage.local.set({ [CRM_PLACEMENT_KEY]: placement });
}

/** Calls `onChange` whenever the stored placement changes (in any tab or page). Returns the unsubscribe. */
export function watchCrmPlacement(onChange: (placement: CrmPlacement) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && CRM_PLACEMENT_KEY in changes) onChange(parseCrmPlacement(changes[CRM_PLACEMENT_KEY]!.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
