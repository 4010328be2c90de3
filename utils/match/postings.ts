// The inverted index from blocking keys to record slots, in typed arrays: an open-addressing hash
// table of keys (linear probing) whose buckets head linked lists of postings. No per-key objects,
// so a million records with eight keys each take a few hundred megabytes less than a Map of arrays
// and build without garbage-collection pauses.

const EMPTY = 0;

type TypedArrayOf<T> = { new (n: number): T; from(src: ArrayLike<number>): T };

/**
 * A typed array from saved data: the typed array itself (structured clone, as IndexedDB keeps it),
 * a plain array, or what JSON.stringify makes of a typed array (an object keyed "0", "1" …);
 * undefined for anything else.
 */
export function typedFrom<T>(x: unknown, Ctor: TypedArrayOf<T>): T | undefined {
  if (x instanceof (Ctor as unknown as new () => object)) return x as T;
  if (!x || typeof x !== 'object') return undefined;
  const values = Array.isArray(x) ? (x as unknown[]) : Object.values(x as object);
  if (!values.every((v) => typeof v === 'number')) return undefined;
  return Ctor.from(values as number[]);
}

export interface PostingState {
  keys: Int32Array;
  heads: Int32Array;
  sizes: Int32Array;
  used: number;
  slots: Int32Array;
  next: Int32Array;
  postings: number;
  freePosting: number;
}

export class PostingTable {
  /** bucket → key + 1 (0 = empty); keys are 30-bit non-negative integers */
  private keys: Int32Array;
  /** bucket → first posting, -1 when none */
  private heads: Int32Array;
  /** bucket → number of postings */
  private sizes: Int32Array;
  private used = 0;
  /** posting → slot of the record */
  private slots: Int32Array;
  /** posting → next posting of the same key, -1 at the end */
  private next: Int32Array;
  private postings = 0;
  private freePosting = -1;

  constructor(capacity = 1024) {
    const buckets = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.keys = new Int32Array(buckets);
    this.heads = new Int32Array(buckets).fill(-1);
    this.sizes = new Int32Array(buckets);
    this.slots = new Int32Array(Math.max(16, capacity));
    this.next = new Int32Array(Math.max(16, capacity));
  }

  private bucketOf(key: number): number {
    const mask = this.keys.length - 1;
    let b = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    const stored = key + 1;
    for (;;) {
      const k = this.keys[b]!;
      if (k === stored || k === EMPTY) return b;
      b = (b + 1) & mask;
    }
  }

  private grow(): void {
    const { keys, heads, sizes } = this;
    const buckets = keys.length * 2;
    this.keys = new Int32Array(buckets);
    this.heads = new Int32Array(buckets).fill(-1);
    this.sizes = new Int32Array(buckets);
    this.used = 0;
    for (let b = 0; b < keys.length; b++) {
      if (keys[b] === EMPTY || sizes[b] === 0) continue; // keys left empty by removals go
      const nb = this.bucketOf(keys[b]! - 1);
      this.keys[nb] = keys[b]!;
      this.heads[nb] = heads[b]!;
      this.sizes[nb] = sizes[b]!;
      this.used++;
    }
  }

  private newPosting(slot: number, next: number): number {
    let p = this.freePosting;
    if (p >= 0) this.freePosting = this.next[p]!;
    else {
      p = this.postings++;
      if (p >= this.slots.length) {
        const slots = new Int32Array(this.slots.length * 2);
        slots.set(this.slots);
        this.slots = slots;
        const nxt = new Int32Array(this.next.length * 2);
        nxt.set(this.next);
        this.next = nxt;
      }
    }
    this.slots[p] = slot;
    this.next[p] = next;
    return p;
  }

  add(key: number, slot: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const b = this.bucketOf(key);
    if (this.keys[b] === EMPTY) {
      this.keys[b] = key + 1;
      this.used++;
    }
    this.heads[b] = this.newPosting(slot, this.heads[b]!);
    this.sizes[b]!++;
  }

