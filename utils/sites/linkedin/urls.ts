// LinkedIn pages: public profiles (/in/<vanity or member id>), company pages (/company/<vanity or
// number>), people search, and Sales Navigator leads, accounts and searches. Everything else on
// LinkedIn (feed, messaging, jobs, login and authwall …) is no record and no list.
import type { PageKind, PageRef } from '../types';

// linkedin.com, www. and the localised two-letter hosts (es., uk., co., mx. …); not business. …
const HOST = /^(?:(?:www|[a-z]{2})\.)?linkedin\.com$/;
// Member ids (ACoAA…) and Sales Navigator ids (ACwAA…) are case-sensitive: kept as they appear.
const MEMBER_ID = /^AC[a-zA-Z]AA[\w-]+$/;
const NUMERIC = /^\d+$/;
// LinkedIn's minimum vanity length; it also drops /in/me/ (a redirect to the viewer's profile).
const MIN_PROFILE_VANITY = 3;
const RESERVED_COMPANY_PATHS = new Set(['setup']); // /company/setup/new/ creates a page

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // malformed percent-encoding: not a link LinkedIn would produce
  }
}

/**
 * The record id of /in/<segment> or /company/<segment>: member ids and numbers as they appear,
 * vanity names decoded, NFC-normalised (an accent may arrive as a separate combining mark) and
 * lower-cased, since LinkedIn treats them case-insensitively.
 */
function publicId(segment: string | undefined, minLength: number): string | null {
  const decoded = segment === undefined ? null : decodeSegment(segment);
  if (decoded === null || /\s/.test(decoded)) return null;
  if (MEMBER_ID.test(decoded)) return decoded;
  const vanity = decoded.normalize('NFC').toLowerCase();
  return vanity.length >= minLength ? vanity : null;
}

/** The Sales Navigator id of a lead segment such as `ACwAA…,NAME_SEARCH,abc`. */
function salesLeadId(segment: string | undefined): string | null {
  const decoded = segment === undefined ? null : decodeSegment(segment);
  const id = decoded?.split(',')[0];
  return id !== undefined && MEMBER_ID.test(id) ? id : null;
}

function ref(kind: PageKind, objectType: string, recordId: string | null): PageRef | null {
  return recordId === null ? null : { site: 'linkedin', kind, objectType, recordId };
}

function parseSalesNavigator(section?: string, first?: string): PageRef | null {
  switch (section) {
    case 'lead':
    case 'people': // the older form of the lead URL
      return ref('contact', 'sales-lead', salesLeadId(first));
    case 'company':
      return first !== undefined && NUMERIC.test(first)
        ? { site: 'linkedin', kind: 'account', objectType: 'sales-company', recordId: first }
        : null;
    case 'search':
      return first === 'people' || first === 'company'
        ? { site: 'linkedin', kind: 'list', objectType: 'sales-search' }
        : null;
    default:
      return null; // home, inbox, lists …
  }
}

export function parseLinkedInUrl(url: URL): PageRef | null {
  if (!HOST.test(url.hostname)) return null;
  const [section, first, second] = url.pathname.split('/').filter(Boolean);
  switch (section) {
    case 'in': // sub-pages (/details/…, /recent-activity/…, /overlay/…) are the same profile
      return ref('contact', 'profile', publicId(first, MIN_PROFILE_VANITY));
    case 'company':
      return first !== undefined && RESERVED_COMPANY_PATHS.has(first)
        ? null
        : ref('account', 'company', publicId(first, 1));
    case 'search':
      return first === 'results' && second === 'people'
        ? { site: 'linkedin', kind: 'list', objectType: 'people-search' }
        : null;
    case 'sales':
      return parseSalesNavigator(first, second);
    default:
      return null;
  }
}

const profile = (recordId: string): PageRef => ({
  site: 'linkedin',
  kind: 'contact',
  objectType: 'profile',
  recordId,
});
const company = (recordId: string): PageRef => ({
  site: 'linkedin',
  kind: 'account',
  objectType: 'company',
  recordId,
});

