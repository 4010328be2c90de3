import { describe, expect, it } from 'vitest';
import { type AuthorityDerivation, deriveAuthority, engagementTimes, pickEconomicBuyer } from './authority';
import { type AuthorityAnswer, emptyBant } from './bant';
import { buildCommittee } from '../committee/committee';
import { DEFAULT_COMMITTEE_CONFIG } from '../committee/committeeConfig';
import type { Activity, Person } from '../entities';
import { NOW, daysAgo, makeActivity, makePerson } from '../../../tests/support/records';

const config = DEFAULT_COMMITTEE_CONFIG; // engaged = meeting / call / reply within 30 days

function derive(people: Person[], activities: Activity[], answer: Partial<AuthorityAnswer> = {}, overrides = {}): AuthorityDerivation {
  const full: AuthorityAnswer = { ...emptyBant().authority, ...answer };
  const committee = buildCommittee({
    people,
    overrides,
    template: config.templates[2]!,
    activities,
    now: NOW,
    coldAfterDays: 30,
  });
  const buyer = pickEconomicBuyer(full, committee.members);
  const times = buyer ? engagementTimes(buyer.personId, activities, config) : [];
  return deriveAuthority(full, buyer, times, NOW.getTime(), config);
}

const cfo = makePerson('cfo', { title: 'Director Financiero' });
const it_ = makePerson('it', { title: 'Jefe de TI' });

describe('deriveAuthority: confirmed only when the economic buyer is identified and engaged', () => {
  it.each<[string, Person[], Activity[], Partial<AuthorityAnswer>, Record<string, string>, Partial<AuthorityDerivation>]>([
    ['nobody is the buyer', [it_], [], {}, {}, { status: 'unknown', engaged: false, reason: 'no-buyer' }],
    ['the rep claims authority but no buyer is known', [it_], [], { status: 'confirmed' }, {}, { status: 'partial', reason: 'no-buyer' }],
    ['the buyer is known, never touched', [cfo, it_], [], {}, {}, { status: 'partial', economicBuyerId: 'cfo', reason: 'buyer-not-engaged' }],
    [
      'the buyer met us 10 days ago',
      [cfo],
      [makeActivity('meeting', daysAgo(10), { personId: 'cfo' })],
      {},
      {},
      { status: 'confirmed', engaged: true, economicBuyerId: 'cfo', engagedAt: daysAgo(10) },
    ],
    ['the buyer replied 29 days ago', [cfo], [makeActivity('email-replied', daysAgo(29), { personId: 'cfo' })], {}, {}, { status: 'confirmed' }],
    ['the last meeting was 31 days ago', [cfo], [makeActivity('meeting', daysAgo(31), { personId: 'cfo' })], {}, {}, { status: 'partial' }],
    ['the buyer only opened an e-mail', [cfo], [makeActivity('email-opened', daysAgo(1), { personId: 'cfo' })], {}, {}, { status: 'partial' }],
    ['a meeting in the future does not count', [cfo], [makeActivity('meeting', daysAgo(-2), { personId: 'cfo' })], {}, {}, { status: 'partial' }],
    ['someone else met us', [cfo, it_], [makeActivity('meeting', daysAgo(1), { personId: 'it' })], {}, {}, { status: 'partial' }],
    ['the rep vouches the buyer is engaged', [cfo], [], { engaged: true }, {}, { status: 'confirmed', engaged: true }],
    ['the rep vouches, but nobody is the buyer', [it_], [], { engaged: true }, {}, { status: 'unknown', engaged: false }],
    ['the rep names the buyer and vouches', [it_], [], { economicBuyerId: 'it', engaged: true }, {}, { status: 'confirmed', economicBuyerId: 'it' }],
    ['the rep names a buyer who left', [makePerson('gone', { title: 'CFO', leftCompany: true })], [], { economicBuyerId: 'gone', engaged: true }, {}, { status: 'unknown' }],
    ['the rep says there is no authority to reach', [it_], [], { status: 'negative' }, {}, { status: 'negative', reason: 'rep-negative' }],
    ['an override makes the buyer', [it_], [makeActivity('call', daysAgo(3), { personId: 'it' })], {}, { it: 'economic-buyer' }, { status: 'confirmed', economicBuyerId: 'it' }],
  ])('%s', (_what, people, activities, answer, overrides, expected) => {
    expect(derive(people, activities, answer, overrides)).toMatchObject(expected);
  });

  it('prefers an overridden buyer, then the most senior inferred one', () => {
    const people = [makePerson('vp', { title: 'VP of Finance' }), makePerson('ceo', { title: 'CEO' })];
    expect(derive(people, []).economicBuyerId).toBe('ceo');
    expect(derive(people, [], {}, { vp: 'economic-buyer' }).economicBuyerId).toBe('vp');
  });
});
