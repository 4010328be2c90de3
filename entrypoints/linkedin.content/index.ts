// LinkedIn: read the page and tell the background. By default Dealside makes no DOM change on
// linkedin.com (LinkedIn probes for them); the side panel shows the result. Badges on search
// results are drawn only when the user opted in (Options → LinkedIn).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { LINKEDIN_MATCHES } from '../../utils/sites/hosts';
import { startPageSession } from '../../utils/page/session';
import { LINKEDIN_READER } from '../../utils/sites/linkedinReader';
import { LINKEDIN_BADGES_KEY } from '../../utils/page/preferences';

export default defineContentScript({
  matches: LINKEDIN_MATCHES,
  runAt: 'document_end',
  main(ctx) {
    startPageSession(window, ctx.signal, LINKEDIN_READER, {
      listBadges: async () => (await browser.storage.local.get(LINKEDIN_BADGES_KEY))[LINKEDIN_BADGES_KEY] === true,
    });
  },
});
