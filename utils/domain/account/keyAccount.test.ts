import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../entities';
import {
  DEFAULT_KEY_ACCOUNT_SETTINGS,
  KEY_ACCOUNT_RULES,
  PLAN_ITEMS,
  type AccountPlan,
  applyPlanEdit,
  emptyPlan,
  expectedLifetime,
  keyAccountStatus,
  planChecklist,
  responseClock,
  revenueToDate,
  teamRevenue,
} from './keyAccount';
import { NOW, daysAgo, makeAccount, makeActivity } from '../../../tests/support/records';

type Owned = Account['products'][number];
const owned = (productId: string, fields: Partial<Owned> = {}): Owned => ({ productId, since: daysAgo(800), ...fields });
const customer = (id: string, arr: number, fields: Partial<Account> = {}): Account =>
  makeAccount({ id, lifecycle: 'customer', currency: 'EUR', products: [owned('core', { arr })], ...fields });
const team = (arrs: number[], lost = 0) => teamRevenue([...arrs.map((a, i) => customer(`c${i}`, a)), ...Array.from({ length: lost }, (_, i) => customer(`l${i}`, 0, { products: [owned('core', { startArr: 1000, endedAt: daysAgo(30) })] }))], NOW);

const base = (account: Account, fields: Partial<Parameters<typeof keyAccountStatus>[0]> = {}) =>
  keyAccountStatus({ account, units: [], team: team([account.products[0]?.arr ?? 0, 50_000, 50_000]), settings: DEFAULT_KEY_ACCOUNT_SETTINGS, activities: [], people: [], slaHours: 12, now: NOW, ...fields });

describe('key account by share of the team’s revenue', () => {
  // the team: the account plus two others of €50k; the threshold 2 % unless said
  it.each([
    ['a large share is key', 60_000, false, 0.02, true, 'share'],
    ['just at the threshold is key', 2_041, false, 0.02, true, 'share'],
    ['just below is not', 2_040, false, 0.02, false, 'none'],
    ['flagged in the CRM with a small share is key', 1_000, true, 0.02, true, 'flag'],
    ['both', 60_000, true, 0.02, true, 'both'],
    ['a higher threshold (40 %, the textbook figure) leaves a third out', 50_000, false, 0.4, false, 'none'],
    ['no revenue is never key by share', 0, false, 0.0001, false, 'none'],
  ] as const)('%s', (_what, arr, flag, threshold, key, basis) => {
    const s = base(customer('me', arr, { keyAccount: flag }), { settings: { revenueShare: threshold } });
    expect(s.key).toBe(key);
    expect(s.basis).toBe(basis);
  });

  it('counts the units’ revenue with the account’s, never across currencies', () => {
    const unitEur = customer('u1', 10_000);
    const unitUsd = customer('u2', 90_000, { currency: 'USD' });
    const s = base(customer('me', 20_000), { units: [unitEur, unitUsd], team: teamRevenue([customer('me', 20_000), unitEur, unitUsd, customer('x', 70_000)], NOW) });
    expect(s.acv).toBe(30_000);
    expect(s.unitsWithArr).toBe(1);
    expect(s.teamArr).toBe(100_000);
    expect(s.share).toBeCloseTo(0.3);
    expect(s.text.acv.en).toBe('ACV €30,000: what its contracts and 1 unit bring a year (ARR now)');
  });

  it('says why, in both languages, with the share and the threshold', () => {
    const s = base(customer('me', 60_000, { keyAccount: false }));
    expect(s.text.status.en).toBe('Key account: 37.5% of the team’s revenue (key from 2%)'.replace('’', "'"));
    expect(s.text.status.es.replace(/\u00a0/g, ' ')).toBe('Cuenta clave: 37,5 % de los ingresos del equipo (clave desde 2 %)');
  });

  it('property: raising the threshold never makes an account key by share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (arr, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const low = base(customer('me', arr), { settings: { revenueShare: lo } });
        const high = base(customer('me', arr), { settings: { revenueShare: hi } });
        return !high.key || low.key;
      }),
    );
  });
});

