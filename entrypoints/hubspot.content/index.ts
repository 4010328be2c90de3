// HubSpot pages: recognise the record and show the in-page sidebar (utils/page/crmPage.ts). Only
// HubSpot's own hosts load this script, and it carries only HubSpot's reader.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { HUBSPOT_MATCHES } from '../../utils/sites/hosts';
import { HUBSPOT_READER } from '../../utils/sites/hubspot/reader';
import { startCrmPage } from '../../utils/page/crmPage';

export default defineContentScript({
  matches: HUBSPOT_MATCHES,
  runAt: 'document_end',
  main: (ctx) => startCrmPage(ctx, HUBSPOT_READER),
});
