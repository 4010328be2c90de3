import { describe, expect, it } from 'vitest';
import type { Account, Deal, DealLine } from '../entities';
import { lineArr, nearAnniversary, ownedFromDeals, withCrmProducts } from './ownedFromDeals';
import { accountRetention } from './retention';
import { homeOnly, type CurrencyRates } from '../currency';

type D = Pick<Deal, 'id' | 'stage' | 'closeDate' | 'closedAt' | 'lines' | 'currency'>;
const line = (productId: string, fields: Partial<DealLine> = {}): DealLine => ({ id: `${productId}-${Math.round((fields.amount ?? 0) * 7)}`, productId, ...fields });
const won = (id: string, closeDate: string, lines: DealLine[], stage: Deal['stage'] = 'closed-won'): D => ({ id, stage, closeDate, lines, currency: 'EUR' });

/** A CRM account of a prospect with nothing owned, as a pull leaves it: `fields` over that. */
const account = (fields: Partial<Account> = {}): Account => ({
  id: 'a1',
  name: 'Acme',
  nameKey: 'acme',
  lifecycle: 'prospect',
  keyAccount: false,
  products: [],
  crmRefs: [],
  crmKeys: [],
  createdAt: '2026-01-01',
  updatedAt: '2026-01-01',
  source: 'crm',
  ...fields,
});

describe('lineArr', () => {
  it.each([
    ['monthly (HubSpot monthly)', { amount: 100, billingMonths: 1 }, 1200],
    ['quarterly', { amount: 300, billingMonths: 3 }, 1200],
    ['every six months', { amount: 600, billingMonths: 6 }, 1200],
    ['annually', { amount: 1200, billingMonths: 12 }, 1200],
    ['every two years', { amount: 2400, billingMonths: 24 }, 1200],
    ['no period: annual (Salesforce)', { amount: 1200 }, 1200],
    ['weekly (12 / (12/52) months)', { amount: 10, billingMonths: 12 / 52 }, 520],
    ['one-off', { amount: 5000, oneOff: true }, undefined],
    ['no amount', {}, undefined],
    ['a period of 0 months', { amount: 10, billingMonths: 0 }, undefined],
  ] as const)('%s', (_, l, arr) => {
    expect(lineArr(l)).toBe(arr);
  });
});

