// The match index: features of every record plus an inverted index from blocking keys to records.
// Incremental (add / update / remove by id), never compares all pairs, and serialisable so the
// service worker can reload it on wake instead of normalising every record again.
import { bandOf, companyRefined, matchProbability, QueryCache, scoreFeatures, type Band, type MatchStats, type Relation } from './compare';
import { clearFeatureCaches, toFeatures, type Features } from './features';
import type { Reason } from './reasons';
import type { MatchKind, MatchOptions, MatchRecord } from './record';
import { ColumnBound } from './column-bound';
import { FeatureStore, type FeatureStoreState } from './feature-store';
import { FrozenPostings, PostingTable, type PostingState } from './postings';
import { DEFAULT_THRESHOLDS, type Thresholds } from './weights';

export interface MatchIndexOptions extends MatchOptions {
  thresholds?: Thresholds;
  /** blocks holding more records than this are not used to find candidates (default 400) */
  blockCap?: number;
  /** at most this many candidates are scored per lookup (default 250) */
  maxCandidates?: number;
  /**
   * A batch (the dedupe CLI, clusterAll): records are added once, in order, with their positions
   * as ids ("0", "1" …), and never removed; the blocks are built once, at the first lookup, from
   * the records' keys (FrozenPostings), and the index takes no more records after that. The same
   * candidates, in the same order, as an index built record by record — in a fraction of the
   * memory: no id strings, no id map, no hash table of keys that only one record has.
   */
  batch?: boolean;
  /** about how many records a batch will hold: room is made for them at once */
  expected?: number;
}

export interface ResolvedIndexOptions extends MatchOptions {
  thresholds: Thresholds;
  blockCap: number;
  maxCandidates: number;
  batch?: boolean;
  expected?: number;
}

export interface MatchResult {
  id: string;
  /** bits: the sum of the comparators' weights */
  score: number;
  /** 0…1, see matchProbability */
  probability: number;
  band: Band;
  /** band 'related': what the found company is to the one looked up (its parent, subsidiary …) */
  relation?: Relation;
  reasons: Reason[];
}

/**
 * Bumped whenever normalisation or blocking changes: older serialised indexes are rebuilt.
 * 2: phones as last-nine-digit keys with extensions, titles, generation markers, company
 * abbreviations, legal forms, mis-decoded text repaired.
 */
export const FEATURES_VERSION = 2;

type Row = [
  id: string,
  kind: 0 | 1,
  given: string,
  family: string,
  altGiven: string | null,
  altFamily: string | null,
  emails: string,
  roleEmails: string,
  phones: string,
  linkedin: string | null,
  company: string | null,
  companyCore: string | null,
  domain: string | null,
  country: string | null,
  city: string | null,
  postcode: string | null,
  state: string | null,
  address: string | null,
  birth: string | null,
  nationalId: string | null,
  keys: number[],
  nickname: 0 | 1,
  generation: string | null,
  title: string | null,
  where: string | null,
  form: string | null,
];

/** An index saved by workers before the columnar layout: a row of strings per record. */
export interface SerializedRowsMatchIndex {
  format: 'dealside-match-index';
  version: number;
  options: { defaultCountry?: string };
  rows: Row[];
}

/**
 * The index as it is saved: its columns, tables and postings as they are in memory (typed arrays,
 * for IndexedDB's structured clone — not for JSON), so restoring copies arrays and normalises
 * nothing.
 */
export interface SerializedMatchIndex {
  format: 'dealside-match-index';
  version: number;
  layout: 'columns';
  options: { defaultCountry?: string };
  store: FeatureStoreState;
  postings: PostingState;
  free: number[];
}

