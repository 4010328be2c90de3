import { describe, expect, it } from 'vitest';
import type { DealsideEvent } from '../messaging/protocol';
import { createCoalescingBroadcast } from './broadcaster';

function harness(windowMs = 50) {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const sent: DealsideEvent[] = [];
  const broadcast = createCoalescingBroadcast((e) => sent.push(e), windowMs, {
    now: () => now,
    set: (fn, ms) => timers.push({ at: now + ms, fn }),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) {
      if (t.at <= now) t.fn();
      else timers.push(t);
    }
  };
  return { broadcast, sent, advance };
}

describe('coalesced events to the open surfaces', () => {
  it('sends a lone event at once', () => {
    const h = harness();
    h.broadcast({ type: 'event/tab-changed', tabId: 3 });
    expect(h.sent).toEqual([{ type: 'event/tab-changed', tabId: 3 }]);
  });

  it('turns a burst into one event per tab, and the last always arrives', () => {
    const h = harness();
    for (let i = 0; i < 200; i++) {
      h.broadcast({ type: 'event/tab-changed', tabId: 3 });
      h.broadcast({ type: 'event/tab-changed', tabId: 4 });
      h.advance(5); // a navigation every 5 ms
    }
    h.advance(100);
    const forTab3 = h.sent.filter((e) => e.type === 'event/tab-changed' && e.tabId === 3).length;
    // one per 50 ms window over a second, not 200
    expect(forTab3).toBeLessThanOrEqual(1000 / 50 + 2);
    expect(forTab3).toBeGreaterThan(1);
    expect(h.sent.at(-1)).toMatchObject({ type: 'event/tab-changed' });
    // nothing left behind
    const before = h.sent.length;
    h.advance(1000);
    expect(h.sent.length).toBe(before);
  });

  it('unites the ids of changed records; [] (anything may have changed) wins', () => {
    const h = harness();
    h.broadcast({ type: 'event/workspace-changed' });
    h.broadcast({ type: 'event/entities-changed', ids: ['a'] });
    h.broadcast({ type: 'event/entities-changed', ids: ['b', 'a'] });
    h.advance(50);
    expect(h.sent).toContainEqual({ type: 'event/entities-changed', ids: ['a', 'b'] });
    h.broadcast({ type: 'event/entities-changed', ids: ['c'] });
    h.broadcast({ type: 'event/entities-changed', ids: [] });
    h.advance(50);
    expect(h.sent.at(-1)).toEqual({ type: 'event/entities-changed', ids: [] });
  });

  it('keeps each CRM’s sync progress apart', () => {
    const h = harness();
    h.broadcast({ type: 'event/diagnostics-changed' });
    h.broadcast({ type: 'event/sync-changed', system: 'hubspot' });
    h.broadcast({ type: 'event/sync-changed', system: 'salesforce' });
    h.broadcast({ type: 'event/sync-changed', system: 'hubspot' });
    h.advance(50);
    expect(h.sent.filter((e) => e.type === 'event/sync-changed')).toHaveLength(2);
  });
});
