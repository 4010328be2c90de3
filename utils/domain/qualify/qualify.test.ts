import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../demo/generate';
import { describeAction, describeStage } from '../words/describe';
import type { Activity, Person } from '../entities';
import { applyBantAnswer, newQualification, qualificationSchema } from '../qualification/qualification';
import { qualify } from './qualify';
import { DEFAULT_QUALIFY_SETTINGS } from './qualifySettings';
import { NOW, daysAgo, makeAccount, makeActivity, makeDeal, makePerson } from '../../../tests/support/records';

const settings = DEFAULT_QUALIFY_SETTINGS;

describe('qualify', () => {
  it('maps a deal’s seed BANT into the full model when no qualification is stored yet', () => {
    const deal = makeDeal({ contactIds: ['cfo'], bant: { budget: 'confirmed', authority: 'confirmed', need: 'partial', timing: 'unknown' }, ownerId: 'u1' });
    const people = [makePerson('cfo', { title: 'CFO' })];
    const r = qualify({ entityType: 'deal', deal, people, activities: [] }, settings, NOW);
    expect(r.qualification).toMatchObject({ entityId: 'deal-1', entityType: 'deal', history: [] });
    expect(qualificationSchema.safeParse(r.qualification).success).toBe(true);
    expect(r.bant.budget).toMatchObject({ status: 'confirmed', amount: 40_000, source: 'crm', setBy: 'u1' });
    // the CRM said authority is confirmed: with the CFO identified, the rep's word stands
    expect(r.authority).toMatchObject({ status: 'confirmed', economicBuyerId: 'cfo', engaged: true });
    expect(r.stage.stage).toBe('mql');
  });

  it('derives authority from the committee, whatever status was stored', () => {
    const deal = makeDeal({ contactIds: ['it'], bant: { budget: 'unknown', authority: 'confirmed', need: 'unknown', timing: 'unknown' } });
    const r = qualify({ entityType: 'deal', deal, people: [makePerson('it', { title: 'Jefe de TI' })], activities: [] }, settings, NOW);
    expect(r.bant.authority.status).toBe('partial');
    expect(r.authority.reason).toBe('no-buyer');
  });

  it('qualifies a lead before it has a deal, with the lead in its own committee', () => {
    const lead = makePerson('lead-1', { kind: 'lead', title: 'IT Director', accountId: undefined, companyName: 'Northwind', createdAt: daysAgo(20) });
    const r = qualify(
      { entityType: 'lead', lead, people: [], activities: [makeActivity('webinar-attended', daysAgo(2), { personId: 'lead-1' })] },
      settings,
      NOW,
    );
    expect(r.entityId).toBe('lead-1');
    expect(r.qualification).toMatchObject({ entityType: 'lead', entityId: 'lead-1', updatedAt: daysAgo(20) });
    expect(r.committee.members).toEqual([expect.objectContaining({ personId: 'lead-1', role: 'technical-evaluator', onDeal: true })]);
    expect(r.score.score).toBe(15 + 15 + 25); // director + IT + webinar; no company size known
    // what would raise it most: the need (nothing is answered yet), then a meeting — not a second webinar, which is the lead's to watch
    expect(r.score.levers.slice(0, 2).map((l) => l.text.en)).toEqual(['Confirm the need: +20', 'Hold a meeting: +20']);
    expect(r.template.id).toBe('smb');
  });

  it('draws the trend from the answers of each past date', () => {
    const lead = makePerson('lead-1', { kind: 'lead', createdAt: daysAgo(60) });
    let q = newQualification('lead', 'lead-1', new Date(daysAgo(60)));
    q = applyBantAnswer(q, { letter: 'need', category: 'risk', statement: 'ransomware' }, { by: 'u', at: new Date(daysAgo(10)) });
    const activities = [makeActivity('meeting', daysAgo(1), { personId: 'lead-1' })];
    const r = qualify({ entityType: 'lead', lead, people: [], activities, qualification: q }, settings, NOW);
    // quiet since creation (−10 from day 30), need confirmed 10 days ago (+20), a meeting yesterday (+20)
    expect(r.score.trend.map((p) => p.score)).toEqual([0, 0, 0, -10, -10, -10, 10, 40]);
    expect(r.score.trend.at(-1)!.score).toBe(r.score.score);
    expect(r.score.modelVersion).toBe(1);
  });

  it('uses the key-account SLA when told so by the caller', () => {
    const deal = makeDeal({ contactIds: ['cfo'], bant: { budget: 'confirmed', authority: 'confirmed', need: 'confirmed', timing: 'confirmed' }, updatedAt: new Date(NOW.getTime() - 13 * 3_600_000).toISOString() });
    const input = { entityType: 'deal' as const, deal, people: [makePerson('cfo', { title: 'CFO' })], activities: [] };
    expect(qualify(input, settings, NOW).actions.find((a) => a.category === 'sla')?.overdue).toBe(false);
    expect(qualify({ ...input, keyAccount: true }, settings, NOW).actions.find((a) => a.category === 'sla')?.overdue).toBe(true);
  });

  it('names the missing record instead of guessing', () => {
    expect(() => qualify({ entityType: 'deal', people: [], activities: [] }, settings, NOW)).toThrow(/input\.deal/);
  });

  it('qualifies every deal and lead of the demo workspace, with readable reasons', () => {
    const { deals, leads } = qualifyDemo();
    const stages = new Map<string, number>();
    let actions = 0;
    for (const { r } of [...deals, ...leads]) {
      stages.set(r.stage.stage, (stages.get(r.stage.stage) ?? 0) + 1);
      expect(describeStage(r.stage.reason, 'es')).not.toMatch(/undefined/);
      for (const a of r.actions) {
        actions++;
        for (const locale of ['en', 'es'] as const) expect(describeAction(a, locale).reason).not.toMatch(/undefined|NaN/);
      }
    }
    // a realistic pipeline has every stage
    expect([...stages.keys()].sort()).toEqual(['disqualified', 'mql', 'new', 'nurture', 'sql']);
    expect(actions).toBeGreaterThan(deals.length);
  });
});

