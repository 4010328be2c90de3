import { describe, expect, it } from 'vitest';
import { forgetTabThatLeft, noteNoRecordPage, type NoRecordDeps, type TabLeftDeps } from './tabLeft';
import { parsePageUrl } from '../sites';
import { isSupportedUrl } from '../sites/hosts';
import type { TabRecord } from './tabState';

const LINKEDIN = 'https://www.linkedin.com/in/mjgarcia/';

type World = { now: number; tab?: { url?: string; pendingUrl?: string }; record?: TabRecord; recordArrivesAt?: number };

/** The worker's view of one tab: a clock, the tab as it is now, and the tab's stored record. */
function tabWorld(options: World) {
  let clock = options.now;
  const world = {
    record: options.record,
    now: () => clock,
    currentTab: async () => {
      // while the worker asks for the tab, the new page's content script reports its record
      if (options.recordArrivesAt !== undefined) {
        clock = options.recordArrivesAt;
        world.record = { url: LINKEDIN, updatedAt: new Date(options.recordArrivesAt).toISOString() };
      }
      return options.tab;
    },
    getTabRecord: async () => world.record,
  };
  return world;
}

function harness(options: World) {
  const world = tabWorld(options);
  const changed: number[] = [];
  const cleared: number[] = [];
  const deps: TabLeftDeps = {
    now: world.now,
    currentTab: world.currentTab,
    onSupportedSite: (t) => (t.pendingUrl || t.url || '').startsWith('https://www.linkedin.com/'),
    getTabRecord: world.getTabRecord,
    clearTabRecord: async (id) => {
      cleared.push(id);
      world.record = undefined;
    },
    tabChanged: (id) => changed.push(id),
  };
  return { deps, changed, cleared, record: () => world.record };
}

describe('a tab that leaves the supported sites', () => {
  const now = Date.parse('2026-12-06T18:00:00.000Z');

  it('forgets the record of the page it left, and says so', async () => {
    const h = harness({ now, tab: { url: 'https://news.example/' }, record: { url: LINKEDIN, updatedAt: new Date(now - 5000).toISOString() } });
    expect(await forgetTabThatLeft(7, h.deps)).toBe(true);
    expect(h.cleared).toEqual([7]);
    expect(h.changed).toEqual([7]);
  });

  it('keeps the record when the tab shows a supported page by the time the event is handled', async () => {
    const h = harness({ now, tab: { url: LINKEDIN }, record: { url: LINKEDIN, updatedAt: new Date(now - 5000).toISOString() } });
    expect(await forgetTabThatLeft(7, h.deps)).toBe(false);
    expect(h.record()).toBeDefined();
  });

  it('keeps a record the next page reported after the event was seen (the tab still read as the old page)', async () => {
    // "loading" about:blank → the worker, busy, reads the tab still blank → meanwhile LinkedIn's
    // content script reports María → her record must survive
    const h = harness({ now, tab: { url: 'about:blank' }, recordArrivesAt: now + 40 });
    expect(await forgetTabThatLeft(7, h.deps)).toBe(false);
    expect(h.cleared).toEqual([]);
    expect(h.changed).toEqual([]);
    expect(h.record()?.url).toBe(LINKEDIN);
  });

  it('does nothing for a tab with no record', async () => {
    expect(await forgetTabThatLeft(7, harness({ now, tab: { url: 'https://news.example/' } }).deps)).toBe(false);
  });

  it('forgets the record of a tab that is gone', async () => {
    const gone = harness({ now, record: { url: LINKEDIN, updatedAt: new Date(now - 5000).toISOString() } });
    expect(await forgetTabThatLeft(7, gone.deps)).toBe(true);
  });
});

describe('a tab that loads a supported page showing no record', () => {
  const now = Date.parse('2026-12-06T18:00:00.000Z');
  const FEED = 'https://www.linkedin.com/feed/';

  function noRecord(options: Omit<World, 'now'>) {
    const world = tabWorld({ ...options, now });
    const told: [number, string][] = [];
    const deps: NoRecordDeps = {
      now: world.now,
      currentTab: world.currentTab,
      getTabRecord: world.getTabRecord,
      // the worker's own test: a supported page that parsePageUrl does not recognise
      noRecordUrl: (t) => {
        const url = t.pendingUrl || t.url || '';
        return isSupportedUrl(url) && parsePageUrl(url) === null ? url : undefined;
      },
      showsNone: async (id, url) => void told.push([id, url]),
    };
    return { deps, told };
  }

  it('says page/none for it, as its content script no longer does at load', async () => {
    const h = noRecord({ tab: { url: FEED }, record: { url: LINKEDIN, updatedAt: new Date(now - 5000).toISOString() } });
    expect(await noteNoRecordPage(7, h.deps)).toBe(true);
    expect(h.told).toEqual([[7, FEED]]);
  });

  it('reads the URL being loaded, not the one being left', async () => {
    const h = noRecord({ tab: { url: LINKEDIN, pendingUrl: FEED } });
    expect(await noteNoRecordPage(7, h.deps)).toBe(true);
    expect(h.told).toEqual([[7, FEED]]);
  });

  it('says nothing when the tab shows a record or a list by the time the event is handled', async () => {
    expect(await noteNoRecordPage(7, noRecord({ tab: { url: LINKEDIN } }).deps)).toBe(false);
    expect(await noteNoRecordPage(7, noRecord({ tab: { url: 'https://app.hubspot.com/contacts/4481234/objects/0-1/views/all/list' } }).deps)).toBe(false);
    expect(await noteNoRecordPage(7, noRecord({ tab: { url: 'https://news.example/' } }).deps)).toBe(false);
    expect(await noteNoRecordPage(7, noRecord({}).deps)).toBe(false);
  });

  it('keeps a record reported after the event was seen', async () => {
    const h = noRecord({ tab: { url: FEED }, recordArrivesAt: now + 40 });
    expect(await noteNoRecordPage(7, h.deps)).toBe(false);
    expect(h.told).toEqual([]);
  });
});
