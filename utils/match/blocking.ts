// Blocking keys: a few cheap keys per record; two records are compared only when they share
// one. Keys are hashed to small integers (a collision only adds a candidate, scored like any
// other), which keeps a million-record index in memory.
import type { Features } from './features';
import { givenNameRoots } from '../text/nicknames';
import { phonetic } from '../text/similarity';

const FNV_OFFSET = 0x811c9dc5;
const BAR = 124; // '|'

/** FNV-1a over s, continuing from h (not yet cut to 30 bits) */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** FNV-1a, 30 bits (always a small integer in V8). */
export function hashKey(s: string): number {
  return (fnv(FNV_OFFSET, s) >>> 0) & 0x3fffffff;
}

/**
 * hashKey(`${tag}${a}`), or hashKey(`${tag}${a}|${b}`) with b — without building the string: a
 * record's dozen keys were a dozen short-lived strings, a tenth of the time blocking took.
 */
function hashOf(tag: string, a: string, b?: string): number {
  let h = fnv(fnv(FNV_OFFSET, tag), a);
  if (b !== undefined) h = fnv(Math.imul(h ^ BAR, 0x01000193), b);
  return (h >>> 0) & 0x3fffffff;
}


/** The block of records with this e-mail address (emailParts().key). */
export function emailBlock(key: string): number {
  return hashOf('e:', key);
}
/** The number of a phone key, without its extension ("612345678;204" → "612345678"). */
export function phoneNumberOf(key: string): string {
  const semi = key.indexOf(';');
  return semi < 0 ? key : key.slice(0, semi);
}

/** The block of records with this phone number (a phoneKey, extension ignored). */
export function phoneBlock(key: string): number {
  return hashOf('p:', phoneNumberOf(key));
}
/** The block of accounts with this domain. */
export function domainBlock(domain: string): number {
  return hashOf('d:', domain);
}

/** Given-name roots used for blocking: the name, its formal names, its cross-language group. */
function pushUnique(out: string[], code: string): void {
  if (!out.includes(code)) out.push(code);
}

/** Phonetic codes of the first given name's roots (the name, its formal names, its group) and of the second given name. */
function givenParts(given: readonly string[]): string[] {
  const out: string[] = [];
  const first = given[0];
  if (!first || first.length === 1) return out;
  const roots = givenNameRoots(first);
  for (let i = 0; i < roots.length && i < 3; i++) {
    const r = roots[i]!;
    pushUnique(out, phonetic(r.charCodeAt(0) === 61 /* = */ ? r.slice(1) : r));
  }
  const second = given[1];
  if (second && second.length > 1) pushUnique(out, phonetic(second));
  return out;
}

/** Phonetic codes of the first two surnames and of the other reading's first surname. */
function familyParts(f: Features): string[] {
  const out: string[] = [];
  const f0 = f.family[0];
  const f1 = f.family[1];
  const alt = f.altFamily?.[0];
  if (f0 && f0.length > 1) pushUnique(out, phonetic(f0));
  if (f1 && f1.length > 1) pushUnique(out, phonetic(f1));
  if (alt && alt.length > 1) pushUnique(out, phonetic(alt));
  return out;
}

/** add hashOf(tag, a, b) to the record's keys (once) */
function pushKey(keys: number[], tag: string, a: string, b?: string): void {
  const h = hashOf(tag, a, b);
  if (!keys.includes(h)) keys.push(h);
}

export function blockKeys(f: Features): number[] {
  const keys: number[] = [];
  for (const e of f.emails) pushKey(keys, 'e:', e);
  // the number, not the extension: people on one switchboard are compared (and told apart by it)
  for (const p of f.phones) pushKey(keys, 'p:', phoneNumberOf(p));
  if (f.linkedin) pushKey(keys, 'l:', f.linkedin);
  if (f.kind === 'person') {
    const g = givenParts(f.given);
    const fam = familyParts(f);
    // sorted pairs: the same key when first and last name are swapped
    for (const a of g) for (const b of fam) pushKey(keys, 'n:', a < b ? a : b, a < b ? b : a);
    const initial = f.given[0]?.[0];
    const fam0 = fam[0];
    if (initial && fam0) pushKey(keys, 'i:', initial, fam0);
    // within one company, the given name alone or the surname alone finds the person, whatever
    // typo, nickname or swap the other has; the company is its main name word and its domain's
    // label ("acme" for acme.com.mx), so a record with only one of them still meets the other
    const core = f.companyCore?.[0];
    const dot = f.domain ? f.domain.indexOf('.') : -1;
    const label = f.domain && dot > 0 ? f.domain.slice(0, dot) : undefined;
    for (const tag of [core, label !== core ? label : undefined]) {
      if (!tag) continue;
      if (g[0]) pushKey(keys, 'c:', g[0], tag);
      if (fam0) pushKey(keys, 'c:', fam0, tag);
    }
    if (f.birth) pushKey(keys, 'b:', f.birth);
    if (f.nationalId) pushKey(keys, 'x:', f.nationalId);
    if (f.postcode) {
      if (fam0) pushKey(keys, 'z:', f.postcode, fam0);
      if (g[0]) pushKey(keys, 'y:', f.postcode, g[0]);
    }
    if (f.given.length === 0 && fam0) pushKey(keys, 's1:', fam0);
  } else {
    if (f.domain) pushKey(keys, 'd:', f.domain);
    if (f.company) {
      pushKey(keys, 'k:', f.company);
      pushKey(keys, 'k:', f.company.split(' ').sort().join(' '));
    }
    const core = f.companyCore ?? [];
    for (let i = 0; i < core.length && i < 3; i++) if (core[i]!.length >= 3) pushKey(keys, 't:', phonetic(core[i]!));
  }
  return keys;
}
