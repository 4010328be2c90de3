import { describe, expect, it } from 'vitest';
import type { BantStatuses } from './bant';
import type { ActivityType } from '../entities';
import { type ScoreInput, bandFor, scoreAt, scoreTrend } from './scoring';
import { DEFAULT_SCORING_MODEL, type ScoringModel } from './scoringModel';
import { NOW, daysAgo, makeAccount, makeActivity, makePerson } from '../../../tests/support/records';

const model = DEFAULT_SCORING_MODEL;
const sum = (items: { points: number }[]) => items.reduce((s, i) => s + i.points, 0);
const noBant: BantStatuses = { budget: 'unknown', authority: 'unknown', need: 'unknown', timing: 'unknown' };

/** A lead with no fit at all, so engagement figures show alone. */
function engagementOnly(types: ActivityType[], ago = 1): ScoreInput {
  return { activities: types.map((t) => makeActivity(t, daysAgo(ago))) };
}

describe('DOMAIN.md figures under the default model', () => {
  it.each<[ActivityType, number]>([
    ['pricing-page-visit', 15],
    ['case-study-download', 10],
    ['webinar-attended', 25],
  ])('%s → +%i', (type, points) => {
    const s = scoreAt(engagementOnly([type]), model, NOW);
    expect(s.score).toBe(points);
    expect(s.breakdown).toHaveLength(1);
    expect(s.breakdown[0]).toMatchObject({ points, fact: { kind: 'activity', activityType: type } });
  });

  it('an IT director at a company of more than 500 employees ≈ +50', () => {
    for (const title of ['IT Director', 'Director de Sistemas', 'Directora de Sistemas']) {
      const s = scoreAt({ person: makePerson('p', { title }), account: makeAccount({ employees: 850 }), activities: [] }, model, NOW);
      expect(s.score).toBe(50);
      expect(s.breakdown.map((i) => i.ruleId)).toEqual(['fit.seniority.director', 'fit.function.it', 'fit.size.500-plus']);
    }
  });

  it('30 days without activity subtracts', () => {
    const quiet = (days: number) => scoreAt({ ...engagementOnly(['webinar-attended'], days) }, model, NOW).score;
    expect(quiet(29)).toBe(25);
    expect(quiet(30)).toBe(15);
    expect(quiet(59)).toBe(15);
    expect(quiet(60)).toBe(5);
    // the penalty stops after maxSteps
    expect(scoreAt({ activities: [], since: daysAgo(400) }, model, NOW).score).toBe(-30);
  });

  it('100 points is hot: the IT director (50) who saw pricing (15), a case study (10) and a full webinar (25)', () => {
    const s = scoreAt(
      {
        person: makePerson('p', { title: 'IT Director' }),
        account: makeAccount({ employees: 600 }),
        activities: [
          makeActivity('pricing-page-visit', daysAgo(1)),
          makeActivity('case-study-download', daysAgo(2)),
          makeActivity('webinar-attended', daysAgo(3)),
        ],
      },
      model,
      NOW,
    );
    expect(s.score).toBe(100);
    expect(s.band).toBe('hot');
    // the threshold is the team's: lower it and a single webinar is hot
    const eager = { ...model, thresholds: { warm: 5, mql: 10, sql: 20, hot: 25 } };
    expect(scoreAt({ activities: [makeActivity('webinar-attended', daysAgo(1))] }, eager, NOW).band).toBe('hot');
  });
});

