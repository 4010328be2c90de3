// A customer's owned products from its won deals' lines, through the real engine against the CRM
// fakes (real HTTP, fake-indexeddb): HubSpot line items, Salesforce OpportunityLineItem rows.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { DynamicsFake } from '../../tests/fakes/dynamics';
import { ZohoFake } from '../../tests/fakes/zoho';
import { VirtualClock, account, inCrm } from '../../tests/support/sync';
import { mulberry32 } from '../demo/prng';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { SyncService } from './service';
import { dealLinesAfter } from './ownedProducts';

const fakes: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function service(db: Db, clock: VirtualClock) {
  return new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
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
    expect(first).toMatchObject({ lifecycle: 'customer', arr: 12000 });
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
    const generation = (await t.db.get('settings', 'recordsGeneration'))!.value as number;
    await t.s.engine.run({ pull: 'now' });
    const second = (await t.db.get('accounts', 'acc-1'))!;
    // the account's products moved: the book of accounts (built per records generation) is read again
    expect((await t.db.get('settings', 'recordsGeneration'))!.value).toBeGreaterThan(generation);
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
    expect(second.arr).toBe(18000); // the one-off brings no ARR
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

describe('owned products from Pipedrive deal products', () => {
  it('reads a won deal’s products (sum, quantity, billing frequency); a later won deal is a change; the rep’s entry stays', async () => {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now, burstLimit: 20 });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`owned-pd-${Math.random()}`);
    const s = await service(db, clock);
    const org = fake.seed('organizations', { name: 'Andinos Logística' });
    const fleet = fake.seed('products', { name: 'Fleet', prices: [{ price: 50, currency: 'USD' }] });
    const setup = fake.seed('products', { name: 'Set-up', prices: [{ price: 3000, currency: 'USD' }] });
    await putAll(db, 'accounts', [account('acc-an', 'Andinos Logística', { ...inCrm('pipedrive', 'account', 'organization', String(org.id)), products: [ENTERED] })]);
    // won on 30 April, a month after the forecast close date: owned from the day it was won
    const d1 = fake.seed('deals', { title: 'Andinos 2026', currency: 'USD', status: 'won', won_time: '2026-04-30T09:00:00Z', org_id: org.id, expected_close_date: '2026-03-31' });
    fake.attachProduct(d1.id, { product_id: fleet.id, item_price: 50, quantity: 20, billing_frequency: 'monthly', billing_frequency_cycles: 12 });
    fake.attachProduct(d1.id, { product_id: setup.id, item_price: 3000, quantity: 1 });
    // an open deal's products are not read: it owns nothing yet
    const open = fake.seed('deals', { title: 'Andinos add-on', currency: 'USD', status: 'open', org_id: org.id, expected_close_date: '2027-01-31' });
    fake.attachProduct(open.id, { product_id: fleet.id, item_price: 50, quantity: 99, billing_frequency: 'monthly' });
    await s.connectToken({ system: 'pipedrive', token: 'pd-api-token-0123456789abcdef', baseUrl: fake.url });
    await s.engine.run();
    const first = (await db.get('accounts', 'acc-an'))!;
    expect(first.products).toEqual([
      ENTERED,
      { productId: `pipedrive-product-${fleet.id}`, since: '2026-04-30', seats: 20, arr: 12000, source: 'crm' },
      { productId: `pipedrive-product-${setup.id}`, since: '2026-04-30', seats: 1, source: 'crm' },
    ]);
    expect(first.lifecycle).toBe('customer');
    expect(fake.counters.byRoute['GET /api/v2/deals/products']).toBe(1);

    // the add-on is won with 30 vehicles at a 10 % discount, billed quarterly: the fleet's new level
    clock.advance(3_600_000);
    // won on 20 November (v1's time format, which v2 answers too for older deals)
    Object.assign(fake.objects.deals.get(open.id)!, { status: 'won', won_time: '2026-11-20 15:00:00' });
    for (const p of [...fake.dealProducts.values()].filter((x) => x.deal_id === open.id)) fake.dealProducts.delete(p.id);
    fake.attachProduct(open.id, { product_id: fleet.id, item_price: 150, quantity: 30, discount: 10, billing_frequency: 'quarterly' });
    clock.advance(3_600_000);
    await s.engine.run({ pull: 'now' });
    const second = (await db.get('accounts', 'acc-an'))!;
    expect(second.products).toEqual([
      ENTERED,
      {
        productId: `pipedrive-product-${fleet.id}`,
        since: '2026-04-30',
        seats: 30,
        arr: 16200, // 150 × 30 × 0.9 a quarter
        startArr: 12000,
        changes: [{ at: '2026-11-20', arr: 16200, seats: 30 }],
        source: 'crm',
      },
      { productId: `pipedrive-product-${setup.id}`, since: '2026-04-30', seats: 1, source: 'crm' },
    ]);
  });

  it('refuses more than 100 deals in one call and answers one deal’s products, as Pipedrive does', async () => {
    const fake = new PipedriveFake();
    fakes.push(fake);
    await fake.start();
    const auth = { headers: { 'x-api-token': 'pd-api-token-0123456789abcdef' } };
    const d = fake.seed('deals', { title: 'One', status: 'won' });
    fake.attachProduct(d.id, { product_id: 7, item_price: 10, quantity: 2, billing_frequency: 'annually' });
    const many = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    const tooMany = await fetch(`${fake.url}/api/v2/deals/products?deal_ids=${many}`, auth);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ success: false });
    const one = await (await fetch(`${fake.url}/api/v2/deals/${d.id}/products`, auth)).json();
    expect(one.data).toEqual([expect.objectContaining({ deal_id: d.id, product_id: 7, quantity: 2, sum: 20, billing_frequency: 'annually' })]);
    expect((await fetch(`${fake.url}/api/v2/deals/999999/products`, auth)).status).toBe(404);
  });
});

