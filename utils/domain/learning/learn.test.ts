import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from '../qualification/scoringModel';
import { unitModel, withPoints } from './features';
import { FEW_DEALS, learnFromClosedDeals } from './learn';
import { auc } from './metrics';
import { FEATURES, featureIndex, syntheticClosedDeals } from '../../../tests/support/closedDeals';

/** meetings truly worth 40 (agreed 20), a confirmed budget truly 0 (agreed 15) */
const deals = (n: number, seed: number) => syntheticClosedDeals(n, seed, { 'eng.meeting': 40, 'bant.budget.confirmed': 0 });
const features = FEATURES;
const index = featureIndex;

const fitted = (report: ReturnType<typeof learnFromClosedDeals>, id: string) => report.rules.find((r) => r.id === id)!.fitted;

describe('a score that learns from closed deals', () => {
  it('follows the data with thousands of deals: meetings up, a confirmed budget down', () => {
    const report = learnFromClosedDeals(deals(4000, 1), DEFAULT_SCORING_MODEL);
    expect(report.tooFew).toBe(false);
    // points are read on the agreed score's fitted scale, so compare rules with each other: a meeting
    // (truly twice 500+ employees, agreed equal) and a confirmed budget (truly 0, agreed ¾ of the need's)
    expect(fitted(report, 'eng.meeting') / fitted(report, 'fit.size.500-plus')).toBeGreaterThan(1.3);
    expect(fitted(report, 'bant.budget.confirmed') / fitted(report, 'bant.need.confirmed')).toBeLessThan(0.5);
    // rules no deal had keep their agreed points
    expect(fitted(report, 'fit.seniority.c-level')).toBe(20);
    // the fitted model separates held-out deals better than the agreement
    expect(report.fitted.auc!).toBeGreaterThan(report.agreed.auc!);
  });

  it('stays near the agreement with a few dozen deals, and warns', () => {
    const report = learnFromClosedDeals(deals(40, 1), DEFAULT_SCORING_MODEL);
    expect(report.tooFew).toBe(true);
    expect(report.won < FEW_DEALS || report.lost < FEW_DEALS).toBe(true);
    expect(Math.abs(fitted(report, 'eng.meeting') - 20)).toBeLessThan(10);
    expect(Math.abs(fitted(report, 'bant.budget.confirmed') - 15)).toBeLessThan(10);
  });

  it('fits nothing with fewer than five deals of either outcome', () => {
    const few = deals(200, 2).filter((d) => d.won).concat(deals(200, 2).filter((d) => !d.won).slice(0, 4));
    const report = learnFromClosedDeals(few, DEFAULT_SCORING_MODEL);
    expect(report.proposed).toBeUndefined();
    expect(report.agreed.auc).toBeUndefined();
    expect(report.rules).toEqual([]);
  });

  it('proposes a valid agreement that differs only in points, and says each rule’s evidence', () => {
    const samples = deals(600, 3);
    const report = learnFromClosedDeals(samples, DEFAULT_SCORING_MODEL);
    const parsed = parseScoringModel(report.proposed);
    expect(parsed.ok).toBe(true);
    expect(unitModel(report.proposed!)).toEqual(unitModel(DEFAULT_SCORING_MODEL));
    const meeting = report.rules.find((r) => r.id === 'eng.meeting')!;
    expect(meeting.deals).toBe(samples.filter((s) => s.x[index('eng.meeting')]! > 0).length);
    expect(meeting.won).toBe(samples.filter((s) => s.won && s.x[index('eng.meeting')]! > 0).length);
    expect(meeting.agreed).toBe(20);
  });

  it('measures the agreement on the same held-out deals: its AUC is its score’s over all of them', () => {
    const samples = deals(300, 4);
    const report = learnFromClosedDeals(samples, DEFAULT_SCORING_MODEL);
    const agreed = samples.map((s) => s.x.reduce((sum, v, j) => sum + v * features[j]!.points, 0));
    expect(report.agreed.auc).toBeCloseTo(auc(agreed, samples.map((s) => s.won))!, 12);
    expect(report.agreed.calibration.reduce((n, row) => n + row.deals, 0)).toBe(300);
    expect(report.fitted.calibration.reduce((n, row) => n + row.won, 0)).toBe(report.won);
  });

  it('is deterministic', () => {
    const samples = deals(300, 5);
    expect(learnFromClosedDeals(samples, DEFAULT_SCORING_MODEL)).toEqual(learnFromClosedDeals([...samples].reverse(), DEFAULT_SCORING_MODEL));
  });
});

describe('withPoints keeps what the agreement allows', () => {
  it('rounds, keeps engagement ≥ 0, inactivity ≤ 0 and negative ≤ 0 ≤ partial ≤ confirmed', () => {
    const m = withPoints(
      DEFAULT_SCORING_MODEL,
      new Map([
        ['eng.meeting', -3.2],
        ['engagement.inactivity', 4],
        ['bant.need.negative', 6],
        ['bant.need.partial', 12.6],
        ['bant.need.confirmed', 9],
        ['fit.tier.2', -6.4],
      ]),
    );
    expect(m.engagement.rules.find((r) => r.id === 'eng.meeting')!.points).toBe(0);
    expect(m.engagement.inactivity.points).toBe(0);
    expect(m.bant.need).toEqual({ negative: 0, partial: 13, confirmed: 13 });
    expect(m.fit.find((r) => r.id === 'fit.tier.2')!.points).toBe(-6);
    expect(parseScoringModel(m).ok).toBe(true);
  });
});
