import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account, Product } from '../entities';
import { type MatrixCell, type MatrixDeal, type MatrixPeer, type MatrixUnit, WHITESPACE_RULES, compactMoney, indexPeers, shortName, twoDigits, whitespaceMatrix } from './whitespaceMatrix';
import { formatMoneyCompact } from '../../i18n/format';

const product = (id: string, name: string, listPrice: number, unit: string, appliesTo?: Product['appliesTo']): Product => ({
  id,
  name,
  family: 'x',
  listPrice,
  currency: 'EUR',
  unit,
  ...(appliesTo ? { appliesTo } : {}),
  source: 'crm',
});
const CATALOG: Product[] = [
  product('core', 'Core', 480, 'seat/year'),
  product('analytics', 'Analytics', 360, 'seat/year'),
  product('engage', 'Engagement', 600, 'seat/year'),
  product('intel', 'Revenue Intelligence', 720, 'seat/year', { sizeBands: ['mid-market', 'enterprise'] }),
  product('support', 'Premium Support', 12000, 'account/year'),
  product('onboarding', 'Onboarding', 9500, 'project'),
];

const owned = (productId: string, seats?: number, arr?: number, since = '2025-01-01T00:00:00.000Z'): Account['products'][number] => ({
  productId,
  since,
  ...(seats !== undefined ? { seats } : {}),
  ...(arr !== undefined ? { arr } : {}),
});
const unit = (id: string, fields: Partial<MatrixUnit> = {}): MatrixUnit => ({ id, name: `Unit ${id}`, industry: 'logistics', employees: 400, products: [], currency: 'EUR', ...fields });
const peer = (id: string, industry: string, employees: number, products: string[], seats = 40): MatrixPeer => ({
  id,
  industry,
  employees,
  lifecycle: 'customer',
  products: products.map((p) => owned(p, p === 'support' ? undefined : seats)),
});
/** n customers of an industry and size, the first `owners` of them owning `productId` (and core) */
const peers = (prefix: string, n: number, owners: number, productId: string, industry = 'logistics', employees = 400): MatrixPeer[] =>
  Array.from({ length: n }, (_, i) => peer(`${prefix}${i}`, industry, employees, i < owners ? ['core', productId] : ['core']));

const ROOT = unit('root', { name: 'Iberia Logística S.L.', employees: 850, products: [owned('core', 110, 48000), owned('support', undefined, 12000)] });
const cellAt = (m: ReturnType<typeof whitespaceMatrix>, unitId: string, productId: string): MatrixCell =>
  m.cells[m.units.findIndex((u) => u.id === unitId)]![m.products.findIndex((p) => p.id === productId)]!;

