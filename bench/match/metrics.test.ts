import { describe, expect, it } from 'vitest';
import { linkMetrics, pairwiseMetrics } from './metrics';

describe('pairwise metrics', () => {
  it('counts pairs inside clusters', () => {
    // truth: {0,1,2} {3}; predicted: {0,1} {2,3}
    const m = pairwiseMetrics([0, 0, 1, 1], ['a', 'a', 'a', 'b']);
    expect(m).toMatchObject({ truePairs: 3, predictedPairs: 2, truePositives: 1 });
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBeCloseTo(1 / 3);
    expect(m.f1).toBeCloseTo(0.4);
  });

  it('scores links for linkage tasks', () => {
    const m = linkMetrics([['b1', 'a1'], ['b2', 'a3']], [['a1', 'b1'], ['a2', 'b2']]);
    expect([m.precision, m.recall]).toEqual([0.5, 0.5]);
  });
});
