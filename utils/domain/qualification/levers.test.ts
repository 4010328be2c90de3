import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANT_LETTERS, type BantStatuses } from './bant';
import { ACTIVITY_TYPES, type ActivityType, type BantLetterStatus } from '../entities';
import { scoreLevers } from './levers';
import { type ScoreInput, scoreAt } from './scoring';
import { DEFAULT_SCORING_MODEL, type ScoringModel } from './scoringModel';
import { NOW, daysAgo, makeAccount, makeActivity, makePerson } from '../../../tests/support/records';

const model = DEFAULT_SCORING_MODEL;
const bant = (b: Partial<BantStatuses> = {}): BantStatuses => ({ budget: 'unknown', authority: 'unknown', need: 'unknown', timing: 'unknown', ...b });
const confirmed = bant({ budget: 'confirmed', authority: 'confirmed', need: 'confirmed', timing: 'confirmed' });

/** every default engagement rule at its maxCount, all within the last days */
function maxedActivities(except: ActivityType[] = []) {
  return model.engagement.rules
    .filter((r) => !except.includes(r.activityType))
    .flatMap((r) => Array.from({ length: r.maxCount ?? 1 }, (_, i) => makeActivity(r.activityType, daysAgo(i + 1))));
}

const levers = (input: ScoreInput, m: ScoringModel = model) => scoreLevers(input, m, NOW);

describe('scoreLevers', () => {
  it('ranks what would raise the score most, a question before an activity on equal points', () => {
    const input: ScoreInput = {
      person: makePerson('p', { title: 'IT Director' }),
      account: makeAccount({ employees: 900, tier: 'tier-1' }),
      activities: [...maxedActivities(['meeting']), makeActivity('meeting', daysAgo(3))],
      bant: bant({ budget: 'partial', timing: 'confirmed' }),
    };
    const result = levers(input);
    expect(result.map((l) => [l.key, l.points])).toEqual([
      ['bant.need', 20],
      ['eng.meeting', 20],
      ['bant.authority', 15],
      ['bant.budget', 10],
    ]);
    expect(result.map((l) => l.text.en)).toEqual(['Confirm the need: +20', 'Hold a meeting: +20', 'Engage the economic buyer: +15', 'Confirm the budget: +10']);
    // fit (seniority, function, company size, tier) is what the customer is, never a lever
    expect(result.some((l) => l.key.startsWith('fit.'))).toBe(false);
  });

  it('counts from a partial answer only the difference to confirmed', () => {
    const partial = levers({ activities: maxedActivities(), bant: bant({ budget: 'partial', authority: 'partial', need: 'partial', timing: 'partial' }) });
    expect(Object.fromEntries(partial.map((l) => [l.key, l.points]))).toEqual({ 'bant.budget': 10, 'bant.authority': 10, 'bant.need': 10, 'bant.timing': 10 });
    expect(partial.every((l) => l.from === 'partial')).toBe(true);
    const unknown = levers({ activities: maxedActivities(), bant: bant() });
    expect(Object.fromEntries(unknown.map((l) => [l.key, l.points]))).toEqual({ 'bant.budget': 15, 'bant.authority': 15, 'bant.need': 20, 'bant.timing': 15 });
    // no answers at all reads as all four unknown
    expect(levers({ activities: maxedActivities() }).map((l) => l.key)).toEqual(['bant.need', 'bant.budget', 'bant.authority', 'bant.timing']);
  });

  it('leaves out a letter answered "no": that is the customer’s answer, not a question left to ask', () => {
    const result = levers({ activities: maxedActivities(), bant: bant({ need: 'negative', budget: 'confirmed', authority: 'confirmed', timing: 'confirmed' }) });
    expect(result).toEqual([]);
  });

  it('respects maxCount: a rule already counted maxCount times is no lever', () => {
    const meetings = (days: number[]) => days.map((d) => makeActivity('meeting', daysAgo(d)));
    const keys = (days: number[]) => levers({ activities: [...maxedActivities(['meeting']), ...meetings(days)], bant: confirmed }).map((l) => l.key);
    expect(keys([1, 2, 3])).toEqual([]);
    expect(keys([1, 2])).toEqual(['eng.meeting']);
    // a meeting outside the 180-day window no longer counts, so there is room again
    expect(keys([1, 2, 200])).toEqual(['eng.meeting']);
    // a rule without maxCount always has room
    const unlimited: ScoringModel = {
      ...model,
      engagement: { ...model.engagement, rules: model.engagement.rules.map((r) => (r.activityType === 'meeting' ? { ...r, maxCount: undefined } : r)) },
    };
    expect(levers({ activities: [...maxedActivities(['meeting']), ...meetings([1, 2, 3, 4, 5, 6])], bant: confirmed }, unlimited).map((l) => l.key)).toEqual(['eng.meeting']);
  });

  it('leaves marketing’s signals out: a webinar or a pricing visit is what the prospect does', () => {
    const result = levers({ activities: [], bant: confirmed });
    expect(result.map((l) => l.activityType).filter(Boolean)).toEqual(['meeting', 'email-replied', 'call']);
    for (const key of ['eng.pricing-page', 'eng.case-study', 'eng.webinar', 'eng.form', 'eng.email-open']) expect(result.map((l) => l.key)).not.toContain(key);
    // a rule a team adds for the rep's own e-mails is a lever
    const withSent: ScoringModel = {
      ...model,
      engagement: { ...model.engagement, rules: [...model.engagement.rules, { id: 'eng.sent', activityType: 'email-sent', label: { en: 'E-mail sent', es: 'Correo enviado' }, points: 3 }] },
    };
    expect(levers({ activities: [], bant: confirmed }, withSent).find((l) => l.key === 'eng.sent')?.text.en).toBe('Send an e-mail: +3');
  });

  it('offers nothing when everything is maxed', () => {
    expect(levers({ person: makePerson('p', { title: 'CEO' }), account: makeAccount({ employees: 40 }), activities: maxedActivities(), bant: confirmed })).toEqual([]);
  });

  it('offers to end a quiet spell: any touch lifts the whole inactivity penalty', () => {
    const quiet = (days: number) => levers({ activities: [makeActivity('call', daysAgo(days))], bant: confirmed });
    expect(quiet(10).find((l) => l.kind === 'inactivity')).toBeUndefined();
    expect(quiet(45).find((l) => l.kind === 'inactivity')).toMatchObject({ key: 'engagement.inactivity', points: 10, text: { en: 'Any touch this week: +10' } });
    // 100 days quiet: −30 (maxSteps 3), the biggest lever of all
    expect(quiet(100)[0]).toMatchObject({ kind: 'inactivity', points: 30 });
    // a quiet spell since creation, with nothing ever recorded
    expect(levers({ activities: [], since: daysAgo(70), bant: confirmed }).find((l) => l.kind === 'inactivity')).toMatchObject({ points: 20 });
  });

  it('words every lever in Spanish too, with its points', () => {
    const result = levers({ activities: [makeActivity('webinar-attended', daysAgo(40))], bant: bant({ budget: 'partial' }) });
    const es = Object.fromEntries(result.map((l) => [l.key, l.text.es]));
    expect(es).toEqual({
      'bant.need': 'Confirmar la necesidad: +20',
      'bant.budget': 'Confirmar el presupuesto: +10',
      'bant.authority': 'Implicar al decisor económico: +15',
      'bant.timing': 'Confirmar el plazo: +15',
      'eng.meeting': 'Celebrar una reunión: +20',
      'eng.reply': 'Conseguir respuesta a un correo: +10',
      'eng.call': 'Hacer una llamada: +5',
      'engagement.inactivity': 'Cualquier contacto esta semana: +10',
    });
    expect(result[0]).toMatchObject({ key: 'bant.need', action: { en: 'Confirm the need', es: 'Confirmar la necesidad' } });
    for (const l of result) {
      expect(l.text.en).toBe(`${l.action.en}: +${l.points}`);
      expect(l.text.es).toBe(`${l.action.es}: +${l.points}`);
    }
  });

  it('reads BANT as held on the date asked for', () => {
    const needFromDay5 = (atMs: number) => ({
      budget: { status: 'confirmed' as const },
      authority: { status: 'confirmed' as const },
      timing: { status: 'confirmed' as const },
      need: { status: atMs >= Date.parse(daysAgo(5)) ? ('confirmed' as const) : ('unknown' as const) },
    });
    const at = (d: Date) => scoreLevers({ activities: maxedActivities(), bant: needFromDay5 }, model, d).map((l) => l.key);
    expect(at(NOW)).toEqual([]);
    // ten days back the need was still unknown (and the activities of the last days had not happened)
    expect(at(new Date(daysAgo(10)))).toContain('bant.need');
  });
});

