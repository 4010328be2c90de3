// A CRM page's content script (one per CRM, entrypoints/<site>.content): recognise the record
// and show the in-page sidebar for it; take the keyboard command from our background. With
// Dealside placed in the browser's side panel (Options) the record is still recognised and
// reported — the side panel and the popup show it — but the sidebar frame puts nothing in the page.
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startPageSession } from './session';
import { createSidebarFrame, type SidebarFrame } from './sidebarFrame';
import type { PageReader } from '../sites/reader';
import type { ShellAnswer } from '../messaging/shellProtocol';
import { isShellFocusMessage } from '../messaging/pageAnswerGuards';
import { checkBackgroundSender, type SenderInfo } from '../messaging/backgroundSender';

export function startCrmPage(ctx: ContentScriptContext, reader: PageReader): void {
  // Made (and its code compiled) with the first record shown; the keyboard command, through the
  // background, is listened for from then on: the script's start touches no extension API, and the
  // background opens the side panel when a page has no sidebar to focus.
  let sidebar: SidebarFrame | undefined;
  const onMessage = (message: unknown, sender: SenderInfo): Promise<ShellAnswer> | undefined => {
    if (!isShellFocusMessage(message)) return undefined;
    if (!checkBackgroundSender(sender, browser.runtime.id, browser.runtime.getURL('/')).ok) return undefined;
    // unfold the sidebar and focus it
    return Promise.resolve({ shown: sidebar?.focus() ?? false });
  };
  ctx.onInvalidated(() => {
    if (!sidebar) return;
    browser.runtime.onMessage.removeListener(onMessage);
    sidebar.remove();
  });
  startPageSession(window, ctx.signal, reader, {
    onRecognised: (ref, tabId) => {
      if (!ref.recordId) return sidebar?.hide();
      if (ctx.signal.aborted) return;
      if (!sidebar) {
        sidebar = createSidebarFrame(window);
        browser.runtime.onMessage.addListener(onMessage);
      }
      sidebar.show(tabId);
    },
    onNothing: () => sidebar?.hide(),
    listBadges: async () => true,
  });
}
