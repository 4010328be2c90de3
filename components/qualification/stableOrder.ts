// The next actions keep their places while a page is looked at: an action that comes in later (the
// look-alikes a woken worker finds after answering, an answer that opens a new question) is added
// after the ones shown, never above them, so no card moves under a pointer about to press "Done".
// A new page starts from the ranking again. Pure, for NextActions.

export interface ShownActions {
  /** every action's key, in the order the list keeps */
  order: readonly string[];
  /** the keys shown (the rest are behind "more") */
  shown: readonly string[];
  /** keys that came in after the list was first drawn: marked new */
  fresh: readonly string[];
}

/** The first drawing of a ranked list: the top `top` shown. */
export function firstShown(ranked: readonly string[], top: number): ShownActions {
  return { order: ranked, shown: ranked.slice(0, top), fresh: [] };
}

/**
 * The list after the ranking changed: actions gone (done, dismissed) leave their places to the ones
 * after them; those still there keep their order; new ones come after everything kept and are
 * shown after the ones shown (fresh), even beyond `top`. Returns `before` itself when nothing
 * changed.
 */
export function nextShown(before: ShownActions, ranked: readonly string[], top: number): ShownActions {
  const now = new Set(ranked);
  const known = new Set(before.order);
  const kept = before.order.filter((k) => now.has(k));
  const added = ranked.filter((k) => !known.has(k));
  if (added.length === 0 && kept.length === before.order.length) return before;
  const order = [...kept, ...added];
  const wasShown = new Set(before.shown);
  const shownKept = kept.filter((k) => wasShown.has(k));
  // fill places freed by actions gone from the kept ones that were behind "more", as a first drawing would
  const fill = kept.filter((k) => !wasShown.has(k)).slice(0, Math.max(0, top - shownKept.length));
  const stillFresh = before.fresh.filter((k) => now.has(k));
  return { order, shown: [...shownKept, ...fill, ...added], fresh: [...stillFresh, ...added] };
}
