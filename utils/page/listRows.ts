// Rows of a list page, found through the one contract every site already has: the record URL.
// Any link in the page's content whose URL parsePageUrl recognises as a contact, lead or account
// is a row (CRM list views, LinkedIn search results) — no per-site list selectors to break.
import { parseUrlWith, type UrlDetector } from '../sites/reader';
import type { ListRow } from '../messaging/pageProtocol';
import { clipText } from '../sites/clip';

const PEOPLE_AND_COMPANIES: ReadonlySet<string> = new Set(['contact', 'lead', 'account']);
/** Page chrome that links to records but is not the list (the viewer's own profile in the nav…). */
const CHROME = 'nav, header, footer, [role="navigation"], [role="banner"], dealside-badge, dealside-sidebar';
const MAX_ANCHORS = 3000;

export type CollectedRows = { rows: ListRow[]; anchors: Map<string, HTMLAnchorElement> };

export function rowKey(row: Pick<ListRow, 'ref'>): string {
  return `${row.ref.site}:${row.ref.objectType}:${row.ref.recordId}`;
}

export function collectListRows(doc: Document, detectors: readonly UrlDetector[], maxRows: number): CollectedRows {
  const anchors = new Map<string, HTMLAnchorElement>();
  const rows: ListRow[] = [];
  const all = doc.querySelectorAll<HTMLAnchorElement>('a[href]');
  for (let i = 0; i < all.length && i < MAX_ANCHORS && rows.length < maxRows; i++) {
    const a = all[i]!;
    if (a.closest(CHROME)) continue;
    const ref = parseUrlWith(detectors, a.href);
    if (!ref?.recordId || !PEOPLE_AND_COMPANIES.has(ref.kind)) continue;
    const name = clipText((a.textContent ?? '').replace(/\s+/g, ' ').trim(), 200);
    const key = rowKey({ ref });
    const known = anchors.get(key);
    // One badge per record: the first link that shows its name (not the avatar link).
    if (known && (known.textContent ?? '').trim()) continue;
    if (!known) rows.push({ key, ref, ...(name ? { name } : {}) });
    if (!known || name) anchors.set(key, a);
  }
  return { rows, anchors };
}
