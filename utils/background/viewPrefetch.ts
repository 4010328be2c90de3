// A tab's view, started as soon as its content script reports the record (page/detected), for the
// sidebar's first tab/view to take (issue #15.2–3). The sidebar's frame is inserted after that
// answer, when the page is idle, and then loads its own code: the view is built meanwhile, so a
// woken worker's IndexedDB work overlaps the frame's start instead of following it.
//
// A prefetched view is taken once, only for the turn it was built for (a later navigation of the
// tab makes it history), only while young, and never after the records changed (`forget`, called
// for every event that says so) or after its look-alikes arrived (the builder drops it then, so
// the next ask builds the view with them).
import type { TabView } from '../messaging/views';

export type ViewPrefetch = {
  /**
   * Starts building the tab's view for this turn (replacing an earlier one). `released` settles
   * once the view is taken, dropped, forgotten or too old: work that would hold the worker's
   * thread (restoring the match index) waits for it, so it never delays the answer it prepared.
   */
  start(tabId: number, turn: number, build: (released: Promise<void>) => Promise<TabView>): void;
  /**
   * The view started for this turn, if still good; taken at most once. What waits for it is
   * released once the surface that took it says it has shown it (`shown`), or SHOWN_WAIT_MS later.
   */
  take(tabId: number, turn: number | undefined): Promise<TabView> | undefined;
  /** The tab's surface has painted the view it took: what waited for that may take the thread. */
  shown(tabId: number): void;
  /** Drops the tab's view (only the one of `turn`, when given). */
  drop(tabId: number, turn?: number): void;
  /** Records changed: every prefetched view is stale. */
  forget(): void;
};

/** How long a prefetched view is good for: long enough for the frame to load on a slow machine. */
export const PREFETCH_MAX_AGE_MS = 5000;

/**
 * How long work held back for a taken view waits for its surface to say it has shown it. The
 * surface paints the record within this on a loaded machine; a surface that never says so (an old
 * sidebar page still open after an update) costs the look-alikes this much delay, no more.
 */
export const SHOWN_WAIT_MS = 1500;

export function createViewPrefetch(clock: () => number = () => Date.now(), maxAgeMs = PREFETCH_MAX_AGE_MS, shownWaitMs = SHOWN_WAIT_MS): ViewPrefetch {
  type Entry = { turn: number; at: number; view: Promise<TabView>; release: () => void };
  const views = new Map<number, Entry>();
  /** per tab, the release of a view taken and not yet said to be shown */
  const showing = new Map<number, () => void>();
  const remove = (tabId: number) => {
    views.get(tabId)?.release();
    views.delete(tabId);
  };
  const shown = (tabId: number) => {
    showing.get(tabId)?.();
    showing.delete(tabId);
  };
  return {
    start(tabId, turn, build) {
      const at = clock();
      for (const [id, v] of views) if (at - v.at > maxAgeMs) remove(id);
      remove(tabId);
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      // released at the latest when it is too old to be taken
      const timer = setTimeout(release, maxAgeMs);
      const entry: Entry = {
        turn,
        at,
        view: build(released),
        release: () => {
          clearTimeout(timer);
          release();
        },
      };
      entry.view.catch(() => views.get(tabId) === entry && remove(tabId));
      views.set(tabId, entry);
    },
    take(tabId, turn) {
      const v = views.get(tabId);
      views.delete(tabId);
      if (!v) return undefined;
      if (v.turn !== turn || clock() - v.at > maxAgeMs) {
        v.release();
        return undefined;
      }
      // held until the surface has painted what it took (its frame renders while this worker's
      // thread would be restoring the match index), or shownWaitMs at the latest
      shown(tabId);
      const timer = setTimeout(() => shown(tabId), shownWaitMs);
      showing.set(tabId, () => {
        clearTimeout(timer);
        v.release();
      });
      return v.view;
    },
    shown,
    drop(tabId, turn) {
      if (turn === undefined || views.get(tabId)?.turn === turn) remove(tabId);
    },
    forget() {
      for (const id of [...views.keys()]) remove(id);
      for (const id of [...showing.keys()]) shown(id);
    },
  };
}
