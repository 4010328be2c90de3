// What Dynamics 365's content script reads: its URLs and pages, no other site's code.
import { parseDynamicsUrl } from './urls';
import { extractDynamics } from './extract';
import type { PageReader } from '../reader';

export const DYNAMICS_READER: PageReader = { detectors: [parseDynamicsUrl], extractors: { dynamics: extractDynamics } };