describe('the whitespace matrix', () => {
  it('states every cell: owned, in an open deal, whitespace or not applicable', () => {
    const small = unit('canarias', { name: 'Iberia Logística Canarias S.L.', parentId: 'root', employees: 60 });
    const deals: MatrixDeal[] = [
      { id: 'd1', name: 'Iberia — Analytics', accountId: 'root', stage: 'proposal', amount: 48000, currency: 'EUR', productIds: ['analytics'] },
      { id: 'd2', name: 'Old', accountId: 'root', stage: 'closed-lost', amount: 1, currency: 'EUR', productIds: ['engage'] },
      { id: 'd3', name: 'Renewal', accountId: 'root', stage: 'negotiation', amount: 60000, currency: 'EUR', productIds: ['core'] },
    ];
    const m = whitespaceMatrix({ accountId: 'root', units: [ROOT, small], catalog: CATALOG, deals, peers: peers('p', 9, 7, 'analytics', 'logistics', 850) });
    expect(cellAt(m, 'root', 'core')).toEqual({ state: 'owned', since: '2025-01-01T00:00:00.000Z', seats: 110, arr: 48000, currency: 'EUR' });
    expect(cellAt(m, 'root', 'analytics')).toEqual({ state: 'in-deal', dealId: 'd1', dealName: 'Iberia — Analytics', stage: 'proposal', amount: 48000, currency: 'EUR' });
    expect(cellAt(m, 'root', 'engage').state).toBe('whitespace'); // a lost deal is no deal
    expect(cellAt(m, 'root', 'onboarding')).toMatchObject({ state: 'not-applicable', reason: { en: 'A one-off service (project), not something to own' } });
    expect(cellAt(m, 'canarias', 'intel')).toEqual({
      state: 'not-applicable',
      reason: { en: 'Not offered to small companies', es: 'No se ofrece a empresas pequeñas' },
    });
    expect(cellAt(m, 'root', 'intel').state).toBe('whitespace');
  });

  it('gives a whitespace cell a propensity from similar customers, an expected value and a worded reason', () => {
    const portugal = unit('pt', { name: 'Iberia Logística Portugal, Lda.', parentId: 'root', employees: 850, products: [owned('core', 25, 10800)] });
    const m = whitespaceMatrix({ accountId: 'root', units: [ROOT, portugal], catalog: CATALOG, deals: [], peers: peers('p', 9, 7, 'analytics', 'logistics', 900) });
    const cell = cellAt(m, 'pt', 'analytics');
    // 7 of 9 similar (logistics, mid-market) customers; 25 seats (its core seats) × €360 × 7/9
    expect(cell).toMatchObject({
      state: 'whitespace',
      propensity: 7 / 9,
      peers: { owners: 7, of: 9, basis: { kind: 'similar', industry: 'logistics', size: 'mid-market' }, fallback: false },
      estimatedSeats: 25,
      estimatedArr: 9000,
      expectedValue: 7000,
    });
    expect(cell.state === 'whitespace' && { en: cell.reason.en, es: cell.reason.es.replace(/\u00a0/g, ' ') }).toEqual({
      en: '7 of 9 similar logistics customers own Analytics · €9k ARR if bought',
      es: '7 de 9 clientes de logística similares tienen Analytics · 9 mil € de ARR si lo compra',
    });
    // the root has 110 core seats: the same propensity is worth more there, and ranks first
    expect(cellAt(m, 'root', 'analytics')).toMatchObject({ estimatedSeats: 110, estimatedArr: 39600, expectedValue: 30800 });
    expect(m.ranked[0]).toEqual([0, 1]);
    expect(m.actions[0]).toMatchObject({
      unitId: 'root',
      productId: 'analytics',
      expectedValue: 30800,
      text: { en: 'Offer Analytics', es: 'Ofrece Analytics' },
      reason: { en: '7 of 9 similar logistics customers own Analytics · €40k ARR if bought' },
    });
    // nobody owns the rest: a cell nobody comparable owns is never a next action
    expect(m.actions.map((a) => [a.unitId, a.productId])).toEqual([['root', 'analytics'], ['pt', 'analytics']]);
    expect(m.actions[1]!.text).toEqual({ en: 'Offer Analytics to Iberia Logística Portugal, Lda.', es: 'Ofrece Analytics a Iberia Logística Portugal, Lda.' });
  });

  it.each([
    // [what, peers, basis, words]
    ['enough similar customers', () => peers('a', 5, 2, 'analytics'), 'similar', '2 of 5 similar logistics customers own Analytics'],
    ['too few of its size: the industry', () => [...peers('a', 4, 2, 'analytics'), ...peers('b', 3, 3, 'analytics', 'logistics', 5000)], 'industry', 'Wider comparison: 5 of 7 logistics customers of any size own Analytics'],
    ['too few of its industry: the size band', () => [...peers('a', 2, 2, 'analytics'), ...peers('b', 6, 1, 'analytics', 'banking')], 'size', 'Wider comparison: 3 of 8 mid-sized customers of any industry own Analytics'],
    ['too few of either: all customers', () => [...peers('a', 2, 2, 'analytics'), ...peers('b', 3, 0, 'analytics', 'banking', 20)], 'all', 'Wider comparison: 2 of 5 customers own Analytics'],
    ['nobody at all', () => [], 'all', 'No customers to compare with yet'],
  ] as const)('falls back in order, and says so: %s', (_what, make, kind, words) => {
    const m = whitespaceMatrix({ accountId: 'u', units: [unit('u')], catalog: CATALOG, deals: [], peers: make() });
    const cell = cellAt(m, 'u', 'analytics');
    if (cell.state !== 'whitespace') throw new Error('expected whitespace');
    expect(cell.peers.basis.kind).toBe(kind);
    expect(cell.peers.fallback).toBe(kind !== 'similar');
    expect(cell.reason.en.startsWith(words)).toBe(true);
    expect(cell.reason.es).toMatch(kind === 'similar' ? /^\d+ de \d+ clientes de logística similares/ : /^(Comparación más amplia: |Aún no hay clientes)/);
  });

  it('estimates seats from the unit’s own users, else from comparable owners per employee, else one', () => {
    const bare = unit('u', { employees: 1000, products: [] });
    // owners have 40 seats per 400 employees (10 %): 1,000 employees → 100 seats
    const m = whitespaceMatrix({ accountId: 'u', units: [bare], catalog: CATALOG, deals: [], peers: peers('p', 6, 3, 'analytics', 'logistics', 400) });
    // (the peers are mid-market, the unit enterprise: the fallback to the industry reads them)
    expect(cellAt(m, 'u', 'analytics')).toMatchObject({ estimatedSeats: 100, estimatedArr: 36000 });
    expect(cellAt(m, 'u', 'support')).toMatchObject({ estimatedSeats: 1, estimatedArr: 12000 });
    const none = whitespaceMatrix({ accountId: 'u', units: [unit('u', { employees: undefined })], catalog: CATALOG, deals: [], peers: [] });
    expect(cellAt(none, 'u', 'analytics')).toMatchObject({ estimatedSeats: 1, estimatedArr: 360, propensity: 0, expectedValue: 0 });
    // nothing to expect, nothing to rank
    expect(none.actions).toEqual([]);
  });

  it('never compares the hierarchy with itself, given as peers or as a prebuilt index', () => {
    const child = unit('c', { parentId: 'root', products: [owned('analytics', 10, 3600)] });
    const others = peers('p', 5, 0, 'analytics', 'logistics', 850);
    const all = [...others, { ...ROOT, lifecycle: 'customer' as const }, { ...child, lifecycle: 'customer' as const }];
    const fromList = whitespaceMatrix({ accountId: 'root', units: [ROOT, child], catalog: CATALOG, deals: [], peers: all });
    const fromIndex = whitespaceMatrix({ accountId: 'root', units: [ROOT, child], catalog: CATALOG, deals: [], peers: indexPeers(all) });
    expect(cellAt(fromList, 'root', 'analytics')).toMatchObject({ peers: { owners: 0, of: 5 } });
    expect(fromIndex).toEqual(fromList);
  });

  it('orders the units: the account, then its descendants depth-first by name; strays and cycles are left out', () => {
    const units = [
      unit('b', { name: 'Beta', parentId: 'root' }),
      unit('a', { name: 'Alpha', parentId: 'root' }),
      unit('a1', { name: 'Alpha One', parentId: 'a' }),
      unit('x', { name: 'Stray', parentId: 'elsewhere' }),
      ROOT,
    ];
    const m = whitespaceMatrix({ accountId: 'root', units, catalog: CATALOG, deals: [], peers: [] });
    expect(m.units.map((u) => [u.id, u.depth])).toEqual([['root', 0], ['a', 1], ['a1', 2], ['b', 1]]);
    const loop = whitespaceMatrix({ accountId: 'p', units: [unit('p', { parentId: 'q' }), unit('q', { parentId: 'p' })], catalog: CATALOG, deals: [], peers: [] });
    expect(loop.units.map((u) => u.id)).toEqual(['p', 'q']);
  });

  it.each([
    ['Iberia Logística Portugal, Lda.', 'Iberia Logística S.L.', 'Portugal'],
    ['Iberia Frío S.L.', 'Iberia Logística S.L.', 'Frío'],
    ['Iberia Logística Canarias S.L.', 'Iberia Logística S.L.', 'Canarias'],
    ['Acme Corp.', 'Other S.A.', 'Acme'],
    ['Iberia Logística S.L.', 'Iberia Logística S.L.', 'Logística'],
  ])('labels a unit by what sets it apart: %s under %s → %s', (name, root, label) => {
    expect(shortName(name, root)).toBe(label);
  });
});

