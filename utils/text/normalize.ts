// Normalisers for matching people and companies (pure). The first five exports (nameKey,
// emailKey, linkedinKey, domainKey, companyKey) are also the store's lookup keys: keep their
// meaning stable.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { expandGivenNickname, isKnownGivenName } from './nicknames';
import { oneSlipApart } from './similarity';

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

// ---------------------------------------------------------------------------------------------
// Text

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Lower-case without accents or compatibility forms ("Ñúñez" → "nunez", "Mª" → "ma", "ß" →
 * "ss"); punctuation is kept.
 */
export function foldText(s: string): string {
  // Fast path: plain ASCII needs only lower-casing.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => SPECIAL_LETTERS[c] ?? c);
}

// Windows-1252's characters for the bytes 0x80–0x9f (Latin-1 has control codes there).
const CP1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};
// A UTF-8 lead byte (Ã, Â, Ä, Å …) read as a Latin-1 / Windows-1252 letter, followed by a
// continuation byte read the same way: "GarcÃ­a", "NÃºÃ±ez", "Ã‰rica".
const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/**
 * Text that was UTF-8 but was decoded as Latin-1 or Windows-1252 somewhere on its way (an old
 * export, a CSV opened in the wrong encoding), decoded again: "JosÃ© GarcÃ­a" → "José García".
 * Text that is not such a mis-decoding comes back unchanged.
 */
export function repairMojibake(s: string): string {
  if (!MOJIBAKE.test(s)) return s;
  const bytes: number[] = [];
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const b = code < 0x100 ? code : CP1252[ch];
    if (b === undefined) return s;
    bytes.push(b);
  }
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i]!;
    const n = b0 < 0x80 ? 0 : b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : -1;
    if (n < 0) return s;
    let code = n === 0 ? b0 : b0 & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return s;
      code = (code << 6) | (b & 0x3f);
    }
    out += String.fromCodePoint(code);
    i += n + 1;
  }
  return out;
}

/** Folded words: letters and digits only ("O'Brien-Núñez" → ["obrien", "nunez"]). */
export function wordsOf(s: string): string[] {
  return foldText(s)
    .replace(/['’‘`´]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Person names

/** A person's name as tokens: given names, then surnames (particles glued on: "delafuente"). */
export interface PersonName {
  given: readonly string[];
  family: readonly string[];
  /** another plausible reading of a full name whose split is uncertain ("Juan Martín López") */
  alt?: { given: readonly string[]; family: readonly string[] };
  /** a given name was a nickname standing for two names ("Chema" → "jose maria") */
  expanded?: boolean;
  /**
   * A generation marker after the name: father and son share name and company and are two
   * people. 'jr' for Jr., junior, hijo, II; 'sr' for Sr., senior, padre; 'iii', 'iv'.
   */
  generation?: Generation;
}

export type Generation = 'jr' | 'sr' | 'iii' | 'iv';

const GENERATIONS: Record<string, Generation> = {
  jr: 'jr', junior: 'jr', hijo: 'jr', ii: 'jr', sr: 'sr', senior: 'sr', padre: 'sr', iii: 'iii', iv: 'iv',
};
// At the end of a name, after a space or comma, maybe in brackets: "Antonio Molina Jr.",
// "Molina, Antonio (hijo)", "Antonio Molina, Sr". "Sr." in front is a title (Señor), not this.
const GENERATION_AT_END = /[\s,]+\(?\s*(jr|junior|hijo|ii|iii|iv|sr|senior|padre)\s*\.?\s*\)?\s*$/i;

/** A name without its generation marker, and the marker. */
function splitGeneration(raw: string): [string, Generation | undefined] {
  const m = GENERATION_AT_END.exec(raw);
  if (!m || m.index === 0) return [raw, undefined];
  const rest = raw.slice(0, m.index);
  // "María José" is not "María Jos" + "é"; a name must remain
  if (!/\p{L}/u.test(rest)) return [raw, undefined];
  return [rest, GENERATIONS[m[1]!.toLowerCase()]];
}

const TITLES = new Set(
  'sr sra srta don dona dr dra lic licda lcdo lcda ing arq mr mrs ms miss mx prof profa dn sir dame mtro mtra'.split(' '),
);
const SUFFIXES = new Set('jr sr ii iii iv phd mba md pmp cpa msc bsc ba dds esq csm cfa mpa llm'.split(' '));
const PARTICLES = new Set('de del la las los van von der den da das do dos di du le st san santa mac'.split(' '));
const CONJUNCTIONS = new Set(['y', 'i', 'e']);
// Maps, not objects: a word such as "constructor" or "valueOf" must not find Object's own members
const GIVEN_ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries({ ma: 'maria', fco: 'francisco', fdo: 'fernando', jno: 'juan' }));
const FAMILY_ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  fdez: 'fernandez', fndez: 'fernandez', glez: 'gonzalez', gzlez: 'gonzalez', gonz: 'gonzalez',
  rguez: 'rodriguez', rodz: 'rodriguez', rdguez: 'rodriguez', mtnez: 'martinez', mtz: 'martinez',
  martz: 'martinez', hdez: 'hernandez', hndez: 'hernandez', hdz: 'hernandez', sdez: 'sanchez', gtz: 'gutierrez',
}));
/** Surnames that are also given names: a three-word name with one in the middle is ambiguous. */
const SURNAME_TOO = new Set(
  'martin cruz gil roman pascual marcos andres lorenzo domingo esteban benito leon salvador nicolas ' +
    'sebastian tomas mateo simon ramon felipe alonso santos reyes luz paz rosa ' +
    'james thomas lewis morgan taylor jordan kelly ryan scott grant lee owen howard henry allen george ' +
    'douglas russell wayne dean craig ross murray graham'.split(' '),
);

