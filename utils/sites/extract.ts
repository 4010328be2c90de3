// takeSnapshot: run the site's extractor for a recognised page and report selector health.
import type { PageRef, Site } from './types';
import type { PageSnapshot } from './snapshot';
import type { ExtractContext, Extractor } from './extractor';
import { extractHubspot } from './hubspot/extract';
import { extractLinkedin } from './linkedin/extract';

const EXTRACTORS: Partial<Record<Site, Extractor>> = {
  hubspot: extractHubspot,
  linkedin: extractLinkedin,
};

export async function takeSnapshot(
  doc: Document,
  url: string,
  ref: PageRef,
  opts: { signal: AbortSignal; previousName?: string; timeoutMs?: number; now: () => number },
): Promise<PageSnapshot> {
  const extractor = EXTRACTORS[ref.site];
  const base = { url, ref, takenAt: opts.now() };
  if (!extractor || ref.kind === 'list') {
    return { ...base, entity: null, health: { status: extractor ? 'ok' : 'failed', matched: [], missing: extractor ? [] : [`${ref.site}: no extractor yet`] } };
  }
  const context: ExtractContext = {
    doc,
    url: new URL(url),
    ref,
    signal: opts.signal,
    previousName: opts.previousName,
    timeoutMs: opts.timeoutMs ?? 5000,
  };
  const result = await extractor(context);
  return {
    ...base,
    entity: result.entity,
    ...(result.unavailable ? { unavailable: result.unavailable } : {}),
    health: {
      status: !result.entity ? 'failed' : result.fallback ? 'fallback' : 'ok',
      matched: result.matched.slice(0, 50),
      missing: result.missing.slice(0, 50),
    },
  };
}
