// What Salesforce's content script reads: its URLs and pages, no other site's code.
import { parseSalesforceUrl } from './urls';
import { extractSalesforce } from './extract';
import type { PageReader } from '../reader';

export const SALESFORCE_READER: PageReader = { detectors: [parseSalesforceUrl], extractors: { salesforce: extractSalesforce } };
