// Reading a Zoho CRM record: Accounts, Contacts, Leads or Potentials (deals). Values come from the
// QA attributes of the newer UI or the ids of the legacy one, inside the record view on screen.
import { textOf, waitFor } from '../dom';
import { FieldReader, type ExtractContext, type ExtractResult } from '../extractor';
import { NOT_ACCOUNT_FIELDS, SALUTATION, ZOHO_FIELDS, ZOHO_SELECTORS as S, fieldSelectors } from './selectors';
import { clipText } from '../clip';

type Hit = { value: string; strategy: string; fallback: boolean };

/** The record view on screen; undefined while every detail view is hidden (one is swapping in). */
function recordView(doc: Document): ParentNode | undefined {
  const views = Array.from(doc.querySelectorAll(S.detailView));
  if (views.length === 0) return doc; // the legacy UI has no detail-view element
  return views.find((v) => !v.closest(S.notRecord));
}

/**
 * The first of the alternative `fields` (PHONE, then MOBILE …) with a value under `root`; found
 * through a legacy id rather than the newer UI's QA attribute, it counts as a fallback.
 */
function readValue(root: ParentNode, fields: readonly string[], max = 200): Hit | undefined {
  for (const field of fields) {
    for (const [i, selector] of fieldSelectors(field).entries()) {
      const el = Array.from(root.querySelectorAll(selector)).find((e) => !e.closest(S.notRecord));
      const raw = el?.getAttribute(S.valueAttribute)?.trim() || textOf(el, max);
      const value = raw?.replace(/\s+/g, ' ').slice(0, max);
      if (value) return { value, strategy: selector, fallback: i > 0 };
    }
  }
  return undefined;
}

function personName(root: ParentNode, module: 'Contacts' | 'Leads'): Hit | undefined {
  const fields = ZOHO_FIELDS[module];
  const clean = (hit: Hit, value = hit.value): Hit => ({ ...hit, value: value.replace(SALUTATION, '') });
  const full = readValue(root, ['FULLNAME']);
  if (full) return clean(full);
  // Before FULLNAME: the title card shows the full name under LASTNAME; field lists show it split.
  const last = readValue(root, [fields.last]);
  if (!last) return undefined;
  const first = readValue(root, [fields.first]);
  const joined = first && !last.value.includes(first.value) ? `${first.value} ${last.value}` : last.value;
  return clean({ ...last, strategy: first ? `${first.strategy} + ${last.strategy}` : last.strategy, fallback: true }, joined);
}

function recordName(doc: Document, module: string): (Hit & { view: ParentNode }) | undefined {
  const view = recordView(doc);
  if (!view) return undefined;
  let hit: Hit | undefined;
  if (module === 'Contacts' || module === 'Leads') hit = personName(view, module);
  else if (module === 'Accounts' && !readValue(view, NOT_ACCOUNT_FIELDS)) hit = readValue(view, ZOHO_FIELDS.Accounts.name);
  else if (module === 'Potentials') hit = readValue(view, ZOHO_FIELDS.Potentials.name, 300);
  return hit && { ...hit, view };
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

export async function extractZoho(c: ExtractContext): Promise<ExtractResult> {
  const module = c.ref.objectType;
  const read = new FieldReader(c.doc, `zoho.${module}`);
  // Wait for the record name, and after an in-page navigation for the next record's.
  const fresh = await waitFor(
    c.doc,
    () => {
      const hit = recordName(c.doc, module);
      return hit && hit.value !== c.previousName ? hit : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  const name = fresh ?? recordName(c.doc, module);
  if (!name) {
    read.miss('name');
    return read.result(null);
  }
  read.note('name', name.strategy, name.fallback);
  const value = (key: string, fields: readonly string[], max = 200) => {
    const hit = readValue(name.view, fields, max);
    if (hit) read.note(key, hit.strategy, hit.fallback);
    else read.miss(key);
    return hit?.value;
  };

  switch (module) {
    case 'Contacts':
    case 'Leads': {
      const f = ZOHO_FIELDS[module];
      return read.result({
        type: 'person',
        fullName: clipText(name.value, 200),
        title: value('title', f.title, 300),
        companyName: value('company', f.company),
        email: value('email', f.email, 320),
        phone: value('phone', f.phone, 64),
        location: value('location', f.location),
      });
    }
    case 'Accounts': {
      const f = ZOHO_FIELDS.Accounts;
      return read.result({
        type: 'company',
        name: name.value,
        domain: domainOf(value('website', f.website, 253)),
        industry: value('industry', f.industry),
        size: value('employees', f.employees, 100),
      });
    }
    case 'Potentials': {
      const f = ZOHO_FIELDS.Potentials;
      return read.result({
        type: 'deal',
        name: name.value,
        amount: value('amount', f.amount, 64),
        stage: value('stage', f.stage, 100),
        companyName: value('company', f.company),
      });
    }
    default:
      return read.result(null);
  }
}
