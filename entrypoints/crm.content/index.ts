// Runs on every CRM page load, so it only recognises the record and mounts the sidebar frame;
// everything else happens in the background and in the sidebar's own frame.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CRM_MATCHES } from '../../utils/sites/hosts';
import { startPageSession } from '../../utils/page/session';
import { CRM_READER } from '../../utils/sites/crmReader';
import { createSidebarFrame } from '../../utils/page/sidebarFrame';

export default defineContentScript({
  matches: CRM_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    const sidebar = createSidebarFrame(window);
    ctx.onInvalidated(() => sidebar.remove());
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