  remove(key: number, slot: number): void {
    const b = this.bucketOf(key);
    if (this.keys[b] === EMPTY) return;
    let prev = -1;
    for (let p = this.heads[b]!; p >= 0; prev = p, p = this.next[p]!) {
      if (this.slots[p] !== slot) continue;
      if (prev < 0) this.heads[b] = this.next[p]!;
      else this.next[prev] = this.next[p]!;
      this.next[p] = this.freePosting;
      this.freePosting = p;
      this.sizes[b]!--;
      return;
    }
  }

  /** number of records under this key */
  size(key: number): number {
    const b = this.bucketOf(key);
    return this.keys[b] === EMPTY ? 0 : this.sizes[b]!;
  }

  /** first posting of the key (-1 when none); walk with nextPosting / slotOf */
  first(key: number): number {
    const b = this.bucketOf(key);
    return this.keys[b] === EMPTY ? -1 : this.heads[b]!;
  }

  nextPosting(p: number): number {
    return this.next[p]!;
  }

  slotOf(p: number): number {
    return this.slots[p]!;
  }

  /** the table as plain data and typed arrays (trimmed), for structured cloning */
  state(): PostingState {
    return {
      keys: this.keys.slice(),
      heads: this.heads.slice(),
      sizes: this.sizes.slice(),
      used: this.used,
      slots: this.slots.slice(0, this.postings),
      next: this.next.slice(0, this.postings),
      postings: this.postings,
      freePosting: this.freePosting,
    };
  }

  /** a table from state(), posting order included; undefined when the data does not have its shape */
  static from(data: PostingState): PostingTable | undefined {
    const [keys, heads, sizes, slots, next] = [data.keys, data.heads, data.sizes, data.slots, data.next].map((a) => typedFrom(a, Int32Array));
    if (!keys || !heads || !sizes || !slots || !next) return undefined;
    const d = { ...data, keys, heads, sizes, slots, next };
    const ok =
      Number.isInteger(d.postings) &&
      Number.isInteger(d.used) &&
      Number.isInteger(d.freePosting) &&
      d.keys.length >= 16 &&
      (d.keys.length & (d.keys.length - 1)) === 0 &&
      d.heads.length === d.keys.length &&
      d.sizes.length === d.keys.length &&
      d.slots.length === d.postings &&
      d.next.length === d.postings;
    if (!ok) return undefined;
    const t = new PostingTable(16);
    t.keys = d.keys;
    t.heads = d.heads;
    t.sizes = d.sizes;
    t.used = d.used;
    t.slots = new Int32Array(Math.max(16, d.postings));
    t.slots.set(d.slots);
    t.next = new Int32Array(Math.max(16, d.postings));
    t.next.set(d.next);
    t.postings = d.postings;
    t.freePosting = d.freePosting;
    return t;
  }

  /** bytes held by the typed arrays */
  get bytes(): number {
    return (this.keys.length + this.heads.length + this.sizes.length + this.slots.length + this.next.length) * 4;
  }
}

/** keys sorted at once while FrozenPostings is built */
const PART_KEYS = 1 << 20;

