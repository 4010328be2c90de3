// Field comparators and the pair score. Each comparator puts a pair at a level ("email.same",
// "given.nickname", "company.different" …, nothing when a value is missing); each level has a
// weight in bits (weights.ts); the score is their sum, a log2 likelihood ratio in the
// Fellegi–Sunter sense. Agreement on a name also earns a frequency term: agreeing on a rare
// surname says more than agreeing on "García". Symmetric: score(a, b) === score(b, a).
import { domainBlock, phoneBlock, phoneNumberOf } from './blocking';
import type { Features } from './features';
import { givenNameRoots, nicknameEquivalent } from '../text/nicknames';
import { isFreeMailDomain, isGenericCompanyWord, isGroupWord } from '../text/normalize';
import type { Reason, ReasonCode } from './reasons';
import { editDistance, jaroWinkler, levenshteinSimilarity, oneSlipApart, phonetic } from '../text/similarity';
import { DEFAULT_THRESHOLDS, FREQUENCY, PROBABILITY_MIDPOINT, WEIGHTS, type Thresholds, type WeightKey } from './weights';

/**
 * 'related': two companies of one group (a group and its subsidiary, or two subsidiaries) — shown
 * as parent and child, never merged, whatever else they share.
 */
export type Band = 'duplicate' | 'possible' | 'distinct' | 'related';

/** How the other company relates to this one: it is this one's parent, subsidiary, or sister. */
export type Relation = 'parent' | 'subsidiary' | 'sibling';

/** What the index knows about the whole population, for frequency-adjusted weights. */
export interface MatchStats {
  /** records of this kind in the index */
  size(kind: 'person' | 'account'): number;
  /** records with this token among their first two given names */
  givenCount(token: string): number;
  /** records with this token among their first two surnames */
  familyCount(token: string): number;
  /** records in a block (blocking.ts emailBlock / phoneBlock / domainBlock) */
  blockSize(key: number): number;
}

export interface PairScore {
  /** sum of weights, in bits (log2 likelihood ratio); capped at RELATED_SCORE for related companies */
  score: number;
  band: Band;
  /** set with band 'related': what the second record is to the first */
  relation?: Relation;
  /** strongest first; empty unless explained */
  reasons: Reason[];
}

export type Weights = Readonly<Record<WeightKey, number>>;

// ---------------------------------------------------------------------------------------------
// Token levels

const NONE = 0;
const INITIAL = 1;
const FUZZY_LOW = 2;
const FUZZY = 3;
const NICK = 4;
const EXACT = 5;

function tokenLevel(a: string, b: string, nick: boolean): number {
  if (a === b) return EXACT;
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? INITIAL : NONE;
  if (nick && nicknameEquivalent(a, b)) return NICK;
  const la = a.length;
  const lb = b.length;
  if (la > 2 * lb + 2 || lb > 2 * la + 2) return NONE;
  // different first two letters: only a phonetic spelling ("Ximénez" / "Jiménez") can still agree
  if (a.charCodeAt(0) !== b.charCodeAt(0) && a.charCodeAt(1) !== b.charCodeAt(1) && phonetic(a) !== phonetic(b)) return NONE;
  const jw = jaroWinkler(a, b);
  if (jw >= 0.92) return FUZZY;
  if (jw >= 0.85) return FUZZY_LOW;
  if (jw >= 0.75 && phonetic(a) === phonetic(b)) return FUZZY_LOW;
  return NONE;
}

function log2(x: number): number {
  return Math.log(x) / Math.LN2;
}

/** How much rarer than a typical name this one is, in bits (negative for common names). */
export function frequencyBits(count: number, n: number, prior: number): number {
  if (n <= 0) return 0;
  const p = (Math.max(count, 1) + FREQUENCY.pseudoCount * prior) / (n + FREQUENCY.pseudoCount);
  return Math.max(-FREQUENCY.maxPenalty, Math.min(FREQUENCY.maxBonus, log2(prior / p)));
}

// ---------------------------------------------------------------------------------------------
// Names

/** First halves of compound given names that people drop ("María Dolores" goes by "Lola"). */
const DROPPABLE_FIRST = new Set(['maria', 'jose', 'juan', 'ana', 'mary', 'john']);

type GivenLevel = 'exact' | 'nickname' | 'first' | 'conflict' | 'fuzzy' | 'fuzzyLow' | 'initial' | 'part' | 'different';
type FamilyLevel = 'exact' | 'fuzzy' | 'fuzzyLow' | 'shift' | 'initial' | 'different';
type SecondLevel = 'agree' | 'conflict' | 'dropped' | 'none';

interface GivenResult {
  level: GivenLevel;
  /** tokens that agree exactly (for the frequency term) */
  exact: string[];
}

function givenLevel(ga: readonly string[], gb: readonly string[]): GivenResult {
  const l0 = tokenLevel(ga[0]!, gb[0]!, true);
  if (l0 >= NICK) {
    const exact = l0 === EXACT ? [ga[0]!] : [];
    if (ga.length >= 2 && gb.length >= 2) {
      const l1 = tokenLevel(ga[1]!, gb[1]!, true);
      if (l1 === EXACT) exact.push(ga[1]!);
      if (l1 >= INITIAL) return { level: l0 === EXACT && l1 === EXACT ? 'exact' : 'nickname', exact };
      return { level: 'conflict', exact };
    }
    if (ga.length === gb.length) return { level: l0 === EXACT ? 'exact' : 'nickname', exact };
    return { level: 'first', exact };
  }
  if (l0 === FUZZY) return { level: 'fuzzy', exact: [] };
  if (l0 === FUZZY_LOW) return { level: 'fuzzyLow', exact: [] };
  if (l0 === INITIAL) return { level: 'initial', exact: [] };
  // "María Dolores" / "Lola", "María del Carmen" / "Carmen": the first of two given names dropped
  if (ga.length >= 2 && DROPPABLE_FIRST.has(ga[0]!) && tokenLevel(ga[1]!, gb[0]!, true) >= NICK) return { level: 'part', exact: [] };
  if (gb.length >= 2 && DROPPABLE_FIRST.has(gb[0]!) && tokenLevel(ga[0]!, gb[1]!, true) >= NICK) return { level: 'part', exact: [] };
  return { level: 'different', exact: [] };
}

/**
 * A married name in the Spanish way, "López de Martínez": "de" and the husband's surname where a
 * second surname would be. Not a second surname that disagrees. ("del Río", "de la Fuente" are
 * surnames: their particles glue as "del", "dela", "delos", "delas".)
 */
function marriedForm(token: string): boolean {
  return token.length > 4 && token.startsWith('de') && !/^del(?:a|as|os)?/.test(token);
}

interface FamilyResult {
  level: FamilyLevel;
  second: SecondLevel;
  exact: string[];
}

