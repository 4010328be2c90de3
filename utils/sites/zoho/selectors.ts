// Every Zoho CRM selector Dealside uses, most stable first (SITES.md). Field values carry QA
// attributes named after the field's column name (`data-zcqa="value_EMAIL"`), the same in every UI
// language; the legacy UI has ids `#titlecard_<FIELD>`, `#subvalue_<FIELD>`, `#value_<FIELD>`.
// The name field moved from LASTNAME (the title card showing the full name) to FULLNAME once.
export const ZOHO_SELECTORS = {
  /** the newer UI's record view; absent in the legacy UI (then the whole page is the record) */
  detailView: 'crm-detail-view',
  /** hidden views and dialogs are not the record on screen */
  notRecord: '[hidden], [aria-hidden="true"], [role="dialog"]',
  /** Crux components keep their value in an attribute as well as in their text. */
  valueAttribute: 'cx-prop-value',
} as const;

/** Where a field's value is, most stable first. */
export function fieldSelectors(field: string): string[] {
  return [`[data-zcqa="value_${field}"]`, `#titlecard_${field}`, `#subvalue_${field}`, `#value_${field}`];
}

type PersonModule = {
  first: string;
  last: string;
  email: readonly string[];
  phone: readonly string[];
  title: readonly string[];
  company: readonly string[];
  location: readonly string[];
};

/** Column names read per module; alternatives in order. */
export const ZOHO_FIELDS = {
  Contacts: {
    first: 'FIRSTNAME',
    last: 'LASTNAME',
    email: ['EMAIL', 'SECONDARYEMAIL'],
    phone: ['PHONE', 'MOBILE'],
    title: ['DESIGNATION'],
    company: ['ACCOUNTNAME', 'ACCOUNTID'],
    location: ['MAILINGCITY'],
  },
  Leads: {
    first: 'FIRSTNAME',
    last: 'LASTNAME',
    email: ['EMAIL', 'SECONDARYEMAIL'],
    phone: ['PHONE', 'MOBILE'],
    title: ['DESIGNATION'],
    company: ['COMPANY'],
    location: ['CITY'],
  },
  Accounts: { name: ['ACCOUNTNAME'], website: ['WEBSITE'], industry: ['INDUSTRY'], employees: ['EMPLOYEES'] },
  Potentials: { name: ['DEAL_NAME', 'POTENTIALNAME'], amount: ['AMOUNT'], stage: ['STAGE'], company: ['ACCOUNTNAME', 'ACCOUNTID'] },
} as const satisfies { Contacts: PersonModule; Leads: PersonModule; Accounts: object; Potentials: object };

/**
 * Fields only a person's or a deal's view has. Their views show ACCOUNTNAME too (the account
 * lookup): an Accounts URL whose view has these is still showing the previous record.
 */
export const NOT_ACCOUNT_FIELDS = ['FULLNAME', 'LASTNAME', 'DEAL_NAME', 'POTENTIALNAME'];

/** Salutations Zoho shows in front of a person's name in the title card. */
export const SALUTATION = /^(?:(?:mr|mrs|ms|dr|prof|sr|sra|srta|dña)\.?|d\.)\s+/i;
