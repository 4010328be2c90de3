// An account's ARR across currencies, through the real engine against each CRM's fake (real HTTP,
// fake-indexeddb): each connector reads its CRM's exchange rates once per pull run, and a won deal in
// another currency is converted into the account's — or, with no rate for it, left out and reported.
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { DynamicsFake } from '../../tests/fakes/dynamics';
import { ZohoFake } from '../../tests/fakes/zoho';
import { VirtualClock, account, inCrm } from '../../tests/support/sync';
import { mulberry32 } from '../demo/prng';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { SyncService } from './service';
import { connectionView, getConnection } from './connections';
import type { CrmSystem } from '../domain/entities';
import { mayMoveOwned } from './pull';

const fakes: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function service(name: string, clock: VirtualClock) {
  const db = await openStore(`fx-${name}-${Math.random()}`);
  // what the engine tells the open surfaces
  const changed: string[][] = [];
  const s = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000, onChange: (ids) => changed.push(ids) }, true);
  return { db, s, changed };
}

/** The connector the engine makes for the stored connection (as a run does). */
async function connectorOf(s: SyncService, db: Db, system: CrmSystem) {
  return s.engine.connectorFor((await getConnection(db, system))!);
}

const arrOf = async (db: Db, id: string) => {
  const a = (await db.get('accounts', id))!;
  return { arr: a.arr, currency: a.currency, arrNotConverted: a.arrNotConverted };
};