interface Seg {
  /** particles glued before the word in a surname ("de la" → "dela") */
  p: string;
  t: string;
  /** written in capitals ("GARCÍA") */
  caps: boolean;
}

const SIMPLE_WORD = /^[a-z0-9]+$/;

function segmentsOf(raw: string): Seg[] {
  let text = raw;
  if (text.includes('ª') || text.includes('ᵃ')) text = text.replace(/\bM\.?\s?[ªᵃ]/giu, 'María ');
  if (/[(（[{]/.test(text)) text = text.replace(/[(（[{].*?[)）\]}]/g, ' ');
  const out: Seg[] = [];
  for (const word of text.split(/[\s\-‐‑–—_.,;:/\\|+&]+/)) {
    if (!word) continue;
    const lower = word.toLowerCase();
    const caps = word !== lower && word.length >= 2 && word === word.toUpperCase() && /\p{L}.*\p{L}/u.test(word);
    if (SIMPLE_WORD.test(lower)) out.push({ p: '', t: lower, caps });
    else for (const t of wordsOf(word)) out.push({ p: '', t, caps });
  }
  // titles first, credentials last
  while (out.length > 1 && TITLES.has(out[0]!.t)) out.shift();
  while (out.length > 1 && SUFFIXES.has(out[out.length - 1]!.t)) out.pop();
  // glue particles onto the next word, drop conjunctions between surnames
  const glued: Seg[] = [];
  let pending = '';
  for (let i = 0; i < out.length; i++) {
    const s = out[i]!;
    const next = out[i + 1];
    if (next && PARTICLES.has(s.t) && (glued.length > 0 || pending || out.length > 2 || s.t !== 'san')) {
      pending += s.t;
      continue;
    }
    if (CONJUNCTIONS.has(s.t) && next && glued.length > 0 && !pending && next.t.length > 1 && glued[glued.length - 1]!.t.length > 1) {
      continue;
    }
    glued.push({ p: pending, t: s.t, caps: s.caps });
    pending = '';
  }
  return glued;
}

function givenTokens(segs: Seg[], out: PersonName): string[] {
  const tokens: string[] = [];
  for (const s of segs) {
    const t = GIVEN_ABBREVIATIONS.get(s.t) ?? s.t;
    const expansion = expandGivenNickname(t) ?? splitGluedGiven(t);
    if (expansion) {
      tokens.push(...expansion);
      out.expanded = true;
    } else tokens.push(t);
  }
  return tokens;
}

/** "josemaria" → ["jose", "maria"] when both halves are known given names. */
function splitGluedGiven(t: string): readonly string[] | undefined {
  if (t.length < 7 || isKnownGivenName(t)) return undefined;
  for (let i = 3; i <= t.length - 3; i++) {
    const a = t.slice(0, i);
    const b = t.slice(i);
    if (isKnownGivenName(a) && isKnownGivenName(b)) return [a, b];
  }
  return undefined;
}

function familyTokens(segs: Seg[]): string[] {
  return segs.map((s) => {
    const t = FAMILY_ABBREVIATIONS.get(s.t) ?? s.t;
    return s.p + t;
  });
}

function isGivenSeg(s: Seg): boolean {
  return isKnownGivenName(s.t) || GIVEN_ABBREVIATIONS.has(s.t);
}

function splitFullName(raw: string): PersonName {
  const [plain, generation] = splitGeneration(raw.replace(/\s*(\||•|·| [-–—] ).*$/u, ''));
  const out = splitFullNameParts(plain);
  return generation ? { ...out, generation } : out;
}

function splitFullNameParts(raw: string): PersonName {
  let text = raw;
  const comma = text.split(',');
  if (comma.length >= 2) {
    const after = comma.slice(1).join(' ');
    const afterWords = wordsOf(after);
    const before = comma[0]!.trim();
    const credentials =
      afterWords.every((w) => SUFFIXES.has(w) || TITLES.has(w)) ||
      (/^[\s\p{Lu}.]{2,6}$/u.test(after) && /\s/.test(before) && before !== before.toUpperCase());
    if (credentials) text = comma[0]!;
    else {
      const out: PersonName = { given: [], family: [] };
      out.family = familyTokens(segmentsOf(comma[0]!));
      out.given = givenTokens(segmentsOf(after), out);
      return out;
    }
  }
  const segs = segmentsOf(text);
  const out: PersonName = { given: [], family: [] };
  const n = segs.length;
  if (n === 0) return out;
  if (n === 1) {
    out.given = givenTokens(segs, out);
    return out;
  }
  // "José GARCÍA LÓPEZ" or "GARCÍA LÓPEZ José": the words in capitals are the surnames.
  const capsCount = segs.filter((s) => s.caps).length;
  if (capsCount > 0 && capsCount < n) {
    const firstCaps = segs.findIndex((s) => s.caps);
    const lastCaps = n - 1 - [...segs].reverse().findIndex((s) => s.caps);
    if (lastCaps - firstCaps + 1 === capsCount && (firstCaps === 0 || lastCaps === n - 1)) {
      const family = segs.slice(firstCaps, lastCaps + 1);
      const given = firstCaps === 0 ? segs.slice(lastCaps + 1) : segs.slice(0, firstCaps);
      out.given = givenTokens(given, out);
      out.family = familyTokens(family);
      return out;
    }
  }
  let g = 1;
  while (g < n - 1 && g < 3 && (isGivenSeg(segs[g]!) || (segs[g]!.t.length === 1 && segs[g - 1]!.t.length === 1))) g++;
  out.given = givenTokens(segs.slice(0, g), out);
  out.family = familyTokens(segs.slice(g));
  if (n >= 3) {
    const ambiguous = g === 1 ? isGivenSeg(segs[1]!) : SURNAME_TOO.has(segs[g - 1]!.t);
    if (ambiguous || n === 3) {
      const altG = g === 1 ? 2 : g - 1;
      if (altG >= 1 && altG <= n - 1) {
        const tmp: PersonName = { given: [], family: [] };
        out.alt = { given: givenTokens(segs.slice(0, altG), tmp), family: familyTokens(segs.slice(altG)) };
      }
    }
  }
  return out;
}

/**
 * Parse a person's name from first / last name fields or a full name. Handles accents and case,
 * particles ("de la Fuente" → "delafuente"), hyphenated and double surnames, initials, titles and
 * credentials ("Dr.", "MBA"), "Apellidos, Nombre", surnames in capitals, nicknames standing for
 * two names ("Chema" → José María) and glued double names ("Josemaria").
 */
export function parsePersonName(input: { givenName?: string; familyName?: string; fullName?: string }): PersonName {
  const given = input.givenName?.trim() ?? '';
  const [family, generation] = splitGeneration(input.familyName?.trim() ?? '');
  if (given && family) {
    const g = givenPart(given);
    const f = familyPart(family);
    if (g.given.length && f.length) {
      const name: PersonName = g.expanded ? { given: g.given, family: f, expanded: true } : { given: g.given, family: f };
      return generation ? { ...name, generation } : name;
    }
  }
  if (given && !family) {
    const parsed = fullPart(given);
    if (parsed.given.length) return parsed;
  }
  if (family && !given) return generation ? { given: [], family: familyPart(family), generation } : { given: [], family: familyPart(family) };
  const full = input.fullName?.trim() || `${given} ${family}`.trim();
  return fullPart(full);
}

// Names repeat across records (a CRM has many Josés and many Garcías): the parts are cached,
// bounded, and frozen because they are shared.
const cacheClearers: Array<() => void> = [];
let cacheCap = Infinity;
function cachedBy<T>(fn: (s: string) => T, limit = 100_000): (s: string) => T {
  let cache = new Map<string, T>();
  cacheClearers.push(() => (cache = new Map()));
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size >= limit || cache.size >= cacheCap) cache = new Map();
      cache.set(s, v);
    }
    return v;
  };
}

