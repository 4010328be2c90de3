// Every Salesforce selector Dealside uses (Lightning, the console, Classic), most stable first
// (SITES.md). Lightning record pages
// carry no test attributes; what holds is the component framework's custom element names, the
// API name Lightning stamps on layout items (`data-target-selection-name`), their `field-label`
// (localised: English and Spanish here), and the document title. Never `forcegenerated-*` names:
// they embed ids and timestamps.
import type { SalesforceObject } from './salesforceId';

export const SALESFORCE_SELECTORS = {
  /**
   * The record views that may be on screen. Lightning keeps earlier views in the DOM, without
   * `active`; the console keeps one view per workspace tab and subtab, every one of them `active`,
   * and hides the unfocused tabs with a style sheet rule only (no attribute says so). So a view
   * counts only when the browser renders it (`isShown`), and among those the one that shows the
   * URL's record wins (see `ownRelatedLink`, then the document title).
   */
  activeView: [
    '.windowViewMode-normal.oneContent.active',
    '.windowViewMode-maximized.oneContent.active',
    '.tabContent.active .oneContent.active',
  ],
  /** Any view container. Some present but none active: a record is being swapped in. */
  anyView: '.oneContent',
  /**
   * A record's own related lists link to `/lightning/r/[<Object>/]<id>/related/<List>/view` ("View
   * All" / "Ver todo"): the id in them says which record a view shows. Lookups link to other
   * records (`/lightning/r/Account/<id>/view`), never with `/related/`, so they do not count.
   */
  ownRelatedLink: 'a[href*="/lightning/r/"][href*="/related/"]',
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

/**
 * Salesforce Classic (`<org>.my.salesforce.com/<id>`): a server-rendered page, one record per
 * document, no shadow DOM. The header is `.bPageTitle` with `h1.pageType` (the object label) and
 * `h2.pageDescription` (the record's name); the detail section is `table.detailList`, label cells
 * `td.labelCol` each followed by its value cell `td.dataCol`, whose inline-edit value `div` has the
 * id `<field key>_ileinner` (`con15_ileinner` is a contact's e-mail) — the ids Salesforce's own
 * Selenium suites and long-lived integrations rely on; labels follow the user's language. The
 * title is `<Object label>: <Record name> ~ Salesforce - <Edition>`.
 */
export const SALESFORCE_CLASSIC = {
  recordName: ['.bPageTitle h2.pageDescription', 'h2.pageDescription', '#contactHeaderRow h2.topName'],
  labelCell: 'table.detailList td.labelCol',
  emailLink: 'a[href^="mailto:"]',
  link: 'a[href]',
  /** "Iberia Logística S.L. [View Hierarchy]": the account name cell's hierarchy link */
  unseen: '.slds-assistive-text, [hidden], script, style, .hierarchyLink, noscript',
  /** `Contact: María José García López ~ Salesforce - Enterprise Edition` */
  title: /^[^:~|]{1,60}:\s*(.+?)\s+~\s+Salesforce(?:\s+-.*)?$/,
} as const;

export type ClassicField = { id: string; labels: readonly string[]; as: FieldValueKind };

const classic = (id: string, labels: readonly string[], as: FieldValueKind = 'text'): ClassicField => ({ id: `${id}_ileinner`, labels, as });

/** Classic field keys per object (the `<key>_ileinner` ids), with the English and Spanish labels. */
export const SALESFORCE_CLASSIC_FIELDS = {
  Contact: {
    email: classic('con15', ['Email', 'Correo electrónico'], 'email'),
    phone: classic('con10', ['Phone', 'Teléfono']),
    mobile: classic('con12', ['Mobile', 'Móvil']),
    title: classic('con5', ['Title', 'Cargo']),
    company: classic('con4', ['Account Name', 'Nombre de la cuenta'], 'lookup'),
    location: classic('con19', ['Mailing Address', 'Dirección postal']),
  },
  Lead: {
    email: classic('lea11', ['Email', 'Correo electrónico'], 'email'),
    phone: classic('lea8', ['Phone', 'Teléfono']),
    mobile: classic('lea9', ['Mobile', 'Móvil']),
    title: classic('lea4', ['Title', 'Cargo']),
    company: classic('lea3', ['Company', 'Compañía', 'Empresa']),
    location: classic('lea16', ['Address', 'Dirección']),
  },
  Account: {
    website: classic('acc12', ['Website', 'Sitio web'], 'url'),
    industry: classic('acc7', ['Industry', 'Sector']),
    employees: classic('acc15', ['Employees', 'Empleados']),
  },
  Opportunity: {
    company: classic('opp4', ['Account Name', 'Nombre de la cuenta'], 'lookup'),
    amount: classic('opp7', ['Amount', 'Importe']),
    stage: classic('opp11', ['Stage', 'Etapa']),
  },
} as const satisfies Record<SalesforceObject, Record<string, ClassicField>>;

/** Salutations Lightning puts in front of a person's formatted name. */
export const SALUTATION = /^(?:(?:mr|mrs|ms|mx|dr|prof|sr|sra|srta|dña)\.?|d\.|dª)\s+/i;
