import { describe, expect, it } from 'vitest';
import { auc, calibrationByBand, stratifiedFolds } from './metrics';

describe('AUC (hand-computed)', () => {
  it.each([
    // every won deal above every lost one
    { scores: [1, 2, 3, 4], won: [false, false, true, true], expected: 1 },
    // every won deal below
    { scores: [1, 2, 3, 4], won: [true, true, false, false], expected: 0 },
    // won 3 and 1, lost 2 and 4: of the four (won, lost) pairs, (3, 2) is the one ordered right → 1/4
    { scores: [1, 2, 3, 4], won: [true, false, true, false], expected: 0.25 },
    // all tied: every pair counts half
    { scores: [5, 5, 5], won: [true, false, false], expected: 0.5 },
    // won {2, 3}, lost {1, 2}: pairs (2,1) 1, (2,2) ½, (3,1) 1, (3,2) 1 → 3.5 / 4
    { scores: [2, 3, 1, 2], won: [true, true, false, false], expected: 0.875 },
  ])('$scores / $won → $expected', ({ scores, won, expected }) => {
    expect(auc(scores, won)).toBeCloseTo(expected, 12);
  });
  it('is undefined without both outcomes', () => {
    expect(auc([1, 2], [true, true])).toBeUndefined();
    expect(auc([], [])).toBeUndefined();
  });
});

describe('calibration by band (hand-computed)', () => {
  it('averages the predictions and counts the wins of each band, in the bands’ order, empty bands left out', () => {
    const rows = [
      { band: 'hot' as const, predicted: 0.9, won: true },
      { band: 'cold' as const, predicted: 0.1, won: false },
      { band: 'hot' as const, predicted: 0.7, won: false },
      { band: 'cold' as const, predicted: 0.3, won: true },
      { band: 'cold' as const, predicted: 0.2, won: false },
    ];
    expect(calibrationByBand(['cold', 'warm', 'hot'], rows)).toEqual([
      { band: 'cold', deals: 3, won: 1, predicted: expect.closeTo(0.2, 12), observed: expect.closeTo(1 / 3, 12) },
      { band: 'hot', deals: 2, won: 1, predicted: expect.closeTo(0.8, 12), observed: 0.5 },
    ]);
  });
});

describe('stratified folds', () => {
  it('deals won and lost deals round-robin in id order, whatever order they come in', () => {
    const ids = ['d5', 'd1', 'd4', 'd2', 'd3', 'd6'];
    const won = [true, true, false, true, false, false];
    // won in id order: d1, d2, d5 → folds 0, 1, 2; lost continue: d3, d4, d6 → 3 % 3 = 0, 1, 2
    expect(stratifiedFolds(ids, won, 3)).toEqual([2, 0, 1, 1, 0, 2]);
  });
  it('gives every fold its share of both outcomes', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `deal-${String(i).padStart(3, '0')}`);
    const won = ids.map((_, i) => i % 5 < 2);
    const folds = stratifiedFolds(ids, won, 5);
    for (let k = 0; k < 5; k++) {
      expect(folds.filter((f, i) => f === k && won[i]).length).toBe(4);
      expect(folds.filter((f, i) => f === k && !won[i]).length).toBe(6);
    }
  });
});
