// A score that learns from the team's won and lost deals. The agreed points are the prior: first
// the agreed score is put on the log-odds scale (logit P(won) = a + s · score, a and s fitted), then
// every rule's weight is fitted with a Gaussian prior centred on s · its agreed points. With tens of
// deals the prior dominates and the points stay near the agreement; with thousands the data do.
// Out-of-sample quality comes from k-fold cross-validation on deterministic folds, both models
// scored on the same held-out deals.
import { type ScoreBand, SCORE_BANDS, bandFor } from '../qualification/scoring';
import type { ScoringModel } from '../qualification/scoringModel';
import { type ClosedDealSample, type RuleFeature, ruleFeatures, withPoints } from './features';
import { fitLogistic, sigmoid } from './logistic';
import { type CalibrationRow, auc, calibrationByBand, stratifiedFolds } from './metrics';

/** Under this many won or lost deals the figures are shown with a warning. */
export const FEW_DEALS = 30;
/** Below this many of either outcome nothing is fitted: there is nothing to learn from. */
export const MIN_DEALS_TO_FIT = 5;
export const FOLDS = 5;
/**
 * The prior's standard deviation, in log-odds per unit of a rule (a meeting, a fit rule that
 * applies): how far the data may pull a rule before they have to outweigh the agreement. 0.3 is
 * ±15 points where a point is worth 0.02 log-odds; a rule seen on a few dozen deals moves a
 * fraction of that, one seen on thousands follows the data.
 */
export const PRIOR_SD = 0.3;
/** An intercept or a scale is barely held (sd 10): the data set them. */
const WEAK_PRECISION = 0.01;

export type ModelQuality = {
  /** area under the ROC curve on held-out deals; undefined without both outcomes */
  auc: number | undefined;
  /** held-out deals by the band their score falls in (the deal thresholds), predicted vs observed */
  calibration: CalibrationRow<ScoreBand>[];
};

export type RuleChange = {
  id: string;
  kind: RuleFeature['kind'];
  label: RuleFeature['label'];
  agreed: number;
  fitted: number;
  /** the evidence: closed deals the rule applied to, and how many of them were won */
  deals: number;
  won: number;
};

export type LearnReport = {
  deals: number;
  won: number;
  lost: number;
  /** fewer than FEW_DEALS of either outcome: read the figures with care */
  tooFew: boolean;
  /** the agreement's version the fit started from */
  baseVersion: number;
  agreed: ModelQuality;
  fitted: ModelQuality;
  /** every rule, agreed → fitted points (undefined when nothing could be fitted) */
  rules: RuleChange[];
  /** the agreement with the fitted points, to adopt as its next version */
  proposed: ScoringModel | undefined;
};

type Fit = { scale: number; agreedIntercept: number; fittedIntercept: number; points: Map<string, number>; model: ScoringModel };

const scoreOf = (points: readonly number[], x: readonly number[]) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += points[j]! * x[j]!;
  return s;
};

function pointsVector(model: ScoringModel, features: readonly RuleFeature[]): number[] {
  const byId = new Map(ruleFeatures(model).map((f) => [f.id, f.points]));
  return features.map((f) => byId.get(f.id) ?? 0);
}

/** One fit of the agreement's rules to these deals: the scale, both intercepts and the new points. */
export function fit(samples: readonly ClosedDealSample[], features: readonly RuleFeature[], model: ScoringModel): Fit {
  const agreed = features.map((f) => f.points);
  const labels = samples.map((s) => (s.won ? 1 : 0));
  // 1. the agreement on the log-odds scale; a scale that comes out flat or reversed is floored at
  //    "the hot threshold is worth one log-odds", so the prior keeps the agreement's direction
  const calibration = fitLogistic(
    { rows: samples.map((s) => [1, scoreOf(agreed, s.x)]), labels },
    { mean: [0, 0], precision: [WEAK_PRECISION, WEAK_PRECISION] },
  ).weights;
  const scale = Math.max(calibration[1]!, 1 / Math.max(1, model.dealThresholds.hot));
  const agreedIntercept = calibration[0]!;
  // 2. every rule, its prior centred on its agreed points at that scale
  const precision = 1 / (PRIOR_SD * PRIOR_SD);
  const weights = fitLogistic(
    { rows: samples.map((s) => [1, ...s.x]), labels },
    { mean: [agreedIntercept, ...agreed.map((p) => p * scale)], precision: [WEAK_PRECISION, ...features.map(() => precision)] },
  ).weights;
  const points = new Map(features.map((f, j) => [f.id, weights[j + 1]! / scale]));
  return { scale, agreedIntercept, fittedIntercept: weights[0]!, points, model: withPoints(model, points) };
}

/** Fit the agreement's rules to the team's closed deals and measure both models out of sample. */
export function learnFromClosedDeals(given: readonly ClosedDealSample[], model: ScoringModel): LearnReport {
  // in id order, so the sums run in one order whatever order the store gave: the same figures to the bit
  const samples = [...given].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const features = ruleFeatures(model);
  const won = samples.filter((s) => s.won).length;
  const lost = samples.length - won;
  const base = {
    deals: samples.length,
    won,
    lost,
    tooFew: won < FEW_DEALS || lost < FEW_DEALS,
    baseVersion: model.version,
  };
  const empty: ModelQuality = { auc: undefined, calibration: [] };
  if (won < MIN_DEALS_TO_FIT || lost < MIN_DEALS_TO_FIT) return { ...base, agreed: empty, fitted: empty, rules: [], proposed: undefined };

  const thresholds = model.dealThresholds;
  const agreedPoints = features.map((f) => f.points);
  const folds = stratifiedFolds(samples.map((s) => s.id), samples.map((s) => s.won), FOLDS);
  const heldAgreed: Array<{ score: number; band: ScoreBand; predicted: number; won: boolean }> = [];
  const heldFitted: typeof heldAgreed = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = samples.filter((_, i) => folds[i] !== k);
    const test = samples.filter((_, i) => folds[i] === k);
    if (test.length === 0) continue;
    const f = fit(train, features, model);
    const fittedPoints = pointsVector(f.model, features);
    for (const s of test) {
      const a = scoreOf(agreedPoints, s.x);
      heldAgreed.push({ score: a, band: bandFor(a, thresholds), predicted: sigmoid(f.agreedIntercept + f.scale * a), won: s.won });
      const b = scoreOf(fittedPoints, s.x);
      heldFitted.push({ score: b, band: bandFor(b, thresholds), predicted: sigmoid(f.fittedIntercept + f.scale * b), won: s.won });
    }
  }
  const quality = (held: typeof heldAgreed): ModelQuality => ({
    auc: auc(held.map((h) => h.score), held.map((h) => h.won)),
    calibration: calibrationByBand(SCORE_BANDS, held),
  });

  const all = fit(samples, features, model);
  const fittedPoints = pointsVector(all.model, features);
  const rules = features.map((f, j): RuleChange => {
    const applied = samples.filter((s) => s.x[j]! > 0);
    return {
      id: f.id,
      kind: f.kind,
      label: f.label,
      agreed: f.points,
      fitted: fittedPoints[j]!,
      deals: applied.length,
      won: applied.filter((s) => s.won).length,
    };
  });
  return { ...base, agreed: quality(heldAgreed), fitted: quality(heldFitted), rules, proposed: all.model };
}
