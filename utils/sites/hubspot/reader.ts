// What HubSpot's content script reads: its URLs and pages, no other site's code.
import { parseHubSpotUrl } from './urls';
import { extractHubspot } from './extract';
import type { PageReader } from '../reader';

export const HUBSPOT_READER: PageReader = { detectors: [parseHubSpotUrl], extractors: { hubspot: extractHubspot } };