function familyLevel(fa: readonly string[], fb: readonly string[]): FamilyResult {
  const l0 = tokenLevel(fa[0]!, fb[0]!, false);
  let level: FamilyLevel;
  if (l0 === EXACT) level = 'exact';
  else if (l0 === FUZZY) level = 'fuzzy';
  else if (l0 === FUZZY_LOW) level = 'fuzzyLow';
  else if (l0 === INITIAL) level = 'initial';
  else if (fa.length + fb.length > 2 && fa.join('') === fb.join('')) return { level: 'exact', second: 'none', exact: [fa.join('')] };
  else if (
    (fa.length >= 2 && tokenLevel(fa[1]!, fb[0]!, false) >= FUZZY) ||
    (fb.length >= 2 && tokenLevel(fa[0]!, fb[1]!, false) >= FUZZY)
  )
    return { level: 'shift', second: 'none', exact: [] };
  else return { level: 'different', second: 'none', exact: [] };
  const exact = l0 === EXACT ? [fa[0]!] : [];
  if (fa.length >= 2 && fb.length >= 2) {
    const l1 = tokenLevel(fa[1]!, fb[1]!, false);
    if (l1 === EXACT) exact.push(fa[1]!);
    if (l1 < INITIAL && (marriedForm(fa[1]!) || marriedForm(fb[1]!))) return { level, second: 'dropped', exact };
    return { level, second: l1 >= FUZZY_LOW ? 'agree' : l1 === INITIAL ? 'none' : 'conflict', exact };
  }
  return { level, second: fa.length !== fb.length ? 'dropped' : 'none', exact };
}

// the weight keys of the levels, as constants: a key built per comparison (`given.${level}`) is a
// new string to hash each time, and names are compared several times a pair
const GIVEN_KEYS: Readonly<Record<GivenLevel, WeightKey>> = {
  exact: 'given.exact',
  nickname: 'given.nickname',
  first: 'given.first',
  conflict: 'given.conflict',
  fuzzy: 'given.fuzzy',
  fuzzyLow: 'given.fuzzyLow',
  initial: 'given.initial',
  part: 'given.part',
  different: 'given.different',
};
const FAMILY_KEYS: Readonly<Record<FamilyLevel, WeightKey>> = {
  exact: 'family.exact',
  fuzzy: 'family.fuzzy',
  fuzzyLow: 'family.fuzzyLow',
  shift: 'family.shift',
  initial: 'family.initial',
  different: 'family.different',
};

/** a part's level and the sum of its exact tokens' frequency bits (0 without statistics) */
interface GivenPart {
  r: GivenResult;
  bits: number;
}
interface FamilyPart {
  r: FamilyResult;
  bits: number;
}

const NO_SECOND = '\u0000';

/**
 * The name comparisons of one record (a lookup's query) with many: its few name lists with those
 * of a hundred candidates or more, which share given names (about six candidates a given name)
 * and surnames (two a surname). Each pair of lists is compared once; later pairs read the level
 * and the frequency bits. Pure: a level is a function of the lists' first two tokens and lengths
 * (a list of more than two is always compared), the bits of the tokens and the statistics, which
 * must not change while the cache is used (one lookup).
 */
export class QueryCache {
  private readonly givenParts = new Map<readonly string[], Map<string, Map<string, GivenPart>>>();
  private readonly familyParts = new Map<readonly string[], Map<string, Map<string, FamilyPart>>>();
  constructor(readonly stats: MatchStats | undefined) {}

  given(ga: readonly string[], gb: readonly string[]): GivenPart {
    if (gb.length > 2) return givenPart(ga, gb, this.stats);
    let byFirst = this.givenParts.get(ga);
    if (!byFirst) this.givenParts.set(ga, (byFirst = new Map()));
    let bySecond = byFirst.get(gb[0]!);
    if (!bySecond) byFirst.set(gb[0]!, (bySecond = new Map()));
    const second = gb.length === 2 ? gb[1]! : NO_SECOND;
    let part = bySecond.get(second);
    if (!part) bySecond.set(second, (part = givenPart(ga, gb, this.stats)));
    return part;
  }

  family(fa: readonly string[], fb: readonly string[]): FamilyPart {
    if (fb.length > 2) return familyPart(fa, fb, this.stats);
    let byFirst = this.familyParts.get(fa);
    if (!byFirst) this.familyParts.set(fa, (byFirst = new Map()));
    let bySecond = byFirst.get(fb[0]!);
    if (!bySecond) byFirst.set(fb[0]!, (bySecond = new Map()));
    const second = fb.length === 2 ? fb[1]! : NO_SECOND;
    let part = bySecond.get(second);
    if (!part) bySecond.set(second, (part = familyPart(fa, fb, this.stats)));
    return part;
  }
}

function givenPart(ga: readonly string[], gb: readonly string[], stats: MatchStats | undefined): GivenPart {
  const r = givenLevel(ga, gb);
  let bits = 0;
  if (stats && r.exact.length) {
    const n = stats.size('person');
    for (const t of r.exact) bits += frequencyBits(stats.givenCount(t), n, FREQUENCY.givenPrior);
  }
  return { r, bits };
}

function familyPart(fa: readonly string[], fb: readonly string[], stats: MatchStats | undefined): FamilyPart {
  const r = familyLevel(fa, fb);
  let bits = 0;
  if (stats && r.exact.length) {
    const n = stats.size('person');
    for (const t of r.exact) bits += frequencyBits(stats.familyCount(t), n, FREQUENCY.familyPrior);
  }
  return { r, bits };
}

interface NameResult {
  /** the sum of the weights of keysOf(this), in that order */
  weight: number;
  given: GivenLevel | undefined;
  family: FamilyLevel | undefined;
  second: SecondLevel;
  swapped: boolean;
  /** the parts' frequency bits, when counted (stats and exact tokens) */
  givenBits: number | undefined;
  familyBits: number | undefined;
  ga: readonly string[];
  gb: readonly string[];
  fa: readonly string[];
  fb: readonly string[];
}

/**
 * The levels a name reading reached and their values, in order. Made for the reading kept only:
 * a comparison weighs up to six readings.
 */
function keysOf(r: NameResult): Array<[WeightKey, number]> {
  const keys: Array<[WeightKey, number]> = [];
  if (r.given !== undefined) {
    keys.push([GIVEN_KEYS[r.given], 1]);
    if (r.givenBits !== undefined) keys.push(['given.frequency', r.givenBits]);
  }
  if (r.family !== undefined) {
    keys.push([FAMILY_KEYS[r.family], 1]);
    if (r.second === 'agree') keys.push(['family.second.agree', 1]);
    else if (r.second === 'conflict') keys.push(['family.second.conflict', 1]);
    if (r.familyBits !== undefined) keys.push(['family.frequency', r.familyBits]);
  }
  if (r.swapped) keys.push(['name.swapped', 1]);
  return keys;
}

