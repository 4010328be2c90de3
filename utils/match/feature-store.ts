// The index's features in columns: no object per record. Each kind of token (names, e-mails,
// phones, company words, and each single-valued field) has its own interned string table; a record
// is a row of small integers — one Uint32Array column per single-valued field, and its lists
// (given and family names, e-mails, phones, company words, blocking keys) laid end to end in one
// Uint32Array pool. A Features object is materialised only for the records being compared.
// A million contacts take about a tenth of the heap that objects did, and the columns are
// structured-cloned as they are when the index is saved.
import type { Features } from './features';
import { typedFrom } from './postings';

const EMPTY: readonly string[] = Object.freeze([]);
const EMPTY_KEYS: readonly number[] = Object.freeze([]) as readonly number[];

/** Strings ↔ ids 1, 2, 3 … (0 = none). The lookup map is built on first use after a restore. */
export class StringTable {
  readonly values: string[];
  private ids: Map<string, number> | undefined;

  constructor(values: string[] = ['']) {
    this.values = values;
    if (values.length <= 1) this.ids = new Map();
  }

  private map(): Map<string, number> {
    if (!this.ids) {
      this.ids = new Map();
      for (let i = 1; i < this.values.length; i++) this.ids.set(this.values[i]!, i);
    }
    return this.ids;
  }

  /** the string's id, added when new */
  intern(s: string): number {
    const ids = this.ids ?? this.map();
    let id = ids.get(s);
    if (id === undefined) {
      // Reading a character flattens a string built by concatenation (an e-mail key is
      // `${local}@${domain}`, both cut from the cell): kept as it was built, it would hold the
      // pieces and the cell they were cut from — 240 bytes an address instead of 90.
      s.charCodeAt(0);
      id = this.values.length;
      this.values.push(s);
      ids.set(s, id);
    }
    return id;
  }

  /** the string's id, 0 when the table does not hold it */
  find(s: string): number {
    return this.map().get(s) ?? 0;
  }

  /** the string with this id */
  get(id: number): string {
    return this.values[id]!;
  }

  /** every string, by id (a copy) */
  list(): string[] {
    return this.values.slice();
  }

  /** drop the lookup map (a batch that takes no more strings); the next intern or find builds it again */
  releaseLookup(): void {
    this.ids = undefined;
  }
}

/**
 * Strings ↔ ids with no lookup: each string put gets a new id. For the tokens of an index that
 * lives on (the extension's) that are nearly all different and never looked up by value — e-mail
 * addresses, phone numbers, LinkedIn URLs: a lookup map would cost a hash and an entry per string
 * (a tenth of the build, some 30 bytes a string) to find the rare repeat. Ids of removed records
 * are reclaimed when the store compacts its pool (see FeatureStore.compact).
 */
export class AppendTable {
  values: string[];

  constructor(values: string[] = ['']) {
    this.values = values;
  }

  /** a new id for the string (0 for "") */
  intern(s: string): number {
    if (s === '') return 0;
    // flatten a string built by concatenation (see StringTable.intern)
    s.charCodeAt(0);
    this.values.push(s);
    return this.values.length - 1;
  }

  get(id: number): string {
    return this.values[id]!;
  }

  list(): string[] {
    return this.values.slice();
  }

  releaseLookup(): void {}
}

/** What the store needs of a table of single-valued fields' values. */
type ScalarTable = StringTable | AppendTable;

/** What the store needs of a table of list tokens. */
interface TokenTable {
  intern(s: string): number;
  get(id: number): string;
  list(): string[];
  /** make room for about this many strings of about this many bytes in all */
  expect?(strings: number, bytes: number): void;
  releaseLookup(): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A StringTable for tokens that are nearly all different (a batch's e-mail addresses and phone
 * numbers): the strings as UTF-8 bytes end to end in one array, found again through a hash
 * table of ids — about 40 bytes an address outside the JavaScript heap, where a string, its
 * slot in an array and its entry in a Map take about 90 inside it (and the heap grows by half
 * again as much before it is collected). A string is decoded each time it is read.
 */
export class ByteStringTable implements TokenTable {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** id → where its bytes begin; they end where the next id's begin (id 0 is "") */
  private starts = new Uint32Array(1024);
  private count = 1;
  /** open addressing, linear probing: 0 empty, else an id (undefined once released: built again when needed) */
  private slots: Int32Array | undefined = new Int32Array(2048);
  private scratch = new Uint8Array(256);

  /** the string's bytes in scratch; returns their length */
  private encode(s: string): number {
    // at most 3 bytes a UTF-16 unit
    if (s.length * 3 > this.scratch.length) this.scratch = new Uint8Array(s.length * 3 * 2);
    return encoder.encodeInto(s, this.scratch).written;
  }

