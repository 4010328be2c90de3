// Every LinkedIn selector Dealside uses. Most of LinkedIn's classes are hashed per deploy; the
// few below have held for years. Structured data (canonical link, Open Graph, JSON-LD) comes first
// where it exists and describes the page's own URL; then test and analytics attributes
// (`data-test-id`, `data-tracking-control-name`, Sales Navigator's `data-x--…` and
// `data-anonymize`); then headings and ARIA labels (English and Spanish); classes last.
export const LINKEDIN_SELECTORS = {
  // Profiles: logged in (text-heading-xlarge …) and logged out (top-card-layout__…). The main
  // heading is the page's own anchor; a heading elsewhere is a fallback.
  profileName: ['main h1.text-heading-xlarge', 'main h1'],
  profileNameFallback: ['h1[data-anonymize="person-name"]'],
  headline: ['main .text-body-medium.break-words', 'main div.text-body-medium'],
  location: ['main span.text-body-small.inline.t-black--light', 'main span.text-body-small.inline'],
  publicHeadline: ['main .top-card-layout__headline'],
  publicLocation: ['main .top-card-layout__first-subline .top-card__subline-item'],
  currentCompany: ['main button[aria-label^="Current company:"]', 'main button[aria-label^="Empresa actual:"]'],
  publicCurrentCompany: ['main a[data-tracking-control-name="public_profile_topcard_current_company"]'],

  // Company pages.
  companyName: ['main h1.org-top-card-summary__title', 'main h1'],
  companyNameFallback: ['h1'],
  /** the top card around the company name: ids found there are this company's, not a neighbour's */
  companyTopCard: '.org-top-card, section, header',
  aboutWebsite: ['[data-test-id="about-us__website"] dd a', 'a[data-tracking-control-name="about_website"]'],
  aboutIndustry: ['[data-test-id="about-us__industry"] dd'],
  aboutSize: ['[data-test-id="about-us__size"] dd'],
  /** the summary line under a logged-in company page's name: industry · place · followers · size */
  topCardInfoItems: '.org-top-card-summary-info-list__info-item',
  organizationUrn: [
    '[data-entity-urn^="urn:li:organization:"]',
    '[data-urn^="urn:li:organization:"]',
    '[data-semaphore-content-urn^="urn:li:organization:"]',
  ],
  /** The report menu of a logged-out page names the page's own organization. */
  pageOrganizationUrn: '[data-semaphore-content-urn^="urn:li:organization:"]',

  // Sales Navigator.
  salesLeadName: ['h1[data-x--lead--name]'],
  salesLeadNameFallback: ['h1[data-anonymize="person-name"]'],
  salesAccountName: ['[data-x--account--name]'],
  /**
   * Fields by their data-anonymize role, read only inside the lead's or account's own top card:
   * the same roles mark every row of "similar leads" lists and search results, where job-title
   * holds another person's position.
   */
  salesHeadline: '[data-anonymize="headline"]',
  salesJobTitle: '[data-anonymize="job-title"]',
  salesCompany: '[data-anonymize="company-name"]',
  salesLocation: '[data-anonymize="location"]',
  salesIndustry: '[data-anonymize="industry"]',
  salesSize: '[data-anonymize="company-size"]',
  salesWebsite: 'a[data-control-name="visit_company_website"]',
  salesTopCard: 'section, header',
  publicProfileLink: 'a[href*="linkedin.com/in/"]',

  canonical: 'link[rel="canonical"]',
  ogTitle: 'meta[property="og:title"]',
  ogUrl: 'meta[property="og:url"]',
  jsonLd: 'script[type="application/ld+json"]',
  emptyState: 'main h1, main h2, .artdeco-empty-state__headline',
  detailTerm: 'main dt',
} as const;

/** Titles of pages that show no profile, in English and Spanish. */
export const SIGN_IN_TITLES = [/log in or sign up/i, /inicia sesión o regístrate/i, /^sign up/i, /^iniciar sesión/i, /^sign in/i];
export const NOT_FOUND_TITLES = [/page not found/i, /página no encontrada/i, /profile not found/i, /perfil no encontrado/i];

/** A profile the viewer may not see: LinkedIn shows this name, or says so. */
export const PRIVATE_NAMES = ['linkedin member', 'miembro de linkedin'];
export const PRIVATE_NOTICES = [/this profile is not available/i, /este perfil no está disponible/i];

export const CURRENT_COMPANY_PREFIX = /^(Current company|Empresa actual):\s*/i;

/** The labels of a company's About details (dt), English and Spanish. */
export const DETAIL_LABELS = {
  website: ['website', 'sitio web'],
  industry: ['industry', 'sector'],
  size: ['company size', 'tamaño de la empresa'],
} as const;