function nameResult(
  ga: readonly string[],
  fa: readonly string[],
  gb: readonly string[],
  fb: readonly string[],
  swapped: boolean,
  stats: MatchStats | undefined,
  W: Weights,
  names: QueryCache | undefined,
): NameResult {
  // the weight is summed in keysOf's order (the same float as summing its list)
  let weight = 0;
  let given: GivenLevel | undefined;
  let family: FamilyLevel | undefined;
  let second: SecondLevel = 'none';
  let givenBits: number | undefined;
  let familyBits: number | undefined;
  if (ga.length && gb.length) {
    const { r: g, bits } = names ? names.given(ga, gb) : givenPart(ga, gb, stats);
    given = g.level;
    weight += W[GIVEN_KEYS[g.level]] * 1;
    if (stats && g.exact.length) {
      givenBits = bits;
      weight += W['given.frequency'] * bits;
    }
  }
  if (fa.length && fb.length) {
    const { r: f, bits } = names ? names.family(fa, fb) : familyPart(fa, fb, stats);
    family = f.level;
    second = f.second;
    weight += W[FAMILY_KEYS[f.level]] * 1;
    if (f.second === 'agree') weight += W['family.second.agree'] * 1;
    else if (f.second === 'conflict') weight += W['family.second.conflict'] * 1;
    if (stats && f.exact.length) {
      familyBits = bits;
      weight += W['family.frequency'] * bits;
    }
  }
  if (swapped) weight += W['name.swapped'] * 1;
  return { weight, given, family, second, swapped, givenBits, familyBits, ga, gb, fa, fb };
}

function compareNames(a: Features, b: Features, stats: MatchStats | undefined, W: Weights, cache?: QueryCache): NameResult | undefined {
  const names = cache && cache.stats === stats ? cache : undefined;
  if (!(a.given.length + a.family.length) || !(b.given.length + b.family.length)) return undefined;
  let best = nameResult(a.given, a.family, b.given, b.family, false, stats, W, names);
  if (best.given === 'exact' && best.family === 'exact' && best.second !== 'conflict') return best;
  let r: NameResult;
  if (a.altGiven) {
    r = nameResult(a.altGiven, a.altFamily!, b.given, b.family, false, stats, W, names);
    if (r.weight > best.weight) best = r;
  }
  if (b.altGiven) {
    r = nameResult(a.given, a.family, b.altGiven, b.altFamily!, false, stats, W, names);
    if (r.weight > best.weight) best = r;
  }
  if (a.altGiven && b.altGiven) {
    r = nameResult(a.altGiven, a.altFamily!, b.altGiven, b.altFamily!, false, stats, W, names);
    if (r.weight > best.weight) best = r;
  }
  if (best.weight < 4 && a.family.length && b.family.length && a.given.length && b.given.length) {
    // first and last name swapped in one record; both directions, so the result does not depend
    // on the argument order
    const ab = nameResult(a.given, a.family, b.family, b.given, true, stats, W, names);
    const ba = nameResult(a.family, a.given, b.given, b.family, true, stats, W, names);
    r = ab.weight >= ba.weight ? ab : ba;
    if (r.weight > best.weight) best = r;
  }
  return best;
}

/** the most a surname's frequency term can add */
export function familyBitsMax(t: string, stats: MatchStats, W: Weights): number {
  return Math.max(0, W['family.frequency'] * frequencyBits(stats.familyCount(t), stats.size('person'), FREQUENCY.familyPrior));
}

/** x.join('') === y.join(''), without joining when the lengths already differ */
export function sameJoined(x: readonly string[], y: readonly string[]): boolean {
  let lx = 0;
  let ly = 0;
  for (const t of x) lx += t.length;
  for (const t of y) ly += t.length;
  return lx === ly && x.join('') === y.join('');
}

/**
 * What readingUpperBound counts for given names ga and gb (both present): their level's weight
 * and the frequency term of their equal tokens.
 */
export function givenBound(ga: readonly string[], gb: readonly string[], stats: MatchStats | undefined, W: Weights, names: QueryCache | undefined): number {
  const { r: g, bits } = names ? names.given(ga, gb) : givenPart(ga, gb, stats);
  return W[GIVEN_KEYS[g.level]] + (stats && g.exact.length ? W['given.frequency'] * bits : 0);
}

/**
 * The weight familyLevel's second-surname agreement of two lists with two surnames or more, x and
 * y their second ones, gives (agree, conflict, or none or dropped: nothing).
 */
export function secondSurnameWeight(x: string, y: string, W: Weights): number {
  const l1 = tokenLevel(x, y, false);
  if (l1 < INITIAL && (marriedForm(x) || marriedForm(y))) return 0;
  return l1 >= FUZZY_LOW ? W['family.second.agree'] : l1 === INITIAL ? 0 : W['family.second.conflict'];
}

/**
 * The most the surname levels (not the frequency terms) of two lists can weigh: `first` they have
 * the same first surname (then familyLevel's level is 'exact'), `joined` the same letters, `second`
 * the second surnames' weight when both have two (secondSurnameWeight; they count only beside a
 * first surname that agrees at some level), `identified` an identifier makes 'different' a change
 * of name (scorePeople's surnameChanged).
 */
export function familyLevelBound(first: boolean, joined: boolean, second: number, identified: boolean, W: Weights): number {
  if (first) return W['family.exact'] + second;
  // a first surname that agrees at some other level, with the second surnames; or none that
  // agrees: the same letters, a shift, or different
  const agreeing = Math.max(W['family.fuzzy'], W['family.fuzzyLow'], W['family.initial']) + second;
  let other = joined ? W['family.exact'] : Math.max(W['family.shift'], W['family.different']);
  if (identified) other = Math.max(other, W['family.changed']);
  return Math.max(agreeing, other);
}

/**
 * The most surnames fa and fb (both present) can add, comparing only the second ones: 'exact'
 * only with the same first surname or the same letters, frequency terms only for equal tokens
 * (familyLevelBound).
 */
export function familyBound(fa: readonly string[], fb: readonly string[], stats: MatchStats | undefined, W: Weights, identified: boolean): number {
  const first = fa[0] === fb[0];
  // (with the same first surname, familyLevel never reads the letters)
  const joined = !first && fa.length + fb.length > 2 && sameJoined(fa, fb);
  const two = fa.length >= 2 && fb.length >= 2;
  const w = familyLevelBound(first, joined, two ? secondSurnameWeight(fa[1]!, fb[1]!, W) : 0, identified, W);
  if (!stats) return w;
  let f = first ? familyBitsMax(fa[0]!, stats, W) : 0;
  if (two && fa[1] === fb[1]) f += familyBitsMax(fa[1]!, stats, W);
  if (joined) f = Math.max(f, familyBitsMax(fa.join(''), stats, W));
  return w + f;
}

