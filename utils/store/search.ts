// Quick search for the popup: people and accounts whose name (or e-mail) starts with what was
// typed, accents and case ignored — index range scans, never a full table read.
import type { Db } from './db';
import { nameKey } from '../match/normalize';
import type { QuickSearchResult } from '../messaging/protocol';

const LIMIT = 8;

export async function quickSearch(db: Db, query: string): Promise<QuickSearchResult[]> {
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
  const accountNames = new Map<string, string>();
  for (const p of [...people, ...byEmail]) {
    if (p.accountId && !accountNames.has(p.accountId)) accountNames.set(p.accountId, (await db.get('accounts', p.accountId))?.name ?? '');
  }
  const seen = new Set<string>();
  const out: QuickSearchResult[] = [];
  for (const p of [...people, ...byEmail]) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    out.push({
      id: p.id,
      kind: p.kind,
      name: p.fullName,
      detail: [p.title, (p.accountId && accountNames.get(p.accountId)) || p.companyName].filter(Boolean).join(' · ') || p.emails[0] || '',
      ownerName: p.ownerId ? users.get(p.ownerId) : undefined,
      lastActivityAt: p.lastActivityAt,
      source: p.source,
    });
  }
  for (const a of accounts) {
    out.push({
      id: a.id,
      kind: 'account',
      name: a.name,
      detail: [a.domain, a.lifecycle].filter(Boolean).join(' · '),
      ownerName: a.ownerId ? users.get(a.ownerId) : undefined,
      lastActivityAt: a.lastActivityAt,
      source: a.source,
    });
  }
  return out.slice(0, LIMIT * 2);
}
