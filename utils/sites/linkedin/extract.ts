// Reading a LinkedIn profile, company page, or Sales Navigator lead or account. Identity comes
// from the URL (the vanity name or id) and, on logged-out pages, the canonical link; the page
// gives name, headline, company and location. The viewer's own profile id appears on every page,
// so nothing here reads member URNs; organization URNs are read only inside the company's own
// top card.
import { firstOf, metaContent, textOf, waitFor } from '../dom';
import { FieldReader, type ExtractContext, type ExtractResult } from '../extractor';
import {
  CURRENT_COMPANY_PREFIX,
  DETAIL_LABELS,
  LINKEDIN_SELECTORS as S,
  NOT_FOUND_TITLES,
  PRIVATE_NAMES,
  PRIVATE_NOTICES,
  SIGN_IN_TITLES,
} from './selectors';
import { clipText } from '../clip';

type Unavailable = NonNullable<ExtractResult['unavailable']>;

const MAX_JSON_LD_CHARS = 50_000;
const MAX_JSON_LD_SCRIPTS = 5;
const MAX_HEADINGS = 20;
const MAX_DETAIL_TERMS = 60;
const MEMBER_OR_NUMERIC_ID = /^(?:AC[a-zA-Z]AA[\w-]+|\d+)$/;

/** "Directora Financiera en Iberia Logística" → title and company. */
export function splitHeadline(headline: string): { title: string; company?: string } {
  const m = /^(.*?)\s+(?:at|en|@|\|)\s+(.+)$/i.exec(headline);
  return m && m[1] && m[2] ? { title: m[1].trim(), company: m[2].trim() } : { title: headline };
}

/**
 * "Current company: Acme S.A. de C.V.. Click to skip to experience card" → "Acme S.A. de C.V."
 * The trailing hint is the sentence that mentions the experience card, in either language.
 */
export function companyFromLabel(label: string): string | undefined {
  const name = label
    .replace(CURRENT_COMPANY_PREFIX, '')
    .replace(/\.\s+[^.]*(experience|experiencia)[^.]*\.?\s*$/i, '')
    .trim();
  return name || undefined;
}

/** A sign-in wall, a missing page or a private profile served at a record URL (LinkedIn does all three). */
function unavailableReason(c: ExtractContext): Unavailable | undefined {
  const title = c.doc.title;
  if (NOT_FOUND_TITLES.some((re) => re.test(title))) return 'not-found';
  if (SIGN_IN_TITLES.some((re) => re.test(title))) return 'sign-in';
  const canonical = c.doc.querySelector<HTMLLinkElement>(S.canonical)?.href;
  if (canonical !== undefined && /^https:\/\/[a-z]+\.linkedin\.com\/?$/.test(canonical)) return 'sign-in';
  if (c.ref.objectType !== 'profile') return undefined;
  if (PRIVATE_NOTICES.some((re) => re.test(title))) return 'private';
  const name = textOf(firstOf(c.doc, [...S.profileName, ...S.profileNameFallback])?.el, 100)?.toLowerCase();
  if (name && PRIVATE_NAMES.includes(name)) return 'private';
  const headings = Array.from(c.doc.querySelectorAll(S.emptyState)).slice(0, MAX_HEADINGS);
  if (headings.some((h) => PRIVATE_NOTICES.some((re) => re.test(textOf(h, 200) ?? '')))) return 'private';
  return undefined;
}

type Named = { name: string; el: Element; selector: string; fallback: boolean };

/**
 * Waits until the page shows a record whose name differs from the one shown before an in-page
 * navigation, or shows that there is no record (sign-in wall, 404, private profile).
 */