function grow(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The blocks of a batch of records that is complete (the dedupe CLI's file, clusterAll's list), in
 * sorted arrays rather than a hash table: only the keys that two or more records share are kept
 * (a block of one record finds nobody), and the slots of a block are stored only when it is small
 * enough to be used (at most `cap` records); each block lists its slots newest first, the order
 * in which PostingTable walks them. At a million contacts: about 40 bytes a record instead of
 * about 150 (the hash table's buckets for three million keys, most of them a single e-mail or
 * phone, and a linked posting per key and record).
 */
export class FrozenPostings {
  /** the shared keys, ascending */
  private readonly keys: Uint32Array;
  /** records under keys[i] */
  private readonly sizes: Uint32Array;
  /** keys[i]'s slots are slots[starts[i]] … slots[starts[i + 1] - 1] (none when over the cap) */
  private starts: Uint32Array;
  private slots: Int32Array;
  /** the slots were dropped (releaseSlots): only the block sizes are left */
  slotsReleased = false;

  /**
   * Built from every record's keys: `forEachRecord` calls its argument once per slot, with the
   * slot and a function that walks the slot's keys (each key once per record).
   */
  constructor(slotCount: number, forEachKey: (slot: number, fn: (key: number) => void) => void, cap: number, partKeys = PART_KEYS) {
    // Every record's keys, sorted: runs of equal keys are the blocks. Sorted a range of keys at a
    // time (keys are 30-bit hashes, spread evenly), about a million at once, so that the sort
    // never holds all of them (7.6 million, 30 MB, at a million contacts).
    const partOf = (key: number, parts: number) => Math.floor((key / 0x40000000) * parts);
    let total = 0;
    for (let slot = 0; slot < slotCount; slot++) forEachKey(slot, () => total++);
    const parts = Math.max(1, Math.ceil(total / partKeys));
    const counts = new Uint32Array(parts);
    for (let slot = 0; slot < slotCount; slot++) forEachKey(slot, (key) => counts[partOf(key, parts)]!++);
    const part = new Uint32Array(Math.max(...counts));
    let keys = new Uint32Array(1024);
    let sizes = new Uint32Array(1024);
    let shared = 0;
    let stored = 0;
    for (let p = 0; p < parts; p++) {
      let n = 0;
      for (let slot = 0; slot < slotCount; slot++)
        forEachKey(slot, (key) => {
          if (partOf(key, parts) === p) part[n++] = key;
        });
      const sorted = part.subarray(0, n).sort();
      for (let i = 0; i < n; ) {
        let j = i + 1;
        while (j < n && sorted[j] === sorted[i]) j++;
        if (j - i > 1) {
          if (shared === keys.length) {
            keys = grow(keys);
            sizes = grow(sizes);
          }
          keys[shared] = sorted[i]!;
          sizes[shared] = j - i;
          shared++;
          if (j - i <= cap) stored += j - i;
        }
        i = j;
      }
    }
    this.keys = keys.slice(0, shared);
    this.sizes = sizes.slice(0, shared);
    this.starts = new Uint32Array(shared + 1);
    for (let b = 0, at = 0; b < shared; b++) {
      this.starts[b] = at;
      if (this.sizes[b]! <= cap) at += this.sizes[b]!;
      this.starts[b + 1] = at;
    }
    // the slots, newest first in each block: filled from the last record back
    this.slots = new Int32Array(stored);
    const fill = this.starts.slice(0, shared);
    for (let slot = slotCount - 1; slot >= 0; slot--) {
      forEachKey(slot, (key) => {
        const b = this.find(key);
        if (b >= 0 && this.sizes[b]! <= cap) this.slots[fill[b]!++] = slot;
      });
    }
  }

  /** the block's position in keys, -1 when no two records share the key */
  find(key: number): number {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** records under this key; 1 for a key held by one record or none (a block that finds nobody) */
  size(key: number): number {
    const b = this.find(key);
    return b < 0 ? 1 : this.sizes[b]!;
  }

  /** number of records of block b (find()) */
  sizeAt(b: number): number {
    return this.sizes[b]!;
  }

  /** where block b's slots begin and end in slotAt (empty when the block is over the cap) */
  start(b: number): number {
    return this.starts[b]!;
  }

  end(b: number): number {
    return this.starts[b + 1]!;
  }

  slotAt(p: number): number {
    return this.slots[p]!;
  }

  /**
   * Drop the blocks' slots, keeping their keys and sizes (`size` still answers): when every record
   * has been looked up, the sizes are all that scoring reads (how many records share a phone).
   * At a million contacts about 21 MB of 31.
   */
  releaseSlots(): void {
    this.starts = new Uint32Array(0);
    this.slots = new Int32Array(0);
    this.slotsReleased = true;
  }

  /** bytes held by the arrays */
  get bytes(): number {
    return (this.keys.length * 2 + this.starts.length + this.slots.length) * 4;
  }
}
