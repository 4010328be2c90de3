// Every HubSpot selector Dealside uses, most stable first. `data-selenium-test` attributes are
// what HubSpot's own test suite relies on (the record title one has held for ~6 years); the
// highlight container has changed several times, so nothing depends on a single one.
export const HUBSPOT_SELECTORS = {
  recordName: [
    '[data-selenium-test="highlightTitle"]',
    '[data-test-id="record-highlight-main-content"] h1',
    '[data-card-type="OBJECT_HIGHLIGHT"] h1',
  ],
  email: [
    '[data-selenium-test="property-input-email"]',
    '[data-selenium-test="highlightSubtitle"] a[href^="mailto:"]',
    '[data-card-type="OBJECT_HIGHLIGHT"] a[href^="mailto:"]',
  ],
  jobTitle: ['[data-selenium-test="property-input-jobtitle"]'],
  phone: ['[data-selenium-test="property-input-phone"]', '[data-card-type="OBJECT_HIGHLIGHT"] a[href^="tel:"]'],
  company: [
    '[data-selenium-test="company-chicklet-title-link"]',
    '[data-selenium-test="property-input-company"]',
  ],
  domain: ['[data-selenium-test="property-input-domain"]'],
  industry: ['[data-selenium-test="property-input-industry"]'],
  employees: ['[data-selenium-test="property-input-numberofemployees"]'],
  amount: ['[data-selenium-test="property-input-amount"]'],
  dealStage: ['[data-selenium-test="property-input-dealstage"]'],
} as const;
