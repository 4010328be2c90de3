import { describe, expect, it } from 'vitest';
import type { Deal } from '../entities';
import { ABM_RULES, abmView, dealNameOnAccount, reviewQueue, valueWeekAgo, type AbmInput } from './abm';
import { NOW, daysAgo, makeAccount, makeActivity, makeDeal, makePerson } from '../../../tests/support/records';

const names = { u1: 'Lucía Fernández', m1: 'Pablo Ortega' };
const input = (fields: Partial<AbmInput> = {}): AbmInput => ({
  account: makeAccount({ tier: 'tier-1', ownerId: 'u1', marketingOwnerId: 'm1' }),
  userNames: names,
  deals: [],
  people: [],
  activities: [],
  now: NOW,
  ...fields,
});
const deal = (id: string, stage: Deal['stage'], fields: Partial<Deal> = {}) => makeDeal({ id, name: `Deal ${id}`, stage, lastActivityAt: daysAgo(1), ...fields });

describe('ABM owners and tier', () => {
  it('names the tier and both owners', () => {
    const v = abmView(input());
    expect(v.tierLabel?.en).toBe('Tier 1 · one-to-one');
    expect(v.salesOwner).toEqual({ id: 'u1', name: 'Lucía Fernández' });
    expect(v.marketingOwner).toEqual({ id: 'm1', name: 'Pablo Ortega' });
    expect(v.ownerGaps).toEqual([]);
  });

  it('a missing marketing owner is a gap, and the next step when nothing stalled', () => {
    const v = abmView(input({ account: makeAccount({ tier: 'tier-2', ownerId: 'u1' }) }));
    expect(v.ownerGaps.map((g) => g.en)).toEqual(['No marketing owner: name one so marketing supports this account']);
    expect(v.next.en).toBe(v.ownerGaps[0]!.en);
  });
});

describe('marketing support by sales stage', () => {
  it.each([
    ['no open deal: awareness', [], 'early'],
    ['discovery: awareness', [deal('a', 'discovery')], 'early'],
    ['qualification: account-specific content', [deal('a', 'qualification')], 'mid'],
    ['proposal: account-specific content', [deal('a', 'proposal')], 'mid'],
    ['negotiation: proof points and executive outreach', [deal('a', 'negotiation')], 'late'],
    ['the furthest open deal decides', [deal('a', 'discovery'), deal('b', 'negotiation'), deal('c', 'closed-won')], 'late'],
    ['closed deals do not count', [deal('a', 'closed-won'), deal('b', 'closed-lost')], 'early'],
  ] as const)('%s', (_what, deals, phase) => {
    const v = abmView(input({ deals: [...deals] }));
    expect(v.phase).toBe(phase);
    expect(v.support.items.length).toBeGreaterThan(0);
  });

  it('words the late stage as the source does', () => {
    const v = abmView(input({ deals: [deal('a', 'negotiation')] }));
    expect(v.support.title.en).toBe('Late: proof points, executive outreach');
    expect(v.support.items.map((i) => i.en)).toContain('Executive outreach to the economic buyer');
  });
});