export interface MatchIndex extends MatchStats {
  readonly options: ResolvedIndexOptions;
  /** number of records */
  readonly count: number;
  /** grows with every add, replace or removal: caches built from the index know they are stale */
  readonly changes: number;
  /** add a record, or replace the one with the same id; returns its features */
  add(record: MatchRecord): Features;
  /** add precomputed features (same id replaces) */
  addFeatures(features: Features): void;
  /** same as add: the index keys records by id */
  update(record: MatchRecord): Features;
  remove(id: string): boolean;
  has(id: string): boolean;
  get(id: string): Features | undefined;
  ids(): IterableIterator<string>;
  /**
   * the words record `id` is found by in the quick search, without materialising its features:
   * `names` its given names and surnames (alternatives too), `company` its company words and
   * company key (a word may come more than once); false when the index does not hold it
   */
  forEachWord(id: string, which: 'names' | 'company', fn: (word: string) => void): boolean;
  /**
   * The records sharing a usable block with these features (never the record itself), at most
   * `limit` (default options.maxCandidates), those sharing the most blocks first.
   */
  candidates(features: Features, limit?: number): Features[];
  /**
   * candidates() as slots (positions in the index's columns, stable while the record stays): read
   * them with idAt / featuresAt, so that only the records compared are materialised
   */
  candidateSlots(features: Features, limit?: number): number[];
  /**
   * Lookups are over for now (the dedupe CLI has compared every record): a batch drops its blocks'
   * slot lists (keeping their sizes, which scoring reads) and the lookup's marks, about a tenth of
   * a million contacts' index. A later lookup builds them again.
   */
  releaseBlocks(): void;
  idAt(slot: number): string | undefined;
  /**
   * the features of the record in this slot (a new object each time); `withKeys` false leaves
   * the blocking keys out (for a record only scored: scoring does not read them)
   */
  featuresAt(slot: number, withKeys?: boolean): Features;
  /**
   * a person lookup's bound of its candidates' scores, read from the columns before a candidate is
   * materialised (see ColumnBound); `cache` the lookup's QueryCache, which it fills
   */
  columnBound(query: Features, cache?: QueryCache): ColumnBound;
  serialize(): SerializedMatchIndex;
}

const EMPTY: readonly string[] = Object.freeze([]);
const split = (s: string | null): readonly string[] => (s ? s.split(' ') : EMPTY);

function fromRow(r: Row): Features {
  const opt = (s: string | null) => (s === null ? undefined : s);
  return {
    id: r[0],
    kind: r[1] === 0 ? 'person' : 'account',
    given: split(r[2]),
    family: split(r[3]),
    altGiven: r[4] === null ? undefined : split(r[4]),
    altFamily: r[5] === null ? undefined : split(r[5]),
    nickname: r[21] === 1,
    generation: (r[22] ?? undefined) as Features['generation'],
    title: opt(r[23] ?? null),
    where: opt(r[24] ?? null),
    form: opt(r[25] ?? null),
    emails: split(r[6]),
    roleEmails: split(r[7]),
    phones: split(r[8]),
    linkedin: opt(r[9]),
    company: opt(r[10]),
    companyCore: r[11] === null ? undefined : split(r[11]),
    domain: opt(r[12]),
    country: opt(r[13]),
    city: opt(r[14]),
    postcode: opt(r[15]),
    state: opt(r[16]),
    address: opt(r[17]),
    birth: opt(r[18]),
    nationalId: opt(r[19]),
    keys: r[20],
  };
}

function resolveOptions(options: MatchIndexOptions): ResolvedIndexOptions {
  return {
    ...options,
    thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
    blockCap: options.blockCap ?? 400,
    maxCandidates: options.maxCandidates ?? 250,
  };
}

/** An empty index. Add records with add(); look duplicates up with findDuplicates(). */
export function createMatchIndex(options: MatchIndexOptions = {}): MatchIndex {
  const store = new FeatureStore({ positional: options.batch });
  if (options.batch && options.expected) store.expect(options.expected);
  return buildIndex(resolveOptions(options), store, new PostingTable(), []);
}

/** What the index needs of its id → slot map. */
interface SlotMap {
  get(id: string): number | undefined;
  has(id: string): boolean;
  set(id: string, slot: number): unknown;
  delete(id: string): boolean;
  readonly size: number;
  keys(): IterableIterator<string>;
}

/** A batch's ids: each record's id is its slot ("12" is slot 12), so nothing is stored. */
function positionalSlots(store: FeatureStore): SlotMap {
  const get = (id: string) => {
    const slot = Number(id);
    return Number.isInteger(slot) && slot >= 0 && String(slot) === id && store.has(slot) ? slot : undefined;
  };
  return {
    get,
    has: (id) => get(id) !== undefined,
    set: () => undefined,
    delete: () => false,
    get size() {
      return store.slots;
    },
    *keys() {
      for (let slot = 0; slot < store.slots; slot++) yield String(slot);
    },
  };
}

