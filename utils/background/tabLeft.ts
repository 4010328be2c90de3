// A tab that leaves the supported sites no longer shows a record: its record is forgotten and the
// surfaces told. The tabs.onUpdated "loading" event can reach a busy worker late, and the tab can
// meanwhile load a supported page whose content script reports its record: so the tab is looked at
// as it is now, and a record written after the event was seen belongs to that later page and stays.
// (Seen in a loaded test run: a LinkedIn tab that had just opened lost its record this way and its
// side panel stayed empty.)
import type { TabRecord } from './tabState';

export type TabLeftDeps = {
  now: () => number;
  /** the tab as it is now, undefined when it is gone */
  currentTab: (tabId: number) => Promise<{ url?: string; pendingUrl?: string } | undefined>;
  onSupportedSite: (tab: { url?: string; pendingUrl?: string }) => boolean;
  getTabRecord: (tabId: number) => Promise<TabRecord | undefined>;
  clearTabRecord: (tabId: number) => Promise<void>;
  tabChanged: (tabId: number) => void;
};

/** Handles a tab that started loading a page no site supports; true when its record was forgotten. */
export async function forgetTabThatLeft(tabId: number, deps: TabLeftDeps): Promise<boolean> {
  const seenAt = deps.now();
  const current = await deps.currentTab(tabId);
  if (current && deps.onSupportedSite(current)) return false;
  const record = await deps.getTabRecord(tabId);
  if (!record) return false;
  // written after the event was seen: the page the tab went on to load reported it
  if (Date.parse(record.updatedAt) >= seenAt) return false;
  await deps.clearTabRecord(tabId);
  deps.tabChanged(tabId);
  return true;
}

export type NoRecordDeps = Pick<TabLeftDeps, 'now' | 'currentTab' | 'getTabRecord'> & {
  /** the URL of a page on a supported site that no site recognises (no record, no list), else undefined */
  noRecordUrl: (tab: { url?: string; pendingUrl?: string }) => string | undefined;
  /** what page/none does: the tab shows this URL and no record */
  showsNone: (tabId: number, url: string) => Promise<void>;
};

/**
 * Handles a tab that started loading a page of a supported site that no site recognises: the
 * content script of such a page says nothing when it loads (it only reads the URL), so the worker
 * says page/none for it. As above, the tab is looked at as it is now, and a record written after
 * the event was seen stays. True when the tab was marked as showing no record.
 */
export async function noteNoRecordPage(tabId: number, deps: NoRecordDeps): Promise<boolean> {
  const seenAt = deps.now();
  const current = await deps.currentTab(tabId);
  const url = current && deps.noRecordUrl(current);
  if (!url) return false;
  const record = await deps.getTabRecord(tabId);
  if (record && Date.parse(record.updatedAt) >= seenAt) return false;
  await deps.showsNone(tabId, url);
  return true;
}