/** Every deal and lead of the demo workspace, qualified the way the background gathers them. */
function qualifyDemo() {
  const ws = generateDemoWorkspace({ now: NOW });
  const accounts = new Map(ws.accounts.map((a) => [a.id, a]));
  const peopleByAccount = new Map<string, Person[]>();
  for (const p of ws.people) if (p.accountId) peopleByAccount.set(p.accountId, [...(peopleByAccount.get(p.accountId) ?? []), p]);
  const activitiesBy = new Map<string, Activity[]>();
  for (const a of ws.activities) for (const key of [a.dealId, a.personId]) if (key) activitiesBy.set(key, [...(activitiesBy.get(key) ?? []), a]);
  const deals = ws.deals.map((deal) => {
    const people = deal.accountId ? (peopleByAccount.get(deal.accountId) ?? []) : [];
    const activities = [...new Map([deal.id, ...people.map((p) => p.id)].flatMap((k) => activitiesBy.get(k) ?? []).map((a) => [a.id, a])).values()];
    return { deal, r: qualify({ entityType: 'deal', deal, account: deal.accountId ? accounts.get(deal.accountId) : undefined, people, activities }, settings, NOW) };
  });
  const leads = ws.people
    .filter((p) => p.kind === 'lead')
    .map((lead) => ({
      lead,
      r: qualify({ entityType: 'lead', lead, account: lead.accountId ? accounts.get(lead.accountId) : undefined, people: [], activities: activitiesBy.get(lead.id) ?? [] }, settings, NOW),
    }));
  return { deals, leads };
}

function bandShares(results: readonly { r: ReturnType<typeof qualify> }[]): Map<string, number> {
  const shares = new Map<string, number>();
  for (const { r } of results) shares.set(r.score.band, (shares.get(r.score.band) ?? 0) + 1 / results.length);
  return shares;
}

describe('deals and leads read against their own thresholds (demo workspace)', () => {
  const { deals, leads } = qualifyDemo();
  const open = deals.filter(({ deal }) => deal.stage !== 'closed-won' && deal.stage !== 'closed-lost');

  it('carries the thresholds each score is read against', () => {
    expect(open.length).toBeGreaterThan(100);
    for (const { r } of open) expect(r.score.thresholds).toEqual(settings.scoringModel.dealThresholds);
    for (const { r } of leads) expect(r.score.thresholds).toEqual(settings.scoringModel.thresholds);
  });

  it('makes no more than a quarter of the open deals hot, and spreads them over the bands', () => {
    const shares = bandShares(open);
    expect(shares.get('hot') ?? 0).toBeLessThanOrEqual(0.25);
    expect(shares.get('hot') ?? 0).toBeGreaterThan(0); // hot still means something that happens
    expect(shares.size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...shares.values())).toBeLessThanOrEqual(0.5);
    // read against the lead's thresholds, most open deals would be "hot"
    const asLeads = open.filter(({ r }) => r.score.score >= settings.scoringModel.thresholds.hot).length / open.length;
    expect(asLeads).toBeGreaterThan(0.5);
  });

  it('keeps the leads on their own thresholds, spread as before', () => {
    const shares = bandShares(leads);
    expect(shares.get('hot') ?? 0).toBeLessThanOrEqual(0.25);
    expect(shares.size).toBe(5);
    expect(Math.max(...shares.values())).toBeLessThanOrEqual(0.5);
  });

  it('offers levers worded in both languages on every deal and lead that has room to grow', () => {
    for (const { r } of [...open, ...leads]) {
      for (const l of r.score.levers) {
        expect(l.points).toBeGreaterThan(0);
        expect(l.text.en).toMatch(/^[A-Z][^:]+: \+\d+$/);
        expect(l.text.es).toMatch(/^[A-Z][^:]+: \+\d+$/);
      }
    }
    expect(open.filter(({ r }) => r.score.levers.length >= 2).length / open.length).toBeGreaterThan(0.9);
  });

  it('uses the deal thresholds for "MQL by score" too, so the stage and the band agree', () => {
    const byScore = open.filter(({ r }) => r.stage.reason.code === 'stage.mql.score');
    for (const { r } of byScore) {
      expect(r.stage.reason).toMatchObject({ params: { threshold: settings.scoringModel.dealThresholds.mql } });
      expect(['mql', 'sql', 'hot']).toContain(r.score.band);
    }
  });
});

it('takes company size and ABM tier from the account, and picks the template by size', () => {
  const r = qualify(
    {
      entityType: 'deal',
      deal: makeDeal({ contactIds: ['p'] }),
      account: makeAccount({ employees: 2000, tier: 'tier-2' }),
      people: [makePerson('p', { title: 'Directora de Sistemas' })],
      activities: [],
    },
    settings,
    NOW,
  );
  expect(r.score.breakdown.map((i) => i.ruleId)).toEqual([
    'fit.seniority.director',
    'fit.function.it',
    'fit.size.500-plus',
    'fit.tier.2',
    'engagement.inactivity', // a deal opened 100 days ago with no activity since
  ]);
  expect(r.template.id).toBe('enterprise');
});
