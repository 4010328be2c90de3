// Dynamics 365 pages: recognise the record and show the in-page sidebar (utils/page/crmPage.ts). Only
// Dynamics 365's own hosts load this script, and it carries only Dynamics 365's reader.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { DYNAMICS_MATCHES } from '../../utils/sites/hosts';
import { DYNAMICS_READER } from '../../utils/sites/dynamics/reader';
import { startCrmPage } from '../../utils/page/crmPage';

export default defineContentScript({
  matches: DYNAMICS_MATCHES,
  runAt: 'document_end',
  main: (ctx) => startCrmPage(ctx, DYNAMICS_READER),
});
