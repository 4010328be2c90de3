// The other frameworks' answers as synced fields (`element.<id>.{status,answer,note}`, specs in
// recordFields.ts), and the qualification record's synced fields as one: BANT's and the elements'.
// The engine and the store route a field to the qualification record by isQualificationField and
// read, compare and apply it through these functions, whatever the framework.
import type { BantLetterStatus } from '../entities';
import { ELEMENT_OPTIONS, type OwnElementId } from '../qualification/frameworks';
import { applyElementAnswer, elementAnswerOf, type ElementEdit, type Qualification } from '../qualification/qualification';
import {
  ELEMENT_FIELDS,
  applyRemoteBant,
  bantChanges,
  changedFields,
  isBantField,
  normalizeValue,
  readBantField,
  validValue,
  type FieldDiff,
  type FieldValue,
} from './recordFields';

type Change = FieldDiff;

function splitElement(field: string): { element: OwnElementId; part: 'status' | 'answer' | 'note' } | undefined {
  const m = /^element\.([a-z-]+)\.(status|answer|note)$/.exec(field);
  if (!m || !Object.hasOwn(ELEMENT_OPTIONS, m[1]!)) return undefined;
  return { element: m[1] as OwnElementId, part: m[2] as 'status' | 'answer' | 'note' };
}

/** The element answer's value of a field (status unknown, no option, no evidence when never answered). */
export function readElementField(q: Pick<Qualification, 'elements'>, field: string): FieldValue {
  const parts = splitElement(field);
  if (!parts) return null;
  const answer = elementAnswerOf(q, parts.element);
  return normalizeValue(ELEMENT_FIELDS[field]?.type ?? 'string', answer[parts.part]);
}

/** Element fields that differ between two records: value after, base before. */
export function elementChanges(before: Pick<Qualification, 'elements'>, after: Pick<Qualification, 'elements'>): Change[] {
  return before.elements === after.elements ? [] : changedFields(Object.keys(ELEMENT_FIELDS), before, after, readElementField);
}

/**
 * Element values from the CRM: one edit per element, signed by the CRM (history `kind: 'element'`).
 * A status the CRM sends wins over the one its option implies; values outside the options are ignored.
 */
export function applyRemoteElements(q: Qualification, values: Readonly<Record<string, FieldValue>>, meta: { by: string; at: Date }): Qualification {
  const byElement = new Map<OwnElementId, ElementEdit>();
  for (const [field, raw] of Object.entries(values)) {
    const parts = splitElement(field);
    if (!parts) continue;
    const value = normalizeValue(ELEMENT_FIELDS[field]?.type ?? 'string', raw);
    if (!validValue('deal', field, value)) continue;
    const edit = byElement.get(parts.element) ?? { element: parts.element };
    if (parts.part === 'status') edit.status = (value ?? 'unknown') as BantLetterStatus;
    else if (parts.part === 'note') edit.note = typeof value === 'string' ? value : '';
    else edit.answer = typeof value === 'string' ? value : null;
    byElement.set(parts.element, edit);
  }
  let next = q;
  for (const edit of byElement.values()) next = applyElementAnswer(next, edit, { ...meta, source: 'crm' });
  return next;
}

/** A synced field of the qualification record (BANT or element), as its canonical value. */
export function readQualificationField(q: Qualification, field: string): FieldValue {
  return isBantField(field) ? readBantField(q.bant, field) : readElementField(q, field);
}

/** Every synced qualification field that differs between two records. */
export function qualificationChanges(before: Qualification, after: Qualification): Change[] {
  return [...(before.bant === after.bant ? [] : bantChanges(before.bant, after.bant)), ...elementChanges(before, after)];
}

/** CRM values of BANT and element fields, applied as edits signed by the CRM. */
export function applyRemoteQualification(q: Qualification, values: Readonly<Record<string, FieldValue>>, meta: { by: string; at: Date }): Qualification {
  return applyRemoteElements(applyRemoteBant(q, values, meta), values, meta);
}
