// "Not the same person": a rep's answer that a suggested match is wrong, remembered per page
// (the record on the page, a LinkedIn profile, an e-mail) so the suggestion does not come back.
import type { Db } from './db';

const PREFIX = 'notSame:';
const MAX_PER_PAGE = 50;

export async function notSameFor(db: Db, pageKey: string | undefined): Promise<Set<string>> {
  if (!pageKey) return new Set();
  const record = await db.get('settings', PREFIX + pageKey);
  return new Set(Array.isArray(record?.value) ? (record.value as unknown[]).filter((v): v is string => typeof v === 'string') : []);
}

export async function setNotSame(db: Db, pageKey: string, recordId: string, notSame: boolean, now: Date): Promise<void> {
  const tx = db.transaction('settings', 'readwrite');
  const record = await tx.store.get(PREFIX + pageKey);
  const ids = new Set(Array.isArray(record?.value) ? (record.value as string[]) : []);
  if (notSame) ids.add(recordId);
  else ids.delete(recordId);
  await tx.store.put({ key: PREFIX + pageKey, value: [...ids].slice(-MAX_PER_PAGE), updatedAt: now.toISOString() });
  await tx.done;
}
