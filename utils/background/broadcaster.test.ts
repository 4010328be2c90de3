import { describe, expect, it } from 'vitest';
import type { DealsideEvent } from '../messaging/protocol';
import { createCoalescingBroadcast, eventWindowMs, MAX_IDS } from './broadcaster';

function harness(windowMs: number | ((key: string) => number) = 50) {
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
    h.broadcast({ type: 'event/entities-changed', ids: ['x'] }); // the first of its kind goes at once
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
    h.broadcast({ type: 'event/sync-changed', system: 'salesforce' });
    h.advance(50);
    // each CRM's first at once, then one each when the window ends: never merged across CRMs
    const progress = h.sent.filter((e) => e.type === 'event/sync-changed').map((e) => (e.type === 'event/sync-changed' ? e.system : ''));
    expect(progress).toEqual(['hubspot', 'salesforce', 'hubspot', 'salesforce']);
  });

  it('keeps a described change described: the kinds united, unless one part was undescribed', () => {
    const h = harness();
    h.broadcast({ type: 'event/entities-changed', ids: ['x'], kinds: ['person'] });
    h.broadcast({ type: 'event/entities-changed', ids: ['p-1'], kinds: ['person'] });
    h.broadcast({ type: 'event/entities-changed', ids: ['d-1', 'a-1'], kinds: ['deal'] });
    h.advance(50);
    expect(h.sent.at(-1)).toEqual({ type: 'event/entities-changed', ids: ['p-1', 'd-1', 'a-1'], kinds: ['person', 'deal'] });
    h.broadcast({ type: 'event/entities-changed', ids: ['p-2'], kinds: ['person'] });
    h.broadcast({ type: 'event/entities-changed', ids: ['p-3'] }); // a rep's edit: undescribed
    h.advance(50);
    expect(h.sent.at(-1)).toEqual({ type: 'event/entities-changed', ids: ['p-2', 'p-3'] });
    // past the bound, "anything"
    h.advance(50);
    h.broadcast({ type: 'event/entities-changed', ids: Array.from({ length: MAX_IDS + 1 }, (_, i) => `p-${i}`), kinds: ['person'] });
    expect(h.sent.at(-1)).toEqual({ type: 'event/entities-changed', ids: [] });
  });

  it('a sync storing page after page: records changed reach surfaces once a second, its progress four times; a lone edit and a navigation at once', () => {
    const h = harness(eventWindowMs);
    // a rep's edit after a quiet spell goes at once
    h.broadcast({ type: 'event/entities-changed', ids: ['deal-1'] });
    expect(h.sent).toEqual([{ type: 'event/entities-changed', ids: ['deal-1'] }]);
    h.advance(5000);
    h.sent.length = 0;
    // ten seconds of a sync storing a page every 40 ms, while the rep navigates once
    for (let i = 0; i < 250; i++) {
      h.broadcast({ type: 'event/entities-changed', ids: [`p-${i}`] });
      h.broadcast({ type: 'event/sync-changed', system: 'hubspot' });
      if (i === 100) h.broadcast({ type: 'event/tab-changed', tabId: 7 });
      h.advance(40);
    }
    h.advance(2000);
    const changed = h.sent.filter((e) => e.type === 'event/entities-changed');
    const progress = h.sent.filter((e) => e.type === 'event/sync-changed');
    expect(changed.length).toBeGreaterThanOrEqual(9);
    expect(changed.length).toBeLessThanOrEqual(12);
    expect(progress.length).toBeGreaterThanOrEqual(35);
    expect(progress.length).toBeLessThanOrEqual(45);
    // the navigation was not held back by the sync's events
    expect(h.sent.findIndex((e) => e.type === 'event/tab-changed')).toBeGreaterThan(-1);
    // every changed id reached the surfaces
    const ids = new Set(changed.flatMap((e) => (e.type === 'event/entities-changed' ? e.ids : [])));
    expect(ids.size).toBe(250);
  });
});
