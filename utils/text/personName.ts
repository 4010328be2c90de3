// Person names for matching (pure): given and family parts, particles, generations, nicknames.
import { wordsOf } from './fold';
import { expandGivenNickname, isKnownGivenName } from './nicknames';

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
