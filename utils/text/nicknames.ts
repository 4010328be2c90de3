// Given-name lookups built once, lazily, from the English nickname file (generated module) and
// our Spanish data: which names are nicknames of each other, which nicknames stand for two names
// ("Chema" = "José María"), and which words are known given names.
import { EN_NICKNAMES } from './nicknames-en.generated';
import { ES_GIVEN_NAMES, ES_NICKNAMES, NAME_EQUIVALENTS } from './nicknames-es';

interface Tables {
  /** token → its roots: itself, the formal names it is a nickname of, its cross-language group */
  roots: Map<string, readonly string[]>;
  /** nickname → the two or more given names it stands for */
  expansions: Map<string, readonly string[]>;
  given: Set<string>;
}

let tables: Tables | undefined;

function addTo(map: Map<string, Set<string>>, key: string, value: string) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function build(): Tables {
  const formals = new Map<string, Set<string>>();
  const compound = new Map<string, string>();
  const given = new Set<string>();
  for (const entry of EN_NICKNAMES.split('|')) {
    const [name, nicks] = entry.split(':');
    if (!name || !nicks) continue;
    given.add(name);
    for (const nick of nicks.split(' ')) {
      addTo(formals, nick, name);
      given.add(nick);
    }
  }
  for (const [formal, nicks] of ES_NICKNAMES) {
    for (const part of formal.split(' ')) given.add(part);
    for (const nick of nicks.split(' ')) {
      given.add(nick);
      if (formal.includes(' ')) compound.set(nick, formal);
      else addTo(formals, nick, formal);
    }
  }
  for (const name of ES_GIVEN_NAMES.split(' ')) if (name) given.add(name);
  const group = new Map<string, string>();
  for (const line of NAME_EQUIVALENTS) {
    const members = line.split(' ');
    for (const m of members) {
      group.set(m, `=${members[0]}`);
      given.add(m);
    }
  }
  const expansions = new Map<string, readonly string[]>();
  // A nickname that also stands for a single name ("chus": Jesús or María Jesús) is not expanded.
  for (const [nick, formal] of compound) if (!formals.has(nick)) expansions.set(nick, formal.split(' '));

  const roots = new Map<string, readonly string[]>();
  for (const token of new Set([...given, ...formals.keys(), ...group.keys()])) {
    const out = new Set<string>([token]);
    const g = group.get(token);
    if (g) out.add(g);
    for (const f of formals.get(token) ?? []) {
      out.add(f);
      const fg = group.get(f);
      if (fg) out.add(fg);
    }
    if (out.size > 1) roots.set(token, [...out]);
  }
  return { roots, expansions, given };
}

function t(): Tables {
  return (tables ??= build());
}

/**
 * The roots of a given name: itself, the formal names it is a nickname of ("bob" → robert) and
 * its cross-language group ("john" → =juan). Two names are nicknames of each other when their
 * roots meet.
 */
export function givenNameRoots(token: string): readonly string[] {
  return t().roots.get(token) ?? [token];
}

/** True when the two given names are the same name, nicknames or translations of each other. */
export function nicknameEquivalent(a: string, b: string): boolean {
  if (a === b) return true;
  const ra = givenNameRoots(a);
  if (ra.length === 1 && givenNameRoots(b).length === 1) return false;
  const rb = givenNameRoots(b);
  for (const x of ra) for (const y of rb) if (x === y) return true;
  return false;
}

/** "chema" → ["jose", "maria"]; undefined when the word is not a nickname for several names. */
export function expandGivenNickname(token: string): readonly string[] | undefined {
  return t().expansions.get(token);
}

/** A known given name (English or Spanish, formal or nickname). */
export function isKnownGivenName(token: string): boolean {
  return t().given.has(token);
}
