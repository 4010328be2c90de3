// Quick search for the popup ("is it in the CRM?"): people and accounts whose name (or e-mail)
// starts with what was typed — index range scans — and, with the duplicate matcher's in-memory
// index at hand, people and accounts having a name word that starts with each word typed: a surname
// ("garcía"), a second given name, a word inside the company's name ("logística"). Accents and case
// ignored; records deleted in their CRM are not in that index, so they are not "in the CRM".
import type { Db } from '../../store/db';
import { nameKey } from '../../text/normalize';
import type { MatchIndex } from '../../match';
import type { QuickSearchResult } from '../../messaging/protocol';
import { lastTouchedAt, type Account, type Person } from '../../domain/entities';

const LIMIT = 8;
/** words that say nothing on their own */
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y', 'e', 'da', 'do', 'dos', 'das', 'van', 'von', 'der', 'di', 'du', 'le', 'the', 'and']);

/** The words of a query, folded; particles dropped unless they are all there is. */
export function queryWords(query: string): string[] {
  const words = nameKey(query).split(' ').filter(Boolean);
  const meaningful = words.filter((w) => !PARTICLES.has(w));
  return meaningful.length ? meaningful : words;
}

type Which = 'names' | 'company';

/** The name words of an index's records, sorted, each with the records that have it. */
type WordIndex = { changes: number; words: string[]; ids: Map<string, string[]> };

const wordIndexes: Record<Which, WeakMap<MatchIndex, WordIndex>> = { names: new WeakMap(), company: new WeakMap() };

/**
 * Built once per state of the index (its `changes` counter), in one pass over its records, reading
 * their words from the index's columns (no Features object per record).
 */
function wordIndexOf(index: MatchIndex, which: Which): WordIndex {
  const cached = wordIndexes[which].get(index);
  if (cached && cached.changes === index.changes) return cached;
  const ids = new Map<string, string[]>();
  let id = '';
  const add = (w: string) => {
    const has = ids.get(w);
    if (!has) ids.set(w, [id]);
    else if (has[has.length - 1] !== id) has.push(id);
  };
  for (id of index.ids()) index.forEachWord(id, which, add);
  const built = { changes: index.changes, words: [...ids.keys()].sort(), ids };
  wordIndexes[which].set(index, built);
  return built;
}

/** Records with a word that starts with q (exact: the word is q), or, from 4 letters, has q inside ("fuente" in "delafuente"). */
function recordsWithWord(wi: WordIndex, q: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const add = (word: string) => {
    const exact = word === q;
    for (const id of wi.ids.get(word) ?? []) if (exact || !out.has(id)) out.set(id, exact || (out.get(id) ?? false));
  };
  let lo = 0;
  let hi = wi.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (wi.words[mid]! < q) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < wi.words.length && wi.words[i]!.startsWith(q); i++) add(wi.words[i]!);
  if (q.length >= 4) for (const w of wi.words) if (!w.startsWith(q) && w.includes(q)) add(w);
  return out;
}

/** Ids of the index's records with a name word for every query word, exact matches first. */
function byWords(index: MatchIndex, query: readonly string[], which: Which, limit: number): string[] {
  const wi = wordIndexOf(index, which);
  const sets = query.map((q) => recordsWithWord(wi, q)).sort((a, b) => a.size - b.size);
  const [first, ...rest] = sets;
  if (!first) return [];
  const exact: string[] = [];
  const prefix: string[] = [];
  for (const [id, e] of first) {
    let all = e;
    let every = true;
    for (const other of rest) {
      const o = other.get(id);
      if (o === undefined) {
        every = false;
        break;
      }
      all &&= o;
    }
    if (!every) continue;
    if (all) exact.push(id);
    else if (prefix.length < limit) prefix.push(id);
    if (exact.length >= limit) break;
  }
  return [...exact, ...prefix].slice(0, limit);
}

/** Ids of people (or accounts) in the matcher's index with a name word for every query word. */
export function peopleByWords(index: MatchIndex, words: readonly string[], limit = LIMIT): string[] {
  return byWords(index, words, 'names', limit);
}
export function accountsByWords(index: MatchIndex, words: readonly string[], limit = LIMIT): string[] {
  return byWords(index, words, 'company', limit);
}

export async function quickSearch(db: Db, query: string, index?: { people: MatchIndex; accounts: MatchIndex }): Promise<QuickSearchResult[]> {
  const key = nameKey(query);
  if (key.length < 2) return [];
  const range = IDBKeyRange.bound(key, `${key}\uffff`);
  const users = new Map((await db.getAll('users')).map((u) => [u.id, u.name]));
  const [people, accounts] = await Promise.all([
    db.getAllFromIndex('people', 'byNameKey', range, LIMIT),
    db.getAllFromIndex('accounts', 'byNameKey', range, LIMIT),
  ]);
  const lower = query.trim().toLowerCase();
  const byEmail = lower.includes('@') || lower.length >= 3 ? await db.getAllFromIndex('people', 'byEmail', IDBKeyRange.bound(lower, `${lower}\uffff`), LIMIT) : [];
  const words = lower.includes('@') ? [] : queryWords(query);
  const wordPeople: Person[] = [];
  if (index && words.length > 0 && words.join('').length >= 3) {
    const more = async <T>(store: 'people' | 'accounts', ids: string[]) => (await Promise.all(ids.map((id) => db.get(store, id)))).filter((r): r is NonNullable<typeof r> => !!r) as T[];
    wordPeople.push(...(await more<Person>('people', peopleByWords(index.people, words))));
    accounts.push(...(await more<Account>('accounts', accountsByWords(index.accounts, words))));
  }
  // name prefix first, then e-mail, then a word of the name
  const candidates = [...people, ...byEmail, ...wordPeople];
  const accountNames = new Map<string, string>();
  for (const p of candidates) {
    if (p.accountId && !accountNames.has(p.accountId)) accountNames.set(p.accountId, (await db.get('accounts', p.accountId))?.name ?? '');
  }
  const seen = new Set<string>();
  const out: QuickSearchResult[] = [];
  for (const p of candidates) {
    if (out.length >= LIMIT + 4) break; // leave room for accounts
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    out.push({
      id: p.id,
      kind: p.kind,
      name: p.fullName,
      detail: [p.title, (p.accountId && accountNames.get(p.accountId)) || p.companyName].filter(Boolean).join(' · ') || p.emails[0] || '',
      ownerName: p.ownerId ? users.get(p.ownerId) : undefined,
      lastActivityAt: lastTouchedAt(p),
      source: p.source,
    });
  }
  for (const a of accounts) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    out.push({
      id: a.id,
      kind: 'account',
      name: a.name,
      detail: [a.domain, a.lifecycle].filter(Boolean).join(' · '),
      ownerName: a.ownerId ? users.get(a.ownerId) : undefined,
      lastActivityAt: lastTouchedAt(a),
      source: a.source,
    });
  }
  return out.slice(0, LIMIT * 2);
}
