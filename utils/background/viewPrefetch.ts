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
  /** Starts building the tab's view for this turn (replacing an earlier one). */
  start(tabId: number, turn: number, build: () => Promise<TabView>): void;
  /** The view started for this turn, if still good; taken at most once. */
  take(tabId: number, turn: number | undefined): Promise<TabView> | undefined;
  /** Drops the tab's view (only the one of `turn`, when given). */
  drop(tabId: number, turn?: number): void;
  /** Records changed: every prefetched view is stale. */
  forget(): void;
};

/** How long a prefetched view is good for: long enough for the frame to load on a slow machine. */
export const PREFETCH_MAX_AGE_MS = 5000;

export function createViewPrefetch(clock: () => number = () => Date.now(), maxAgeMs = PREFETCH_MAX_AGE_MS): ViewPrefetch {
  const views = new Map<number, { turn: number; at: number; view: Promise<TabView> }>();
  return {
    start(tabId, turn, build) {
      const at = clock();
      for (const [id, v] of views) if (at - v.at > maxAgeMs) views.delete(id);
      const view = build();
      view.catch(() => views.get(tabId)?.view === view && views.delete(tabId));
      views.set(tabId, { turn, at, view });
    },
    take(tabId, turn) {
      const v = views.get(tabId);
      views.delete(tabId);
      return v && v.turn === turn && clock() - v.at <= maxAgeMs ? v.view : undefined;
    },
    drop(tabId, turn) {
      if (turn === undefined || views.get(tabId)?.turn === turn) views.delete(tabId);
    },
    forget() {
      views.clear();
    },
  };
}
