// What Pipedrive's content script reads: its URLs and pages, no other site's code.
import { parsePipedriveUrl } from './urls';
import { extractPipedrive } from './extract';
import type { PageReader } from '../reader';

export const PIPEDRIVE_READER: PageReader = { detectors: [parsePipedriveUrl], extractors: { pipedrive: extractPipedrive } };