/**
 * Empty the caches of name parts: a batch that is done adding records needs them no more, and at
 * a million rows they hold some 30 MB of the heap (most of it full names, nearly all different).
 */
export function clearNameCaches(): void {
  for (const clear of cacheClearers) clear();
}

/**
 * Keep each cache of name parts under this many entries (default: 100,000 each). The dedupe CLI
 * keeps them small: a file's full names are nearly all different, and 100,000 cached ones are
 * some 25 MB of heap that save little time; the given names and surnames that repeat fit.
 */
export function capNameCaches(entries: number): void {
  cacheCap = entries;
  clearNameCaches();
}

function freezeName(n: PersonName): PersonName {
  Object.freeze(n.given);
  Object.freeze(n.family);
  if (n.alt) {
    Object.freeze(n.alt.given);
    Object.freeze(n.alt.family);
    Object.freeze(n.alt);
  }
  return Object.freeze(n);
}

const givenPart = cachedBy((raw: string) => {
  const out: PersonName = { given: [], family: [] };
  out.given = givenTokens(segmentsOf(raw), out);
  return freezeName(out);
});
const familyPart = cachedBy((raw: string): readonly string[] => Object.freeze(familyTokens(segmentsOf(raw))));
const fullPart = cachedBy((raw: string) => freezeName(splitFullName(raw)));

