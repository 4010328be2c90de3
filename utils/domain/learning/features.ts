// The features a learned score reads are the agreement's own rules: each rule's contribution to a
// closed deal's score as the deal stood just before it closed, counted in units (a fit rule that
// applies: 1; a rule's meetings counted up to its cap: 0 … maxCount; the inactivity penalty's
// steps; a BANT letter's status: 1). The agreed score is then exactly Σ pointsⱼ · xⱼ, so a fitted
// weight per feature is a rule's new points and every point stays explained by its rule.
import type { Bilingual } from '../bilingual';
import { BANT_LETTERS, type BantLetter } from '../qualification/bant';
import { bantAsOf } from '../qualification/qualification';
import type { ScoringModel } from '../qualification/scoringModel';
import type { Deal } from '../entities';
import { type QualifyInput, qualify } from '../qualify/qualify';
import type { QualifySettings } from '../qualify/qualifySettings';
import { isoMs } from '../time';

const BANT_STATUSES = ['negative', 'partial', 'confirmed'] as const;
type BantScored = (typeof BANT_STATUSES)[number];

export type RuleFeature =
  | { id: string; kind: 'fit' | 'engagement'; label: Bilingual; points: number }
  | { id: 'engagement.inactivity'; kind: 'inactivity'; label: Bilingual; points: number }
  | { id: string; kind: 'bant'; letter: BantLetter; status: BantScored; label: Bilingual; points: number };

const LETTER_WORDS: Record<BantLetter, Bilingual> = {
  budget: { en: 'Budget', es: 'Presupuesto' },
  authority: { en: 'Authority', es: 'Autoridad' },
  need: { en: 'Need', es: 'Necesidad' },
  timing: { en: 'Timing', es: 'Plazo' },
};
const STATUS_WORDS: Record<BantScored, Bilingual> = {
  negative: { en: 'ruled out', es: 'descartado' },
  partial: { en: 'partly confirmed', es: 'confirmado en parte' },
  confirmed: { en: 'confirmed', es: 'confirmado' },
};

/** Every rule of the agreement that can give points, in a fixed order, with its agreed points. */
export function ruleFeatures(model: ScoringModel): RuleFeature[] {
  const out: RuleFeature[] = [];
  for (const r of model.fit) out.push({ id: r.id, kind: 'fit', label: r.label, points: r.points });
  for (const r of model.engagement.rules) out.push({ id: r.id, kind: 'engagement', label: r.label, points: r.points });
  out.push({
    id: 'engagement.inactivity',
    kind: 'inactivity',
    label: { en: 'No activity for a while (per step)', es: 'Sin actividad desde hace tiempo (por tramo)' },
    points: model.engagement.inactivity.points,
  });
  for (const letter of BANT_LETTERS) {
    for (const status of BANT_STATUSES) {
      out.push({
        id: `bant.${letter}.${status}`,
        kind: 'bant',
        letter,
        status,
        label: { en: `${LETTER_WORDS[letter].en}: ${STATUS_WORDS[status].en}`, es: `${LETTER_WORDS[letter].es}: ${STATUS_WORDS[status].es}` },
        points: model.bant[letter][status],
      });
    }
  }
  return out;
}

/** The agreement with every rule worth one unit (inactivity −1 a step): its breakdown counts units. */
export function unitModel(model: ScoringModel): ScoringModel {
  return {
    ...model,
    fit: model.fit.map((r) => ({ ...r, points: 1 })),
    engagement: {
      ...model.engagement,
      rules: model.engagement.rules.map((r) => ({ ...r, points: 1 })),
      inactivity: { ...model.engagement.inactivity, points: -1 },
    },
    bant: Object.fromEntries(BANT_LETTERS.map((l) => [l, { negative: -1, partial: 1, confirmed: 1 }])) as ScoringModel['bant'],
  };
}

