// A CRM page's content script (one per CRM, entrypoints/<site>.content): recognise the record
// and show the in-page sidebar for it; take the keyboard command from our background.
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startPageSession } from './session';
import { createSidebarFrame } from './sidebarFrame';
import type { PageReader } from '../sites/reader';
import type { ShellAnswer } from '../messaging/shellProtocol';
import { isShellFocusMessage } from '../messaging/pageAnswerGuards';
import { checkBackgroundSender, type SenderInfo } from '../messaging/backgroundSender';

export function startCrmPage(ctx: ContentScriptContext, reader: PageReader): void {
  const sidebar = createSidebarFrame(window);
  // The keyboard command, through the background: unfold the sidebar and focus it.
  const onMessage = (message: unknown, sender: SenderInfo): Promise<ShellAnswer> | undefined => {
    if (!isShellFocusMessage(message)) return undefined;
    if (!checkBackgroundSender(sender, browser.runtime.id, browser.runtime.getURL('/')).ok) return undefined;
    return Promise.resolve({ shown: sidebar.focus() });
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    sidebar.remove();
  });
  startPageSession(window, ctx.signal, reader, {
    onRecognised: (ref, tabId) => {
      if (ref.recordId) sidebar.show(tabId);
      else sidebar.hide();
    },
    onNothing: () => sidebar.hide(),
    listBadges: async () => true,
  });
}
