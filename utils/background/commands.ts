// The keyboard command (manifest `commands`, Alt+Shift+D by default, changeable in the browser's
// shortcuts page): open Dealside for the current tab and move the keyboard to it. On a CRM record
// with the in-page sidebar, the content script unfolds it and focuses its frame; anywhere else
// (LinkedIn, a CRM page without a record) the side panel opens — and everywhere when the rep chose
// to have Dealside in the side panel (Options → Where Dealside shows on CRM pages).
//
// Browsers let an extension open its side panel only while the shortcut's user gesture lasts,
// which ends at the first await: so which way to go is decided synchronously, from the tab's URL
// (visible to us on the supported hosts), and the side panel is opened before anything is awaited.
import { parsePageUrl } from '../sites';
import { isLinkedinUrl, isSupportedUrl } from '../sites/hosts';
import type { CrmPlacement } from '../page/crmPlacement';
import { OPEN_DEALSIDE_COMMAND } from '../messaging/shellProtocol';

export { OPEN_DEALSIDE_COMMAND };

export type CommandTab = { id?: number; url?: string; windowId?: number };

export type CommandApis = {
  /** opens the side panel (Chrome) or sidebar (Firefox) for this tab's window */
  openSidePanel: (tab: CommandTab | undefined) => Promise<void>;
  /** asks the tab's CRM content script to unfold and focus its frame; false when it shows none */
  focusInPageSidebar: (tabId: number) => Promise<boolean>;
};

export type CommandOutcome = 'in-page' | 'side-panel' | 'side-panel-fallback' | 'failed' | 'ignored';

/** Whether the CRM content script shows its in-page sidebar on this URL: a CRM page of one record. */
export function hasInPageSidebar(url: string | undefined): boolean {
  if (!url || !isSupportedUrl(url) || isLinkedinUrl(url)) return false;
  return parsePageUrl(url)?.recordId !== undefined;
}

/**
 * `placement`: the background's copy of the rep's choice (./crmPlacement.ts), read synchronously.
 * Unknown (undefined) only in a worker the command itself woke, before its first storage read
 * answers: then a CRM record page is asked, as beside the page; in side-panel mode its content
 * script answers that it shows no sidebar, and the side panel is tried after that await.
 */
export function createCommandHandler(
  apis: CommandApis,
  warn: (message: string) => void = () => {},
  placement: () => CrmPlacement | undefined = () => undefined,
) {
  const failed = (error: unknown): CommandOutcome => {
    warn(`Dealside: could not open the side panel (${error instanceof Error ? error.message : String(error)})`);
    return 'failed';
  };
  return (command: string, tab?: CommandTab): Promise<CommandOutcome> => {
    if (command !== OPEN_DEALSIDE_COMMAND) return Promise.resolve('ignored');
    if (tab?.id !== undefined && placement() !== 'sidePanel' && hasInPageSidebar(tab.url)) {
      return apis
        .focusInPageSidebar(tab.id)
        .catch(() => false)
        .then((shown) =>
          shown
            ? 'in-page'
            : // No frame after all (the page is still loading, or was opened before Dealside was
              // installed): the side panel, if the browser still counts this as the gesture.
              apis.openSidePanel(tab).then((): CommandOutcome => 'side-panel-fallback', failed),
        );
    }
    // Called before any await: still inside the shortcut's gesture.
    return apis.openSidePanel(tab).then((): CommandOutcome => 'side-panel', failed);
  };
}

const WINDOW_ID_CURRENT = -2;

type SidePanelApi = { open(options: { tabId?: number; windowId?: number }): Promise<void> };
type SidebarActionApi = { open(): Promise<void> };

/** The browser's way to open our panel: Chrome's sidePanel, or Firefox's sidebarAction. */
export function sidePanelOpener(api: unknown): CommandApis['openSidePanel'] {
  const { sidePanel, sidebarAction } = api as { sidePanel?: SidePanelApi; sidebarAction?: SidebarActionApi };
  return (tab) => {
    // Without a tab, the window the user is in (chrome.windows.WINDOW_ID_CURRENT).
    if (sidePanel) return sidePanel.open(tab?.id !== undefined ? { tabId: tab.id } : { windowId: tab?.windowId ?? WINDOW_ID_CURRENT });
    if (sidebarAction) return sidebarAction.open();
    return Promise.reject(new Error('this browser has no side panel'));
  };
}