describe('ownedFromDeals', () => {
  it.each<[string, D[], ReturnType<typeof ownedFromDeals>]>([
    ['nothing won, nothing owned', [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 500, billingMonths: 1 })], 'negotiation')], []],
    ['a lost deal owns nothing', [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 500 })], 'closed-lost')], []],
    [
      'a won deal: since its close, seats its quantity, ARR its annual amount',
      [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 500, billingMonths: 1 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 5, arr: 6000, source: 'crm' }],
    ],
    [
      'a deal with an order placed owns by the order’s lines, not its own products as well (never twice)',
      [won('d1', '2026-01-10', [line('p1', { quantity: 20, amount: 2400 }), line('p2', { quantity: 1, amount: 500 }), { id: 'so/1', productId: 'p1', quantity: 25, amount: 3000, ordered: true }])],
      [{ productId: 'p1', since: '2026-01-10', seats: 25, arr: 3000, source: 'crm' }],
    ],
    [
      'a one-off line is owned without ARR',
      [won('d1', '2026-01-10', [line('svc', { quantity: 1, amount: 9000, oneOff: true })])],
      [{ productId: 'svc', since: '2026-01-10', seats: 1, source: 'crm' }],
    ],
    [
      'two lines of one product on one deal are one purchase',
      [won('d1', '2026-01-10', [line('p1', { id: 'a', quantity: 5, amount: 1000 }), line('p1', { id: 'b', quantity: 2, amount: 400 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 7, arr: 1400, source: 'crm' }],
    ],
    [
      'a later won deal for more is an expansion, not a second entry',
      [won('d2', '2026-06-01', [line('p1', { quantity: 8, amount: 1600 })]), won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 1000 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 8, arr: 1600, startArr: 1000, changes: [{ at: '2026-06-01', arr: 1600, seats: 8 }], source: 'crm' }],
    ],
    [
      'a renewal for less is a contraction',
      [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 1000 })]), won('d2', '2027-01-10', [line('p1', { quantity: 3, amount: 600 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 3, arr: 600, startArr: 1000, changes: [{ at: '2027-01-10', arr: 600, seats: 3 }], source: 'crm' }],
    ],
    [
      'a renewal as it was changes nothing',
      [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 1000 })]), won('d2', '2027-01-10', [line('p1', { quantity: 5, amount: 1000 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 5, arr: 1000, source: 'crm' }],
    ],
    [
      'a renewal without the product ends nothing (the deal does not say it was cancelled)',
      [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 1000 })]), won('d2', '2027-01-10', [line('p2', { quantity: 1, amount: 50 })])],
      [
        { productId: 'p1', since: '2026-01-10', seats: 5, arr: 1000, source: 'crm' },
        { productId: 'p2', since: '2027-01-10', seats: 1, arr: 50, source: 'crm' },
      ],
    ],
    [
      'a lost renewal ends nothing',
      [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 1000 })]), won('d2', '2027-01-10', [line('p1', { quantity: 5, amount: 1000 })], 'closed-lost')],
      [{ productId: 'p1', since: '2026-01-10', seats: 5, arr: 1000, source: 'crm' }],
    ],
    [
      'a renewal keeping the line at 0 ends it; bought again, it is a new entry',
      [
        won('d1', '2025-01-10', [line('p1', { quantity: 5, amount: 1000 })]),
        won('d2', '2026-01-10', [line('p1', { quantity: 0, amount: 0 })]),
        won('d3', '2026-09-01', [line('p1', { quantity: 2, amount: 400 })]),
      ],
      [
        { productId: 'p1', since: '2025-01-10', seats: 5, startArr: 1000, endedAt: '2026-01-10', source: 'crm' },
        { productId: 'p1', since: '2026-09-01', seats: 2, arr: 400, source: 'crm' },
      ],
    ],
    [
      'a one-off purchase of a subscribed product does not move its ARR',
      [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 1000 })]), won('d2', '2026-03-01', [line('p1', { quantity: 1, amount: 300, oneOff: true })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 5, arr: 1000, source: 'crm' }],
    ],
    [
      'the day the CRM says it was won comes before the forecast close date',
      [{ ...won('d1', '2026-03-31', [line('p1', { quantity: 1, amount: 10 })]), closedAt: '2026-04-30' }],
      [{ productId: 'p1', since: '2026-04-30', seats: 1, arr: 10, source: 'crm' }],
    ],
    ['a won deal with no close date counts for nothing', [{ id: 'd1', stage: 'closed-won', lines: [line('p1', { amount: 1 })], currency: 'EUR' }], []],
  ])('%s', (_, deals, expected) => {
    expect(ownedFromDeals(deals)).toEqual(expected);
  });

  it('gives the NRR retention reads: an expansion from 1,000 to 1,600 is 160 %', () => {
    const products = ownedFromDeals([won('d1', '2025-06-01T00:00:00.000Z', [line('p1', { amount: 1000 })]), won('d2', '2026-09-01T00:00:00.000Z', [line('p1', { amount: 1600 })])]);
    const r = accountRetention({ products, currency: 'EUR' }, new Date('2026-12-01T00:00:00.000Z'));
    expect(r.nrr).toBeCloseTo(1.6);
    expect(r.movements).toEqual([{ productId: 'p1', kind: 'expansion', amount: 600 }]);
  });
});

