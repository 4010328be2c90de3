// The account plan's data from the CRMs (issue #18.6), through the real engine against the CRM fakes
// (real HTTP, fake-indexeddb): the deal type telling add-ons from renewals, lines deleted in the CRM,
// Salesforce's billing period, Pipedrive's organization relationships, and the ABM tier and marketing
// owner from mapped fields; the account plan's edits as notes on the account.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { VirtualClock, account, inCrm } from '../../tests/support/sync';
import { mulberry32 } from '../demo/prng';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { saveLocalEdit } from '../store/outbox';
import { accountRetention } from '../domain/account/retention';
import { SyncService } from './service';
import { editAccountPlanToCrm } from './accountPlanNotes';

const fakes: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function service(db: Db, clock: VirtualClock) {
  return new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000 }, true);
}

const HOUR = 3_600_000;

describe('Salesforce: Opportunity.Type, the billing period, deleted opportunity products', () => {
  it('an upgrade adds to what is owned, a monthly product is ×12, a one-time one has no ARR, a deleted line ends what it sold', async () => {
    const clock = new VirtualClock();
    // the org keeps the billing period on the product (a custom picklist an admin added)
    const fake = new SalesforceFake({ now: clock.now, customFields: { Product2: [{ name: 'Billing_Period__c', label: 'Billing Period', values: ['Monthly', 'Quarterly', 'Annual', 'One-Time'] }] } });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`plan-sf-${Math.random()}`);
    const s = await service(db, clock);
    const acc = fake.insert('Account', { Name: 'Northwind Traders' });
    const core = fake.insert('Product2', { Name: 'Core', IsActive: true, Billing_Period__c: 'Monthly' });
    const onboarding = fake.insert('Product2', { Name: 'Onboarding', IsActive: true, Billing_Period__c: 'One-Time' });
    await putAll(db, 'accounts', [account('acc-nw', 'Northwind Traders', inCrm('salesforce', 'account', 'Account', String(acc.Id)))]);
    const opp1 = fake.insert('Opportunity', { Name: 'Northwind 2026', StageName: 'Closed Won', CloseDate: '2026-02-15', Type: 'New Customer', AccountId: String(acc.Id) });
    fake.insert('OpportunityLineItem', { OpportunityId: String(opp1.Id), Product2Id: String(core.Id), Quantity: 10, UnitPrice: 100 });
    fake.insert('OpportunityLineItem', { OpportunityId: String(opp1.Id), Product2Id: String(onboarding.Id), Quantity: 1, UnitPrice: 5000 });
    // five more seats, sold as an upgrade mid-term
    const opp2 = fake.insert('Opportunity', { Name: 'Northwind +5', StageName: 'Closed Won', CloseDate: '2026-06-01', Type: 'Existing Customer - Upgrade', AccountId: String(acc.Id) });
    const upgradeLine = fake.insert('OpportunityLineItem', { OpportunityId: String(opp2.Id), Product2Id: String(core.Id), Quantity: 5, UnitPrice: 100 });
    const view = await s.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url, startSync: false });
    expect(view).toBeTruthy();
    const conn = (await db.get('syncConnections', 'salesforce'))!;
    expect(conn.capabilities.lineBilling).toBe('Product2.Billing_Period__c');
    expect(conn.fieldMap.deal?.dealType).toBe('Type');
    await s.engine.run();

    const coreId = `salesforce-product-${String(core.Id)}`;
    const first = (await db.get('accounts', 'acc-nw'))!;
    expect(first.products).toEqual([
      // 10 seats at 100 a month, then 5 more on top: 15 seats, 18,000 a year
      { productId: coreId, since: '2026-02-15', seats: 15, arr: 18000, startArr: 12000, changes: [{ at: '2026-06-01', arr: 18000, seats: 15, via: 'add-on' }], source: 'crm' },
      { productId: `salesforce-product-${String(onboarding.Id)}`, since: '2026-02-15', seats: 1, source: 'crm' },
    ]);
    expect(first.arr).toBe(18000);
    const deals = await db.getAllFromIndex('deals', 'byAccount', 'acc-nw');
    expect(deals.map((d) => [d.name, d.dealType]).sort()).toEqual([
      ['Northwind +5', 'add-on'],
      ['Northwind 2026', 'new-business'],
    ]);
    // the account plan's NRR says the expansion came from an add-on
    const r = accountRetention(first, new Date('2027-03-01T00:00:00Z'));
    expect(r.text.en).toContain('expansion (from add-ons)');
    // the deal type is the CRM's: not edited here
    await expect(saveLocalEdit(db, { entity: 'deal', localId: deals[0]!.id }, { dealType: 'renewal' }, new Date(clock.now()))).rejects.toThrow(/read from the CRM/);

    // the upgrade's line is deleted in Salesforce: the delete log (checked every 30 minutes) says so
    clock.advance(HOUR);
    fake.remove('OpportunityLineItem', String(upgradeLine.Id));
    clock.advance(HOUR);
    await s.engine.run({ pull: 'now' });
    const second = (await db.get('accounts', 'acc-nw'))!;
    expect(second.products[0]).toEqual({ productId: coreId, since: '2026-02-15', seats: 10, arr: 12000, source: 'crm' });
    expect((await db.getAllFromIndex('deals', 'byAccount', 'acc-nw')).find((d) => d.name === 'Northwind +5')!.lines).toEqual([]);
    expect(Object.entries(fake.counters.byRoute).some(([k, n]) => k.includes('/sobjects/OpportunityLineItem/deleted') && n > 0)).toBe(true);
  });

  it('an org without a billing field reads TotalPrice as the year’s, as before', async () => {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`plan-sf2-${Math.random()}`);
    const s = await service(db, clock);
    await s.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url, startSync: false });
    expect((await db.get('syncConnections', 'salesforce'))!.capabilities.lineBilling).toBe('');
  });
});