// ---------------------------------------------------------------------------------------------
// E-mail

const ROLE_LOCALS = new Set(
  ('info informacion contact contacto contactus hola hello hi ventas sales comercial admin administracion ' +
    'administration soporte support help ayuda marketing rrhh hr jobs empleo trabajo careers facturacion billing ' +
    'invoices facturas office oficina recepcion reception noreply donotreply mailer postmaster webmaster team ' +
    'equipo general mail email correo prensa press media atencion atencionalcliente clientes customers ' +
    'customerservice service servicio servicios compras purchasing pedidos orders gerencia direccion management ' +
    'legal contabilidad accounting finance finanzas it sistemas security seguridad privacy dpo abuse').split(' '),
);

/** the longest local part that can be a role word with separators and digits ("atencion.al.cliente.24") */
const ROLE_LOCAL_MAX = 40;

const FREE_MAIL = new Set(
  ('gmail.com googlemail.com hotmail.com outlook.com live.com msn.com yahoo.com ymail.com rocketmail.com aol.com ' +
    'icloud.com me.com mac.com protonmail.com proton.me pm.me gmx.com gmx.net gmx.de gmx.es web.de mail.com zoho.com ' +
    'zohomail.com yandex.com yandex.ru mail.ru tutanota.com tuta.io fastmail.com hushmail.com qq.com 163.com 126.com ' +
    'terra.es terra.com telefonica.net movistar.es ono.com orange.es vodafone.es jazztel.es ya.com wanadoo.es ' +
    'euskaltel.net telecable.es latinmail.com prodigy.net.mx uol.com.br bol.com.br terra.com.br ig.com.br ' +
    'fibertel.com.ar speedy.com.ar arnet.com.ar une.net.co etb.net.co cantv.net netzero.net comcast.net ' +
    'verizon.net att.net sbcglobal.net btinternet.com sky.com virginmedia.com libero.it orange.fr free.fr laposte.net ' +
    'sapo.pt t-online.de').split(' '),
);
const FREE_MAIL_BRANDS = /^(?:hotmail|outlook|live|yahoo|ymail|gmail|gmx|yandex|aol|msn|icloud)\./;

/** A mail provider whose domain says nothing about the person's company (gmail.com, hotmail.es …). */
export function isFreeMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return FREE_MAIL.has(d) || FREE_MAIL_BRANDS.test(d);
}

// The providers whose misspellings are common enough to correct (gmial.com, hotmial.es, yahooo.com).
const FREE_MAIL_MAIN = ['gmail.com', 'hotmail.com', 'hotmail.es', 'yahoo.com', 'yahoo.es', 'outlook.com', 'outlook.es', 'live.com', 'icloud.com', 'yahoo.com.mx', 'hotmail.co.uk'];

/** The free-mail domain a domain misspells by one slip ("gmial.com" → "gmail.com"), if any. */
function freeMailTypo(domain: string): string | undefined {
  for (const main of FREE_MAIL_MAIN) if (oneSlipApart(domain, main)) return main;
  return undefined;
}

export interface EmailParts {
  /** the address as compared: lower-case, "+tag" dropped, Gmail dots dropped, googlemail → gmail */
  key: string;
  local: string;
  domain: string;
  /** a shared role mailbox (info@, ventas@, support@ …): says little about who the person is */
  role: boolean;
  freeMail: boolean;
}

