// parsePageUrl: which record or list a page shows, from its URL alone (DESIGN.md, contract 1).
// Pure and small, because it runs in every content script on every navigation.
import { parseDynamicsUrl } from './dynamics/urls';
import { parseHubSpotUrl } from './hubspot/urls';
import { parseLinkedInUrl } from './linkedin/urls';
import { parsePipedriveUrl } from './pipedrive/urls';
import { parseSalesforceUrl } from './salesforce/urls';
import type { PageRef } from './types';
import { parseZohoUrl } from './zoho/urls';

// Type-only, so that content scripts importing this file do not pull zod in.
export type { PageKind, PageRef, Site } from './types';

// Each detector checks its own hosts first, so at most one of them can match a URL.
const detectors: readonly ((url: URL) => PageRef | null)[] = [
  parseLinkedInUrl,
  parseSalesforceUrl,
  parseHubSpotUrl,
  parsePipedriveUrl,
  parseDynamicsUrl,
  parseZohoUrl,
];

export function parsePageUrl(url: string): PageRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  for (const detect of detectors) {
    const ref = detect(parsed);
    if (ref) return ref;
  }
  return null;
}
