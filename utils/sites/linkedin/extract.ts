// Reading a LinkedIn profile or company page. Identity comes from the URL (the vanity name); the
// page gives name, headline, company and location. The viewer's own profile id appears on every
// page, so nothing here reads member URNs.
import { metaContent, textOf, waitFor, firstOf } from '../dom';
import { FieldReader, type ExtractContext, type ExtractResult } from '../extractor';
import { CURRENT_COMPANY_PREFIX, LINKEDIN_SELECTORS as S, NOT_FOUND_TITLES, SIGN_IN_TITLES } from './selectors';

/** "Directora Financiera en Iberia Logística" → title and company. */
export function splitHeadline(headline: string): { title: string; company?: string } {
  const m = /^(.*?)\s+(?:at|en|@|\|)\s+(.+)$/i.exec(headline);
  return m && m[1] && m[2] ? { title: m[1].trim(), company: m[2].trim() } : { title: headline };
}

/** A sign-in wall or a missing profile served at a profile URL (LinkedIn does both). */
function unavailableReason(c: ExtractContext): ExtractResult['unavailable'] {
  if (NOT_FOUND_TITLES.some((re) => re.test(c.doc.title))) return 'not-found';
  if (SIGN_IN_TITLES.some((re) => re.test(c.doc.title))) return 'sign-in';
  const canonical = c.doc.querySelector<HTMLLinkElement>(S.canonical)?.href;
  if (canonical !== undefined && /^https:\/\/[a-z]+\.linkedin\.com\/?$/.test(canonical)) return 'sign-in';
  return undefined;
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

async function extractProfile(c: ExtractContext): Promise<ExtractResult> {
  const read = new FieldReader(c.doc, 'linkedin.profile');
  const unavailable = unavailableReason(c);
  if (unavailable) return { ...read.result(null), unavailable };
  const name = await waitFor(
    c.doc,
    () => {
      const n = textOf(firstOf(c.doc, S.profileName)?.el, 200);
      return n && n !== c.previousName ? n : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  let fullName = name ? read.text('name', S.profileName, 200) : undefined;
  if (!fullName) {
    // Logged-out public profile: "Name - Headline | LinkedIn"
    const og = metaContent(c.doc, S.ogTitle);
    fullName = og?.split(/\s+[-–|]\s+/)[0]?.trim() || undefined;
    if (fullName) read.note('name', 'og:title', true);
    else {
      read.miss('name');
      return read.result(null);
    }
  }
  const headline = read.text('headline', S.headline);
  const companyLabel = read.found('currentCompany', S.currentCompany)?.el.getAttribute('aria-label') ?? undefined;
  // "Current company: Iberia Logística. Click to skip to experience card"
  const fromButton = companyLabel ? companyFromLabel(companyLabel) : undefined;
  const split = headline ? splitHeadline(headline) : undefined;
  const location = read.text('location', S.location, 200);
  if (!headline) read.miss('headline');
  if (!fromButton) read.miss('currentCompany');
  return read.result({
    type: 'person',
    fullName,
    title: split?.title,
    companyName: fromButton ?? split?.company,
    location,
    linkedinUrl: c.ref.recordId ? `https://www.linkedin.com/in/${encodeURIComponent(c.ref.recordId)}` : undefined,
  });
}

async function extractCompany(c: ExtractContext): Promise<ExtractResult> {
  const read = new FieldReader(c.doc, 'linkedin.company');
  const name = await waitFor(
    c.doc,
    () => {
      const n = textOf(firstOf(c.doc, S.companyName)?.el, 200);
      return n && n !== c.previousName ? n : undefined;
    },
    { signal: c.signal, timeoutMs: c.timeoutMs },
  );
  const companyName = name ? read.text('name', S.companyName, 200) : metaContent(c.doc, S.ogTitle)?.split(/\s+[|]\s+/)[0];
  if (!companyName) {
    read.miss('name');
    return read.result(null);
  }
  return read.result({
    type: 'company',
    name: companyName,
    linkedinCompanyId: c.ref.recordId,
    linkedinUrl: c.ref.recordId ? `https://www.linkedin.com/company/${encodeURIComponent(c.ref.recordId)}` : undefined,
  });
}

export async function extractLinkedin(c: ExtractContext): Promise<ExtractResult> {
  if (c.ref.objectType === 'profile') return extractProfile(c);
  if (c.ref.objectType === 'company') return extractCompany(c);
  return { entity: null, matched: [], missing: [], fallback: false };
}