describe('withCrmProducts', () => {
  const deals = [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 1000 })])];

  it('adds the derived products, makes a prospect a customer and takes the deals’ currency', () => {
    const next = withCrmProducts(account(), deals);
    expect(next.products).toEqual([{ productId: 'p1', since: '2026-01-10', seats: 5, arr: 1000, source: 'crm' }]);
    expect(next.lifecycle).toBe('customer');
    expect(next.currency).toBe('EUR');
    expect(next.arr).toBe(1000);
  });

  it('keeps what was entered here, which wins for its product', () => {
    const mine = { productId: 'p1', since: '2024-01-01', seats: 9, arr: 2000 };
    const other = { productId: 'p9', since: '2024-01-01', arr: 10 };
    const entered = account({ products: [mine, other], lifecycle: 'customer', currency: 'EUR' });
    // unchanged: the entered entry stands, the CRM's is not added
    expect(withCrmProducts(entered, deals)).toBe(entered);
    expect(withCrmProducts(entered, deals).products).toEqual([mine, other]);
  });

  it('replaces the earlier derivation, and returns the same account when nothing changed', () => {
    const first = withCrmProducts(account(), deals);
    expect(withCrmProducts(first, deals)).toBe(first);
    const none = withCrmProducts(first, []);
    expect(none.products).toEqual([]);
    expect(none.arr).toBe(0);
    expect(none.lifecycle).toBe('customer'); // never made a prospect again by a pull
  });
});

