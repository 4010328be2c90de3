// The fields Dealside syncs, in our own (canonical) names, and how to read and write them on our
// records. Connectors translate canonical names to the CRM's property names through the
// connection's field map; the engine and the outbox only ever see canonical names.
//
// Values are compared after normalising them by the field's type, because every CRM writes them
// differently (HubSpot returns every property as a string, Salesforce numbers as numbers, dates as
// midnight-UTC milliseconds or ISO strings …).
import type { Account, Deal, Person, Product } from '../entities';
import { DEAL_STAGES, DEAL_TYPES } from '../entities';
import { dealTypeFrom, tierFrom } from './crmWords';
import {
  BUDGET_ANSWERS,
  NEED_CATEGORIES,
  TIMING_HORIZONS,
  type BantLetter,
  type BantState,
} from '../qualification/bant';
import { applyBantAnswer, type BantEdit, type Qualification } from '../qualification/qualification';
import { ELEMENT_OPTIONS, type OwnElementId } from '../qualification/frameworks';
import { domainKey, emailKey, linkedinKey, nameKey } from '../../text/normalize';

/** The kinds of records that sync. People are contacts or leads (Person.kind). */
export const SYNC_ENTITIES = ['account', 'person', 'deal', 'product'] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

export type FieldValue = string | number | boolean | null;
export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum';

export type FieldSpec = {
  type: FieldType;
  options?: readonly string[];
  label: string;
  /** the label in Spanish, for a field Dealside creates in the CRM (its properties' labels there) */
  labelEs?: string;
  /** what an empty CRM field means for us (an empty status is 'unknown') */
  empty?: FieldValue;
  /**
   * Values that name the same thing are compared by this key (a LinkedIn URL by its profile:
   * "https://www.linkedin.com/in/ana/?trk=x" and "linkedin.com/in/Ana" are one value).
   */
  key?: (value: string) => string | undefined;
  /**
   * A field some CRMs have only once an admin adds it (the LinkedIn URL in Salesforce): where the
   * connection has no field for it, changes stay in Dealside instead of failing as unmapped.
   */
  optional?: boolean;
  /**
   * Read from the CRM, never written to it (the deal type, the ABM tier, the marketing owner, which
   * the team keeps in the CRM): not sent on creates or updates, not edited here, and no mapping is
   * needed — a connection without one leaves the field as it is.
   */
  pullOnly?: boolean;
  /** the CRM's wording → ours (an enum whose CRM values are the team's own words) */
  fromCrm?: (raw: string) => FieldValue | undefined;
};

const STATUSES = ['unknown', 'partial', 'confirmed', 'negative'] as const;

/** The elements' names in the CRM-facing labels (English, as BANT's are): the MEDDICC words. */
const ELEMENT_NAMES: Readonly<Record<OwnElementId, string>> = {
  metrics: 'Metrics',
  'decision-criteria': 'Decision criteria',
  'decision-process': 'Decision process',
  'paper-process': 'Paper process',
  champion: 'Champion',
  competition: 'Competition',
  situation: 'Situation',
};

/**
 * The record's owner: always OUR user id (`<system>-user-<the CRM's user id>`, as adoptCrmUser and
 * the users pull store them). Each connector translates it to and from its CRM's owner field
 * (HubSpot `hubspot_owner_id` holds an owner id, not a user id; Salesforce `OwnerId`; Pipedrive
 * `owner_id`): a user who is not that CRM's is not sent (the CRM keeps its default owner), and an
 * owner the CRM names but we do not know reads as no owner. Optional: a connection made before
 * owners synced has no field for it, and a change stays in Dealside.
 */
const OWNER_FIELD: FieldSpec = { type: 'string', label: 'Owner', optional: true };

/**
 * The CRM's own last activity on the record: a call, e-mail, meeting or note logged in the CRM
 * (HubSpot `notes_last_updated`, Salesforce `LastActivityDate`, Pipedrive `last_activity_date`,
 * Zoho CRM `Last_Activity_Time`; Dynamics 365 has no such column). Read, never written: the CRM
 * keeps it itself. It makes "touched recently" and the other rep's warning true for touches made
 * in the CRM, which Dealside holds no activity for.
 */
