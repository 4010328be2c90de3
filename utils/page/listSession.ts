// Badges on a list page: collect the rows, ask the background for a verdict per record, draw the
// badges, and again when the list changes (paging, infinite scroll, filters) — observed, debounced,
// never polled; stopped by the page session's AbortSignal when the URL changes.
//
// Only rows the page itself has drawn in view are looked up and badged (issue #14.1): a link the
// page hides, fades or keeps off-screen asks nothing. Long lists get their badges as they scroll
// into view, past any count. The background bounds how many rows a tab may look up; past it, the
// answer says when to ask again.
import type { UrlDetector } from '../sites/reader';
import type { ListVerdict } from '../messaging/pageAnswers';
import { MAX_LIST_ROWS } from '../messaging/pageAnswerGuards';
import { sendPageRequest } from '../messaging/pageClient';
import { collectListRows } from './listRows';
import { createBadgeLayer, type BadgeLayer } from './badges';
import { browserLanguages, resolveLocale } from '../i18n/locale';
import { readLanguagePreference } from './preferences';

const DEBOUNCE_MS = 400;
/** After a scroll: badges for the rows that came into view, soon. */
const SCROLL_DEBOUNCE_MS = 150;
/** Every link to a record on the page (rows and the page's own extras), not only those in view. */
const MAX_COLLECTED = 3000;

/** Drawn by the page and shown: not hidden, not transparent, with a size. */
function drawn(anchor: HTMLAnchorElement, rect: DOMRectReadOnly): boolean {
  if (rect.width < 1 || rect.height < 1) return false;
  const check = (anchor as { checkVisibility?: (o: object) => boolean }).checkVisibility;
  return check ? check.call(anchor, { opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true }) : true;
}

export function watchListPage(win: Window, detectors: readonly UrlDetector[], signal: AbortSignal): void {
  const doc = win.document;
  // The badges speak the UI language chosen in Options (else the browser's).
  const locale = readLanguagePreference().then((preference) => resolveLocale(preference, browserLanguages(win.navigator)));
  let badges: BadgeLayer | undefined;
  const verdicts = new Map<string, ListVerdict>();
  const inView = new Set<HTMLAnchorElement>();
  const observed = new WeakSet<HTMLAnchorElement>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), ms);
  };

  const visibility = new IntersectionObserver(
    (entries) => {
      let added = false;
      for (const entry of entries) {
        const anchor = entry.target as HTMLAnchorElement;
        if (entry.isIntersecting && drawn(anchor, entry.boundingClientRect)) {
          if (!inView.has(anchor)) added = true;
          inView.add(anchor);
        } else inView.delete(anchor);
      }
      if (added) schedule(SCROLL_DEBOUNCE_MS);
    },
    // a little ahead of the scroll, so badges are there when the row arrives
    { rootMargin: '200px 0px' },
  );

  const refresh = async () => {
    if (signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const { rows, anchors } = collectListRows(doc, detectors, MAX_COLLECTED);
      for (const anchor of anchors.values()) {
        if (observed.has(anchor)) continue;
        observed.add(anchor);
        visibility.observe(anchor);
      }
      const shown = rows.filter((r) => {
        const anchor = anchors.get(r.key);
        return anchor !== undefined && inView.has(anchor);
      });
      const unknown = shown.filter((r) => !verdicts.has(r.key)).slice(0, MAX_LIST_ROWS);
      if (unknown.length) {
        const answer = await sendPageRequest({ type: 'page/list', url: win.location.href, rows: unknown });
        for (const v of answer.rows) verdicts.set(v.key, v);
        if (answer.retryAfterMs !== undefined) {
          clearTimeout(retry);
          retry = setTimeout(() => void refresh(), answer.retryAfterMs);
        }
      }
      if (signal.aborted) return;
      badges ??= createBadgeLayer(doc, await locale);
      if (signal.aborted) return;
      for (const row of shown) {
        const v = verdicts.get(row.key);
        const anchor = anchors.get(row.key);
        if (v && anchor) badges.show(anchor, v);
      }
      // more in view than one request carries: the next batch now
      if (shown.some((r) => !verdicts.has(r.key)) && unknown.length === MAX_LIST_ROWS) again = true;
    } catch (error) {
      console.warn('Dealside:', error instanceof Error ? error.message : error);
    } finally {
      running = false;
      if (again && !signal.aborted) {
        again = false;
        schedule(0);
      }
    }
  };

  const mutations = new MutationObserver((records) => {
    // Our own badges are mutations too; ignore them.
    if (records.every((m) => [...m.addedNodes].every((n) => n.nodeName === 'DEALSIDE-BADGE'))) return;
    schedule(DEBOUNCE_MS);
  });
  mutations.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  signal.addEventListener(
    'abort',
    () => {
      mutations.disconnect();
      visibility.disconnect();
      clearTimeout(timer);
      clearTimeout(retry);
      badges?.clear();
    },
    { once: true },
  );
  void refresh();
}