describe('owned products from Dynamics 365 opportunity products', () => {
  it('reads a won opportunity’s lines in its own currency, owned from its actual close date; a changed line moves the level; a deleted line ends the product', async () => {
    const clock = new VirtualClock();
    const fake = new DynamicsFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`owned-dv-${Math.random()}`);
    const s = await service(db, clock);
    const acc = fake.insert('account', { name: 'Contoso Pharmaceuticals' });
    const usd = fake.currencyId('USD');
    const suite = fake.insert('product', { name: 'Field Service Suite', productnumber: 'FSS-1', price: 120, _transactioncurrencyid_value: usd });
    const training = fake.insert('product', { name: 'Training day', productnumber: 'TRN-1', price: 1500 });
    await putAll(db, 'accounts', [account('acc-co', 'Contoso Pharmaceuticals', { ...inCrm('dynamics', 'account', 'account', String(acc.accountid)), products: [ENTERED] })]);
    // won on 12 March in US dollars; forecast for the end of February
    const opp = fake.insert('opportunity', { name: 'Contoso 2026', estimatedvalue: 30000, estimatedclosedate: '2026-02-28', statecode: 1, actualclosedate: '2026-03-12', _transactioncurrencyid_value: usd, _parentaccountid_value: acc.accountid, '_parentaccountid_value@type': 'account' });
    const line = fake.addLine(String(opp.opportunityid), String(suite.productid), { quantity: 20, priceperunit: 120, manualdiscountamount: 400, tax: 200 });
    fake.addLine(String(opp.opportunityid), String(training.productid), { quantity: 2, priceperunit: 1500 });
    // a write-in product is not the catalogue's: not owned
    fake.addLine(String(opp.opportunityid), null, { quantity: 1, priceperunit: 99, productdescription: 'Custom report' });
    // an open opportunity's lines are read but own nothing
    const open = fake.insert('opportunity', { name: 'Contoso add-on', estimatedclosedate: '2026-09-30', _parentaccountid_value: acc.accountid, '_parentaccountid_value@type': 'account' });
    fake.addLine(String(open.opportunityid), String(suite.productid), { quantity: 99, priceperunit: 120 });
    await s.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: fake.url, startSync: false });
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });

    const suiteId = `dynamics-product-${String(suite.productid)}`;
    const trainingId = `dynamics-product-${String(training.productid)}`;
    const first = (await db.get('accounts', 'acc-co'))!;
    expect(first.products).toEqual([
      ENTERED,
      // 20 × 120 − 400 (the tax left out): read as the year's
      { productId: suiteId, since: '2026-03-12', seats: 20, arr: 2000, source: 'crm' },
      { productId: trainingId, since: '2026-03-12', seats: 2, arr: 3000, source: 'crm' },
    ].sort((a, b) => (a.productId === ENTERED.productId ? -1 : b.productId === ENTERED.productId ? 1 : a.productId < b.productId ? -1 : 1)));
    expect(first).toMatchObject({ lifecycle: 'customer', currency: 'USD', arr: 5000 });
    const won = (await db.get('deals', `dynamics-deal-${String(opp.opportunityid)}`))!;
    expect(won).toMatchObject({ stage: 'closed-won', currency: 'USD', amount: 30000, closeDate: '2026-02-28', closedAt: '2026-03-12' });
    // the catalogue, with each price's currency (the organization's base currency when none is set)
    expect(await db.get('products', suiteId)).toMatchObject({ name: 'Field Service Suite', listPrice: 120, currency: 'USD', source: 'crm' });
    expect(await db.get('products', trainingId)).toMatchObject({ name: 'Training day', listPrice: 1500, currency: 'EUR' });

    // 25 seats now: the line changed in Dynamics comes through the delta
    clock.advance(3_600_000);
    fake.change('opportunityproduct', String(line.opportunityproductid), { quantity: 25, manualdiscountamount: 0, tax: 0 });
    clock.advance(3_600_000);
    await s.engine.run({ pull: 'now' });
    expect((await db.get('accounts', 'acc-co'))!.products.find((p) => p.productId === suiteId)).toEqual({ productId: suiteId, since: '2026-03-12', seats: 25, arr: 3000, source: 'crm' });

    // the training line is deleted in Dynamics (the delta says only its id): no longer owned
    clock.advance(3_600_000);
    const trainingLine = fake.find('opportunityproduct', '_productid_value', training.productid).find((l) => l._opportunityid_value === opp.opportunityid)!;
    fake.remove('opportunityproduct', String(trainingLine.opportunityproductid));
    clock.advance(3_600_000);
    const report = await s.engine.run({ pull: 'now' });
    expect(report.errors).toEqual([]);
    const after = (await db.get('accounts', 'acc-co'))!;
    expect(after.products.map((p) => p.productId)).toEqual([ENTERED.productId, suiteId]);
    expect(after.arr).toBe(3000);
    const deal = (await db.get('deals', `dynamics-deal-${String(opp.opportunityid)}`))!;
    expect(deal.lines!.map((l) => l.productId)).toEqual([suiteId]);
    expect(deal.productIds).toEqual([suiteId]);
  });
});

