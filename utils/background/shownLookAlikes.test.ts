// The SDR has Ana Belén Soto's HubSpot record open while a sync runs: a colleague added "Ana B.
// Soto" with her private e-mail, and the pulled page brings her. The sidebar is told at that page
// (an event naming Ana), not only at the run's end (an event naming nothing, "anything"), and its
// next view lists the look-alike. Real sync engine against the local HubSpot fake, real handlers,
// real match service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { openStore, type Db } from '../store/db';
import { mulberry32 } from '../demo/prng';
import { SyncService } from '../sync/service';
import { VirtualClock } from '../../tests/support/sync';
import type { MatchChanges } from '../sync/apply';
import type { DealsideEvent } from '../messaging/protocol';
import type { TabView } from '../messaging/views';
import type { PageSnapshot } from '../sites/snapshot';
import { createHandlers } from './handlers';
import { createMatchService } from './matchService';
import { SHOWN_MAX, createShownPeople, followMatchChanges } from './shownLookAlikes';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});
beforeEach(() => fakeBrowser.reset());

const contactPage = (id: string, fullName: string): PageSnapshot => ({
  url: `https://app.hubspot.com/contacts/4481234/record/0-1/${id}`,
  ref: { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: id },
  entity: { type: 'person', fullName },
  health: { status: 'ok', matched: [], missing: [] },
  takenAt: 1,
});

async function setUp() {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now });
  fakes.push(fake);
  await fake.start();
  const db: Db = await openStore(`shown-look-alikes-${Math.random()}`);
  const now = () => new Date(clock.now());
  const matches = createMatchService(now);
  const shown = createShownPeople();
  const events: DealsideEvent[] = [];
  const broadcast = (e: DealsideEvent) => void events.push(e);
  const follow = followMatchChanges({ matches, shown, broadcast });
  const followed: Array<Promise<void>> = [];
  const service = new SyncService(
    {
      db,
      fetch,
      now: clock.now,
      sleep: clock.sleep,
      random: mulberry32(9),
      timeoutMs: 30_000,
      onMatchChanges: (c: MatchChanges) => void followed.push(follow(db, c)),
      onChange: (ids) => broadcast({ type: 'event/entities-changed', ids: [...ids] }),
    },
    true,
  );
  const handlers = createHandlers({ db: async () => db, now, broadcast, matches, shown });
  const sender = (url: string) => ({ id: 'x', url, tab: { id: 7 } });
  const view = async (snapshot: PageSnapshot): Promise<TabView> => {
    await handlers['page/detected']({ type: 'page/detected', snapshot }, { sender: sender(snapshot.url), tabId: 7 });
    return handlers['tab/view']({ type: 'tab/view', tabId: 7 }, { sender: sender(snapshot.url) });
  };
  return { clock, fake, db, matches, shown, events, followed, service, handlers, view };
}

describe('look-alikes of a shown person, page by page during a sync', () => {
  it('a pulled look-alike of the shown person names her at once; her next view lists it', async () => {
    const t = await setUp();
    const ana = t.fake.seed('contacts', { firstname: 'Ana Belén', lastname: 'Soto', email: 'ana.soto@sotomar.es', company: 'Grupo Sotomar', jobtitle: 'Directora de Compras' });
    for (let i = 0; i < 30; i++) t.fake.seed('contacts', { firstname: `Cliente${i}`, lastname: 'Ruiz', email: `c${i}@ruiz.example` });
    await t.service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: t.fake.url, startSync: false });
    await t.service.engine.run({ pull: 'now' });
    await t.matches.indexes(t.db); // the index in memory, as once a sidebar has shown duplicates

    const before = await t.view(contactPage(ana.id, 'Ana Belén Soto'));
    expect(before.entity?.verdict).toBe('in-crm');
    const anaId = before.entity!.people[0]!.id;
    expect(before.entity!.duplicates).toEqual([]);
    expect(t.shown.ids()).toEqual([anaId]);

    // a colleague adds her again, with her private e-mail, among other new contacts
    const twin = t.fake.seed('contacts', { firstname: 'Ana B.', lastname: 'Soto', email: 'anabsoto@gmail.com', company: 'Sotomar', jobtitle: 'Directora de Compras' });
    for (let i = 0; i < 5; i++) t.fake.seed('contacts', { firstname: `Nuevo${i}`, lastname: 'Paz', email: `n${i}@paz.example` });
    t.clock.advance(6 * 60_000);
    t.events.length = 0;
    await t.service.engine.run({ pull: 'now' });
    await Promise.all(t.followed);

    // the page's own event names what it wrote (not Ana); the look-alike's event names Ana
    const naming = t.events.filter((e) => e.type === 'event/entities-changed' && e.ids.includes(anaId));
    expect(naming).toContainEqual({ type: 'event/entities-changed', ids: [anaId], kinds: ['person'] });
    const after = await t.view(contactPage(ana.id, 'Ana Belén Soto'));
    expect(after.entity!.duplicates.map((d) => d.id)).toContain(`hubspot-person-${twin.id}`);
  });

  it('a page of people who look like nobody shown names nobody; a tab showing another page is not looked up', async () => {
    const t = await setUp();
    const ana = t.fake.seed('contacts', { firstname: 'Ana Belén', lastname: 'Soto', email: 'ana.soto@sotomar.es', company: 'Grupo Sotomar' });
    await t.service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: t.fake.url, startSync: false });
    await t.service.engine.run({ pull: 'now' });
    await t.matches.indexes(t.db);
    const anaId = (await t.view(contactPage(ana.id, 'Ana Belén Soto'))).entity!.people[0]!.id;

    t.fake.seed('contacts', { firstname: 'Jorge', lastname: 'Quispe Mamani', email: 'jquispe@andes.pe' });
    t.clock.advance(6 * 60_000);
    t.events.length = 0;
    await t.service.engine.run({ pull: 'now' });
    await Promise.all(t.followed);
    expect(t.events.some((e) => e.type === 'event/entities-changed' && e.ids.includes(anaId))).toBe(false);

    // the tab moves on to a page of no record: Ana is no longer shown
    await t.handlers['page/none']({ type: 'page/none', url: 'https://app.hubspot.com/contacts/4481234/objects/0-1/views/all/list' }, { sender: {}, tabId: 7 });
    expect(t.shown.ids()).toEqual([]);
  });

  it('keeps the people of the tabs last viewed, each once', () => {
    const shown = createShownPeople(2);
    const viewOf = (id: string, verdict: 'in-crm' | 'new' = 'in-crm') =>
      ({ tabId: 1, state: 'ready', workspaceMode: 'crm', updatedAt: '', entity: { subject: 'person', displayName: id, verdict, people: [{ id }], accounts: [], deals: [], duplicates: [] } }) as unknown as TabView;
    shown.note(1, viewOf('p-1'));
    shown.note(2, viewOf('p-1'));
    shown.note(3, viewOf('p-3'));
    expect(shown.ids()).toEqual(['p-1', 'p-3']);
    shown.note(4, viewOf('p-4')); // past the bound: the oldest tab goes
    expect(shown.ids().sort()).toEqual(['p-3', 'p-4']);
    shown.note(3, viewOf('p-9', 'new')); // a profile not in the CRM is nobody to look up
    expect(shown.ids()).toEqual(['p-4']);
    expect(SHOWN_MAX).toBeGreaterThan(2);
  });
});
