// What a view reads about a deal's people and their activities is the same however it is asked:
// gather asks its reads side by side and a key's activities with count + getAll (issue #15.3); the
// order and the bound are those of reading each key with a 'prev' cursor, one after the other.
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../store/db';
import type { Activity } from '../../domain/entities';
import { gather } from './qualificationView';
import { daysAgo, makeAccount, makeActivity, makeDeal, makePerson } from '../../../tests/support/records';

let db: Db;

/** The old way: each key's newest activities with a 'prev' cursor, up to 300, one key after another. */
async function byCursor(index: 'byPersonAt' | 'byDealAt', id: string): Promise<Activity[]> {
  const out: Activity[] = [];
  let cursor = await db.transaction('activities').store.index(index).openCursor(IDBKeyRange.bound([id, ''], [id, '\uffff']), 'prev');
  while (cursor && out.length < 300) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

beforeAll(async () => {
  db = await openStore(`gather-${Math.random()}`);
  const tx = db.transaction(['accounts', 'people', 'deals', 'activities'], 'readwrite');
  await tx.objectStore('accounts').put(makeAccount());
  // p-busy has more activities than a view reads (350 > 300); several share a timestamp, so the
  // tie order (the primary key's) counts too
  for (const p of ['p-busy', 'p-quiet', 'p-other']) await tx.objectStore('people').put(makePerson(p));
  await tx.objectStore('deals').put(makeDeal({ contactIds: ['p-quiet', 'p-missing', 'p-busy'] }));
  for (let i = 0; i < 350; i++) await tx.objectStore('activities').put(makeActivity('email-sent', daysAgo(Math.floor(i / 3)), { personId: 'p-busy', accountId: 'acc-1' }));
  for (let i = 0; i < 4; i++) await tx.objectStore('activities').put(makeActivity('call', daysAgo(2), { personId: 'p-quiet', accountId: 'acc-1' }));
  await tx.objectStore('activities').put(makeActivity('meeting', daysAgo(1), { personId: 'p-other', accountId: 'acc-1' }));
  for (let i = 0; i < 3; i++) await tx.objectStore('activities').put(makeActivity('note', daysAgo(i), { dealId: 'deal-1', accountId: 'acc-1' }));
  await tx.done;
});

describe('gather', () => {
  it('reads the deal’s people in its order, then the account’s, and each key’s newest activities as a cursor would', async () => {
    const input = (await gather(db, { entityType: 'deal', entityId: 'deal-1' }))!;
    expect(input.account?.id).toBe('acc-1');
    expect(input.people.map((p) => p.id)).toEqual(['p-quiet', 'p-busy', 'p-other']);
    const expected = new Map<string, Activity>();
    for (const list of [await byCursor('byDealAt', 'deal-1'), ...(await Promise.all(input.people.map((p) => byCursor('byPersonAt', p.id))))]) {
      for (const a of list) expected.set(a.id, a);
    }
    expect(input.activities.map((a) => a.id)).toEqual([...expected.keys()]);
    // the bound: 300 of p-busy's 350, the newest
    expect(input.activities.filter((a) => a.personId === 'p-busy')).toHaveLength(300);
    expect(input.activities.filter((a) => a.personId === 'p-quiet')).toHaveLength(4);
  });
});
