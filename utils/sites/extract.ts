// takeSnapshot over every supported site (for tests, benchmarks and tools). Content scripts use
// their own reader (./crmReader.ts, ./linkedinReader.ts) so each bundles only its sites.
import type { PageRef } from './types';
import type { PageSnapshot } from './snapshot';
import { snapshotWith, type SnapshotOptions } from './reader';
import { CRM_READER } from './crmReader';
import { LINKEDIN_READER } from './linkedinReader';

const ALL_EXTRACTORS = { ...CRM_READER.extractors, ...LINKEDIN_READER.extractors };

export function takeSnapshot(doc: Document, url: string, ref: PageRef, opts: SnapshotOptions): Promise<PageSnapshot> {
  return snapshotWith(ALL_EXTRACTORS, doc, url, ref, opts);
}