describe('HubSpot: the portal’s exchange rates', () => {
  async function setup(options: ConstructorParameters<typeof HubspotFake>[0] = {}, token = 'pat-na1-test') {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now, currencies: { USD: 0.925926, MXN: 0.05102 }, ...options });
    fakes.push(fake);
    await fake.start();
    const { db, s, changed } = await service('hs', clock);
    const company = fake.seed('companies', { name: 'Grupo Andino', domain: 'grupoandino.mx' });
    await putAll(db, 'accounts', [account('acc-ga', 'Grupo Andino', inCrm('hubspot', 'account', '0-2', company.id))]);
    const product = fake.seed('products', { name: 'Analytics', price: 100 });
    const won = (currency: string, closedate: string, amount: number, productId = product.id) => {
      const d = fake.seed('deals', { dealname: `Andino ${currency}`, dealstage: 'closedwon', closedate, amount, deal_currency_code: currency });
      fake.associate('deals', d.id, 'companies', company.id);
      const li = fake.seed('line_items', { name: 'Analytics', hs_product_id: productId, quantity: 10, amount, recurringbillingfrequency: 'annually' });
      fake.associate('line_items', li.id, 'deals', d.id);
    };
    await s.connectToken({ system: 'hubspot', token, baseUrl: fake.url, startSync: false });
    return { clock, fake, db, s, won, company, changed };
  }

  it('converts 100,000 MXN and 10,000 USD into the company currency: one request per run, none without deals', async () => {
    const t = await setup();
    const other = t.fake.seed('products', { name: 'Fleet', price: 50 });
    t.won('MXN', '2026-02-01T00:00:00.000Z', 100_000, other.id);
    t.won('USD', '2026-03-01T00:00:00.000Z', 10_000);
    t.fake.resetCounters();
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    // 100,000 MXN × 0.05102 + 10,000 USD × 0.925926, in EUR (the portal's company currency)
    expect(await arrOf(t.db, 'acc-ga')).toEqual({ arr: 14_361.26, currency: 'EUR', arrNotConverted: undefined });
    expect(t.fake.counters.byRoute['GET /settings/v3/currencies/exchange-rates/current']).toBe(1);

    // the next run reads them again, once (a rate the admin changed counts from then on)
    t.clock.advance(3_600_000);
    t.fake.currencies.USD = 0.9;
    t.won('USD', '2026-04-01T00:00:00.000Z', 1000, t.fake.seed('products', { name: 'Support', price: 10 }).id);
    t.fake.resetCounters();
    await t.s.engine.run({ pull: 'now' });
    expect(t.fake.counters.byRoute['GET /settings/v3/currencies/exchange-rates/current']).toBe(1);
    // 100,000 × 0.05102 + 11,000 × 0.9
    expect(await arrOf(t.db, 'acc-ga')).toMatchObject({ arr: 15_002 });
  });

  it('an admin’s new rate reaches the accounts that go through it at the next hourly read, with no deal changed; the others are not read', async () => {
    const t = await setup({ currencies: { USD: 0.925926, MXN: 0.05 } });
    const other = t.fake.seed('products', { name: 'Fleet', price: 50 });
    t.won('MXN', '2026-02-01T00:00:00.000Z', 100_000, other.id);
    t.won('BRL', '2026-03-01T00:00:00.000Z', 10_000); // no rate for BRL yet
    // an account whose deals are all in its own currency never goes through the rates
    const local = t.fake.seed('companies', { name: 'Lisboa Frio', domain: 'lisboafrio.pt' });
    await putAll(t.db, 'accounts', [account('acc-lf', 'Lisboa Frio', inCrm('hubspot', 'account', '0-2', local.id))]);
    const eur = t.fake.seed('deals', { dealname: 'Lisboa EUR', dealstage: 'closedwon', closedate: '2026-02-01T00:00:00.000Z', amount: 3000, deal_currency_code: 'EUR' });
    t.fake.associate('deals', eur.id, 'companies', local.id);
    const li = t.fake.seed('line_items', { name: 'Analytics', hs_product_id: other.id, quantity: 1, amount: 3000, recurringbillingfrequency: 'annually' });
    t.fake.associate('line_items', li.id, 'deals', eur.id);
    await t.s.engine.run({ pull: 'now' });
    expect(await arrOf(t.db, 'acc-ga')).toEqual({ arr: 5000, currency: 'EUR', arrNotConverted: [{ currency: 'BRL', arr: 10_000 }] });
    expect(await arrOf(t.db, 'acc-lf')).toMatchObject({ arr: 3000, currency: 'EUR' });
    expect((await getConnection(t.db, 'hubspot'))!.ratesAccounts).toEqual(['acc-ga']);

    const run = async () => {
      t.fake.resetCounters();
      t.changed.length = 0;
      expect((await t.s.engine.run({ pull: 'now' })).errors).toEqual([]);
      return t.fake.counters.byRoute['GET /settings/v3/currencies/exchange-rates/current'] ?? 0;
    };
    // (the first incremental run reads the first one's deals again: its cursor's overlap)
    t.clock.advance(6 * 60_000);
    await run();

    // The admin changes MXN and adds BRL; no deal changes.
    t.fake.currencies.MXN = 0.06;
    t.fake.currencies.BRL = 0.2;
    // within the hour: not read again (a run of no deal asks nothing)
    t.clock.advance(30 * 60_000);
    expect(await run()).toBe(0);
    expect((await arrOf(t.db, 'acc-ga')).arr).toBe(5000);
    // past it: read once, and the account follows in the same run — 100,000 × 0.06 + 10,000 × 0.2
    t.clock.advance(31 * 60_000);
    const lfBefore = (await t.db.get('accounts', 'acc-lf'))!.updatedAt;
    expect(await run()).toBe(1);
    expect(await arrOf(t.db, 'acc-ga')).toEqual({ arr: 8000, currency: 'EUR', arrNotConverted: undefined });
    expect(t.changed.flat()).toContain('acc-ga');
    expect((await t.db.get('accounts', 'acc-lf'))!.updatedAt).toBe(lfBefore);
    // the same rates an hour later: read, nothing derived, nothing told
    t.clock.advance(61 * 60_000);
    expect(await run()).toBe(1);
    expect(t.changed.flat()).not.toContain('acc-ga');
  });

  it('a page that cannot move what an account owns does not ask for the rates', () => {
    const cursor = { mode: 'incremental' as const };
    const record = (entity: 'person' | 'deal') => ({ entity, objectType: 'x', crmId: '1', modifiedAt: '2026-01-01T00:00:00Z', fields: {} });
    expect(mayMoveOwned({ records: [record('person')], cursor })).toBe(false);
    expect(mayMoveOwned({ records: [], cursor, users: [] })).toBe(false);
    expect(mayMoveOwned({ records: [record('deal')], cursor })).toBe(true);
    expect(mayMoveOwned({ records: [], cursor, links: [{ dealCrmId: '1' }] })).toBe(true);
    expect(mayMoveOwned({ records: [], cursor, removedLinks: ['l1'] })).toBe(true);
    expect(mayMoveOwned({ records: [], cursor, deletions: [{ entity: 'deal', objectType: 'x', crmId: '1' }] })).toBe(true);
    expect(mayMoveOwned({ records: [], cursor, deletions: [{ entity: 'person', objectType: 'x', crmId: '1' }] })).toBe(false);
  });

  it('a token without settings.currencies.read: no rates, no error; the other currency is left out and reported', async () => {
    const t = await setup({ tokens: { 'pat-no-fx': ALL_SCOPES.filter((x) => x !== 'settings.currencies.read') } }, 'pat-no-fx');
    expect(await (await connectorOf(t.s, t.db, 'hubspot')).readRates!()).toBe('refused');
    const other = t.fake.seed('products', { name: 'Fleet', price: 50 });
    t.won('EUR', '2026-02-01T00:00:00.000Z', 12_000, other.id);
    t.won('MXN', '2026-03-01T00:00:00.000Z', 120_000);
    const report = await t.s.engine.run({ pull: 'now' });
    expect(report.errors).toEqual([]);
    expect((await getConnection(t.db, 'hubspot'))!.status).toBe('connected');
    // mixed, no rates: the company currency (known from the account details) counts, MXN does not
    expect(await arrOf(t.db, 'acc-ga')).toEqual({ arr: 12_000, currency: 'EUR', arrNotConverted: [{ currency: 'MXN', arr: 120_000 }] });
    // and Options says why, since it left something out
    const view = async () => connectionView(t.db, (await getConnection(t.db, 'hubspot'))!, t.clock.now());
    expect(await view()).toMatchObject({ status: 'connected', ratesRefused: true });
    // the scope granted: converted, and Options says nothing any more
    t.fake.tokens.get('pat-no-fx')!.scopes.add('settings.currencies.read');
    t.clock.advance(3_600_000);
    t.won('USD', '2026-04-01T00:00:00.000Z', 1000, t.fake.seed('products', { name: 'Support', price: 10 }).id);
    await t.s.engine.run({ pull: 'now' });
    expect((await arrOf(t.db, 'acc-ga')).arrNotConverted).toBeUndefined();
    expect((await view()).ratesRefused).toBeUndefined();
  });

  it('reads the rates as units per company currency (HubSpot gives the inverse)', async () => {
    const t = await setup({ currencies: { USD: 0.8 } });
    expect(await (await connectorOf(t.s, t.db, 'hubspot')).readRates!()).toEqual({ home: 'EUR', perHome: { EUR: 1, USD: 1.25 } });
  });
});

