// The duplicate matcher's indexes, owned by the background: built from the store once, kept in
// memory while the worker lives, saved to IndexedDB and restored on wake (faster than rebuilding:
// see npm run bench), rebuilt when the records' generation changes (demo loaded or removed, sync).
import type { Db } from '../store/db';
import type { MatchChanges } from '../sync/apply';
import { getSetting, setSetting } from '../store/settings';
import {
  createMatchIndex,
  fromAccount,
  fromPerson,
  restoreMatchIndex,
  type MatchIndex,
  type MatchIndexOptions,
} from '../match';
import { goneFromCrm, type Account, type Person } from '../domain/entities';

export type MatchIndexes = { people: MatchIndex; accounts: MatchIndex };

const OPTIONS: MatchIndexOptions = { defaultCountry: 'ES' };

export function buildIndexes(people: readonly Person[], accounts: readonly Account[]): MatchIndexes {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const peopleIndex = createMatchIndex(OPTIONS);
  // Records deleted in their CRM (kept for the rep's work) are no longer "already in the CRM".
  for (const p of people) if (!goneFromCrm(p)) peopleIndex.add(fromPerson(p, p.accountId ? byId.get(p.accountId) : undefined));
  const accountIndex = createMatchIndex(OPTIONS);
  for (const a of accounts) if (!goneFromCrm(a)) accountIndex.add(fromAccount(a));
  return { people: peopleIndex, accounts: accountIndex };
}

export type MatchService = {
  indexes(db: Db): Promise<MatchIndexes>;
  /** the indexes if they are in memory and current, without loading them (else undefined) */
  loaded(db: Db): Promise<MatchIndexes | undefined>;
  /** keep the in-memory index in step with one changed record */
  upsertPerson(person: Person, account?: Account): void;
  removePerson(id: string): void;
  /**
   * People and accounts a sync pull added, changed or removed, with the records generation it moved
   * from and to: applied to the index in memory when it is the one built for `before` (else the next
   * query rebuilds or restores it as usual).
   */
  refresh(db: Db, changes: MatchChanges): Promise<void>;
};

export function createMatchService(now: () => Date): MatchService {
  let cached: { generation: number; indexes: MatchIndexes } | undefined;
  let building: Promise<MatchIndexes> | undefined;
  let refreshing: Promise<void> = Promise.resolve();

  const load = async (db: Db): Promise<MatchIndexes> => {
    const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
    if (cached && cached.generation >= generation) return cached.indexes;
    const saved = await getSetting(db, 'matchIndex');
    if (saved?.generation === generation) {
      const people = restoreMatchIndex(saved.people, OPTIONS);
      const accounts = restoreMatchIndex(saved.accounts, OPTIONS);
      if (people && accounts) {
        cached = { generation, indexes: { people, accounts } };
        return cached.indexes;
      }
    }
    const indexes = buildIndexes(await db.getAll('people'), await db.getAll('accounts'));
    cached = { generation, indexes };
    // Saved in the background of the request; a failure only costs a rebuild on the next wake.
    void setSetting(db, 'matchIndex', { generation, people: indexes.people.serialize(), accounts: indexes.accounts.serialize() }, now()).catch(() => {});
    return indexes;
  };

  /** A pull's changes, applied to the index built for the generation the pull started from. */
  const apply = async (db: Db, { ids, generation, written }: MatchChanges): Promise<void> => {
    if (building) await building.catch(() => undefined);
    const current = cached;
    if (!current || current.generation !== generation.before) return; // the next query rebuilds
    // The people and accounts the page put come with the changes, as put; the others (deleted,
    // derived), then the people's companies, are asked in one read transaction, all at once (a
    // transaction answers its requests in order). Reading a first sync's pages back cost the
    // browser's IndexedDB ~3 gets a contact while a sidebar was open (issue #17.2).
    const tx = db.transaction(['people', 'accounts']);
    const people = tx.objectStore('people');
    const accounts = tx.objectStore('accounts');
    const read = await Promise.all(
      ids.map((id): Promise<[Person | undefined, Account | undefined]> | [Person | undefined, Account | undefined] => {
        const given = written?.get(id);
        if (!given) return Promise.all([people.get(id), accounts.get(id)]);
        return 'person' in given ? [given.person, undefined] : [undefined, given.account];
      }),
    );
    const companyIds = new Set<string>();
    for (const [person] of read) if (person?.accountId && !goneFromCrm(person)) companyIds.add(person.accountId);
    const companies = new Map(
      await Promise.all(
        [...companyIds].map(async (id) => {
          const given = written?.get(id);
          return [id, given && 'account' in given ? given.account : await accounts.get(id)] as const;
        }),
      ),
    );
    await tx.done;
    ids.forEach((id, i) => {
      const [person, account] = read[i]!;
      if (person && !goneFromCrm(person)) current.indexes.people.update(fromPerson(person, person.accountId ? companies.get(person.accountId) : undefined));
      else current.indexes.people.remove(id);
      if (account && !goneFromCrm(account)) current.indexes.accounts.update(fromAccount(account));
      else current.indexes.accounts.remove(id);
    });
    // Caught up: this index is the one for the new generation (the saved snapshot is older, so it is
    // never restored; the next full build rewrites it).
    if (cached === current) cached = { generation: generation.after, indexes: current.indexes };
  };

  /**
   * The index in memory once the pull's queued pages have reached it, if it is then at least as new
   * as the store was when asked. During a sync the store's generation runs ahead of the index by the
   * pages still queued for `refresh` (a page's refresh is queued as soon as its transaction commits,
   * before any reader can see its generation): without waiting for them, every view asked mid-sync
   * found the index "stale" and rebuilt it from the whole store — with a sidebar open, once a
   * second, which took a first sync of 20,000 Pipedrive contacts from 16 to 41 s.
   */
  const caughtUp = async (db: Db): Promise<MatchIndexes | undefined> => {
    const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
    await refreshing;
    return cached && cached.generation >= generation ? cached.indexes : undefined;
  };

  return {
    async indexes(db) {
      if (!building) {
        const current = await caughtUp(db);
        if (current) return current;
      }
      building ??= load(db).finally(() => {
        building = undefined;
      });
      return building;
    },
    loaded: caughtUp,
    upsertPerson(person, account) {
      if (goneFromCrm(person)) cached?.indexes.people.remove(person.id);
      else cached?.indexes.people.update(fromPerson(person, account));
    },
    removePerson(id) {
      cached?.indexes.people.remove(id);
    },
    refresh(db, changes) {
      // One after another, in the order the pages were applied (each moves the generation by one).
      refreshing = refreshing.then(() => apply(db, changes)).catch(() => {});
      return refreshing;
    },
  };
}