describe('scoreAt', () => {
  it('gives every point with its rule, fact and date, and the breakdown adds up', () => {
    const act = makeActivity('meeting', daysAgo(4), { personId: 'p' });
    const s = scoreAt(
      {
        person: makePerson('p', { title: 'CFO' }),
        account: makeAccount({ employees: 300, tier: 'tier-1' }),
        activities: [act],
        bant: {
          budget: { status: 'confirmed', setAt: daysAgo(2) },
          authority: { status: 'partial' },
          need: { status: 'negative' },
          timing: { status: 'unknown' },
        },
      },
      model,
      NOW,
    );
    expect(s.breakdown).toEqual([
      { ruleId: 'fit.seniority.c-level', label: { en: 'C-level', es: 'Alta dirección (C-level)' }, points: 20, fact: { kind: 'title', personId: 'p', title: 'CFO' } },
      { ruleId: 'fit.function.finance', label: expect.any(Object), points: 12, fact: { kind: 'title', personId: 'p', title: 'CFO' } },
      { ruleId: 'fit.size.200-499', label: expect.any(Object), points: 12, fact: { kind: 'employees', employees: 300 } },
      { ruleId: 'fit.tier.1', label: expect.any(Object), points: 15, fact: { kind: 'tier', tier: 'tier-1' } },
      { ruleId: 'eng.meeting', label: expect.any(Object), points: 20, fact: { kind: 'activity', activityId: act.id, activityType: 'meeting', personId: 'p' }, at: act.at },
      { ruleId: 'bant.budget.confirmed', label: { en: 'Budget confirmed', es: 'Presupuesto: confirmado' }, points: 15, fact: { kind: 'bant', letter: 'budget', status: 'confirmed' }, at: daysAgo(2) },
      { ruleId: 'bant.authority.partial', label: expect.any(Object), points: 5, fact: { kind: 'bant', letter: 'authority', status: 'partial' } },
      { ruleId: 'bant.need.negative', label: { en: 'Need ruled out', es: 'Necesidad: descartada' }, points: -20, fact: { kind: 'bant', letter: 'need', status: 'negative' } },
    ]);
    expect(s.score).toBe(sum(s.breakdown));
    expect(s.score).toBe(79);
    expect(s.at).toBe(NOW.toISOString());
  });

  it('ignores activities after the scoring date, so past scores can be computed', () => {
    const input = engagementOnly([]);
    input.activities = [makeActivity('pricing-page-visit', daysAgo(10)), makeActivity('webinar-attended', daysAgo(3))];
    expect(scoreAt(input, model, NOW).score).toBe(40);
    expect(scoreAt(input, model, new Date(daysAgo(5))).score).toBe(15);
    expect(scoreAt(input, model, new Date(daysAgo(20))).score).toBe(0);
  });

  it('counts only the most recent maxCount activities of a type, within the window', () => {
    const visits = [1, 2, 3, 4].map((d) => makeActivity('pricing-page-visit', daysAgo(d)));
    const s = scoreAt({ activities: visits }, model, NOW);
    expect(s.score).toBe(30); // maxCount 2
    expect(s.breakdown.map((i) => i.at)).toEqual([daysAgo(1), daysAgo(2)]);
    const old = scoreAt({ activities: [makeActivity('webinar-attended', daysAgo(200)), makeActivity('call', daysAgo(1))] }, model, NOW);
    expect(old.breakdown.map((i) => i.ruleId)).toEqual(['eng.call']); // 200 days is outside the 180-day window
  });

  it('counts a repeated activity once and skips unparseable dates', () => {
    const a = makeActivity('webinar-attended', daysAgo(1));
    expect(scoreAt({ activities: [a, a, makeActivity('case-study-download', 'yesterday')] }, model, NOW).score).toBe(25);
  });

  it('gives no points for activity types without a rule (the rep’s own e-mails, notes)', () => {
    expect(scoreAt(engagementOnly(['email-sent', 'note', 'support-ticket']), model, NOW).score).toBe(0);
  });

  it('matches industry and country rules without case or accents, account country first', () => {
    const custom: ScoringModel = {
      ...model,
      fit: [
        { kind: 'industry', id: 'icp.industry', label: { en: 'Logistics', es: 'Logística' }, points: 10, industries: ['Logística', 'logistics'] },
        { kind: 'country', id: 'icp.country', label: { en: 'Core market', es: 'Mercado clave' }, points: 5, countries: ['España', 'Spain', 'ES', 'México'] },
      ],
    };
    const score = (account: Parameters<typeof makeAccount>[0], personCountry?: string) =>
      scoreAt({ person: makePerson('p', { country: personCountry }), account: makeAccount(account), activities: [] }, custom, NOW).score;
    expect(score({ industry: 'LOGISTICA', country: 'spain' })).toBe(15);
    expect(score({ industry: 'banking', country: 'Mexico' })).toBe(5);
    expect(score({ industry: 'banking' }, 'ES')).toBe(5);
    expect(score({ industry: 'banking', country: 'Chile' }, 'ES')).toBe(0);
  });

  it('scores the BANT statuses given as plain statuses or as a function of the date', () => {
    const confirmedFromDay5 = (atMs: number) => ({
      ...{ budget: { status: 'unknown' as const }, authority: { status: 'unknown' as const }, timing: { status: 'unknown' as const } },
      need: { status: atMs >= Date.parse(daysAgo(5)) ? ('confirmed' as const) : ('unknown' as const) },
    });
    expect(scoreAt({ activities: [], bant: { ...noBant, need: 'confirmed' } }, model, NOW).score).toBe(20);
    expect(scoreAt({ activities: [], bant: confirmedFromDay5 }, model, NOW).score).toBe(20);
    expect(scoreAt({ activities: [], bant: confirmedFromDay5 }, model, new Date(daysAgo(6))).score).toBe(0);
  });
});

