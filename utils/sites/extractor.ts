// The shape every site's extractor has, and the helpers they share.
import type { PageRef } from './types';
import type { EntitySnapshot } from './snapshot';
import { firstOf, textOf, type Found } from './dom';

export type ExtractContext = {
  doc: Document;
  url: URL;
  ref: PageRef;
  signal: AbortSignal;
  /** name shown before an in-page navigation: a page still showing it has not re-rendered yet */
  previousName?: string;
  /** how long to wait for late elements */
  timeoutMs: number;
};

export type ExtractResult = {
  entity: EntitySnapshot | null;
  /** "field: selector" that matched, in the site's selector lists */
  matched: string[];
  /** fields that no selector matched */
  missing: string[];
  /** true when a field was read with a less stable strategy than the first one */
  fallback: boolean;
  /** set when the page at this URL shows no record at all (sign-in wall, 404, private) */
  unavailable?: 'sign-in' | 'not-found' | 'private';
};

export type Extractor = (c: ExtractContext) => Promise<ExtractResult>;

/** Collects which selector matched each field, for selector health. */
export class FieldReader {
  readonly matched: string[] = [];
  readonly missing: string[] = [];
  fallback = false;

  constructor(
    private readonly root: ParentNode,
    private readonly prefix: string,
  ) {}

  found(field: string, selectors: readonly string[]): Found | undefined {
    const hit = firstOf(this.root, selectors);
    if (!hit) return undefined;
    this.matched.push(`${this.prefix}.${field}: ${hit.selector}`);
    if (hit.selector !== selectors[0]) this.fallback = true;
    return hit;
  }

  text(field: string, selectors: readonly string[], max = 300): string | undefined {
    const value = textOf(this.found(field, selectors)?.el, max);
    return value;
  }

  note(field: string, strategy: string, isFallback: boolean) {
    this.matched.push(`${this.prefix}.${field}: ${strategy}`);
    if (isFallback) this.fallback = true;
  }

  miss(field: string) {
    this.missing.push(`${this.prefix}.${field}`);
  }

  result(entity: EntitySnapshot | null): ExtractResult {
    return { entity, matched: this.matched, missing: this.missing, fallback: this.fallback };
  }
}