describe('what moved since last week', () => {
  it('stage changes this week, forward good and backward a risk; older ones are not news', () => {
    const v = abmView(
      input({
        deals: [
          deal('a', 'negotiation', { name: 'Analytics', stageChanges: [{ at: daysAgo(20), from: 'discovery', to: 'proposal' }, { at: daysAgo(2), from: 'proposal', to: 'negotiation' }] }),
          deal('b', 'qualification', { name: 'Cold chain', stageChanges: [{ at: daysAgo(3), from: 'proposal', to: 'qualification' }] }),
        ],
      }),
    );
    const stages = v.moves.filter((m) => m.kind === 'stage');
    expect(stages.map((m) => [m.dealId, m.tone])).toEqual([['b', 'risk'], ['a', 'good']]);
    expect(stages[1]!.text.en).toBe('Analytics: proposal → negotiation (2 days ago)');
    expect(stages[1]!.text.es).toBe('Analytics: propuesta → negociación (anteayer)');
  });

  it('new people engaged: two-way contact this week, none in the 90 days before', () => {
    const people = [makePerson('p1', { fullName: 'Carmen Ruiz', title: 'COO' }), makePerson('p2', { fullName: 'Juan Pérez' }), makePerson('p3', { fullName: 'Ana Gil' })];
    const v = abmView(
      input({
        people,
        activities: [
          makeActivity('meeting', daysAgo(2), { personId: 'p1' }),
          makeActivity('call', daysAgo(3), { personId: 'p2' }),
          makeActivity('call', daysAgo(40), { personId: 'p2' }), // already engaged
          makeActivity('email-opened', daysAgo(1), { personId: 'p3' }), // one-way: not engaged
        ],
      }),
    );
    expect(v.moves.filter((m) => m.kind === 'engaged').map((m) => m.text.en)).toEqual(['Carmen Ruiz (COO) engaged: new in the conversation']);
  });

  it.each([
    ['13 days quiet is not stalled', 13, false],
    ['14 days quiet is stalled', ABM_RULES.stalledAfterDays, true],
  ] as const)('deals stalled: %s', (_what, days, stalled) => {
    const v = abmView(input({ deals: [deal('a', 'proposal', { lastActivityAt: daysAgo(days) })] }));
    expect(v.moves.some((m) => m.kind === 'stalled')).toBe(stalled);
    if (stalled) expect(v.next.en).toMatch(/stalled deal/);
  });

  it('an activity on the deal newer than lastActivityAt keeps it moving', () => {
    const v = abmView(input({ deals: [deal('a', 'proposal', { lastActivityAt: daysAgo(30) })], activities: [makeActivity('email-sent', daysAgo(2), { dealId: 'a' })] }));
    expect(v.moves).toEqual([]);
  });

  it.each([
    ['score +22', [{ dealId: 'a', dealName: 'Analytics', now: 142, weekAgo: 120 }], undefined, ['score:good']],
    ['score −4 is noise', [{ dealId: 'a', dealName: 'Analytics', now: 116, weekAgo: 120 }], undefined, []],
    ['health −7', [], { now: 71, weekAgo: 78 }, ['health:risk']],
    ['health +2 is noise', [], { now: 80, weekAgo: 78 }, []],
  ] as const)('score and health moves: %s', (_what, scores, health, kinds) => {
    const v = abmView(input({ scores: [...scores], ...(health ? { health } : {}) }));
    expect(v.moves.map((m) => `${m.kind}:${m.tone}`)).toEqual(kinds);
  });

  it('words a health move in both languages', () => {
    const v = abmView(input({ health: { now: 71, weekAgo: 78 } }));
    expect(v.moves[0]!.text).toEqual({ en: 'Health 78 → 71 (−7 this week)', es: 'Salud 78 → 71 (−7 esta semana)' });
  });

  it('risks come first', () => {
    const v = abmView(input({ deals: [deal('a', 'proposal', { lastActivityAt: daysAgo(20), stageChanges: [{ at: daysAgo(1), from: 'qualification', to: 'proposal' }] })], health: { now: 60, weekAgo: 70 } }));
    expect(v.moves.map((m) => m.kind)).toEqual(['stalled', 'health', 'stage']);
  });
});

describe('the weekly review queue', () => {
  const acc = (id: string, name: string, fields: Parameters<typeof makeAccount>[0]) => makeAccount({ id, name, ...fields });
  it('is the target accounts the user owns for sales or marketing, tier 1 first, then by name', () => {
    const q = reviewQueue(
      [
        acc('a', 'Zeta', { tier: 'tier-1', ownerId: 'u1' }),
        acc('b', 'Alfa', { tier: 'tier-2', marketingOwnerId: 'u1' }),
        acc('c', 'Ábaco', { tier: 'tier-2', ownerId: 'u1' }),
        acc('d', 'Beta', { ownerId: 'u1' }), // not a target account
        acc('e', 'Gamma', { tier: 'tier-1', ownerId: 'u2' }), // someone else's
        acc('f', 'Delta', { tier: 'tier-1', ownerId: 'u1', lifecycle: 'former-customer' }),
      ],
      'u1',
    );
    expect(q.map((e) => e.accountId)).toEqual(['a', 'c', 'b']);
  });

  it('reads the value a week ago from a trend', () => {
    const points = [0, 7, 14].map((d, i) => ({ at: daysAgo(d), score: 100 - i * 10 }));
    expect(valueWeekAgo(points, NOW)).toBe(90);
    expect(valueWeekAgo([{ at: daysAgo(1), score: 5 }], NOW)).toBeUndefined();
  });
});

describe('deal names on their own account', () => {
  it.each([
    ['Iberia Logística — Renovación 2027', 'Iberia Logística S.L.', 'Renovación 2027'],
    ['Iberia Logistica - Analytics', 'Iberia Logística S.L.', 'Analytics'],
    ['Northwind — Platform', 'Iberia Logística S.L.', 'Northwind — Platform'],
    ['Renovación 2027', 'Iberia Logística S.L.', 'Renovación 2027'],
  ])('%s on %s reads %s', (deal, account, shown) => {
    expect(dealNameOnAccount(deal, account)).toBe(shown);
  });

  it('the review’s lines use them', () => {
    const v = abmView(input({ account: makeAccount({ name: 'Iberia Logística S.L.', tier: 'tier-1' }), deals: [deal('a', 'proposal', { name: 'Iberia Logística — Analytics', lastActivityAt: daysAgo(20) })] }));
    expect(v.moves[0]!.text.en).toBe('Analytics stalled: last activity 20 days ago');
  });
});
