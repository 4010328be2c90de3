// The match index: features of every record plus an inverted index from blocking keys to records.
// Incremental (add / update / remove by id), never compares all pairs, and serialisable so the
// service worker can reload it on wake instead of normalising every record again.
import { bandOf, matchProbability, scoreFeatures, type Band, type MatchStats, type Relation } from './compare';
import { toFeatures, type Features } from './features';
import type { Reason } from './reasons';
import type { MatchKind, MatchOptions, MatchRecord } from './record';
import { PostingTable } from './postings';
import { DEFAULT_THRESHOLDS, type Thresholds } from './weights';

export interface MatchIndexOptions extends MatchOptions {
  thresholds?: Thresholds;
  /** blocks holding more records than this are not used to find candidates (default 400) */
  blockCap?: number;
  /** at most this many candidates are scored per lookup (default 250) */
  maxCandidates?: number;
}

export interface ResolvedIndexOptions extends MatchOptions {
  thresholds: Thresholds;
  blockCap: number;
  maxCandidates: number;
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

export interface SerializedMatchIndex {
  format: 'dealside-match-index';
  version: number;
  options: { defaultCountry?: string };
  rows: Row[];
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
   * The records sharing a usable block with these features (never the record itself), at most
   * `limit` (default options.maxCandidates), those sharing the most blocks first.
   */
  candidates(features: Features, limit?: number): Features[];
  serialize(): SerializedMatchIndex;
}

const EMPTY: readonly string[] = Object.freeze([]);
const split = (s: string | null): readonly string[] => (s ? s.split(' ') : EMPTY);

function toRow(f: Features): Row {
  return [
    f.id,
    f.kind === 'person' ? 0 : 1,
    f.given.join(' '),
    f.family.join(' '),
    f.altGiven ? f.altGiven.join(' ') : null,
    f.altFamily ? f.altFamily.join(' ') : null,
    f.emails.join(' '),
    f.roleEmails.join(' '),
    f.phones.join(' '),
    f.linkedin ?? null,
    f.company ?? null,
    f.companyCore ? f.companyCore.join(' ') : null,
    f.domain ?? null,
    f.country ?? null,
    f.city ?? null,
    f.postcode ?? null,
    f.state ?? null,
    f.address ?? null,
    f.birth ?? null,
    f.nationalId ?? null,
    [...f.keys],
    f.nickname ? 1 : 0,
    f.generation ?? null,
    f.title ?? null,
    f.where ?? null,
    f.form ?? null,
  ];
}

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
  const opts = resolveOptions(options);
  const slots: Array<Features | undefined> = [];
  const free: number[] = [];
  const slotOf = new Map<string, number>();
  const postings = new PostingTable();
  const givenCounts = new Map<string, number>();
  const familyCounts = new Map<string, number>();
  const kindCounts = { person: 0, account: 0 };
  let marks = new Uint32Array(1024);
  let priority = new Uint16Array(1024);
  let generation = 0;

  const bump = (map: Map<string, number>, key: string | undefined, by: number) => {
    if (!key) return;
    const n = (map.get(key) ?? 0) + by;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  };

  function countNames(f: Features, by: number) {
    bump(givenCounts, f.given[0], by);
    if (f.given[1] !== f.given[0]) bump(givenCounts, f.given[1], by);
    bump(familyCounts, f.family[0], by);
    if (f.family[1] !== f.family[0]) bump(familyCounts, f.family[1], by);
  }

  let changes = 0;

  function insert(f: Features) {
    changes++;
    const existing = slotOf.get(f.id);
    if (existing !== undefined) removeSlot(existing);
    const slot = free.length ? free.pop()! : slots.length;
    slots[slot] = f;
    slotOf.set(f.id, slot);
    for (const k of f.keys) postings.add(k, slot);
    kindCounts[f.kind]++;
    if (f.kind === 'person') countNames(f, 1);
  }

  function removeSlot(slot: number) {
    const f = slots[slot];
    if (!f) return;
    changes++;
    for (const k of f.keys) postings.remove(k, slot);
    kindCounts[f.kind]--;
    if (f.kind === 'person') countNames(f, -1);
    slots[slot] = undefined;
    slotOf.delete(f.id);
    free.push(slot);
  }

  const blockSize = (key: number) => postings.size(key);

  const index: MatchIndex = {
    options: opts,
    get count() {
      return slotOf.size;
    },
    get changes() {
      return changes;
    },
    size: (kind: MatchKind) => kindCounts[kind],
    givenCount: (token: string) => givenCounts.get(token) ?? 0,
    familyCount: (token: string) => familyCounts.get(token) ?? 0,
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
      return slot === undefined ? undefined : slots[slot];
    },
    ids: () => slotOf.keys(),
    candidates(f, limit = opts.maxCandidates) {
      if (marks.length < slots.length) {
        const size = Math.max(slots.length, marks.length * 2);
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
      // Every usable block is visited (oversized ones are skipped: common names at a million
      // records); each candidate's priority is the number of blocks it shares with the record,
      // plus a bonus for sharing a small block (same e-mail, phone, LinkedIn). When there are too
      // many, the highest priorities are kept.
      const found: number[] = [];
      for (const k of f.keys) {
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
          const g = slots[s];
          if (!g || g.kind !== f.kind) continue;
          priority[s] = 1 + bonus;
          found.push(s);
        }
      }
      if (found.length > limit) {
        found.sort((x, y) => priority[y]! - priority[x]! || x - y);
        found.length = limit;
      }
      return found.map((s) => slots[s]!);
    },
    serialize() {
      const rows: Row[] = [];
      for (const f of slots) if (f) rows.push(toRow(f));
      return {
        format: 'dealside-match-index',
        version: FEATURES_VERSION,
        options: { ...(opts.defaultCountry && { defaultCountry: opts.defaultCountry }) },
        rows,
      };
    },
  };
  return index;
}

/**
 * An index from serialize()'s output, or undefined when it was written by another version of the
 * normalisers or with another default country (then rebuild it from the records).
 */
export function restoreMatchIndex(data: unknown, options: MatchIndexOptions = {}): MatchIndex | undefined {
  const d = data as Partial<SerializedMatchIndex> | null;
  if (!d || d.format !== 'dealside-match-index' || d.version !== FEATURES_VERSION || !Array.isArray(d.rows)) return undefined;
  if ((d.options?.defaultCountry ?? undefined) !== (options.defaultCountry ?? undefined)) return undefined;
  const index = createMatchIndex(options);
  for (const row of d.rows) index.addFeatures(fromRow(row));
  return index;
}

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
  for (const g of index.candidates(f)) {
    const s = scoreFeatures(f, g, { stats: index, explain: false, thresholds });
    if (s.score >= min) scored.push({ g, score: s.score });
    else if (s.relation && withRelated) scored.push({ g, score: s.score, relation: s.relation });
  }
  // related companies after every possible duplicate
  scored.sort((x, y) => Number(!!x.relation) - Number(!!y.relation) || y.score - x.score || (x.g.id < y.g.id ? -1 : 1));
  return scored.slice(0, limit).map(({ g, score, relation }) => {
    const reasons = options.explain === false ? [] : scoreFeatures(f, g, { stats: index, thresholds }).reasons;
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
