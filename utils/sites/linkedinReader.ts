// What the LinkedIn content script reads: LinkedIn URLs and pages only.
import { parseLinkedInUrl } from './linkedin/urls';
import { extractLinkedin } from './linkedin/extract';
import type { PageReader } from './reader';

export const LINKEDIN_READER: PageReader = {
  detectors: [parseLinkedInUrl],
  extractors: { linkedin: extractLinkedin },
};
