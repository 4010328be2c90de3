// Synthetic closed deals for the learned score's tests and bench: each deal's rule units drawn
// from a seeded PRNG, its outcome from "true" points — the agreement's, except where `truth` says
// otherwise — at 0.02 log-odds a point, centred at 100 (a deal scoring 100 wins half the time).
import { mulberry32 } from '../../utils/demo/prng';
import { type ClosedDealSample, ruleFeatures } from '../../utils/domain/learning/features';
import { sigmoid } from '../../utils/domain/learning/logistic';
import { DEFAULT_SCORING_MODEL } from '../../utils/domain/qualification/scoringModel';

export const FEATURES = ruleFeatures(DEFAULT_SCORING_MODEL);
export const featureIndex = (id: string) => FEATURES.findIndex((f) => f.id === id);

export function syntheticClosedDeals(n: number, seed: number, truth: Readonly<Record<string, number>> = {}): ClosedDealSample[] {
  const rand = mulberry32(seed);
  const points = FEATURES.map((f) => truth[f.id] ?? f.points);
  const out: ClosedDealSample[] = [];
  for (let i = 0; i < n; i++) {
    const x = FEATURES.map(() => 0);
    const set = (id: string, v: number) => (x[featureIndex(id)] = v);
    set('fit.seniority.director', rand() < 0.4 ? 1 : 0);
    set('fit.function.it', rand() < 0.4 ? 1 : 0);
    set('fit.size.500-plus', rand() < 0.5 ? 1 : 0);
    set('eng.meeting', Math.floor(rand() * 4));
    set('eng.reply', Math.floor(rand() * 4));
    set('engagement.inactivity', rand() < 0.2 ? Math.floor(rand() * 3) + 1 : 0);
    for (const letter of ['budget', 'authority', 'need', 'timing']) {
      const r = rand();
      if (r < 0.15) set(`bant.${letter}.negative`, 1);
      else if (r < 0.45) set(`bant.${letter}.partial`, 1);
      else if (r < 0.85) set(`bant.${letter}.confirmed`, 1);
    }
    const score = x.reduce((s, v, j) => s + v * points[j]!, 0);
    out.push({ id: `deal-${String(i).padStart(5, '0')}`, won: rand() < sigmoid(0.02 * (score - 100)), closedAt: '2026-01-01T00:00:00.000Z', x });
  }
  return out;
}
