// Salesforce pages: recognise the record and show the in-page sidebar (utils/page/crmPage.ts). Only
// Salesforce's own hosts load this script, and it carries only Salesforce's reader.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { SALESFORCE_MATCHES } from '../../utils/sites/hosts';
import { SALESFORCE_READER } from '../../utils/sites/salesforce/reader';
import { startCrmPage } from '../../utils/page/crmPage';

export default defineContentScript({
  matches: SALESFORCE_MATCHES,
  runAt: 'document_end',
  main: (ctx) => startCrmPage(ctx, SALESFORCE_READER),
});