/**
 * The agreement with new points per rule (the same rules, labels, caps and thresholds). Rounded
 * to whole points and kept within what the agreement allows: engagement never negative, inactivity
 * never positive, a BANT letter's negative ≤ 0 ≤ partial ≤ confirmed.
 */
export function withPoints(model: ScoringModel, points: ReadonlyMap<string, number>): ScoringModel {
  const at = (id: string, fallback: number) => Math.round(points.get(id) ?? fallback) + 0;
  const bant = {} as ScoringModel['bant'];
  for (const letter of BANT_LETTERS) {
    const old = model.bant[letter];
    const negative = Math.min(0, at(`bant.${letter}.negative`, old.negative));
    const partial = Math.max(0, at(`bant.${letter}.partial`, old.partial));
    bant[letter] = { negative, partial, confirmed: Math.max(partial, at(`bant.${letter}.confirmed`, old.confirmed)) };
  }
  return {
    ...model,
    fit: model.fit.map((r) => ({ ...r, points: at(r.id, r.points) })),
    engagement: {
      ...model.engagement,
      rules: model.engagement.rules.map((r) => ({ ...r, points: Math.max(0, at(r.id, r.points)) })),
      inactivity: { ...model.engagement.inactivity, points: Math.min(0, at('engagement.inactivity', model.engagement.inactivity.points)) },
    },
    bant,
  };
}

/**
 * When a deal closed: its last move to closed-won or closed-lost in the stage history; without
 * one (a CRM that keeps no history, an import), its close date; without that, its last update.
 */
export function closedAtMs(deal: Deal): number | undefined {
  const moves = deal.stageChanges ?? [];
  for (let i = moves.length - 1; i >= 0; i--) {
    const m = moves[i]!;
    if (m.to === 'closed-won' || m.to === 'closed-lost') return isoMs(m.at);
  }
  return isoMs(deal.closeDate) ?? isoMs(deal.updatedAt);
}

export type ClosedDealSample = { id: string; won: boolean; closedAt: string; x: number[] };

/**
 * A closed deal's features as it stood just before it closed, or undefined for a deal not closed.
 * What does not leak the outcome:
 * - activities after the close are dropped before anything reads them (engagement, inactivity and
 *   the committee's engagement that authority reads);
 * - BANT is the answers as they stood at the close: the qualification record's history is walked
 *   back (`bantAsOf`). A deal nobody qualified in Dealside has no history: its BANT is the deal's
 *   fields as the CRM or the import holds them, the team's record of the answers at the close
 *   (a CRM keeps no history of them either); an answer changed after the close cannot be told
 *   apart there.
 * - titles, company size and tier are the records' present values: Dealside keeps no history of them.
 */
export function closedDealSample(input: QualifyInput, settings: QualifySettings, features: readonly RuleFeature[]): ClosedDealSample | undefined {
  const deal = input.deal;
  if (!deal || (deal.stage !== 'closed-won' && deal.stage !== 'closed-lost')) return undefined;
  const closed = closedAtMs(deal);
  if (closed === undefined) return undefined;
  // the score "just before": the close's own moment counts, nothing after it
  const before = input.activities.filter((a) => (isoMs(a.at) ?? Infinity) <= closed);
  const qualification = input.qualification ? { ...input.qualification, bant: bantAsOf(input.qualification, closed) } : undefined;
  const unit = { ...settings, scoringModel: unitModel(settings.scoringModel), trend: { points: 2, everyDays: 1 } };
  const q = qualify(
    { ...input, entityType: 'deal', activities: before, ...(qualification ? { qualification } : {}) },
    unit,
    new Date(closed),
  );
  const units = new Map<string, number>();
  for (const item of q.score.breakdown) units.set(item.ruleId, (units.get(item.ruleId) ?? 0) + Math.abs(item.points));
  return { id: deal.id, won: deal.stage === 'closed-won', closedAt: new Date(closed).toISOString(), x: features.map((f) => units.get(f.id) ?? 0) };
}
