// Reading a Dynamics 365 record form: account, contact, lead or opportunity. The `data-id` hooks
// carry the fields' logical names, so one reader serves every UI language. The Xrm client API
// would need a main-world script; the URL and these hooks are enough. Multi-session apps keep
// every session's form in the DOM with the same data-ids, the unfocused ones hidden by an inline
// `display: none`: the form read is the one whose header the browser shows (the one the title
// names, when several are), and every field is read inside that form only.
import { isShown, waitFor } from '../dom';
import { FieldReader, type ExtractContext, type ExtractResult } from '../extractor';
import {
  DYNAMICS_FIELDS,
  DYNAMICS_SELECTORS as S,
  EMPTY_VALUE,
  SAVE_STATE,
  fieldSelectors,
  type DynamicsControl,
} from './selectors';
import { clipText } from '../clip';

type Hit = { value: string; strategy: string; fallback: boolean };
type Header = Hit & { form: ParentNode };

/** The first element matching `selector` that belongs to the form, not a dialog or hidden pane. */
function inForm(root: ParentNode, selector: string): Element | undefined {
  return Array.from(root.querySelectorAll(selector)).find((el) => !el.closest(S.notRecord));
}

/** The form a header belongs to: its nearest ancestor that also holds a form body. */
function formOf(header: Element, doc: Document): ParentNode {
  for (let n = header.parentElement; n; n = n.parentElement) if (n.querySelector(S.formBody)) return n;
  return doc;
}

/** What a control shows: an input's value, an option set's chosen label, else its text. */
function controlValue(el: Element, max: number): string | undefined {
  let raw: string;
  if (el.localName === 'input' || el.localName === 'textarea') raw = (el as HTMLInputElement).value;
  else if (el.localName === 'select') {
    const select = el as HTMLSelectElement;
    raw = (select.selectedOptions[0] ?? select.options[select.selectedIndex])?.textContent ?? '';
  } else raw = el.textContent || el.getAttribute('title') || '';
  const value = raw.replace(/\s+/g, ' ').trim().slice(0, max);
  return value && value !== EMPTY_VALUE ? value : undefined;
}

/** The header the user sees: of the shown ones, the one the document title names, else the first. */
function recordName(doc: Document): Header | undefined {
  const seen = new Set<Element>();
  const shown: Header[] = [];
  for (const [i, selector] of S.recordName.entries()) {
    for (const el of Array.from(doc.querySelectorAll(selector))) {
      if (seen.has(el) || el.closest(S.notRecord) || !isShown(el)) continue;
      seen.add(el);
      // The title attribute holds the bare name; the text adds "- Saved" / "- Guardado".
      const raw = el.getAttribute('title') || (el.textContent ?? '').replace(SAVE_STATE, '');
      const value = clipText(raw.replace(/\s+/g, ' ').trim(), 200);
      if (value) shown.push({ value, strategy: selector, fallback: i > 0, form: formOf(el, doc) });
    }
  }
  return shown.find((h) => doc.title.includes(h.value)) ?? shown[0];
}

/** The first of the alternative fields (telephone1, then mobilephone …) that shows a value. */
function readField(form: ParentNode, alternatives: readonly (readonly [string, DynamicsControl])[], max: number): Hit | undefined {
  for (const [field, control] of alternatives) {
    const { primary, fallback } = fieldSelectors(field, control);
    for (const selector of [...primary, ...fallback]) {
      const el = inForm(form, selector);
      const value = el && controlValue(el, max);
      if (value) return { value, strategy: selector, fallback: fallback.includes(selector) };
    }
  }
  return undefined;
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

export async function extractDynamics(c: ExtractContext): Promise<ExtractResult> {
  const entity = c.ref.objectType;
  const read = new FieldReader(c.doc, `dynamics.${entity}`);
  // Wait for the form header, and after an in-page navigation for the next record's.
  const fresh = await waitFor(
    c.doc,
    () => {
      const hit = recordName(c.doc);
      return hit && hit.value !== c.previousName ? hit : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  const name = fresh ?? recordName(c.doc);
  if (!name) {
    read.miss('name');
    return read.result(null);
  }
  read.note('name', name.strategy, name.fallback);
  const value = (key: string, alternatives: readonly (readonly [string, DynamicsControl])[], max = 200) => {
    const hit = readField(name.form, alternatives, max);
    if (hit) read.note(key, hit.strategy, hit.fallback);
    else read.miss(key);
    return hit?.value;
  };

  switch (c.ref.kind) {
    case 'contact':
    case 'lead': {
      const person = DYNAMICS_FIELDS.person;
      return read.result({
        type: 'person',
        fullName: name.value,
        title: value('title', person.title, 300),
        companyName: value('company', entity === 'contact' ? DYNAMICS_FIELDS.contact.company : DYNAMICS_FIELDS.lead.company),
        email: value('email', person.email, 320),
        phone: value('phone', person.phone, 64),
        location: value('location', person.location),
      });
    }
    case 'account': {
      const account = DYNAMICS_FIELDS.account;
      return read.result({
        type: 'company',
        name: name.value,
        domain: domainOf(value('website', account.website, 253)),
        industry: value('industry', account.industry),
        size: value('employees', account.employees, 100),
      });
    }
    case 'deal': {
      const deal = DYNAMICS_FIELDS.opportunity;
      return read.result({
        type: 'deal',
        name: name.value,
        amount: value('amount', deal.amount, 64),
        stage: value('stage', deal.stage, 100),
        companyName: value('company', deal.company),
      });
    }
    default:
      return read.result(null);
  }
}
