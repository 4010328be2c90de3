// What would raise the score most: the levers a rep can pull — a BANT letter to confirm, a touch
// (meeting, call, reply) the model still counts, a quiet spell to end — each with the points it
// would add under the team's model, ranked. Fit (seniority, function, company size, industry,
// country, ABM tier) is what the customer is, and marketing's signals are what the prospect does:
// neither is a lever.
import { formatPoints } from '../../i18n/format';
import { BANT_LETTERS, type BantLetter } from './bant';
import type { Bilingual } from '../bilingual';
import type { ActivityType, BantLetterStatus } from '../entities';
import { type Score, type ScoreInput, scoreAt } from './scoring';
import type { ScoringModel } from './scoringModel';

export type ScoreLever = {
  /** stable: `bant.<letter>`, the engagement rule's id, or `engagement.inactivity` */
  key: string;
  kind: 'bant' | 'engagement' | 'inactivity';
  /** what the score would gain */
  points: number;
  /** what to do: "Confirm the need" / "Confirmar la necesidad" */
  action: Bilingual;
  /** with its points: "Confirm the need: +20" / "Confirmar la necesidad: +20" */
  text: Bilingual;
  /** a BANT lever's letter and the status it would leave */
  letter?: BantLetter;
  from?: BantLetterStatus;
  /** an engagement lever's activity type (a rep's touch: meeting, call, reply, e-mail) */
  activityType?: ActivityType;
};

const BANT_ACTIONS: Readonly<Record<BantLetter, Bilingual>> = {
  budget: { en: 'Confirm the budget', es: 'Confirmar el presupuesto' },
  // authority is confirmed when the economic buyer is identified and engaged (DOMAIN.md)
  authority: { en: 'Engage the economic buyer', es: 'Implicar al decisor económico' },
  need: { en: 'Confirm the need', es: 'Confirmar la necesidad' },
  timing: { en: 'Confirm the timing', es: 'Confirmar el plazo' },
};

/**
 * The touches a rep makes happen, worded as what to do. The marketing signals (pricing-page visit,
 * case-study download, webinar, form, e-mail open) are the prospect's own behaviour: they count in
 * the score, but they are not levers — offered as such, "watch a webinar: +25" topped nine open
 * deals in ten of the demo and told the rep nothing. A note or a support ticket is no touch.
 */
const REP_ACTIONS: Readonly<Partial<Record<ActivityType, Bilingual>>> = {
  meeting: { en: 'Hold a meeting', es: 'Celebrar una reunión' },
  call: { en: 'Make a call', es: 'Hacer una llamada' },
  'email-replied': { en: 'Get a reply to an e-mail', es: 'Conseguir respuesta a un correo' },
  'email-sent': { en: 'Send an e-mail', es: 'Enviar un correo' },
};

const ANY_TOUCH: Bilingual = { en: 'Any touch this week', es: 'Cualquier contacto esta semana' };

// On equal points: a question on the call first, then any touch, then a given activity.
const KIND_ORDER: Readonly<Record<ScoreLever['kind'], number>> = { bant: 0, inactivity: 1, engagement: 2 };

function lever(base: Omit<ScoreLever, 'text'>): ScoreLever {
  return {
    ...base,
    text: {
      en: `${base.action.en}: ${formatPoints(base.points, 'en')}`,
      es: `${base.action.es}: ${formatPoints(base.points, 'es')}`,
    },
  };
}

/**
 * The levers on `at`, most points first. Takes the score's own input and model (and, to save
 * work, the score already computed for `at`):
 * - a BANT letter unknown or partial: confirming it gains `confirmed − current` points (from
 *   partial only the difference). A letter answered "no" is the customer's answer, not a gap the
 *   rep closes with a question, so it is not a lever;
 * - a rule for a rep's touch counted fewer times than its maxCount (or without one): one more
 *   such activity gains the rule's points; at maxCount one more would only replace the oldest;
 * - an inactivity penalty: any activity the model counts as engagement lifts all of it.
 * Each lever is counted alone: a meeting also ends a quiet spell, which is the "any touch" lever.
 */
export function scoreLevers(input: ScoreInput, model: ScoringModel, at: Date, current: Score = scoreAt(input, model, at)): ScoreLever[] {
  const levers: ScoreLever[] = [];

  const bant = typeof input.bant === 'function' ? input.bant(at.getTime()) : input.bant;
  for (const letter of BANT_LETTERS) {
    const held = bant?.[letter];
    const status: BantLetterStatus = held === undefined ? 'unknown' : typeof held === 'string' ? held : held.status;
    if (status === 'confirmed' || status === 'negative') continue;
    const points = model.bant[letter].confirmed - (status === 'partial' ? model.bant[letter].partial : 0);
    if (points > 0) levers.push(lever({ key: `bant.${letter}`, kind: 'bant', points, action: BANT_ACTIONS[letter], letter, from: status }));
  }

  const counted = new Map<string, number>();
  let penalty = 0;
  for (const item of current.breakdown) {
    if (item.fact.kind === 'activity') counted.set(item.ruleId, (counted.get(item.ruleId) ?? 0) + 1);
    else if (item.fact.kind === 'inactivity') penalty += item.points;
  }
  for (const rule of model.engagement.rules) {
    const action = REP_ACTIONS[rule.activityType];
    if (!action || rule.points <= 0) continue;
    if (rule.maxCount !== undefined && (counted.get(rule.id) ?? 0) >= rule.maxCount) continue;
    levers.push(lever({ key: rule.id, kind: 'engagement', points: rule.points, action, activityType: rule.activityType }));
  }
  // a quiet spell ends with any activity that has a rule; the rep needs a touch of their own among them
  if (penalty < 0 && model.engagement.rules.some((r) => REP_ACTIONS[r.activityType])) {
    levers.push(lever({ key: 'engagement.inactivity', kind: 'inactivity', points: -penalty, action: ANY_TOUCH }));
  }

  const order = new Map(levers.map((l, i) => [l, i]));
  return levers.sort((a, b) => b.points - a.points || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || order.get(a)! - order.get(b)!);
}