/** Parse and canonicalise an address ("J.O.H.N+crm@GoogleMail.com" → key "john@gmail.com"). */
export function emailParts(raw: string): EmailParts | undefined {
  // (plain string tests before each regular expression: this runs for every address of every record)
  let e = raw.trim().toLowerCase();
  if (e.startsWith('mailto:')) e = e.slice(7);
  if (e.includes('<')) {
    const angle = /<([^<>]+)>/.exec(e);
    if (angle) e = angle[1]!.trim();
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return undefined;
  const at = e.lastIndexOf('@');
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  else if (!FREE_MAIL.has(domain)) domain = freeMailTypo(domain) ?? domain;
  if (domain === 'gmail.com' && local.includes('.')) local = local.replace(/\./g, '');
  if (!local) return undefined;
  return { key: `${local}@${domain}`, local, domain, role: isRoleLocal(local), freeMail: FREE_MAIL.has(domain) || FREE_MAIL_BRANDS.test(domain) };
}

/** info@, ventas2@, atencion.al.cliente@: a role word, once dots, dashes, underscores and trailing digits are gone */
function isRoleLocal(local: string): boolean {
  if (local.length > ROLE_LOCAL_MAX) return false;
  const bare = /[._-]/.test(local) ? local.replace(/[._-]/g, '') : local;
  let end = bare.length;
  while (end > 0 && bare.charCodeAt(end - 1) >= 48 && bare.charCodeAt(end - 1) <= 57) end--;
  return ROLE_LOCALS.has(end === bare.length ? bare : bare.slice(0, end));
}

/** The comparable form of an address, or undefined when it is not one. */
export function emailMatchKey(raw: string): string | undefined {
  return emailParts(raw)?.key;
}

/** A shared role mailbox (info@, contacto@, ventas@ …). */
export function isRoleEmail(raw: string): boolean {
  return emailParts(raw)?.role ?? false;
}

// ---------------------------------------------------------------------------------------------
// Phones

const EXTENSION = /\s*(?:ext\.?|extn\.?|extension|extensión|x|anexo|int\.?|#)\s*(\d{1,6})\s*$/i;

/**
 * A phone number as the matcher compares it: its last nine digits (enough to tell numbers apart,
 * and the same whether it was written "+34 612 345 678", "0034612345678", "612 345 678",
 * "(305) 626-0385" or "+1 305.626.0385", with or without the country), and after a ";" its
 * extension when it has one ("x204", "ext. 204", "extensión 204"): two people on one switchboard
 * share the number, not the extension. undefined for fewer than seven digits.
 */
export function phoneKey(raw: string): string | undefined {
  const ext = EXTENSION.exec(raw);
  const number = ext ? raw.slice(0, ext.index) : raw;
  const digits = number.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 17) return undefined;
  const tail = digits.slice(-9);
  return ext ? `${tail};${ext[1]}` : tail;
}

// International numbers that can be written in E.164 by removing formatting alone: calling code →
// total digit counts where the national number never starts with a trunk "0". Everything else goes
// through libphonenumber-js (a unit test checks both paths agree).
const FAST_INTERNATIONAL: Record<string, readonly number[]> = {
  '1': [11], '34': [11], '57': [12], '56': [11], '51': [11], '44': [12], '33': [11], '351': [12], '58': [12], '593': [12],
};

// National numbers with a fixed length and no trunk prefix (or one simple trunk "0" / "1"):
// pattern, calling code, digits to drop.
const NATIONAL_FAST: Partial<Record<CountryCode, ReadonlyArray<readonly [RegExp, string, number]>>> = {
  ES: [[/^[6789]\d{8}$/, '34', 0]],
  MX: [[/^[2-9]\d{9}$/, '52', 0]],
  CO: [[/^3\d{9}$/, '57', 0], [/^60\d{8}$/, '57', 0]],
  CL: [[/^9\d{8}$/, '56', 0]],
  PE: [[/^9\d{8}$/, '51', 0]],
  US: [[/^[2-9]\d{2}[2-9]\d{6}$/, '1', 0], [/^1[2-9]\d{2}[2-9]\d{6}$/, '1', 1]],
  GB: [[/^07\d{9}$/, '44', 1]],
};

/**
 * A phone number in E.164 ("+34612345678"), from any common written form; national numbers
 * are read in `defaultCountry`. undefined when it cannot be a phone number.
 */
export function phoneE164(raw: string, defaultCountry: CountryCode = 'ES'): string | undefined {
  const text = raw.trim().replace(/\s*(?:ext\.?|extension|extensión|x|anexo|int\.?)\s*\d{1,6}$/i, '');
  if (!text) return undefined;
  const compact = text.replace(/[\s\-.()/\u00a0]/g, '');
  // Mexican mobiles were dialled "+52 1 …" until 2019; E.164 has no "1".
  const mx = /^(?:\+|00)521(\d{10})$/.exec(compact);
  if (mx) return `+52${mx[1]}`;
  if (/^(?:\+|00)\d{8,15}$/.test(compact) && !text.includes('(0')) {
    const digits = compact.replace(/^(?:\+|00)/, '');
    for (const cc of [digits.slice(0, 1), digits.slice(0, 2), digits.slice(0, 3)]) {
      const lengths = FAST_INTERNATIONAL[cc];
      if (lengths && lengths.includes(digits.length) && digits[cc.length] !== '0' && digits[cc.length] !== '1') return `+${digits}`;
    }
  } else {
    const national = NATIONAL_FAST[defaultCountry];
    if (national) for (const [re, cc, drop] of national) if (re.test(compact)) return `+${cc}${compact.slice(drop)}`;
  }
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed && parsed.isPossible() ? parsed.number : undefined;
}

// ---------------------------------------------------------------------------------------------
// Companies

// Legal forms, in the compact form produced by companyWords (runs of single letters joined:
// "S. A. de C. V." → "sa de cv"). Removed from the end of a name, repeatedly.
const LEGAL_FORMS = [
  'sa de cv', 'sab de cv', 'sapi de cv', 's de rl de cv', 's de rl', 'sc de rl', 'sa', 'sau', 'sl', 'slu', 'sll', 'slne',
  'sas', 'sasu', 'sac', 'saa', 'srl', 'sa de sa', 'spa', 'sca', 's en c', 'sc', 'scp', 'scl', 'sccl', 'coop', 's coop',
  'aie', 'cb', 'eirl', 'eireli', 'ltda', 'ltda me', 'me', 'epp', 'cia', 'compania', 'company', 'co', 'cia ltda',
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'pllc', 'pc', 'ltd', 'limited', 'plc', 'corp', 'corporation',
  'gmbh', 'gmbh co kg', 'kg', 'ag', 'ohg', 'ug', 'bv', 'nv', 'sarl', 'sprl', 'oy', 'ab', 'as', 'asa', 'aps',
  'pty', 'pty ltd', 'srl', 'sro', 'kft', 'zrt', 'ooo', 'se', 'lda', 'sociedad anonima', 'sociedad limitada',
  'sociedad anonima de capital variable', 'sociedad por acciones simplificada', 'sociedad de responsabilidad limitada',
  'sociedad anonima cerrada', 'sociedad comanditaria', 'sa de cv sofom enr', 'sofom', 'enr', 'holding',
].map((f) => f.split(' '));
LEGAL_FORMS.sort((a, b) => b.length - a.length);
const ARTICLES = new Set(['the', 'el', 'la', 'los', 'las']);
const CONNECTORS = new Set(['and', 'y', 'und', 'et']);
// Words too common in company names to say which company it is.
const GENERIC_COMPANY_WORDS = new Set(
  ('grupo group holding holdings international internacional global solutions soluciones servicios services ' +
    'consulting consultores consultoria consultants tecnologia tecnologias technologies technology tech systems ' +
    'sistemas industries industrias spain espana mexico iberia iberica latam latinoamerica america americas ' +
    'europe europa de del the of la el los las y and company compania corporacion corporation partners asociados ' +
    'associates enterprises empresas labs digital software corporativo network networks logistica logistics ' +
    'ingenieria engineering capital inversiones investments seguros insurance energia energy media ' +
    'comunicacion communications distribuciones distribution').split(' '),
);

// Abbreviations people type in company names, read as the word: "Transps. López Hnos." is
// "Transportes López Hermanos", "Cía." is "Compañía", "Int'l" is "International".
const COMPANY_ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  hnos: 'hermanos', hmnos: 'hermanos', hno: 'hermano', bros: 'brothers', cia: 'compania',
  transps: 'transportes', transp: 'transportes', transpts: 'transportes', intl: 'international',
  inds: 'industrias', ind: 'industrias', indust: 'industrias', construcc: 'construcciones', constr: 'construcciones',
  distrib: 'distribuidora', servs: 'servicios', serv: 'servicios', tecnol: 'tecnologia',
  ing: 'ingenieria', mfg: 'manufacturing', assoc: 'associates', natl: 'national', comerc: 'comercial',
}));

