// Every LinkedIn selector Dealside uses. Most of LinkedIn's classes are hashed per deploy; the
// few below have held for years. Structured data (canonical link, Open Graph) comes first where
// it exists; the current-company button is found by its ARIA label in English and Spanish.
export const LINKEDIN_SELECTORS = {
  profileName: ['main h1.text-heading-xlarge', 'main h1', 'h1[data-anonymize="person-name"]'],
  headline: ['main .text-body-medium.break-words', 'main div.text-body-medium'],
  location: ['main span.text-body-small.inline.t-black--light', 'main span.text-body-small.inline'],
  currentCompany: ['main button[aria-label^="Current company:"]', 'main button[aria-label^="Empresa actual:"]'],
  companyName: ['main h1', 'h1'],
  canonical: 'link[rel="canonical"]',
  ogTitle: 'meta[property="og:title"]',
} as const;

/** Titles of pages that show no profile, in English and Spanish. */
export const SIGN_IN_TITLES = [/log in or sign up/i, /inicia sesión o regístrate/i, /^sign up/i, /^iniciar sesión/i, /^sign in/i];
export const NOT_FOUND_TITLES = [/page not found/i, /página no encontrada/i, /profile not found/i, /perfil no encontrado/i];

export const CURRENT_COMPANY_PREFIX = /^(Current company|Empresa actual):\s*/i;
