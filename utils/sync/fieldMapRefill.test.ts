// A CRM field mapped after the first sync (Options → Connections → field mapping) is read on every
// record at the next pull, not only on the records changed since: the kind's streams read again
// from the start. Real engine against the CRM fakes (real HTTP, fake-indexeddb).
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { VirtualClock } from '../../tests/support/sync';
import { mulberry32 } from '../demo/prng';
import { openStore, type Db } from '../store/db';
import { SyncService } from './service';
import { getConnection } from './connections';

const fakes: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

const HOUR = 3_600_000;

async function service(db: Db, clock: VirtualClock) {
  return new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
}

describe('a field mapped after the first sync', () => {
  it('HubSpot: fills the tier of companies that did not change since, and keeps the other kinds’ cursors', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`refill-hs-${Math.random()}`);
    const s = await service(db, clock);
    await s.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    fake.seed('companies', { name: 'Iberia Logística', hs_ideal_customer_profile: 'tier_1' });
    fake.seed('companies', { name: 'Andinos SAC', hs_ideal_customer_profile: 'tier_3' });
    fake.seed('contacts', { firstname: 'Lucía', lastname: 'Pérez', email: 'lucia@iberia.example' });
    await s.engine.run({ pull: 'now' });
    expect((await db.getAll('accounts')).map((a) => a.tier)).toEqual([undefined, undefined]);
    const before = (await getConnection(db, 'hubspot'))!.cursors;

    clock.advance(HOUR);
    await s.setFieldMap('hubspot', 'account', { tier: 'hs_ideal_customer_profile' });
    const after = (await getConnection(db, 'hubspot'))!.cursors;
    expect(after.companies).toBeUndefined();
    expect(after.contacts).toEqual(before.contacts);
    await s.engine.run({ pull: 'now' });
    const tiers = Object.fromEntries((await db.getAll('accounts')).map((a) => [a.name, a.tier]));
    expect(tiers).toEqual({ 'Iberia Logística': 'tier-1', 'Andinos SAC': 'tier-3' });
    expect((await db.getAll('people')).length).toBe(1);

    // mapping it to the same property again, or removing a mapping, reads nothing again
    await s.engine.run({ pull: 'now' });
    const settled = (await getConnection(db, 'hubspot'))!.cursors.companies;
    await s.setFieldMap('hubspot', 'account', { tier: 'hs_ideal_customer_profile', industry: null });
    expect((await getConnection(db, 'hubspot'))!.cursors.companies).toEqual(settled);
  });

  it('Pipedrive: a person field mapped later is read on every person', async () => {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now, burstLimit: 40 });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`refill-pd-${Math.random()}`);
    const s = await service(db, clock);
    const title = fake.addField('persons', 'Cargo', 'varchar');
    fake.seed('persons', { name: 'Jorge Ramírez', emails: [{ value: 'jorge@andinos.example', primary: true }], custom_fields: { [title.key]: 'Director de Compras' } });
    await s.connectToken({ system: 'pipedrive', token: 'pd-api-token-0123456789abcdef', baseUrl: fake.url, startSync: false });
    await s.engine.run({ pull: 'now' });
    const [first] = await db.getAll('people');
    expect(first?.title).toBeUndefined();

    clock.advance(HOUR);
    await s.setFieldMap('pipedrive', 'person', { title: title.key });
    await s.engine.run({ pull: 'now' });
    const [again] = await db.getAll('people');
    expect(again?.title).toBe('Director de Compras');
  });
});
