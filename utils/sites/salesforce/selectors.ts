// Every Salesforce Lightning selector Dealside uses, most stable first (SITES.md). Record pages
// carry no test attributes; what holds is the component framework's custom element names, the
// API name Lightning stamps on layout items (`data-target-selection-name`), their `field-label`
// (localised: English and Spanish here), and the document title. Never `forcegenerated-*` names:
// they embed ids and timestamps.
import type { SalesforceObject } from './salesforceId';

export const SALESFORCE_SELECTORS = {
  /**
   * The record view on screen. Lightning keeps earlier views in the DOM, without `active`; every
   * query is scoped to the first of these that is not hidden.
   */
  activeView: [
    '.windowViewMode-normal.oneContent.active',
    '.windowViewMode-maximized.oneContent.active',
    '.tabContent.active .oneContent.active',
  ],
  /** Any view container. Some present but none active: a record is being swapped in. */
  anyView: '.oneContent',
  /** The highlights panel's primary field (synthetic shadow: slotted content sits in the slot). */
  recordName: [
    'records-highlights2 slot[name="primaryField"] lightning-formatted-name',
    'records-highlights2 slot[name="primaryField"] lightning-formatted-text',
    // native shadow DOM: the slotted element stays in the host's light DOM
    'records-highlights2 [slot="primaryField"]',
  ],
  /** Older layouts; the title of the highlights panel. */
  legacyRecordName: ['.slds-page-header__title'],
  /** the value inside a records-record-layout-item */
  outputField: '[data-output-element-id="output-field"]',
  /** Older (Aura) layout items and the highlights panel's items, read by their visible label. */
  labelledItems: 'force-record-layout-item, records-highlights-details-item',
  itemLabel: ['.test-id__field-label', '.slds-form-element__label', '.slds-text-title'],
  itemValue: ['.test-id__field-value', '.slds-form-element__static', '.fieldComponent'],
  emailLink: 'a[href^="mailto:"]',
  link: 'a[href]',
  lookupLink: 'force-lookup a, records-hoverable-link a, a',
  /** Text no one sees: screen-reader hints ("Open Iberia Logística S.L. Preview"), hidden nodes. */
  unseen: '.slds-assistive-text, [hidden], .slds-hide, script, style, template',
} as const;

/** How a field's value is read: plain text, an e-mail or URL from its link, a lookup's name. */
export type FieldValueKind = 'text' | 'email' | 'url' | 'lookup';

export type SalesforceField = {
  /** layout-item selectors, most stable first: the API name, then the English and Spanish labels */
  selectors: readonly string[];
  /** visible labels for older layouts and the highlights panel */
  labels: readonly string[];
  as: FieldValueKind;
};

function field(object: SalesforceObject, api: string, labels: readonly string[], as: FieldValueKind = 'text'): SalesforceField {
  return {
    selectors: [
      `[data-target-selection-name="sfdc:RecordField.${object}.${api}"]`,
      ...labels.map((label) => `records-record-layout-item[field-label="${label}"]`),
    ],
    labels,
    as,
  };
}

// Labels as Salesforce ships them in English and Spanish; admins may rename them, which is why
// the API name comes first.
export const SALESFORCE_FIELDS = {
  Contact: {
    email: field('Contact', 'Email', ['Email', 'Correo electrónico'], 'email'),
    phone: field('Contact', 'Phone', ['Phone', 'Teléfono']),
    mobile: field('Contact', 'MobilePhone', ['Mobile', 'Móvil']),
    title: field('Contact', 'Title', ['Title', 'Cargo']),
    company: field('Contact', 'AccountId', ['Account Name', 'Nombre de la cuenta'], 'lookup'),
    location: field('Contact', 'MailingAddress', ['Mailing Address', 'Dirección postal']),
  },
  Lead: {
    email: field('Lead', 'Email', ['Email', 'Correo electrónico'], 'email'),
    phone: field('Lead', 'Phone', ['Phone', 'Teléfono']),
    mobile: field('Lead', 'MobilePhone', ['Mobile', 'Móvil']),
    title: field('Lead', 'Title', ['Title', 'Cargo']),
    company: field('Lead', 'Company', ['Company', 'Compañía', 'Empresa']),
    location: field('Lead', 'Address', ['Address', 'Dirección']),
  },
  Account: {
    website: field('Account', 'Website', ['Website', 'Sitio web'], 'url'),
    industry: field('Account', 'Industry', ['Industry', 'Sector']),
    employees: field('Account', 'NumberOfEmployees', ['Employees', 'Empleados']),
  },
  Opportunity: {
    company: field('Opportunity', 'AccountId', ['Account Name', 'Nombre de la cuenta'], 'lookup'),
    amount: field('Opportunity', 'Amount', ['Amount', 'Importe']),
    stage: field('Opportunity', 'StageName', ['Stage', 'Etapa']),
  },
} as const satisfies Record<SalesforceObject, Record<string, SalesforceField>>;

/** `<Record name> | <Object label> | Salesforce`, object label localised. */
export const TITLE_SUFFIX = ' | Salesforce';

/** Salutations Lightning puts in front of a person's formatted name. */
export const SALUTATION = /^(?:(?:mr|mrs|ms|mx|dr|prof|sr|sra|srta|dña)\.?|d\.|dª)\s+/i;
