// Every Pipedrive selector Dealside uses, most stable first (SITES.md). Pipedrive's own test
// attributes (`data-testid`, `data-test`) and the person page's document title are the hooks;
// the generated `…-sc-…` styled-components classes change per deploy and are never used. Where
// no test attribute is known, links to Pipedrive's own routes (/person/<id>, /organization/<id>)
// and mailto:/tel: links are the semantic anchors.
export const PIPEDRIVE_SELECTORS = {
  /** Record header of deals (a textarea holds the editable title) and of newer detail views. */
  headerTitle: ['[data-testid="header-title"] textarea', '[data-testid="header-title"] input', '[data-testid="header-title"]'],
  leadTitle: ['[data-testid="SidebarLeadTitle"] textarea', '[data-testid="SidebarLeadTitle"] input', '[data-testid="SidebarLeadTitle"]'],
  /** the older detail views' heading, after the test attribute */
  detailHeading: ['.detailView h1'],
  phone: ['[data-test="phone-number-button"]', 'a[href^="tel:"]'],
  email: ['a[href^="mailto:"]'],
  personLink: ['a[href*="/person/"]'],
  organizationLink: ['a[href*="/organization/"]'],
  /** rows of the leads inbox: a panel holding these is the list, not one lead */
  leadLink: 'a[href*="/leads/"]',
  /** The app's chrome, not the record: the viewer's own e-mail sits in the account menu. */
  notRecord: 'nav, [role="navigation"], [role="menu"], [role="dialog"], [hidden], [aria-hidden="true"]',
} as const;

/** Document-title suffixes of detail pages ("María José García López - contact details"). */
export const TITLE_SUFFIXES = {
  person: [' - contact details', ' - detalles de contacto', ' - datos de contacto'],
  organization: [' - organization details', ' - detalles de la organización'],
} as const;
