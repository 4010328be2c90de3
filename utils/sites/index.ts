// parsePageUrl: which record or list a page shows, from its URL alone (DESIGN.md, contract 1).
// Pure and small, because it runs in every content script on every navigation.
import { parseUrlWith } from './reader';
import { CRM_READER } from './crmReader';
import { LINKEDIN_READER } from './linkedinReader';
import type { PageRef } from './types';

// Type-only, so that content scripts importing this file do not pull zod in.
export type { PageKind, PageRef, Site } from './types';

// Each detector checks its own hosts first, so at most one of them can match a URL.
const detectors = [...LINKEDIN_READER.detectors, ...CRM_READER.detectors];

export function parsePageUrl(url: string): PageRef | null {
  return parseUrlWith(detectors, url);
}
