// String comparators: Jaro–Winkler, normalised Levenshtein (fastest-levenshtein) and Double
// Metaphone phonetic codes (double-metaphone, cached).
import { doubleMetaphone } from 'double-metaphone';
import { distance } from 'fastest-levenshtein';

// Scratch buffers for jaroWinkler (names are short; longer strings get bigger buffers).
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/**
 * Jaro–Winkler similarity, 0…1 (prefix scale 0.1, common prefix capped at four characters).
 *
 * The matcher compares tens of thousands of name tokens per lookup, so this is a direct port of
 * the algorithm over UTF-16 code units with reused buffers. @skyra/jaro-winkler, the library it was
 * first built on, copies both strings into arrays on every call and counts a common prefix of four
 * as five; a unit test keeps this function equal to the library's result (with that prefix
 * corrected) on random strings.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  if (la > flagsA.length) flagsA = new Uint8Array(la * 2);
  if (lb > flagsB.length) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2));
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const end = Math.min(i + window + 1, lb);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (flagsB[j] || b.charCodeAt(j) !== c) continue;
      flagsA[i] = 1;
      flagsB[j] = 1;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (!flagsA[i]) continue;
    while (j < lb && !flagsB[j]) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const t = Math.floor(transpositions / 2);
  const jaro = (matches / la + matches / lb + (matches - t) / matches) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** 1 - Levenshtein distance / length of the longer string, 0…1. */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  return len === 0 ? 1 : 1 - distance(a, b) / len;
}

/** Levenshtein distance (fastest-levenshtein). */
export function editDistance(a: string, b: string): number {
  return distance(a, b);
}

const PHONETIC_CACHE_LIMIT = 200_000;
let phoneticCache = new Map<string, string>();

/** Primary Double Metaphone code of a folded word ("gonzalez", "gonsales" → "KNSLS"), cached. */
export function phonetic(word: string): string {
  let code = phoneticCache.get(word);
  if (code === undefined) {
    code = doubleMetaphone(word)[0] || word;
    if (phoneticCache.size >= PHONETIC_CACHE_LIMIT) phoneticCache = new Map();
    phoneticCache.set(word, code);
  }
  return code;
}

/**
 * Whether two strings are at most one typing slip apart: one letter deleted, added or changed,
 * or two neighbours swapped ("gmial" / "gmail") — the optimal-string-alignment distance ≤ 1,
 * decided in one pass without a matrix.
 */
export function oneSlipApart(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // one change, or a swap of i and i + 1
    if (sameTail(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && sameTail(a, i + 2, b, i + 2);
  }
  return la > lb ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1);
}

/** a from ai on equals b from bi on (no substring made: this runs for every address's domain) */
function sameTail(a: string, ai: number, b: string, bi: number): boolean {
  if (a.length - ai !== b.length - bi) return false;
  for (; ai < a.length; ai++, bi++) if (a.charCodeAt(ai) !== b.charCodeAt(bi)) return false;
  return true;
}