describe('Salesforce: CurrencyType', () => {
  const currencies = [
    { IsoCode: 'EUR', ConversionRate: 1, IsCorporate: true },
    { IsoCode: 'USD', ConversionRate: 1.08 },
    { IsoCode: 'MXN', ConversionRate: 19.6 },
    { IsoCode: 'BRL', ConversionRate: 6, IsActive: false },
  ];

  it('a multi-currency org: opportunities read in their own currency, converted by the org’s rates in one query', async () => {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now, currencies });
    fakes.push(fake);
    await fake.start();
    const { db, s } = await service('sf', clock);
    const acc = fake.insert('Account', { Name: 'Grupo Andino' });
    const core = fake.insert('Product2', { Name: 'Core', IsActive: true });
    const fleet = fake.insert('Product2', { Name: 'Fleet', IsActive: true });
    await putAll(db, 'accounts', [account('acc-ga', 'Grupo Andino', inCrm('salesforce', 'account', 'Account', String(acc.Id)))]);
    const o1 = fake.insert('Opportunity', { Name: 'Andino MX', StageName: 'Closed Won', CloseDate: '2026-02-01', AccountId: String(acc.Id), CurrencyIsoCode: 'MXN' });
    fake.insert('OpportunityLineItem', { OpportunityId: String(o1.Id), Product2Id: String(core.Id), Quantity: 10, UnitPrice: 10_000 });
    const o2 = fake.insert('Opportunity', { Name: 'Andino US', StageName: 'Closed Won', CloseDate: '2026-03-01', AccountId: String(acc.Id), CurrencyIsoCode: 'USD' });
    fake.insert('OpportunityLineItem', { OpportunityId: String(o2.Id), Product2Id: String(fleet.Id), Quantity: 5, UnitPrice: 2000 });
    // a Brazilian deal: BRL is no longer active, so it has no rate
    const o3 = fake.insert('Opportunity', { Name: 'Andino BR', StageName: 'Closed Won', CloseDate: '2026-04-01', AccountId: String(acc.Id), CurrencyIsoCode: 'BRL' });
    const support = fake.insert('Product2', { Name: 'Support', IsActive: true });
    fake.insert('OpportunityLineItem', { OpportunityId: String(o3.Id), Product2Id: String(support.Id), Quantity: 1, UnitPrice: 30_000 });
    await s.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url, startSync: false });
    expect((await getConnection(db, 'salesforce'))!.fieldMap.deal?.currency).toBe('CurrencyIsoCode');
    fake.resetCounters();
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    const rateQueries = fake.log.filter((l) => l.path.endsWith('/query')).length;
    expect(rateQueries).toBeGreaterThan(0);
    // 100,000 MXN / 19.6 + 10,000 USD / 1.08, in EUR (the corporate currency: the deals are mixed)
    expect(await arrOf(db, 'acc-ga')).toEqual({ arr: 14_361.3, currency: 'EUR', arrNotConverted: [{ currency: 'BRL', arr: 30_000 }] });
    const deals = await db.getAllFromIndex('deals', 'byAccount', 'acc-ga');
    expect(deals.map((d) => d.currency).sort()).toEqual(['BRL', 'MXN', 'USD']);
    expect(await (await connectorOf(s, db, 'salesforce')).readRates!()).toEqual({ home: 'EUR', perHome: { EUR: 1, USD: 1.08, MXN: 19.6 } });
  });

  it('a single-currency org answers INVALID_TYPE: no rates, not an error, and nothing changes', async () => {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const { db, s } = await service('sf1', clock);
    const acc = fake.insert('Account', { Name: 'Northwind' });
    const core = fake.insert('Product2', { Name: 'Core', IsActive: true });
    await putAll(db, 'accounts', [account('acc-nw', 'Northwind', inCrm('salesforce', 'account', 'Account', String(acc.Id)))]);
    const o = fake.insert('Opportunity', { Name: 'Northwind 2026', StageName: 'Closed Won', CloseDate: '2026-02-15', AccountId: String(acc.Id) });
    fake.insert('OpportunityLineItem', { OpportunityId: String(o.Id), Product2Id: String(core.Id), Quantity: 40, UnitPrice: 600 });
    await s.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url, startSync: false });
    const direct = await fetch(`${fake.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType WHERE IsActive = true')}`, { headers: { authorization: 'Bearer 00D-session-token' } });
    expect(direct.status).toBe(400);
    expect(await direct.json()).toEqual([expect.objectContaining({ errorCode: 'INVALID_TYPE' })]);
    expect(await (await connectorOf(s, db, 'salesforce')).readRates!()).toBeUndefined();
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    expect(await arrOf(db, 'acc-nw')).toMatchObject({ arr: 24_000, arrNotConverted: undefined });
  });
});