describe('ACV and CLV', () => {
  it('revenue to date follows the ARR level over time', () => {
    // 2 years at €10k, then a year at €20k
    const o = owned('core', { since: daysAgo(1095), startArr: 10_000, arr: 20_000, changes: [{ at: daysAgo(365), arr: 20_000 }] });
    expect(revenueToDate(o, NOW.getTime())).toBeCloseTo(40_000, 0);
    expect(revenueToDate(owned('x', { since: daysAgo(-10), arr: 5000 }), NOW.getTime())).toBe(0);
    // cancelled half-way through the second year
    expect(revenueToDate(owned('y', { since: daysAgo(730), startArr: 10_000, endedAt: daysAgo(547.5) }), NOW.getTime())).toBeCloseTo(5_000, 0);
  });

  it.each([
    ['fewer than 10 customers a year ago: the default', [1, 2, 3], 0, 5, 'fallback'],
    ['no customer lost: the cap', Array(12).fill(1000), 0, 10, 'none-lost'],
    ['3 of 15 lost: 1 ÷ 20 % = 5 years', Array(12).fill(1000), 3, 5, 'churn'],
    ['half lost: bounded below by 1 year? no, 2 years', Array(10).fill(1000), 10, 2, 'churn'],
  ] as const)('expected lifetime: %s', (_what, arrs, lost, years, basis) => {
    const l = expectedLifetime(team([...arrs], lost));
    expect(l.basis).toBe(basis);
    expect(l.years).toBeCloseTo(years);
  });

  it('CLV = revenue to date + ACV × the expected lifetime, and says so', () => {
    const account = customer('me', 12_000, { products: [owned('core', { since: daysAgo(730), arr: 12_000 })] });
    const s = base(account, { team: team(Array(12).fill(1000), 3) });
    expect(s.clv.lifetime.years).toBeCloseTo(5);
    expect(s.clv.toDate).toBeCloseTo(24_000, 0);
    expect(s.clv.value).toBeCloseTo(24_000 + 12_000 * 5, 0);
    expect(s.text.clv.en).toBe('CLV €84k: €24k earned since 22 Nov 2024 + €12k a year × 5 more years expected (1 ÷ 20% of customers lost a year)');
    expect(s.text.clv.es.replace(/\u00a0/g, ' ')).toContain('ingresados desde el 22 nov 2024');
  });
});