describe('withCrmProducts across currencies', () => {
  const rates: CurrencyRates = { home: 'EUR', perHome: { EUR: 1, USD: 1.08, MXN: 19.6 } };
  const inCur = (d: D, currency: string): D => ({ ...d, currency });
  const mxn = inCur(won('d1', '2026-01-10', [line('p1', { quantity: 10, amount: 100_000 })]), 'MXN');
  const usd = inCur(won('d2', '2026-02-10', [line('p2', { quantity: 5, amount: 10_000 })]), 'USD');

  it('converts each won deal into the account’s currency: 100,000 MXN + 10,000 USD is not 110,000', () => {
    const next = withCrmProducts(account({ currency: 'USD' }), [mxn, usd], rates);
    // 100,000 MXN = 100,000 / 19.6 × 1.08 USD
    expect(next.products).toEqual([
      { productId: 'p1', since: '2026-01-10', seats: 10, arr: 5510.2, source: 'crm' },
      { productId: 'p2', since: '2026-02-10', seats: 5, arr: 10_000, source: 'crm' },
    ]);
    expect(next.arr).toBe(15_510.2);
    expect(next.currency).toBe('USD');
    expect(next.arrNotConverted).toBeUndefined();
  });

  it('a renewal in another currency restates the level in the account’s currency', () => {
    const first = inCur(won('d1', '2026-01-10', [line('p1', { quantity: 10, amount: 10_000 })]), 'EUR');
    const renewal = inCur(won('d2', '2027-01-10', [line('p1', { quantity: 10, amount: 10_800 })]), 'USD');
    const next = withCrmProducts(account({ currency: 'EUR' }), [first, renewal], rates);
    // the same contract at the CRM's rate: no change, not an expansion of 800
    expect(next.products).toEqual([{ productId: 'p1', since: '2026-01-10', seats: 10, arr: 10_000, source: 'crm' }]);
  });

  it.each<[string, Partial<Account>, D[], CurrencyRates | undefined, string]>([
    ['its own currency when it has one', { currency: 'MXN' }, [usd], rates, 'MXN'],
    ['else its won deals’ when they are all in one', {}, [usd, inCur(won('d3', '2026-03-01', [line('p3', { amount: 1 })]), 'USD')], rates, 'USD'],
    ['else the CRM’s home currency', {}, [mxn, usd], rates, 'EUR'],
    ['mixed with no rates known: the first won deal’s, as before', {}, [mxn, usd], undefined, 'MXN'],
  ])('the account’s currency: %s', (_, fields, deals, r, currency) => {
    expect(withCrmProducts(account(fields), deals, r).currency).toBe(currency);
  });

  it('a lost deal in another currency does not make the won deals mixed', () => {
    const lost = inCur(won('d9', '2026-04-01', [line('p9', { amount: 5 })], 'closed-lost'), 'MXN');
    expect(withCrmProducts(account(), [usd, lost], rates).currency).toBe('USD');
  });

  it('a deal with no rate for its currency is left out of the ARR and reported, not summed', () => {
    const brl = inCur(won('d4', '2026-03-01', [line('p4', { quantity: 3, amount: 120_000 }), line('p5', { quantity: 1, amount: 900, oneOff: true })]), 'BRL');
    const next = withCrmProducts(account(), [brl, usd], rates);
    expect(next.currency).toBe('EUR'); // mixed: the CRM's home currency
    // the BRL deal still owns its products (seats), without ARR
    expect(next.products).toEqual([
      { productId: 'p2', since: '2026-02-10', seats: 5, arr: 9259.26, source: 'crm' },
      { productId: 'p4', since: '2026-03-01', seats: 3, source: 'crm' },
      { productId: 'p5', since: '2026-03-01', seats: 1, source: 'crm' },
    ]);
    expect(next.arr).toBe(9259.26);
    expect(next.arrNotConverted).toEqual([{ currency: 'BRL', arr: 120_000 }]);
    // the rate known later: converted, and nothing reported any more
    const later = withCrmProducts(next, [brl, usd], { ...rates, perHome: { ...rates.perHome, BRL: 6 } });
    expect(later.arr).toBe(29_259.26);
    expect(later.arrNotConverted).toBeUndefined();
    expect('arrNotConverted' in later).toBe(false);
  });

  it('what is left out is what the deals of that currency bring now (a renewal is not counted twice)', () => {
    const y1 = inCur(won('d1', '2026-01-10', [line('p1', { quantity: 10, amount: 100_000 })]), 'MXN');
    const y2 = inCur(won('d2', '2027-01-10', [line('p1', { quantity: 12, amount: 120_000 })]), 'MXN');
    const next = withCrmProducts(account({ currency: 'USD' }), [y1, y2, usd], undefined);
    expect(next.arr).toBe(10_000);
    expect(next.arrNotConverted).toEqual([{ currency: 'MXN', arr: 120_000 }]);
    expect(next.products.find((p) => p.productId === 'p1')).toEqual({ productId: 'p1', since: '2026-01-10', seats: 10, source: 'crm' });
  });

  it('a Pipedrive-like CRM (its currency, no rates): the home currency converts only to itself', () => {
    const eur = inCur(won('d5', '2026-01-05', [line('p6', { quantity: 1, amount: 500 })]), 'EUR');
    const next = withCrmProducts(account(), [eur, mxn], homeOnly('EUR'));
    expect(next.currency).toBe('EUR');
    expect(next.arr).toBe(500);
    expect(next.arrNotConverted).toEqual([{ currency: 'MXN', arr: 100_000 }]);
  });

  it('returns the same object when nothing changed, what was left out included', () => {
    const first = withCrmProducts(account(), [mxn, usd], homeOnly('EUR'));
    expect(withCrmProducts(first, [mxn, usd], homeOnly('EUR'))).toBe(first);
    const converted = withCrmProducts(first, [mxn, usd], rates);
    expect(converted).not.toBe(first);
    expect(withCrmProducts(converted, [mxn, usd], rates)).toBe(converted);
  });

  it('one currency (the common case): exactly as before, with or without rates', () => {
    const deals = [won('d1', '2026-01-10', [line('p1', { quantity: 5, amount: 1000 })]), won('d2', '2026-06-01', [line('p1', { quantity: 8, amount: 1600 })])];
    const without = withCrmProducts(account(), deals);
    const withRates = withCrmProducts(account(), deals, rates);
    expect(withRates).toEqual(without);
    expect(without).toEqual({ ...account(), lifecycle: 'customer', currency: 'EUR', arr: 1600, products: [{ productId: 'p1', since: '2026-01-10', seats: 8, arr: 1600, startArr: 1000, changes: [{ at: '2026-06-01', arr: 1600, seats: 8 }], source: 'crm' }] });
    // a deal in a currency no rate knows, when it is the only one: no conversion needed
    const onlyBrl = [inCur(won('d1', '2026-01-10', [line('p1', { amount: 700 })]), 'BRL')];
    expect(withCrmProducts(account(), onlyBrl, rates)).toMatchObject({ currency: 'BRL', arr: 700 });
    expect(withCrmProducts(account(), onlyBrl, rates).arrNotConverted).toBeUndefined();
  });
});

