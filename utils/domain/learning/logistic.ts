// A regularised logistic regression fitted by Newton's method (IRLS), written out here because it
// is small: with a Gaussian prior on every weight the penalised log-likelihood is strictly concave,
// its Hessian is positive definite, and a Cholesky solve of a d × d system per iteration (d ≈ 40:
// one weight per rule of the agreement) is all it takes. Deterministic: no random start, no
// sampling — the same data give the same weights bit for bit.

/** A weight's Gaussian prior: its mean and precision (1 / variance), in log-odds per unit of the feature. */
export type Prior = { mean: readonly number[]; precision: readonly number[] };

export type LogisticData = {
  /** one row per example; row[j] is feature j (column 0 is the intercept when the caller adds one) */
  rows: readonly (readonly number[])[];
  /** 1 = won, 0 = lost */
  labels: readonly number[];
};

export type LogisticFit = { weights: number[]; iterations: number; converged: boolean };

const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-9;

export function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** log(1 + e^η) without overflow */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

/** The negative penalised log-likelihood the fit minimises. */
export function objective(data: LogisticData, prior: Prior, w: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < data.rows.length; i++) {
    const eta = dot(data.rows[i]!, w);
    f += softplus(eta) - data.labels[i]! * eta;
  }
  for (let j = 0; j < w.length; j++) f += 0.5 * prior.precision[j]! * (w[j]! - prior.mean[j]!) ** 2;
  return f;
}

/** Solve A x = b for a symmetric positive definite A (Cholesky); A is d × d, row-major. */
export function choleskySolve(a: readonly number[][], b: readonly number[]): number[] {
  const d = b.length;
  const l: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('choleskySolve: matrix is not positive definite');
        l[i]![i] = Math.sqrt(s);
      } else l[i]![j] = s / l[j]![j]!;
    }
  }
  const y = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(d).fill(0);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

/**
 * The maximum a posteriori weights: minimise Σ log(1 + e^η) − yη + ½ Σ precisionⱼ (wⱼ − meanⱼ)².
 * Newton steps from the prior mean, each halved until the objective falls (so it never diverges);
 * stops when no weight moves by more than 1e-9. Every precision must be > 0.
 */
export function fitLogistic(data: LogisticData, prior: Prior): LogisticFit {
  const d = prior.mean.length;
  if (prior.precision.length !== d || prior.precision.some((p) => !(p > 0))) throw new Error('fitLogistic: every weight needs a positive prior precision');
  let w = [...prior.mean];
  let f = objective(data, prior, w);
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < data.rows.length; i++) {
      const x = data.rows[i]!;
      const p = sigmoid(dot(x, w));
      const r = p - data.labels[i]!;
      const v = p * (1 - p);
      for (let j = 0; j < d; j++) {
        const xj = x[j]!;
        if (xj === 0) continue;
        gradient[j]! += r * xj;
        const hj = hessian[j]!;
        const vx = v * xj;
        for (let k = 0; k <= j; k++) hj[k]! += vx * x[k]!;
      }
    }
    for (let j = 0; j < d; j++) {
      gradient[j]! += prior.precision[j]! * (w[j]! - prior.mean[j]!);
      hessian[j]![j]! += prior.precision[j]!;
      for (let k = 0; k < j; k++) hessian[k]![j] = hessian[j]![k]!;
    }
    const step = choleskySolve(hessian, gradient);
    let t = 1;
    let next = w.map((wj, j) => wj - step[j]!);
    let fNext = objective(data, prior, next);
    while (fNext > f && t > 1e-6) {
      t /= 2;
      next = w.map((wj, j) => wj - t * step[j]!);
      fNext = objective(data, prior, next);
    }
    const moved = Math.max(...next.map((v, j) => Math.abs(v - w[j]!)));
    w = next;
    f = fNext;
    if (moved < TOLERANCE) return { weights: w, iterations: iteration, converged: true };
  }
  return { weights: w, iterations: MAX_ITERATIONS, converged: false };
}

/** The fitted probability of a row. */
export function predict(weights: readonly number[], row: readonly number[]): number {
  return sigmoid(dot(weights, row));
}
