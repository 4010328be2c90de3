// Every next-action rule of issue #3, table-driven from one clean deal that needs nothing: each
// case changes one fact and must produce exactly the action that fact calls for.
import { describe, expect, it } from 'vitest';
import type { NextAction } from './actions';
import { DEFAULT_ACTION_CONFIG } from './actionConfig';
import { describeAction } from '../words/describe';
import type { Account, Activity, Deal, Person } from '../entities';
import { type Qualification, applyBantAnswer, logObjection, newQualification, setActionState } from '../qualification/qualification';
import { type QualifyInput, qualify } from '../qualify/qualify';
import { DEFAULT_QUALIFY_SETTINGS, type QualifySettings } from '../qualify/qualifySettings';
import { NOW, daysAgo, makeAccount, makeActivity, makeDeal, makePerson } from '../../../tests/support/records';

const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * HOUR);

/** All four letters answered `at`; authority is derived from the committee. */
function qualified(at: Date, entityType: 'deal' | 'lead' = 'deal', id = 'deal-1', vouched = false): Qualification {
  const by = { by: 'user-lucia', at };
  let q = newQualification(entityType, id, new Date(daysAgo(100)));
  q = applyBantAnswer(q, { letter: 'budget', answer: 'approved', amount: 10_000, currency: 'EUR' }, by);
  q = applyBantAnswer(q, { letter: 'need', category: 'compliance', statement: 'NIS2 audit in March' }, by);
  q = applyBantAnswer(q, { letter: 'timing', horizon: 'this-quarter', targetDate: daysAgo(-40) }, by);
  return applyBantAnswer(q, { letter: 'authority', economicBuyerId: 'cfo', engaged: vouched }, by);
}

type Scenario = {
  deal: Deal;
  account: Account;
  people: Person[];
  activities: Activity[];
  qualification: Qualification;
  duplicates?: QualifyInput['duplicates'];
  keyAccount?: boolean;
};

function clean(): Scenario {
  return {
    deal: makeDeal({ contactIds: ['champ', 'cfo'], stage: 'proposal', amount: 10_000, closeDate: daysAgo(-60) }),
    account: makeAccount({ employees: 50 }),
    people: [
      makePerson('cfo', { fullName: 'María José García', title: 'Directora Financiera' }),
      makePerson('champ', { fullName: 'Lucía Martín', title: 'Responsable de Operaciones' }),
    ],
    activities: [
      makeActivity('meeting', daysAgo(5), { personId: 'cfo' }),
      makeActivity('email-replied', daysAgo(3), { personId: 'champ' }),
    ],
    qualification: { ...qualified(new Date(daysAgo(10))), roleOverrides: { champ: 'champion' } },
  };
}

function actionsOf(s: Scenario, settings: QualifySettings = DEFAULT_QUALIFY_SETTINGS, now = NOW): NextAction[] {
  return qualify({ entityType: 'deal', ...s }, settings, now).actions;
}
const keys = (actions: NextAction[]) => actions.map((a) => a.key);

// A cold buyer is no longer engaged, so authority is open again; a departed champion leaves a gap.
const CONSEQUENCES: Record<string, string[]> = {
  'the buyer went cold': ['discovery:authority:partial'],
  'the champion left': ['multithread:champion'],
};