describe('HubSpot: dealtype, a mapped ICP tier and marketing owner, archived line items', () => {
  it('reads them, and a line item deleted from a won deal is no longer owned', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`plan-hs-${Math.random()}`);
    const s = await service(db, clock);
    await s.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    // the team keeps the tier in HubSpot's ICP tier and the marketing owner in a user property of its
    // own, mapped in Options (the tier is not mapped by default)
    await s.setFieldMap('hubspot', 'account', { tier: 'hs_ideal_customer_profile', marketingOwnerId: 'marketing_owner' });
    const marketer = fake.addOwner({ firstName: 'Marta', lastName: 'Núñez', email: 'marta@iberia.example' });
    const company = fake.seed('companies', { name: 'Iberia Logística', hs_ideal_customer_profile: 'tier_1', marketing_owner: marketer.id });
    await putAll(db, 'accounts', [account('acc-1', 'Iberia Logística', inCrm('hubspot', 'account', '0-2', company.id))]);
    const analytics = fake.seed('products', { name: 'Analytics', price: 100 });
    const won = (name: string, closedate: string, dealtype: string, quantity: number) => {
      const d = fake.seed('deals', { dealname: name, dealstage: 'closedwon', closedate, dealtype, amount: quantity * 100 });
      fake.associate('deals', d.id, 'companies', company.id);
      const li = fake.seed('line_items', { hs_product_id: analytics.id, quantity, amount: quantity * 100, recurringbillingfrequency: 'monthly' });
      fake.associate('line_items', li.id, 'deals', d.id);
      return { deal: d, line: li };
    };
    won('Iberia 2026', '2026-01-10T00:00:00.000Z', 'newbusiness', 10);
    // a portal's own option for upsells
    const upsell = won('Iberia upsell', '2026-05-01T00:00:00.000Z', 'upsell', 4);
    await s.engine.run({ pull: 'now' });
    const first = (await db.get('accounts', 'acc-1'))!;
    expect(first).toMatchObject({ tier: 'tier-1', marketingOwnerId: `hubspot-user-${marketer.userId}` });
    expect(first.products).toEqual([
      { productId: `hubspot-product-${analytics.id}`, since: '2026-01-10', seats: 14, arr: 16800, startArr: 12000, changes: [{ at: '2026-05-01', arr: 16800, seats: 14, via: 'add-on' }], source: 'crm' },
    ]);

    // the upsell's line item is deleted in HubSpot: its deal changes, and its lines are read again
    clock.advance(HOUR);
    fake.archive('line_items', upsell.line.id);
    clock.advance(HOUR);
    await s.engine.run({ pull: 'now' });
    const second = (await db.get('accounts', 'acc-1'))!;
    expect(second.products).toEqual([{ productId: `hubspot-product-${analytics.id}`, since: '2026-01-10', seats: 10, arr: 12000, source: 'crm' }]);
    expect(second.arr).toBe(12000);
  });

  it('a marketing owner who is not one of the portal’s owners is no owner; a tier word we do not know is none', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`plan-hs2-${Math.random()}`);
    const s = await service(db, clock);
    await s.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    await s.setFieldMap('hubspot', 'account', { tier: 'hs_ideal_customer_profile', marketingOwnerId: 'marketing_owner' });
    fake.seed('companies', { name: 'Andinos', hs_ideal_customer_profile: 'gold', marketing_owner: '999999' });
    await s.engine.run({ pull: 'now' });
    const [a] = await db.getAll('accounts');
    expect(a).toBeDefined();
    expect(a!.tier).toBeUndefined();
    expect(a!.marketingOwnerId).toBeUndefined();
  });
});

