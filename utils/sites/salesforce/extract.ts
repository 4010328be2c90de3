// Reading a Salesforce record page: Account, Contact, Lead or Opportunity, in Lightning (the
// standard app and the console) or Classic. Every Lightning query is scoped to the view the user
// sees — Lightning keeps earlier records' views in the DOM, and the console one view per tab, all
// marked active, hidden by CSS alone — and, among the views shown, to the one showing the URL's
// record; queries also look inside open shadow roots (Salesforce is moving components from LWC's
// synthetic shadow, which a content script sees as plain DOM, to native shadow DOM). Showing
// another record's data is worse than showing nothing: a view that names another record is never
// read.
import { isShown, waitFor } from '../dom';
import { FieldReader, type ExtractContext, type ExtractResult } from '../extractor';
import { toSalesforceId18, type SalesforceObject } from './salesforceId';
import {
  SALESFORCE_CLASSIC as C,
  SALESFORCE_CLASSIC_FIELDS,
  SALESFORCE_FIELDS,
  SALESFORCE_SELECTORS as S,
  SALUTATION,
  TITLE_SUFFIX,
  type ClassicField,
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

type Layout = 'lightning' | 'classic';
type OnScreen = { scope: DeepScope; name: string; strategy: string; fallback: boolean; layout: Layout };
/** How sure it is that a view shows the URL's record: its own id, the title's name, nothing known. */
type Sameness = 'id' | 'title' | 'unknown';
type Pick = OnScreen & { sameness: Sameness };

/**
 * The Lightning views the browser shows (`active` and rendered), or `[doc]` on a page with no
 * Lightning view containers at all (Classic, older layouts). Empty while Lightning swaps views.
 */
function shownViews(doc: Document): ParentNode[] {
  const seen = new Set<Element>();
  for (const selector of S.activeView) {
    for (const el of Array.from(doc.querySelectorAll(selector))) if (!seen.has(el) && isShown(el)) seen.add(el);
  }
  if (seen.size) return [...seen];
  return doc.querySelector(S.anyView) ? [] : [doc];
}

const RELATED_ID = /\/lightning\/r\/(?:[A-Za-z0-9_]+\/)?([A-Za-z0-9]{15,18})\/related\//;

/** Which record a view shows, told by its own related lists' links: this one, another, or unknown. */
function idInView(view: ParentNode, recordId: string | undefined): 'same' | 'other' | 'unknown' {
  if (!recordId) return 'unknown';
  let other = false;
  const found = new DeepScope(view).query(S.ownRelatedLink, (a) => {
    const id = RELATED_ID.exec(a.getAttribute('href') ?? '')?.[1];
    if (!id) return false;
    if (toSalesforceId18(id) === recordId) return true;
    other = true;
    return false;
  });
  return found ? 'same' : other ? 'other' : 'unknown';
}

function recordIn(view: ParentNode, person: boolean): OnScreen | undefined {
  const scope = new DeepScope(view);
  const lists = [
    [S.recordName, false, 'lightning'],
    [S.legacyRecordName, true, 'lightning'],
    [C.recordName, false, 'classic'],
  ] as const;
  for (const [selectors, fallback, layout] of lists) {
    for (const selector of selectors) {
      const el = scope.query(selector, isShown);
      const text = el && visibleText(el, 200);
      const name = text && person ? text.replace(SALUTATION, '') : text;
      if (name) return { scope, name, strategy: selector, fallback, layout };
    }
  }
  return undefined;
}

/**
 * The record the user sees: among the views shown, the one whose related lists carry the URL's
 * id, else the one the document title names, else the first. A view that names another record
 * by id is never taken. Undefined while no shown view shows a record.
 */
function recordOnScreen(doc: Document, person: boolean, recordId: string | undefined): Pick | undefined {
  const titled = titleName(doc.title);
  let best: Pick | undefined;
  const rank = { id: 3, title: 2, unknown: 1 } as const;
  for (const view of shownViews(doc)) {
    const same = idInView(view, recordId);
    if (same === 'other') continue;
    const record = recordIn(view, person);
    if (!record) continue;
    const sameness: Sameness = same === 'same' ? 'id' : titled !== undefined && record.name === titled ? 'title' : 'unknown';
    if (!best || rank[sameness] > rank[best.sameness]) best = { ...record, sameness };
  }
  return best;
}

/** The view that is surely the record's when none shows a name: its id, or the only one shown. */
function viewWithoutName(doc: Document, recordId: string | undefined): ParentNode | undefined {
  const views = shownViews(doc).map((view) => ({ view, same: idInView(view, recordId) }));
  const byId = views.find((v) => v.same === 'same');
  if (byId) return byId.view;
  return views.length === 1 && views[0]!.same === 'unknown' ? views[0]!.view : undefined;
}

/** The record name the title starts with, in either form (Lightning or Classic). */
function titleName(title: string): string | undefined {
  return nameFromTitle(title) ?? nameFromClassicTitle(title) ?? (title.endsWith(TITLE_SUFFIX) ? title.split(' | ')[0]?.trim() || undefined : undefined);
}

/** "María José García López | Contacto | Salesforce" → "María José García López" */
export function nameFromTitle(title: string): string | undefined {
  if (!title.endsWith(TITLE_SUFFIX)) return undefined;
  const parts = title.slice(0, -TITLE_SUFFIX.length).split(' | ');
  if (parts.length < 2) return undefined; // "Home | Salesforce"
  return clipText(parts.slice(0, -1).join(' | ').trim(), 200) || undefined;
}

/** "Contacto: María José García López ~ Salesforce - Enterprise Edition" → "María José García López" */
export function nameFromClassicTitle(title: string): string | undefined {
  return clipText(C.title.exec(title.trim())?.[1]?.trim() ?? '', 200) || undefined;
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
  const shown = isShown;
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

/** Reads fields from the view on screen (Lightning) or the detail table (Classic). */
type FieldSource = (field: SalesforceField, classicField: ClassicField) => FieldHit | undefined;

/**
 * A Classic field: its inline-edit value by id (`con15_ileinner`), else the value cell beside a
 * label cell with one of its labels (a fallback: labels follow the user's language).
 */
function readClassicField(doc: Document, field: ClassicField): FieldHit | undefined {
  const byId = doc.getElementById(field.id);
  if (byId && isShown(byId)) {
    const value = classicValue(byId, field.as);
    if (value) return { value, strategy: `#${field.id}`, fallback: false };
  }
  const wanted = new Set(field.labels.map(normLabel));
  for (const cell of Array.from(doc.querySelectorAll(C.labelCell))) {
    const label = visibleText(cell, 100);
    const valueCell = cell.nextElementSibling;
    if (!label || !wanted.has(normLabel(label)) || !valueCell || !isShown(valueCell)) continue;
    const value = classicValue(valueCell, field.as);
    if (value) return { value, strategy: `${C.labelCell} "${label}"`, fallback: true };
  }
  return undefined;
}

function classicValue(el: Element, as: FieldValueKind): string | undefined {
  const text = (node: Element, max: number) => {
    const copy = node.cloneNode(true) as Element;
    copy.querySelectorAll(C.unseen).forEach((n) => n.remove());
    return visibleText(copy, max);
  };
  if (as === 'email') {
    const href = el.querySelector(C.emailLink)?.getAttribute('href');
    return (href && emailOf(href)) || text(el, 320);
  }
  if (as === 'url') return domainOf(el.querySelector(C.link)?.getAttribute('href') ?? text(el, 500));
  if (as === 'lookup') {
    const link = el.querySelector(C.link);
    return (link && text(link, 200)) || text(el, 200);
  }
  return text(el, 300);
}

export async function extractSalesforce(c: ExtractContext): Promise<ExtractResult> {
  const object = c.ref.objectType as SalesforceObject;
  const read = new FieldReader(c.doc, `salesforce.${object}`);
  const person = object === 'Contact' || object === 'Lead';
  const recordId = c.ref.recordId;
  // Wait for a view showing the URL's record; after an in-page navigation or a console tab switch,
  // a view that cannot be told apart by id must at least show another name than before.
  const fresh = await waitFor(
    c.doc,
    () => {
      const record = recordOnScreen(c.doc, person, recordId);
      return record && (record.sameness === 'id' || record.name !== c.previousName) ? record : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  const record = fresh ?? recordOnScreen(c.doc, person, recordId);
  let name = record?.name;
  if (record) read.note('name', record.strategy, record.fallback);
  else {
    // No view shows the record's name: the title may still name it. Fields are read only from a
    // view that is surely this record's (its id, or the one view on screen), else left unread.
    name = nameFromTitle(c.doc.title) ?? nameFromClassicTitle(c.doc.title);
    if (name && person) name = name.replace(SALUTATION, '');
    if (name) read.note('name', 'document.title', true);
  }
  if (!name) {
    read.miss('name');
    return read.result(null);
  }
  const untitled = record ? undefined : viewWithoutName(c.doc, recordId);
  const source: FieldSource = record
    ? record.layout === 'classic'
      ? (_, classicField) => readClassicField(c.doc, classicField)
      : (field) => readField(record.scope, field)
    : untitled
      ? (field, classicField) => readField(new DeepScope(untitled), field) ?? (untitled === c.doc ? readClassicField(c.doc, classicField) : undefined)
      : () => undefined;
  const value = (key: string, field: SalesforceField, classicField: ClassicField, max = 200) => {
    const hit = source(field, classicField);
    if (hit) read.note(key, hit.strategy, hit.fallback);
    else read.miss(key);
    return hit?.value.slice(0, max);
  };

  switch (object) {
    case 'Contact':
    case 'Lead': {
      const f = SALESFORCE_FIELDS[object];
      const k = SALESFORCE_CLASSIC_FIELDS[object];
      const phone = source(f.phone, k.phone) ?? source(f.mobile, k.mobile);
      if (phone) read.note('phone', phone.strategy, phone.fallback);
      else read.miss('phone');
      return read.result({
        type: 'person',
        fullName: name,
        title: value('title', f.title, k.title, 300),
        companyName: value('company', f.company, k.company),
        email: value('email', f.email, k.email, 320),
        phone: phone?.value.slice(0, 64),
        location: value('location', f.location, k.location),
      });
    }
    case 'Account': {
      const f = SALESFORCE_FIELDS.Account;
      const k = SALESFORCE_CLASSIC_FIELDS.Account;
      return read.result({
        type: 'company',
        name,
        domain: value('website', f.website, k.website),
        industry: value('industry', f.industry, k.industry),
        size: value('employees', f.employees, k.employees, 100),
      });
    }
    case 'Opportunity': {
      const f = SALESFORCE_FIELDS.Opportunity;
      const k = SALESFORCE_CLASSIC_FIELDS.Opportunity;
      return read.result({
        type: 'deal',
        name,
        amount: value('amount', f.amount, k.amount, 64),
        stage: value('stage', f.stage, k.stage, 100),
        companyName: value('company', f.company, k.company),
      });
    }
    default:
      return read.result(null);
  }
}
