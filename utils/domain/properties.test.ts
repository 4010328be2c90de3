// Invariants of the domain core, checked over generated deals, leads, committees, activities,
// BANT answers and scoring models (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANT_LETTERS, type BantState, STATUS_RANK, TIMING_HORIZONS, emptyBant } from './qualification/bant';
import { describeAction } from './words/describe';
import { ACTIVITY_TYPES, type Activity, type BantLetterStatus, type Person } from './entities';
import { type Qualification, applyBantAnswer, bantAsOf, newQualification, setActionState } from './qualification/qualification';
import { type QualifyInput, qualify } from './qualify/qualify';
import { DEFAULT_QUALIFY_SETTINGS } from './qualify/qualifySettings';
import { COMMITTEE_ROLES } from './committee/roles';
import { type ScoreInput, scoreAt } from './qualification/scoring';
import { DEFAULT_SCORING_MODEL, type ScoringModel, scoringModelSchema } from './qualification/scoringModel';
import { NOW, daysAgo, makeAccount, makeDeal, makePerson } from '../../tests/support/records';
import { JOB_FUNCTIONS, SENIORITIES, inferRoleFromTitle } from './committee/titles';

const settings = DEFAULT_QUALIFY_SETTINGS;
const RUNS = { numRuns: 300 };

const TITLES = [
  'Director Financiero', 'CFO', 'Jefe de TI', 'Director de Sistemas', 'CTO', 'Gerente de Compras', 'Abogada Interna',
  'VP of Operations', 'Analista de Datos', 'Office Manager', 'CEO', 'Responsable de Operaciones', 'Ninja',
];
const STATUSES: BantLetterStatus[] = ['unknown', 'partial', 'confirmed', 'negative'];

const activityArb = (personCount: number) =>
  fc.record({
    type: fc.constantFrom(...ACTIVITY_TYPES),
    daysAgo: fc.integer({ min: -5, max: 400 }),
    hour: fc.integer({ min: 0, max: 23 }),
    person: fc.integer({ min: 0, max: Math.max(0, personCount - 1) }),
  });

const personArb = fc.record({
  title: fc.option(fc.constantFrom(...TITLES), { nil: undefined }),
  leftCompany: fc.integer({ min: 0, max: 9 }).map((n) => (n === 0 ? true : undefined)),
  phone: fc.option(fc.constant('+34 600 000 000'), { nil: undefined }),
});

// weighted towards confirmed so that SQLs (all four confirmed) are generated often enough
const statusArb = fc.oneof(
  { arbitrary: fc.constant<BantLetterStatus>('confirmed'), weight: 6 },
  { arbitrary: fc.constantFrom<BantLetterStatus>('unknown', 'partial', 'negative'), weight: 3 },
);
const bantArb = fc.record({
  budget: statusArb,
  authority: statusArb,
  need: statusArb,
  timing: statusArb,
  horizon: fc.option(fc.constantFrom(...TIMING_HORIZONS), { nil: undefined }),
  setDaysAgo: fc.integer({ min: 0, max: 60 }),
  engaged: fc.boolean(),
});

type Shape = {
  kind: 'deal' | 'lead';
  people: Array<{ title?: string; leftCompany?: true; phone?: string }>;
  activities: Array<{ type: (typeof ACTIVITY_TYPES)[number]; daysAgo: number; hour: number; person: number }>;
  bant: { budget: BantLetterStatus; authority: BantLetterStatus; need: BantLetterStatus; timing: BantLetterStatus; horizon?: (typeof TIMING_HORIZONS)[number]; setDaysAgo: number; engaged: boolean } | null;
  employees?: number;
  tier?: 'tier-1' | 'tier-2' | 'tier-3';
  keyAccount: boolean;
  amount?: number;
  closeInDays?: number;
  overrides: Array<[number, (typeof COMMITTEE_ROLES)[number]]>;
  objectionBy: number | null;
  duplicate: boolean;
};