describe('Pipedrive: a mapped deal type, tier and marketing owner; organization relationships; deleted deal products', () => {
  it('reads them all; a deal product deleted from a won deal is no longer owned', async () => {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now, burstLimit: 40 });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`plan-pd-${Math.random()}`);
    const s = await service(db, clock);
    // the team's own fields: an option field for the deal type and the tier, a user field for marketing
    const dealType = fake.addField('deals', 'Deal type', 'enum', ['New business', 'Upsell', 'Renewal']);
    const tier = fake.addField('organizations', 'ABM tier', 'enum', ['Tier 1', 'Tier 2', 'Tier 3']);
    const marketing = fake.addField('organizations', 'Marketing owner', 'user');
    const marketer = fake.addUser('Marta Núñez', 'marta@iberia.example');
    const opt = (f: typeof dealType, label: string) => f.options!.find((o) => o.label === label)!.id;

    const group = fake.seed('organizations', { name: 'Grupo Iberia', custom_fields: { [tier.key]: opt(tier, 'Tier 2'), [marketing.key]: marketer.id } });
    const portugal = fake.seed('organizations', { name: 'Iberia Portugal' });
    const frio = fake.seed('organizations', { name: 'Iberia Frío' });
    const other = fake.seed('organizations', { name: 'Andinos' });
    fake.relate(group.id, portugal.id);
    fake.relate(group.id, frio.id);
    fake.relate(group.id, other.id, 'related');
    const fleet = fake.seed('products', { name: 'Fleet', prices: [{ price: 50, currency: 'EUR' }] });
    const d1 = fake.seed('deals', { title: 'Iberia 2026', currency: 'EUR', status: 'won', won_time: '2026-02-01T09:00:00Z', org_id: group.id, custom_fields: { [dealType.key]: opt(dealType, 'New business') } });
    fake.attachProduct(d1.id, { product_id: fleet.id, item_price: 50, quantity: 20, billing_frequency: 'monthly' });
    const d2 = fake.seed('deals', { title: 'Iberia +10', currency: 'EUR', status: 'won', won_time: '2026-06-01T09:00:00Z', org_id: group.id, custom_fields: { [dealType.key]: opt(dealType, 'Upsell') } });
    const addOn = fake.attachProduct(d2.id, { product_id: fleet.id, item_price: 50, quantity: 10, billing_frequency: 'monthly' });
    // Portugal's own contract: it is a customer unit of the group
    const d3 = fake.seed('deals', { title: 'Portugal 2026', currency: 'EUR', status: 'won', won_time: '2026-03-01T09:00:00Z', org_id: portugal.id });
    fake.attachProduct(d3.id, { product_id: fleet.id, item_price: 50, quantity: 5, billing_frequency: 'monthly' });

    await s.connectToken({ system: 'pipedrive', token: 'pd-api-token-0123456789abcdef', baseUrl: fake.url, startSync: false });
    // as Options → Connections maps them: by the field's key, from the CRM's own field list
    const listed = await s.describeFields('pipedrive', 'account');
    expect(listed.find((f) => f.label === 'ABM tier')).toMatchObject({ name: tier.key, options: ['Tier 1', 'Tier 2', 'Tier 3'] });
    await s.setFieldMap('pipedrive', 'deal', { dealType: dealType.key });
    await s.setFieldMap('pipedrive', 'account', { tier: tier.key, marketingOwnerId: marketing.key });
    expect((await s.describeFields('pipedrive', 'account')).find((f) => f.name === tier.key)?.mappedTo).toBe('tier');
    await s.engine.run();

    const accounts = await db.getAll('accounts');
    const byName = (n: string) => accounts.find((a) => a.name === n)!;
    expect(byName('Grupo Iberia')).toMatchObject({ tier: 'tier-2', marketingOwnerId: `pipedrive-user-${marketer.id}` });
    // the hierarchy: both units under the group; a 'related' organization is not a unit
    expect(byName('Iberia Portugal').parentId).toBe(byName('Grupo Iberia').id);
    expect(byName('Iberia Frío').parentId).toBe(byName('Grupo Iberia').id);
    expect(byName('Andinos').parentId).toBeUndefined();
    expect(byName('Grupo Iberia').parentId).toBeUndefined();
    expect(byName('Grupo Iberia').products).toEqual([
      { productId: `pipedrive-product-${fleet.id}`, since: '2026-02-01', seats: 30, arr: 18000, startArr: 12000, changes: [{ at: '2026-06-01', arr: 18000, seats: 30, via: 'add-on' }], source: 'crm' },
    ]);
    const deals = await db.getAll('deals');
    expect(deals.map((d) => [d.name, d.dealType ?? null]).sort()).toEqual([
      ['Iberia +10', 'add-on'],
      ['Iberia 2026', 'new-business'],
      ['Portugal 2026', null],
    ]);
    // one relationships call per won deal's organization in the page
    expect(fake.counters.byRoute['GET /v1/organizationRelationships']).toBe(2);

    // the add-on's product is deleted in Pipedrive: the deal's update time moves, its products are read again
    clock.advance(HOUR);
    fake.detachProduct(d2.id, addOn.id as number);
    clock.advance(HOUR);
    await s.engine.run({ pull: 'now' });
    expect((await db.getAll('accounts')).find((a) => a.name === 'Grupo Iberia')!.products).toEqual([
      { productId: `pipedrive-product-${fleet.id}`, since: '2026-02-01', seats: 20, arr: 12000, source: 'crm' },
    ]);
  });
});

