// A lookup's score bound read from the index's columns: what scoreUpperBound starts from for a
// person candidate, worked out from the slot's ids in place — no Features object made: names
// compared by their ids in the name table (a surname's agreement is an equal id; each distinct
// given name compared once per lookup), places and job titles compared once per lookup for each
// distinct value the candidates have (most share them).
import { phoneBlock } from './blocking';
import {
  emailLevel,
  familyBitsMax,
  frequencyBits,
  familyLevelBound,
  givenBound,
  PLACE_FIELDS,
  phoneLevel,
  placeLevel,
  secondSurnameWeight,
  titleLevel,
  type MatchStats,
  type QueryCache,
  type Weights,
} from './compare';
import type { Features } from './features';
import type { FeatureStore, Scalar } from './feature-store';
import { FREQUENCY, WEIGHTS } from './weights';

const LISTS = 8;
/** two name ids under this make one small integer (a key V8 hashes fast) */
const PAIR_LIMIT = 1 << 15;
/** bits: far above the rounding of a sum of a few dozen weights taken in another order */
const SLACK = 1e-6;
const GIVEN_LEVEL_KEYS = ['given.exact', 'given.nickname', 'given.first', 'given.conflict', 'given.fuzzy', 'given.fuzzyLow', 'given.initial', 'given.part', 'given.different'] as const;

const NO_VALUES: readonly string[] = Object.freeze([]);

interface Column {
  ids: ArrayLike<number> | undefined;
  values: readonly string[];
}

/**
 * The candidates of one lookup (a person) bounded from the columns. `at(slot)` is the bound
 * scoreUpperBound(query, candidate) starts from — every comparator but the names and the company
 * compared, those two at the most they could weigh —, never below the score, so a candidate whose
 * `at` is below a threshold cannot reach it; then `companyBound` and `identified` say how the
 * company was counted (see companyRefined). Valid while the index does not change (one lookup).
 */
export class ColumnBound {
  /** (after at()) what the company was counted at; undefined when it was compared (same domain or key) */
  companyBound: number | undefined;
  /** (after at()) an identifier said one person */
  identified = false;

  private readonly W: Weights = WEIGHTS;
  private readonly spans = new Int32Array(2 * LISTS);
  /** the query's name lists: given, family, altGiven, altFamily (undefined: none) */
  private readonly q: Array<readonly string[] | undefined>;
  /** per query name list: the ids of its first two tokens in the name table (0: not there) */
  private readonly qIds: Int32Array;
  /** per query name list: the letters of its tokens (for sameJoined) */
  private readonly qLetters: Int32Array;
  /** per query name list: a candidate's second surname (its id) → secondSurnameWeight */
  private readonly seconds: Array<Map<number, number> | undefined> = [];
  /** per query name list and token (× 2): familyBitsMax of the token, NaN until needed */
  private readonly qBits: Float64Array;
  /** per query name list: a candidate's one-token given-name list (its id) → given part */
  private readonly givenParts: Array<Map<number, number> | undefined> = [];
  /** the same for two-token lists (their ids, id0 × PAIR_LIMIT + id1) */
  private readonly givenPairs: Array<Map<number, number> | undefined> = [];
  /** per place field (and the job title last): candidate value id → weight */
  private readonly placeParts: Array<Map<number, number>>;
  private readonly places: Column[];
  /** the query's values of PLACE_FIELDS */
  private readonly qPlaces: Array<string | undefined>;
  private readonly title: Column;
  private readonly linkedin: Column;
  private readonly generation: Column;
  private readonly domain: Column;
  private readonly company: Column;
  private readonly names: readonly string[];
  /** per query name list: the most its given part can weigh (NaN until needed) */
  private readonly qGivenMost = new Float64Array(4).fill(NaN);
  /** scratch arrays, one per length (1, 2, 3) and use */
  private readonly scratch: string[][][] = [0, 1, 2, 3].map(() => [[''], ['', ''], ['', '', '']]);
  /** nameBound's readings: the query's given-name list, the candidate's, the surname part, the given part */
  private readonly rq = new Int8Array(6);
  private readonly rc = new Int8Array(6);
  private readonly rFamily = new Float64Array(6);
  private readonly rGiven = new Float64Array(6);
  /** (after nameBound) it compared every given name: the bound scoreUpperBound starts from */
  private namesExact = true;
  /** the terms at() adds after the names, in order */
  private readonly terms = new Float64Array(16);