describe('nearAnniversary', () => {
  it.each([
    ['on the anniversary', '2027-01-10', true],
    ['90 days before it', '2026-10-12', true],
    ['91 days before it', '2026-10-11', false],
    ['60 days after it', '2027-03-11', true],
    ['61 days after it', '2027-03-12', false],
    ['mid-term', '2026-06-15', false],
    ['in the first year, before any anniversary', '2026-02-01', false],
    ['the third year', '2029-01-01', true],
  ])('%s', (_, at, near) => {
    expect(nearAnniversary(at, ['2026-01-10'])).toBe(near);
  });
  it('reads a date it cannot parse as at renewal, as before', () => {
    expect(nearAnniversary('soon', ['2026-01-10'])).toBe(true);
  });
});

describe('the deal type: add-ons add, renewals restate', () => {
  const typed = (id: string, closeDate: string, dealType: Deal['dealType'], lines: DealLine[]) => ({ ...won(id, closeDate, lines), ...(dealType ? { dealType } : {}) });
  it.each<[string, ReturnType<typeof typed>[], ReturnType<typeof ownedFromDeals>]>([
    [
      'an add-on of 5 seats on top of 10: 15 seats, the ARR added, the change says add-on',
      [typed('d1', '2026-01-10', 'new-business', [line('p1', { quantity: 10, amount: 1000 })]), typed('d2', '2026-05-01', 'add-on', [line('p1', { quantity: 5, amount: 500 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 15, arr: 1500, startArr: 1000, changes: [{ at: '2026-05-01', arr: 1500, seats: 15, via: 'add-on' }], source: 'crm' }],
    ],
    [
      'the same 5 seats on a renewal restate the contract: a contraction at renewal',
      [typed('d1', '2026-01-10', 'new-business', [line('p1', { quantity: 10, amount: 1000 })]), typed('d2', '2027-01-10', 'renewal', [line('p1', { quantity: 5, amount: 500 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 5, arr: 500, startArr: 1000, changes: [{ at: '2027-01-10', arr: 500, seats: 5, via: 'renewal' }], source: 'crm' }],
    ],
    [
      'an untyped later deal restates, as before',
      [typed('d1', '2026-01-10', undefined, [line('p1', { quantity: 10, amount: 1000 })]), typed('d2', '2026-05-01', undefined, [line('p1', { quantity: 5, amount: 500 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 5, arr: 500, startArr: 1000, changes: [{ at: '2026-05-01', arr: 500, seats: 5 }], source: 'crm' }],
    ],
    [
      'existing business mid-term (HubSpot "existingbusiness" as an upsell) adds, read as an add-on',
      [typed('d1', '2026-01-10', 'new-business', [line('p1', { quantity: 100, amount: 10000 })]), typed('d2', '2026-06-15', 'existing', [line('p1', { quantity: 10, amount: 1000 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 110, arr: 11000, startArr: 10000, changes: [{ at: '2026-06-15', arr: 11000, seats: 110, via: 'add-on' }], source: 'crm' }],
    ],
    [
      'existing business near the anniversary (60 days before it) restates, read as a renewal',
      [typed('d1', '2026-01-10', 'new-business', [line('p1', { quantity: 100, amount: 10000 })]), typed('d2', '2026-11-11', 'existing', [line('p1', { quantity: 90, amount: 9000 })])],
      [{ productId: 'p1', since: '2026-01-10', seats: 90, arr: 9000, startArr: 10000, changes: [{ at: '2026-11-11', arr: 9000, seats: 90, via: 'renewal' }], source: 'crm' }],
    ],
    [
      'a product added mid-term renews at the account’s anniversary (co-termed), not its own',
      [
        typed('d1', '2025-03-01', 'new-business', [line('p1', { quantity: 10, amount: 1000 })]),
        typed('d2', '2025-09-01', 'existing', [line('p2', { quantity: 5, amount: 500 })]),
        typed('d3', '2026-02-20', 'existing', [line('p1', { quantity: 10, amount: 1000 }), line('p2', { quantity: 4, amount: 400 })]),
      ],
      [
        { productId: 'p1', since: '2025-03-01', seats: 10, arr: 1000, source: 'crm' },
        { productId: 'p2', since: '2025-09-01', seats: 4, arr: 400, startArr: 500, changes: [{ at: '2026-02-20', arr: 400, seats: 4, via: 'renewal' }], source: 'crm' },
      ],
    ],
    [
      'an add-on of a product not owned yet is a new entry (a cross-sell)',
      [typed('d1', '2026-01-10', 'new-business', [line('p1', { quantity: 10, amount: 1000 })]), typed('d2', '2026-05-01', 'add-on', [line('p2', { quantity: 2, amount: 300 })])],
      [
        { productId: 'p1', since: '2026-01-10', seats: 10, arr: 1000, source: 'crm' },
        { productId: 'p2', since: '2026-05-01', seats: 2, arr: 300, source: 'crm' },
      ],
    ],
    [
      'an add-on with a negative line takes some back; all of it back ends the product',
      [
        typed('d1', '2026-01-10', 'new-business', [line('p1', { quantity: 10, amount: 1000 })]),
        typed('d2', '2026-05-01', 'add-on', [line('p1', { quantity: -2, amount: -200 })]),
        typed('d3', '2026-07-01', 'add-on', [line('p1', { quantity: -8, amount: -800 })]),
      ],
      [{ productId: 'p1', since: '2026-01-10', seats: 8, startArr: 1000, changes: [{ at: '2026-05-01', arr: 800, seats: 8, via: 'add-on' }], endedAt: '2026-07-01', source: 'crm' }],
    ],
  ])('%s', (_what, deals, expected) => {
    expect(ownedFromDeals(deals)).toEqual(expected);
  });

  it('retention says where the movement came from', () => {
    const now = new Date('2027-03-01T00:00:00Z');
    const deals = [
      typed('d1', '2026-02-01', 'new-business', [line('a', { quantity: 10, amount: 10000 }), line('b', { quantity: 10, amount: 5000 })]),
      typed('d2', '2026-06-01', 'add-on', [line('a', { quantity: 5, amount: 5000 })]),
      typed('d3', '2027-02-01', 'renewal', [line('b', { quantity: 8, amount: 4000 })]),
    ];
    const account = { products: ownedFromDeals(deals), currency: 'EUR' };
    const r = accountRetention(account, now);
    expect(r).toMatchObject({ startArr: 15000, endArr: 19000, expansion: 5000, contraction: 1000 });
    expect(r.movements).toEqual([
      { productId: 'a', kind: 'expansion', amount: 5000, via: 'add-on' },
      { productId: 'b', kind: 'contraction', amount: 1000, via: 'renewal' },
    ]);
    expect(r.text.en).toBe('€15,000 → €19,000 · +€5,000 expansion (from add-ons) · −€1,000 contraction (at renewal)');
    expect(r.text.es.replace(/\u00a0/g, ' ')).toBe('15.000 € → 19.000 € · +5000 € expansión (por ampliaciones) · −1000 € contracción (en la renovación)');
  });
});