/** The words of a company name: folded, "&" read as "and", single letters joined ("S.A." → "sa"). */
function companyWords(name: string): string[] {
  return joinLetters(
    foldText(name)
      .replace(/['’`´]/g, '')
      .replace(/&/g, ' and ')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
}

/** Runs of one-character words joined into one word: ["s", "a", "de", "c", "v"] → ["sa", "de", "cv"]. */
function joinLetters(raw: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const w of raw) {
    if (w.length === 1) run += w;
    else {
      if (run) out.push(run);
      run = '';
      out.push(w);
    }
  }
  if (run) out.push(run);
  return out;
}

function endsWith(words: string[], form: string[]): boolean {
  if (form.length >= words.length) return false;
  for (let i = 0; i < form.length; i++) if (words[words.length - form.length + i] !== form[i]) return false;
  return true;
}

/**
 * Company name as words, without legal forms, articles, "&"/"and"/"y": "The Acme & Co., S.A. de
 * C.V." → ["acme"]. With `expand`, abbreviations are read as their words first ("Transps. López
 * Hnos." → ["transportes", "lopez", "hermanos"]); companyKey, a store key, does not expand.
 */
export function companyTokens(name: string, expand = false): string[] {
  let words = companyWords(name);
  if (expand) words = words.map((w) => COMPANY_ABBREVIATIONS.get(w) ?? w);
  words = words.filter((w, i) => !(CONNECTORS.has(w) && i > 0 && i < words.length - 1));
  // trailing "and co" / "y cia" leave a connector behind
  let changed = true;
  while (changed) {
    changed = false;
    for (const form of LEGAL_FORMS) {
      if (endsWith(words, form)) {
        words = words.slice(0, words.length - form.length);
        changed = true;
        break;
      }
    }
    const last = words[words.length - 1];
    if (words.length > 1 && last && CONNECTORS.has(last)) {
      words = words.slice(0, -1);
      changed = true;
    }
  }
  if (words.length > 1 && ARTICLES.has(words[0]!)) words = words.slice(1);
  if (words.length > 1 && words[0] === 'and') words = words.slice(1);
  // removing a connector can leave single letters side by side ("A & 0"): join them as the
  // next reading would, so that companyKey(companyKey(x)) === companyKey(x)
  return joinLetters(words);
}

// Legal forms that name the same kind of company, as people write them interchangeably: "S.A.U."
// is an S.A. with one shareholder, "Inc." and "Corp." are both corporations.
const FORM_FAMILY: Record<string, string> = {
  sau: 'sa', 'sociedad anonima': 'sa', slu: 'sl', sll: 'sl', slne: 'sl', 'sociedad limitada': 'sl',
  'sab de cv': 'sa de cv', 'sociedad anonima de capital variable': 'sa de cv', 'sa de cv sofom enr': 'sa de cv',
  's de rl': 's de rl de cv', sasu: 'sas', 'sociedad por acciones simplificada': 'sas', 'sociedad anonima cerrada': 'sac',
  'cia ltda': 'ltda', 'ltda me': 'ltda', incorporated: 'inc', corp: 'inc', corporation: 'inc', limited: 'ltd', 'pty ltd': 'pty',
};
// Words that LEGAL_FORMS removes but that are not a legal form of their own ("& Co.", "Holding").
const NOT_A_FORM = new Set(['cia', 'compania', 'company', 'co', 'holding']);

/**
 * The legal form a company name ends with, as the kind of company it names: "Acme, S.A.U." → "sa",
 * "ACME SA DE CV" → "sa de cv", "Acme Corp." → "inc"; undefined when the name has none. Two
 * records of one company usually agree; "Acme S.A." and "Acme S.L." are two companies more often.
 */
export function legalForm(name: string): string | undefined {
  const words = companyWords(name);
  for (const form of LEGAL_FORMS) {
    if (!endsWith(words, form)) continue;
    const f = form.join(' ');
    return NOT_A_FORM.has(f) ? undefined : (FORM_FAMILY[f] ?? f);
  }
  return undefined;
}

/** Company name without legal form or punctuation: "Iberia Logística, S.L." → "iberia logistica". */
export function companyKey(name: string): string {
  return companyTokens(name).join(' ');
}

/** Words that name a group of companies rather than one: "Grupo Sigma", "Sigma Group". */
const GROUP_WORDS = new Set(['grupo', 'group', 'holding', 'holdings', 'corporativo', 'conglomerado']);

export function isGroupWord(word: string): boolean {
  return GROUP_WORDS.has(word);
}

/** A generic word of a company name: a sector, a place, "global" (see companyCoreTokens). */
export function isGenericCompanyWord(word: string): boolean {
  return GENERIC_COMPANY_WORDS.has(word) || COUNTRY_WORDS.has(word);
}

const COUNTRY_WORDS = new Set(
  'peru colombia chile argentina venezuela ecuador uruguay paraguay bolivia usa us uk brasil brazil portugal francia france canada caribe centroamerica andina'.split(' '),
);

/** The words of a company key that tell companies apart (not "grupo", "solutions", "spain" …). */
export function companyCoreTokens(tokens: readonly string[]): string[] {
  const core = tokens.filter((t) => !GENERIC_COMPANY_WORDS.has(t) && !COUNTRY_WORDS.has(t) && t.length > 1);
  return core.length ? core : [...tokens];
}

// ---------------------------------------------------------------------------------------------
// Where a company is: its legal form, its website's country ending, its city

// Legal forms that belong to few countries (the compact words companyWords makes). "S.A." and
// the like, used everywhere, say nothing.
const FORM_COUNTRIES: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/ (?:sa|sab|sapi|s) de (?:cv|rl de cv)$/, ['MX']],
  [/ (?:sl|slu|sau|sll|slne)$/, ['ES']],
  [/ (?:sac|saa)$/, ['PE']],
  [/ eirl$/, ['PE', 'CL']],
  [/ sas$/, ['CO', 'AR', 'FR']],
  [/ spa$/, ['CL', 'IT']],
  [/ ltda$/, ['CO', 'CL', 'BR']],
  [/ srl$/, ['AR', 'PE', 'IT']],
  [/ (?:inc|llc|corp|incorporated)$/, ['US', 'CA']],
  [/ (?:ltd|plc|limited)$/, ['GB', 'IE', 'AU', 'NZ']],
];

