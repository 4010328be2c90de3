// The rep's choices for a record deleted in the CRM that Dealside kept for their work: create it
// again in the CRM (fields, BANT answers, links and the refused changes go out, once), or remove it
// from Dealside. Against the Salesforce fake over real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { openStore, type Db } from '../store/db';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer } from '../domain/qualification/qualification';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock } from '../../tests/support/sync';
import { allEntries } from '../store/outbox';
import { SALESFORCE_DELETED_EVERY_MS, salesforceBantField } from './connectors/salesforce';
import { createSyncHandlers } from './handlers';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

async function answer(db: Db, dealId: string, at: Date, status: 'confirmed' | 'partial', amount?: number) {
  await editQualification(db, { entityType: 'deal', entityId: dealId }, at, (q) =>
    applyBantAnswer(q, { letter: 'budget', status, ...(amount !== undefined ? { amount } : {}) }, { by: 'rep', at }),
  );
}

/** A deal the rep qualified, deleted in Salesforce, then edited again: kept, marked, its edit refused. */
async function deletedDeal() {
  const clock = new VirtualClock();
  const fake = new SalesforceFake({ now: clock.now });
  await fake.start();
  stops.push(() => fake.stop());
  const db = await openStore(`deleted-${Math.random()}`);
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(4), timeoutMs: 30_000 }, true);
  const acc = fake.insert('Account', { Name: 'Iberia Logística' });
  const contact = fake.insert('Contact', { FirstName: 'María José', LastName: 'García López', AccountId: acc.Id! });
  const opp = fake.insert('Opportunity', { Name: 'Plataforma 2027', StageName: 'Qualification', CloseDate: '2027-03-31', AccountId: acc.Id!, Amount: 48000 });
  fake.insert('OpportunityContactRole', { OpportunityId: opp.Id!, ContactId: contact.Id! });
  await service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url });
  await service.engine.run({ pull: 'now' });
  const dealId = `salesforce-deal-${opp.Id}`;
  await answer(db, dealId, new Date(clock.now()), 'confirmed', 45000);
  await service.engine.run({ pull: 'never' });
  clock.advance(10 * 60_000);
  fake.remove('Opportunity', opp.Id as string);
  clock.advance(SALESFORCE_DELETED_EVERY_MS);
  await service.engine.run({ pull: 'now' });
  await answer(db, dealId, new Date(clock.now()), 'partial');
  await service.engine.run({ pull: 'never' });
  expect((await db.get('deals', dealId))!.crmDeleted).toMatchObject({ system: 'salesforce' });
  expect(await allEntries(db)).toMatchObject([{ state: 'failed', lastError: { code: 'not-found' } }]);
  return { clock, fake, db, service, dealId, opp, acc, contact };
}

describe('a record deleted in the CRM, kept for the rep’s work', () => {
  it('is created again in Salesforce with its fields, BANT answers and links, and the refused change goes out', async () => {
    const t = await deletedDeal();
    const changed: string[][] = [];
    const handlers = createSyncHandlers({ sync: async () => t.service, broadcast: (e) => e.type === 'event/entities-changed' && changed.push(e.ids) });
    await handlers['sync/deleted-record']({ type: 'sync/deleted-record', entity: 'deal', localId: t.dealId, action: 'recreate' }, {} as never);
    expect(changed).toEqual([[t.dealId]]);
    const now = await t.db.get('deals', t.dealId);
    expect(now!.crmDeleted).toBeUndefined();
    expect(now!.crmRefs.some((r) => r.system === 'salesforce')).toBe(false);
    // the push the handler started, then one more pass: nothing left, one new opportunity
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    const again = t.fake.find('Opportunity', 'Name', 'Plataforma 2027');
    expect(again).toHaveLength(1);
    expect(again[0]!.Id).not.toBe(t.opp.Id);
    expect(again[0]).toMatchObject({ AccountId: t.acc.Id, Amount: 48000, [salesforceBantField('bant.budget.status')]: 'partial', [salesforceBantField('bant.budget.amount')]: 45000 });
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', again[0]!.Id as string)).toHaveLength(1);
    const linked = (await t.db.get('deals', t.dealId))!;
    expect(linked.crmRefs).toEqual([{ system: 'salesforce', objectType: 'Opportunity', id: again[0]!.Id }]);
    // a second pass creates nothing more
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.find('Opportunity', 'Name', 'Plataforma 2027')).toHaveLength(1);
  });

  it('is removed from Dealside on request: record, answers, unsent changes and links to it', async () => {
    const t = await deletedDeal();
    await t.service.resolveDeleted('deal', t.dealId, 'remove');
    expect(await t.db.get('deals', t.dealId)).toBeUndefined();
    expect(await t.db.get('qualifications', t.dealId)).toBeUndefined();
    expect(await allEntries(t.db)).toEqual([]);
    // the contact and the account stay
    expect(await t.db.get('people', `salesforce-person-${t.contact.Id}`)).toBeDefined();
    expect(await t.db.get('accounts', `salesforce-account-${t.acc.Id}`)).toBeDefined();
  });

  it('says so when the record is no longer marked (restored meanwhile), and changes nothing', async () => {
    const t = await deletedDeal();
    t.fake.undelete('Opportunity', t.opp.Id as string);
    t.clock.advance(SALESFORCE_DELETED_EVERY_MS);
    await t.service.engine.run({ pull: 'now' });
    await expect(t.service.resolveDeleted('deal', t.dealId, 'remove')).rejects.toThrow(/not marked as deleted/);
    await expect(t.service.resolveDeleted('deal', t.dealId, 'recreate')).rejects.toThrow(/not marked as deleted/);
    expect(await t.db.get('deals', t.dealId)).toBeDefined();
  });
});
