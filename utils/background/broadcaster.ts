// Events to the open surfaces, coalesced (issue #14.6, #17.2). A page navigating every few
// milliseconds, or a sync storing page after page, would otherwise send an event for each, and
// every open surface would refetch for each and fall behind. The first event of a kind after a
// quiet spell goes at once (a single navigation or edit is not delayed); those that follow within
// that kind's window are merged — one per tab, one per CRM, the changed ids united — and sent when
// it ends, so the last state always reaches every surface.
import type { DealsideEvent } from '../messaging/protocol';

export const COALESCE_MS = 50;
/**
 * How long events of one kind are merged after one was sent. Records changed: a second — every
 * open surface refetches what it shows on one (Options all of it), so a sync storing a page every
 * few tens of milliseconds had Options refetching twenty times a second and slowed the sync by
 * half or more; a rep's own edit is the first after a quiet spell and goes at once. A sync's
 * progress: a quarter of a second, live enough to read. A tab's record: 50 ms (navigation).
 */
export function eventWindowMs(key: string): number {
  if (key === 'event/entities-changed' || key === 'event/workspace-changed') return 1000;
  if (key.startsWith('event/sync-changed')) return 250;
  return COALESCE_MS;
}
/**
 * An entities-changed event naming more ids than this is sent as "everything changed" ([]). A
 * second of a first sync stores a couple of thousand records (HubSpot's limit lets ~1,900 contacts
 * a second through, each naming its account too): under this bound, so the surfaces still tell
 * which of them they show (a set lookup per id they show); past it the message would cost more
 * than refetching.
 */
export const MAX_IDS = 5000;

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

/** Each kind of event (per tab, per CRM) has its own window: `windowMs` for all, or per kind. */
export function createCoalescingBroadcast(send: (event: DealsideEvent) => void, windowMs: number | ((key: string) => number) = eventWindowMs, timers: Timers = realTimers) {
  const pending = new Map<string, DealsideEvent>();
  const lastSent = new Map<string, number>();
  const scheduled = new Set<string>();
  const windowOf = typeof windowMs === 'number' ? () => windowMs : windowMs;

  const flush = (key: string) => {
    scheduled.delete(key);
    const event = pending.get(key);
    if (!event) return;
    pending.delete(key);
    lastSent.set(key, timers.now());
    send(event);
  };

  return (event: DealsideEvent): void => {
    const key = keyOf(event);
    const queued = pending.get(key);
    if (queued?.type === 'event/entities-changed' && event.type === 'event/entities-changed') pending.set(key, mergeChanges(queued, event));
    else if (event.type === 'event/entities-changed' && event.ids.length > MAX_IDS) pending.set(key, { type: event.type, ids: [] });
    else pending.set(key, event);
    if (scheduled.has(key)) return;
    const window = windowOf(key);
    const since = timers.now() - (lastSent.get(key) ?? -Infinity);
    if (since >= window) flush(key);
    else {
      scheduled.add(key);
      timers.set(() => flush(key), window - since);
    }
  };
}

type EntitiesChanged = Extract<DealsideEvent, { type: 'event/entities-changed' }>;

/**
 * Two changes as one: [] ("anything may have changed") wins, else the union of the ids; the kinds
 * are known only when both knew them (an undescribed change makes the whole one undescribed).
 */
export function mergeChanges(a: EntitiesChanged, b: EntitiesChanged): EntitiesChanged {
  const ids = a.ids.length === 0 || b.ids.length === 0 ? [] : [...new Set([...a.ids, ...b.ids])];
  const merged: EntitiesChanged = { type: 'event/entities-changed', ids: ids.length > MAX_IDS ? [] : ids };
  if (a.kinds && b.kinds) merged.kinds = [...new Set([...a.kinds, ...b.kinds])];
  return merged;
}
