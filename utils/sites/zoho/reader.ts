// What Zoho CRM's content script reads: its URLs and pages, no other site's code.
import { parseZohoUrl } from './urls';
import { extractZoho } from './extract';
import type { PageReader } from '../reader';

export const ZOHO_READER: PageReader = { detectors: [parseZohoUrl], extractors: { zoho: extractZoho } };
