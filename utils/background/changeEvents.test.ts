// Issue #17.2: a sync's change events say what changed, and an open sidebar refetches its record's
// view only when the change can move it. Real sync engine against the local HubSpot fake, real
// background handlers building the view, and the surfaces' own rule (components/app/recordQueries.ts)
// applied to the events the engine sends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { openStore, type Db } from '../store/db';
import { mulberry32 } from '../demo/prng';
import { SyncService } from '../sync/service';
import { VirtualClock } from '../../tests/support/sync';
import { createHandlers } from './handlers';
import { createMatchService } from './matchService';
import { movesWith, type RecordChange } from '../../components/app/recordQueries';
import { mergeChanges } from './broadcaster';
import type { PageSnapshot } from '../sites/snapshot';
import type { TabView } from '../messaging/views';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});
beforeEach(() => fakeBrowser.reset());

describe('a sync page refetches the sidebar only when it can move what the sidebar shows', () => {
  it('unrelated records leave the view; the shown contact, its company or a new deal of it move it; Options’ progress and counts always', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db: Db = await openStore(`change-events-${Math.random()}`);
    const now = () => new Date(clock.now());
    const matches = createMatchService(now);
    // what the engine tells the surfaces, page by page
    const changes: RecordChange[] = [];
    const service = new SyncService(
      {
        db,
        fetch,
        now: clock.now,
        sleep: clock.sleep,
        random: mulberry32(5),
        timeoutMs: 30_000,
        onMatchChanges: (c) => void matches.refresh(db, c),
        onChange: (ids, kinds) => changes.push({ ids, ...(kinds ? { kinds } : {}) }),
      },
      true,
    );
    const handlers = createHandlers({ db: async () => db, now, broadcast: () => {}, matches });

    const andinos = fake.seed('companies', { name: 'Transportes Andinos', domain: 'andinos.pe' });
    const javier = fake.seed('contacts', { firstname: 'Javier', lastname: 'Romero Díaz', email: 'jromero@andinos.pe', jobtitle: 'Gerente de Logística' });
    fake.associate('contacts', javier.id, 'companies', andinos.id);
    const sotomar = fake.seed('companies', { name: 'Grupo Sotomar', domain: 'sotomar.es' });
    await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    await service.engine.run({ pull: 'now' });
    await matches.indexes(db); // loaded: the view comes with its duplicates, not "still looking"

    // The sidebar on Javier's HubSpot page.
    const url = `https://app.hubspot.com/contacts/1/record/0-1/${javier.id}`;
    const snapshot: PageSnapshot = {
      url,
      ref: { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: javier.id },
      entity: { type: 'person', fullName: 'Javier Romero Díaz' },
      health: { status: 'ok', matched: [], missing: [] },
      takenAt: 1,
    };
    const sender = { id: 'x', url, tab: { id: 7 } };
    await handlers['page/detected']({ type: 'page/detected', snapshot }, { sender, tabId: 7 });
    const view: TabView = await handlers['tab/view']({ type: 'tab/view', tabId: 7 }, { sender });
    expect(view.entity?.verdict).toBe('in-crm');
    expect(view.entity?.duplicatesPending).toBeUndefined();
    expect(view.entity?.people[0]?.account?.name).toBe('Transportes Andinos');

    /** what the next pull's pages say, and whether any of them moves the view */
    const pull = async () => {
      changes.length = 0;
      clock.advance(6 * 60_000);
      await service.engine.run({ pull: 'now' });
      const pages = changes.filter((c) => c.kinds);
      return { pages, moves: pages.some((c) => movesWith(['tab-view', 7], view, c)), closing: changes.filter((c) => !c.kinds) };
    };

    // A page of people and deals at another company: nothing the sidebar shows.
    for (let i = 0; i < 30; i++) {
      const c = fake.seed('contacts', { firstname: `Ana ${i}`, lastname: 'Soto', email: `ana${i}@sotomar.es` });
      fake.associate('contacts', c.id, 'companies', sotomar.id);
    }
    const other = fake.seed('deals', { dealname: 'Sotomar 2027', dealstage: 'appointmentscheduled', amount: 5000 });
    fake.associate('deals', other.id, 'companies', sotomar.id);
    const unrelated = await pull();
    expect(unrelated.pages.length).toBeGreaterThan(0);
    expect(unrelated.pages.flatMap((c) => c.kinds)).toEqual(expect.arrayContaining(['person', 'deal']));
    expect(unrelated.moves).toBe(false);
    // whereas Options' connection, progress, outbox and counts follow every page
    for (const c of unrelated.pages) {
      expect(movesWith(['sync', 'status'], undefined, c)).toBe(true);
      expect(movesWith(['sync', 'outbox', 'hubspot'], undefined, c)).toBe(true);
      expect(movesWith(['workspace-status'], { counts: {} }, c)).toBe(true);
      // and the CRM's field list never does
      expect(movesWith(['sync', 'fields', 'hubspot', 'person'], [], c)).toBe(false);
    }
    // New people may be duplicates of any shown record — the matcher's to say: once, at the run's end.
    expect(unrelated.closing).toEqual([{ ids: [] }]);
    expect(movesWith(['tab-view', 7], view, unrelated.closing[0]!)).toBe(true);
    // merged as the broadcaster merges a second of pages, still not the view's
    const event = (c: RecordChange) => ({ type: 'event/entities-changed' as const, ids: [...c.ids], ...(c.kinds ? { kinds: [...c.kinds] } : {}) });
    expect(movesWith(['tab-view', 7], view, unrelated.pages.map(event).reduce(mergeChanges))).toBe(false);

    // The shown contact changes.
    fake.edit('contacts', javier.id, { jobtitle: 'Director de Operaciones' });
    expect((await pull()).moves).toBe(true);

    // Its company changes.
    fake.edit('companies', andinos.id, { name: 'Transportes Andinos S.A.C.' });
    expect((await pull()).moves).toBe(true);

    // A new deal on its company (no id the view names yet: the deal names its account).
    const deal = fake.seed('deals', { dealname: 'Andinos flota 2027', dealstage: 'appointmentscheduled', amount: 12000 });
    fake.associate('deals', deal.id, 'companies', andinos.id);
    const newDeal = await pull();
    expect(newDeal.pages.flatMap((c) => c.kinds)).toContain('deal');
    expect(newDeal.moves).toBe(true);

    // A new contact at its company (the company's people and the committee).
    const colleague = fake.seed('contacts', { firstname: 'Rosa', lastname: 'Quispe', email: 'rquispe@andinos.pe' });
    fake.associate('contacts', colleague.id, 'companies', andinos.id);
    expect((await pull()).moves).toBe(true);
  });
});