describe('the account plan’s edits go to the CRM as notes on the account', () => {
  async function setup() {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`plan-notes-${Math.random()}`);
    const s = await service(db, clock);
    await s.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    const co = fake.seed('companies', { name: 'Iberia Logística' });
    await putAll(db, 'accounts', [
      account('acc-1', 'Iberia Logística', inCrm('hubspot', 'account', '0-2', co.id)),
      account('acc-local', 'Only here'),
      account('acc-demo', 'Demo', { ...inCrm('hubspot', 'account', '0-2', '999'), source: 'demo' }),
    ]);
    return { clock, fake, db, s, companyId: co.id };
  }

  it('a need written down and a review held become notes on the company, exactly once', async () => {
    const t = await setup();
    const now = () => new Date(t.clock.now());
    const { plan, queued } = await editAccountPlanToCrm(t.db, 'acc-1', { item: 'needs', done: true, note: 'Visibilidad de la cadena de frío en Portugal' }, 'me', now());
    expect(plan.items.needs?.note).toBe('Visibilidad de la cadena de frío en Portugal');
    expect(queued).toBe(1);
    t.clock.advance(60_000);
    await editAccountPlanToCrm(t.db, 'acc-1', { item: 'review', done: true, at: '2026-01-10' }, 'me', now());
    await t.s.engine.run({ pull: 'never' });
    await t.s.engine.run({ pull: 'never' });
    const notes = [...t.fake.objects.notes.values()].map((n) => n.properties.hs_note_body).sort();
    expect(notes).toEqual(['Account plan: Needs\n\nVisibilidad de la cadena de frío en Portugal', 'Account plan: Quarterly review\n\nHeld on 2026-01-10']);
    for (const n of t.fake.objects.notes.values()) expect(t.fake.associated('notes', n.id, 'companies')).toEqual([t.companyId]);
    expect(await t.db.count('outbox')).toBe(0);
  });

  it('queues nothing for an item cleared, an account only here or the demo’s; a refused edit writes nothing', async () => {
    const t = await setup();
    const now = new Date(t.clock.now());
    expect((await editAccountPlanToCrm(t.db, 'acc-1', { item: 'needs', done: false }, 'me', now)).queued).toBe(0);
    expect((await editAccountPlanToCrm(t.db, 'acc-local', { item: 'needs', done: true, note: 'x' }, 'me', now)).queued).toBe(0);
    expect((await editAccountPlanToCrm(t.db, 'acc-demo', { item: 'needs', done: true, note: 'x' }, 'me', now)).queued).toBe(0);
    await expect(editAccountPlanToCrm(t.db, 'acc-1', { item: 'review', done: true, at: '2999-01-01' }, 'me', now)).rejects.toThrow(/future/);
    await expect(editAccountPlanToCrm(t.db, 'nobody', { item: 'needs', done: true, note: 'x' }, 'me', now)).rejects.toThrow(/not in the workspace/);
    expect(await t.db.count('outbox')).toBe(0);
    expect((await t.db.getAll('activities')).map((a) => a.accountId)).toEqual([]);
    expect((await t.db.get('accountPlans', 'acc-1'))?.items.review).toBeUndefined();
  });
});