// Country endings of websites (generic endings such as .com say nothing).
const TLD_COUNTRIES: Record<string, string> = {
  es: 'ES', mx: 'MX', co: 'CO', ar: 'AR', cl: 'CL', pe: 'PE', uk: 'GB', us: 'US', fr: 'FR', de: 'DE', it: 'IT', pt: 'PT',
  br: 'BR', ve: 'VE', ec: 'EC', uy: 'UY', py: 'PY', bo: 'BO', cr: 'CR', pa: 'PA', gt: 'GT', do: 'DO', ie: 'IE',
};

// Cities that name one country (not Valencia, Córdoba, Santiago, Mérida, Trujillo …, found in several).
const CITY_COUNTRIES: Record<string, string> = {
  madrid: 'ES', barcelona: 'ES', sevilla: 'ES', bilbao: 'ES', malaga: 'ES', zaragoza: 'ES', acoruna: 'ES', valladolid: 'ES', alicante: 'ES',
  ciudaddemexico: 'MX', cdmx: 'MX', guadalajara: 'MX', monterrey: 'MX', puebla: 'MX', queretaro: 'MX',
  bogota: 'CO', medellin: 'CO', cali: 'CO', barranquilla: 'CO', buenosaires: 'AR', rosario: 'AR',
  valparaiso: 'CL', lima: 'PE', arequipa: 'PE', newyork: 'US', sanfrancisco: 'US', miami: 'US', austin: 'US', chicago: 'US',
  houston: 'US', london: 'GB', londres: 'GB', manchester: 'GB', edinburgh: 'GB', bristol: 'GB',
};

