import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account, Product } from '../entities';
import { RETENTION_RULES, accountRetention, arrAt, arrAtRisk, bookRetention } from './retention';
import { whitespaceMatrix } from './whitespaceMatrix';
import { NOW, daysAgo, makeAccount } from '../../../tests/support/records';

type Owned = Account['products'][number];
const owned = (productId: string, fields: Partial<Owned> = {}): Owned => ({ productId, since: daysAgo(800), ...fields });
const customer = (products: Owned[], fields: Partial<Account> = {}): Account => makeAccount({ lifecycle: 'customer', currency: 'EUR', products, ...fields });

describe('ARR over time', () => {
  const core = owned('core', { since: daysAgo(500), arr: 48000, startArr: 39300, changes: [{ at: daysAgo(200), arr: 48000, seats: 110 }] });
  it.each([
    ['before it was bought', 600, 0],
    ['at its start', 500, 39300],
    ['before the change', 201, 39300],
    ['from the change on', 200, 48000],
    ['today', 0, 48000],
  ])('reads the level in force: %s', (_what, days, arr) => {
    expect(arrAt(core, Date.parse(daysAgo(days)))).toBe(arr);
  });

  it('is nothing from the day a product was cancelled, and its current ARR when it never changed', () => {
    const data = owned('data', { since: daysAgo(500), startArr: 4800, endedAt: daysAgo(100) });
    expect(arrAt(data, Date.parse(daysAgo(101)))).toBe(4800);
    expect(arrAt(data, Date.parse(daysAgo(100)))).toBe(0);
    expect(arrAt(owned('support', { arr: 12000 }), NOW.getTime())).toBe(12000);
    expect(arrAt(owned('x', { arr: Number.NaN }), NOW.getTime())).toBe(0);
  });
});

describe('net revenue retention of an account', () => {
  it('Iberia: 20 seats more, a product cancelled → 107 %, each movement named', () => {
    const r = accountRetention(
      customer([
        owned('core', { since: daysAgo(1100), arr: 48000, startArr: 39300, changes: [{ at: daysAgo(200), arr: 48000 }] }),
        owned('support', { since: daysAgo(730), arr: 12000 }),
        owned('data', { since: daysAgo(500), startArr: 4800, endedAt: daysAgo(100) }),
      ]),
      NOW,
    );
    expect(r).toMatchObject({ startArr: 56100, endArr: 60000, expansion: 8700, contraction: 0, churn: 4800 });
    expect(r.nrr).toBeCloseTo(60000 / 56100);
    expect(r.movements).toEqual([
      { productId: 'core', kind: 'expansion', amount: 8700 },
      { productId: 'data', kind: 'churn', amount: 4800 },
    ]);
    expect(r.text.en).toBe('€56,100 → €60,000 · +€8,700 expansion · −€4,800 churn');
    expect(r.text.es.replace(/\u00a0/g, ' ')).toBe('56.100 € → 60.000 € · +8700 € expansión · −4800 € bajas');
  });

  it.each([
    // [what, products, nrr, kinds]
    ['a product bought this year is expansion', [owned('a', { arr: 1000 }), owned('b', { since: daysAgo(100), arr: 500 })], 1.5, ['new']],
    ['fewer seats is contraction', [owned('a', { arr: 800, startArr: 1000, changes: [{ at: daysAgo(30), arr: 800 }] })], 0.8, ['contraction']],
    ['a change before the window is the base', [owned('a', { arr: 800, startArr: 1000, changes: [{ at: daysAgo(400), arr: 800 }] })], 1, []],
    ['a product cancelled before the window does not count', [owned('a', { arr: 1000 }), owned('b', { startArr: 700, endedAt: daysAgo(400) })], 1, []],
    ['everything cancelled is churn to zero', [owned('a', { startArr: 1000, endedAt: daysAgo(10) })], 0, ['churn']],
  ] as const)('%s', (_what, products, nrr, kinds) => {
    const r = accountRetention(customer([...products]), NOW);
    expect(r.nrr).toBeCloseTo(nrr);
    expect(r.movements.map((m) => m.kind)).toEqual(kinds);
  });

  it('has no NRR for a customer with no ARR a year ago, and says why', () => {
    const r = accountRetention(customer([owned('a', { since: daysAgo(90), arr: 5000 })]), NOW);
    expect(r.nrr).toBeUndefined();
    expect(r.text).toEqual({ en: 'No ARR a year ago: all €5,000 is new', es: 'Hace un año no había ARR: los 5000\u00a0€ son nuevos' });
  });
});

