// Salesforce record ids. The 15-character id is case-sensitive; the 18-character form adds a
// 3-character suffix that encodes the case of the first 15, so the id survives case-insensitive
// tools (spreadsheets, hand-typed URLs). Dealside always keeps the 18-character form so that one
// record has exactly one id, whichever form the page showed.

const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** For each 5-character chunk, bit i is set when character i is an upper-case letter. */
function caseSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 15; chunk += 5) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = id15.charCodeAt(chunk + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/**
 * The 18-character form of a 15- or 18-character id, or null when `id` is not a well-formed id
 * (length, characters, or an 18-character id whose suffix does not match the case of its first
 * 15 characters — a sign of an id whose case was changed, which would name another record).
 */
export function toSalesforceId18(id: string): string | null {
  if (ID_15.test(id)) return id + caseSuffix(id);
  if (!ID_18.test(id)) return null;
  const id15 = id.slice(0, 15);
  const suffix = caseSuffix(id15);
  // The suffix itself is read case-insensitively by Salesforce.
  return id.slice(15).toUpperCase() === suffix ? id15 + suffix : null;
}

export function isSalesforceId(id: string): boolean {
  return toSalesforceId18(id) !== null;
}

/** The standard objects Dealside reads; custom objects (Invoice__c …) are not recognised. */
export const SALESFORCE_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity'] as const;
export type SalesforceObject = (typeof SALESFORCE_OBJECTS)[number];

/** Key prefix (the first three characters of every id, case-sensitive) → object. */
export const SALESFORCE_KEY_PREFIXES: ReadonlyMap<string, SalesforceObject> = new Map([
  ['001', 'Account'],
  ['003', 'Contact'],
  ['00Q', 'Lead'],
  ['006', 'Opportunity'],
]);

/** The object a record id belongs to, from its key prefix; null for any other object. */
export function salesforceObjectOfId(id: string): SalesforceObject | null {
  return SALESFORCE_KEY_PREFIXES.get(id.slice(0, 3)) ?? null;
}
