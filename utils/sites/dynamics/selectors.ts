// Every Dynamics 365 (model-driven app) selector Dealside uses, most stable first (SITES.md).
// The `data-id`s are what Microsoft's own UI test framework relies on; they are built from the
// fields' logical names, so they do not change with the user's language. Fields are matched by
// the exact logical name (`^=`), never by "contains": `name.fieldControl` must not match
// `fullname.fieldControl`, and quick-view forms prefix their fields' ids.
// Multi-session apps (Customer Service workspace and the like) keep one form per session in the
// DOM, each with these same data-ids, the unfocused sessions' containers hidden by an inline
// `display: none` and nothing else; switching sessions changes that style, the URL (pushState) and
// the title (`<Entity>: <name> - Dynamics 365`); the home session is a dashboard (no record).
export const DYNAMICS_SELECTORS = {
  /** The record name; its `title` attribute holds the name without the save-state suffix. */
  recordName: ['h1[data-id="header_title"]', '[data-id="header_title"]'],
  /**
   * A form's body: the header's nearest ancestor holding one is the form's root (one per session
   * in multi-session apps, whose forms repeat the same data-ids).
   */
  formBody: '[data-id="editFormRoot"]',
  /** Dialogs (quick create, duplicate detection) and hidden panes are not the record. */
  notRecord: '[role="dialog"], [hidden], [aria-hidden="true"]',
} as const;

/** How a field shows its value: a text box, an option set, or a lookup's selected record. */
export type DynamicsControl = 'text' | 'option' | 'lookup';

/**
 * The selectors of a field, by logical name: the body's and the header's controls (a field may
 * be placed in either), then, as a fallback, any control inside the field's section container.
 */
export function fieldSelectors(field: string, control: DynamicsControl): { primary: string[]; fallback: string[] } {
  switch (control) {
    case 'lookup':
      return {
        primary: [
          `[data-id="${field}.fieldControl-LookupResultsDropdown_${field}_selected_tag_text"]`,
          `[data-id="header_${field}.fieldControl-LookupResultsDropdown_${field}_selected_tag_text"]`,
        ],
        fallback: [`[data-id="${field}-FieldSectionItemContainer"] [data-id$="_selected_tag_text"]`],
      };
    case 'option':
      return {
        primary: [`[data-id="${field}.fieldControl-option-set-select"]`, `[data-id="header_${field}.fieldControl-option-set-select"]`],
        fallback: [`[data-id="${field}-FieldSectionItemContainer"] select`],
      };
    default:
      return {
        primary: [
          `input[data-id^="${field}.fieldControl-"]`,
          `textarea[data-id^="${field}.fieldControl-"]`,
          `[data-id^="header_${field}.fieldControl-"]`,
        ],
        fallback: [`[data-id="${field}-FieldSectionItemContainer"] input`],
      };
  }
}

/** The logical names read per entity; alternatives in order (the first with a value wins). */
export const DYNAMICS_FIELDS = {
  person: {
    title: [['jobtitle', 'text']],
    email: [['emailaddress1', 'text']],
    phone: [
      ['telephone1', 'text'],
      ['mobilephone', 'text'],
    ],
    location: [['address1_city', 'text']],
  },
  contact: { company: [['parentcustomerid', 'lookup']] },
  lead: { company: [['companyname', 'text']] },
  account: {
    website: [['websiteurl', 'text']],
    industry: [['industrycode', 'option']],
    employees: [['numberofemployees', 'text']],
  },
  opportunity: {
    amount: [['estimatedvalue', 'text']],
    stage: [
      ['salesstagecode', 'option'],
      ['stepname', 'text'],
    ],
    company: [
      ['parentaccountid', 'lookup'],
      ['customerid', 'lookup'],
    ],
  },
} as const satisfies Record<string, Record<string, readonly (readonly [string, DynamicsControl])[]>>;

/** What an empty field shows. */
export const EMPTY_VALUE = '---';

/** "Iberia Logística S.L.- Saved": the header shows the form's save state after the name. */
export const SAVE_STATE = /\s*-\s*(?:saved|unsaved|guardado|no guardado|sin guardar)\s*$/i;