function buildIndex(opts: ResolvedIndexOptions, store: FeatureStore, postings: PostingTable, free: number[]): MatchIndex {
  const batch = store.positional;
  // a batch's blocks, once it is complete (built at the first lookup)
  let frozen: FrozenPostings | undefined;
  const freeze = () => {
    if (!frozen || frozen.slotsReleased) {
      // the batch is complete: what normalising it kept for speed goes before the blocks are built
      clearFeatureCaches();
      store.releaseLookups();
      frozen = new FrozenPostings(store.slots, (slot, fn) => store.forEachKey(slot, fn), opts.blockCap);
    }
    return frozen;
  };
  // and, only if a record from outside the batch is looked up (or the index is saved), the hash
  // table an index built record by record has: the frozen blocks leave out keys one record holds
  let thawed = !batch;
  const thaw = () => {
    if (thawed) return;
    freeze();
    for (let slot = 0; slot < store.slots; slot++) store.forEachKey(slot, (k) => postings.add(k, slot));
    thawed = true;
  };
  /** the features are those of the record in this slot: its keys are the slot's keys */
  const ownKeys = (slot: number, keys: readonly number[]) => {
    let i = 0;
    let same = true;
    store.forEachKey(slot, (k) => {
      if (keys[i++] !== k) same = false;
    });
    return same && i === keys.length;
  };
  // id → slot: a map, or in a batch the id itself ("12" is slot 12)
  const slotOf: SlotMap = batch ? positionalSlots(store) : new Map<string, number>();
  const kindCounts = { person: 0, account: 0 };
  // name frequencies, by id in the store's name table
  let givenCounts: Int32Array = new Int32Array(1024);
  let familyCounts: Int32Array = new Int32Array(1024);
  const names = store.tables.name;
  let marks = new Uint32Array(1024);
  let priority = new Uint16Array(1024);
  let generation = 0;
  const nameIds = new Uint32Array(4);

  const bump = (counts: Int32Array, id: number, by: number): Int32Array => {
    // id 0: no such name; the empty string is never counted
    if (id === 0 || names.values[id] === '') return counts;
    if (id >= counts.length) {
      const c = new Int32Array(Math.max(id + 1, counts.length * 2));
      c.set(counts);
      counts = c;
    }
    counts[id]! += by;
    return counts;
  };

  function countNames(slot: number, by: number) {
    store.nameIds(slot, nameIds);
    const [g0, g1, f0, f1] = nameIds;
    givenCounts = bump(givenCounts, g0!, by);
    if (g1 !== g0) givenCounts = bump(givenCounts, g1!, by);
    familyCounts = bump(familyCounts, f0!, by);
    if (f1 !== f0) familyCounts = bump(familyCounts, f1!, by);
  }

  let changes = 0;

  // a restored store: its records, as they were
  for (let slot = 0; slot < store.slots; slot++) {
    const kind = store.kindAt(slot);
    if (!kind) continue;
    slotOf.set(store.idAt(slot)!, slot);
    kindCounts[kind]++;
    if (kind === 'person') countNames(slot, 1);
    changes++;
  }

  function insert(f: Features) {
    if (frozen) throw new Error('a batch index takes no records after its first lookup');
    changes++;
    const existing = slotOf.get(f.id);
    if (existing !== undefined) removeSlot(existing);
    const slot = free.length ? free.pop()! : store.slots;
    store.put(slot, f);
    slotOf.set(f.id, slot);
    if (!batch) for (const k of f.keys) postings.add(k, slot);
    kindCounts[f.kind]++;
    if (f.kind === 'person') countNames(slot, 1);
  }

  function removeSlot(slot: number) {
    const kind = store.kindAt(slot);
    if (!kind) return;
    if (batch) throw new Error('a batch index keeps its records');
    changes++;
    store.forEachKey(slot, (k) => postings.remove(k, slot));
    kindCounts[kind]--;
    if (kind === 'person') countNames(slot, -1);
    slotOf.delete(store.idAt(slot)!);
    store.clear(slot);
    free.push(slot);
  }

  // (a batch's blocks whose slots were released still know their sizes)
  const blockSize = (key: number) => (batch ? (frozen ?? freeze()).size(key) : postings.size(key));
  const count = (counts: Int32Array, token: string) => {
    const id = names.find(token);
    return id < counts.length ? counts[id]! : 0;
  };

  function candidateSlots(f: Features, limit = opts.maxCandidates): number[] {
    if (marks.length < store.slots) {
      const size = Math.max(store.slots, marks.length * 2);
      marks = new Uint32Array(size);
      priority = new Uint16Array(size);
      generation = 0;
    }
    generation = (generation + 1) >>> 0;
    if (generation === 0) {
      marks.fill(0);
      generation = 1;
    }
    const self = slotOf.get(f.id);
    if (self !== undefined) marks[self] = generation;
    const person = f.kind === 'person';
    // Every usable block is visited (oversized ones are skipped: common names at a million
    // records); each candidate's priority is the number of blocks it shares with the record,
    // plus a bonus for sharing a small block (same e-mail, phone, LinkedIn). When there are too
    // many, the highest priorities are kept.
    const found: number[] = [];
    const visit = (s: number, bonus: number) => {
      if (marks[s] === generation) {
        if (priority[s]! < 60000) priority[s]! += 1 + bonus;
        return;
      }
      marks[s] = generation;
      if (!store.has(s) || store.isPerson(s) !== person) return;
      priority[s] = 1 + bonus;
      found.push(s);
    };
    if (batch && self !== undefined && ownKeys(self, f.keys)) {
      // a record of the batch: every block it shares with nobody holds only itself
      const blocks = freeze();
      for (const k of f.keys) {
        const b = blocks.find(k);
        if (b < 0) continue;
        const size = blocks.sizeAt(b);
        if (size > opts.blockCap) continue;
        const bonus = size <= 4 ? 8 : 0;
        for (let p = blocks.start(b), end = blocks.end(b); p < end; p++) visit(blocks.slotAt(p), bonus);
      }
    } else for (const k of f.keys) {
      thaw();
      const size = postings.size(k);
      if (size === 0 || size > opts.blockCap) continue;
      const bonus = size <= 4 ? 8 : 0;
      for (let p = postings.first(k); p >= 0; p = postings.nextPosting(p)) {
        const s = postings.slotOf(p);
        if (marks[s] === generation) {
          if (priority[s]! < 60000) priority[s]! += 1 + bonus;
          continue;
        }
        marks[s] = generation;
        if (!store.has(s) || store.isPerson(s) !== person) continue;
        priority[s] = 1 + bonus;
        found.push(s);
      }
    }
    if (found.length > limit) {
      found.sort((x, y) => priority[y]! - priority[x]! || x - y);
      found.length = limit;
    }
    return found;
  }

  const index: MatchIndex = {
    options: opts,
    get count() {
      return slotOf.size;
    },
    get changes() {
      return changes;
    },
    size: (kind: MatchKind) => kindCounts[kind],
    givenCount: (token: string) => count(givenCounts, token),
    familyCount: (token: string) => count(familyCounts, token),
    blockSize,
    add(record) {
      const f = toFeatures(record, opts);
      insert(f);
      return f;
    },
    addFeatures: insert,
    update(record) {
      return index.add(record);
    },
    remove(id) {
      const slot = slotOf.get(id);
      if (slot === undefined) return false;
      removeSlot(slot);
      return true;
    },
    has: (id) => slotOf.has(id),
    get(id) {
      const slot = slotOf.get(id);
      return slot === undefined ? undefined : store.features(slot);
    },
    ids: () => slotOf.keys(),
    forEachWord(id, which, fn) {
      const slot = slotOf.get(id);
      if (slot === undefined) return false;
      store.forEachWord(slot, which, fn);
      return true;
    },
    candidateSlots,
    releaseBlocks() {
      frozen?.releaseSlots();
      marks = new Uint32Array(0);
      priority = new Uint16Array(0);
      generation = 0;
    },
    candidates: (f, limit) => candidateSlots(f, limit).map((s) => store.features(s)),
    idAt: (slot) => store.idAt(slot),
    featuresAt: (slot, withKeys) => store.features(slot, withKeys),
    columnBound: (query, cache) => new ColumnBound(store, index, query, cache && cache.stats === index ? cache : undefined),
    serialize() {
      // a batch is saved as an index built record by record (its hash table of blocks made now)
      thaw();
      return {
        format: 'dealside-match-index',
        version: FEATURES_VERSION,
        layout: 'columns',
        options: { ...(opts.defaultCountry && { defaultCountry: opts.defaultCountry }) },
        store: store.state(),
        postings: postings.state(),
        free: free.slice(),
      };
    },
  };
  return index;
}