describe('Dynamics 365: transactioncurrencies', () => {
  it('reuses the currencies the connector reads (their exchangerate): a USD opportunity in a EUR account', async () => {
    const clock = new VirtualClock();
    const fake = new DynamicsFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const { db, s } = await service('dv', clock);
    const acc = fake.insert('account', { name: 'Contoso Iberia' });
    await putAll(db, 'accounts', [account('acc-co', 'Contoso Iberia', { ...inCrm('dynamics', 'account', 'account', String(acc.accountid)), currency: 'EUR' })]);
    const usd = fake.currencyId('USD');
    const gbp = fake.currencyId('GBP');
    const suite = fake.insert('product', { name: 'Suite', productnumber: 'S-1', price: 100 });
    const addon = fake.insert('product', { name: 'Add-on', productnumber: 'A-1', price: 100 });
    const o1 = fake.insert('opportunity', { name: 'Contoso US', statecode: 1, actualclosedate: '2026-03-12', estimatedclosedate: '2026-03-01', _transactioncurrencyid_value: usd, _parentaccountid_value: acc.accountid, '_parentaccountid_value@type': 'account' });
    fake.addLine(String(o1.opportunityid), String(suite.productid), { quantity: 10, priceperunit: 1080 });
    const o2 = fake.insert('opportunity', { name: 'Contoso UK', statecode: 1, actualclosedate: '2026-04-12', estimatedclosedate: '2026-04-01', _transactioncurrencyid_value: gbp, _parentaccountid_value: acc.accountid, '_parentaccountid_value@type': 'account' });
    fake.addLine(String(o2.opportunityid), String(addon.productid), { quantity: 1, priceperunit: 850 });
    await s.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: fake.url, startSync: false });
    fake.resetCounters();
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    // 10,800 USD / 1.08 + 850 GBP / 0.85 in EUR (the account's own currency)
    expect(await arrOf(db, 'acc-co')).toEqual({ arr: 11_000, currency: 'EUR', arrNotConverted: undefined });
    // the currencies read once in the run, for the money columns and the rates alike
    expect(fake.log.filter((l) => l.path.endsWith('/transactioncurrencies')).length).toBe(1);
    expect(await (await connectorOf(s, db, 'dynamics')).readRates!()).toEqual({ home: 'EUR', perHome: { EUR: 1, USD: 1.08, GBP: 0.85 } });
  });
});