describe('next actions', () => {
  it('a clean, qualified, responded-to deal needs nothing', () => {
    const result = qualify({ entityType: 'deal', ...clean() }, DEFAULT_QUALIFY_SETTINGS, NOW);
    expect(result.stage.stage).toBe('sql');
    expect(result.actions).toEqual([]);
  });

  it.each<[string, (s: Scenario) => void, string, Partial<NextAction>]>([
    // discovery: one question per BANT gap
    ['budget unknown', (s) => void (s.qualification = applyBantAnswer(s.qualification, { letter: 'budget', answer: undefined, amount: undefined, status: 'unknown' }, { by: 'u', at: new Date(daysAgo(9)) })), 'discovery:budget:unknown', { category: 'discovery', personId: 'cfo', reason: { code: 'discovery.budget', params: { status: 'unknown' } } }],
    ['budget being estimated', (s) => void (s.qualification = applyBantAnswer(s.qualification, { letter: 'budget', answer: 'estimating' }, { by: 'u', at: new Date(daysAgo(9)) })), 'discovery:budget:partial', { category: 'discovery' }],
    ['need half stated', (s) => void (s.qualification = applyBantAnswer(s.qualification, { letter: 'need', statement: '' }, { by: 'u', at: new Date(daysAgo(9)) })), 'discovery:need:partial', { category: 'discovery', personId: 'champ' }],
    ['timing unknown', (s) => void (s.qualification = applyBantAnswer(s.qualification, { letter: 'timing', horizon: undefined, targetDate: undefined }, { by: 'u', at: new Date(daysAgo(9)) })), 'discovery:timing:unknown', { category: 'discovery' }],
    ['the buyer is not engaged', (s) => void (s.activities = s.activities.filter((a) => a.personId !== 'cfo')), 'discovery:authority:partial', { personId: 'cfo', reason: { code: 'discovery.authority', params: { status: 'partial', buyerName: 'María José García' } } }],
    // multithreading: one action per committee gap
    ['no champion', (s) => void (s.qualification = { ...s.qualification, roleOverrides: {} }), 'multithread:champion', { category: 'multithread', personId: 'champ' }],
    // the economic buyer's relationship went cold (and so authority is no longer engaged)
    ['the buyer went cold', (s) => void (s.activities = [makeActivity('meeting', daysAgo(45), { personId: 'cfo' }), makeActivity('call', daysAgo(2), { personId: 'champ' })]), 'cold:cfo:' + daysAgo(45), { category: 're-engage', personId: 'cfo' }],
    // the champion who left is a risk
    ['the champion left', (s) => void (s.people = [s.people[0]!, { ...s.people[1]!, leftCompany: true }, makePerson('ana', { title: 'Analista' })]), 'left:champ', { category: 'multithread', reason: { code: 'multithread.left', params: { role: 'champion', personName: 'Lucía Martín' } } }],
    // price objections
    ['a price objection from someone without authority', (s) => void (s.qualification = logObjection(s.qualification, { kind: 'price', byPersonId: 'champ', note: 'Es caro' }, { by: 'u', at: new Date(daysAgo(1)) })), `objection:champ:${daysAgo(1)}`, { category: 'objection', personId: 'cfo', reason: { code: 'objection.price.noAuthority', params: { objectorName: 'Lucía Martín', objectorRole: 'champion', at: daysAgo(1), buyerName: 'María José García' } } }],
    ['a price objection from the buyer', (s) => void (s.qualification = logObjection(s.qualification, { kind: 'price', byPersonId: 'cfo', note: 'ROI?' }, { by: 'u', at: new Date(daysAgo(1)) })), `objection:cfo:${daysAgo(1)}`, { category: 'objection', personId: 'cfo', reason: { code: 'objection.price.buyer', params: { objectorName: 'María José García', at: daysAgo(1) } } }],
    // record hygiene
    ['a close date in the past', (s) => void (s.deal = { ...s.deal, closeDate: daysAgo(12) }), `hygiene:close-date:${daysAgo(12)}`, { category: 'hygiene', reason: { code: 'hygiene.closeDatePast', params: { closeDate: daysAgo(12), days: 12 } } }],
    ['no close date', (s) => void (s.deal = { ...s.deal, closeDate: undefined }), 'hygiene:close-date-missing', { category: 'hygiene' }],
    ['no amount', (s) => void (s.deal = { ...s.deal, amount: undefined }), 'hygiene:amount-missing', { category: 'hygiene' }],
    ['the main contact has no phone or e-mail', (s) => void (s.people = [s.people[0]!, { ...s.people[1]!, phone: undefined, emails: [] }]), 'hygiene:contact:champ:email,phone', { category: 'hygiene', personId: 'champ' }],
    // duplicates: coordinate with the owner first
    ['a likely duplicate', (s) => void (s.duplicates = [{ personId: 'dup-9', ownerName: 'Diego Morales', lastTouchAt: daysAgo(4), name: 'M. J. García' }]), 'duplicate:dup-9', { category: 'duplicate', priority: 95, reason: { code: 'duplicate.coordinate', params: { ownerName: 'Diego Morales', lastTouchAt: daysAgo(4), personName: 'M. J. García' } } }],
    // ABM: marketing support by sales stage
    ['a tier-1 account in proposal', (s) => void (s.account = { ...s.account, tier: 'tier-1' }), 'abm:acc-1:middle', { category: 'abm', reason: { code: 'abm.support', params: { phase: 'middle', accountName: 'Iberia Logística S.L.', tier: 'tier-1' } } }],
    ['a tier-2 account in discovery', (s) => void ((s.account = { ...s.account, tier: 'tier-2' }), (s.deal = { ...s.deal, stage: 'discovery' })), 'abm:acc-1:early', { category: 'abm' }],
    ['a tier-3 account in negotiation', (s) => void ((s.account = { ...s.account, tier: 'tier-3' }), (s.deal = { ...s.deal, stage: 'negotiation' })), 'abm:acc-1:late', { category: 'abm' }],
  ])('%s → %s', (_what, change, key, expected) => {
    const s = clean();
    change(s);
    const actions = actionsOf(s);
    const action = actions.find((a) => a.key === key);
    expect(action, `got ${keys(actions).join(', ')}`).toMatchObject(expected);
    // the fact changed calls for this action and nothing else, bar its stated consequences
    expect(keys(actions).sort()).toEqual([key, ...(CONSEQUENCES[_what] ?? [])].sort());
  });

  describe('the response clock of a new SQL', () => {
    const sqlSince = (hours: number, keyAccount = false) => {
      const s = clean();
      // the rep vouches the buyer is engaged, so the SQL dates from the answers
      s.qualification = { ...qualified(hoursAgo(hours), 'deal', 'deal-1', true), roleOverrides: { champ: 'champion' } };
      // an e-mail opened is not a response from sales
      s.activities = [makeActivity('email-opened', hoursAgo(1).toISOString(), { personId: 'champ' })];
      s.account = { ...s.account, keyAccount };
      return actionsOf(s).find((a) => a.category === 'sla');
    };

    it('runs 24 h from the moment the last letter was confirmed', () => {
      expect(sqlSince(2)).toMatchObject({ key: `sla:${hoursAgo(2).toISOString()}`, overdue: false, dueAt: new Date(NOW.getTime() + 22 * HOUR).toISOString(), reason: { code: 'sla.clock', params: { slaHours: 24, hoursLeft: 22, keyAccount: false } } });
    });

    it('is overdue after 24 h, and is first in the list', () => {
      const s = clean();
      s.qualification = { ...qualified(hoursAgo(30)), roleOverrides: { champ: 'champion' } };
      s.activities = [makeActivity('meeting', daysAgo(5), { personId: 'cfo' })];
      s.deal = { ...s.deal, amount: undefined };
      const actions = actionsOf(s);
      expect(actions[0]).toMatchObject({ category: 'sla', overdue: true, reason: { code: 'sla.overdue', params: { hoursOverdue: 6 } } });
    });

    it('is 12 h for key accounts', () => {
      expect(sqlSince(13, true)).toMatchObject({ overdue: true, reason: { code: 'sla.overdue', params: { slaHours: 12, keyAccount: true, hoursOverdue: 1 } } });
      expect(sqlSince(11, true)).toMatchObject({ reason: { code: 'sla.clock', params: { slaHours: 12, hoursLeft: 1 } } });
    });

    it('does not run when the meeting that engaged the buyer made it an SQL', () => {
      const s = clean();
      s.qualification = { ...qualified(new Date(daysAgo(8))), roleOverrides: { champ: 'champion' } };
      s.activities = [makeActivity('meeting', hoursAgo(30).toISOString(), { personId: 'cfo' })];
      expect(actionsOf(s).filter((a) => a.category === 'sla')).toEqual([]);
    });

    it('stops once someone calls, meets, writes or gets a reply', () => {
      const s = clean();
      s.qualification = { ...qualified(hoursAgo(30)), roleOverrides: { champ: 'champion' } };
      s.activities = [makeActivity('meeting', daysAgo(5), { personId: 'cfo' }), makeActivity('call', hoursAgo(3).toISOString(), { personId: 'champ' })];
      expect(actionsOf(s).filter((a) => a.category === 'sla')).toEqual([]);
    });

    it('runs only for a new SQL (14 days by default)', () => {
      expect(sqlSince(13 * 24)).toMatchObject({ overdue: true });
      expect(sqlSince(15 * 24)).toBeUndefined();
    });

    it('follows the team’s SLA', () => {
      const settings = { ...DEFAULT_QUALIFY_SETTINGS, actions: { ...DEFAULT_ACTION_CONFIG, slaHours: 4 } };
      const s = clean();
      s.qualification = { ...qualified(hoursAgo(5)), roleOverrides: { champ: 'champion' } };
      s.activities = [makeActivity('meeting', daysAgo(5), { personId: 'cfo' })];
      expect(actionsOf(s, settings).find((a) => a.category === 'sla')?.reason).toMatchObject({ code: 'sla.overdue', params: { slaHours: 4, hoursOverdue: 1 } });
    });
  });

  describe('inactivity', () => {
    const quiet = (days: number) => {
      const s = clean();
      s.activities = [makeActivity('meeting', daysAgo(days), { personId: 'cfo' })];
      s.qualification = { ...s.qualification, bant: { ...s.qualification.bant, authority: { ...s.qualification.bant.authority, engaged: true } } };
      return actionsOf(s).filter((a) => a.category === 're-engage' && a.reason.code.startsWith('re-engage.'));
    };
    it.each([
      [29, []],
      [30, ['re-engage.stale']],
      [89, ['re-engage.stale']],
      [90, ['re-engage.dormant']],
      [200, ['re-engage.dormant']],
    ] as const)('%i days quiet → %j', (days, codes) => {
      expect(quiet(days).map((a) => a.reason.code)).toEqual(codes);
    });
    it('keys the action to the last activity, so new silence after a touch is a new action', () => {
      expect(quiet(40)[0]!.key).toBe(`stale:${daysAgo(40)}`);
    });
  });

  it('"not now" → nurture, with a date to look again, and no discovery or multithreading', () => {
    const s = clean();
    s.qualification = applyBantAnswer(s.qualification, { letter: 'timing', horizon: 'later', targetDate: daysAgo(-200) }, { by: 'u', at: new Date(daysAgo(2)) });
    s.qualification = { ...s.qualification, roleOverrides: {} };
    const actions = actionsOf(s);
    expect(actions.find((a) => a.category === 'nurture')).toMatchObject({
      key: 'nurture:later',
      reason: { code: 'nurture.notNow', params: { horizon: 'later', reviewAt: daysAgo(-170) } },
    });
    expect(actions.filter((a) => a.category === 'discovery' || a.category === 'multithread')).toEqual([]);
  });

  it('a closed deal has no next actions', () => {
    for (const stage of ['closed-won', 'closed-lost'] as const) {
      const s = clean();
      s.deal = { ...s.deal, stage, closeDate: daysAgo(20), amount: undefined };
      expect(actionsOf(s)).toEqual([]);
    }
  });

  it('ranks by priority, then due time, then key', () => {
    const s = clean();
    s.duplicates = [{ personId: 'dup', ownerName: 'Diego' }];
    s.deal = { ...s.deal, amount: undefined, closeDate: undefined };
    s.account = { ...s.account, tier: 'tier-1' };
    const actions = actionsOf(s);
    expect(keys(actions)).toEqual(['duplicate:dup', 'hygiene:amount-missing', 'hygiene:close-date-missing', 'abm:acc-1:middle']);
    for (let i = 1; i < actions.length; i++) expect(actions[i - 1]!.priority).toBeGreaterThanOrEqual(actions[i]!.priority);
  });

  it('remembers done and dismissed: marking one removes exactly that one', () => {
    const s = clean();
    s.deal = { ...s.deal, amount: undefined, closeDate: undefined };
    const before = actionsOf(s);
    s.qualification = setActionState(s.qualification, 'hygiene:amount-missing', 'dismissed', { by: 'u', at: NOW });
    expect(keys(actionsOf(s))).toEqual(keys(before).filter((k) => k !== 'hygiene:amount-missing'));
    s.qualification = setActionState(s.qualification, 'hygiene:amount-missing', undefined, { by: 'u', at: NOW });
    expect(keys(actionsOf(s))).toEqual(keys(before));
  });

  it('for a lead: discovery for every letter, the contact’s gaps, and no deal hygiene', () => {
    const lead = makePerson('lead-1', { kind: 'lead', title: 'Jefe de TI', phone: undefined, createdAt: daysAgo(3) });
    const result = qualify({ entityType: 'lead', lead, people: [], activities: [makeActivity('pricing-page-visit', daysAgo(1), { personId: 'lead-1' })] }, DEFAULT_QUALIFY_SETTINGS, NOW);
    expect(keys(result.actions)).toEqual([
      'discovery:need:unknown',
      'discovery:budget:unknown',
      'discovery:authority:unknown',
      // the committee's two gaps (economic buyer first among them) as one action, not two
      'multithread:gaps:champion,economic-buyer',
      'discovery:timing:unknown',
      'hygiene:contact:lead-1:phone',
    ]);
    const gaps = result.actions.find((a) => a.key.startsWith('multithread:gaps'))!;
    expect(gaps.reason).toEqual({ code: 'multithread.gaps', params: { roles: ['economic-buyer', 'champion'], required: 2, filled: 0 } });
    expect(describeAction(gaps, 'en').title).toBe('Complete the committee: 2 roles missing');
    expect(describeAction(gaps, 'es').title).toBe('Completa el comité: faltan 2 roles');
    for (const a of result.actions) {
      expect(describeAction(a, 'es').reason.length).toBeGreaterThan(10);
      expect(describeAction(a, 'en').reason.length).toBeGreaterThan(10);
    }
  });
});
