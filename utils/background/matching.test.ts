// The matcher in the background, on the demo workspace: pages without an identifier are matched,
// duplicates of an identified record are listed, "not the same" is remembered, another rep's
// recent ownership is flagged, and CRM list rows say "possible duplicate".
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openStore, type Db } from '../store/db';
import { getSetting, setSetting } from '../store/settings';
import { createHandlers } from './handlers';
import { createMatchService } from './matchService';
import { createViewPrefetch } from './viewPrefetch';
import { loadDemo } from './workspace';
import type { PageSnapshot } from '../sites/snapshot';

const now = new Date('2026-11-22T10:00:00Z');
let db: Db;
const matches = createMatchService(() => now);
const handlers = () => createHandlers({ db: async () => db, now: () => now, broadcast: () => {}, matches });
const sender = (url: string) => ({ id: 'x', url, tab: { id: 5 } });

async function view(snapshot: PageSnapshot) {
  const h = handlers();
  await h['page/detected']({ type: 'page/detected', snapshot }, { sender: sender(snapshot.url), tabId: 5 });
  return (await h['tab/view']({ type: 'tab/view', tabId: 5 }, { sender: sender(snapshot.url) })).entity!;
}

const hubspot51001: PageSnapshot = {
  url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51001',
  ref: { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' },
  entity: { type: 'person', fullName: 'María José García López' },
  health: { status: 'ok', matched: [], missing: [] },
  takenAt: 1,
};

beforeAll(async () => {
  db = await openStore(`matching-${Math.random()}`);
  await loadDemo(db, now);
});
beforeEach(() => fakeBrowser.reset());

describe('matching in the sidebar', () => {
  it('matches a LinkedIn profile with no identifier by name, company and nickname-aware rules', async () => {
    const entity = await view({
      url: 'https://www.linkedin.com/in/mjgarcia-iberia/',
      ref: { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'mjgarcia-iberia' },
      entity: { type: 'person', fullName: 'María José García', companyName: 'Iberia Logística', title: 'CFO' },
      health: { status: 'ok', matched: [], missing: [] },
      takenAt: 1,
    });
    const maria = entity.people.find((p) => p.id === 'demo-per-0001');
    expect(maria).toMatchObject({ matchedBy: 'match' });
    // in words beside the one number (the probability): "similar name (second surname missing) · same company"
    expect(maria?.evidence?.reasons.en).toMatch(/^similar name \(second surname missing\)/);
    expect(maria?.evidence?.reasons.es).toMatch(/^nombre parecido \(falta el segundo apellido\)/);
    expect(maria?.evidence?.reasons.en).not.toMatch(/\d/);
    expect(['in-crm', 'possible']).toContain(entity.verdict);
  });

  it('answers a record found by its CRM id from a cold worker without loading the index, then its duplicates once loaded', async () => {
    // a worker just woken: nothing in memory
    const cold = createMatchService(() => now);
    let loads = 0;
    const counted = { ...cold, indexes: (d: Db) => (loads++, cold.indexes(d)) };
    const events: unknown[] = [];
    const h = createHandlers({ db: async () => db, now: () => now, broadcast: (e) => events.push(e), matches: counted });
    await h['page/detected']({ type: 'page/detected', snapshot: hubspot51001 }, { sender: sender(hubspot51001.url), tabId: 5 });
    const first = (await h['tab/view']({ type: 'tab/view', tabId: 5 }, { sender: sender(hubspot51001.url) })).entity!;
    expect(first.people[0]).toMatchObject({ id: 'demo-per-0001', matchedBy: 'crm-id' });
    expect(first.duplicates).toEqual([]);
    expect(first.duplicatesPending).toBe(true); // the sidebar says it is still looking
    expect(loads).toBe(0);
    // the index is loaded after the answer, and the tab told to ask again
    events.length = 0;
    await vi.waitFor(() => expect(events).toContainEqual({ type: 'event/tab-changed', tabId: 5 }), { timeout: 10_000 });
    const again = (await h['tab/view']({ type: 'tab/view', tabId: 5 }, { sender: sender(hubspot51001.url) })).entity!;
    expect(again.duplicates.map((d) => d.fullName)).toContain('Maria Jose Garcia');
    expect(again.duplicatesPending).toBeUndefined();
    expect(loads).toBe(1);
  });

  it('holds the index back while the sidebar renders the view it took, until the sidebar says it is shown', async () => {
    const cold = createMatchService(() => now);
    let loads = 0;
    const counted = { ...cold, indexes: (d: Db) => (loads++, cold.indexes(d)) };
    const events: unknown[] = [];
    const views = createViewPrefetch(undefined, undefined, 60_000);
    const h = createHandlers({ db: async () => db, now: () => now, broadcast: (e) => events.push(e), matches: counted, views });
    await h['page/detected']({ type: 'page/detected', snapshot: hubspot51001 }, { sender: sender(hubspot51001.url), tabId: 5 });
    const first = (await h['tab/view']({ type: 'tab/view', tabId: 5 }, { sender: sender(hubspot51001.url) })).entity!;
    expect(first.duplicatesPending).toBe(true);
    // the sidebar renders what it took: no restore meanwhile
    await new Promise((r) => setTimeout(r, 50));
    expect(loads).toBe(0);
    events.length = 0;
    await h['tab/shown']({ type: 'tab/shown', tabId: 5 }, { sender: sender(hubspot51001.url) });
    await vi.waitFor(() => expect(events).toContainEqual({ type: 'event/tab-changed', tabId: 5 }), { timeout: 10_000 });
    expect(loads).toBe(1);
    const again = (await h['tab/view']({ type: 'tab/view', tabId: 5 }, { sender: sender(hubspot51001.url) })).entity!;
    expect(again.duplicates.map((d) => d.fullName)).toContain('Maria Jose Garcia');
  });

  it('lists likely duplicates of the record on the page, feeds "coordinate with its owner" to next actions, and forgets one the rep rejects', async () => {
    const entity = await view(hubspot51001);
    const dup = entity.duplicates.find((d) => d.fullName === 'Maria Jose Garcia');
    expect(dup, JSON.stringify(entity.duplicates.map((d) => d.fullName))).toBeDefined();
    expect(dup?.evidence?.band).toMatch(/duplicate|possible/);
    expect(entity.qualification?.actions.some((a) => a.category === 'duplicate')).toBe(true);

    await handlers()['match/not-same']({ type: 'match/not-same', pageKey: entity.pageKey!, recordId: dup!.id, notSame: true }, { sender: sender('chrome-extension://x/') });
    const again = await view(hubspot51001);
    expect(again.duplicates.map((d) => d.id)).not.toContain(dup!.id);
  });

  it('warns when another rep owns the person and touched them recently', async () => {
    const entity = await view({ ...hubspot51001, url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51002', ref: { ...hubspot51001.ref, recordId: '51002' }, entity: { type: 'person', fullName: 'Juan Carlos Pérez Ruiz' } });
    // Juan Carlos is Diego's, touched 12 days ago; the demo user is Lucía.
    expect(entity.people[0]).toMatchObject({ id: 'demo-per-0002', ownedByOtherRecently: true });
    // María José is Lucía's own contact: no warning.
    expect((await view(hubspot51001)).people[0]?.ownedByOtherRecently).toBeUndefined();
  });

  it('marks a CRM list row that has a likely duplicate elsewhere', async () => {
    const rows = [
      { key: 'hubspot:0-1:51001', ref: { site: 'hubspot' as const, kind: 'contact' as const, objectType: '0-1', recordId: '51001' } },
      { key: 'hubspot:0-1:51003', ref: { site: 'hubspot' as const, kind: 'contact' as const, objectType: '0-1', recordId: '51003' } },
    ];
    const h = handlers();
    const { rows: verdicts } = await h['page/list']({ type: 'page/list', url: 'https://app.hubspot.com/contacts/4481234/objects/0-1/views/all/list', rows }, { sender: sender('https://app.hubspot.com/'), tabId: 5 });
    expect(verdicts[0]).toMatchObject({ verdict: 'possible', duplicateName: 'Maria Jose Garcia', ownerName: 'Lucía Fernández' });
    expect(verdicts[1]).toMatchObject({ verdict: 'in-crm', ownerName: 'Emily Carter' });
  });

  it('restores the index on a fresh worker instead of rebuilding, and rebuilds after the demo reloads', async () => {
    await matches.indexes(db);
    await expect.poll(async () => (await db.get('settings', 'matchIndex'))?.value !== undefined).toBe(true);
    const fresh = createMatchService(() => now);
    const restored = await fresh.indexes(db);
    expect(restored.people.count).toBeGreaterThan(2000);
    await loadDemo(db, now);
    const rebuilt = await fresh.indexes(db);
    expect(rebuilt).not.toBe(restored);
  });

  it('restores an index an older worker saved in the row format', async () => {
    // 59 contacts written by the object-per-record index (FEATURES_VERSION 2, ES): restored as
    // they are, not rebuilt from the store's thousands
    const legacy: unknown = JSON.parse(readFileSync(new URL('../match/__fixtures__/legacy-index-v2.json', import.meta.url), 'utf8'));
    const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
    await setSetting(db, 'matchIndex', { generation, people: legacy, accounts: legacy }, now);
    const restored = await createMatchService(() => now).indexes(db);
    expect(restored.people.count).toBe(59);
    expect(restored.people.get('r0')?.kind).toBe('person');
  });
});