describe('properties', () => {
  const productArb = fc.record({
    price: fc.integer({ min: 0, max: 20_000 }),
    unit: fc.constantFrom('seat/year', 'account/year', 'project', 'day', 'pack/year'),
    sizes: fc.option(fc.subarray(['smb', 'mid-market', 'enterprise'] as const, { minLength: 1 }), { nil: undefined }),
  });
  const worldArb = fc.record({
    catalog: fc.array(productArb, { minLength: 1, maxLength: 8 }),
    units: fc.array(
      fc.record({ employees: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }), own: fc.array(fc.nat({ max: 7 }), { maxLength: 4 }), seats: fc.integer({ min: 1, max: 500 }), parent: fc.nat({ max: 10 }) }),
      { minLength: 1, maxLength: 6 },
    ),
    peers: fc.array(
      fc.record({ industry: fc.constantFrom('logistics', 'banking', undefined), employees: fc.integer({ min: 1, max: 20_000 }), own: fc.array(fc.nat({ max: 7 }), { maxLength: 4 }), customer: fc.boolean() }),
      { maxLength: 40 },
    ),
    deals: fc.array(fc.record({ unit: fc.nat({ max: 5 }), product: fc.nat({ max: 7 }), open: fc.boolean() }), { maxLength: 5 }),
  });
  type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;
  const build = (w: World) => {
    const catalog = w.catalog.map((p, i) => product(`p${i}`, `Product ${i}`, p.price, p.unit, p.sizes ? { sizeBands: [...p.sizes] } : undefined));
    const units = w.units.map((u, i) =>
      unit(`u${i}`, {
        name: `Unit ${i}`,
        ...(u.employees !== undefined ? { employees: u.employees } : { employees: undefined }),
        products: u.own.filter((k) => k < catalog.length).map((k) => owned(`p${k}`, u.seats, 1000)),
        ...(i > 0 ? { parentId: `u${u.parent % i}` } : {}),
      }),
    );
    const peerList: MatrixPeer[] = w.peers.map((p, i) => ({
      id: `x${i}`,
      ...(p.industry ? { industry: p.industry } : {}),
      employees: p.employees,
      lifecycle: p.customer ? 'customer' : 'prospect',
      products: p.own.map((k) => owned(`p${k}`, 10)),
    }));
    const deals: MatrixDeal[] = w.deals.map((d, i) => ({ id: `d${i}`, name: `D${i}`, accountId: `u${d.unit}`, stage: d.open ? 'proposal' : 'closed-won', amount: 1, currency: 'EUR', productIds: [`p${d.product}`] }));
    return { accountId: 'u0', units, catalog, deals, peers: peerList };
  };

  it('every unit × product has one cell; propensity in 0–1; expected value = estimated ARR × propensity; ranking by expected value', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const input = build(w);
        const m = whitespaceMatrix(input);
        expect(m.units).toHaveLength(input.units.length);
        expect(m.cells).toHaveLength(m.units.length);
        for (const row of m.cells) expect(row).toHaveLength(input.catalog.length);
        const evs: number[] = [];
        for (const [u, p] of m.ranked) {
          const c = m.cells[u]![p]!;
          if (c.state !== 'whitespace') throw new Error('ranked a cell that is not whitespace');
          evs.push(c.expectedValue);
        }
        for (let i = 1; i < evs.length; i++) expect(evs[i]!).toBeLessThanOrEqual(evs[i - 1]!);
        for (const row of m.cells) {
          for (const c of row) {
            if (c.state !== 'whitespace') continue;
            expect(c.propensity).toBeGreaterThanOrEqual(0);
            expect(c.propensity).toBeLessThanOrEqual(1);
            expect(c.peers.owners).toBeLessThanOrEqual(c.peers.of);
            expect(c.expectedValue).toBe(Math.round(c.estimatedArr * c.propensity));
            expect(`${c.reason.en} ${c.reason.es}`).not.toMatch(/undefined|NaN|null/);
          }
        }
        expect(m.actions.length).toBe(Math.min(WHITESPACE_RULES.actions, m.ranked.length));
      }),
      { numRuns: 200 },
    );
  });

  it('owning a product or opening a deal on it only ever takes a cell out of the whitespace', () => {
    fc.assert(
      fc.property(worldArb, fc.nat({ max: 5 }), fc.nat({ max: 7 }), (w, ui, pi) => {
        const input = build(w);
        fc.pre(ui < input.units.length && pi < input.catalog.length);
        const before = whitespaceMatrix(input);
        const units = input.units.map((u, i) => (i === ui ? { ...u, products: [...u.products, owned(`p${pi}`, 5, 100)] } : u));
        const after = whitespaceMatrix({ ...input, units });
        const i = after.units.findIndex((u) => u.id === `u${ui}`);
        fc.pre(i >= 0);
        expect(after.cells[i]![pi]!.state).toBe('owned');
        // no other unit's row changes state
        after.cells.forEach((row, r) => {
          if (r !== i) expect(row.map((c) => c.state)).toEqual(before.cells[r]!.map((c) => c.state));
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the estimated ARR’s words', () => {
  it('are what Intl says for the figure itself: rounding to two digits first changes no word', () => {
    expect(twoDigits(17_500)).toBe(18_000);
    expect(twoDigits(1_250)).toBe(1_300);
    expect(twoDigits(99)).toBe(99);
    // where the rounding carries into the next unit ("€1M", not "€1,000K")
    for (const amount of [95, 995, 999, 1_050, 9_950, 99_950, 999_500, 999_999, 9_999_500, 149_999_999]) {
      for (const currency of ['EUR', 'USD']) expect(compactMoney(amount, currency)).toEqual({ en: formatMoneyCompact(amount, currency, 'en'), es: formatMoneyCompact(amount, currency, 'es') });
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', 'MXN'), (amount, currency) => {
        const words = compactMoney(amount, currency);
        expect(words.en).toBe(formatMoneyCompact(amount, currency, 'en'));
        expect(words.es).toBe(formatMoneyCompact(amount, currency, 'es'));
      }),
      { numRuns: 2000 },
    );
  });
});