/** Example URLs, next to the detector they describe (the tests run them against every site). */
export const examples: Record<string, { url: string; expected: PageRef | null }> = {
  'Profile with a non-ASCII vanity name': {
    url: 'https://www.linkedin.com/in/maría-josé-garcía/',
    expected: profile('maría-josé-garcía'),
  },
  'Encoded vanity name on the Spanish host': {
    url: 'https://es.linkedin.com/in/jos%C3%A9-garc%C3%ADa-123/',
    expected: profile('josé-garcía-123'),
  },
  'Decomposed accents are normalised': {
    url: 'https://www.linkedin.com/in/jose%CC%81-pe%CC%81rez',
    expected: profile('josé-pérez'),
  },
  'Upper-case vanity name, query string': {
    url: 'https://www.linkedin.com/in/Carmen-Lopez-Ruiz?originalSubdomain=es',
    expected: profile('carmen-lopez-ruiz'),
  },
  'Member id instead of a vanity name': {
    url: 'https://www.linkedin.com/in/ACoAAB1x2y3Z4w5v6u7t8s9r0qPoNmLkJ/',
    expected: profile('ACoAAB1x2y3Z4w5v6u7t8s9r0qPoNmLkJ'),
  },
  'Profile experience sub-page, Mexican host': {
    url: 'https://mx.linkedin.com/in/alejandro-fernandez-ortiz/details/experience/',
    expected: profile('alejandro-fernandez-ortiz'),
  },
  'Profile activity, UK host': {
    url: 'https://uk.linkedin.com/in/lucia-martin/recent-activity/all/',
    expected: profile('lucia-martin'),
  },
  'Contact-info overlay, Colombian host': {
    url: 'https://co.linkedin.com/in/andres-gomez-restrepo/overlay/contact-info/',
    expected: profile('andres-gomez-restrepo'),
  },
  'Company about page': {
    url: 'https://www.linkedin.com/company/banco-santander/about/',
    expected: company('banco-santander'),
  },
  'Company by number, people tab': {
    url: 'https://www.linkedin.com/company/1441/people/',
    expected: company('1441'),
  },
  'Encoded company vanity, posts': {
    url: 'https://es.linkedin.com/company/telef%C3%B3nica/posts/?feedView=all',
    expected: company('telefónica'),
  },
  'Sales Navigator lead': {
    url: 'https://www.linkedin.com/sales/lead/ACwAAAbCdEfGhIjKlMnOpQrStUvWxYz0123,NAME_SEARCH,x9Yz?_ntb=abc',
    expected: {
      site: 'linkedin',
      kind: 'contact',
      objectType: 'sales-lead',
      recordId: 'ACwAAAbCdEfGhIjKlMnOpQrStUvWxYz0123',
    },
  },
  'Sales Navigator lead, older people path': {
    url: 'https://www.linkedin.com/sales/people/ACwAAAbCdEfGhIjKlMnOpQrStUvWxYz0123,OUT_OF_NETWORK,Ab1c',
    expected: {
      site: 'linkedin',
      kind: 'contact',
      objectType: 'sales-lead',
      recordId: 'ACwAAAbCdEfGhIjKlMnOpQrStUvWxYz0123',
    },
  },
  'Sales Navigator account': {
    url: 'https://www.linkedin.com/sales/company/162479',
    expected: {
      site: 'linkedin',
      kind: 'account',
      objectType: 'sales-company',
      recordId: '162479',
    },
  },
  'People search': {
    url: 'https://www.linkedin.com/search/results/people/?keywords=director%20comercial%20madrid',
    expected: { site: 'linkedin', kind: 'list', objectType: 'people-search' },
  },
  'Sales Navigator people search': {
    url: 'https://www.linkedin.com/sales/search/people?query=(keywords%3Acompras)',
    expected: { site: 'linkedin', kind: 'list', objectType: 'sales-search' },
  },
  'Sales Navigator account search': {
    url: 'https://www.linkedin.com/sales/search/company?query=(spellCorrectionEnabled%3Atrue)',
    expected: { site: 'linkedin', kind: 'list', objectType: 'sales-search' },
  },
  Feed: { url: 'https://www.linkedin.com/feed/', expected: null },
  Messaging: { url: 'https://www.linkedin.com/messaging/thread/2-abc123/', expected: null },
  Jobs: { url: 'https://www.linkedin.com/jobs/view/3912345678/', expected: null },
  Notifications: { url: 'https://www.linkedin.com/notifications/', expected: null },
  'My network': { url: 'https://www.linkedin.com/mynetwork/', expected: null },
  Login: { url: 'https://www.linkedin.com/login/es', expected: null },
  Authwall: {
    url: 'https://www.linkedin.com/authwall?trk=gf&sessionRedirect=https%3A%2F%2Fes.linkedin.com%2Fin%2Fmaria-garcia',
    expected: null,
  },
  Checkpoint: { url: 'https://www.linkedin.com/checkpoint/challenge/AgF8', expected: null },
  School: { url: 'https://www.linkedin.com/school/universidad-complutense-de-madrid/', expected: null },
  "The viewer's own-profile redirect": { url: 'https://www.linkedin.com/in/me/', expected: null },
  'Company page creation': { url: 'https://www.linkedin.com/company/setup/new/', expected: null },
  'All-results search': {
    url: 'https://www.linkedin.com/search/results/all/?keywords=garc%C3%ADa',
    expected: null,
  },
  'Sales Navigator home': { url: 'https://www.linkedin.com/sales/home', expected: null },
  'Malformed encoding': { url: 'https://www.linkedin.com/in/garc%ZZia/', expected: null },
};