describe('the book', () => {
  const book = [
    customer([owned('a', { arr: 1100, startArr: 1000, changes: [{ at: daysAgo(50), arr: 1100 }] })], { id: 'x', ownerId: 'me', renewalDate: daysAgo(-30) }),
    customer([owned('a', { startArr: 500, endedAt: daysAgo(20) })], { id: 'y', ownerId: 'me', lifecycle: 'former-customer' }),
    customer([owned('a', { arr: 9000 })], { id: 'z', ownerId: 'someone-else', renewalDate: daysAgo(-10) }),
    customer([owned('a', { arr: 2000 })], { id: 'w', ownerId: 'me', currency: 'USD', renewalDate: daysAgo(-200) }),
  ];
  it('sums the customers and former customers one person owns, per currency, the largest first', () => {
    const b = bookRetention(book, 'me', NOW);
    expect(b.byCurrency.map((r) => [r.currency, r.accounts, r.startArr, r.endArr, r.churn])).toEqual([
      ['USD', 1, 2000, 2000, 0],
      ['EUR', 2, 1500, 1100, 500],
    ]);
    expect(b.byCurrency[1]!.nrr).toBeCloseTo(1100 / 1500);
    // renewing within 90 days: only x (w renews in 200 days, z is someone else's)
    expect(b.renewing).toEqual([{ currency: 'EUR', arr: 1100, accounts: 1 }]);
  });
});

describe('ARR at risk', () => {
  const account = (days: number) => customer([owned('a', { arr: 60000 })], { renewalDate: daysAgo(-days) });
  it.each([
    ['healthy, renewing soon', 30, 'healthy', 0, '€60,000 renews with the account healthy'],
    ['watch, renewing in 120 days', 120, 'watch', 60000, '€60,000 renews within 120 days with health to watch'],
    ['at risk and overdue', -5, 'at-risk', 60000, '€60,000 renews overdue with health at risk'],
    ['watch, renewing in 200 days', 200, 'watch', 0, '€60,000 renews in more than 6 months'],
  ] as const)('%s', (_what, days, band, arr, en) => {
    const r = arrAtRisk(account(days), { band }, NOW)!;
    expect(r).toMatchObject({ arr, currency: 'EUR', text: { en } });
    expect(r.text.es).not.toBe('');
  });
  it('needs a renewal date', () => {
    expect(arrAtRisk(customer([owned('a', { arr: 1 })]), { band: 'watch' }, NOW)).toBeUndefined();
    expect(RETENTION_RULES.atRiskWithinDays).toBe(180);
  });
});

describe('a cancelled product in the whitespace', () => {
  it('is no longer owned: it is whitespace again', () => {
    const product: Product = { id: 'a', name: 'A', family: 'x', listPrice: 100, currency: 'EUR', unit: 'seat/year', source: 'crm' };
    const unit = { id: 'u', name: 'U', products: [owned('a', { startArr: 100, endedAt: daysAgo(5) })] };
    expect(whitespaceMatrix({ accountId: 'u', units: [unit], catalog: [product], deals: [], peers: [] }).cells[0]![0]!.state).toBe('whitespace');
  });
});

describe('properties', () => {
  const productArb = fc.record({
    sinceDays: fc.integer({ min: 0, max: 1500 }),
    start: fc.integer({ min: 0, max: 100_000 }),
    changes: fc.array(fc.record({ days: fc.integer({ min: -30, max: 1500 }), arr: fc.integer({ min: 0, max: 100_000 }) }), { maxLength: 3 }),
    endedDays: fc.option(fc.integer({ min: -30, max: 1500 }), { nil: undefined }),
  });
  type P = typeof productArb extends fc.Arbitrary<infer X> ? X : never;
  const toOwned = (p: P, i: number): Owned => ({
    productId: `p${i % 3}`,
    since: daysAgo(p.sinceDays),
    startArr: p.start,
    arr: p.changes.at(-1)?.arr ?? p.start,
    changes: p.changes.map((c) => ({ at: daysAgo(c.days), arr: c.arr })),
    ...(p.endedDays !== undefined ? { endedAt: daysAgo(p.endedDays) } : {}),
  });

  it('start + expansion − contraction − churn = end, and NRR = end / start', () => {
    fc.assert(
      fc.property(fc.array(productArb, { maxLength: 6 }), (ps) => {
        const r = accountRetention(customer(ps.map(toOwned)), NOW);
        expect(r.startArr + r.expansion - r.contraction - r.churn).toBeCloseTo(r.endArr);
        for (const x of [r.startArr, r.endArr, r.expansion, r.contraction, r.churn]) expect(x).toBeGreaterThanOrEqual(0);
        if (r.startArr > 0) expect(r.nrr).toBeCloseTo(r.endArr / r.startArr);
        else expect(r.nrr).toBeUndefined();
        expect(`${r.text.en} ${r.text.es}`).not.toMatch(/undefined|NaN/);
      }),
      { numRuns: 300 },
    );
  });

  it('the book of one account is that account', () => {
    fc.assert(
      fc.property(fc.array(productArb, { minLength: 1, maxLength: 5 }), (ps) => {
        const a = customer(ps.map(toOwned), { ownerId: 'me' });
        const one = accountRetention(a, NOW);
        const b = bookRetention([a], 'me', NOW);
        if (one.startArr === 0 && one.endArr === 0) expect(b.byCurrency).toEqual([]);
        else expect(b.byCurrency[0]).toMatchObject({ startArr: one.startArr, endArr: one.endArr, expansion: one.expansion, contraction: one.contraction, churn: one.churn, accounts: 1 });
      }),
      { numRuns: 200 },
    );
  });
});
