// Selector health: the pages Dealside could not read cleanly, newest first, kept bounded.
import type { Db } from './db';
import type { DiagnosticRecord } from './schema';
import type { PageSnapshot } from '../sites/snapshot';

export const MAX_DIAGNOSTICS = 200;

/** origin + path: query strings and fragments may carry personal data. */
function pageOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '';
  }
}

/** Records a snapshot whose health is not 'ok'. Returns whether anything was written. */
export async function recordExtractionHealth(db: Db, snapshot: PageSnapshot, now: Date): Promise<boolean> {
  if (snapshot.health.status === 'ok' || snapshot.unavailable) return false;
  const tx = db.transaction('diagnostics', 'readwrite');
  await tx.store.add({
    at: now.toISOString(),
    site: snapshot.ref.site,
    objectType: snapshot.ref.objectType,
    kind: snapshot.ref.kind,
    status: snapshot.health.status,
    missing: snapshot.health.missing,
    matched: snapshot.health.matched,
    page: pageOf(snapshot.url),
  });
  // Keep the newest MAX_DIAGNOSTICS: drop from the oldest end.
  const excess = (await tx.store.count()) - MAX_DIAGNOSTICS;
  if (excess > 0) {
    let cursor = await tx.store.openCursor();
    for (let i = 0; i < excess && cursor; i++) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
  }
  await tx.done;
  return true;
}

export async function listDiagnostics(db: Db, limit = 50): Promise<DiagnosticRecord[]> {
  const out: DiagnosticRecord[] = [];
  let cursor = await db.transaction('diagnostics').store.index('byAt').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

export async function clearDiagnostics(db: Db): Promise<void> {
  await db.clear('diagnostics');
}
