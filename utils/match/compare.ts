// Field comparators and the pair score. Each comparator puts a pair at a level ("email.same",
// "given.nickname", "company.different" …, nothing when a value is missing); each level has a
// weight in bits (weights.ts); the score is their sum, a log2 likelihood ratio in the
// Fellegi–Sunter sense. Agreement on a name also earns a frequency term: agreeing on a rare
// surname says more than agreeing on "García". Symmetric: score(a, b) === score(b, a).
import { domainBlock, phoneBlock } from './blocking';
import type { Features } from './features';
import { givenNameRoots, nicknameEquivalent } from './nicknames';
import { isFreeMailDomain } from './normalize';
import type { Reason, ReasonCode } from './reasons';
import { editDistance, jaroWinkler, levenshteinSimilarity, phonetic } from './similarity';
import { DEFAULT_THRESHOLDS, FREQUENCY, PROBABILITY_MIDPOINT, WEIGHTS, type Thresholds, type WeightKey } from './weights';

export type Band = 'duplicate' | 'possible' | 'distinct';

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
  /** sum of weights, in bits (log2 likelihood ratio) */
  score: number;
  band: Band;
  /** strongest first; empty unless explained */
  reasons: Reason[];
}

type Weights = Readonly<Record<WeightKey, number>>;

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
    return { level, second: l1 >= FUZZY_LOW ? 'agree' : l1 === INITIAL ? 'none' : 'conflict', exact };
  }
  return { level, second: fa.length !== fb.length ? 'dropped' : 'none', exact };
}

interface NameResult {
  weight: number;
  keys: Array<[WeightKey, number]>;
  given: GivenLevel | undefined;
  family: FamilyLevel | undefined;
  second: SecondLevel;
  swapped: boolean;
  ga: readonly string[];
  gb: readonly string[];
  fa: readonly string[];
  fb: readonly string[];
}

function nameResult(
  ga: readonly string[],
  fa: readonly string[],
  gb: readonly string[],
  fb: readonly string[],
  swapped: boolean,
  stats: MatchStats | undefined,
  W: Weights,
): NameResult {
  const keys: Array<[WeightKey, number]> = [];
  let given: GivenLevel | undefined;
  let family: FamilyLevel | undefined;
  let second: SecondLevel = 'none';
  const n = stats ? stats.size('person') : 0;
  if (ga.length && gb.length) {
    const g = givenLevel(ga, gb);
    given = g.level;
    keys.push([`given.${g.level}`, 1]);
    if (stats && g.exact.length) {
      let bits = 0;
      for (const t of g.exact) bits += frequencyBits(stats.givenCount(t), n, FREQUENCY.givenPrior);
      keys.push(['given.frequency', bits]);
    }
  }
  if (fa.length && fb.length) {
    const f = familyLevel(fa, fb);
    family = f.level;
    second = f.second;
    keys.push([`family.${f.level}`, 1]);
    if (f.second === 'agree' || f.second === 'conflict') keys.push([`family.second.${f.second}`, 1]);
    if (stats && f.exact.length) {
      let bits = 0;
      for (const t of f.exact) bits += frequencyBits(stats.familyCount(t), n, FREQUENCY.familyPrior);
      keys.push(['family.frequency', bits]);
    }
  }
  if (swapped) keys.push(['name.swapped', 1]);
  let weight = 0;
  for (const [k, v] of keys) weight += W[k] * v;
  return { weight, keys, given, family, second, swapped, ga, gb, fa, fb };
}