describe('owned products from Dynamics 365 sales orders', () => {
  async function setup(options: ConstructorParameters<typeof DynamicsFake>[0] = {}) {
    const clock = new VirtualClock();
    const fake = new DynamicsFake({ now: clock.now, ...options });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`owned-dvo-${Math.random()}`);
    const s = await service(db, clock);
    const acc = fake.insert('account', { name: 'Contoso Pharmaceuticals' });
    const suite = fake.insert('product', { name: 'Field Service Suite', productnumber: 'FSS-1', price: 120 });
    const training = fake.insert('product', { name: 'Training day', productnumber: 'TRN-1', price: 1500 });
    await putAll(db, 'accounts', [account('acc-co', 'Contoso Pharmaceuticals', { ...inCrm('dynamics', 'account', 'account', String(acc.accountid)), products: [ENTERED] })]);
    const owned = async () => Object.fromEntries((await db.get('accounts', 'acc-co'))!.products.filter((p) => p.source === 'crm').map((p) => [p.productId, p]));
    const ids = { suite: `dynamics-product-${String(suite.productid)}`, training: `dynamics-product-${String(training.productid)}` };
    const wonOpp = (name: string, values: Record<string, unknown> = {}) =>
      fake.insert('opportunity', { name, statecode: 1, actualclosedate: '2026-03-12', estimatedclosedate: '2026-03-31', _parentaccountid_value: acc.accountid, '_parentaccountid_value@type': 'account', ...values });
    return { clock, fake, db, s, suite, training, owned, ids, wonOpp };
  }

  it('an order of a won opportunity is what it owns (its own products not counted twice); a line changed, a line deleted, the order deleted', async () => {
    const t = await setup();
    const opp = t.wonOpp('Contoso 2026');
    // the opportunity's products (the forecast) and the order made from it: 20 seats, not 40
    t.fake.addLine(String(opp.opportunityid), String(t.suite.productid), { quantity: 20, priceperunit: 120 });
    const { order, lines } = t.fake.addOrder(String(opp.opportunityid), [
      { product: String(t.suite.productid), quantity: 20, priceperunit: 120, manualdiscountamount: 400, tax: 200 },
      { product: String(t.training.productid), quantity: 2, priceperunit: 1500 },
      // a write-in product is not the catalogue's: not owned
      { product: null, quantity: 1, priceperunit: 99 },
    ]);
    // an order of no opportunity is no deal's
    t.fake.addOrder(null, [{ product: String(t.suite.productid), quantity: 500, priceperunit: 120 }]);
    await t.s.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect(await t.owned()).toEqual({
      // 20 × 120 − 400 (the tax left out): the order's line, read as the year's
      [t.ids.suite]: { productId: t.ids.suite, since: '2026-03-12', seats: 20, arr: 2000, source: 'crm' },
      [t.ids.training]: { productId: t.ids.training, since: '2026-03-12', seats: 2, arr: 3000, source: 'crm' },
    });
    expect((await t.db.get('accounts', 'acc-co'))!.products[0]).toEqual(ENTERED);
    const dealId = `dynamics-deal-${String(opp.opportunityid)}`;
    const orderId = String(order.salesorderid);
    expect((await t.db.get('deals', dealId))!.lines!.filter((l) => l.ordered).map((l) => l.id).sort()).toEqual([`${orderId}/${String(lines[0]!.salesorderdetailid)}`, `${orderId}/${String(lines[1]!.salesorderdetailid)}`].sort());

    // 25 seats now: the line changes, the order's totals with it, and the order comes through its delta
    t.clock.advance(3_600_000);
    t.fake.change('salesorderdetail', String(lines[0]!.salesorderdetailid), { quantity: 25, manualdiscountamount: 0, tax: 0 });
    t.clock.advance(3_600_000);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect((await t.owned())[t.ids.suite]).toEqual({ productId: t.ids.suite, since: '2026-03-12', seats: 25, arr: 3000, source: 'crm' });

    // the training line is deleted from the order: no longer owned
    t.clock.advance(3_600_000);
    t.fake.remove('salesorderdetail', String(lines[1]!.salesorderdetailid));
    t.clock.advance(3_600_000);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect(Object.keys(await t.owned())).toEqual([t.ids.suite]);

    // the order is deleted (the delta says only its id): the opportunity's own products count again
    t.clock.advance(3_600_000);
    t.fake.remove('salesorder', orderId);
    t.clock.advance(3_600_000);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect(await t.owned()).toEqual({ [t.ids.suite]: { productId: t.ids.suite, since: '2026-03-12', seats: 20, arr: 2400, source: 'crm' } });
    expect((await t.db.get('deals', dealId))!.lines!.some((l) => l.ordered)).toBe(false);
    expect((await t.db.get('accounts', 'acc-co'))!.arr).toBe(2400);
  });

  it('without the system’s price calculation a line changes alone: read through its own delta, a deleted line by its id', async () => {
    const t = await setup({ systemPricing: false });
    const opp = t.wonOpp('Contoso 2026');
    const { order, lines } = t.fake.addOrder(String(opp.opportunityid), [
      { product: String(t.suite.productid), quantity: 20, priceperunit: 120 },
      { product: String(t.training.productid), quantity: 2, priceperunit: 1500 },
    ]);
    await t.s.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect((await t.owned())[t.ids.suite]).toMatchObject({ seats: 20, arr: 2400 });
    const orderVersion = order.versionnumber;

    t.clock.advance(3_600_000);
    t.fake.change('salesorderdetail', String(lines[0]!.salesorderdetailid), { quantity: 30 });
    t.fake.addOrderLine(String(order.salesorderid), String(t.suite.productid), { quantity: 5, priceperunit: 100 });
    t.fake.remove('salesorderdetail', String(lines[1]!.salesorderdetailid));
    expect(t.fake.tables.salesorder.get(String(order.salesorderid))!.versionnumber).toBe(orderVersion);
    t.clock.advance(3_600_000);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    // 30 × 120 + 5 × 100 on the one product; the training line gone
    expect(await t.owned()).toEqual({ [t.ids.suite]: { productId: t.ids.suite, since: '2026-03-12', seats: 35, arr: 4100, source: 'crm' } });
  });

  it('an order in another currency is converted to its opportunity’s by their exchange rates; a cancelled order owns nothing', async () => {
    const t = await setup();
    // the opportunity in euros (the base currency), its order in US dollars (1.08 to the euro)
    const opp = t.wonOpp('Contoso EU');
    const { order } = t.fake.addOrder(String(opp.opportunityid), [{ product: String(t.suite.productid), quantity: 10, priceperunit: 108 }], { _transactioncurrencyid_value: t.fake.currencyId('USD'), '_transactioncurrencyid_value@type': 'transactioncurrency' });
    // a second won opportunity whose only order is cancelled: its own products count
    const other = t.wonOpp('Contoso training', { actualclosedate: '2026-04-01' });
    t.fake.addLine(String(other.opportunityid), String(t.training.productid), { quantity: 1, priceperunit: 1500 });
    const cancelled = t.fake.addOrder(String(other.opportunityid), [{ product: String(t.training.productid), quantity: 3, priceperunit: 1500 }]);
    await t.s.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect(String(order._transactioncurrencyid_value)).not.toBe(String(opp._transactioncurrencyid_value));
    expect((await t.db.get('deals', `dynamics-deal-${String(opp.opportunityid)}`))!.currency).toBe('EUR');
    // 10 × 108 USD = 1,080 USD = 1,000 EUR
    expect((await t.owned())[t.ids.suite]).toEqual({ productId: t.ids.suite, since: '2026-03-12', seats: 10, arr: 1000, source: 'crm' });
    expect((await t.owned())[t.ids.training]).toMatchObject({ seats: 3, arr: 4500 });

    t.clock.advance(3_600_000);
    t.fake.change('salesorder', String(cancelled.order.salesorderid), { statecode: 2, statuscode: 4 });
    t.clock.advance(3_600_000);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect((await t.owned())[t.ids.training]).toEqual({ productId: t.ids.training, since: '2026-04-01', seats: 1, arr: 1500, source: 'crm' });
  });
  it('orders in an org that does not track their changes: connect says so, and they are read by modification time', async () => {
    const t = await setup({ untracked: ['salesorder', 'salesorderdetail'] });
    const opp = t.wonOpp('Contoso 2026');
    const { lines } = t.fake.addOrder(String(opp.opportunityid), [{ product: String(t.suite.productid), quantity: 20, priceperunit: 120 }]);
    await t.s.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    expect((await t.s.status()).connections[0]!.message).toMatch(/Change tracking is off for salesorder, salesorderdetail: .*An admin can turn on "Track changes"/);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect((await t.owned())[t.ids.suite]).toMatchObject({ seats: 20, arr: 2400 });
    t.clock.advance(3_600_000);
    t.fake.change('salesorderdetail', String(lines[0]!.salesorderdetailid), { quantity: 25 });
    t.clock.advance(3_600_000);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect((await t.owned())[t.ids.suite]).toMatchObject({ seats: 25, arr: 3000 });
  });

  it('an order moved to another opportunity in Dynamics leaves the first: owned once, by the account of the deal it is on now', async () => {
    const t = await setup();
    const other = t.fake.insert('account', { name: 'Fabrikam Farma' });
    await putAll(t.db, 'accounts', [account('acc-fa', 'Fabrikam Farma', inCrm('dynamics', 'account', 'account', String(other.accountid)))]);
    const first = t.wonOpp('Contoso 2026');
    const { order } = t.fake.addOrder(String(first.opportunityid), [{ product: String(t.suite.productid), quantity: 20, priceperunit: 120 }]);
    const second = t.wonOpp('Fabrikam 2026', { _parentaccountid_value: other.accountid, actualclosedate: '2026-04-02' });
    await t.s.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect((await t.owned())[t.ids.suite]).toMatchObject({ seats: 20, arr: 2400 });

    // the order was raised on the wrong opportunity: moved to Fabrikam's (no deletion is reported)
    t.clock.advance(3_600_000);
    t.fake.change('salesorder', String(order.salesorderid), { _opportunityid_value: second.opportunityid });
    t.clock.advance(3_600_000);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    const [was, now] = [await t.db.get('deals', `dynamics-deal-${String(first.opportunityid)}`), await t.db.get('deals', `dynamics-deal-${String(second.opportunityid)}`)];
    expect(was!.lines ?? []).toEqual([]);
    expect(was!.crmKeys.some((k) => k.includes(String(order.salesorderid)))).toBe(false);
    expect(now!.lines!.map((l) => l.id.split('/')[0])).toEqual([String(order.salesorderid)]);
    expect(await t.owned()).toEqual({});
    expect((await t.db.get('accounts', 'acc-co'))!.arr).toBe(0);
    const fabrikam = (await t.db.get('accounts', 'acc-fa'))!;
    expect(fabrikam.products).toEqual([{ productId: t.ids.suite, since: '2026-04-02', seats: 20, arr: 2400, source: 'crm' }]);
    expect(fabrikam.arr).toBe(2400);

    // deleted later: it leaves the deal it is on now
    t.clock.advance(3_600_000);
    t.fake.remove('salesorder', String(order.salesorderid));
    t.clock.advance(3_600_000);
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect((await t.db.get('accounts', 'acc-fa'))!.products).toEqual([]);
  });
});

