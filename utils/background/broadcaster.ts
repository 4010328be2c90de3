// Events to the open surfaces, coalesced (issue #14.6, #17.2). A page navigating every few
// milliseconds, or a sync storing page after page, would otherwise send an event for each, and
// every open surface would refetch for each and fall behind. The first event after a quiet spell
// goes at once (a single navigation is not delayed); those that follow within the window are
// merged — one per tab, one per kind, the changed ids united — and sent when it ends, so the
// last state always reaches every surface.
import type { DealsideEvent } from '../messaging/protocol';

export const COALESCE_MS = 50;
/** An entities-changed event naming more ids than this is sent as "everything changed" ([]). */
const MAX_IDS = 500;

type Timers = { set: (fn: () => void, ms: number) => unknown; now: () => number };
const realTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), now: () => Date.now() };

function keyOf(event: DealsideEvent): string {
  switch (event.type) {
    case 'event/tab-changed':
      return `${event.type}:${event.tabId}`;
    case 'event/sync-changed':
      return `${event.type}:${event.system ?? ''}`;
    default:
      return event.type;
  }
}

export function createCoalescingBroadcast(send: (event: DealsideEvent) => void, windowMs = COALESCE_MS, timers: Timers = realTimers) {
  const pending = new Map<string, DealsideEvent>();
  let lastSent = -Infinity;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    lastSent = timers.now();
    const events = [...pending.values()];
    pending.clear();
    for (const event of events) send(event);
  };

  return (event: DealsideEvent): void => {
    const key = keyOf(event);
    const queued = pending.get(key);
    if (queued?.type === 'event/entities-changed' && event.type === 'event/entities-changed') {
      // [] means "anything may have changed"; otherwise the union of the ids
      const ids = queued.ids.length === 0 || event.ids.length === 0 ? [] : [...new Set([...queued.ids, ...event.ids])];
      pending.set(key, { type: 'event/entities-changed', ids: ids.length > MAX_IDS ? [] : ids });
    } else pending.set(key, event);
    if (scheduled) return;
    const since = timers.now() - lastSent;
    if (since >= windowMs) flush();
    else {
      scheduled = true;
      timers.set(flush, windowMs - since);
    }
  };
}
