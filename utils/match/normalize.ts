// First normalisers used by the store's lookups. Issue #5 grows these into the full matcher.

/** Lower-case, strip accents and punctuation, collapse spaces: "José  García-López" → "jose garcia lopez". */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Lower-cased, trimmed e-mail address, or undefined when it is not one. */
export function emailKey(email: string): string | undefined {
  const e = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : undefined;
}

/**
 * The identifying part of a LinkedIn profile or company URL: "in/<vanity>" or "company/<key>",
 * decoded and lower-cased, host and trailing sub-pages dropped. undefined when not such a URL.
 */
export function linkedinKey(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.startsWith('http') ? url : `https://${url}`);
  } catch {
    return undefined;
  }
  if (!/(^|\.)linkedin\.com$/i.test(u.hostname)) return undefined;
  const m = /^\/(in|company)\/([^/?#]+)/i.exec(u.pathname);
  if (!m || !m[1] || !m[2]) return undefined;
  let key = m[2];
  try {
    key = decodeURIComponent(key);
  } catch {
    // keep the raw segment when it is not valid percent-encoding
  }
  return `${m[1].toLowerCase()}/${key.normalize('NFC').toLowerCase()}`;
}

/** Lower-case host without "www.", from a URL or a bare domain. */
export function domainKey(urlOrDomain: string): string | undefined {
  const raw = urlOrDomain.trim().toLowerCase();
  if (!raw) return undefined;
  try {
    const host = new URL(raw.includes('://') ? raw : `https://${raw}`).hostname;
    return host.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

// Legal forms dropped from company names before comparing them. Multi-word forms are matched on
// the name's normalised tokens (so "S.A. de C.V." → "s a de c v").
const LEGAL_FORMS = [
  's a de c v', 's de r l de c v', 's a s', 's a c', 's r l', 's l u', 's l', 's a u', 's a', 'spa',
  'ltda', 'cia', 'inc', 'llc', 'ltd', 'limited', 'gmbh', 'corp', 'corporation', 'co', 'plc', 'ag', 'bv', 'sl', 'sa', 'sas', 'srl',
].sort((a, b) => b.length - a.length);

/** Company name without legal form or punctuation: "Iberia Logística, S.L." → "iberia logistica". */
export function companyKey(name: string): string {
  let key = ` ${nameKey(name).replace(/\s+y\s+|\s+and\s+/g, ' ')} `;
  for (const form of LEGAL_FORMS) key = key.replace(new RegExp(` ${form} $`), ' ');
  return key.replace(/^ the /, ' ').trim();
}