describe('Zoho CRM: GET /org/currencies', () => {
  async function setup(options: ConstructorParameters<typeof ZohoFake>[0] = {}) {
    const clock = new VirtualClock();
    const fake = new ZohoFake({ now: clock.now, ...options });
    fakes.push(fake);
    await fake.start();
    const { db, s } = await service('zo', clock);
    const acc = fake.insert('Accounts', { Account_Name: 'Andes Retail' });
    await putAll(db, 'accounts', [account('acc-ar', 'Andes Retail', inCrm('zoho', 'account', 'Accounts', String(acc.id)))]);
    await s.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: fake.url, startSync: false });
    return { clock, fake, db, s, acc };
  }

  it('a multi-currency org: each deal’s order converted into the account’s currency by the org’s rates', async () => {
    const t = await setup({ currencies: ['EUR', 'USD', 'MXN'] });
    const analytics = t.fake.insert('Products', { Product_Name: 'Analytics', Product_Code: 'AN-1', Unit_Price: 100 });
    const fleet = t.fake.insert('Products', { Product_Name: 'Fleet', Product_Code: 'FL-1', Unit_Price: 100 });
    const mx = t.fake.insert('Deals', { Deal_Name: 'Andes MX', Stage: 'Closed Won', Closing_Date: '2026-05-20', Account_Name: String(t.acc.id), Currency: 'MXN', Exchange_Rate: 19.6 });
    t.fake.addSalesOrder(String(mx.id), [{ product: String(analytics.id), quantity: 10, listPrice: 9800 }], { Currency: 'MXN', Exchange_Rate: 19.6 });
    const us = t.fake.insert('Deals', { Deal_Name: 'Andes US', Stage: 'Closed Won', Closing_Date: '2026-06-20', Account_Name: String(t.acc.id), Currency: 'USD', Exchange_Rate: 1.08 });
    t.fake.addSalesOrder(String(us.id), [{ product: String(fleet.id), quantity: 1, listPrice: 1080 }], { Currency: 'USD', Exchange_Rate: 1.08 });
    t.fake.resetCounters();
    expect(await t.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    // 98,000 MXN / 19.6 + 1,080 USD / 1.08 = 5,000 + 1,000 EUR (the org's home currency)
    expect(await arrOf(t.db, 'acc-ar')).toEqual({ arr: 6000, currency: 'EUR', arrNotConverted: undefined });
    expect(t.fake.counters.byRoute['GET /crm/v7/org/currencies']).toBe(1);
  });

  it('an org without multiple currencies answers 204, an old token’s scope mismatch 401: no rates, still signed in', async () => {
    const single = await setup();
    expect(await (await connectorOf(single.s, single.db, 'zoho')).readRates!()).toEqual({ home: 'EUR', perHome: { EUR: 1 } });
    const old = await setup({ currencies: ['EUR', 'USD'], currencyScope: false });
    expect(await (await connectorOf(old.s, old.db, 'zoho')).readRates!()).toBe('refused');
    const deal = old.fake.insert('Deals', { Deal_Name: 'Andes US', Stage: 'Closed Won', Closing_Date: '2026-06-20', Account_Name: String(old.acc.id), Currency: 'USD', Exchange_Rate: 1.08 });
    const fleet = old.fake.insert('Products', { Product_Name: 'Fleet', Product_Code: 'FL-1', Unit_Price: 100 });
    old.fake.addSalesOrder(String(deal.id), [{ product: String(fleet.id), quantity: 1, listPrice: 1080 }], { Currency: 'USD', Exchange_Rate: 1.08 });
    expect(await old.s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    const conn = (await getConnection(old.db, 'zoho'))!;
    expect(conn.status).toBe('connected');
    // one currency on the account: nothing left out, so Options has nothing to say
    expect(await arrOf(old.db, 'acc-ar')).toMatchObject({ currency: 'USD', arr: 1080, arrNotConverted: undefined });
    expect(conn.ratesRefused).toBeUndefined();
  });
});