const CRM_ACTIVITY_FIELD: FieldSpec = { type: 'datetime', label: 'Last activity', optional: true, pullOnly: true };

/** ABM tiers as the account keeps them */
export const ABM_TIERS = ['tier-1', 'tier-2', 'tier-3'] as const;

export const ENTITY_FIELDS: Readonly<Record<SyncEntity, Readonly<Record<string, FieldSpec>>>> = {
  account: {
    name: { type: 'string', label: 'Name' },
    domain: { type: 'string', label: 'Website domain' },
    industry: { type: 'string', label: 'Industry' },
    employees: { type: 'number', label: 'Employees' },
    country: { type: 'string', label: 'Country' },
    city: { type: 'string', label: 'City' },
    ownerId: OWNER_FIELD,
    /** the ABM tier, from a CRM field the team maps (Options → Connections): "Tier 1", "tier_2" … */
    tier: { type: 'enum', options: ABM_TIERS, label: 'ABM tier', optional: true, pullOnly: true, fromCrm: tierFrom },
    /** the marketing owner, a CRM user field the team maps (our user id, like ownerId) */
    marketingOwnerId: { type: 'string', label: 'Marketing owner', optional: true, pullOnly: true },
    crmActivityAt: CRM_ACTIVITY_FIELD,
  },
  person: {
    firstName: { type: 'string', label: 'First name' },
    lastName: { type: 'string', label: 'Last name' },
    email: { type: 'string', label: 'E-mail' },
    phone: { type: 'string', label: 'Phone' },
    title: { type: 'string', label: 'Job title' },
    companyName: { type: 'string', label: 'Company (leads)' },
    country: { type: 'string', label: 'Country' },
    city: { type: 'string', label: 'City' },
    linkedinUrl: { type: 'string', label: 'LinkedIn URL', key: linkedinKey, optional: true },
    ownerId: OWNER_FIELD,
    crmActivityAt: CRM_ACTIVITY_FIELD,
  },
  deal: {
    name: { type: 'string', label: 'Deal name' },
    amount: { type: 'number', label: 'Amount' },
    currency: { type: 'string', label: 'Currency' },
    stage: { type: 'enum', options: DEAL_STAGES, label: 'Stage' },
    closeDate: { type: 'date', label: 'Close date' },
    ownerId: OWNER_FIELD,
    /** the kind of sale (new business, add-on, renewal, downgrade): Salesforce Type, HubSpot dealtype */
    dealType: { type: 'enum', options: DEAL_TYPES, label: 'Deal type', optional: true, pullOnly: true, fromCrm: dealTypeFrom },
    crmActivityAt: CRM_ACTIVITY_FIELD,
  },
  product: {
    name: { type: 'string', label: 'Name' },
    listPrice: { type: 'number', label: 'List price' },
    currency: { type: 'string', label: 'Currency' },
    family: { type: 'string', label: 'Family' },
    unit: { type: 'string', label: 'Unit' },
  },
};

