// One page session per content script: recognise the page from its URL, take a snapshot of the
// record, tell the background, and do it again on every in-page navigation, aborting the
// previous read.
import { parseUrlWith, snapshotWith, type PageReader } from '../sites/reader';
import { ExtractionAborted } from '../sites/dom';
import type { PageRef } from '../sites/types';
import { notifyPageNone, sendPageRequest } from '../messaging/pageClient';
import { whenIdle } from './idle';
import { watchUrlChanges } from './navigation';
import { watchListPage } from './listSession';

export type PageSessionHooks = {
  /** called after the background knows what this tab shows */
  onRecognised?: (ref: PageRef, tabId: number) => void;
  /** called when the page shows no supported record */
  onNothing?: () => void;
  /** whether to draw badges on list pages (CRMs: always; LinkedIn: the user's opt-in) */
  listBadges?: () => Promise<boolean>;
};

export function startPageSession(win: Window, signal: AbortSignal, reader: PageReader, hooks: PageSessionHooks = {}): void {
  let current: AbortController | undefined;
  // The records read last and their names, newest first. A single-page app changes the URL before
  // it re-renders, so a page still showing the name of the record read before shows that record,
  // not the one in the URL: the extractor waits for another name. Which one is "before" matters
  // when navigations come faster than renders: after A → B → A, the name to wait past is B's, not
  // A's — waiting past A's own name would leave the sidebar one record behind for good.
  const recent: { key: string; name: string | undefined }[] = [];
  let first = true;
  /** how long a page no site recognises may wait for idle time before saying so */
  const NONE_TIMEOUT_MS = 1000;

  const run = async (url: string) => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    signal.addEventListener('abort', () => controller.abort(), { once: true });

    const isFirst = first;
    first = false;
    const ref = parseUrlWith(reader.detectors, url);
    if (!ref) {
      hooks.onNothing?.();
      // Always said, also on a fresh page load: the background may still hold the record this tab
      // showed before (a full navigation to the feed, or to the login page when a session expires).
      // On a fresh load it waits for the page's own work to be done, so a page no site recognises
      // pays nothing at load; a navigation away from it before then says something else instead.
      const tell = () => {
        if (!controller.signal.aborted) notifyPageNone(url);
      };
      if (!isFirst) tell();
      else controller.signal.addEventListener('abort', whenIdle(win, tell, NONE_TIMEOUT_MS), { once: true });
      return;
    }
    try {
      // An in-page navigation is noticed inside the page's pushState, before the page has swapped
      // its content in the same task: read after that task, never in the middle of it.
      if (!isFirst) await new Promise((resolve) => setTimeout(resolve, 0));
      if (controller.signal.aborted) return;
      const key = `${ref.site}:${ref.objectType}:${ref.recordId ?? ''}`;
      const before = recent.find((r) => r.key !== key && r.name !== undefined);
      const snapshot = await snapshotWith(reader.extractors, win.document, url, ref, {
        signal: controller.signal,
        ...(before ? { previousName: before.name } : {}),
        now: () => Date.now(),
      });
      if (controller.signal.aborted) return;
      const entity = snapshot.entity;
      recent.unshift({ key, name: entity?.type === 'person' ? entity.fullName : entity?.name });
      recent.length = Math.min(recent.length, 8);
      const { tabId } = await sendPageRequest({ type: 'page/detected', snapshot });
      if (controller.signal.aborted) return;
      hooks.onRecognised?.(ref, tabId);
      if (ref.kind === 'list' && (await hooks.listBadges?.()) && !controller.signal.aborted) {
        watchListPage(win, reader.detectors, controller.signal);
      }
    } catch (error) {
      if (error instanceof ExtractionAborted) return;
      console.warn('Dealside:', error instanceof Error ? error.message : error);
    }
  };

  watchUrlChanges(win, (url) => void run(url), signal);
  void run(win.location.href);
}
