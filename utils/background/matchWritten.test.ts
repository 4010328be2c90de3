// A pulled page hands the matcher the people and accounts it put, as it put them (MatchChanges
// .written), so an open sidebar's in-memory index follows a first sync without reading each page
// back from IndexedDB (issue #17.2). What it hands over must be what the store holds once the page
// is applied — else the index would match on a stale record — and the index must take it as given.
// Real sync engine against the local HubSpot fake, real store, real match service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { openStore, type Db } from '../store/db';
import { getSetting } from '../store/settings';
import { mulberry32 } from '../demo/prng';
import { SyncService } from '../sync/service';
import type { MatchChanges } from '../sync/apply';
import { VirtualClock, account, person } from '../../tests/support/sync';
import { buildIndexes, createMatchService } from './matchService';
import { findDuplicates, fromPerson } from '../match';
import { putAll } from '../store/records';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});
beforeEach(() => fakeBrowser.reset());

describe('the people and accounts a pulled page put', () => {
  it('come with its changes exactly as the store holds them after the page', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db: Db = await openStore(`match-written-${Math.random()}`);
    const changes: MatchChanges[] = [];
    const service = new SyncService(
      { db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(3), timeoutMs: 30_000, onMatchChanges: (c) => void changes.push(c) },
      true,
    );
    const company = fake.seed('companies', { name: 'Grupo Sotomar', domain: 'sotomar.es' });
    for (const [first, last] of [['Ana Belén', 'Soto'], ['Íñigo', 'Martínez'], ['Sofía', 'Núñez']] as const) {
      const c = fake.seed('contacts', { firstname: first, lastname: last, email: `${first[0]}.${last}@sotomar.es`.toLowerCase(), company: 'Grupo Sotomar' });
      fake.associate('contacts', c.id, 'companies', company.id);
    }
    await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    await service.engine.run({ pull: 'now' });
    // edited and deleted later: a second run's pages
    const more = fake.seed('contacts', { firstname: 'Javier', lastname: 'Romero Díaz', email: 'jromero@andinos.pe' });
    clock.advance(6 * 60_000);
    fake.edit('companies', company.id, { name: 'Grupo Sotomar S.L.' });
    fake.edit('contacts', more.id, { jobtitle: 'Gerente de Logística' });
    await service.engine.run({ pull: 'now' });

    const handed = changes.flatMap((c) => [...(c.written ?? new Map())]);
    expect(handed.length).toBeGreaterThanOrEqual(5); // three contacts, the company, Javier (twice)
    // the last hand-over of each id is what the store holds now
    const last = new Map(handed);
    for (const [id, given] of last) {
      const stored = 'person' in given ? await db.get('people', id) : await db.get('accounts', id);
      expect(stored, id).toEqual('person' in given ? given.person : given.account);
    }
    // every id handed over was named among that page's changed ids
    for (const c of changes) for (const id of c.written?.keys() ?? []) expect(c.ids).toContain(id);
  });

  it('reach the in-memory index as given, with the company the page also put', async () => {
    const db: Db = await openStore(`match-written-given-${Math.random()}`);
    const now = () => new Date('2026-12-07T10:00:00Z');
    const matches = createMatchService(now);
    const index = await matches.indexes(db);
    const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
    // Neither record is in the store: only the hand-over can put them in the index.
    const company = account('acc-sotomar', 'Grupo Sotomar', { domain: 'sotomar.es' });
    const ana = person('p-ana', 'Ana Belén', 'Soto', { emails: ['ana.soto@sotomar.es'], accountId: company.id });
    await matches.refresh(db, {
      ids: [ana.id, company.id],
      generation: { before: generation, after: generation + 1 },
      written: new Map([
        [ana.id, { person: ana }],
        [company.id, { account: company }],
      ]),
    });
    expect(index.people.has(ana.id)).toBe(true);
    expect(index.accounts.has(company.id)).toBe(true);
    // and with her company's name, as a build from the store would have her: the same answer to a
    // lookup by name and company alone (no e-mail to find her by)
    await putAll(db, 'accounts', [company]);
    await putAll(db, 'people', [ana]);
    const built = buildIndexes([ana], [company]);
    const query = fromPerson(person('q', 'Ana Belén', 'Soto'), { name: 'Grupo Sotomar' });
    const answer = findDuplicates(index.people, query);
    expect(answer.map((m) => m.id)).toEqual([ana.id]);
    expect(answer).toEqual(findDuplicates(built.people, query));
  });
});