describe('owned products from Zoho CRM sales orders', () => {
  it('reads a won deal’s sales order items; an order changed replaces its own items; a deleted order ends what it brought', async () => {
    const clock = new VirtualClock();
    const fake = new ZohoFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`owned-zo-${Math.random()}`);
    const s = await service(db, clock);
    const acc = fake.insert('Accounts', { Account_Name: 'Andes Retail' });
    const analytics = fake.insert('Products', { Product_Name: 'Analytics Cloud', Product_Code: 'AN-1', Unit_Price: 100 });
    const onboarding = fake.insert('Products', { Product_Name: 'Onboarding', Product_Code: 'ON-1', Unit_Price: 2000 });
    await putAll(db, 'accounts', [account('acc-ar', 'Andes Retail', { ...inCrm('zoho', 'account', 'Accounts', String(acc.id)), products: [ENTERED] })]);
    const won = fake.insert('Deals', { Deal_Name: 'Andes 2026', Stage: 'Closed Won', Closing_Date: '2026-05-20', Amount: 2900, Account_Name: String(acc.id) });
    const order = fake.addSalesOrder(String(won.id), [
      { product: String(analytics.id), quantity: 10, listPrice: 100, discount: 100, tax: 50 },
      { product: String(onboarding.id), quantity: 1, listPrice: 2000 },
    ]);
    // a second order of the same deal: its items stay when the first changes
    const extra = fake.insert('Products', { Product_Name: 'Support Plus', Product_Code: 'SP-1', Unit_Price: 500 });
    fake.addSalesOrder(String(won.id), [{ product: String(extra.id), quantity: 1, listPrice: 500 }]);
    // an open deal's order owns nothing yet
    const open = fake.insert('Deals', { Deal_Name: 'Andes add-on', Stage: 'Negotiation/Review', Closing_Date: '2026-12-01', Account_Name: String(acc.id) });
    fake.addSalesOrder(String(open.id), [{ product: String(analytics.id), quantity: 50, listPrice: 100 }]);
    await s.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: fake.url, startSync: false });
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });

    const [an, on, sp] = [analytics, onboarding, extra].map((p) => `zoho-product-${String(p.id)}`) as [string, string, string];
    const owned = async () => (await db.get('accounts', 'acc-ar'))!.products.filter((p) => p.source === 'crm').sort((a, b) => (a.productId < b.productId ? -1 : 1));
    const byId = (list: Array<{ productId: string }>) => Object.fromEntries(list.map((p) => [p.productId, p]));
    // 10 × 100 − 100 (the tax left out), read as the year's
    expect(byId(await owned())).toEqual({
      [an]: { productId: an, since: '2026-05-20', seats: 10, arr: 900, source: 'crm' },
      [on]: { productId: on, since: '2026-05-20', seats: 1, arr: 2000, source: 'crm' },
      [sp]: { productId: sp, since: '2026-05-20', seats: 1, arr: 500, source: 'crm' },
    });
    expect((await db.get('accounts', 'acc-ar'))!.products[0]).toEqual(ENTERED);
    expect(await db.get('products', an)).toMatchObject({ name: 'Analytics Cloud', listPrice: 100, currency: 'EUR' });

    // the order is changed in Zoho: 12 seats, the onboarding item removed
    clock.advance(3_600_000);
    fake.change('Sales_Orders', String(order.id), { Ordered_Items: [fake.orderItem({ product: String(analytics.id), quantity: 12, listPrice: 100, discount: 100 })] });
    clock.advance(3_600_000);
    await s.engine.run({ pull: 'now' });
    expect(byId(await owned())).toEqual({
      [an]: { productId: an, since: '2026-05-20', seats: 12, arr: 1100, source: 'crm' },
      [sp]: { productId: sp, since: '2026-05-20', seats: 1, arr: 500, source: 'crm' },
    });

    // the order is deleted (the recycle bin says only its id): what it brought is no longer owned
    clock.advance(3_600_000);
    fake.remove('Sales_Orders', String(order.id));
    clock.advance(3_600_000);
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect(byId(await owned())).toEqual({ [sp]: { productId: sp, since: '2026-05-20', seats: 1, arr: 500, source: 'crm' } });
    expect((await db.get('accounts', 'acc-ar'))!.arr).toBe(500);
  });

  it('a sales order moved to another deal in Zoho leaves the first deal', async () => {
    const clock = new VirtualClock();
    const fake = new ZohoFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`owned-zo-move-${Math.random()}`);
    const s = await service(db, clock);
    const acc = fake.insert('Accounts', { Account_Name: 'Andes Retail' });
    const analytics = fake.insert('Products', { Product_Name: 'Analytics Cloud', Product_Code: 'AN-1', Unit_Price: 100 });
    await putAll(db, 'accounts', [account('acc-ar', 'Andes Retail', inCrm('zoho', 'account', 'Accounts', String(acc.id)))]);
    const first = fake.insert('Deals', { Deal_Name: 'Andes 2026', Stage: 'Closed Won', Closing_Date: '2026-05-20', Account_Name: String(acc.id) });
    const second = fake.insert('Deals', { Deal_Name: 'Andes Perú 2026', Stage: 'Closed Won', Closing_Date: '2026-06-15', Account_Name: String(acc.id) });
    const order = fake.addSalesOrder(String(first.id), [{ product: String(analytics.id), quantity: 10, listPrice: 100 }]);
    await s.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: fake.url, startSync: false });
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    const an = `zoho-product-${String(analytics.id)}`;
    expect((await db.get('accounts', 'acc-ar'))!.products).toEqual([{ productId: an, since: '2026-05-20', seats: 10, arr: 1000, source: 'crm' }]);

    clock.advance(3_600_000);
    fake.change('Sales_Orders', String(order.id), { Deal_Name: { name: 'Andes Perú 2026', id: String(second.id) } });
    clock.advance(3_600_000);
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect((await db.get('deals', `zoho-deal-${String(first.id)}`))!.lines ?? []).toEqual([]);
    expect((await db.get('deals', `zoho-deal-${String(second.id)}`))!.lines).toHaveLength(1);
    // owned once, from the deal it is on now
    expect((await db.get('accounts', 'acc-ar'))!.products).toEqual([{ productId: an, since: '2026-06-15', seats: 10, arr: 1000, source: 'crm' }]);
  });
});

describe('a deal’s lines after a read', () => {
  const l = (id: string, amount: number) => ({ id, productId: 'p', amount });
  it.each([
    ['a line read again as it was changes nothing, in place', [l('a', 1), l('b', 2)], [l('a', 1)], false, [l('a', 1), l('b', 2)]],
    ['a changed line replaces ours where it was', [l('a', 1), l('b', 2)], [l('a', 5)], false, [l('a', 5), l('b', 2)]],
    ['a new line is added', [l('a', 1)], [l('c', 3)], false, [l('a', 1), l('c', 3)]],
    ['all the deal’s lines read: they are its lines', [l('a', 1), l('b', 2)], [l('c', 3)], true, [l('c', 3)]],
    ['a group’s lines read: they replace that group’s only', [l('o1/a', 1), l('o1/b', 2), l('o2/c', 3)], [l('o1/a', 4)], { group: 'o1' }, [l('o2/c', 3), l('o1/a', 4)]],
  ])('%s', (_, current, read, replace, expected) => {
    expect(dealLinesAfter(current, read, replace)).toEqual(expected);
  });
});
