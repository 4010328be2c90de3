// The store's lookup keys (pure): nameKey, emailKey, linkedinKey, domainKey (and companyKey in
// company.ts). Saved records and indexes hold them: keep their meaning stable.

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
 * decoded and lower-cased, host (www., es., uk. …) and trailing sub-pages dropped; legacy
 * "/pub/<name>/<a>/<b>/<c>" profile URLs become "in/<name>-<c><b><a>", where LinkedIn redirects
 * them. undefined when not such a URL.
 */
export function linkedinKey(url: string): string | undefined {
  // the common forms without the URL parser (a test checks both paths agree)
  const fast = /^\s*(?:https?:\/\/)?(?:[a-z]{2,3}\.)?linkedin\.com\/(?:(?:m|mwlite)\/)?(in|company)\/([^/?#%\s]+)(?:[/?#][^\s]*)?\s*$/i.exec(url);
  if (fast) return `${fast[1]!.toLowerCase()}/${fast[2]!.normalize('NFC').toLowerCase()}`;
  let u: URL;
  try {
    const raw = url.trim();
    u = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return undefined;
  }
  if (!/(^|\.)linkedin\.com$/i.test(u.hostname)) return undefined;
  const path = u.pathname.replace(/^\/(?:m|mwlite)(?=\/)/i, '');
  const pub = /^\/pub\/([^/?#]+)\/([0-9a-f]{1,3})\/([0-9a-f]{1,3})\/([0-9a-f]{1,3})(?:\/|$)/i.exec(path);
  if (pub && pub[1] && pub[1].toLowerCase() !== 'dir') {
    return `in/${decodeSegment(pub[1])}-${pub[4]}${pub[3]}${pub[2]}`.toLowerCase();
  }
  const m = /^\/(in|company)\/([^/?#]+)/i.exec(path);
  if (!m || !m[1] || !m[2]) return undefined;
  return `${m[1].toLowerCase()}/${decodeSegment(m[2])}`;
}

function decodeSegment(segment: string): string {
  let key = segment;
  try {
    key = decodeURIComponent(key);
  } catch {
    // keep the raw segment when it is not valid percent-encoding
  }
  return key.normalize('NFC').toLowerCase();
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