const shapeArb: fc.Arbitrary<Shape> = fc
  .record({
    kind: fc.constantFrom('deal' as const, 'lead' as const),
    people: fc.array(personArb, { minLength: 1, maxLength: 6 }),
    bant: fc.option(bantArb, { nil: null }),
    employees: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
    tier: fc.option(fc.constantFrom('tier-1' as const, 'tier-2' as const, 'tier-3' as const), { nil: undefined }),
    keyAccount: fc.boolean(),
    amount: fc.option(fc.integer({ min: 1000, max: 500_000 }), { nil: undefined }),
    closeInDays: fc.option(fc.integer({ min: -60, max: 200 }), { nil: undefined }),
    objectionBy: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    duplicate: fc.boolean(),
  })
  .chain((base) =>
    fc.record({
      activities: fc.array(activityArb(base.people.length), { maxLength: 25 }),
      overrides: fc.array(fc.tuple(fc.integer({ min: 0, max: base.people.length - 1 }), fc.constantFrom(...COMMITTEE_ROLES)), { maxLength: 3 }),
    }).map((rest) => ({ ...base, ...rest })),
  );

const at = (days: number, hour = 0) => new Date(NOW.getTime() - days * 86_400_000 + hour * 3_600_000).toISOString();

function toActivity(a: Shape['activities'][number], i: number, people: readonly Person[]): Activity {
  return { id: `a${i}`, type: a.type, at: at(a.daysAgo, a.hour), personId: people[a.person % people.length]!.id, source: 'crm' };
}

function buildInput(s: Shape): QualifyInput {
  const people = s.people.map((p, i) => makePerson(`p${i}`, { ...p, kind: s.kind === 'lead' && i === 0 ? 'lead' : 'contact' }));
  const account = makeAccount({ employees: s.employees, tier: s.tier, keyAccount: s.keyAccount });
  const id = s.kind === 'deal' ? 'deal-1' : 'p0';
  let q: Qualification | undefined;
  if (s.bant) {
    const b = s.bant;
    const bant: BantState = emptyBant();
    const meta = { note: '', source: 'rep' as const, setBy: 'u', setAt: daysAgo(b.setDaysAgo) };
    bant.budget = { ...bant.budget, ...meta, status: b.budget };
    bant.authority = { ...bant.authority, ...meta, status: b.authority, engaged: b.engaged };
    bant.need = { ...bant.need, ...meta, status: b.need };
    bant.timing = { ...bant.timing, ...meta, status: b.timing, ...(b.horizon ? { horizon: b.horizon } : {}) };
    q = newQualification(s.kind, id, new Date(daysAgo(90)), bant);
    q = { ...q, roleOverrides: Object.fromEntries(s.overrides.map(([i, role]) => [`p${i}`, role])) };
    if (s.objectionBy !== null) q = { ...q, objections: [{ kind: 'price', byPersonId: `p${s.objectionBy % people.length}`, at: daysAgo(2), note: '' }] };
  }
  return {
    entityType: s.kind,
    ...(s.kind === 'deal'
      ? {
          deal: makeDeal({
            contactIds: people.slice(0, 2).map((p) => p.id),
            amount: s.amount,
            closeDate: s.closeInDays === undefined ? undefined : daysAgo(-s.closeInDays),
            bant: s.bant ? undefined : { budget: 'partial', authority: 'unknown', need: 'confirmed', timing: 'unknown' },
          }),
        }
      : { lead: people[0]! }),
    account,
    people,
    activities: s.activities.map((a, i) => toActivity(a, i, people)),
    ...(q ? { qualification: q } : {}),
    ...(s.duplicate ? { duplicates: [{ personId: 'dup-1', ownerName: 'Diego Morales', lastTouchAt: daysAgo(8) }] } : {}),
  };
}

