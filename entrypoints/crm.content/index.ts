// Runs on every CRM page load, so it only recognises the record and mounts the sidebar frame;
// everything else happens in the background and in the sidebar's own frame.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { CRM_MATCHES } from '../../utils/sites/hosts';
import { startPageSession } from '../../utils/page/session';
import { CRM_READER } from '../../utils/sites/crmReader';
import { createSidebarFrame } from '../../utils/page/sidebarFrame';
import { shellSchemas, type ShellAnswer } from '../../utils/messaging/shellProtocol';
import { checkBackgroundSender, type SenderInfo } from '../../utils/messaging/backgroundSender';

export default defineContentScript({
  matches: CRM_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    const sidebar = createSidebarFrame(window);
    // The keyboard command, through the background: unfold the sidebar and focus it.
    const onMessage = (message: unknown, sender: SenderInfo): Promise<ShellAnswer> | undefined => {
      if (!shellSchemas().message.safeParse(message).success) return undefined;
      if (!checkBackgroundSender(sender, browser.runtime.id, browser.runtime.getURL('/')).ok) return undefined;
      return Promise.resolve({ shown: sidebar.focus() });
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(onMessage);
      sidebar.remove();
    });
    startPageSession(window, ctx.signal, CRM_READER, {
      onRecognised: (ref, tabId) => {
        if (ref.recordId) sidebar.show(tabId);
        else sidebar.hide();
      },
      onNothing: () => sidebar.hide(),
      listBadges: async () => true,
    });
  },
});
