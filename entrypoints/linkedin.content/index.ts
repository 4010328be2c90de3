// LinkedIn: read the page and tell the background, nothing else. By default Dealside makes no
// DOM change on linkedin.com (LinkedIn probes for them); the side panel shows the result.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { LINKEDIN_MATCHES } from '../../utils/sites/hosts';
import { startPageSession } from '../../utils/page/session';
import { LINKEDIN_READER } from '../../utils/sites/linkedinReader';

export default defineContentScript({
  matches: LINKEDIN_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    startPageSession(window, ctx.signal, LINKEDIN_READER);
  },
});