/** BANT answers, stored on deals, and on people for leads qualified before they have a deal. */
export const BANT_FIELDS: Readonly<Record<string, FieldSpec>> = {
  'bant.budget.status': { type: 'enum', options: STATUSES, label: 'Budget status', labelEs: 'Estado del presupuesto', empty: 'unknown' },
  'bant.budget.answer': { type: 'enum', options: BUDGET_ANSWERS, label: 'Budget answer', labelEs: 'Respuesta sobre el presupuesto' },
  'bant.budget.amount': { type: 'number', label: 'Budget amount', labelEs: 'Importe del presupuesto' },
  'bant.budget.note': { type: 'string', label: 'Budget evidence', labelEs: 'Evidencia del presupuesto' },
  'bant.authority.status': { type: 'enum', options: STATUSES, label: 'Authority status', labelEs: 'Estado de la autoridad', empty: 'unknown' },
  'bant.authority.engaged': { type: 'boolean', label: 'Economic buyer engaged', labelEs: 'Decisor económico implicado', empty: false },
  'bant.authority.note': { type: 'string', label: 'Authority evidence', labelEs: 'Evidencia de la autoridad' },
  'bant.need.status': { type: 'enum', options: STATUSES, label: 'Need status', labelEs: 'Estado de la necesidad', empty: 'unknown' },
  'bant.need.category': { type: 'enum', options: NEED_CATEGORIES, label: 'Need category', labelEs: 'Tipo de necesidad' },
  'bant.need.statement': { type: 'string', label: 'Need statement', labelEs: 'Necesidad expresada' },
  'bant.need.note': { type: 'string', label: 'Need evidence', labelEs: 'Evidencia de la necesidad' },
  'bant.timing.status': { type: 'enum', options: STATUSES, label: 'Timing status', labelEs: 'Estado del plazo', empty: 'unknown' },
  'bant.timing.horizon': { type: 'enum', options: TIMING_HORIZONS, label: 'Timing horizon', labelEs: 'Horizonte del plazo' },
  'bant.timing.targetDate': { type: 'date', label: 'Target date', labelEs: 'Fecha objetivo' },
  'bant.timing.note': { type: 'string', label: 'Timing evidence', labelEs: 'Evidencia del plazo' },
};

export function isBantField(field: string): boolean {
  return field.startsWith('bant.');
}

/**
 * The other frameworks' answers (MEDDICC's metrics, champion …), `element.<id>.{status,answer,note}`,
 * on deals and leads like BANT. The elements that ARE BANT letters (CHAMP's Money, MEDDICC's
 * Economic buyer, SPICED's Pain …) sync through the BANT fields and have none here. Optional: no
 * connector creates CRM fields for them; the team maps them to existing ones, and an element
 * nobody mapped stays in Dealside (elementFields.ts: nothing is queued for it).
 */
export const ELEMENT_FIELDS: Readonly<Record<string, FieldSpec>> = Object.fromEntries(
  (Object.keys(ELEMENT_OPTIONS) as OwnElementId[]).flatMap((id): Array<[string, FieldSpec]> => [
    [`element.${id}.status`, { type: 'enum', options: STATUSES, label: `${ELEMENT_NAMES[id]} status`, empty: 'unknown', optional: true }],
    [`element.${id}.answer`, { type: 'enum', options: ELEMENT_OPTIONS[id].map((o) => o.id), label: `${ELEMENT_NAMES[id]} answer`, optional: true }],
    [`element.${id}.note`, { type: 'string', label: `${ELEMENT_NAMES[id]} evidence`, optional: true }],
  ]),
);

export function isElementField(field: string): boolean {
  return field.startsWith('element.');
}

/** A field kept on the qualification record (BANT or another framework's element), not on the record. */
export function isQualificationField(field: string): boolean {
  return isBantField(field) || isElementField(field);
}

/** Every canonical field of an entity (BANT and the elements included where they apply). */
export function fieldsOf(entity: SyncEntity): Readonly<Record<string, FieldSpec>> {
  return entity === 'deal' || entity === 'person' ? { ...ENTITY_FIELDS[entity], ...BANT_FIELDS, ...ELEMENT_FIELDS } : ENTITY_FIELDS[entity];
}

