// A lead's buying-committee role where the CRM's contact roles take contacts only (the connector
// declares it: traits.leadRoles), against the local Zoho CRM fake (real HTTP).
import { afterEach, describe, expect, it } from 'vitest';
import { ZohoFake } from '../../tests/fakes/zoho';
import { openStore } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { allEntries } from '../store/outbox';
import { setRoleOverride } from '../domain/qualification/qualification';
import { crmKey } from '../domain/entities';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, deal, person } from '../../tests/support/sync';

const fakes: ZohoFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

function inZoho(store: 'person' | 'deal', objectType: string, id: string) {
  return { crmRefs: [{ system: 'zoho' as const, objectType, id }], crmKeys: [crmKey('zoho', store, id)] };
}

describe('a lead’s role where contact roles take contacts', () => {
  it('is refused with what to do, and nothing is linked in the CRM', async () => {
    const clock = new VirtualClock();
    const fake = new ZohoFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`lead-roles-${Math.random()}`);
    const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(3), timeoutMs: 30_000 }, true);
    await service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: fake.url, startSync: false });
    await service.engine.run();

    const opp = fake.insert('Deals', { Deal_Name: 'Iberia 2027', Stage: 'Qualification' });
    const lead = fake.insert('Leads', { First_Name: 'Lucía', Last_Name: 'Martín', Company: 'Iberia Analytics' });
    await putAll(db, 'people', [person('p-1', 'Lucía', 'Martín', { ...inZoho('person', 'Leads', String(lead.id)), kind: 'lead' })]);
    await putAll(db, 'deals', [deal('d-1', 'Iberia 2027', { ...inZoho('deal', 'Deals', String(opp.id)), contactIds: ['p-1'] })]);
    const now = new Date(clock.now());
    await editQualification(db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => setRoleOverride(q, 'p-1', 'champion', { by: 'rep-1', at: now }));

    const report = await service.engine.run({ pull: 'never' });
    expect(report).toMatchObject({ pushed: 0, failed: 1 });
    const [entry] = await allEntries(db);
    expect(entry).toMatchObject({ state: 'failed', lastError: { code: 'invalid' } });
    expect(entry!.lastError!.message).toBe('Lucía Martín is a Zoho CRM lead: contact roles take contacts. Convert the lead, then retry.');
    expect([...fake.relationsOf(String(opp.id)).entries()]).toEqual([]);
  });
});