  constructor(
    private readonly store: FeatureStore,
    private readonly stats: MatchStats,
    private readonly query: Features,
    private readonly cache: QueryCache | undefined,
  ) {
    this.q = [query.given, query.family, query.altGiven, query.altFamily];
    const table = store.tables.name;
    this.names = table.values;
    this.qIds = new Int32Array(8);
    this.qLetters = new Int32Array(4);
    this.qBits = new Float64Array(8).fill(NaN);
    for (let list = 0; list < 4; list++) {
      const tokens = this.q[list] ?? NO_VALUES;
      for (let i = 0; i < 2 && i < tokens.length; i++) this.qIds[2 * list + i] = table.find(tokens[i]!);
      for (const t of tokens) this.qLetters[list]! += t.length;
    }
    const column = (field: Scalar) => store.scalarColumn(field);
    this.places = PLACE_FIELDS.map(column);
    this.qPlaces = PLACE_FIELDS.map((field) => query[field]);
    this.placeParts = [...PLACE_FIELDS, 'title'].map(() => new Map());
    this.title = column('title');
    this.linkedin = column('linkedin');
    this.generation = column('generation');
    this.domain = column('domain');
    this.company = column('company');
  }

  /**
   * An upper bound of the score of the query and the person in this slot: when it is not below
   * `least`, the bound scoreUpperBound starts from (the same number); below it, maybe a rougher
   * one (given names at the most they could weigh, not compared).
   */
  at(slot: number, least = Infinity): number {
    const { store, W, query: a, spans } = this;
    store.listSpans(slot, spans);
    const pool = store.words;
    let score = 0;
    let identified = false;
    // scorePeople's order: e-mail, phone, LinkedIn, names, generation, title, company, places
    const nEmails = spans[9]!;
    const nRoles = spans[11]!;
    if ((a.emails.length || a.roleEmails.length) && (nEmails || nRoles)) {
      const emails = this.tokens(0, store.tables.email, pool, spans[8]!, nEmails);
      const roles = this.tokens(1, store.tables.email, pool, spans[10]!, nRoles);
      const level = emailLevel(a.emails, a.roleEmails, emails, roles);
      if (level !== undefined) {
        score += W[level];
        if (level === 'email.same') identified = true;
      }
    }
    const nPhones = spans[13]!;
    if (a.phones.length && nPhones) {
      const [level, number] = phoneLevel(a.phones, this.tokens(2, store.tables.phone, pool, spans[12]!, nPhones));
      if (level === 'direct') {
        score += W['phone.same'];
        identified = true;
      } else if (level === 'same') {
        if (this.stats.blockSize(phoneBlock(number)) <= 3) {
          score += W['phone.same'];
          identified = true;
        } else score += W['phone.shared'];
      } else if (level === 'switchboard') score += W['phone.shared'];
      else if (level === 'differentExt') score += W['phone.differentExt'];
      else score += W['phone.different'];
    }
    if (a.linkedin) {
      const li = valueAt(this.linkedin, slot);
      if (li) {
        if (li === a.linkedin) {
          score += W['linkedin.same'];
          identified = true;
        } else if (!/^in\/acw/.test(a.linkedin) && !/^in\/acw/.test(li)) score += W['linkedin.different'];
      }
    }
    // what comes after the names, kept in order
    const terms = this.terms;
    let n = 0;
    let rest = score;
    const generation = valueAt(this.generation, slot);
    if (a.generation !== generation) rest += terms[n++] = a.generation !== undefined && generation !== undefined ? W['generation.different'] : W['generation.one'];
    if (a.title) rest += terms[n++] = this.place(PLACE_FIELDS.length, this.title, a.title, slot);
    // the company: the same domain or key, else at the most a similar one or a job change
    this.identified = identified;
    this.companyBound = undefined;
    if (a.domain && a.domain === valueAt(this.domain, slot)) rest += terms[n++] = W['company.sameDomain'];
    else if (a.company && a.company === valueAt(this.company, slot)) rest += terms[n++] = W['company.same'];
    else rest += terms[n++] = this.companyBound = Math.max(0, W['company.similar'], identified ? W['company.moved'] : W['company.different']);
    const qPlaces = this.qPlaces;
    for (let i = 0; i < qPlaces.length; i++) {
      const x = qPlaces[i];
      if (x) rest += terms[n++] = this.place(i, this.places[i]!, x, slot);
    }
    // the given names, the costliest part, compared only when the rest could reach `least`
    const names = this.nameBound(pool, identified, least, rest);
    if (!this.namesExact) return rest + names;
    score += names;
    for (let i = 0; i < n; i++) score += terms[i]!;
    return score;
  }

