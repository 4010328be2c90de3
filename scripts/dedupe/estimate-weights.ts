// Estimates the matcher's weights (utils/match/weights.ts) from labelled TRAINING data:
//   npx tsx scripts/dedupe/estimate-weights.ts
// Training data: Febrl dataset 2, the CRM-shaped contact and account sets and the trap sets
// (bench/match/traps.ts) generated with TRAINING_SEED. The evaluation data (Febrl 1, 3, 4,
// BENCHMARK_SEED) is never read here. Pairs decided by rule, not by weights — related companies (a
// group and its subsidiary), "Sr." and "Jr." — are left out of the fit.
//
// Method: every candidate pair the blocking index produces is turned into its comparison vector
// (which level each comparator reached, plus the two name-frequency terms); an L2-regularised
// logistic regression (Newton's method) fits one coefficient per level; coefficients are
// converted from nats to bits. Because which reading of an ambiguous name wins depends on the
// weights, vectors are recomputed with the new weights and the fit repeated a few times. Finally
// the duplicate threshold that maximises pairwise F1 (after clustering) on the training sets is
// reported.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mergePairs } from '../../utils/match/merge';
import { compareFeatures, scoreFeatures } from '../../utils/match/compare';
import type { Features } from '../../utils/match/features';
import { createMatchIndex, type MatchIndex } from '../../utils/match/match-index';
import { WEIGHTS, WEIGHT_KEYS, type WeightKey } from '../../utils/match/weights';
import { generateCrmAccounts, generateCrmContacts, TRAINING_SEED } from '../../bench/match/crm-generator';
import { parseFebrl } from '../../bench/match/febrl';
import { generateTrapAccounts, generateTrapContacts } from '../../bench/match/traps';
import { pairwiseMetrics } from '../../bench/match/metrics';
import type { MatchRecord } from '../../utils/match/record';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** L2 penalty: keeps evidence that never occurs among non-matches (same LinkedIn URL) finite */
const LAMBDA = Number(process.env.LAMBDA ?? 1);

interface TrainingSet {
  name: string;
  index: MatchIndex;
  features: Features[];
  entity: Array<string | number>;
  pairs: Array<[number, number]>;
}

function prepare(name: string, records: MatchRecord[], entity: Array<string | number>): TrainingSet {
  const index = createMatchIndex({ maxCandidates: 2000 });
  const features = records.map((r, i) => index.add({ ...r, id: String(i) }));
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < features.length; i++) {
    for (const g of index.candidates(features[i]!)) {
      const j = Number(g.id);
      if (j > i) pairs.push([i, j]);
    }
  }
  return { name, index, features, entity, pairs };
}

type Row = { x: Array<[number, number]>; y: number };

function vectors(sets: TrainingSet[], weights: Record<WeightKey, number>): Row[] {
  const col = new Map(WEIGHT_KEYS.map((k, i) => [k, i]));
  const rows: Row[] = [];
  for (const s of sets) {
    for (const [i, j] of s.pairs) {
      const ev = compareFeatures(s.features[i]!, s.features[j]!, { stats: s.index, explain: false, record: true, weights });
      if (ev.relation || ev.veto) continue;
      const x: Array<[number, number]> = [];
      for (const [k, v] of ev.levels!) if (v !== 0) x.push([col.get(k)!, v]);
      rows.push({ x, y: s.entity[i] === s.entity[j] ? 1 : 0 });
    }
  }
  return rows;
}

