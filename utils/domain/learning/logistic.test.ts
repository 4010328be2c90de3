import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulberry32 } from '../../demo/prng';
import { choleskySolve, fitLogistic, objective, sigmoid } from './logistic';

/** n examples: an intercept and three features (a binary, a count 0–3, a binary), labels drawn from the true weights */
function synthetic(n: number, truth: readonly number[], seed: number) {
  const rand = mulberry32(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = [1, rand() < 0.5 ? 1 : 0, Math.floor(rand() * 4), rand() < 0.3 ? 1 : 0];
    rows.push(row);
    labels.push(rand() < sigmoid(row.reduce((s, x, j) => s + x * truth[j]!, 0)) ? 1 : 0);
  }
  return { rows, labels };
}

const flat = (mean: number[], precision: number) => ({ mean, precision: mean.map(() => precision) });

describe('Cholesky solve', () => {
  it('solves a symmetric positive definite system', () => {
    // [[4, 2], [2, 3]] x = [2, 1] → x = [0.5, 0]
    expect(choleskySolve([[4, 2], [2, 3]], [2, 1]).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.5, 0]);
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(() => choleskySolve([[1, 2], [2, 1]], [1, 1])).toThrow(/positive definite/);
  });
});

describe('regularised logistic regression (Newton)', () => {
  it('recovers known weights from 20,000 synthetic deals under a weak prior', () => {
    const truth = [-1, 1.5, 0.6, -2];
    const fit = fitLogistic(synthetic(20_000, truth, 7), flat([0, 0, 0, 0], 1e-4));
    expect(fit.converged).toBe(true);
    fit.weights.forEach((w, j) => expect(Math.abs(w - truth[j]!)).toBeLessThan(0.12));
  });

  it('with a handful of deals stays near the prior mean', () => {
    const truth = [-1, 1.5, 0.6, -2];
    const prior = [0, 0.5, 0.2, -0.5];
    const few = fitLogistic(synthetic(20, truth, 11), flat(prior, 1 / 0.3 ** 2));
    const many = fitLogistic(synthetic(20_000, truth, 11), flat(prior, 1 / 0.3 ** 2));
    for (let j = 1; j < 4; j++) {
      // twenty deals move a weight less than half way; twenty thousand nearly all the way
      expect(Math.abs(few.weights[j]! - prior[j]!)).toBeLessThan(0.5 * Math.abs(truth[j]! - prior[j]!));
      expect(Math.abs(many.weights[j]! - truth[j]!)).toBeLessThan(0.15);
    }
  });

  it('with no deals returns the prior mean exactly', () => {
    const fit = fitLogistic({ rows: [], labels: [] }, flat([0.3, -0.2], 4));
    expect(fit.weights).toEqual([0.3, -0.2]);
  });

  it('is deterministic: the same data give the same weights bit for bit', () => {
    const data = synthetic(500, [0.2, 1, -0.5, 0.8], 3);
    expect(fitLogistic(data, flat([0, 0, 0, 0], 2)).weights).toEqual(fitLogistic(data, flat([0, 0, 0, 0], 2)).weights);
  });

  it('stays finite when one feature separates won from lost perfectly (the prior holds it)', () => {
    const rows = [[1, 1], [1, 1], [1, 0], [1, 0]];
    const fit = fitLogistic({ rows, labels: [1, 1, 0, 0] }, flat([0, 0], 1));
    expect(fit.converged).toBe(true);
    expect(fit.weights.every(Number.isFinite)).toBe(true);
    expect(fit.weights[1]).toBeGreaterThan(0);
  });

  it('finds the minimum: the gradient vanishes and no nearby point is lower', () => {
    const data = synthetic(300, [0.5, -1, 0.4, 1], 5);
    const prior = flat([0, 0, 0, 0], 1);
    const w = fitLogistic(data, prior).weights;
    const f = objective(data, prior, w);
    for (let j = 0; j < w.length; j++) {
      for (const h of [1e-3, -1e-3]) expect(objective(data, prior, w.map((v, k) => (k === j ? v + h : v)))).toBeGreaterThanOrEqual(f);
    }
  });

  // Relabelling one lost deal as won is more evidence of winning for what that deal had: its fitted
  // log-odds never fall. (Exact for any penalised convex fit: F₁ = F₀ − ηᵢ, and comparing both
  // minimisers in both objectives gives ηᵢ(θ₁) ≥ ηᵢ(θ₀).) With a single rule, its weight never falls.
  it('property: turning a lost deal into a won one never lowers that deal’s fitted log-odds', () => {
    const row = fc.tuple(fc.constant(1), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(row, fc.boolean()), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (examples, pick, mean) => {
          const lostAt = examples.map((e, i) => (e[1] ? -1 : i)).filter((i) => i >= 0);
          if (lostAt.length === 0) return;
          const i = lostAt[pick % lostAt.length]!;
          const rows = examples.map((e) => e[0] as number[]);
          const labels = examples.map((e) => (e[1] ? 1 : 0));
          const prior = flat(mean, 2);
          const before = fitLogistic({ rows, labels }, prior).weights;
          const after = fitLogistic({ rows, labels: labels.map((y, k) => (k === i ? 1 : y)) }, prior).weights;
          const eta = (w: number[]) => rows[i]!.reduce((s, x, j) => s + x * w[j]!, 0);
          expect(eta(after)).toBeGreaterThanOrEqual(eta(before) - 1e-9);
        },
      ),
      { seed: 19, numRuns: 150 },
    );
  });

  it('property: with one rule, a won deal that had it never lowers the rule’s weight', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.boolean()), { maxLength: 40 }), fc.double({ min: -2, max: 2, noNaN: true }), (examples, mean) => {
        const rows = examples.map(([x]) => [1, x]);
        const labels = examples.map(([, won]) => (won ? 1 : 0));
        // the intercept is held at 0, so the rule's weight alone carries the evidence
        const prior = { mean: [0, mean], precision: [1e6, 2] };
        const before = fitLogistic({ rows, labels }, prior).weights[1]!;
        const after = fitLogistic({ rows: [...rows, [1, 1]], labels: [...labels, 1] }, prior).weights[1]!;
        expect(after).toBeGreaterThanOrEqual(before - 1e-9);
      }),
      { seed: 23, numRuns: 150 },
    );
  });
});
