import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from '../qualification/scoringModel';
import { type ClosedDealSample, ruleFeatures, unitModel, withPoints } from './features';
import { FEW_DEALS, learnFromClosedDeals } from './learn';
import { sigmoid } from './logistic';
import { auc } from './metrics';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const features = ruleFeatures(DEFAULT_SCORING_MODEL);
const index = (id: string) => features.findIndex((f) => f.id === id);

/**
 * Closed deals whose outcome follows "true" points: the agreement's, except that meetings are
 * worth 40 (not 20) and a confirmed budget 0 (not 15); 0.02 log-odds a point, centred at 100.
 */
function deals(n: number, seed: number): ClosedDealSample[] {
  const rand = prng(seed);
  const truth = features.map((f) => (f.id === 'eng.meeting' ? 40 : f.id === 'bant.budget.confirmed' ? 0 : f.points));
  const out: ClosedDealSample[] = [];
  for (let i = 0; i < n; i++) {
    const x = features.map(() => 0);
    x[index('fit.seniority.director')] = rand() < 0.4 ? 1 : 0;
    x[index('fit.function.it')] = rand() < 0.4 ? 1 : 0;
    x[index('fit.size.500-plus')] = rand() < 0.5 ? 1 : 0;
    x[index('eng.meeting')] = Math.floor(rand() * 4);
    x[index('eng.reply')] = Math.floor(rand() * 4);
    x[index('engagement.inactivity')] = rand() < 0.2 ? Math.floor(rand() * 3) + 1 : 0;
    for (const letter of ['budget', 'authority', 'need', 'timing']) {
      const r = rand();
      if (r < 0.15) x[index(`bant.${letter}.negative`)] = 1;
      else if (r < 0.45) x[index(`bant.${letter}.partial`)] = 1;
      else if (r < 0.85) x[index(`bant.${letter}.confirmed`)] = 1;
    }
    const score = x.reduce((s, v, j) => s + v * truth[j]!, 0);
    out.push({ id: `deal-${String(i).padStart(5, '0')}`, won: rand() < sigmoid(0.02 * (score - 100)), closedAt: '2026-01-01T00:00:00.000Z', x });
  }
  return out;
}

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
