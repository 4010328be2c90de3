// One page session per content script: recognise the page from its URL, take a snapshot of the
// record, tell the background, and do it again on every in-page navigation, aborting the
// previous read.
import { parseUrlWith, snapshotWith, type PageReader } from '../sites/reader';
import { ExtractionAborted } from '../sites/dom';
import type { PageRef } from '../sites/types';
import { notifyPageNone, sendPageRequest } from '../messaging/pageClient';
import { idle } from './idle';
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
  /** how long a fresh page load may wait for idle time before its record is read */
  const FIRST_READ_TIMEOUT_MS = 250;

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
      // Said after an in-page navigation: the background still holds the record shown before. On a
      // fresh page load the background says it itself (it sees the tab load a supported site's
      // URL that no site recognises: utils/background/tabLeft.ts), so a page no site recognises
      // costs nothing beyond reading its URL — no extension API is touched.
      if (!isFirst) notifyPageNone(url);
      return;
    }
    try {
      // On a fresh load the URL is all that is read at once: the record is read (and the extension's
      // APIs first touched) when the page is idle, after its own load work. An in-page navigation
      // is noticed inside the page's pushState, before the page has swapped its content in the
      // same task: read after that task, never in the middle of it.
      if (isFirst) await idle(win, controller.signal, FIRST_READ_TIMEOUT_MS);
      else await new Promise((resolve) => setTimeout(resolve, 0));
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