/**
 * At least what one reading of the names (given names ga / gb, surnames fa / fb) adds to the
 * score: the given names compared (the part most candidates differ in, and the one a lookup's
 * candidates repeat most: see QueryCache), the surnames at the most they could weigh
 * (familyBound).
 */
function readingUpperBound(
  ga: readonly string[],
  fa: readonly string[],
  gb: readonly string[],
  fb: readonly string[],
  swapped: boolean,
  stats: MatchStats | undefined,
  W: Weights,
  identified: boolean,
  names: QueryCache | undefined,
): number {
  let w = swapped ? W['name.swapped'] : 0;
  if (ga.length && gb.length) w += givenBound(ga, gb, stats, W, names);
  if (!fa.length || !fb.length) return w;
  return w + familyBound(fa, fb, stats, W, identified);
}

/**
 * At least what compareNames(a, b) adds to the score (with `identified`: a surname change counted
 * as scorePeople counts it): the most of every reading compareNames may try (the alternative
 * names, first and last name swapped), each bounded by readingUpperBound.
 */
function nameUpperBound(a: Features, b: Features, stats: MatchStats | undefined, W: Weights, identified: boolean, cache: QueryCache | undefined): number {
  if (!(a.given.length + a.family.length) || !(b.given.length + b.family.length)) return 0;
  const names = cache && cache.stats === stats ? cache : undefined;
  let best = readingUpperBound(a.given, a.family, b.given, b.family, false, stats, W, identified, names);
  if (a.altGiven) best = Math.max(best, readingUpperBound(a.altGiven, a.altFamily!, b.given, b.family, false, stats, W, identified, names));
  if (b.altGiven) best = Math.max(best, readingUpperBound(a.given, a.family, b.altGiven, b.altFamily!, false, stats, W, identified, names));
  if (a.altGiven && b.altGiven) best = Math.max(best, readingUpperBound(a.altGiven, a.altFamily!, b.altGiven, b.altFamily!, false, stats, W, identified, names));
  if (a.family.length && b.family.length && a.given.length && b.given.length) {
    best = Math.max(
      best,
      readingUpperBound(a.given, a.family, b.family, b.given, true, stats, W, identified, names),
      readingUpperBound(a.family, a.given, b.given, b.family, true, stats, W, identified, names),
    );
  }
  return best;
}

/** The root two nickname-equivalent names share ("bob", "robert" → "robert"). */
function sharedRoot(a: string, b: string): string {
  const rb = givenNameRoots(b);
  let best: string | undefined;
  for (const r of givenNameRoots(a)) if (rb.includes(r) && (best === undefined || r < best)) best = r;
  return best ?? a;
}

/** A 0…1 similarity of the two names for display, nicknames counted as the same name. */
function nameDisplaySimilarity(r: NameResult): number {
  const ga = r.ga.slice();
  const gb = r.gb.slice();
  for (let i = 0; i < ga.length && i < gb.length; i++) {
    if (ga[i] !== gb[i] && nicknameEquivalent(ga[i]!, gb[i]!)) ga[i] = gb[i] = sharedRoot(ga[i]!, gb[i]!);
  }
  return jaroWinkler(`${ga.join(' ')} ${r.fa.join(' ')}`.trim(), `${gb.join(' ')} ${r.fb.join(' ')}`.trim());
}

// ---------------------------------------------------------------------------------------------
// Other fields

function sharedOf(xs: readonly string[], ys: readonly string[]): string | undefined {
  for (const x of xs) for (const y of ys) if (x === y) return x;
  return undefined;
}

function domainLabel(domain: string): string {
  const dot = domain.indexOf('.');
  return dot < 0 ? domain : domain.slice(0, dot);
}

/** every token of xs is in ys */
function within(xs: readonly string[], ys: readonly string[]): boolean {
  for (const x of xs) if (!ys.includes(x)) return false;
  return true;
}

/** f has a company domain whose label is g's company name ("acme.com.mx" / "ACME S.A.") */
function labelMatches(f: Features, g: Features): boolean {
  if (!f.domain || !g.company || g.domain) return false;
  const label = domainLabel(f.domain);
  return label === g.company.replace(/ /g, '') || (g.companyCore ?? []).includes(label);
}

function emailDomain(e: string): string {
  return e.slice(e.indexOf('@') + 1);
}

/** the length of e-mail e's user part (the part before "@") */
function localLength(e: string): number {
  const at = e.indexOf('@');
  return at >= 0 ? at : Math.max(0, e.length - 1);
}

/** emailDomain(x) === emailDomain(y), without cutting them out (a lookup compares hundreds) */
function sameDomainOf(x: string, y: string): boolean {
  const start = x.indexOf('@') + 1;
  const from = y.indexOf('@') + 1;
  const n = x.length - start;
  if (n !== y.length - from) return false;
  for (let i = 0; i < n; i++) if (x.charCodeAt(start + i) !== y.charCodeAt(from + i)) return false;
  return true;
}

/** x and y have the same user part, without cutting them out */
function sameLocalOf(x: string, y: string): boolean {
  const n = localLength(x);
  if (n !== localLength(y)) return false;
  for (let i = 0; i < n; i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) return false;
  return true;
}

/** both have a work address at the same company domain */
function sameWorkDomain(xs: readonly string[], ys: readonly string[]): boolean {
  for (const x of xs) {
    let free: boolean | undefined;
    for (const y of ys) {
      if (!sameDomainOf(x, y)) continue;
      free ??= isFreeMailDomain(emailDomain(x));
      if (!free) return true;
      break;
    }
  }
  return false;
}

/** the same user part (five characters or more) at different domains */
function sameEmailUser(xs: readonly string[], ys: readonly string[]): boolean {
  for (const x of xs) {
    if (localLength(x) < 5) continue;
    for (const y of ys) if (sameLocalOf(x, y)) return true;
  }
  return false;
}

function sortedWords(s: string): string {
  return s.split(' ').sort().join(' ');
}

/** Two company domains that differ only in their ending ("polaris.com" / "polaris.es"). */
function sameDomainLabel(a: string, b: string): boolean {
  const label = domainLabel(a);
  return label.length >= 4 && label === domainLabel(b);
}

function companyLevel(a: Features, b: Features): ['sameDomain' | 'same' | 'similar' | 'different' | undefined, number] {
  if (a.domain && a.domain === b.domain) return ['sameDomain', 1];
  if (a.company && a.company === b.company) return ['same', 1];
  let sim = 0;
  if (a.domain && b.domain && (sameDomainLabel(a.domain, b.domain) || (domainLabel(a.domain).length >= 5 && oneSlipApart(a.domain, b.domain)))) sim = 0.95;
  if (a.company && b.company) {
    const ca = a.companyCore!;
    const cb = b.companyCore!;
    sim = Math.max(sim, within(ca, cb) || within(cb, ca) ? 0.95 : jaroWinkler(a.company, b.company));
  }
  if (sim < 0.95 && (labelMatches(a, b) || labelMatches(b, a))) sim = 0.95;
  if (sim >= 0.9) return ['similar', sim];
  const comparable = (a.domain && b.domain) || (a.company && b.company);
  return comparable ? ['different', sim] : [undefined, 0];
}

