// A page reader: the URL detectors and extractors one content script carries. The CRM script
// and the LinkedIn script each bundle only their own sites' code (parsePageUrl in ./index.ts and
// takeSnapshot in ./extract.ts cover every site, for the background, tests and tools).
import type { PageRef, Site } from './types';
import type { PageSnapshot } from './snapshot';
import type { ExtractContext, Extractor } from './extractor';

export type UrlDetector = (url: URL) => PageRef | null;

export type PageReader = {
  detectors: readonly UrlDetector[];
  extractors: Partial<Record<Site, Extractor>>;
};

export function parseUrlWith(detectors: readonly UrlDetector[], url: string): PageRef | null {
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

export type SnapshotOptions = { signal: AbortSignal; previousName?: string; timeoutMs?: number; now: () => number };

export async function snapshotWith(
  extractors: Partial<Record<Site, Extractor>>,
  doc: Document,
  url: string,
  ref: PageRef,
  opts: SnapshotOptions,
): Promise<PageSnapshot> {
  const extractor = extractors[ref.site];
  const base = { url, ref, takenAt: opts.now() };
  if (!extractor || ref.kind === 'list') {
    return {
      ...base,
      entity: null,
      health: { status: extractor ? 'ok' : 'failed', matched: [], missing: extractor ? [] : [`${ref.site}: no extractor`] },
    };
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