  private hash(n: number): number {
    let h = 0x811c9dc5;
    const b = this.scratch;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    return h >>> 0;
  }

  /** the id of the string in scratch[0, n), or the free position where it would go (as -position - 1) */
  private lookup(n: number): number {
    const slots = this.slots ?? this.rehash();
    const mask = slots.length - 1;
    const b = this.scratch;
    for (let at = this.hash(n) & mask; ; at = (at + 1) & mask) {
      const id = slots[at]!;
      if (id === 0) return -at - 1;
      const start = this.starts[id]!;
      if (this.starts[id + 1]! - start !== n) continue;
      let same = true;
      for (let i = 0; i < n; i++) {
        if (this.bytes[start + i] !== b[i]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  intern(s: string): number {
    if (s === '') return 0;
    const n = this.encode(s);
    const found = this.lookup(n);
    if (found > 0) return found;
    const id = this.count++;
    if (this.used + n > this.bytes.length) this.bytes = grown(this.bytes, this.used + n, (m) => new Uint8Array(m));
    this.bytes.set(this.scratch.subarray(0, n), this.used);
    this.used += n;
    if (id + 2 > this.starts.length) this.starts = grown(this.starts, id + 2, (m) => new Uint32Array(m));
    this.starts[id + 1] = this.used;
    this.slots![-found - 1] = id;
    if (this.count * 2 > this.slots!.length) this.rehash();
    return id;
  }

  find(s: string): number {
    if (s === '') return 0;
    const found = this.lookup(this.encode(s));
    return found > 0 ? found : 0;
  }

  expect(strings: number, bytes: number): void {
    if (bytes > this.bytes.length) this.bytes = grown(this.bytes, bytes, (m) => new Uint8Array(m));
    if (strings + 2 > this.starts.length) this.starts = grown(this.starts, strings + 2, (m) => new Uint32Array(m));
    // (the hash table still doubles as it fills: made big at once, all its pages would be touched)
  }

  /**
   * Drop the hash table (a batch that takes no more strings: at a million contacts 8 MB for the
   * addresses, 4 for the phones); the next intern or find builds it again.
   */
  releaseLookup(): void {
    this.slots = undefined;
  }

  /** the hash table at twice its size (or, released, built again), with every string in it */
  private rehash(): Int32Array {
    let size = this.slots ? this.slots.length * 2 : 2048;
    while (this.count * 2 > size) size *= 2;
    const slots = new Int32Array(size);
    const mask = slots.length - 1;
    for (let id = 1; id < this.count; id++) {
      const start = this.starts[id]!;
      const n = this.starts[id + 1]! - start;
      let h = 0x811c9dc5;
      for (let i = 0; i < n; i++) h = Math.imul(h ^ this.bytes[start + i]!, 0x01000193);
      let at = (h >>> 0) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = id;
    }
    return (this.slots = slots);
  }

  get(id: number): string {
    if (id === 0) return '';
    return decoder.decode(this.bytes.subarray(this.starts[id]!, this.starts[id + 1]!));
  }

  list(): string[] {
    const out = new Array<string>(this.count);
    for (let id = 0; id < this.count; id++) out[id] = this.get(id);
    return out;
  }
}

/** Single-valued fields, each a Uint32Array column of ids in its own table. */
const SCALARS = [
  'title',
  'linkedin',
  'company',
  'domain',
  'country',
  'form',
  'where',
  'city',
  'postcode',
  'state',
  'address',
  'birth',
  'nationalId',
  'generation',
] as const;
export type Scalar = (typeof SCALARS)[number];
const SCALAR_INDEX = Object.fromEntries(SCALARS.map((s, i) => [s, i])) as Record<Scalar, number>;


const KIND_NONE = 0;
const KIND_PERSON = 1;
const KIND_ACCOUNT = 2;
const NICKNAME = 1;
/**
 * The slot's lists are packed: the eight list lengths (header values) in one word of nibbles, then
 * their ids, then the keys' count and the keys — seven words a record less than one word per
 * header. Batches only (positional stores), and only when every header value is under 16.
 */
const PACKED = 2;

/** the number of ids of list `list` whose header value is v (optional lists store n + 1, or 0) */
function lengthOf(list: number, v: number): number {
  return list === 2 || list === 3 || list === 7 ? (v === 0 ? 0 : v - 1) : v;
}

export interface FeatureStoreState {
  slots: number;
  ids: Array<string | null>;
  kind: Uint8Array;
  flags: Uint8Array;
  start: Uint32Array;
  pool: Uint32Array;
  poolDead: number;
  scalars: Record<string, Uint32Array>;
  tables: Record<string, string[]>;
}

/** pool words to expect per record: 22 for generated CRM contacts (lists, their lengths, keys) */
const POOL_WORDS_EXPECTED = 32;

type Column = Uint8Array | Uint16Array | Uint32Array;

/**
 * The column with room for `length` slots and wide enough for `id`: the same array when it is,
 * else a longer or wider copy (bytes, then 16 bits, then 32).
 */
function widened(column: Column, length: number, id: number): Column {
  const width = id <= 0xff ? 1 : id <= 0xffff ? 2 : 4;
  if (column.length >= length && column.BYTES_PER_ELEMENT >= width) return column;
  const bytes = Math.max(width, column.BYTES_PER_ELEMENT);
  const n = Math.max(length, column.length);
  const copy = bytes === 1 ? new Uint8Array(n) : bytes === 2 ? new Uint16Array(n) : new Uint32Array(n);
  copy.set(column);
  return copy;
}

function grown<T extends Uint8Array | Uint32Array | Int32Array>(a: T, min: number, make: (n: number) => T): T {
  if (a.length >= min) return a;
  const b = make(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

export class FeatureStore {
  /** slot → record id (undefined: free slot); unused when positional */
  private ids: Array<string | undefined> = [];
  /**
   * Positional: each record's id is its slot as a decimal string ("0", "1" …), so no id is
   * kept per record (the dedupe CLI's million rows).
   */
  readonly positional: boolean;
  private kind = new Uint8Array(1024);
  private flags = new Uint8Array(1024);
  /** slot → where its lists begin in the pool */
  private start = new Uint32Array(1024);
  private pool = new Uint32Array(8192);
  private poolUsed = 0;
  /** pool words of removed records, reclaimed when they outweigh the live ones */
  private poolDead = 0;
  /**
   * SCALARS[i]'s column (allocated when the field first has a value: contacts use five of them)
   * and table. A column is as narrow as its table's ids allow — bytes while the field has fewer
   * than 256 values (a country, a job title's kind), then 16 bits, then 32 — and widened when a
   * new value needs it: at a million contacts about 9 MB less than five Uint32Arrays.
   */
  private scalars: Array<Column | undefined> = SCALARS.map(() => undefined);
  private scalarTables: ScalarTable[];
  /** each field's last value put and its id (not saved) */
  private lastScalar: Array<string | undefined> = SCALARS.map(() => undefined);
  private lastScalarId = new Uint32Array(SCALARS.length);
  readonly tables: { name: StringTable; email: TokenTable; phone: TokenTable; word: StringTable };
  /** slots in use */
  slots = 0;

  constructor(options: { positional?: boolean } = {}) {
    this.positional = options.positional === true;
    // a batch's addresses and phones in bytes (ByteStringTable); an index that lives on (the
    // extension's) keeps them as strings, read without decoding
    // keeps them in append-only tables (no lookup: see AppendTable), as it does LinkedIn URLs
    const tokens = () => (this.positional ? new ByteStringTable() : new AppendTable());
    this.tables = { name: new StringTable(), email: tokens(), phone: tokens(), word: new StringTable() };
    this.scalarTables = SCALARS.map((s) => (s === 'linkedin' && !this.positional ? new AppendTable() : new StringTable()));
  }

  private reserve(slot: number): void {
    if (slot < this.kind.length) return;
    const n = Math.max(slot + 1, this.kind.length * 2);
    this.kind = grown(this.kind, n, (m) => new Uint8Array(m));
    this.flags = grown(this.flags, n, (m) => new Uint8Array(m));
    this.start = grown(this.start, n, (m) => new Uint32Array(m));
    this.scalars = this.scalars.map((c) => c && widened(c, n, 0));
  }

  /**
   * Make room for about this many records at once (a batch that knows roughly how big it is), so
   * that the columns and the pool are not copied as they grow: a copy holds the old array and
   * the new one at once (at a million contacts the pool's last doubling alone held 67 MB twice).
   * Room never written costs address space, not memory: the untouched pages of a large typed
   * array are not resident.
   */
  expect(records: number): void {
    if (records > this.kind.length) this.reserve(records - 1);
    const words = records * POOL_WORDS_EXPECTED;
    if (words > this.pool.length) this.pool = grown(this.pool, words, (m) => new Uint32Array(m));
    // about one address (some 30 bytes) and one phone (some 12) a record
    this.tables.email.expect?.(records, records * 32);
    this.tables.phone.expect?.(records, records * 12);
  }

  /**
   * A batch is complete: drop the lookup tables of the strings no lookup reads again (addresses,
   * phones, company words, single-valued fields; the name table's stays, for name frequencies).
   * About 25 MB at a million contacts; a later add builds them again.
   */
  releaseLookups(): void {
    this.tables.email.releaseLookup();
    this.tables.phone.releaseLookup();
    this.tables.word.releaseLookup();
    for (const t of this.scalarTables) t.releaseLookup();
  }

  /** (room made by put beforehand: no bounds check a word) */
  private push(word: number): void {
    this.pool[this.poolUsed++] = word;
  }

  /** the single-valued field SCALARS[i] of this slot: its id in the field's table, or 0 */
  private putScalar(i: number, slot: number, v: string | undefined): void {
    const column = this.scalars[i];
    if (v === undefined) {
      if (column) column[slot] = 0;
      return;
    }
    // consecutive records often share a value (a country, a job title's kind, a company)
    let id: number;
    if (v === this.lastScalar[i]) id = this.lastScalarId[i]!;
    else {
      id = this.scalarTables[i]!.intern(v);
      this.lastScalar[i] = v;
      this.lastScalarId[i] = id;
    }
    if (column && column.length > slot && id <= (column.BYTES_PER_ELEMENT === 1 ? 0xff : column.BYTES_PER_ELEMENT === 2 ? 0xffff : 0xffffffff)) column[slot] = id;
    else (this.scalars[i] = widened(column ?? new Uint8Array(this.kind.length), this.kind.length, id))[slot] = id;
  }

  private pushList(list: readonly string[], table: TokenTable): void {
    const pool = this.pool;
    let p = this.poolUsed;
    pool[p++] = list.length;
    for (let i = 0; i < list.length; i++) pool[p++] = table.intern(list[i]!);
    this.poolUsed = p;
  }

  /** undefined is 0, a list of n tokens n + 1 */
  private pushOptionalList(list: readonly string[] | undefined, table: TokenTable): void {
    if (list === undefined) {
      this.push(0);
      return;
    }
    const pool = this.pool;
    let p = this.poolUsed;
    pool[p++] = list.length + 1;
    for (let i = 0; i < list.length; i++) pool[p++] = table.intern(list[i]!);
    this.poolUsed = p;
  }

  /** store features in this slot (free) */
  put(slot: number, f: Features): void {
    this.reserve(slot);
    if (slot >= this.slots) this.slots = slot + 1;
    if (!this.positional) this.ids[slot] = f.id;
    else if (f.id !== String(slot)) throw new Error(`a positional store keeps record "${slot}" in slot ${slot}, not "${f.id}"`);
    this.kind[slot] = f.kind === 'person' ? KIND_PERSON : KIND_ACCOUNT;
    this.flags[slot] = f.nickname ? NICKNAME : 0;
    // each field read by name (one shape of Features: a keyed read over SCALARS is slower)
    this.putScalar(0, slot, f.title);
    this.putScalar(1, slot, f.linkedin);
    this.putScalar(2, slot, f.company);
    this.putScalar(3, slot, f.domain);
    this.putScalar(4, slot, f.country);
    this.putScalar(5, slot, f.form);
    this.putScalar(6, slot, f.where);
    this.putScalar(7, slot, f.city);
    this.putScalar(8, slot, f.postcode);
    this.putScalar(9, slot, f.state);
    this.putScalar(10, slot, f.address);
    this.putScalar(11, slot, f.birth);
    this.putScalar(12, slot, f.nationalId);
    this.putScalar(13, slot, f.generation);
    // room for the lists at once: a header word each (or one packed), their ids, the keys
    const words =
      9 + f.given.length + f.family.length + (f.altGiven?.length ?? 0) + (f.altFamily?.length ?? 0) + f.emails.length + f.roleEmails.length + f.phones.length + (f.companyCore?.length ?? 0) + f.keys.length;
    if (this.poolUsed + words > this.pool.length) this.pool = grown(this.pool, this.poolUsed + words, (m) => new Uint32Array(m));
    this.start[slot] = this.poolUsed;
    const { name, email, phone, word } = this.tables;
    if (this.positional) {
      const opt = (l: readonly string[] | undefined) => (l === undefined ? 0 : l.length + 1);
      const header = [f.given.length, f.family.length, opt(f.altGiven), opt(f.altFamily), f.emails.length, f.roleEmails.length, f.phones.length, opt(f.companyCore)];
      if (header.every((v) => v < 16)) {
        this.flags[slot]! |= PACKED;
        let h = 0;
        header.forEach((v, i) => (h |= v << (4 * i)));
        this.push(h >>> 0);
        for (const s of f.given) this.push(name.intern(s));
        for (const s of f.family) this.push(name.intern(s));
        for (const s of f.altGiven ?? EMPTY) this.push(name.intern(s));
        for (const s of f.altFamily ?? EMPTY) this.push(name.intern(s));
        for (const s of f.emails) this.push(email.intern(s));
        for (const s of f.roleEmails) this.push(email.intern(s));
        for (const s of f.phones) this.push(phone.intern(s));
        for (const s of f.companyCore ?? EMPTY) this.push(word.intern(s));
        this.push(f.keys.length);
        for (const k of f.keys) this.push(k);
        return;
      }
    }
    this.pushList(f.given, name);
    this.pushList(f.family, name);
    this.pushOptionalList(f.altGiven, name);
    this.pushOptionalList(f.altFamily, name);
    this.pushList(f.emails, email);
    this.pushList(f.roleEmails, email);
    this.pushList(f.phones, phone);
    this.pushOptionalList(f.companyCore, word);
    this.push(f.keys.length);
    for (const k of f.keys) this.push(k);
  }

  /** the pool words of a slot's lists */
  private span(slot: number): number {
    const pool = this.pool;
    let p = this.start[slot]!;
    const begin = p;
    if ((this.flags[slot]! & PACKED) !== 0) {
      const h = pool[p++]!;
      for (let list = 0; list < 8; list++) p += lengthOf(list, (h >>> (4 * list)) & 15);
      return p + 1 + pool[p]! - begin;
    }
    for (let list = 0; list < 9; list++) {
      const n = pool[p]!;
      // optional lists (altGiven, altFamily, companyCore) store n + 1
      const len = list === 2 || list === 3 || list === 7 ? (n === 0 ? 0 : n - 1) : n;
      p += 1 + len;
    }
    return p - begin;
  }

  clear(slot: number): void {
    if (this.kind[slot] === KIND_NONE) return;
    this.poolDead += this.span(slot);
    this.kind[slot] = KIND_NONE;
    if (!this.positional) this.ids[slot] = undefined;
    if (this.poolDead > 65_536 && this.poolDead * 2 > this.poolUsed) this.compact();
  }

  /** rewrite the pool without removed records' lists */
  private compact(): void {
    const pool = new Uint32Array(Math.max(8192, (this.poolUsed - this.poolDead) * 2));
    let used = 0;
    for (let slot = 0; slot < this.slots; slot++) {
      if (this.kind[slot] === KIND_NONE) continue;
      const from = this.start[slot]!;
      const n = this.span(slot);
      pool.set(this.pool.subarray(from, from + n), used);
      this.start[slot] = used;
      used += n;
    }
    this.pool = pool;
    this.poolUsed = used;
    this.poolDead = 0;
    this.reclaimAppended();
  }

  /**
   * Rewrite the append-only tables with only the strings live records use (their removed
   * records' strings, and every earlier version of an updated record's, are dropped). Runs when
   * the pool is compacted, so the tables shrink at the same pace as the pool.
   */
  private reclaimAppended(): void {
    const { email, phone } = this.tables;
    const linkedin = SCALAR_INDEX.linkedin;
    const linkedinTable = this.scalarTables[linkedin];
    const remap = (table: AppendTable) => {
      const next = [''];
      const moved = new Map<number, number>();
      return {
        id(old: number): number {
          if (old === 0) return 0;
          let id = moved.get(old);
          if (id === undefined) {
            id = next.length;
            next.push(table.values[old]!);
            moved.set(old, id);
          }
          return id;
        },
        done: () => (table.values = next),
      };
    };
    const emails = email instanceof AppendTable ? remap(email) : undefined;
    const phones = phone instanceof AppendTable ? remap(phone) : undefined;
    const urls = linkedinTable instanceof AppendTable ? remap(linkedinTable) : undefined;
    const pool = this.pool;
    const column = this.scalars[linkedin];
    for (let slot = 0; slot < this.slots; slot++) {
      if (this.kind[slot] === KIND_NONE) continue;
      if (urls && column && column[slot] !== 0) column[slot] = urls.id(column[slot]!);
      // (only a positional store packs its lists: these have a header word each)
      if ((this.flags[slot]! & PACKED) !== 0) continue;
      let p = this.start[slot]!;
      for (let list = 0; list < 8; list++) {
        const n = lengthOf(list, pool[p++]!);
        const table = list === 4 || list === 5 ? emails : list === 6 ? phones : undefined;
        if (table) for (let i = 0; i < n; i++) pool[p + i] = table.id(pool[p + i]!);
        p += n;
      }
    }
    emails?.done();
    phones?.done();
    urls?.done();
    // the last LinkedIn URL put may have had its id changed
    this.lastScalar[linkedin] = undefined;
  }

  has(slot: number): boolean {
    return this.kind[slot] !== KIND_NONE && slot < this.slots;
  }

  idAt(slot: number): string | undefined {
    if (this.positional) return this.has(slot) ? String(slot) : undefined;
    return this.ids[slot];
  }

  isPerson(slot: number): boolean {
    return this.kind[slot] === KIND_PERSON;
  }

  kindAt(slot: number): 'person' | 'account' | undefined {
    const k = this.kind[slot];
    return k === KIND_PERSON ? 'person' : k === KIND_ACCOUNT ? 'account' : undefined;
  }

  /** ids (in the name table) of the first two given names and surnames, 0 when absent */
  nameIds(slot: number, out: Uint32Array): void {
    const pool = this.pool;
    let p = this.start[slot]!;
    if ((this.flags[slot]! & PACKED) !== 0) {
      const h = pool[p]!;
      const g = h & 15;
      const f = (h >>> 4) & 15;
      out[0] = g > 0 ? pool[p + 1]! : 0;
      out[1] = g > 1 ? pool[p + 2]! : 0;
      out[2] = f > 0 ? pool[p + 1 + g]! : 0;
      out[3] = f > 1 ? pool[p + 2 + g]! : 0;
      return;
    }
    const g = pool[p]!;
    out[0] = g > 0 ? pool[p + 1]! : 0;
    out[1] = g > 1 ? pool[p + 2]! : 0;
    p += 1 + g;
    const f = pool[p]!;
    out[2] = f > 0 ? pool[p + 1]! : 0;
    out[3] = f > 1 ? pool[p + 2]! : 0;
  }

  /** the pool the slots' lists are in (read in place by a lookup's ColumnBound; replaced when it grows) */
  get words(): Uint32Array {
    return this.pool;
  }

  /**
   * Where each of the slot's eight lists (given, family, altGiven, altFamily, emails, roleEmails,
   * phones, companyCore) is in the pool: out[2 i] the position of its first id, out[2 i + 1] how
   * many ids (−1 for an optional list the record does not have).
   */
  listSpans(slot: number, out: Int32Array): void {
    const pool = this.pool;
    let p = this.start[slot]!;
    const packed = (this.flags[slot]! & PACKED) !== 0;
    const h = packed ? pool[p++]! : 0;
    for (let list = 0; list < 8; list++) {
      const n = packed ? (h >>> (4 * list)) & 15 : pool[p++]!;
      const optional = list === 2 || list === 3 || list === 7;
      const len = optional ? n - 1 : n;
      out[2 * list] = p;
      out[2 * list + 1] = len;
      if (len > 0) p += len;
    }
  }

  /**
   * A single-valued field's column (slot → id; undefined while no record has a value) and its
   * values by id (0: none), read in place by a lookup's ColumnBound (both are replaced as the
   * store grows).
   */
  scalarColumn(field: Scalar): { ids: ArrayLike<number> | undefined; values: readonly string[] } {
    const i = SCALAR_INDEX[field];
    return { ids: this.scalars[i], values: this.scalarTables[i]!.values };
  }

  /**
   * The words a record is found by in the quick search, through a callback (no Features object):
   * `names` its given names and surnames (alternatives too), `company` its company words and
   * company key. A word may come more than once.
   */
  forEachWord(slot: number, which: 'names' | 'company', fn: (word: string) => void): void {
    const pool = this.pool;
    let p = this.start[slot]!;
    const packed = (this.flags[slot]! & PACKED) !== 0;
    const h = packed ? pool[p++]! : 0;
    // list i's id count, p left on its first id
    const count = (list: number): number => (packed ? lengthOf(list, (h >>> (4 * list)) & 15) : lengthOf(list, pool[p++]!));
    const names = this.tables.name.values;
    if (which === 'names') {
      for (let list = 0; list < 4; list++) for (let n = count(list); n > 0; n--) fn(names[pool[p++]!]!);
      return;
    }
    for (let list = 0; list < 7; list++) p += count(list);
    const words = this.tables.word.values;
    for (let n = count(7); n > 0; n--) fn(words[pool[p++]!]!);
    const i = SCALAR_INDEX.company;
    const id = this.scalars[i]?.[slot] ?? 0;
    const company = id === 0 ? '' : this.scalarTables[i]!.values[id]!;
    if (company !== '') fn(company);
  }

  /** the blocking keys of a slot, through a callback (no array) */
  forEachKey(slot: number, fn: (key: number) => void): void {
    const pool = this.pool;
    let p = this.start[slot]!;
    if ((this.flags[slot]! & PACKED) !== 0) {
      const h = pool[p++]!;
      for (let list = 0; list < 8; list++) p += lengthOf(list, (h >>> (4 * list)) & 15);
    } else
      for (let list = 0; list < 8; list++) {
        const n = pool[p]!;
        const len = list === 2 || list === 3 || list === 7 ? (n === 0 ? 0 : n - 1) : n;
        p += 1 + len;
      }
    const n = pool[p]!;
    for (let i = 1; i <= n; i++) fn(pool[p + i]!);
  }

  /**
   * A Features object for the record in this slot (a new object each time); `withKeys` false
   * leaves its blocking keys out (empty), for a record only scored, never looked up.
   */
  features(slot: number, withKeys = true): Features {
    const pool = this.pool;
    const names = this.tables.name.values;
    // each list's header value: from the pool, or from the packed word (the keys' count is in the
    // pool); read in a loop with no closure (features run for every candidate a query scores)
    const packed = (this.flags[slot]! & PACKED) !== 0;
    let p = this.start[slot]!;
    const h = packed ? pool[p++]! : 0;
    const lists: Array<readonly string[] | undefined> = new Array(8);
    for (let at = 0; at < 8; at++) {
      const n = packed ? (h >>> (4 * at)) & 15 : pool[p++]!;
      // lists 2, 3 and 7 (altGiven, altFamily, companyCore) are optional: n + 1, 0 for none
      const optional = at === 2 || at === 3 || at === 7;
      const len = optional ? (n === 0 ? 0 : n - 1) : n;
      if (len === 0) {
        lists[at] = optional && n === 0 ? undefined : EMPTY;
        continue;
      }
      const out = new Array<string>(len);
      if (at < 4) for (let i = 0; i < len; i++) out[i] = names[pool[p++]!]!;
      else {
        const table = at < 6 ? this.tables.email : at === 6 ? this.tables.phone : this.tables.word;
        if (table instanceof StringTable || table instanceof AppendTable) {
          const values = table.values;
          for (let i = 0; i < len; i++) out[i] = values[pool[p++]!]!;
        } else for (let i = 0; i < len; i++) out[i] = table.get(pool[p++]!);
      }
      lists[at] = out;
    }
    const nk = pool[p++]!;
    let keys = EMPTY_KEYS;
    if (nk > 0 && withKeys) {
      const k = new Array<number>(nk);
      for (let i = 0; i < nk; i++) k[i] = pool[p + i]!;
      keys = k;
    }
    const [given, family, altGiven, altFamily, emails, roleEmails, phones, companyCore] = lists as [
      readonly string[], readonly string[], readonly string[] | undefined, readonly string[] | undefined,
      readonly string[], readonly string[], readonly string[], readonly string[] | undefined,
    ];
    return {
      id: this.idAt(slot)!,
      kind: this.kind[slot] === KIND_PERSON ? 'person' : 'account',
      given,
      family,
      altGiven,
      altFamily,
      nickname: (this.flags[slot]! & NICKNAME) !== 0,
      generation: this.scalarAt(13 /* generation */, slot) as Features['generation'],
      title: this.scalarAt(0 /* title */, slot),
      emails,
      roleEmails,
      phones,
      linkedin: this.scalarAt(1 /* linkedin */, slot),
      company: this.scalarAt(2 /* company */, slot),
      companyCore,
      domain: this.scalarAt(3 /* domain */, slot),
      country: this.scalarAt(4 /* country */, slot),
      form: this.scalarAt(5 /* form */, slot),
      where: this.scalarAt(6 /* where */, slot),
      city: this.scalarAt(7 /* city */, slot),
      postcode: this.scalarAt(8 /* postcode */, slot),
      state: this.scalarAt(9 /* state */, slot),
      address: this.scalarAt(10 /* address */, slot),
      birth: this.scalarAt(11 /* birth */, slot),
      nationalId: this.scalarAt(12 /* nationalId */, slot),
      keys,
    };
  }

  /** the value of the single-valued field SCALARS[i] in this slot */
  private scalarAt(i: number, slot: number): string | undefined {
    const id = this.scalars[i]?.[slot] ?? 0;
    return id === 0 ? undefined : this.scalarTables[i]!.values[id];
  }

  /** the pool, starts and flags with every slot's lists one header word each (as saved) */
  private unpacked(): { pool: Uint32Array; start: Uint32Array; flags: Uint8Array; poolDead: number } {
    const n = this.slots;
    if (!this.positional) return { pool: this.pool.slice(0, this.poolUsed), start: this.start.slice(0, n), flags: this.flags.slice(0, n), poolDead: this.poolDead };
    const start = new Uint32Array(n);
    const flags = this.flags.slice(0, n);
    let size = 0;
    for (let slot = 0; slot < n; slot++) if (this.kind[slot] !== KIND_NONE) size += this.span(slot) + ((flags[slot]! & PACKED) !== 0 ? 7 : 0);
    const pool = new Uint32Array(size);
    let q = 0;
    for (let slot = 0; slot < n; slot++) {
      if (this.kind[slot] === KIND_NONE) continue;
      let p = this.start[slot]!;
      start[slot] = q;
      if ((flags[slot]! & PACKED) === 0) {
        const span = this.span(slot);
        pool.set(this.pool.subarray(p, p + span), q);
        q += span;
        continue;
      }
      flags[slot]! &= ~PACKED;
      const h = this.pool[p++]!;
      for (let list = 0; list < 8; list++) {
        const v = (h >>> (4 * list)) & 15;
        pool[q++] = v;
        for (let i = lengthOf(list, v); i > 0; i--) pool[q++] = this.pool[p++]!;
      }
      for (let i = this.pool[p]! + 1; i > 0; i--) pool[q++] = this.pool[p++]!;
    }
    return { pool, start, flags, poolDead: 0 };
  }

  /** the columns, trimmed to what is used: plain data and typed arrays, for structured cloning */
  state(): FeatureStoreState {
    const n = this.slots;
    const { pool, start, flags, poolDead } = this.unpacked();
    return {
      slots: n,
      ids: Array.from({ length: n }, (_, i) => this.idAt(i) ?? null),
      kind: this.kind.slice(0, n),
      flags,
      start,
      pool,
      poolDead,
      scalars: Object.fromEntries(SCALARS.map((s, i) => [s, Uint32Array.from(this.scalars[i]?.subarray(0, n) ?? new Uint32Array(n))])),
      tables: {
        ...Object.fromEntries(SCALARS.map((s, i) => [`scalar.${s}`, this.scalarTables[i]!.values.slice()])),
        ...Object.fromEntries(Object.entries(this.tables).map(([k, t]) => [k, t.list()])),
      },
    };
  }

  /** a store from state(); undefined when the data does not have its shape */
  static from(data: FeatureStoreState): FeatureStore | undefined {
    const n = data.slots;
    const kind = typedFrom(data.kind, Uint8Array);
    const flags = typedFrom(data.flags, Uint8Array);
    const start = typedFrom(data.start, Uint32Array);
    const pool = typedFrom(data.pool, Uint32Array);
    const scalars: Record<string, Uint32Array | undefined> = {};
    for (const s of SCALARS) scalars[s] = data.scalars && typedFrom(data.scalars[s], Uint32Array);
    if (!kind || !flags || !start || !pool) return undefined;
    const d = { ...data, kind, flags, start, pool, scalars: scalars as Record<string, Uint32Array> };
    const ok =
      Number.isInteger(n) &&
      Number.isInteger(d.poolDead) &&
      Array.isArray(d.ids) &&
      d.ids.length === n &&
      d.kind.length === n &&
      d.flags.length === n &&
      d.start.length === n &&
      SCALARS.every((s) => d.scalars[s]?.length === n) &&
      [...SCALARS.map((s) => `scalar.${s}`), 'name', 'email', 'phone', 'word'].every((t) => Array.isArray(d.tables?.[t]));
    if (!ok) return undefined;
    const store = new FeatureStore();
    store.reserve(Math.max(n, 1));
    store.kind.set(d.kind);
    store.flags.set(d.flags);
    store.start.set(d.start);
    SCALARS.forEach((s, i) => {
      const column = d.scalars[s]!;
      if (column.some((v) => v !== 0)) (store.scalars[i] = new Uint32Array(store.kind.length)).set(column);
    });
    store.ids = d.ids.map((id) => id ?? undefined);
    store.pool = new Uint32Array(Math.max(8192, d.pool.length));
    store.pool.set(d.pool);
    store.poolUsed = d.pool.length;
    store.poolDead = d.poolDead;
    store.slots = n;
    store.scalarTables = SCALARS.map((s) => (s === 'linkedin' ? new AppendTable(d.tables[`scalar.${s}`]!) : new StringTable(d.tables[`scalar.${s}`]!)));
    store.tables.name = new StringTable(d.tables.name!);
    store.tables.word = new StringTable(d.tables.word!);
    store.tables.email = new AppendTable(d.tables.email!);
    store.tables.phone = new AppendTable(d.tables.phone!);
    return store;
  }
}
