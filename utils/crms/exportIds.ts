// The ids in a CRM's export files, per CRM (the CSV import reads them; the form the sync keeps):
// HubSpot and Pipedrive ids are digits; Salesforce ids become their 18-character form (15 and 18
// name the same record) and must be a contact or lead (people) or an account; a Pipedrive lead id
// is a UUID. A CRM the import reads is an entry here; the import asks which CRM only through it.
// Pure.
import { CRM_NAMES } from './names';
import type { CrmSystem } from '../domain/entities';
import { salesforceObjectOfId, toSalesforceId18 } from '../sites/salesforce/salesforceId';

/** The CRMs whose export ids the import understands. */
export const IMPORT_CRMS = ['hubspot', 'salesforce', 'pipedrive'] as const satisfies readonly CrmSystem[];
export type ImportCrm = (typeof IMPORT_CRMS)[number];

type Bilingual = { en: string; es: string };
/** What an id in an export names: a person, an account, or a lead of a CRM whose leads have ids of their own. */
export type ExportIdOf = 'person' | 'account' | 'lead';
export type ExportIdResult = { ok: true; ref: { system: ImportCrm; objectType: string; id: string } } | { ok: false; reason: Bilingual };

const quote = (v: string) => (v.length > 60 ? `${v.slice(0, 57)}…` : v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const EXPORT_ID_REASONS = {
  digits: (v: string, crm: ImportCrm): Bilingual => {
    const name = CRM_NAMES[crm];
    return { en: `not a ${name} record id (digits only): "${quote(v)}"`, es: `no es un id de registro de ${name} (solo cifras): «${quote(v)}»` };
  },
  /** the lead ids the import reads are Pipedrive's (a CRM whose leads have no ids of their own is told so) */
  leadId: (v: string): Bilingual => ({ en: `not a Pipedrive lead id (a UUID): "${quote(v)}"`, es: `no es un id de prospecto de Pipedrive (un UUID): «${quote(v)}»` }),
  salesforce: (v: string): Bilingual => ({ en: `not a Salesforce id (15 or 18 letters and digits): "${quote(v)}"`, es: `no es un id de Salesforce (15 o 18 letras y cifras): «${quote(v)}»` }),
  salesforceCase: (v: string): Bilingual => ({
    en: `the last 3 characters of this Salesforce id do not match the first 15 (was its case changed?): "${quote(v)}"`,
    es: `los 3 últimos caracteres de este id de Salesforce no corresponden a los 15 primeros (¿se cambiaron mayúsculas y minúsculas?): «${quote(v)}»`,
  }),
  salesforceObject: (v: string, what: 'person' | 'account'): Bilingual =>
    what === 'person'
      ? { en: `not the id of a Salesforce contact (003…) or lead (00Q…): "${quote(v)}"`, es: `no es el id de un contacto (003…) ni de un candidato (00Q…) de Salesforce: «${quote(v)}»` }
      : { en: `not the id of a Salesforce account (001…): "${quote(v)}"`, es: `no es el id de una cuenta de Salesforce (001…): «${quote(v)}»` },
};

/**
 * Digits for a person or an account ("12345.0" from a spreadsheet that read the id as a number),
 * under the CRM's object type; a lead id is a UUID when the CRM's leads have ids of their own.
 */
function digitIds(system: 'hubspot' | 'pipedrive', objectType: { person: string; account: string; lead?: string }) {
  return (what: ExportIdOf, v: string): ExportIdResult => {
    if (what === 'lead') {
      if (!objectType.lead || !UUID.test(v)) return { ok: false, reason: EXPORT_ID_REASONS.leadId(v) };
      return { ok: true, ref: { system, objectType: objectType.lead, id: v.toLowerCase() } };
    }
    const digits = /^\d{1,20}(?:\.0+)?$/.test(v) ? v.replace(/\.0+$/, '') : undefined;
    if (!digits || /^0+$/.test(digits)) return { ok: false, reason: EXPORT_ID_REASONS.digits(v, system) };
    return { ok: true, ref: { system, objectType: objectType[what], id: digits.replace(/^0+/, '') } };
  };
}

export const HUBSPOT_OBJECT = { person: '0-1', account: '0-2' } as const;
export const PIPEDRIVE_OBJECT = { person: 'person', account: 'organization', lead: 'lead' } as const;

/** Each CRM's export ids: an id (trimmed) of a person, an account or a lead → the ref the sync keeps, or why not. */
export const EXPORT_IDS: Readonly<Record<ImportCrm, (what: ExportIdOf, v: string) => ExportIdResult>> = {
  hubspot: digitIds('hubspot', HUBSPOT_OBJECT),
  pipedrive: digitIds('pipedrive', PIPEDRIVE_OBJECT),
  // a lead is a Salesforce Lead: a person's id
  salesforce: (what, v) => {
    const id = toSalesforceId18(v);
    if (!id) return { ok: false, reason: /^[a-zA-Z0-9]{18}$/.test(v) ? EXPORT_ID_REASONS.salesforceCase(v) : EXPORT_ID_REASONS.salesforce(v) };
    const object = salesforceObjectOfId(id);
    const wanted = what === 'account' ? object === 'Account' : object === 'Contact' || object === 'Lead';
    if (!wanted || !object) return { ok: false, reason: EXPORT_ID_REASONS.salesforceObject(v, what === 'account' ? 'account' : 'person') };
    return { ok: true, ref: { system: 'salesforce', objectType: object, id } };
  },
};
