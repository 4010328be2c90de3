// Pairwise quality of a clustering against ground truth: every pair of records put in one
// cluster is a predicted match; precision, recall and F1 over pairs.

export interface PairMetrics {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

export function metricsFromCounts(truePairs: number, predictedPairs: number, truePositives: number): PairMetrics {
  const precision = predictedPairs ? truePositives / predictedPairs : 0;
  const recall = truePairs ? truePositives / truePairs : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePairs, predictedPairs, truePositives, precision, recall, f1 };
}

/** Pairwise metrics of a predicted clustering (`predicted[i]` = cluster of record i) against the truth. */
export function pairwiseMetrics(predicted: ArrayLike<number | string>, truth: ArrayLike<number | string>): PairMetrics {
  const byPred = new Map<number | string, number>();
  const byTrue = new Map<number | string, number>();
  const byBoth = new Map<string, number>();
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    const t = truth[i]!;
    byPred.set(p, (byPred.get(p) ?? 0) + 1);
    byTrue.set(t, (byTrue.get(t) ?? 0) + 1);
    const k = `${p}\u0000${t}`;
    byBoth.set(k, (byBoth.get(k) ?? 0) + 1);
  }
  let predictedPairs = 0;
  let truePairs = 0;
  let tp = 0;
  for (const n of byPred.values()) predictedPairs += pairs(n);
  for (const n of byTrue.values()) truePairs += pairs(n);
  for (const n of byBoth.values()) tp += pairs(n);
  return metricsFromCounts(truePairs, predictedPairs, tp);
}

/** Metrics of predicted links ([i, j] pairs) against the truth, for linkage tasks. */
export function linkMetrics(links: ReadonlyArray<readonly [string, string]>, truth: ReadonlyArray<readonly [string, string]>): PairMetrics {
  const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const truthSet = new Set(truth.map(([a, b]) => key(a, b)));
  const predicted = new Set(links.map(([a, b]) => key(a, b)));
  let tp = 0;
  for (const k of predicted) if (truthSet.has(k)) tp++;
  return metricsFromCounts(truthSet.size, predicted.size, tp);
}