/**
 * The countries a company record can be in, from what it says without saying it: the legal form
 * ("S.A. de C.V." → Mexico, "S.L." → Spain, "LLC" → the US), the website's country ending
 * (".com.co" → Colombia) and a city found in one country only. undefined when nothing tells.
 */
export function impliedCountries(name: string | undefined, domain: string | undefined, city: string | undefined): string[] | undefined {
  const out: string[] = [];
  const add = (codes: readonly string[]) => {
    if (!out.length) out.push(...codes);
    else for (let i = out.length - 1; i >= 0; i--) if (!codes.includes(out[i]!)) out.splice(i, 1);
  };
  if (name) {
    const words = ` ${companyWords(name).join(' ')}`;
    const form = FORM_COUNTRIES.find(([re]) => re.test(words));
    if (form) add(form[1]);
  }
  if (domain) {
    const tld = TLD_COUNTRIES[domain.slice(domain.lastIndexOf('.') + 1)];
    if (tld) add([tld]);
  }
  if (city) {
    const c = CITY_COUNTRIES[wordsOf(city).join('')];
    if (c) add([c]);
  }
  // sources that disagree leave nothing to go on
  return out.length ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Domains

const SECOND_LEVEL = /\.(?:com|co|org|net|gob|gov|edu|ac|nom|mil|ltd|plc|or|ne|go|gv|int|web|info|biz)\.[a-z]{2}$/;

/** The registrable part of a host: "ventas.acme.com.mx" → "acme.com.mx", "mail.acme.es" → "acme.es". */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const keep = SECOND_LEVEL.test(`.${labels.slice(-3).join('.')}`) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * A company's domain from a website URL, a bare domain or an e-mail address: registrable part
 * only (no www., no subdomains), undefined for free-mail providers (gmail.com, hotmail.es …).
 */
export function companyDomainKey(value: string): string | undefined {
  let v = value.trim().toLowerCase();
  if (!v) return undefined;
  const at = v.lastIndexOf('@');
  if (at >= 0) v = v.slice(at + 1);
  // most values are plain domains or simple URLs: read the host without the URL parser
  const simple = /^(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\.?(?:[:/?#]|$)/.exec(v);
  const host = simple ? simple[1] : domainKey(v);
  if (!host || !host.includes('.') || /^[\d.]+$/.test(host)) return undefined;
  const reg = registrableDomain(host);
  return isFreeMailDomain(reg) || isFreeMailDomain(host) ? undefined : reg;
}