describe('pulling a lever raises the score by what it says (property)', () => {
  const STATUSES: BantLetterStatus[] = ['unknown', 'partial', 'confirmed', 'negative'];
  const REP_TOUCHES = new Set<ActivityType>(['meeting', 'call', 'email-replied', 'email-sent']);
  const inputArb = fc.record({
    activities: fc.array(fc.record({ type: fc.constantFrom(...ACTIVITY_TYPES), daysAgo: fc.integer({ min: 0, max: 400 }) }), { maxLength: 30 }),
    bant: fc.record({ budget: fc.constantFrom(...STATUSES), authority: fc.constantFrom(...STATUSES), need: fc.constantFrom(...STATUSES), timing: fc.constantFrom(...STATUSES) }),
    sinceDays: fc.integer({ min: 0, max: 400 }),
  });

  it('for BANT letters and the rep’s touches, and no rule at maxCount gains anything', () => {
    fc.assert(
      fc.property(inputArb, (shape) => {
        const input: ScoreInput = {
          activities: shape.activities.map((a) => makeActivity(a.type, daysAgo(a.daysAgo))),
          bant: shape.bant,
          since: daysAgo(shape.sinceDays),
        };
        const before = scoreAt(input, model, NOW).score;
        const result = scoreLevers(input, model, NOW);
        const lift = result.find((l) => l.kind === 'inactivity')?.points ?? 0;
        for (const letter of BANT_LETTERS) {
          const lever = result.find((l) => l.letter === letter);
          const after = scoreAt({ ...input, bant: { ...shape.bant, [letter]: 'confirmed' } }, model, NOW).score;
          if (lever) expect(after - before).toBe(lever.points);
          else expect(shape.bant[letter] === 'confirmed' || shape.bant[letter] === 'negative').toBe(true);
        }
        for (const rule of model.engagement.rules) {
          const lever = result.find((l) => l.key === rule.id);
          if (!REP_TOUCHES.has(rule.activityType)) {
            expect(lever).toBeUndefined();
            continue;
          }
          const after = scoreAt({ ...input, activities: [...input.activities, makeActivity(rule.activityType, NOW.toISOString())] }, model, NOW).score;
          // one more activity of the type: the rule's points if it has room, and the end of any quiet spell
          expect(after - before).toBe((lever?.points ?? 0) + lift);
        }
        // ranked
        for (let i = 1; i < result.length; i++) expect(result[i - 1]!.points).toBeGreaterThanOrEqual(result[i]!.points);
      }),
      { numRuns: 300 },
    );
  });
});
