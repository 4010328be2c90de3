// Zoho CRM pages: recognise the record and show the in-page sidebar (utils/page/crmPage.ts). Only
// Zoho CRM's own hosts load this script, and it carries only Zoho CRM's reader.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { ZOHO_MATCHES } from '../../utils/sites/hosts';
import { ZOHO_READER } from '../../utils/sites/zoho/reader';
import { startCrmPage } from '../../utils/page/crmPage';

export default defineContentScript({
  matches: ZOHO_MATCHES,
  runAt: 'document_end',
  main: (ctx) => startCrmPage(ctx, ZOHO_READER),
});
