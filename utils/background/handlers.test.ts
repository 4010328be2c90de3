import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { createHandlers } from './handlers';
import { createViewPrefetch } from './viewPrefetch';
import type { DealsideEvent } from '../messaging/protocol';
import type { PageSnapshot } from '../sites/snapshot';
import { nameKey } from '../text/normalize';

const now = new Date('2026-11-22T10:00:00Z');
let db: Db;
let events: DealsideEvent[];
let handlers: ReturnType<typeof createHandlers>;
const sender = { id: 'x', url: 'https://app.hubspot.com/contacts/1/record/0-1/51001', tab: { id: 7 } };

const snapshot = (over: Partial<PageSnapshot> = {}): PageSnapshot => ({
  url: 'https://app.hubspot.com/contacts/1/record/0-1/51001',
  ref: { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' },
  entity: { type: 'person', fullName: 'María José García López' },
  health: { status: 'ok', matched: [], missing: [] },
  takenAt: 1,
  ...over,
});

beforeEach(async () => {
  fakeBrowser.reset();
  db = await openStore(`handlers-${Math.random()}`);
  events = [];
  handlers = createHandlers({ db: async () => db, now: () => now, broadcast: (e) => events.push(e) });
  await putAll(db, 'people', [
    {
      id: 'p1', kind: 'contact', firstName: 'María José', lastName: 'García López', fullName: 'María José García López',
      nameKey: nameKey('María José García López'), emails: [], crmRefs: [], crmKeys: ['hubspot:person:51001'],
      createdAt: now.toISOString(), updatedAt: now.toISOString(), source: 'demo',
    },
  ]);
});

describe('page → background → surfaces', () => {
  it('remembers what a tab shows, tells open surfaces, and answers the view', async () => {
    await expect(handlers['page/detected']({ type: 'page/detected', snapshot: snapshot() }, { sender, tabId: 7 })).resolves.toEqual({ tabId: 7 });
    expect(events).toEqual([{ type: 'event/tab-changed', tabId: 7 }]);
    const view = await handlers['tab/view']({ type: 'tab/view', tabId: 7 }, { sender: { id: 'x' } });
    expect(view).toMatchObject({ tabId: 7, state: 'ready', entity: { displayName: 'María José García López', verdict: 'in-crm' } });
  });

  it('builds the view as the page reports it, for the first tab/view; a newer report or a change of records makes it history', async () => {
    const views = createViewPrefetch();
    const ahead = createHandlers({ db: async () => db, now: () => now, broadcast: (e) => events.push(e), views });
    await ahead['page/detected']({ type: 'page/detected', snapshot: snapshot() }, { sender, tabId: 7 });
    const started = views.take(7, 1);
    expect(started).toBeDefined();
    await expect(started).resolves.toMatchObject({ state: 'ready', entity: { displayName: 'María José García López' } });
    // taken by the handler, once
    await ahead['page/detected']({ type: 'page/detected', snapshot: snapshot() }, { sender, tabId: 7 });
    expect((await ahead['tab/view']({ type: 'tab/view', tabId: 7 }, { sender })).state).toBe('ready');
    expect(views.take(7, 2)).toBeUndefined();
    // the tab moved on: the view started for the record is not answered
    await ahead['page/detected']({ type: 'page/detected', snapshot: snapshot() }, { sender, tabId: 7 });
    await ahead['page/none']({ type: 'page/none', url: 'https://app.hubspot.com/reports' }, { sender, tabId: 7 });
    expect((await ahead['tab/view']({ type: 'tab/view', tabId: 7 }, { sender })).state).toBe('no-page');
  });

  it('shows "unreadable" with the URL facts when neither page nor store knows the record', async () => {
    const snap = snapshot({
      ref: { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '404' },
      entity: null,
      health: { status: 'failed', matched: [], missing: ['hubspot.0-1.name'] },
    });
    await handlers['page/detected']({ type: 'page/detected', snapshot: snap }, { sender, tabId: 7 });
    expect(await handlers['tab/view']({ type: 'tab/view', tabId: 7 }, { sender })).toMatchObject({
      state: 'unreadable',
      ref: { recordId: '404' },
    });
  });

  it('shows no record for a sign-in wall served at a known profile URL', async () => {
    const snap = snapshot({
      url: 'https://www.linkedin.com/in/mariajosegarcialopez/',
      ref: { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'mariajosegarcialopez' },
      entity: null,
      unavailable: 'sign-in',
    });
    await handlers['page/detected']({ type: 'page/detected', snapshot: snap }, { sender, tabId: 7 });
    const view = await handlers['tab/view']({ type: 'tab/view', tabId: 7 }, { sender });
    expect(view.state).toBe('unavailable');
    expect(view.entity).toBeUndefined();
  });

  it('forgets the record when the page leaves it, and knows nothing of other tabs', async () => {
    await handlers['page/detected']({ type: 'page/detected', snapshot: snapshot() }, { sender, tabId: 7 });
    await handlers['page/none']({ type: 'page/none', url: 'https://app.hubspot.com/reports' }, { sender, tabId: 7 });
    expect((await handlers['tab/view']({ type: 'tab/view', tabId: 7 }, { sender })).state).toBe('no-page');
    expect((await handlers['tab/view']({ type: 'tab/view', tabId: 8 }, { sender })).state).toBe('no-page');
  });

  it('survives the service worker being stopped: the tab state is in storage.session', async () => {
    await handlers['page/detected']({ type: 'page/detected', snapshot: snapshot() }, { sender, tabId: 7 });
    const restarted = createHandlers({ db: async () => db, now: () => now, broadcast: () => {} });
    expect((await restarted['tab/view']({ type: 'tab/view', tabId: 7 }, { sender })).entity?.displayName).toBe('María José García López');
  });

  it('refuses a page request that does not come from a tab', async () => {
    await expect(handlers['page/detected']({ type: 'page/detected', snapshot: snapshot() }, { sender: { id: 'x' } })).rejects.toThrow(/tab/);
  });

  it('logs a page that could not be read to the diagnostics, for the options page', async () => {
    const snap = snapshot({ entity: null, health: { status: 'failed', matched: [], missing: ['hubspot.0-1.name'] } });
    await handlers['page/detected']({ type: 'page/detected', snapshot: snap }, { sender, tabId: 7 });
    await expect.poll(async () => (await handlers['diagnostics/list']({ type: 'diagnostics/list' }, { sender })).length).toBe(1);
    expect(events).toContainEqual({ type: 'event/diagnostics-changed' });
    await handlers['diagnostics/clear']({ type: 'diagnostics/clear' }, { sender });
    expect(await handlers['diagnostics/list']({ type: 'diagnostics/list' }, { sender })).toEqual([]);
  });

  it('keeps the scoring model as a validated, versioned agreement', async () => {
    const got = await handlers['settings/qualify-get']({ type: 'settings/qualify-get' }, { sender });
    expect(got.isDefault).toBe(true);
    const settings = structuredClone(got.settings) as { scoringModel: { version: number; thresholds: { hot: number; sql: number } } };
    const v = settings.scoringModel.version;

    settings.scoringModel.thresholds.hot = 10; // below sql: refused, with the path and words in both languages
    const bad = await handlers['settings/qualify-set']({ type: 'settings/qualify-set', settings }, { sender });
    expect(bad.ok).toBe(false);
    expect(bad.issues[0]).toMatchObject({ path: 'scoringModel.thresholds' });
    expect(bad.issues[0]!.message.es).toMatch(/deben crecer/);

    settings.scoringModel.thresholds.hot = 120;
    expect((await handlers['settings/qualify-set']({ type: 'settings/qualify-set', settings }, { sender })).ok).toBe(true);
    const saved = await handlers['settings/qualify-get']({ type: 'settings/qualify-get' }, { sender });
    const model = (saved.settings as typeof settings).scoringModel;
    expect(saved.isDefault).toBe(false);
    expect(model.thresholds.hot).toBe(120);
    expect(model.version).toBe(v + 1);
    expect(events).toContainEqual({ type: 'event/entities-changed', ids: [] });

    await handlers['settings/qualify-set']({ type: 'settings/qualify-set', reset: true }, { sender });
    expect((await handlers['settings/qualify-get']({ type: 'settings/qualify-get' }, { sender })).isDefault).toBe(true);
  });

  it('reads an agreement stored before deals had their own thresholds, and lets the team edit them', async () => {
    const got = await handlers['settings/qualify-get']({ type: 'settings/qualify-get' }, { sender });
    type Model = { version: number; thresholds: object; dealThresholds?: { warm: number; mql: number; sql: number; hot: number } };
    const old = structuredClone(got.settings) as { scoringModel: Model };
    delete old.scoringModel.dealThresholds;
    old.scoringModel.thresholds = { warm: 10, mql: 30, sql: 60, hot: 90 };
    await db.put('settings', { key: 'qualify', value: old, updatedAt: '2026-01-01T00:00:00.000Z' });

    const read = await handlers['settings/qualify-get']({ type: 'settings/qualify-get' }, { sender });
    const model = (read.settings as { scoringModel: Model }).scoringModel;
    expect(read.isDefault).toBe(false); // still the team's own agreement …
    expect(model.thresholds).toEqual({ warm: 10, mql: 30, sql: 60, hot: 90 });
    expect(model.dealThresholds).toEqual({ warm: 40, mql: 80, sql: 140, hot: 200 }); // … with the documented default shown for editing

    // saving it unchanged is not a new revision; changing the deal thresholds is
    expect((await handlers['settings/qualify-set']({ type: 'settings/qualify-set', settings: read.settings }, { sender })).ok).toBe(true);
    const same = await handlers['settings/qualify-get']({ type: 'settings/qualify-get' }, { sender });
    expect((same.settings as { scoringModel: Model }).scoringModel.version).toBe(model.version);
    const edited = structuredClone(read.settings) as { scoringModel: Model };
    edited.scoringModel.dealThresholds = { warm: 50, mql: 100, sql: 150, hot: 250 };
    expect((await handlers['settings/qualify-set']({ type: 'settings/qualify-set', settings: edited }, { sender })).ok).toBe(true);
    const after = (await handlers['settings/qualify-get']({ type: 'settings/qualify-get' }, { sender })).settings as { scoringModel: Model };
    expect(after.scoringModel.dealThresholds?.hot).toBe(250);
    expect(after.scoringModel.version).toBe(model.version + 1);
  });
});