async function waitForRecord(
  c: ExtractContext,
  find: () => Named | undefined,
): Promise<{ unavailable: Unavailable } | { named?: Named }> {
  const seen = await waitFor<{ unavailable: Unavailable } | { named: Named }>(
    c.doc,
    () => {
      const unavailable = unavailableReason(c);
      if (unavailable) return { unavailable };
      const named = find();
      return named && named.name !== c.previousName ? { named } : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  return seen ?? { named: find() };
}

/** The record's name: from the page's own anchors, else from the fallbacks (reported as such). */
function named(doc: ParentNode, primary: readonly string[], fallback: readonly string[] = []): Named | undefined {
  for (const [selectors, isFallback] of [
    [primary, false],
    [fallback, true],
  ] as const) {
    const hit = firstOf(doc, selectors);
    const name = textOf(hit?.el, 200);
    if (hit && name) return { name, el: hit.el, selector: hit.selector, fallback: isFallback };
  }
  return undefined;
}

/**
 * The /in/ or /company/ id the page's canonical link or og:url names, when it describes this
 * URL's record: the same vanity name, or any when the URL carries a member or numeric id (those
 * canonicalise to the vanity name). Localised hosts (es., uk. …) are accepted.
 */
function canonicalId(c: ExtractContext, section: 'in' | 'company'): string | undefined {
  const sources = [c.doc.querySelector(S.canonical)?.getAttribute('href'), metaContent(c.doc, S.ogUrl)];
  for (const raw of sources) {
    if (!raw) continue;
    try {
      const url = new URL(raw, c.url);
      if (!/(^|\.)linkedin\.com$/.test(url.hostname)) continue;
      const [first, id] = url.pathname.split('/').filter(Boolean);
      if (first !== section || !id) continue;
      const vanity = decodeURIComponent(id).normalize('NFC').toLowerCase();
      const recordId = c.ref.recordId;
      if (!recordId || recordId.toLowerCase() === vanity || MEMBER_OR_NUMERIC_ID.test(recordId)) return vanity;
    } catch {
      continue; // malformed URL or encoding
    }
  }
  return undefined;
}

/** The site behind a LinkedIn redirect link (/redir/redirect?url=…), as a bare domain. */
function domainOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    let url = new URL(/^[a-z][\w+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    const target = /(^|\.)linkedin\.com$/.test(url.hostname) ? url.searchParams.get('url') : null;
    if (target) url = new URL(target);
    if (/(^|\.)linkedin\.com$/.test(url.hostname)) return undefined;
    return url.hostname.toLowerCase().replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Profiles

async function extractProfile(c: ExtractContext): Promise<ExtractResult> {
  const read = new FieldReader(c.doc, 'linkedin.profile');
  const seen = await waitForRecord(c, () => named(c.doc, S.profileName, S.profileNameFallback));
  if ('unavailable' in seen) return { ...read.result(null), unavailable: seen.unavailable };
  let fullName = seen.named?.name;
  if (seen.named) read.note('name', seen.named.selector, seen.named.fallback);
  const vanity = canonicalId(c, 'in');
  // Logged-out public profile: "Name - Current company | LinkedIn"
  const [ogName, ogCompany] = (metaContent(c.doc, S.ogTitle) ?? '')
    .replace(/\s+\|\s+LinkedIn\s*$/i, '')
    .split(/\s+[-–|]\s+/)
    .map((s) => s.trim());
  if (!fullName) {
    fullName = ogName || undefined;
    if (fullName) read.note('name', 'og:title', true);
    else {
      read.miss('name');
      return read.result(null);
    }
  }
  // The logged-in and the logged-out page each have their own top card.
  const headline = read.text('headline', S.headline) ?? read.text('headline', S.publicHeadline);
  const companyLabel = read.found('currentCompany', S.currentCompany)?.el.getAttribute('aria-label') ?? undefined;
  // "Current company: Iberia Logística. Click to skip to experience card"
  const fromButton = companyLabel ? companyFromLabel(companyLabel) : undefined;
  const fromPublicCard = fromButton ? undefined : read.text('currentCompany', S.publicCurrentCompany, 200);
  const split = headline ? splitHeadline(headline) : undefined;
  const location = read.text('location', S.location, 200) ?? read.text('location', S.publicLocation, 200);
  if (!headline) read.miss('headline');
  if (!fromButton && !fromPublicCard) read.miss('currentCompany');
  const id = vanity ?? c.ref.recordId;
  return read.result({
    type: 'person',
    fullName: clipText(fullName, 200),
    title: split ? clipText(split.title, 300) : undefined,
    companyName: clipText(fromButton ?? fromPublicCard ?? split?.company ?? (vanity ? ogCompany : undefined) ?? '', 200) || undefined,
    location,
    linkedinUrl: id ? `https://www.linkedin.com/in/${encodeURIComponent(id)}` : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Company pages

type Strategy = { name: string; read: () => string | undefined; fallback?: boolean };

/** The first strategy that yields a value, recorded for selector health. */
function firstValue(read: FieldReader, field: string, strategies: readonly Strategy[]): string | undefined {
  for (const strategy of strategies) {
    const value = strategy.read();
    if (value) {
      read.note(field, strategy.name, strategy.fallback === true);
      return value;
    }
  }
  read.miss(field);
  return undefined;
}

type OrganizationLd = { name?: string; website?: string; employees?: string };

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The schema.org Organization in the page's JSON-LD (logged-out company pages), bounded. */
function organizationLd(doc: Document): OrganizationLd | undefined {
  for (const script of Array.from(doc.querySelectorAll(S.jsonLd)).slice(0, MAX_JSON_LD_SCRIPTS)) {
    const text = script.textContent ?? '';
    if (text.length > MAX_JSON_LD_CHARS) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const items: unknown[] = Array.isArray(data) ? data : [data, ...((data as { '@graph'?: unknown[] })?.['@graph'] ?? [])];
    for (const item of items) {
      if (!item || typeof item !== 'object') continue;
      const o = item as Record<string, unknown>;
      const types = ([] as unknown[]).concat(o['@type']);
      if (!types.some((t) => t === 'Organization' || t === 'Corporation')) continue;
      const sameAs = ([] as unknown[]).concat(o.sameAs).map(str).find((s) => s && domainOf(s));
      const employees = o.numberOfEmployees;
      return {
        name: str(o.name)?.trim(),
        website: sameAs,
        employees: str(employees && typeof employees === 'object' ? (employees as { value?: unknown }).value : employees),
      };
    }
  }
  return undefined;
}

/** The <dd> after a <dt> whose text is one of `labels` (a company's About details). */
function detail(doc: Document, labels: readonly string[]): Element | undefined {
  for (const dt of Array.from(doc.querySelectorAll(S.detailTerm)).slice(0, MAX_DETAIL_TERMS)) {
    if (!labels.includes((textOf(dt, 60) ?? '').toLowerCase())) continue;
    let dd = dt.nextElementSibling;
    while (dd && dd.localName !== 'dd' && dd.localName !== 'dt') dd = dd.nextElementSibling;
    if (dd?.localName === 'dd') return dd;
  }
  return undefined;
}

function organizationId(c: ExtractContext, nameEl: Element | undefined): { id: string; strategy: string } | undefined {
  const recordId = c.ref.recordId;
  if (recordId && /^\d+$/.test(recordId)) return { id: recordId, strategy: 'url' };
  const card = nameEl?.closest(S.companyTopCard);
  const hit = (card && firstOf(card, S.organizationUrn)) ?? firstOf(c.doc, [S.pageOrganizationUrn]);
  if (!hit) return undefined;
  const attrs = ['data-entity-urn', 'data-urn', 'data-semaphore-content-urn'].map((a) => hit.el.getAttribute(a) ?? '');
  const id = attrs.map((v) => /^urn:li:organization:(\d+)$/.exec(v)?.[1]).find(Boolean);
  return id ? { id, strategy: hit.selector } : undefined;
}

async function extractCompany(c: ExtractContext): Promise<ExtractResult> {
  const read = new FieldReader(c.doc, 'linkedin.company');
  const seen = await waitForRecord(c, () => named(c.doc, S.companyName, S.companyNameFallback));
  if ('unavailable' in seen) return { ...read.result(null), unavailable: seen.unavailable };
  const vanity = canonicalId(c, 'company');
  // JSON-LD only where it describes this URL's company (logged-out pages are full page loads).
  const ld = vanity ? organizationLd(c.doc) : undefined;
  const fromStructured = ld?.name ?? metaContent(c.doc, S.ogTitle)?.split(/\s+\|\s+/)[0]?.trim();
  const name = seen.named?.name ?? fromStructured;
  if (!name) {
    read.miss('name');
    return read.result(null);
  }
  if (seen.named) read.note('name', seen.named.selector, seen.named.fallback);
  else read.note('name', ld?.name ? 'json-ld name' : 'og:title', true);

  const byQuery = (selector: string, max = 200) => ({ name: selector, read: () => textOf(c.doc.querySelector(selector), max) });
  const domain = firstValue(read, 'website', [
    { name: 'json-ld sameAs', read: () => domainOf(ld?.website) },
    ...S.aboutWebsite.map((selector) => ({
      name: selector,
      read: () => domainOf(c.doc.querySelector(selector)?.getAttribute('href') ?? undefined),
    })),
    {
      name: 'dt "website"',
      read: () => {
        const dd = detail(c.doc, DETAIL_LABELS.website);
        return domainOf(dd?.querySelector('a')?.getAttribute('href') ?? textOf(dd));
      },
    },
  ]);
  const industry = firstValue(read, 'industry', [
    ...S.aboutIndustry.map((selector) => byQuery(selector)),
    { name: 'dt "industry"', read: () => textOf(detail(c.doc, DETAIL_LABELS.industry), 200) },
    // the summary line under a logged-in page's name starts with the industry
    { ...byQuery(S.topCardInfoItems), fallback: true },
  ]);
  const size = firstValue(read, 'size', [
    ...S.aboutSize.map((selector) => byQuery(selector, 100)),
    { name: 'dt "company size"', read: () => textOf(detail(c.doc, DETAIL_LABELS.size), 100) },
    // LinkedIn's JSON-LD counts the members who list the company: a size, but not the range
    { name: 'json-ld numberOfEmployees', read: () => ld?.employees?.slice(0, 100) },
    {
      name: S.topCardInfoItems,
      fallback: true,
      read: () =>
        Array.from(c.doc.querySelectorAll(S.topCardInfoItems))
          .slice(0, 8)
          .map((el) => textOf(el, 100))
          .find((t) => t && /\d.*\b(employees|empleados)\b/i.test(t)),
    },
  ]);

  const org = organizationId(c, seen.named?.el);
  if (org) read.note('organizationId', org.strategy, false);
  else read.miss('organizationId');
  const id = vanity ?? c.ref.recordId;
  return read.result({
    type: 'company',
    name: clipText(name, 200),
    domain,
    industry,
    size,
    linkedinCompanyId: org?.id ?? c.ref.recordId,
    linkedinUrl: id ? `https://www.linkedin.com/company/${encodeURIComponent(id)}` : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Sales Navigator

/** The public profile URL a Sales Navigator top card links to, if it shows one. */
function publicProfileUrl(card: ParentNode): string | undefined {
  const href = card.querySelector(S.publicProfileLink)?.getAttribute('href');
  const vanity = href ? /linkedin\.com\/in\/([^/?#]+)/.exec(href)?.[1] : undefined;
  if (!vanity) return undefined;
  try {
    return `https://www.linkedin.com/in/${encodeURIComponent(decodeURIComponent(vanity).normalize('NFC').toLowerCase())}`;
  } catch {
    return undefined;
  }
}

async function extractSalesLead(c: ExtractContext): Promise<ExtractResult> {
  const read = new FieldReader(c.doc, 'linkedin.sales-lead');
  const seen = await waitForRecord(c, () => named(c.doc, S.salesLeadName, S.salesLeadNameFallback));
  if ('unavailable' in seen) return { ...read.result(null), unavailable: seen.unavailable };
  if (!seen.named) {
    read.miss('name');
    return read.result(null);
  }
  read.note('name', seen.named.selector, seen.named.fallback);
  // Only the lead's own top card: similar-lead rows carry the same data-anonymize roles.
  const card = seen.named.el.closest(S.salesTopCard) ?? c.doc;
  const field = new FieldReader(card, 'linkedin.sales-lead');
  const headline = field.text('headline', [S.salesHeadline]);
  const split = headline ? splitHeadline(headline) : undefined;
  const title = field.text('jobTitle', [S.salesJobTitle]) ?? split?.title;
  const company = field.text('company', [S.salesCompany], 200) ?? split?.company;
  const location = field.text('location', [S.salesLocation], 200);
  read.matched.push(...field.matched);
  for (const [key, value] of Object.entries({ headline, title, company, location })) if (!value) read.miss(key);
  return read.result({
    type: 'person',
    fullName: seen.named.name,
    title: title === undefined ? undefined : clipText(title, 300),
    companyName: company === undefined ? undefined : clipText(company, 200),
    location,
    linkedinUrl: publicProfileUrl(card),
  });
}

async function extractSalesAccount(c: ExtractContext): Promise<ExtractResult> {
  const read = new FieldReader(c.doc, 'linkedin.sales-company');
  const seen = await waitForRecord(c, () => named(c.doc, S.salesAccountName));
  if ('unavailable' in seen) return { ...read.result(null), unavailable: seen.unavailable };
  if (!seen.named) {
    read.miss('name');
    return read.result(null);
  }
  read.note('name', seen.named.selector, seen.named.fallback);
  // Only the account's own header: related-account cards carry the same roles.
  const card = seen.named.el.closest(S.salesTopCard) ?? c.doc;
  const field = new FieldReader(card, 'linkedin.sales-company');
  const industry = field.text('industry', [S.salesIndustry], 200);
  const size = field.text('size', [S.salesSize], 100);
  const domain = domainOf(field.found('website', [S.salesWebsite])?.el.getAttribute('href') ?? undefined);
  read.matched.push(...field.matched);
  for (const [key, value] of Object.entries({ industry, size, website: domain })) if (!value) read.miss(key);
  const id = c.ref.recordId;
  return read.result({
    type: 'company',
    name: seen.named.name,
    domain,
    industry,
    size,
    linkedinCompanyId: id,
    linkedinUrl: id ? `https://www.linkedin.com/company/${id}` : undefined,
  });
}

export async function extractLinkedin(c: ExtractContext): Promise<ExtractResult> {
  switch (c.ref.objectType) {
    case 'profile':
      return extractProfile(c);
    case 'company':
      return extractCompany(c);
    case 'sales-lead':
      return extractSalesLead(c);
    case 'sales-company':
      return extractSalesAccount(c);
    default:
      return { entity: null, matched: [], missing: [], fallback: false };
  }
}