/** the same string but for two neighbouring characters swapped ("2427387" / "2423787") */
export function swappedNeighbours(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

function dateClose(a: string, b: string): boolean {
  if (editDistance(a, b) <= 1) return true;
  if (a.length !== 8 || b.length !== 8) return false;
  // day and month swapped
  if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return true;
  // two adjacent digits transposed
  let diff = -1;
  for (let i = 0; i < 8; i++) {
    if (a[i] === b[i]) continue;
    if (diff === -1) diff = i;
    else return i === diff + 1 && a[diff] === b[i] && a[i] === b[diff] && a.slice(i + 1) === b.slice(i + 1);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Scoring

/** Collects the evidence of one comparison: score, reasons, and (for training) the levels. */
export class Evidence {
  score = 0;
  readonly reasons: Reason[] | undefined;
  /** level → value, when recording for weight estimation */
  readonly levels: Map<WeightKey, number> | undefined;
  /** two companies of one group (accounts only): what the second record is to the first */
  relation: Relation | undefined;
  /** surely two people (Sr. and Jr.): below every threshold, a veto when clustering */
  veto = false;
  /**
   * at most a possible duplicate, whatever the rest says: two extensions on one switchboard and
   * nothing that is one person's own (an address, a LinkedIn profile) — namesakes at one company
   */
  notSure = false;
  /** (an upper bound: scorePeople's) what the company was counted at, when not compared */
  companyBound: number | undefined;
  /** (an upper bound: scorePeople's) an identifier said one person */
  identified = false;
  constructor(
    readonly weights: Weights,
    explain: boolean,
    record = false,
  ) {
    this.reasons = explain ? [] : undefined;
    this.levels = record ? new Map() : undefined;
  }
  /** count a level; returns its weight */
  level(key: WeightKey, value = 1): number {
    const w = this.weights[key] * value;
    this.score += w;
    if (this.levels) this.levels.set(key, (this.levels.get(key) ?? 0) + value);
    return w;
  }
  add(key: WeightKey, code: ReasonCode, sim?: number): void {
    this.reason(this.level(key), code, sim);
  }
  reason(weight: number, code: ReasonCode, sim?: number): void {
    if (this.reasons) this.reasons.push(sim === undefined ? { code, weight } : { code, weight, sim });
  }
}

/**
 * Two addresses one typing slip apart: two letters swapped or one doubled in the user part
 * ("nune.zana@" / "nunez.ana@", "mariia@"), or one letter slipped in the domain
 * ("iberialogsitica.es"). Not a letter or digit added or dropped in the user part: "jgarcia2@",
 * "jestradas@" are colleagues of "jgarcia@" and "jestrada@", not typos.
 */
function isTypo(x: string, y: string): boolean {
  if (x === y || !oneSlipApart(x, y)) return false;
  const ax = x.indexOf('@');
  const ay = y.indexOf('@');
  const lx = x.slice(0, ax);
  const ly = y.slice(0, ay);
  if (lx === ly) {
    const dx = x.slice(ax + 1);
    const dy = y.slice(ay + 1);
    let i = 0;
    while (i < dx.length && dx[i] === dy[i]) i++;
    return domainLabel(dx).length >= 5 && !/\d/.test(`${dx[i] ?? ''}${dy[i] ?? ''}`);
  }
  if (lx.length < 4) return false;
  if (lx.length === ly.length) {
    // two neighbouring letters swapped, not one letter changed ("agarcia@" / "jgarcia@" are two
    // people) nor digits ("p1243@" / "p1234@" are numbered mailboxes, not a slip)
    let i = 0;
    while (lx[i] === ly[i]) i++;
    return lx[i] === ly[i + 1] && lx[i + 1] === ly[i] && !/\d/.test(`${lx[i]}${lx[i + 1]}`);
  }
  const [long, short] = lx.length > ly.length ? [lx, ly] : [ly, lx];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  const c = long[i]!;
  return /[a-z]/.test(c) && (long[i - 1] === c || long[i + 1] === c);
}

function emailTypo(xs: readonly string[], ys: readonly string[]): boolean {
  for (const x of xs) for (const y of ys) if (isTypo(x, y)) return true;
  return false;
}

/**
 * The e-mail level of two people with these addresses (`emails`) and role mailboxes (`roles`):
 * the same address, the same role mailbox, one slip apart, colleagues on one work domain, the
 * same user part elsewhere, different; undefined when one of them has none.
 */
export function emailLevel(
  aEmails: readonly string[],
  aRoles: readonly string[],
  bEmails: readonly string[],
  bRoles: readonly string[],
): 'email.same' | 'email.sameRole' | 'email.typo' | 'email.differentSameDomain' | 'email.sameLocal' | 'email.different' | undefined {
  if (!(aEmails.length || aRoles.length) || !(bEmails.length || bRoles.length)) return undefined;
  if (sharedOf(aEmails, bEmails)) return 'email.same';
  if (sharedOf(aRoles, bRoles)) return 'email.sameRole';
  if (!aEmails.length || !bEmails.length) return undefined;
  if (emailTypo(aEmails, bEmails)) return 'email.typo';
  if (sameWorkDomain(aEmails, bEmails)) return 'email.differentSameDomain';
  if (sameEmailUser(aEmails, bEmails)) return 'email.sameLocal';
  return 'email.different';
}

const EMAIL_CODES = {
  'email.same': 'same-email',
  'email.sameRole': 'same-role-email',
  'email.typo': 'email-typo',
  'email.differentSameDomain': 'different-email',
  'email.sameLocal': 'same-email-user',
  'email.different': 'different-email',
} as const satisfies Partial<Record<WeightKey, ReasonCode>>;

export type PhoneLevel = 'same' | 'direct' | 'switchboard' | 'differentExt' | 'different';

/**
 * The best agreement between two records' phones: the same number and extension (a direct line),
 * the same number without extensions, the number with an extension on one side only (a
 * switchboard), the same switchboard with different extensions (two people), or nothing.
 */
export function phoneLevel(xs: readonly string[], ys: readonly string[]): [PhoneLevel, string] {
  const rank = { direct: 4, same: 3, switchboard: 2, differentExt: 1, different: 0 } as const;
  let best: [PhoneLevel, string] = ['different', ''];
  for (const x of xs) {
    const nx = phoneNumberOf(x);
    for (const y of ys) {
      if (nx !== phoneNumberOf(y)) continue;
      const ex = x.length > nx.length;
      const ey = y.length > nx.length;
      const level: PhoneLevel = x === y ? (ex ? 'direct' : 'same') : ex && ey ? 'differentExt' : 'switchboard';
      if (rank[level] > rank[best[0]]) best = [level, nx];
    }
  }
  return best;
}

/** Two job titles (function:seniority): the same, another line of work, or neither (a promotion, an unknown function). */
export function titleLevel(x: string, y: string): 'title.same' | 'title.different' | undefined {
  if (x === y) return 'title.same';
  const fx = x.slice(0, x.indexOf(':'));
  const fy = y.slice(0, y.indexOf(':'));
  return fx !== fy && fx !== 'other' && fy !== 'other' ? 'title.different' : undefined;
}

const LOWER_WORDS = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y', 'e', 'and', 'of', 'the', 'da', 'do', 'dos']);

/** A company key in words for a reason ("banco del sur" → "Banco del Sur"). */
function companyWords(f: Features): string | undefined {
  return f.company
    ?.split(' ')
    .map((w, i) => (i > 0 && LOWER_WORDS.has(w) ? w : w.replace(/^\p{L}/u, (m) => m.toUpperCase())))
    .join(' ');
}

/**
 * With `bound`, the names and the company (the comparisons that cost most) are weighed at the
 * most they could weigh, not compared: c.score is then an upper bound of the score (see
 * scoreUpperBound).
 */
function scorePeople(a: Features, b: Features, c: Evidence, stats: MatchStats | undefined, bound = false, names?: QueryCache) {
  // Identifiers that belong to one person: the same address (not a role mailbox), a direct phone,
  // the same LinkedIn profile. With one of them, a new company or surname is a change in the
  // person's life, not another person.
  let identified = false;
  // the same address or LinkedIn profile: one person's own, unlike a phone a family may share
  let ownIdentifier = false;
  // e-mail
  const email = emailLevel(a.emails, a.roleEmails, b.emails, b.roleEmails);
  if (email !== undefined) {
    c.add(email, EMAIL_CODES[email]);
    if (email === 'email.same') {
      identified = true;
      ownIdentifier = true;
    }
  }
  // phone
  let phone: PhoneLevel | undefined;
  if (a.phones.length && b.phones.length) {
    const [level, number] = phoneLevel(a.phones, b.phones);
    phone = level;
    if (level === 'direct') {
      c.add('phone.same', 'same-phone');
      identified = true;
    } else if (level === 'same') {
      const size = stats ? stats.blockSize(phoneBlock(number)) : 2;
      if (size <= 3) {
        c.add('phone.same', 'same-phone');
        identified = true;
      } else c.add('phone.shared', 'shared-phone');
    } else if (level === 'switchboard') c.add('phone.shared', 'shared-phone');
    else if (level === 'differentExt') c.add('phone.differentExt', 'different-extension');
    else c.add('phone.different', 'different-phone');
  }
  // LinkedIn
  if (a.linkedin && b.linkedin) {
    if (a.linkedin === b.linkedin) {
      c.add('linkedin.same', 'same-linkedin');
      identified = true;
      ownIdentifier = true;
    } else if (!/^in\/acw/.test(a.linkedin) && !/^in\/acw/.test(b.linkedin)) c.add('linkedin.different', 'different-linkedin');
  }
  // two extensions on one switchboard: two desks, so two people unless something of one person's own says otherwise
  if (phone === 'differentExt' && !ownIdentifier) c.notSure = true;
  // name (for a bound: the most the names could weigh, without comparing them)
  if (bound) c.score += nameUpperBound(a, b, stats, c.weights, identified, names);
  const name = bound ? undefined : compareNames(a, b, stats, c.weights, names);
  // two given names that are not one (no nickname, initial or slip) sharing a surname and a phone
  // or a city: relatives, unless something of one person's own (an address, a LinkedIn profile, a
  // date of birth, an ID number) says otherwise
  // (an ID number with two neighbouring digits swapped is a typing slip; one digit apart is not
  // enough: siblings registered together get consecutive numbers)
  const ownFacts = ownIdentifier || (!!a.birth && a.birth === b.birth) || (!!a.nationalId && !!b.nationalId && (a.nationalId === b.nationalId || swappedNeighbours(a.nationalId, b.nationalId)));
  if (name && name.given === 'different' && !name.swapped && !ownFacts) {
    c.notSure = true;
    c.reason(0, 'different-given-name');
  }
  if (name) {
    // a new surname (marriage) with the same given name, told by an identifier
    const surnameChanged = identified && name.family === 'different' && !name.swapped && (name.given === 'exact' || name.given === 'nickname' || name.given === 'first');
    let w = 0;
    for (const [k, v] of keysOf(name)) w += c.level(surnameChanged && k === 'family.different' ? 'family.changed' : k, v);
    const nickname = name.given === 'nickname' || name.given === 'part' || (name.given === 'exact' && a.nickname !== b.nickname);
    const same = name.given === 'exact' && name.family === 'exact' && name.second !== 'conflict' && name.second !== 'dropped';
    if (same && !name.swapped && !nickname) c.reason(w, 'same-name');
    else if (w > 0 || surnameChanged) c.reason(w, 'name', c.reasons ? nameDisplaySimilarity(name) : undefined);
    else c.reason(w, name.second === 'conflict' && name.family === 'exact' ? 'different-second-surname' : 'different-name');
    if (c.reasons && (w > 0 || surnameChanged)) {
      if (nickname) c.reason(0, 'nickname');
      if (surnameChanged) c.reason(0, 'surname-changed');
      if (name.second === 'dropped') c.reason(0, 'surname-dropped');
      if (name.given === 'first') c.reason(0, 'second-name-dropped');
      if (name.given === 'initial') c.reason(0, 'initials');
      if (name.swapped) c.reason(0, 'swapped-names');
    }
  }
  // Jr. / Sr.: father and son share name, company and often the phone
  if (a.generation !== b.generation) {
    const both = a.generation !== undefined && b.generation !== undefined;
    // "Sr." and "Jr." on the two records: two people, whatever else they share; a marker on one
    // side only, unless the same address or LinkedIn profile says the marker was just left out
    if (both || !ownIdentifier) c.veto = true;
    const w = c.level(both ? 'generation.different' : 'generation.one');
    if (c.reasons) c.reasons.push({ code: 'different-generation', weight: w, from: a.generation, to: b.generation });
  }
  // job title: the same function and seniority, or another line of work (a promotion is neither)
  if (a.title && b.title) {
    const title = titleLevel(a.title, b.title);
    if (title === 'title.same') c.add(title, 'same-title');
    else if (title === 'title.different') c.add(title, 'different-title');
  }
  // company
  if (bound) {
    // the same domain or key as compared; else at the most a similar name or, with an
    // identifier, a job change (a name with no counterpart adds nothing): scoreUpperBound puts
    // the comparison in its place when it has to
    const W = c.weights;
    if (a.domain && a.domain === b.domain) c.level('company.sameDomain');
    else if (a.company && a.company === b.company) c.level('company.same');
    else {
      c.companyBound = Math.max(0, W['company.similar'], identified ? W['company.moved'] : W['company.different']);
      c.identified = identified;
      c.score += c.companyBound;
    }
    scorePlaces(a, b, c);
    return;
  }
  const [company, sim] = companyLevel(a, b);
  if (company === 'sameDomain') c.add('company.sameDomain', 'same-company-domain');
  else if (company === 'same') c.add('company.same', 'same-company');
  else if (company === 'similar') c.add('company.similar', 'similar-company', sim);
  else if (company === 'different') {
    if (identified) {
      // a job change: the same person at a new company ("moved from X to Y": b is the older record)
      const w = c.level('company.moved');
      if (c.reasons) c.reasons.push({ code: 'job-change', weight: w, from: companyWords(b), to: companyWords(a) });
    } else c.add('company.different', 'different-company');
  }
  scorePlaces(a, b, c);
}

/** The single-valued fields scorePlaces compares, in its order. */
export const PLACE_FIELDS = ['birth', 'nationalId', 'address', 'postcode', 'city', 'state', 'country'] as const;
export type PlaceField = (typeof PLACE_FIELDS)[number];

/** Two present values of a place field (see scorePlaces) at their level: its weight key, reason and similarity. */
export function placeLevel(field: PlaceField, x: string, y: string): [WeightKey, ReasonCode, number | undefined] {
  switch (field) {
    case 'birth':
      return x === y ? ['birth.same', 'same-birth-date', undefined] : dateClose(x, y) ? ['birth.close', 'similar-birth-date', undefined] : ['birth.different', 'different-birth-date', undefined];
    case 'nationalId':
      return x === y ? ['id.same', 'same-id', undefined] : dateClose(x, y) ? ['id.close', 'similar-id', undefined] : ['id.different', 'different-id', undefined];
    case 'address': {
      const sim = levenshteinSimilarity(x, y);
      if (sim >= 0.95) return ['address.same', 'same-address', undefined];
      if (sim >= 0.8) return ['address.similar', 'similar-address', sim];
      if (sim >= 0.6) return ['address.weak', 'similar-address', sim];
      return ['address.different', 'different-address', undefined];
    }
    case 'postcode':
      if (x === y) return ['postcode.same', 'same-postcode', undefined];
      if (x.length === y.length && editDistance(x, y) <= 1) return ['postcode.close', 'same-postcode', undefined];
      return ['postcode.different', 'different-postcode', undefined];
    case 'city':
      if (x === y) return ['city.same', 'same-city', undefined];
      if (jaroWinkler(x, y) >= 0.9) return ['city.similar', 'same-city', undefined];
      return ['city.different', 'different-city', undefined];
    case 'state':
      return x === y ? ['state.same', 'same-city', undefined] : ['state.different', 'different-city', undefined];
    case 'country':
      return x === y ? ['country.same', 'same-country', undefined] : ['country.different', 'different-country', undefined];
  }
}

function scorePlaces(a: Features, b: Features, c: Evidence) {
  for (const field of PLACE_FIELDS) {
    const x = a[field];
    const y = b[field];
    if (!x || !y) continue;
    const [key, code, sim] = placeLevel(field, x, y);
    c.add(key, code, sim);
  }
}

/**
 * Two companies of one group on one domain (or one domain name): one is the group ("Grupo
 * Sigma", "Sigma Group") and the other is not, or each has a word the other lacks that names a
 * place or a line of business ("Sigma Perú" / "Sigma Global"), around a shared name ("sigma").
 * What the second is to the first; undefined when they are not so told apart.
 */
/** The other name carries one of these group words with one slip (a letter added, lost, changed or swapped). */
function misspeltGroupWord(withGroup: readonly string[], other: readonly string[]): boolean {
  const groupWords = withGroup.filter(isGroupWord);
  return other.some((t) => !withGroup.includes(t) && t.length >= 4 && groupWords.some((g) => oneSlipApart(t, g)));
}

function relationOf(a: Features, b: Features): Relation | undefined {
  if (!a.company || !b.company || !a.companyCore || !b.companyCore) return undefined;
  if (!a.companyCore.some((t) => b.companyCore!.includes(t))) return undefined;
  const ta = a.company.split(' ');
  const tb = b.company.split(' ');
  const ga = ta.some(isGroupWord);
  const gb = tb.some(isGroupWord);
  // "Grupo Luvi" and "Grxupo Luvi": a group word mistyped on one side is the same group word
  if (ga !== gb && !misspeltGroupWord(ga ? ta : tb, ga ? tb : ta)) return ga ? 'subsidiary' : 'parent';
  const onlyA = ta.some((t) => !isGroupWord(t) && isGenericCompanyWord(t) && !tb.includes(t));
  const onlyB = tb.some((t) => !isGroupWord(t) && isGenericCompanyWord(t) && !ta.includes(t));
  return onlyA && onlyB ? 'sibling' : undefined;
}

function scoreAccounts(a: Features, b: Features, c: Evidence, stats: MatchStats | undefined) {
  // companies' own base rate: the fitted weights share one intercept with people, whose candidate
  // pairs are matches more often; this level moves accounts' scores onto the same scale
  c.level('account.base');
  let oneDomain = false;
  if (a.domain && b.domain) {
    if (a.domain === b.domain) {
      const size = stats ? stats.blockSize(domainBlock(a.domain)) : 2;
      c.add(size <= 4 ? 'account.domain.same' : 'account.domain.shared', 'same-domain');
      oneDomain = true;
    } else if (sameDomainLabel(a.domain, b.domain)) {
      c.add('account.domain.sameLabel', 'same-domain-name');
      oneDomain = true;
    } else c.add('account.domain.different', 'different-domain');
  }
  if (oneDomain && a.company !== b.company) c.relation = relationOf(a, b);
  if (a.linkedin && b.linkedin) {
    if (a.linkedin === b.linkedin) c.add('account.linkedin.same', 'same-linkedin');
    else c.add('account.linkedin.different', 'different-linkedin');
  }
  if (a.company && b.company) {
    const ca = a.companyCore!;
    const cb = b.companyCore!;
    if (a.company === b.company || a.company.replace(/ /g, '') === b.company.replace(/ /g, '') || sortedWords(a.company) === sortedWords(b.company)) {
      c.add('account.name.same', 'same-company-name');
    } else {
      const jw = jaroWinkler(a.company, b.company);
      if (within(ca, cb) || within(cb, ca)) c.add('account.name.subset', 'similar-company-name', Math.max(jw, 0.9));
      else if (jw >= 0.93) c.add('account.name.fuzzy', 'similar-company-name', jw);
      else if (jw >= 0.85) c.add('account.name.fuzzyLow', 'similar-company-name', jw);
      else c.add('account.name.different', 'different-company-name');
    }
  } else if (labelMatches(a, b) || labelMatches(b, a)) {
    c.add('account.name.subset', 'similar-company-name', 0.9);
  }
  // "S.A." and "S.L.", "Inc." and "LLC": two kinds of company, more often two companies
  if (a.form && b.form) {
    if (a.form === b.form) c.level('account.form.same');
    else c.add('account.form.different', 'different-legal-form');
  }
  if (a.phones.length && b.phones.length) {
    if (sharedOf(a.phones, b.phones)) c.add('account.phone.same', 'same-phone');
    else c.add('account.phone.different', 'different-phone');
  }
  if (a.country && b.country) {
    if (a.country === b.country) c.add('account.country.same', 'same-country');
    else c.add('account.country.different', 'different-country');
  } else if (a.where && b.where) {
    // what the legal form, website ending or city say ("S.A. de C.V." is Mexican, "LLC" American)
    if (a.where.split(',').some((x) => b.where!.includes(x))) c.add('account.country.impliedSame', 'same-country');
    else c.add('account.country.impliedDifferent', 'different-country');
  }
  if (a.city && b.city) {
    if (a.city === b.city) c.add('account.city.same', 'same-city');
    else c.add('account.city.different', 'different-city');
  }
}

/** Strongest first, negatives last; notes about the name (weight 0) right after the name. */
function orderReasons(reasons: Reason[]): Reason[] {
  const notes = reasons.filter((r) => r.weight === 0);
  const rest = reasons.filter((r) => r.weight !== 0).sort((x, y) => (x.weight > 0 ? 0 : 1) - (y.weight > 0 ? 0 : 1) || Math.abs(y.weight) - Math.abs(x.weight));
  const at = rest.findIndex((r) => r.code === 'name' || r.code === 'same-name');
  if (at < 0) return rest.concat(notes);
  return [...rest.slice(0, at + 1), ...notes, ...rest.slice(at + 1)];
}

export function bandOf(score: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Band {
  return score >= thresholds.duplicate ? 'duplicate' : score >= thresholds.possible ? 'possible' : 'distinct';
}

export interface ScoreOptions {
  thresholds?: Thresholds;
  /** frequency statistics (the index provides them); without them names get no frequency term */
  stats?: MatchStats;
  /** build the reasons list (default true) */
  explain?: boolean;
  /** other weights (for estimating them); default WEIGHTS */
  weights?: Weights;
  /**
   * comparisons already made with the same first record (a lookup's query) and the same `stats`:
   * read instead of repeated (see QueryCache)
   */
  cache?: QueryCache;
}

/** Compare two records' features into an Evidence (score, reasons, levels). */
export function compareFeatures(a: Features, b: Features, options: ScoreOptions & { record?: boolean } = {}): Evidence {
  const c = new Evidence(options.weights ?? WEIGHTS, options.explain ?? true, options.record ?? false);
  if (a.kind !== b.kind) {
    c.score = -Infinity;
    return c;
  }
  if (a.kind === 'person') scorePeople(a, b, c, options.stats, false, options.cache);
  else scoreAccounts(a, b, c, options.stats);
  return c;
}

/**
 * At least the score scoreFeatures(a, b) gives two people (before it is rounded to hundredths),
 * or Infinity for anything else: every comparator but the names and the company compared, these
 * two at the most they could weigh (nameUpperBound; the same domain or company key, or at the most
 * a similar one); when that is not below `least`, the company compared too. A candidate whose
 * bound is below a threshold cannot reach it: a lookup skips it without comparing the names, the
 * costliest part of a comparison.
 */
export function scoreUpperBound(a: Features, b: Features, options: ScoreOptions = {}, least = Infinity): number {
  if (a.kind !== 'person' || b.kind !== 'person') return Infinity;
  const W = options.weights ?? WEIGHTS;
  const c = new Evidence(W, false);
  scorePeople(a, b, c, options.stats, true, options.cache);
  if (c.score < least || c.companyBound === undefined) return c.score;
  return companyRefined(a, b, c.score, c.companyBound, c.identified, W);
}

/**
 * A bound `bound` in which the company was counted at `companyBound` (the most it could weigh,
 * with or without an identifier: `identified`), with the company compared instead, as
 * scorePeople weighs it.
 */
export function companyRefined(a: Features, b: Features, bound: number, companyBound: number, identified: boolean, W: Weights = WEIGHTS): number {
  const [company] = companyLevel(a, b);
  const key = company === undefined ? undefined : company === 'different' ? (identified ? 'company.moved' : 'company.different') : COMPANY_KEYS[company];
  return bound - companyBound + (key === undefined ? 0 : W[key]);
}

const COMPANY_KEYS = { sameDomain: 'company.sameDomain', same: 'company.same', similar: 'company.similar' } as const;

/** Score two records' features. People and accounts never match each other. */
export function scoreFeatures(a: Features, b: Features, options: ScoreOptions = {}): PairScore {
  const c = compareFeatures(a, b, options);
  const score = c.score === -Infinity ? c.score : Math.round(c.score * 100) / 100;
  const reasons = c.reasons ? orderReasons(c.reasons) : [];
  if (c.relation) {
    // never one company, whatever else they share: below every threshold, and a veto when
    // clustering (no third record can chain the group and its subsidiary together)
    if (c.reasons) reasons.unshift({ code: 'related-company', weight: 0, relation: c.relation });
    return { score: Math.min(score, RELATED_SCORE), band: 'related', relation: c.relation, reasons };
  }
  if (c.veto) return { score: Math.min(score, RELATED_SCORE), band: 'distinct', reasons };
  if (c.notSure) {
    const capped = Math.min(score, (options.thresholds ?? DEFAULT_THRESHOLDS).duplicate - NOT_SURE_MARGIN);
    return { score: capped, band: bandOf(capped, options.thresholds), reasons };
  }
  return { score, band: bandOf(score, options.thresholds), reasons };
}

/** How far below the duplicate threshold a pair that cannot be sure is kept (in bits). */
const NOT_SURE_MARGIN = 0.5;

/** The score of two related companies (a group and its subsidiary): below zero, never merged. */
export const RELATED_SCORE = -1;

/**
 * A score in bits as a 0…1 probability that the pair is a match, calibrated on the training
 * data's candidate pairs (logistic: 1 / (1 + 2^(PROBABILITY_MIDPOINT − score))).
 */
export function matchProbability(score: number): number {
  return 1 / (1 + Math.pow(2, PROBABILITY_MIDPOINT - score));
}
