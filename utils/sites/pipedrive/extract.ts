// Reading a Pipedrive person, organization, deal or lead page. The record name comes from the
// vendor's test attributes or, for people, the document title; the rest from links to Pipedrive's
// own routes and mailto:/tel: links. A lead is read as the person it is about (so the sidebar can
// find them in the CRM), or as its title when no person is linked.
import { textOf, waitFor, type Found } from '../dom';
import { FieldReader, type ExtractContext, type ExtractResult } from '../extractor';
import { PIPEDRIVE_SELECTORS as S, TITLE_SUFFIXES } from './selectors';
import { clipText } from '../clip';

/** How far up from the lead title the lead's own panel may be (not the inbox list beside it). */
const MAX_PANEL_LEVELS = 8;

type Named = { name: string; strategy: string; fallback: boolean; el?: Element };

/** "María José García López - contact details" → "María José García López" */
export function nameFromTitle(title: string, suffixes: readonly string[]): string | undefined {
  const lower = title.toLowerCase();
  const suffix = suffixes.find((s) => lower.endsWith(s));
  return suffix ? clipText(title.slice(0, -suffix.length).trim(), 200) || undefined : undefined;
}

function recordName(c: ExtractContext): Named | undefined {
  const fromPage = (selectors: readonly string[], fallback: boolean): Named | undefined => {
    const hit = firstInRecord(c.doc, selectors);
    const name = textOf(hit?.el, 300);
    return hit && name ? { name, strategy: hit.selector, fallback, el: hit.el } : undefined;
  };
  const fromTitle = (suffixes: readonly string[], fallback: boolean): Named | undefined => {
    const name = nameFromTitle(c.doc.title, suffixes);
    return name ? { name, strategy: 'document.title', fallback } : undefined;
  };
  switch (c.ref.objectType) {
    case 'person': {
      const title = fromTitle(TITLE_SUFFIXES.person, false);
      const heading = fromPage(S.headerTitle, true) ?? fromPage(S.detailHeading, true);
      // A title that already names the next person over the previous one's details: not yet.
      if (title && heading && heading.name !== title.name) return undefined;
      return title ?? heading;
    }
    case 'organization':
      return fromPage(S.headerTitle, false) ?? fromTitle(TITLE_SUFFIXES.organization, true) ?? fromPage(S.detailHeading, true);
    case 'deal':
      return fromPage(S.headerTitle, false) ?? fromPage(S.detailHeading, true);
    case 'lead':
      return fromPage(S.leadTitle, false);
    default:
      return undefined;
  }
}

/** The first element matching one of the selectors that belongs to the record, not the app's chrome. */
function firstInRecord(root: ParentNode, selectors: readonly string[]): Found | undefined {
  for (const selector of selectors) {
    const el = Array.from(root.querySelectorAll(selector)).find((e) => !e.closest(S.notRecord));
    if (el) return { el, selector };
  }
  return undefined;
}

/**
 * The lead's own panel: the nearest ancestor of its title that links to a person or organization,
 * unless it also lists other leads (then it is the inbox, and the lead links to nobody).
 */
function leadPanel(title: Element): Element | undefined {
  let n: Element | null = title;
  for (let i = 0; n && i < MAX_PANEL_LEVELS; i++, n = n.parentElement) {
    if (n.querySelector(S.leadLink)) return undefined;
    if (firstInRecord(n, S.personLink) || firstInRecord(n, S.organizationLink)) return n;
  }
  return undefined;
}

function emailOf(el: Element | undefined): string | undefined {
  const href = el?.getAttribute('href');
  const fromHref = href?.replace(/^mailto:/i, '').split('?')[0]?.trim();
  return clipText(fromHref || textOf(el, 320) || '', 320) || undefined;
}

export async function extractPipedrive(c: ExtractContext): Promise<ExtractResult> {
  const read = new FieldReader(c.doc, `pipedrive.${c.ref.objectType}`);
  // Wait for the record name, and after an in-page navigation for the next record's.
  const fresh = await waitFor(
    c.doc,
    () => {
      const named = recordName(c);
      return named && named.name !== c.previousName ? named : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  const named = fresh ?? recordName(c);
  if (!named) {
    read.miss('name');
    return read.result(null);
  }
  read.note('name', named.strategy, named.fallback);

  /** Reads fields under `root`, recording which selector matched each. */
  const within = (root: ParentNode) => (field: string, selectors: readonly string[], max = 200) => {
    const hit = firstInRecord(root, selectors);
    const value = field === 'email' ? emailOf(hit?.el) : textOf(hit?.el, max);
    if (hit && value) read.note(field, hit.selector, hit.selector !== selectors[0]);
    else read.miss(field);
    return value;
  };
  const page = within(c.doc);

  switch (c.ref.objectType) {
    case 'person':
      return read.result({
        type: 'person',
        fullName: clipText(named.name, 200),
        email: page('email', S.email),
        phone: page('phone', S.phone, 64),
        companyName: page('organization', S.organizationLink),
      });
    case 'organization':
      return read.result({ type: 'company', name: clipText(named.name, 200) });
    case 'deal':
      return read.result({ type: 'deal', name: named.name, companyName: page('organization', S.organizationLink) });
    case 'lead': {
      const panel = named.el && leadPanel(named.el);
      const field = panel ? within(panel) : undefined;
      const person = field?.('person', S.personLink);
      if (!person) return read.result({ type: 'deal', name: named.name });
      return read.result({
        type: 'person',
        fullName: person,
        companyName: field?.('organization', S.organizationLink),
        email: field?.('email', S.email),
        phone: field?.('phone', S.phone, 64),
      });
    }
    default:
      return read.result(null);
  }
}