describe('Pipedrive: no exchange rates in its API', () => {
  it('mixed currencies: the first won deal’s currency counts, the others are left out and reported', async () => {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now, burstLimit: 20 });
    fakes.push(fake);
    await fake.start();
    const { db, s } = await service('pd', clock);
    const org = fake.seed('organizations', { name: 'Andinos Logística' });
    const fleet = fake.seed('products', { name: 'Fleet', prices: [{ price: 50, currency: 'USD' }] });
    const tracking = fake.seed('products', { name: 'Tracking', prices: [{ price: 500, currency: 'MXN' }] });
    await putAll(db, 'accounts', [account('acc-an', 'Andinos Logística', inCrm('pipedrive', 'account', 'organization', String(org.id)))]);
    const d1 = fake.seed('deals', { title: 'Andinos US', currency: 'USD', status: 'won', won_time: '2026-04-30T09:00:00Z', org_id: org.id });
    fake.attachProduct(d1.id, { product_id: fleet.id, item_price: 1000, quantity: 10, billing_frequency: 'annually' });
    const d2 = fake.seed('deals', { title: 'Andinos MX', currency: 'MXN', status: 'won', won_time: '2026-05-30T09:00:00Z', org_id: org.id });
    fake.attachProduct(d2.id, { product_id: tracking.id, item_price: 12_000, quantity: 10, billing_frequency: 'annually' });
    await s.connectToken({ system: 'pipedrive', token: 'pd-api-token-0123456789abcdef', baseUrl: fake.url });
    expect((await connectorOf(s, db, 'pipedrive')).readRates).toBeUndefined();
    expect(await s.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    // never "130,000 USD": 10,000 USD counted, 120,000 MXN left out
    expect(await arrOf(db, 'acc-an')).toEqual({ arr: 10_000, currency: 'USD', arrNotConverted: [{ currency: 'MXN', arr: 120_000 }] });
    const a = (await db.get('accounts', 'acc-an'))!;
    expect(a.products.map((p) => [p.productId, p.seats, p.arr])).toEqual([
      [`pipedrive-product-${fleet.id}`, 10, 10_000],
      [`pipedrive-product-${tracking.id}`, 10, undefined],
    ]);
  });
});