describe('the account plan checklist', () => {
  const plan = (items: AccountPlan['items']): AccountPlan => ({ accountId: 'me', items, updatedAt: daysAgo(1) });
  const entry = (days: number, note?: string) => ({ at: daysAgo(days), by: 'u1', ...(note ? { note } : {}) });

  it('has the eight items of the plan, in order, with the issue’s words', () => {
    const c = planChecklist(undefined, {}, NOW);
    expect(c.items.map((i) => i.label.en)).toEqual([
      'Profile',
      'Needs',
      "The customer's own audience",
      'Assigned manager',
      'Value-adds',
      'Commitments and SLA',
      'Alignment meeting',
      'Quarterly review',
    ]);
    expect(c.items.map((i) => i.key)).toEqual([...PLAN_ITEMS]);
    expect(c).toMatchObject({ done: 0, total: 8 });
    expect(c.items.every((i) => i.state === 'missing' && i.action)).toBe(true);
  });

  it.each([
    ['a written note is done', 'needs', entry(200, 'Cut empty kilometres'), 'done'],
    ['a review 89 days ago is done', 'review', entry(89), 'done'],
    ['a review 91 days ago is due again', 'review', entry(91), 'due'],
    ['an alignment meeting 300 days ago is done', 'alignment', entry(300), 'done'],
    ['an alignment meeting 400 days ago is due', 'alignment', entry(400), 'due'],
  ] as const)('%s', (_what, key, e, state) => {
    const item = planChecklist(plan({ [key]: e }), {}, NOW).items.find((i) => i.key === key)!;
    expect(item.state).toBe(state);
    expect(item.action !== undefined).toBe(state !== 'done');
  });

  it('the assigned manager is the CRM’s owner, not a box to tick', () => {
    expect(planChecklist(undefined, { ownerName: 'Lucía Fernández' }, NOW).items[3]).toMatchObject({ key: 'manager', state: 'done', source: 'crm', evidence: { en: 'Lucía Fernández' } });
    expect(planChecklist(plan({ manager: entry(3) }), {}, NOW).items[3]).toMatchObject({ state: 'missing' });
  });

  it('edits: done with a note, a meeting on its date, undone; never in the future', () => {
    let p = emptyPlan('me', NOW);
    p = applyPlanEdit(p, { item: 'needs', done: true, note: '  Cut empty km  ' }, 'u1', NOW);
    p = applyPlanEdit(p, { item: 'review', done: true, at: '2026-11-02' }, 'u1', NOW);
    expect(p.items.needs).toEqual({ note: 'Cut empty km', at: NOW.toISOString(), by: 'u1' });
    expect(p.items.review?.at).toBe('2026-11-02T00:00:00.000Z');
    expect(() => applyPlanEdit(p, { item: 'review', done: true, at: '2027-01-01' }, 'u1', NOW)).toThrow(/future/);
    expect(() => applyPlanEdit(p, { item: 'review', done: true, at: 'soon' }, 'u1', NOW)).toThrow(/Unreadable/);
    p = applyPlanEdit(p, { item: 'needs', done: false }, 'u1', NOW);
    expect(p.items.needs).toBeUndefined();
    expect(planChecklist(p, {}, NOW).done).toBe(1);
  });

  it('only key accounts carry the plan', () => {
    expect(base(customer('me', 60_000)).plan?.total).toBe(8);
    expect(base(customer('me', 100)).plan).toBeUndefined();
  });
});

describe('the key-account response SLA', () => {
  const people = [{ id: 'p1', fullName: 'María José García López' }];
  it.each([
    ['a reply 3 h ago: 9 h left', [makeActivity('email-replied', daysAgo(3 / 24), { personId: 'p1' })], false, 9],
    ['a reply 15 h ago: 3 h overdue', [makeActivity('email-replied', daysAgo(15 / 24), { personId: 'p1' })], true, 3],
  ] as const)('%s', (_what, acts, overdue, hours) => {
    const c = responseClock(acts, people, 12, NOW)!;
    expect(c).toMatchObject({ overdue, hours, personId: 'p1' });
  });

  it('an answer after it stops the clock; an old message is not a clock', () => {
    expect(responseClock([makeActivity('email-replied', daysAgo(1)), makeActivity('call', daysAgo(0.5))], people, 12, NOW)).toBeUndefined();
    expect(responseClock([makeActivity('support-ticket', daysAgo(KEY_ACCOUNT_RULES.responseWindowDays + 1))], people, 12, NOW)).toBeUndefined();
  });

  it('is worded with the SLA in both languages', () => {
    const c = responseClock([makeActivity('email-replied', daysAgo(3 / 24), { personId: 'p1' })], people, 12, NOW)!;
    expect(c.text.en).toBe("Answer María José García López's e-mail: 9 hrs left of the key-account SLA of 12 hrs");
    expect(c.text.es).toBe('Responde el correo de María José García López: quedan 9 h del SLA de cuenta clave de 12 h');
  });

  it('applies to key accounts only, with their SLA', () => {
    const activities = [makeActivity('email-replied', daysAgo(3 / 24), { personId: 'p1' })];
    expect(base(customer('me', 60_000), { activities, people, slaHours: 12 }).response?.hours).toBe(9);
    expect(base(customer('me', 100), { activities, people }).response).toBeUndefined();
  });
});
