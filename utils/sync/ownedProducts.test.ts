// A customer's owned products from its won deals' lines, through the real engine against the CRM
// fakes (real HTTP, fake-indexeddb): HubSpot line items, Salesforce OpportunityLineItem rows.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { VirtualClock, account, inCrm } from '../../tests/support/sync';
import { mulberry32 } from '../demo/prng';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { SyncService } from './service';

const fakes: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function service(db: Db, clock: VirtualClock) {
  return new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 1000 }, true);
}

/** What the rep entered by hand for this account (never the CRM's to remove). */
const ENTERED = { productId: 'local-onboarding', since: '2025-02-01T00:00:00.000Z', seats: 1 };

describe('owned products from HubSpot line items', () => {
  async function setup() {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`owned-hs-${Math.random()}`);
    const s = await service(db, clock);
    await s.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    return { clock, fake, db, s };
  }
  /** A won deal of the company with one line item of the product. */
  function wonDeal(fake: HubspotFake, companyId: string, closedate: string, line: Record<string, string | number>) {
    const d = fake.seed('deals', { dealname: `Renewal ${closedate}`, dealstage: 'closedwon', closedate, amount: Number(line.amount) });
    fake.associate('deals', d.id, 'companies', companyId);
    const li = fake.seed('line_items', { name: 'Analytics', ...line });
    fake.associate('line_items', li.id, 'deals', d.id);
    return d;
  }

  it('a won deal owns its products with since, seats and ARR; a later won deal is a change; what the rep entered stays', async () => {
    const t = await setup();
    const company = t.fake.seed('companies', { name: 'Iberia Logística', domain: 'iberialogistica.es' });
    const analytics = t.fake.seed('products', { name: 'Analytics', price: 100 });
    const onboarding = t.fake.seed('products', { name: 'Onboarding', price: 9000 });
    // the account as the rep had it, with a product entered by hand
    await putAll(t.db, 'accounts', [account('acc-1', 'Iberia Logística', { ...inCrm('hubspot', 'account', '0-2', company.id), products: [ENTERED] })]);
    wonDeal(t.fake, company.id, '2026-03-01T00:00:00.000Z', { hs_product_id: analytics.id, quantity: 10, amount: 1000, recurringbillingfrequency: 'monthly', hs_recurring_billing_period: 'P12M' });
    const lost = t.fake.seed('deals', { dealname: 'Lost', dealstage: 'closedlost', closedate: '2026-04-01T00:00:00.000Z' });
    t.fake.associate('deals', lost.id, 'companies', company.id);
    const lostLine = t.fake.seed('line_items', { hs_product_id: onboarding.id, quantity: 1, amount: 9000 });
    t.fake.associate('line_items', lostLine.id, 'deals', lost.id);

    await t.s.engine.run({ pull: 'now' });
    const first = (await t.db.get('accounts', 'acc-1'))!;
    expect(first.products).toEqual([ENTERED, { productId: `hubspot-product-${analytics.id}`, since: '2026-03-01', seats: 10, arr: 12000, source: 'crm' }]);
    expect(first.lifecycle).toBe('customer');
    const dealsOf = await t.db.getAllFromIndex('deals', 'byAccount', 'acc-1');
    expect(dealsOf.find((d) => d.stage === 'closed-won')!.lines).toEqual([
      { id: expect.any(String), productId: `hubspot-product-${analytics.id}`, quantity: 10, amount: 1000, billingMonths: 1 },
    ]);

    // six months on, 15 seats at the same price: an expansion of the one product, read incrementally
    t.clock.advance(3_600_000);
    wonDeal(t.fake, company.id, '2026-09-01T00:00:00.000Z', { hs_product_id: analytics.id, quantity: 15, amount: 1500, recurringbillingfrequency: 'monthly' });
    // and a one-off service: owned, without ARR
    const svc = t.fake.seed('products', { name: 'Health check', price: 2000 });
    wonDeal(t.fake, company.id, '2026-10-01T00:00:00.000Z', { hs_product_id: svc.id, quantity: 1, amount: 2000 });
    t.clock.advance(3_600_000);
    await t.s.engine.run({ pull: 'now' });
    const second = (await t.db.get('accounts', 'acc-1'))!;
    expect(second.products).toEqual([
      ENTERED,
      {
        productId: `hubspot-product-${analytics.id}`,
        since: '2026-03-01',
        seats: 15,
        arr: 18000,
        startArr: 12000,
        changes: [{ at: '2026-09-01', arr: 18000, seats: 15 }],
        source: 'crm',
      },
      { productId: `hubspot-product-${svc.id}`, since: '2026-10-01', seats: 1, source: 'crm' },
    ]);
    // nothing changed: nothing written again
    const before = second.updatedAt;
    t.clock.advance(3_600_000);
    await t.s.engine.run({ pull: 'now' });
    expect((await t.db.get('accounts', 'acc-1'))!.updatedAt).toBe(before);
  });
});

describe('owned products from Salesforce opportunity products', () => {
  it('reads Quantity and TotalPrice as the year’s; a second won opportunity is a change; the rep’s entry stays', async () => {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`owned-sf-${Math.random()}`);
    const s = await service(db, clock);
    const acc = fake.insert('Account', { Name: 'Northwind Traders' });
    const product = fake.insert('Product2', { Name: 'Core', Family: 'Platform', IsActive: true });
    await putAll(db, 'accounts', [account('acc-nw', 'Northwind Traders', { ...inCrm('salesforce', 'account', 'Account', String(acc.Id)), products: [ENTERED] })]);
    const opp1 = fake.insert('Opportunity', { Name: 'Northwind 2026', StageName: 'Closed Won', CloseDate: '2026-02-15', Amount: 24000, AccountId: String(acc.Id) });
    fake.insert('OpportunityLineItem', { OpportunityId: String(opp1.Id), Product2Id: String(product.Id), Quantity: 40, UnitPrice: 600 });
    await s.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url });
    await s.engine.run();
    const first = (await db.get('accounts', 'acc-nw'))!;
    expect(first.products).toEqual([ENTERED, { productId: `salesforce-product-${String(product.Id)}`, since: '2026-02-15', seats: 40, arr: 24000, source: 'crm' }]);

    // the renewal, won with fewer seats: a contraction, not a second entry
    clock.advance(3_600_000);
    const opp2 = fake.insert('Opportunity', { Name: 'Northwind 2027', StageName: 'Closed Won', CloseDate: '2027-02-15', Amount: 18000, AccountId: String(acc.Id) });
    fake.insert('OpportunityLineItem', { OpportunityId: String(opp2.Id), Product2Id: String(product.Id), Quantity: 30, UnitPrice: 600 });
    clock.advance(3_600_000);
    await s.engine.run({ pull: 'now' });
    const second = (await db.get('accounts', 'acc-nw'))!;
    expect(second.products).toEqual([
      ENTERED,
      { productId: `salesforce-product-${String(product.Id)}`, since: '2026-02-15', seats: 30, arr: 18000, startArr: 24000, changes: [{ at: '2027-02-15', arr: 18000, seats: 30 }], source: 'crm' },
    ]);
  });
});
