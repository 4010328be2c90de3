// A pulled page's records are looked up by CRM id for the whole page at once (apply.ts,
// findAllByCrmId): in one request when few other records lie in the page's range of ids, per id
// when many do. Either way each record lands on the record a lookup by its own id finds — the
// team's record with that id and the smallest local id, never a demo record — and nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { openStore } from '../store/db';
import { putAll } from '../store/records';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, person } from '../../tests/support/sync';
import { crmKey } from '../domain/entities';

const fakes: PipedriveFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

describe("a page's records found by CRM id together", () => {
  for (const crowd of [0, 40]) {
    it(`land on the record a lookup by their own id finds (${crowd} other records in the range of ids)`, async () => {
      const clock = new VirtualClock();
      const fake = new PipedriveFake({ now: clock.now, burstLimit: 20 });
      fakes.push(fake);
      await fake.start();
      const db = await openStore(`page-lookups-${Math.random()}`);
      const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(7), timeoutMs: 30_000 }, true);
      await service.connectToken({ system: 'pipedrive', token: 'pd-api-token-0123456789abcdef', baseUrl: fake.url });
      await service.engine.run();
      const remote = ['Ana', 'Bruno', 'Carmen', 'Diego', 'Elena'].map((first) => fake.seed('persons', { first_name: first, last_name: 'Núñez' }));
      const ids = remote.map((r) => String(r.id)).sort();
      const shared = crmKey('pipedrive', 'person', String(remote[2]!.id));
      const ref = { system: 'pipedrive' as const, objectType: 'person', id: String(remote[2]!.id) };
      await putAll(db, 'people', [
        // the demo's invented id, and two of the team's records with the same CRM id
        person('a-demo', 'Demo', 'Person', { source: 'demo', crmRefs: [ref], crmKeys: [shared] }),
        person('c-import', 'Old', 'Import', { source: 'import', crmRefs: [ref], crmKeys: [shared] }),
        person('b-import', 'Old', 'Import', { source: 'import', crmRefs: [ref], crmKeys: [shared] }),
        // others whose CRM ids sort between the page's first and last (not in the CRM's reply)
        ...Array.from({ length: crowd }, (_, i) => person(`crowd-${i}`, 'Crowd', String(i), { source: 'import', crmKeys: [crmKey('pipedrive', 'person', `${ids[0]}${i}`)] })),
      ]);
      await service.engine.run({ pull: 'now' });
      expect((await db.get('people', 'b-import'))!.firstName).toBe('Carmen');
      expect((await db.get('people', 'c-import'))!.firstName).toBe('Old');
      expect((await db.get('people', 'a-demo'))!.firstName).toBe('Demo');
      expect(await db.get('people', `pipedrive-person-${remote[2]!.id}`)).toBeUndefined();
      for (const r of [remote[0]!, remote[1]!, remote[3]!, remote[4]!]) {
        expect((await db.get('people', `pipedrive-person-${r.id}`))!.firstName).toBe(String(r.first_name));
      }
      for (let i = 0; i < crowd; i++) expect((await db.get('people', `crowd-${i}`))!.firstName).toBe('Crowd');
    });
  }
});
