// Look-alikes of the people the sidebars show, found page by page while a sync runs (issue #17.2).
//
// A pulled page's change event names the records it wrote and their related ones, so a sidebar
// showing Ana Soto refetches when Ana changes, but not when the page brings "Ana B. Soto", her
// look-alike: whether a new person duplicates a shown one is the matcher's call, and the run used to
// tell every surface only at its end (a first sync of 20,000 contacts, a minute later). Now, once a
// page has reached the in-memory match index, each person a surface shows is looked up again, and
// if a look-alike is among the page's changed people, an event names the shown person: that one
// sidebar refetches, at once. A handful of lookups per page (~1 ms each), only while a surface
// shows a person and the index is in memory; otherwise the run's end still tells everyone.
import type { Db } from '../store/db';
import type { MatchChanges } from '../sync/apply';
import type { TabView } from '../messaging/views';
import type { DealsideEvent } from '../messaging/protocol';
import { findDuplicates, fromPerson } from '../match';
import { goneFromCrm } from '../domain/entities';
import type { MatchIndexes, MatchService } from './matchService';

/** Shown people kept at most (the tabs last viewed): one lookup each per pulled page. */
export const SHOWN_MAX = 20;

export type ShownPeople = {
  /** the view a surface of this tab took: the person it shows, if it is one in the workspace */
  note(tabId: number, view: TabView): void;
  /** the tab shows something else now (another page, or it closed) */
  forget(tabId: number): void;
  /** the people the surfaces show, each once */
  ids(): string[];
};

export function createShownPeople(max = SHOWN_MAX): ShownPeople {
  const byTab = new Map<number, string>();
  return {
    note(tabId, view) {
      byTab.delete(tabId);
      const entity = view.entity;
      const person = entity?.subject === 'person' && entity.verdict === 'in-crm' ? entity.people[0]?.id : undefined;
      if (!person) return;
      byTab.set(tabId, person); // the newest last
      while (byTab.size > max) byTab.delete(byTab.keys().next().value!);
    },
    forget(tabId) {
      byTab.delete(tabId);
    },
    ids: () => [...new Set(byTab.values())],
  };
}

/** The shown people who have a look-alike among the changed ids (themselves excepted). */
export async function shownWithNewLookAlikes(db: Db, indexes: MatchIndexes, shown: readonly string[], changed: ReadonlySet<string>): Promise<string[]> {
  const moved: string[] = [];
  for (const id of shown) {
    const person = await db.get('people', id);
    if (!person || goneFromCrm(person)) continue;
    const account = person.accountId ? await db.get('accounts', person.accountId) : undefined;
    const found = findDuplicates(indexes.people, fromPerson(person, account), { limit: 5 });
    if (found.some((r) => r.id !== id && changed.has(r.id))) moved.push(id);
  }
  return moved;
}

/**
 * What the background does with a pulled page's match changes: the in-memory index follows them,
 * then the shown people with a new look-alike among them are named in a change event.
 */
export function followMatchChanges(deps: { matches: MatchService; shown: ShownPeople; broadcast: (event: DealsideEvent) => void }) {
  return async (db: Db, changes: MatchChanges): Promise<void> => {
    await deps.matches.refresh(db, changes);
    const shown = deps.shown.ids();
    if (!shown.length || !changes.ids.length) return;
    // only an index already in memory: loading one for this would cost seconds mid-sync
    const indexes = await deps.matches.loaded(db);
    if (!indexes) return;
    const moved = await shownWithNewLookAlikes(db, indexes, shown, new Set(changes.ids));
    if (moved.length) deps.broadcast({ type: 'event/entities-changed', ids: moved, kinds: ['person'] });
  };
}
