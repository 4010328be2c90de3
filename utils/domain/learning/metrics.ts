// How well a score separates won from lost deals, measured on deals it was not fitted on: the area
// under the ROC curve, calibration by band, and the deterministic folds of k-fold cross-validation.

/**
 * The probability that a won deal, drawn at random, scores above a lost one (ties count half) —
 * the area under the ROC curve. Undefined without at least one deal of each outcome.
 */
export function auc(scores: readonly number[], won: readonly boolean[]): number | undefined {
  const order = scores.map((s, i) => ({ s, w: won[i]! })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let negatives = 0;
  let rankSum = 0;
  // average ranks (1-based) over ties: the Mann–Whitney U statistic
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k]!.w) {
        positives++;
        rankSum += rank;
      } else negatives++;
    }
    i = j;
  }
  if (positives === 0 || negatives === 0) return undefined;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * k folds, the same every run: won and lost deals each in id order, dealt round-robin, so every
 * fold holds its share of both outcomes. Returns each example's fold (0 … k−1).
 */
export function stratifiedFolds(ids: readonly string[], won: readonly boolean[], k: number): number[] {
  const fold = new Array<number>(ids.length).fill(0);
  for (const outcome of [true, false]) {
    const members = ids.map((id, i) => ({ id, i })).filter(({ i }) => won[i] === outcome);
    members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.i - b.i));
    // the lost deals continue where the won ones stopped, so small folds stay even in size
    const offset = outcome ? 0 : ids.filter((_, i) => won[i]).length;
    members.forEach(({ i }, n) => (fold[i] = (n + offset) % k));
  }
  return fold;
}

export type CalibrationRow<B extends string> = {
  band: B;
  deals: number;
  won: number;
  /** the mean predicted win probability of the band's deals */
  predicted: number;
  /** won / deals */
  observed: number;
};

/** Predicted against observed win rate per band, in the bands' order; empty bands are left out. */
export function calibrationByBand<B extends string>(
  bands: readonly B[],
  rows: ReadonlyArray<{ band: B; predicted: number; won: boolean }>,
): CalibrationRow<B>[] {
  const out: CalibrationRow<B>[] = [];
  for (const band of bands) {
    const inBand = rows.filter((r) => r.band === band);
    if (inBand.length === 0) continue;
    const won = inBand.filter((r) => r.won).length;
    const predicted = inBand.reduce((s, r) => s + r.predicted, 0) / inBand.length;
    out.push({ band, deals: inBand.length, won, predicted, observed: won / inBand.length });
  }
  return out;
}