describe('bands and trend', () => {
  it.each([
    [-10, 'cold'],
    [19, 'cold'],
    [20, 'warm'],
    [40, 'mql'],
    [70, 'sql'],
    [99, 'sql'],
    [100, 'hot'],
  ] as const)('%i → %s', (score, band) => {
    expect(bandFor(score, model.thresholds)).toBe(band);
  });

  it('reads a deal’s score against the deal thresholds', () => {
    // an IT director at a 600-person company, all four letters confirmed, a committee that met three times
    const input: ScoreInput = {
      person: makePerson('p', { title: 'IT Director' }),
      account: makeAccount({ employees: 600 }),
      activities: ['meeting', 'meeting', 'meeting', 'email-replied'].map((t, i) => makeActivity(t as ActivityType, daysAgo(i + 1))),
      bant: { budget: 'confirmed', authority: 'confirmed', need: 'confirmed', timing: 'confirmed' },
    };
    const lead = scoreAt(input, model, NOW);
    const deal = scoreAt({ ...input, entityType: 'deal' }, model, NOW);
    expect(deal.score).toBe(lead.score);
    expect(lead.score).toBe(50 + 60 + 10 + 65);
    expect(lead.band).toBe('hot'); // read as one person's score it is far past 100
    expect(deal.band).toBe('sql'); // a qualified deal, not yet hot at 200
    expect(scoreTrend({ ...input, entityType: 'deal' }, model, NOW).at(-1)!.band).toBe('sql');
  });

  it('scores weekly for 8 weeks, oldest first, ending with today’s score', () => {
    const input: ScoreInput = {
      activities: [makeActivity('webinar-attended', daysAgo(20)), makeActivity('pricing-page-visit', daysAgo(2))],
      since: daysAgo(120),
    };
    const trend = scoreTrend(input, model, NOW);
    expect(trend).toHaveLength(8);
    expect(trend.at(-1)).toEqual({ at: NOW.toISOString(), score: scoreAt(input, model, NOW).score, band: 'mql' });
    expect(trend[0]!.at).toBe(daysAgo(49));
    // created 120 days ago: 71 days quiet at the first point (−20), 92 (−30), then the webinar
    expect(trend.map((p) => p.score)).toEqual([-20, -20, -20, -30, -30, 25, 25, 40]);
    expect(scoreTrend(input, model, NOW, { points: 3, everyDays: 1 }).map((p) => p.at)).toEqual([daysAgo(2), daysAgo(1), daysAgo(0)]);
  });
});