/** Solve A x = b (A symmetric positive definite, dense) by Gaussian elimination with pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const piv = M[c]![c]!;
    if (Math.abs(piv) < 1e-12) continue;
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / piv;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = Math.abs(M[r]![r]!) < 1e-12 ? 0 : s / M[r]![r]!;
  }
  return x;
}

/** L2-regularised logistic regression by Newton's method; the last coefficient is the intercept. */
function logistic(rows: Row[], d: number, lambda: number, iterations = 25): number[] {
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (const { x, y } of rows) {
      let z = w[d]!;
      for (const [k, v] of x) z += w[k]! * v;
      const p = 1 / (1 + Math.exp(-z));
      const r = p - y;
      const s = Math.max(p * (1 - p), 1e-9);
      g[d]! += r;
      H[d]![d]! += s;
      for (const [k, v] of x) {
        g[k]! += r * v;
        H[k]![d]! += s * v;
        H[d]![k]! += s * v;
        for (const [k2, v2] of x) H[k]![k2]! += s * v * v2;
      }
    }
    for (let k = 0; k < d; k++) {
      g[k]! += lambda * w[k]!;
      H[k]![k]! += lambda;
    }
    const step = solve(H, g);
    let change = 0;
    for (let k = 0; k <= d; k++) {
      w[k]! -= step[k]!;
      change = Math.max(change, Math.abs(step[k]!));
    }
    if (change < 1e-4) break;
  }
  return w;
}

function bestThreshold(s: TrainingSet, weights: Record<WeightKey, number>): { threshold: number; f1: number; precision: number; recall: number } {
  const scores: Array<[number, number, number]> = [];
  const score = (i: number, j: number) => {
    // the score with the rules applied (related companies, Sr. / Jr., two extensions)
    return scoreFeatures(s.features[i]!, s.features[j]!, { stats: s.index, explain: false, weights }).score;
  };
  for (const [i, j] of s.pairs) {
    const v = score(i, j);
    if (v > 0) scores.push([i, j, v]);
  }
  let best = { threshold: 0, f1: -1, precision: 0, recall: 0 };
  for (let t = 3; t <= 16; t += 0.5) {
    const uf = mergePairs(s.features.length, scores, score, t);
    const m = pairwiseMetrics(
      s.features.map((_, i) => uf.find(i)),
      s.entity,
    );
    if (m.f1 > best.f1) best = { threshold: t, f1: m.f1, precision: m.precision, recall: m.recall };
  }
  return best;
}

export function estimate(log: (line: string) => void = console.log): Record<WeightKey, number> {
  const febrl = parseFebrl(readFileSync(`${ROOT}data/febrl/dataset2.csv`, 'utf8'));
  const contacts = generateCrmContacts({ seed: TRAINING_SEED });
  const accounts = generateCrmAccounts({ seed: TRAINING_SEED });
  const trapContacts = generateTrapContacts({ seed: TRAINING_SEED });
  const trapAccounts = generateTrapAccounts({ seed: TRAINING_SEED });
  const sets = [
    prepare('febrl2', febrl.records, febrl.entity),
    prepare('crm-contacts', contacts.records, contacts.entity),
    prepare('crm-accounts', accounts.records, accounts.entity),
    prepare('trap-contacts', trapContacts.records, trapContacts.entity),
    prepare('trap-accounts', trapAccounts.records, trapAccounts.entity),
  ];
  for (const s of sets) log(`${s.name}: ${s.features.length} records, ${s.pairs.length} candidate pairs`);
  let weights: Record<WeightKey, number> = { ...WEIGHTS };
  let intercept = 0;
  for (let round = 0; round < 3; round++) {
    const rows = vectors(sets, weights);
    const w = logistic(rows, WEIGHT_KEYS.length, LAMBDA);
    const next = { ...weights };
    WEIGHT_KEYS.forEach((k, i) => {
      // levels never seen in training keep their current weight
      const seen = rows.some((r) => r.x.some(([c]) => c === i));
      if (seen) next[k] = Math.round((w[i]! / Math.LN2) * 10) / 10;
    });
    intercept = w[WEIGHT_KEYS.length]! / Math.LN2;
    weights = next;
    log(`round ${round + 1}: intercept ${intercept.toFixed(2)} bits`);
  }
  log('\nexport const WEIGHTS = {');
  for (const k of WEIGHT_KEYS) log(`  '${k}': ${weights[k]},`);
  log('} as const;');
  log(`\nscore at which a candidate pair is a match with probability 1/2: ${(-intercept).toFixed(1)} bits`);
  for (const s of sets) {
    const b = bestThreshold(s, weights);
    log(`${s.name}: best duplicate threshold ${b.threshold} → P ${b.precision.toFixed(4)} R ${b.recall.toFixed(4)} F1 ${b.f1.toFixed(4)}`);
  }
  return weights;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) estimate();
