// What the CRM content script reads: the five CRMs' URLs and pages (no LinkedIn code).
import { parseDynamicsUrl } from './dynamics/urls';
import { parseHubSpotUrl } from './hubspot/urls';
import { parsePipedriveUrl } from './pipedrive/urls';
import { parseSalesforceUrl } from './salesforce/urls';
import { parseZohoUrl } from './zoho/urls';
import { extractDynamics } from './dynamics/extract';
import { extractHubspot } from './hubspot/extract';
import { extractPipedrive } from './pipedrive/extract';
import { extractSalesforce } from './salesforce/extract';
import { extractZoho } from './zoho/extract';
import type { PageReader } from './reader';

export const CRM_READER: PageReader = {
  detectors: [parseSalesforceUrl, parseHubSpotUrl, parsePipedriveUrl, parseDynamicsUrl, parseZohoUrl],
  extractors: {
    salesforce: extractSalesforce,
    hubspot: extractHubspot,
    pipedrive: extractPipedrive,
    dynamics: extractDynamics,
    zoho: extractZoho,
  },
};