  /** the candidate's n tokens at pool[at …] as strings, in a reused array (use: one for each list in use at once) */
  private tokens(use: number, table: { get(id: number): string }, pool: Uint32Array, at: number, n: number): readonly string[] {
    if (n <= 0) return NO_VALUES;
    const out = n <= 3 ? this.scratch[use]![n - 1]! : new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = table.get(pool[at + i]!);
    return out;
  }

  /** the weight of place field i (PLACE_FIELDS.length: the job title) of the query, x, against the slot's */
  private place(i: number, column: Column, x: string, slot: number): number {
    const id = column.ids?.[slot] ?? 0;
    if (id === 0) return 0;
    const parts = this.placeParts[i]!;
    let w = parts.get(id);
    if (w === undefined) {
      const y = column.values[id]!;
      if (i < PLACE_FIELDS.length) w = this.W[placeLevel(PLACE_FIELDS[i]!, x, y)[0]];
      else {
        const level = titleLevel(x, y);
        w = level === undefined ? 0 : this.W[level];
      }
      parts.set(id, w);
    }
    return w;
  }

  /** the candidate's name list `list` (0 given … 3 altFamily) as strings, in a reused array */
  private nameList(pool: Uint32Array, list: number): readonly string[] {
    const at = this.spans[2 * list]!;
    const n = this.spans[2 * list + 1]!;
    if (n <= 0) return NO_VALUES;
    const out = n <= 3 ? this.scratch[3]![n - 1]! : new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.names[pool[at + i]!]!;
    return out;
  }

  /** the most givenBound of the query's list qi and any list can be: its best level and its tokens' frequency terms if equal */
  private givenMost(qi: number): number {
    let most = this.qGivenMost[qi]!;
    if (Number.isNaN(most)) {
      const W = this.W;
      most = -Infinity;
      for (const k of GIVEN_LEVEL_KEYS) most = Math.max(most, W[k]);
      const tokens = this.q[qi]!;
      const n = this.stats.size('person');
      for (let i = 0; i < 2 && i < tokens.length; i++) {
        most += Math.max(0, W['given.frequency'] * frequencyBits(this.stats.givenCount(tokens[i]!), n, FREQUENCY.givenPrior));
      }
      this.qGivenMost[qi] = most;
    }
    return most;
  }

  /** givenBound of the query's list qi and the candidate's ci (both present) */
  private givenPart(pool: Uint32Array, qi: number, ci: number): number {
    const n = this.spans[2 * ci + 1]!;
    const at = this.spans[2 * ci]!;
    // a list of one or two names (nearly all) by their ids: one small integer
    let id: number;
    let parts: Map<number, number> | undefined;
    if (n === 1) {
      id = pool[at]!;
      parts = this.givenParts[qi];
      if (!parts) this.givenParts[qi] = parts = new Map();
    } else if (n === 2 && pool[at]! < PAIR_LIMIT && pool[at + 1]! < PAIR_LIMIT) {
      id = pool[at]! * PAIR_LIMIT + pool[at + 1]!;
      parts = this.givenPairs[qi];
      if (!parts) this.givenPairs[qi] = parts = new Map();
    } else return givenBound(this.q[qi]!, this.nameList(pool, ci), this.stats, this.W, this.cache);
    let w = parts.get(id);
    if (w === undefined) {
      w = givenBound(this.q[qi]!, this.nameList(pool, ci), this.stats, this.W, this.cache);
      parts.set(id, w);
    }
    return w;
  }

  /** familyBound of the query's list qi and the candidate's ci (both present), by their ids */
  private familyPart(pool: Uint32Array, qi: number, ci: number, identified: boolean): number {
    const W = this.W;
    const fa = this.q[qi]!;
    const at = this.spans[2 * ci]!;
    const n = this.spans[2 * ci + 1]!;
    const first = pool[at] === this.qIds[2 * qi];
    let joined = false;
    if (!first && fa.length + n > 2) {
      // (sameJoined: the letters first)
      let letters = 0;
      for (let i = 0; i < n; i++) letters += this.names[pool[at + i]!]!.length;
      joined = letters === this.qLetters[qi] && fa.join('') === this.nameList(pool, ci).join('');
    }
    const two = fa.length >= 2 && n >= 2;
    const w = familyLevelBound(first, joined, two ? this.second(qi, pool[at + 1]!) : 0, identified, W);
    let f = first ? this.bits(qi, 0) : 0;
    if (two && pool[at + 1] === this.qIds[2 * qi + 1]) f += this.bits(qi, 1);
    if (joined) f = Math.max(f, familyBitsMax(fa.join(''), this.stats, W));
    return w + f;
  }

