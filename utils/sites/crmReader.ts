// The five CRMs' readers together, for parsePageUrl and takeSnapshot (the background, tests and
// tools). Each CRM's content script carries only its own (<site>/reader.ts).
import { SALESFORCE_READER } from './salesforce/reader';
import { HUBSPOT_READER } from './hubspot/reader';
import { PIPEDRIVE_READER } from './pipedrive/reader';
import { DYNAMICS_READER } from './dynamics/reader';
import { ZOHO_READER } from './zoho/reader';
import type { PageReader } from './reader';

const READERS = [SALESFORCE_READER, HUBSPOT_READER, PIPEDRIVE_READER, DYNAMICS_READER, ZOHO_READER];

export const CRM_READER: PageReader = {
  detectors: READERS.flatMap((r) => r.detectors),
  extractors: Object.assign({}, ...READERS.map((r) => r.extractors)),
};