/**
 * An index from serialize()'s output — or from the rows older workers saved —, or undefined when
 * it was written by another version of the normalisers or with another default country, or is
 * not an index (then rebuild it from the records).
 */
export function restoreMatchIndex(data: unknown, options: MatchIndexOptions = {}): MatchIndex | undefined {
  const d = data as Partial<SerializedMatchIndex & SerializedRowsMatchIndex> | null;
  if (!d || d.format !== 'dealside-match-index' || d.version !== FEATURES_VERSION) return undefined;
  if ((d.options?.defaultCountry ?? undefined) !== (options.defaultCountry ?? undefined)) return undefined;
  if (d.layout === 'columns') {
    const store = d.store && FeatureStore.from(d.store);
    const postings = d.postings && PostingTable.from(d.postings);
    if (!store || !postings || !Array.isArray(d.free)) return undefined;
    return buildIndex(resolveOptions(options), store, postings, d.free.slice());
  }
  if (!Array.isArray(d.rows)) return undefined;
  const index = createMatchIndex(options);
  for (const row of d.rows) index.addFeatures(fromRow(row));
  return index;
}

/** bits: far above a float's error in a sum of a few dozen weights, below any weight's size */
const BOUND_MARGIN = 0.01;

export interface FindOptions {
  /** at most this many results (default 10) */
  limit?: number;
  /** lowest band returned (default 'possible') */
  minBand?: 'duplicate' | 'possible';
  /** reasons for each result (default true) */
  explain?: boolean;
}

