// Reading a Dynamics 365 record form: account, contact, lead or opportunity. The `data-id` hooks
// carry the fields' logical names, so one reader serves every UI language. The Xrm client API
// would need a main-world script; the URL and these hooks are enough.
import { waitFor } from '../dom';
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

/** The first element matching `selector` that belongs to the form, not a dialog or hidden pane. */
function inForm(doc: Document, selector: string): Element | undefined {
  return Array.from(doc.querySelectorAll(selector)).find((el) => !el.closest(S.notRecord));
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

function recordName(doc: Document): Hit | undefined {
  for (const [i, selector] of S.recordName.entries()) {
    const el = inForm(doc, selector);
    if (!el) continue;
    // The title attribute holds the bare name; the text adds "- Saved" / "- Guardado".
    const raw = el.getAttribute('title') || (el.textContent ?? '').replace(SAVE_STATE, '');
    const value = clipText(raw.replace(/\s+/g, ' ').trim(), 200);
    if (value) return { value, strategy: selector, fallback: i > 0 };
  }
  return undefined;
}

/** The first of the alternative fields (telephone1, then mobilephone …) that shows a value. */
function readField(doc: Document, alternatives: readonly (readonly [string, DynamicsControl])[], max: number): Hit | undefined {
  for (const [field, control] of alternatives) {
    const { primary, fallback } = fieldSelectors(field, control);
    for (const selector of [...primary, ...fallback]) {
      const el = inForm(doc, selector);
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
    const hit = readField(c.doc, alternatives, max);
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