export function specOf(entity: SyncEntity, field: string): FieldSpec | undefined {
  return ENTITY_FIELDS[entity][field] ?? (entity === 'deal' || entity === 'person' ? (BANT_FIELDS[field] ?? ELEMENT_FIELDS[field]) : undefined);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** The value in its canonical form: null for empty, numbers as numbers, dates as YYYY-MM-DD. */
export function normalizeValue(type: FieldType, value: unknown): FieldValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  switch (type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      if (value === true || value === 'true' || value === 1 || value === '1') return true;
      if (value === false || value === 'false' || value === 0 || value === '0') return false;
      return null;
    case 'datetime': {
      // an instant, as ISO-8601 in UTC: epoch milliseconds (HubSpot, as text), an ISO time with any
      // offset (Zoho "2026-12-04T10:15:00+01:00"); a day alone (Salesforce, Pipedrive) stays a day,
      // "2026-12-04", so that it is never shown as a time of day it does not have
      const s = String(value).trim();
      if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Number.isFinite(Date.parse(s)) ? s : null;
      // (a time with no offset, Pipedrive's "2026-12-04 10:15:00", is UTC: JavaScript would read it as local)
      const ms =
        typeof value === 'number'
          ? value
          : /^\d+$/.test(s)
            ? Number(s)
            : /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(s)
              ? Date.parse(`${s.replace(' ', 'T')}Z`)
              : Date.parse(s);
      return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
    }
    case 'date': {
      const s = String(value).trim();
      if (/^\d{4}-\d{2}-\d{2}/.test(s)) return s.slice(0, 10);
      const ms = typeof value === 'number' ? value : /^\d+$/.test(s) ? Number(s) : Date.parse(s);
      if (!Number.isFinite(ms)) return null;
      const d = new Date(ms);
      return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    }
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

export function normalizeField(entity: SyncEntity, field: string, value: unknown): FieldValue {
  const spec = specOf(entity, field);
  if (spec?.fromCrm && typeof value === 'string' && !(spec.options ?? []).includes(value)) {
    // the CRM's words for it; words that say none of ours read as no value
    return value.trim() === '' ? null : (spec.fromCrm(value) ?? null);
  }
  return normalizeValue(spec?.type ?? 'string', value);
}

/** The fields of an entity Dealside writes to the CRM (creates, updates): all but the pull-only ones. */
export function pushableFields(entity: SyncEntity): string[] {
  return Object.entries(ENTITY_FIELDS[entity])
    .filter(([, spec]) => !spec.pullOnly)
    .map(([field]) => field);
}

/**
 * The value as compared: normalised, an empty value read as what empty means for the field, a
 * value with a key (a LinkedIn URL) as its key.
 */
export function comparable(entity: SyncEntity, field: string, value: unknown): FieldValue {
  const spec = specOf(entity, field);
  const v = normalizeField(entity, field, value);
  if (v === null) return spec?.empty ?? null;
  return spec?.key && typeof v === 'string' ? (spec.key(v) ?? v) : v;
}

export function sameValue(entity: SyncEntity, field: string, a: unknown, b: unknown): boolean {
  return comparable(entity, field, a) === comparable(entity, field, b);
}

/** Is the value acceptable for the field (enums within their options)? */
export function validValue(entity: SyncEntity, field: string, value: FieldValue): boolean {
  const spec = specOf(entity, field);
  if (!spec) return false;
  if (value === null) return true;
  if (spec.type === 'enum') return typeof value === 'string' && (spec.options ?? []).includes(value);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Our records

export type SyncRecord = Account | Person | Deal | Product;

/** Fields our records cannot be without: a CRM value of null leaves ours as it is. */
const REQUIRED: Readonly<Record<SyncEntity, readonly string[]>> = {
  account: ['name'],
  person: [],
  deal: ['name', 'currency', 'stage'],
  product: ['name', 'listPrice', 'currency'],
};

export function readEntityField(entity: SyncEntity, record: SyncRecord, field: string): FieldValue {
  const r = record as unknown as Record<string, unknown>;
  if (entity === 'person' && field === 'email') return (record as Person).emails[0] ?? null;
  return normalizeField(entity, field, r[field]);
}

/** A copy of the record with one field set (null clears it), derived keys kept in step. */
export function writeEntityField<R extends SyncRecord>(entity: SyncEntity, record: R, field: string, value: FieldValue): R {
  const next = { ...record } as unknown as Record<string, unknown>;
  const v = normalizeField(entity, field, value);
  if (!validValue(entity, field, v)) return record;
  if (entity === 'person' && field === 'email') {
    const p = record as unknown as Person;
    const key = typeof v === 'string' ? (emailKey(v) ?? v.trim().toLowerCase()) : undefined;
    next.emails = key ? [key, ...p.emails.filter((e) => e !== key)] : p.emails.slice(1);
    return next as unknown as R;
  }
  if (v === null && REQUIRED[entity].includes(field)) return record; // never clear what our records must have
  if (v === null) delete next[field];
  else next[field] = v;
  if (entity === 'account') {
    if (field === 'name') next.nameKey = nameKey(String(v));
    if (field === 'domain' && typeof v === 'string') {
      const key = domainKey(v);
      if (key) next.domain = key;
    }
  }
  if (entity === 'person' && field === 'linkedinUrl') {
    // the store's byLinkedinKey index follows the URL ("in/<vanity>")
    const key = typeof v === 'string' ? linkedinKey(v) : undefined;
    if (key) next.linkedinKey = key;
    else delete next.linkedinKey;
  }
  if (entity === 'person' && (field === 'firstName' || field === 'lastName')) {
    const first = field === 'firstName' ? (v ?? '') : (next.firstName ?? '');
    const last = field === 'lastName' ? (v ?? '') : (next.lastName ?? '');
    next.firstName = String(first);
    next.lastName = String(last);
    next.fullName = `${String(first)} ${String(last)}`.trim();
    next.nameKey = nameKey(String(next.fullName));
  }
  return next as unknown as R;
}

// ---------------------------------------------------------------------------------------------
// BANT on the qualification record

function splitBant(field: string): { letter: BantLetter; key: string } | undefined {
  const [, letter, key] = field.split('.');
  if (!letter || !key) return undefined;
  if (letter !== 'budget' && letter !== 'authority' && letter !== 'need' && letter !== 'timing') return undefined;
  return { letter, key };
}

export function readBantField(bant: BantState, field: string): FieldValue {
  const parts = splitBant(field);
  if (!parts) return null;
  const answer = bant[parts.letter] as unknown as Record<string, unknown>;
  return normalizeValue(BANT_FIELDS[field]?.type ?? 'string', answer[parts.key]);
}

export type FieldDiff = { field: string; value: FieldValue; base: FieldValue };

/** The fields whose value differs between two states, as read by `read`: value after, base before. */
export function changedFields<S>(fields: readonly string[], before: S, after: S, read: (state: S, field: string) => FieldValue): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const field of fields) {
    const value = read(after, field);
    const base = read(before, field);
    if (value !== base) out.push({ field, value, base });
  }
  return out;
}

/** Canonical BANT fields that differ between two states: value after, base before. */
export function bantChanges(before: BantState, after: BantState): FieldDiff[] {
  return changedFields(Object.keys(BANT_FIELDS), before, after, readBantField);
}

/**
 * Apply BANT values that came from the CRM: one edit per letter, signed by the CRM, so the
 * history shows where the answer came from. Values outside the options are ignored.
 */
export function applyRemoteBant(
  q: Qualification,
  values: Readonly<Record<string, FieldValue>>,
  meta: { by: string; at: Date },
): Qualification {
  const byLetter = new Map<BantLetter, Record<string, unknown>>();
  for (const [field, raw] of Object.entries(values)) {
    const parts = splitBant(field);
    if (!parts) continue;
    const value = normalizeValue(BANT_FIELDS[field]?.type ?? 'string', raw);
    if (!validValue('deal', field, value)) continue;
    const edit = byLetter.get(parts.letter) ?? { letter: parts.letter };
    if (parts.key === 'status') edit.status = value ?? 'unknown';
    else if (parts.key === 'note') edit.note = value ?? '';
    else if (parts.key === 'engaged') edit.engaged = value ?? false;
    else edit[parts.key] = value ?? undefined;
    byLetter.set(parts.letter, edit);
  }
  let next = q;
  for (const edit of byLetter.values()) {
    next = applyBantAnswer(next, edit as BantEdit, { ...meta, source: 'crm' });
  }
  return next;
}