/**
 * The records in the index that may be the same person / company as `record`, best first, each
 * with its score, band and reasons; then, with `minBand` 'possible' (the default), companies of
 * the same group (band 'related', with `relation`), which are never the same company. The record
 * itself (same id) is never returned.
 */
export function findDuplicates(index: MatchIndex, record: MatchRecord | Features, options: FindOptions = {}): MatchResult[] {
  const f = 'keys' in record ? record : toFeatures(record, index.options);
  const thresholds = index.options.thresholds;
  const min = options.minBand === 'duplicate' ? thresholds.duplicate : thresholds.possible;
  const withRelated = options.minBand !== 'duplicate';
  const limit = options.limit ?? 10;
  const scored: Array<{ g: Features; score: number; relation?: Relation }> = [];
  // the query is compared with many candidates that share given names and surnames
  const cache = new QueryCache(index);
  // a person whose score cannot reach the lowest band is not compared in full (a related
  // company is returned below it: accounts are always compared); the margin covers the bound's
  // other order of additions and the score's rounding to hundredths
  const bounded = f.kind === 'person';
  // (the bound read from the index's columns, before a candidate is materialised: most are
  // ruled out there; then, for the rest, with the company compared — scoreUpperBound's two steps)
  const columns = bounded ? index.columnBound(f, cache) : undefined;
  const least = min - BOUND_MARGIN;
  for (const slot of index.candidateSlots(f)) {
    const bound = columns ? columns.at(slot, least) : Infinity;
    if (bound < least) continue;
    // (a candidate is only scored: its blocking keys are left out)
    const g = index.featuresAt(slot, false);
    if (columns && columns.companyBound !== undefined && companyRefined(f, g, bound, columns.companyBound, columns.identified) < least) continue;
    const s = scoreFeatures(f, g, { stats: index, explain: false, thresholds, cache });
    if (s.score >= min) scored.push({ g, score: s.score });
    else if (s.relation && withRelated) scored.push({ g, score: s.score, relation: s.relation });
  }
  // related companies after every possible duplicate
  scored.sort((x, y) => Number(!!x.relation) - Number(!!y.relation) || y.score - x.score || (x.g.id < y.g.id ? -1 : 1));
  return scored.slice(0, limit).map(({ g, score, relation }) => {
    const reasons = options.explain === false ? [] : scoreFeatures(f, g, { stats: index, thresholds, cache }).reasons;
    return {
      id: g.id,
      score,
      probability: matchProbability(score),
      band: relation ? 'related' : bandOf(score, thresholds),
      ...(relation ? { relation } : {}),
      reasons,
    };
  });
}
