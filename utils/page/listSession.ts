// Badges on a list page: collect the rows, ask the background for a verdict per record, draw the
// badges, and again when the list changes (paging, infinite scroll, filters) — observed, debounced,
// never polled; stopped by the page session's AbortSignal when the URL changes.
import type { UrlDetector } from '../sites/reader';
import { MAX_LIST_ROWS, type ListVerdict } from '../messaging/pageProtocol';
import { sendPageRequest } from '../messaging/pageClient';
import { collectListRows } from './listRows';
import { createBadgeLayer, type BadgeLayer } from './badges';
import { browserLanguages, resolveLocale } from '../i18n/locale';
import { readLanguagePreference } from './preferences';

const DEBOUNCE_MS = 400;

export function watchListPage(win: Window, detectors: readonly UrlDetector[], signal: AbortSignal): void {
  const doc = win.document;
  // The badges speak the UI language chosen in Options (else the browser's).
  const locale = readLanguagePreference().then((preference) => resolveLocale(preference, browserLanguages(win.navigator)));
  let badges: BadgeLayer | undefined;
  const verdicts = new Map<string, ListVerdict>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  const refresh = async () => {
    if (signal.aborted || running) return;
    running = true;
    try {
      const { rows, anchors } = collectListRows(doc, detectors, MAX_LIST_ROWS);
      const unknown = rows.filter((r) => !verdicts.has(r.key));
      if (unknown.length) {
        const answer = await sendPageRequest({ type: 'page/list', url: win.location.href, rows: unknown });
        for (const v of answer.rows) verdicts.set(v.key, v);
      }
      badges ??= createBadgeLayer(doc, await locale);
      if (signal.aborted) return;
      for (const [key, anchor] of anchors) {
        const v = verdicts.get(key);
        if (v) badges.show(anchor, v);
      }
    } catch (error) {
      console.warn('Dealside:', error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };

  const observer = new MutationObserver((mutations) => {
    // Our own badges are mutations too; ignore them.
    if (mutations.every((m) => [...m.addedNodes].every((n) => n.nodeName === 'DEALSIDE-BADGE'))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), DEBOUNCE_MS);
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      clearTimeout(timer);
      badges?.clear();
    },
    { once: true },
  );
  void refresh();
}
