// Reading a Salesforce Lightning record page: Account, Contact, Lead or Opportunity. Every query
// is scoped to the view on screen (Lightning keeps earlier records' views, hidden, in the DOM)
// and also looks inside open shadow roots (Salesforce is moving components from LWC's synthetic
// shadow, which a content script sees as plain DOM, to native shadow DOM).
import { waitFor } from '../dom';
import { FieldReader, type ExtractContext, type ExtractResult } from '../extractor';
import type { SalesforceObject } from './salesforceId';
import {
  SALESFORCE_FIELDS,
  SALESFORCE_SELECTORS as S,
  SALUTATION,
  TITLE_SUFFIX,
  type FieldValueKind,
  type SalesforceField,
} from './selectors';
import { clipText } from '../clip';

const MAX_SHADOW_DEPTH = 6;
const MAX_LABELLED_ITEMS = 300;

/** Queries under a root that also look into open shadow roots; hosts are listed once per scope. */
class DeepScope {
  private children?: DeepScope[];

  constructor(
    readonly root: ParentNode,
    private readonly depth = 0,
  ) {}

  /** The first element matching `selector` that `accept`s, light DOM first, then shadow roots. */
  query(selector: string, accept: (el: Element) => boolean = () => true): Element | undefined {
    for (const el of Array.from(this.root.querySelectorAll(selector))) if (accept(el)) return el;
    for (const child of this.shadowScopes()) {
      const hit = child.query(selector, accept);
      if (hit) return hit;
    }
    return undefined;
  }

  private shadowScopes(): DeepScope[] {
    if (this.depth >= MAX_SHADOW_DEPTH) return [];
    this.children ??= Array.from(this.root.querySelectorAll('*')).flatMap((el) =>
      el.shadowRoot ? [new DeepScope(el.shadowRoot, this.depth + 1)] : [],
    );
    return this.children;
  }
}

/** Not hidden by markup between `el` and `root` (no layout is computed: cheap and deterministic). */
function shownIn(el: Element, root: ParentNode): boolean {
  for (let n: Element | null = el; n && n !== root; n = n.parentElement) {
    if (n.hasAttribute('hidden') || n.classList.contains('slds-hide')) return false;
    if ((n as HTMLElement).style?.display === 'none') return false;
  }
  return true;
}

/**
 * The text a user sees in `node`: rendered shadow content and slotted nodes included, screen-
 * reader hints and hidden nodes left out; whitespace collapsed, length-bounded.
 */
function visibleText(node: Node, max = 300): string | undefined {
  let out = '';
  const visit = (n: Node, depth: number): void => {
    if (out.length > max * 2) return;
    if (n.nodeType === 3) {
      out += n.nodeValue ?? '';
      return;
    }
    if (n.nodeType === 1) {
      const el = n as Element;
      if (el.matches(S.unseen)) return;
      if (el.shadowRoot && depth < MAX_SHADOW_DEPTH) return visit(el.shadowRoot, depth + 1);
      if (el.localName === 'slot') {
        const assigned = (el as HTMLSlotElement).assignedNodes?.() ?? [];
        if (assigned.length) return assigned.forEach((a) => visit(a, depth));
      }
      out += ' ';
    } else if (n.nodeType !== 11) {
      return; // comments, processing instructions
    }
    n.childNodes.forEach((child) => visit(child, depth));
  };
  visit(node, 0);
  const text = out.replace(/\s+/g, ' ').trim().slice(0, max);
  return text || undefined;
}

/** The view on screen; undefined while Lightning swaps one record's view for the next. */
function activeView(doc: Document): ParentNode | undefined {
  for (const selector of S.activeView) {
    for (const el of Array.from(doc.querySelectorAll(selector))) if (shownIn(el, doc)) return el;
  }
  return doc.querySelector(S.anyView) ? undefined : doc;
}

type OnScreen = { scope: DeepScope; name: string; strategy: string; fallback: boolean };

function recordOnScreen(doc: Document, person: boolean): OnScreen | undefined {
  const view = activeView(doc);
  if (!view) return undefined;
  const scope = new DeepScope(view);
  const lists = [
    [S.recordName, false],
    [S.legacyRecordName, true],
  ] as const;
  for (const [selectors, fallback] of lists) {
    for (const selector of selectors) {
      const el = scope.query(selector, (e) => shownIn(e, view));
      const text = el && visibleText(el, 200);
      const name = text && person ? text.replace(SALUTATION, '') : text;
      if (name) return { scope, name, strategy: selector, fallback };
    }
  }
  return undefined;
}

/** "María José García López | Contacto | Salesforce" → "María José García López" */
export function nameFromTitle(title: string): string | undefined {
  if (!title.endsWith(TITLE_SUFFIX)) return undefined;
  const parts = title.slice(0, -TITLE_SUFFIX.length).split(' | ');
  if (parts.length < 2) return undefined; // "Home | Salesforce"
  return clipText(parts.slice(0, -1).join(' | ').trim(), 200) || undefined;
}

function domainOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(/^[a-z][\w+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    return url.hostname.toLowerCase().replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

function emailOf(href: string): string | undefined {
  const raw = href.replace(/^mailto:/i, '').split('?')[0] ?? '';
  try {
    return clipText(decodeURIComponent(raw).trim(), 320) || undefined;
  } catch {
    return clipText(raw.trim(), 320) || undefined;
  }
}

function valueOf(container: Element, as: FieldValueKind): string | undefined {
  const inside = new DeepScope(container);
  if (as === 'email') {
    const href = inside.query(S.emailLink)?.getAttribute('href');
    return (href && emailOf(href)) || visibleText(container, 320);
  }
  if (as === 'url') {
    const text = visibleText(container, 500);
    return domainOf(inside.query(S.link)?.getAttribute('href') ?? text);
  }
  if (as === 'lookup') {
    const link = inside.query(S.lookupLink);
    return (link && visibleText(link, 200)) || visibleText(container, 200);
  }
  return visibleText(container);
}

const normLabel = (label: string) => label.replace(/[*:]/g, '').trim().toLowerCase();

type FieldHit = { value: string; strategy: string; fallback: boolean };

/**
 * A layout item's value: by API name or field label (both the current layout's own hooks), else
 * by visible label in older layouts and the highlights panel (a fallback).
 */
function readField(scope: DeepScope, field: SalesforceField): FieldHit | undefined {
  const shown = (el: Element) => shownIn(el, scope.root);
  for (const selector of field.selectors) {
    const item = scope.query(selector, shown);
    if (!item) continue;
    const value = valueOf(new DeepScope(item).query(S.outputField) ?? item, field.as);
    if (value) return { value, strategy: selector, fallback: false };
  }
  const wanted = new Set(field.labels.map(normLabel));
  let hit: FieldHit | undefined;
  let seen = 0;
  scope.query(S.labelledItems, (item) => {
    if (++seen > MAX_LABELLED_ITEMS) return true;
    const inside = new DeepScope(item);
    const labelEl = S.itemLabel.map((s) => inside.query(s)).find(Boolean);
    const label = labelEl && visibleText(labelEl, 100);
    if (!label || !wanted.has(normLabel(label)) || !shown(item)) return false;
    const valueEl = S.itemValue.map((s) => inside.query(s)).find(Boolean);
    const value = valueEl && valueOf(valueEl, field.as);
    if (value) hit = { value, strategy: `${S.labelledItems} "${label}"`, fallback: true };
    return value !== undefined;
  });
  return hit;
}

export async function extractSalesforce(c: ExtractContext): Promise<ExtractResult> {
  const object = c.ref.objectType as SalesforceObject;
  const read = new FieldReader(c.doc, `salesforce.${object}`);
  const person = object === 'Contact' || object === 'Lead';
  // Wait for the active view to show a record, and after an in-page navigation a new one.
  const fresh = await waitFor(
    c.doc,
    () => {
      const record = recordOnScreen(c.doc, person);
      return record && record.name !== c.previousName ? record : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  const record = fresh ?? recordOnScreen(c.doc, person);
  let name = record?.name;
  if (record) read.note('name', record.strategy, record.fallback);
  else {
    name = nameFromTitle(c.doc.title);
    if (name) read.note('name', 'document.title', true);
  }
  if (!name) {
    read.miss('name');
    return read.result(null);
  }
  const scope = record?.scope ?? new DeepScope(activeView(c.doc) ?? c.doc);
  const value = (key: string, field: SalesforceField, max = 200) => {
    const hit = readField(scope, field);
    if (hit) read.note(key, hit.strategy, hit.fallback);
    else read.miss(key);
    return hit?.value.slice(0, max);
  };

  switch (object) {
    case 'Contact':
    case 'Lead': {
      const f = SALESFORCE_FIELDS[object];
      const phone = readField(scope, f.phone) ?? readField(scope, f.mobile);
      if (phone) read.note('phone', phone.strategy, phone.fallback);
      else read.miss('phone');
      return read.result({
        type: 'person',
        fullName: name,
        title: value('title', f.title, 300),
        companyName: value('company', f.company),
        email: value('email', f.email, 320),
        phone: phone?.value.slice(0, 64),
        location: value('location', f.location),
      });
    }
    case 'Account': {
      const f = SALESFORCE_FIELDS.Account;
      return read.result({
        type: 'company',
        name,
        domain: value('website', f.website),
        industry: value('industry', f.industry),
        size: value('employees', f.employees, 100),
      });
    }
    case 'Opportunity': {
      const f = SALESFORCE_FIELDS.Opportunity;
      return read.result({
        type: 'deal',
        name,
        amount: value('amount', f.amount, 64),
        stage: value('stage', f.stage, 100),
        companyName: value('company', f.company),
      });
    }
    default:
      return read.result(null);
  }
}