// A scoring model the team could have written: random points, still valid under the schema.
const modelArb: fc.Arbitrary<ScoringModel> = fc
  .record({
    engagement: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: DEFAULT_SCORING_MODEL.engagement.rules.length, maxLength: DEFAULT_SCORING_MODEL.engagement.rules.length }),
    maxCount: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    letters: fc.array(fc.tuple(fc.integer({ min: -30, max: 0 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { minLength: 4, maxLength: 4 }),
    inactivity: fc.integer({ min: -30, max: 0 }),
    windowDays: fc.integer({ min: 1, max: 365 }),
  })
  .map((r) => {
    const bant = Object.fromEntries(
      BANT_LETTERS.map((l, i) => {
        const [negative, partial, extra] = r.letters[i]!;
        return [l, { negative, partial, confirmed: partial + extra }];
      }),
    ) as ScoringModel['bant'];
    return scoringModelSchema.parse({
      ...DEFAULT_SCORING_MODEL,
      engagement: {
        windowDays: r.windowDays,
        rules: DEFAULT_SCORING_MODEL.engagement.rules.map((rule, i) => ({ ...rule, points: r.engagement[i]!, maxCount: r.maxCount })),
        inactivity: { ...DEFAULT_SCORING_MODEL.engagement.inactivity, points: r.inactivity },
      },
      bant,
    });
  });

describe('properties', () => {
  it('a positive signal never lowers the score: one more activity, under any valid model', () => {
    fc.assert(
      fc.property(shapeArb, modelArb, activityArb(6), (shape, model, extra) => {
        const input = buildInput(shape);
        const scoreInput: ScoreInput = { person: input.people[0], account: input.account, activities: input.activities, since: daysAgo(90) };
        const before = scoreAt(scoreInput, model, NOW).score;
        const added = toActivity(extra, 999, input.people);
        const after = scoreAt({ ...scoreInput, activities: [...input.activities, added] }, model, NOW).score;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      RUNS,
    );
  });

  it('a positive signal never lowers the score: a better BANT answer, under any valid model', () => {
    fc.assert(
      fc.property(modelArb, bantArb, fc.constantFrom(...BANT_LETTERS), fc.constantFrom(...STATUSES), (model, b, letter, better) => {
        const statuses = { budget: b.budget, authority: b.authority, need: b.need, timing: b.timing };
        fc.pre(STATUS_RANK[better] > STATUS_RANK[statuses[letter]]);
        const before = scoreAt({ activities: [], bant: statuses }, model, NOW).score;
        const after = scoreAt({ activities: [], bant: { ...statuses, [letter]: better } }, model, NOW).score;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      RUNS,
    );
  });

  it('a positive signal never lowers the qualified score (activity, including the economic buyer’s engagement)', () => {
    fc.assert(
      fc.property(shapeArb, activityArb(6), (shape, extra) => {
        const input = buildInput(shape);
        const before = qualify(input, settings, NOW).score.score;
        const after = qualify({ ...input, activities: [...input.activities, toActivity(extra, 999, input.people)] }, settings, NOW).score.score;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      RUNS,
    );
  });

  it('every action has a key, a category, a due date and a non-empty reason in both languages', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const { actions } = qualify(buildInput(shape), settings, NOW);
        expect(new Set(actions.map((a) => a.key)).size).toBe(actions.length);
        for (const a of actions) {
          expect(a.key.length).toBeGreaterThan(0);
          expect(Number.isNaN(Date.parse(a.dueAt))).toBe(false);
          for (const locale of ['en', 'es'] as const) {
            const d = describeAction(a, locale);
            expect(d.title.trim().length).toBeGreaterThan(0);
            expect(d.reason.trim().length).toBeGreaterThan(10);
            expect(d.reason).not.toMatch(/undefined|NaN|\[object/);
          }
        }
      }),
      RUNS,
    );
  });

  it('under the default rules the stage is never SQL with an unconfirmed letter', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const r = qualify(buildInput(shape), settings, NOW);
        seen.add(r.stage.stage);
        if (r.stage.stage === 'sql') for (const l of BANT_LETTERS) expect(r.bant[l].status).toBe('confirmed');
        if (r.bant.need.status === 'negative') expect(r.stage.stage).toBe('disqualified');
      }),
      RUNS,
    );
    // the generator reaches every stage, so the property is not vacuous
    expect([...seen].sort()).toEqual(['disqualified', 'mql', 'new', 'nurture', 'sql']);
  });

  it('is deterministic, and the order of the activities does not matter', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const input = buildInput(shape);
        const a = qualify(input, settings, NOW);
        expect(qualify(input, settings, NOW)).toEqual(a);
        const reversed = qualify({ ...input, activities: [...input.activities].reverse() }, settings, NOW);
        expect(reversed.score.score).toBe(a.score.score);
        expect(reversed.stage).toEqual(a.stage);
        expect(reversed.actions.map((x) => x.key)).toEqual(a.actions.map((x) => x.key));
      }),
      { numRuns: 150 },
    );
  });

  it('the trend’s last point is the current score, and the breakdown adds up to the score', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const r = qualify(buildInput(shape), settings, NOW);
        expect(r.score.trend.at(-1)).toEqual({ at: NOW.toISOString(), score: r.score.score, band: r.score.band });
        expect(r.score.breakdown.reduce((s, i) => s + i.points, 0)).toBe(r.score.score);
      }),
      RUNS,
    );
  });

  it('marking an action done or dismissed removes exactly that action', () => {
    fc.assert(
      fc.property(shapeArb, fc.nat(), fc.constantFrom('done' as const, 'dismissed' as const), (shape, pick, state) => {
        const input = buildInput(shape);
        const r = qualify(input, settings, NOW);
        fc.pre(r.actions.length > 0);
        const target = r.actions[pick % r.actions.length]!;
        const q = setActionState(r.qualification, target.key, state, { by: 'u', at: NOW });
        const after = qualify({ ...input, qualification: q }, settings, NOW);
        expect(after.actions.map((a) => a.key)).toEqual(r.actions.map((a) => a.key).filter((k) => k !== target.key));
      }),
      RUNS,
    );
  });

  it('BANT edits never mutate, log one history entry per real change, and replay to the current answers', () => {
    const editArb = fc.oneof(
      fc.record({ letter: fc.constant('budget' as const), answer: fc.constantFrom('approved' as const, 'estimating' as const, 'business-case' as const, 'none' as const) }),
      fc.record({ letter: fc.constant('need' as const), category: fc.constantFrom('risk' as const, 'scale' as const), statement: fc.string({ maxLength: 5 }) }),
      fc.record({ letter: fc.constant('timing' as const), horizon: fc.constantFrom(...TIMING_HORIZONS) }),
      fc.record({ letter: fc.constant('authority' as const), economicBuyerId: fc.constantFrom('p0', 'p1'), engaged: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 12 }), (edits) => {
        let q = newQualification('deal', 'd', new Date(daysAgo(100)));
        edits.forEach((edit, i) => {
          const snapshot = JSON.stringify(q);
          const next = applyBantAnswer(q, edit, { by: 'u', at: new Date(daysAgo(50 - i)) });
          expect(JSON.stringify(q)).toBe(snapshot);
          expect(next.history.length - q.history.length).toBe(next === q ? 0 : 1);
          q = next;
        });
        expect(bantAsOf(q, NOW.getTime())).toEqual(q.bant);
        expect(bantAsOf(q, Date.parse(daysAgo(100)))).toEqual(emptyBant());
      }),
      RUNS,
    );
  });

  it('title inference never throws and always answers within its vocabulary', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (title) => {
        const r = inferRoleFromTitle(title);
        expect(SENIORITIES).toContain(r.seniority);
        expect(JOB_FUNCTIONS).toContain(r.function);
        if (r.role !== undefined) expect(COMMITTEE_ROLES).toContain(r.role);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