  /** secondSurnameWeight of the query's list qi's second token and the name with this id */
  private second(qi: number, id: number): number {
    let seconds = this.seconds[qi];
    if (!seconds) this.seconds[qi] = seconds = new Map();
    let w = seconds.get(id);
    if (w === undefined) {
      w = secondSurnameWeight(this.q[qi]![1]!, this.names[id]!, this.W);
      seconds.set(id, w);
    }
    return w;
  }

  /** familyBitsMax of the query's list qi's token i */
  private bits(qi: number, i: number): number {
    let b = this.qBits[2 * qi + i]!;
    if (Number.isNaN(b)) b = this.qBits[2 * qi + i] = familyBitsMax(this.q[qi]![i]!, this.stats, this.W);
    return b;
  }

  /**
   * nameUpperBound, in steps: each reading compareNames may try (the alternative names, first and
   * last name swapped) weighed as readingUpperBound weighs it, its surnames by their ids; when
   * `least` is finite, first with every given name at the most it could weigh, then with only the
   * swapped readings' so, and only if the candidate still could reach `least` (with `rest`, what
   * the other comparators add), the given names compared. Sets namesExact.
   */
  private nameBound(pool: Uint32Array, identified: boolean, least: number, rest: number): number {
    this.namesExact = true;
    const a = this.query;
    const spans = this.spans;
    const bGiven = spans[1]!;
    const bFamily = spans[3]!;
    if (!(a.given.length + a.family.length) || !(bGiven + bFamily)) return 0;
    // the readings, in nameUpperBound's order: query lists qg / qf against the candidate's cg / cf
    // (an altGiven list comes with an altFamily list)
    const { rq, rc, rFamily, rGiven } = this;
    let k = 0;
    const aAlt = a.altGiven !== undefined;
    const bAlt = spans[5]! >= 0;
    rq[k] = 0; rc[k++] = 0;
    if (aAlt) { rq[k] = 2; rc[k++] = 0; }
    if (bAlt) { rq[k] = 0; rc[k++] = 2; }
    if (aAlt && bAlt) { rq[k] = 2; rc[k++] = 2; }
    const swaps = a.family.length && bFamily && a.given.length && bGiven ? 2 : 0;
    // (swapped: the query's given names and surnames against the candidate's surnames and given names, and the other way)
    if (swaps) { rq[k] = 0; rc[k++] = 1; rq[k] = 1; rc[k++] = 0; }
    // each reading's surname part (NaN: none) and given part (NaN: none; else at its most for now)
    for (let r = 0; r < k; r++) {
      const sw = r >= k - swaps;
      const qg = rq[r]!;
      const cg = rc[r]!;
      // a swapped reading's surnames are the other list: the query's qg ^ 1 against the candidate's cg ^ 1
      const qf = sw ? qg ^ 1 : qg + 1;
      const cf = sw ? cg ^ 1 : cg + 1;
      rFamily[r] = this.q[qf]!.length && spans[2 * cf + 1]! > 0 ? this.familyPart(pool, qf, cf, identified) : NaN;
      rGiven[r] = this.q[qg]!.length && spans[2 * cg + 1]! > 0 ? this.givenMost(qg) : NaN;
    }
    if (least !== Infinity) {
      if (rest + this.best(k, swaps) + SLACK < least) {
        this.namesExact = false;
        return this.best(k, swaps) + SLACK;
      }
    }
    for (let pass = 0; pass < 2; pass++) {
      for (let r = pass === 0 ? 0 : k - swaps; r < (pass === 0 ? k - swaps : k); r++) {
        if (Number.isNaN(rGiven[r]!)) continue;
        const qg = rq[r]!;
        rGiven[r] = this.givenPart(pool, qg, rc[r]!);
      }
      if (pass === 0 && swaps && least !== Infinity && rest + this.best(k, swaps) + SLACK < least) {
        this.namesExact = false;
        return this.best(k, swaps) + SLACK;
      }
    }
    return this.best(k, swaps);
  }

  /** the best of the k readings (the last `swaps` swapped), each summed as readingUpperBound sums it */
  private best(k: number, swaps: number): number {
    const { rGiven, rFamily } = this;
    let best = -Infinity;
    for (let r = 0; r < k; r++) {
      let w = r >= k - swaps ? this.W['name.swapped'] : 0;
      const g = rGiven[r]!;
      if (!Number.isNaN(g)) w += g;
      const f = rFamily[r]!;
      if (!Number.isNaN(f)) w += f;
      if (w > best) best = w;
    }
    return best;
  }
}

function valueAt(column: Column, slot: number): string | undefined {
  const id = column.ids?.[slot] ?? 0;
  return id === 0 ? undefined : column.values[id];
}
