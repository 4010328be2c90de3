// The SDR's check after a sync: a contact created in HubSpot reaches Dealside with the next pull
// and the duplicate matcher knows it at once (its in-memory index follows the pull, no rebuild), so
// the same person's LinkedIn profile says "in CRM"; a contact deleted in HubSpot stops matching.
// Real sync engine against the local HubSpot fake, real background handlers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { openStore, type Db } from '../store/db';
import { getSetting } from '../store/settings';
import { mulberry32 } from '../demo/prng';
import { SyncService } from '../sync/service';
import { VirtualClock } from '../../tests/support/sync';
import { HUBSPOT_ARCHIVED_EVERY_MS } from '../sync/connectors/hubspot';
import { createHandlers } from './handlers';
import { createMatchService } from './matchService';
import type { PageSnapshot } from '../sites/snapshot';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});
beforeEach(() => fakeBrowser.reset());

const sender = (url: string) => ({ id: 'x', url, tab: { id: 7 } });

const profile = (fullName: string, companyName: string): PageSnapshot => ({
  url: 'https://www.linkedin.com/in/javier-romero-andinos/',
  ref: { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'javier-romero-andinos' },
  entity: { type: 'person', fullName, companyName, title: 'Gerente de Logística' },
  health: { status: 'ok', matched: [], missing: [] },
  takenAt: 1,
});

describe('the duplicate matcher follows the CRM sync', () => {
  it('a contact pulled from HubSpot matches its LinkedIn profile without a rebuild; once deleted there, it does not', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db: Db = await openStore(`sync-matching-${Math.random()}`);
    const now = () => new Date(clock.now());
    const matches = createMatchService(now);
    const service = new SyncService(
      { db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(9), timeoutMs: 30_000, onMatchChanges: (c) => void matches.refresh(db, c) },
      true,
    );
    const handlers = createHandlers({ db: async () => db, now, broadcast: () => {}, matches });
    const view = async (snapshot: PageSnapshot) => {
      await handlers['page/detected']({ type: 'page/detected', snapshot }, { sender: sender(snapshot.url), tabId: 7 });
      return (await handlers['tab/view']({ type: 'tab/view', tabId: 7 }, { sender: sender(snapshot.url) })).entity!;
    };

    fake.seed('contacts', { firstname: 'Ana Belén', lastname: 'Soto', email: 'ana.soto@sotomar.es', company: 'Grupo Sotomar' });
    await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    await service.engine.run({ pull: 'now' });
    const before = await view(profile('Javier Romero Díaz', 'Transportes Andinos'));
    expect(before.verdict).toBe('new');
    const index = await matches.indexes(db);

    // Someone adds him in HubSpot; the next pull brings him, and the matcher knows him at once.
    const javier = fake.seed('contacts', { firstname: 'Javier', lastname: 'Romero Díaz', email: 'jromero@andinos.pe', company: 'Transportes Andinos', jobtitle: 'Gerente de Logística' });
    clock.advance(6 * 60_000);
    await service.engine.run({ pull: 'now' });
    await matches.refresh(db, { ids: [], generation: { before: -1, after: -1 } }); // wait for the queued refreshes
    expect(await matches.indexes(db)).toBe(index); // the same index, caught up, not rebuilt
    const after = await view(profile('Javier Romero Díaz', 'Transportes Andinos'));
    expect(after.people.map((p) => p.fullName)).toContain('Javier Romero Díaz');
    expect(['in-crm', 'possible']).toContain(after.verdict);

    // Deleted in HubSpot: seen by the recycle-bin check, and no longer "in the CRM".
    fake.archive('contacts', javier.id);
    clock.advance(HUBSPOT_ARCHIVED_EVERY_MS + 60_000);
    await service.engine.run({ pull: 'now' });
    await matches.refresh(db, { ids: [], generation: { before: -1, after: -1 } });
    expect(await matches.indexes(db)).toBe(index);
    expect((await view(profile('Javier Romero Díaz', 'Transportes Andinos'))).people.map((p) => p.fullName)).not.toContain('Javier Romero Díaz');

    // A fresh worker does not restore the snapshot saved before these pulls: it rebuilds, and agrees.
    const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
    expect((await getSetting(db, 'matchIndex'))?.generation).not.toBe(generation);
    const fresh = createMatchService(now);
    expect((await fresh.indexes(db)).people.has(`hubspot-person-${javier.id}`)).toBe(false);
    expect((await fresh.indexes(db)).people.count).toBe(index.people.count);
  });
});
