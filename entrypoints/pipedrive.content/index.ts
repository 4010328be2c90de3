// Pipedrive pages: recognise the record and show the in-page sidebar (utils/page/crmPage.ts). Only
// Pipedrive's own hosts load this script, and it carries only Pipedrive's reader.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { PIPEDRIVE_MATCHES } from '../../utils/sites/hosts';
import { PIPEDRIVE_READER } from '../../utils/sites/pipedrive/reader';
import { startCrmPage } from '../../utils/page/crmPage';

export default defineContentScript({
  matches: PIPEDRIVE_MATCHES,
  runAt: 'document_end',
  main: (ctx) => startCrmPage(ctx, PIPEDRIVE_READER),
});
