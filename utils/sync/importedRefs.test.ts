// Ids a CSV import stores beside a record's own: a person imported from a Pipedrive leads export
// also carries the lead's id (objectType 'lead', so the sidebar finds the person on the lead's
// page). The engine never writes to that id as if it were the person's.
import { afterEach, describe, expect, it } from 'vitest';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { openStore } from '../store/db';
import { putAll } from '../store/records';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, person } from '../../tests/support/sync';
import { allEntries, saveLocalEdit } from '../store/outbox';
import { crmKey } from '../domain/entities';

const fakes: PipedriveFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

describe('a person imported with a Pipedrive lead id', () => {
  it('is updated at its person id, never at the lead id, and is not marked deleted', async () => {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now, burstLimit: 20 });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`imported-${Math.random()}`);
    const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
    await service.connectToken({ system: 'pipedrive', token: 'pd-api-token-0123456789abcdef', baseUrl: fake.url });
    await service.engine.run();
    const remote = fake.seed('persons', { first_name: 'Valentina', last_name: 'Rojas' });
    const lead = '0c2d7e14-1b2a-4c3d-9e8f-7a6b5c4d3e2f';
    // the lead's id first, as the import may store it
    const imported = person('import-1', 'Valentina', 'Rojas', {
      kind: 'lead',
      source: 'import',
      crmRefs: [
        { system: 'pipedrive', objectType: 'lead', id: lead },
        { system: 'pipedrive', objectType: 'person', id: String(remote.id) },
      ],
      crmKeys: [crmKey('pipedrive', 'person', lead), crmKey('pipedrive', 'person', String(remote.id))],
    });
    await putAll(db, 'people', [imported]);
    await saveLocalEdit(db, { entity: 'person', localId: 'import-1', kind: 'lead' }, { title: 'Directora Comercial' }, new Date(clock.now()));
    fake.resetCounters();
    await service.engine.run({ pull: 'never' });
    expect(await allEntries(db)).toEqual([]);
    expect(Object.keys(fake.counters.byRoute).some((r) => r.includes(lead))).toBe(false);
    expect((await db.get('people', 'import-1'))!.crmDeleted).toBeUndefined();
  });
});