function compareNames(a: Features, b: Features, stats: MatchStats | undefined, W: Weights): NameResult | undefined {
  if (!(a.given.length + a.family.length) || !(b.given.length + b.family.length)) return undefined;
  let best = nameResult(a.given, a.family, b.given, b.family, false, stats, W);
  if (best.given === 'exact' && best.family === 'exact' && best.second !== 'conflict') return best;
  let r: NameResult;
  if (a.altGiven) {
    r = nameResult(a.altGiven, a.altFamily!, b.given, b.family, false, stats, W);
    if (r.weight > best.weight) best = r;
  }
  if (b.altGiven) {
    r = nameResult(a.given, a.family, b.altGiven, b.altFamily!, false, stats, W);
    if (r.weight > best.weight) best = r;
  }
  if (a.altGiven && b.altGiven) {
    r = nameResult(a.altGiven, a.altFamily!, b.altGiven, b.altFamily!, false, stats, W);
    if (r.weight > best.weight) best = r;
  }
  if (best.weight < 4 && a.family.length && b.family.length && a.given.length && b.given.length) {
    // first and last name swapped in one record; both directions, so the result does not depend
    // on the argument order
    const ab = nameResult(a.given, a.family, b.family, b.given, true, stats, W);
    const ba = nameResult(a.family, a.given, b.given, b.family, true, stats, W);
    r = ab.weight >= ba.weight ? ab : ba;
    if (r.weight > best.weight) best = r;
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

function emailLocal(e: string): string {
  return e.slice(0, e.indexOf('@'));
}

/** both have a work address at the same company domain */
function sameWorkDomain(a: Features, b: Features): boolean {
  for (const x of a.emails) {
    const d = emailDomain(x);
    if (isFreeMailDomain(d)) continue;
    for (const y of b.emails) if (emailDomain(y) === d) return true;
  }
  return false;
}

/** the same user part (five characters or more) at different domains */
function sameEmailUser(a: Features, b: Features): boolean {
  for (const x of a.emails) {
    const l = emailLocal(x);
    if (l.length < 5) continue;
    for (const y of b.emails) if (emailLocal(y) === l) return true;
  }
  return false;
}

function sortedWords(s: string): string {
  return s.split(' ').sort().join(' ');
}

function companyLevel(a: Features, b: Features): ['sameDomain' | 'same' | 'similar' | 'different' | undefined, number] {
  if (a.domain && a.domain === b.domain) return ['sameDomain', 1];
  if (a.company && a.company === b.company) return ['same', 1];
  let sim = 0;
  if (a.company && b.company) {
    const ca = a.companyCore!;
    const cb = b.companyCore!;
    sim = within(ca, cb) || within(cb, ca) ? 0.95 : jaroWinkler(a.company, b.company);
  }
  if (sim < 0.95 && (labelMatches(a, b) || labelMatches(b, a))) sim = 0.95;
  if (sim >= 0.9) return ['similar', sim];
  const comparable = (a.domain && b.domain) || (a.company && b.company);
  return comparable ? ['different', sim] : [undefined, 0];
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

function scorePeople(a: Features, b: Features, c: Evidence, stats: MatchStats | undefined) {
  // e-mail
  if ((a.emails.length || a.roleEmails.length) && (b.emails.length || b.roleEmails.length)) {
    if (sharedOf(a.emails, b.emails)) c.add('email.same', 'same-email');
    else if (sharedOf(a.roleEmails, b.roleEmails)) c.add('email.sameRole', 'same-role-email');
    else if (a.emails.length && b.emails.length) {
      if (sameWorkDomain(a, b)) c.add('email.differentSameDomain', 'different-email');
      else if (sameEmailUser(a, b)) c.add('email.sameLocal', 'same-email-user');
      else c.add('email.different', 'different-email');
    }
  }
  // phone
  if (a.phones.length && b.phones.length) {
    const same = sharedOf(a.phones, b.phones);
    if (same) {
      const size = stats ? stats.blockSize(phoneBlock(same)) : 2;
      if (size <= 3) c.add('phone.same', 'same-phone');
      else c.add('phone.shared', 'shared-phone');
    } else c.add('phone.different', 'different-phone');
  }
  // LinkedIn
  if (a.linkedin && b.linkedin) {
    if (a.linkedin === b.linkedin) c.add('linkedin.same', 'same-linkedin');
    else if (!/^in\/acw/.test(a.linkedin) && !/^in\/acw/.test(b.linkedin)) c.add('linkedin.different', 'different-linkedin');
  }
  // name
  const name = compareNames(a, b, stats, c.weights);
  if (name) {
    let w = 0;
    for (const [k, v] of name.keys) w += c.level(k, v);
    const nickname = name.given === 'nickname' || name.given === 'part' || (name.given === 'exact' && a.nickname !== b.nickname);
    const same = name.given === 'exact' && name.family === 'exact' && name.second !== 'conflict' && name.second !== 'dropped';
    if (same && !name.swapped && !nickname) c.reason(w, 'same-name');
    else if (w > 0) c.reason(w, 'name', c.reasons ? nameDisplaySimilarity(name) : undefined);
    else c.reason(w, name.second === 'conflict' && name.family === 'exact' ? 'different-second-surname' : 'different-name');
    if (c.reasons && w > 0) {
      if (nickname) c.reason(0, 'nickname');
      if (name.second === 'dropped') c.reason(0, 'surname-dropped');
      if (name.given === 'first') c.reason(0, 'second-name-dropped');
      if (name.given === 'initial') c.reason(0, 'initials');
      if (name.swapped) c.reason(0, 'swapped-names');
    }
  }
  // company
  const [company, sim] = companyLevel(a, b);
  if (company === 'sameDomain') c.add('company.sameDomain', 'same-company-domain');
  else if (company === 'same') c.add('company.same', 'same-company');
  else if (company === 'similar') c.add('company.similar', 'similar-company', sim);
  else if (company === 'different') c.add('company.different', 'different-company');
  scorePlaces(a, b, c);
}

function scorePlaces(a: Features, b: Features, c: Evidence) {
  if (a.birth && b.birth) {
    if (a.birth === b.birth) c.add('birth.same', 'same-birth-date');
    else if (dateClose(a.birth, b.birth)) c.add('birth.close', 'similar-birth-date');
    else c.add('birth.different', 'different-birth-date');
  }
  if (a.nationalId && b.nationalId) {
    if (a.nationalId === b.nationalId) c.add('id.same', 'same-id');
    else if (dateClose(a.nationalId, b.nationalId)) c.add('id.close', 'similar-id');
    else c.add('id.different', 'different-id');
  }
  if (a.address && b.address) {
    const sim = levenshteinSimilarity(a.address, b.address);
    if (sim >= 0.95) c.add('address.same', 'same-address');
    else if (sim >= 0.8) c.add('address.similar', 'similar-address', sim);
    else if (sim >= 0.6) c.add('address.weak', 'similar-address', sim);
    else c.add('address.different', 'different-address');
  }
  if (a.postcode && b.postcode) {
    if (a.postcode === b.postcode) c.add('postcode.same', 'same-postcode');
    else if (a.postcode.length === b.postcode.length && editDistance(a.postcode, b.postcode) <= 1) c.add('postcode.close', 'same-postcode');
    else c.add('postcode.different', 'different-postcode');
  }
  if (a.city && b.city) {
    if (a.city === b.city) c.add('city.same', 'same-city');
    else if (jaroWinkler(a.city, b.city) >= 0.9) c.add('city.similar', 'same-city');
    else c.add('city.different', 'different-city');
  }
  if (a.state && b.state) {
    if (a.state === b.state) c.add('state.same', 'same-city');
    else c.add('state.different', 'different-city');
  }
  if (a.country && b.country) {
    if (a.country === b.country) c.add('country.same', 'same-country');
    else c.add('country.different', 'different-country');
  }
}

function scoreAccounts(a: Features, b: Features, c: Evidence, stats: MatchStats | undefined) {
  if (a.domain && b.domain) {
    if (a.domain === b.domain) {
      const size = stats ? stats.blockSize(domainBlock(a.domain)) : 2;
      c.add(size <= 4 ? 'account.domain.same' : 'account.domain.shared', 'same-domain');
    } else c.add('account.domain.different', 'different-domain');
  }
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
  if (a.phones.length && b.phones.length) {
    if (sharedOf(a.phones, b.phones)) c.add('account.phone.same', 'same-phone');
    else c.add('account.phone.different', 'different-phone');
  }
  if (a.country && b.country) {
    if (a.country === b.country) c.add('account.country.same', 'same-country');
    else c.add('account.country.different', 'different-country');
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
}

/** Compare two records' features into an Evidence (score, reasons, levels). */
export function compareFeatures(a: Features, b: Features, options: ScoreOptions & { record?: boolean } = {}): Evidence {
  const c = new Evidence(options.weights ?? WEIGHTS, options.explain ?? true, options.record ?? false);
  if (a.kind !== b.kind) {
    c.score = -Infinity;
    return c;
  }
  if (a.kind === 'person') scorePeople(a, b, c, options.stats);
  else scoreAccounts(a, b, c, options.stats);
  return c;
}

/** Score two records' features. People and accounts never match each other. */
export function scoreFeatures(a: Features, b: Features, options: ScoreOptions = {}): PairScore {
  const c = compareFeatures(a, b, options);
  const score = c.score === -Infinity ? c.score : Math.round(c.score * 100) / 100;
  return { score, band: bandOf(score, options.thresholds), reasons: c.reasons ? orderReasons(c.reasons) : [] };
}

/**
 * A score in bits as a 0…1 probability that the pair is a match, calibrated on the training
 * data's candidate pairs (logistic: 1 / (1 + 2^(PROBABILITY_MIDPOINT − score))).
 */
export function matchProbability(score: number): number {
  return 1 / (1 + Math.pow(2, PROBABILITY_MIDPOINT - score));
}
