import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BantLetterStatus } from '../entities';
import { NOW, makeAccount, makeDeal, makePerson } from '../../../tests/support/records';
import { qualify } from '../qualify/qualify';
import { DEFAULT_QUALIFY_SETTINGS, type QualifySettings } from '../qualify/qualifySettings';
import { describeStage } from '../words/describe';
import { DISCOVERY_BANK, pickQuestion } from './discoveryBank';
import { ELEMENT_IDS, ELEMENT_OPTIONS, FRAMEWORKS, FRAMEWORK_IDS, type ElementId, type FrameworkId, RESERVED_KEYS, elementForKey, isBantElement } from './frameworks';
import { type ElementStatuses, deriveChampion, frameworkChoiceSchema, frameworkFor, frameworkPoints, frameworkStage, mappableElements, nextElement } from './frameworkRules';
import { type ElementEdit, applyElementAnswer, applyBantAnswer, newQualification, qualificationSchema, undoLastChange } from './qualification';

const STATUSES: readonly BantLetterStatus[] = ['negative', 'unknown', 'partial', 'confirmed'];
const RANK: Record<BantLetterStatus, number> = { negative: 0, unknown: 1, partial: 2, confirmed: 3 };
const withFramework = (id: FrameworkId): QualifySettings => ({ ...DEFAULT_QUALIFY_SETTINGS, frameworks: { default: id, bySegment: {} } });
const all = (id: FrameworkId, status: BantLetterStatus): ElementStatuses => Object.fromEntries(FRAMEWORKS[id].elements.map((e) => [e.id, status]));
const meta = { by: 'u1', at: NOW };

describe('frameworks as data', () => {
  it.each(FRAMEWORK_IDS)('%s: every element has its words, a key of its own in each language, points in order and questions', (id) => {
    const fw = FRAMEWORKS[id];
    for (const locale of ['en', 'es'] as const) {
      const keys = fw.elements.map((e) => e.key[locale].toLowerCase());
      expect(new Set(keys).size).toBe(keys.length);
      for (const k of keys) expect(RESERVED_KEYS.has(k)).toBe(false);
      // the key typed in either language opens the element it names in this one
      for (const e of fw.elements) expect(elementForKey(fw, e.key[locale], locale)).toBe(e.id);
    }
    for (const e of fw.elements) {
      expect(e.label.en && e.label.es).toBeTruthy();
      expect(e.points.negative).toBeLessThanOrEqual(0);
      expect(e.points.partial).toBeGreaterThanOrEqual(0);
      expect(e.points.confirmed).toBeGreaterThan(e.points.partial);
      expect(DISCOVERY_BANK[e.id].length).toBeGreaterThan(0);
    }
    for (const req of [...fw.stage.sqlRequiresConfirmed, ...fw.stage.disqualifyWhenNegative, ...fw.stage.nurtureWhenNegative]) {
      expect(fw.elements.map((e) => e.id)).toContain(req);
    }
  });

  it('every element that is not a BANT letter offers answers on 5–8, each with the status it implies', () => {
    for (const id of ELEMENT_IDS) {
      if (isBantElement(id)) continue;
      const options = ELEMENT_OPTIONS[id];
      expect(options.length).toBeGreaterThan(0);
      expect(options.length).toBeLessThanOrEqual(4);
      expect(options.some((o) => o.status === 'confirmed')).toBe(true);
    }
  });

  it('BANT stays BANT: its words, keys and stage rules are the ones the sidebar used before frameworks', () => {
    const bant = FRAMEWORKS.bant;
    expect(bant.elements.map((e) => [e.id, e.key.en, e.key.es])).toEqual([
      ['budget', 'B', 'P'],
      ['authority', 'A', 'A'],
      ['need', 'N', 'N'],
      ['timing', 'T', 'T'],
    ]);
    expect(bant.stage.sqlRequiresConfirmed).toEqual(DEFAULT_QUALIFY_SETTINGS.stageRules.sqlRequiresConfirmed);
    expect(bant.stage.disqualifyWhenNegative).toEqual(DEFAULT_QUALIFY_SETTINGS.stageRules.disqualifyWhenNegative);
  });

  it('elements shared between frameworks are one answer: Budget is Money, Need is Pain and Challenges, Timing is the Critical event', () => {
    const ids = (id: FrameworkId) => FRAMEWORKS[id].elements.map((e) => e.id);
    const label = (id: FrameworkId, el: ElementId) => FRAMEWORKS[id].elements.find((e) => e.id === el)?.label.en;
    expect(label('champ', 'budget')).toBe('Money');
    expect(label('champ', 'need')).toBe('Challenges');
    expect(label('meddicc', 'need')).toBe('Identify pain');
    expect(label('spiced', 'need')).toBe('Pain');
    expect(label('spiced', 'timing')).toBe('Critical event');
    expect(label('meddicc', 'authority')).toBe('Economic buyer');
    expect(ids('meddpicc')).toEqual([...ids('meddicc').slice(0, 4), 'paper-process', ...ids('meddicc').slice(4)]);
  });
});

describe('stage rules per framework (table)', () => {
  type Row = [FrameworkId, ElementStatuses, 'new' | 'mql' | 'sql' | 'nurture' | 'disqualified'];
  const rows: Row[] = [
    ['meddicc', all('meddicc', 'confirmed'), 'sql'],
    ['meddicc', { ...all('meddicc', 'unknown'), metrics: 'confirmed', authority: 'confirmed', need: 'confirmed', champion: 'confirmed' }, 'sql'],
    ['meddicc', { ...all('meddicc', 'confirmed'), champion: 'partial' }, 'mql'],
    ['meddicc', { ...all('meddicc', 'confirmed'), need: 'negative' }, 'disqualified'],
    ['meddicc', { ...all('meddicc', 'unknown'), 'decision-process': 'negative' }, 'nurture'],
    ['meddicc', all('meddicc', 'unknown'), 'new'],
    ['meddpicc', { ...all('meddpicc', 'confirmed'), 'paper-process': 'unknown' }, 'sql'],
    ['spiced', { ...all('spiced', 'unknown'), need: 'confirmed', metrics: 'confirmed', timing: 'confirmed' }, 'sql'],
    ['spiced', { ...all('spiced', 'confirmed'), timing: 'negative' }, 'nurture'],
    ['spiced', { ...all('spiced', 'unknown'), situation: 'confirmed', need: 'confirmed' }, 'mql'],
    ['champ', all('champ', 'confirmed'), 'sql'],
    ['champ', { ...all('champ', 'confirmed'), budget: 'negative' }, 'nurture'],
    ['champ', { ...all('champ', 'confirmed'), need: 'negative' }, 'disqualified'],
    ['bant', all('bant', 'confirmed'), 'sql'],
    ['bant', { ...all('bant', 'unknown'), need: 'confirmed', budget: 'confirmed' }, 'mql'],
  ];
  it.each(rows)('%s %o → %s', (id, statuses, stage) => {
    const result = frameworkStage(FRAMEWORKS[id], statuses, undefined, 0, 1000);
    expect(result.stage).toBe(stage);
    for (const locale of ['en', 'es'] as const) expect(describeStage(result.reason, locale, FRAMEWORKS[id])).not.toMatch(/undefined/);
  });

  it('a "not now" horizon nurtures only in a framework that asks about timing', () => {
    expect(frameworkStage(FRAMEWORKS.spiced, all('spiced', 'unknown'), 'later', 0, 1000).stage).toBe('nurture');
    expect(frameworkStage(FRAMEWORKS.meddicc, all('meddicc', 'unknown'), 'later', 0, 1000).stage).toBe('new');
  });

  it('points per framework: all confirmed is the sum of the confirmed points, all unknown is nothing', () => {
    for (const id of FRAMEWORK_IDS) {
      const fw = FRAMEWORKS[id];
      expect(frameworkPoints(fw, all(id, 'confirmed'))).toBe(fw.elements.reduce((s, e) => s + e.points.confirmed, 0));
      expect(frameworkPoints(fw, all(id, 'unknown'))).toBe(0);
    }
  });
});

describe('the next question', () => {
  it('asks about the element that matters most and is least known', () => {
    expect(nextElement(FRAMEWORKS.meddicc, all('meddicc', 'unknown'))?.id).toBe('need');
    // a half-known pain (5 × 1) loses to an unknown economic buyer (4 × 2)
    expect(nextElement(FRAMEWORKS.meddicc, { ...all('meddicc', 'unknown'), need: 'partial' })?.id).toBe('authority');
    expect(nextElement(FRAMEWORKS.meddicc, all('meddicc', 'confirmed'))).toBeUndefined();
    expect(nextElement(FRAMEWORKS.meddicc, { ...all('meddicc', 'confirmed'), competition: 'negative' })).toBeUndefined();
  });

  it('adapts the question to the status and to the person: a CFO and an IT manager hear different economic-buyer questions', () => {
    const cfo = pickQuestion('authority', { status: 'unknown', function: 'finance', seniority: 'c-level' });
    const it = pickQuestion('authority', { status: 'unknown', function: 'it', seniority: 'manager' });
    const anyone = pickQuestion('authority', { status: 'unknown' });
    expect(new Set([cfo.id, it.id, anyone.id]).size).toBe(3);
    expect(it.text.es).toMatch(/TI.*¿.*\?$/);
    expect(pickQuestion('authority', { status: 'partial' }).id).toBe('authority.partial');
    // a question meant for finance is never put to someone else
    expect(pickQuestion('metrics', { status: 'unknown', function: 'it' }).id).toBe('metrics.measure');
  });

  it('every question is a question in both languages', () => {
    for (const bank of Object.values(DISCOVERY_BANK)) {
      for (const q of bank) {
        expect(q.text.en).toMatch(/\?$/);
        expect(q.text.es).toMatch(/^¿[^?]*\?$|^[^¿]*¿[^?]*\?$/);
      }
    }
  });
});

describe('the champion, derived from the committee like authority', () => {
  const member = (over: Partial<Parameters<typeof deriveChampion>[1][number]>) => ({
    personId: 'p1', name: 'Ana', roleSource: 'override' as const, seniority: 'manager' as const, function: 'it' as const,
    confidence: 1, onDeal: true, leftCompany: false, cold: false, ...over,
  });
  it.each([
    ['a warm champion in the committee', [member({ role: 'champion' })], 'unknown', 'confirmed'],
    ['a champion gone cold', [member({ role: 'champion', cold: true })], 'unknown', 'partial'],
    ['a champion who left', [member({ role: 'champion', leftCompany: true })], 'unknown', 'unknown'],
    ['nobody in the role, the rep believes', [member({ role: 'end-user' })], 'confirmed', 'partial'],
    ['nobody, and the rep says nobody will', [], 'negative', 'negative'],
  ] as const)('%s', (_, members, rep, expected) => {
    expect(deriveChampion({ status: rep, note: '', source: 'rep' }, members).status).toBe(expected);
  });
});

describe('properties', () => {
  const ownElements = ELEMENT_IDS.filter((id) => !isBantElement(id)) as Exclude<ElementId, 'budget' | 'authority' | 'need' | 'timing'>[];
  const editArb: fc.Arbitrary<ElementEdit> = fc.constantFrom(...ownElements).chain((element) =>
    fc.record({
      element: fc.constant(element),
      answer: fc.option(fc.constantFrom(...ELEMENT_OPTIONS[element as keyof typeof ELEMENT_OPTIONS].map((o) => o.id)), { nil: undefined }),
      status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
      note: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    }),
  );

  it('a positive answer never lowers the score, in any framework', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FRAMEWORK_IDS), fc.dictionary(fc.constantFrom(...ELEMENT_IDS), fc.constantFrom(...STATUSES)), fc.constantFrom(...ELEMENT_IDS), (id, statuses, raised) => {
        const fw = FRAMEWORKS[id];
        const before = statuses[raised] ?? 'unknown';
        for (const up of STATUSES.filter((s) => RANK[s] > RANK[before])) {
          expect(frameworkPoints(fw, { ...statuses, [raised]: up })).toBeGreaterThanOrEqual(frameworkPoints(fw, statuses));
        }
      }),
    );
  });

  it('a positive answer never lowers the whole score of a deal qualified with MEDDICC', () => {
    const deal = makeDeal({ contactIds: ['cfo'] });
    const people = [makePerson('cfo', { title: 'CFO' })];
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 6 }), fc.constantFrom(...ownElements), (edits, element) => {
        let q = newQualification('deal', deal.id, NOW);
        for (const e of edits) q = applyElementAnswer(q, e, meta);
        const score = (qq: typeof q) => qualify({ entityType: 'deal', deal, people, activities: [], qualification: qq }, withFramework('meddpicc'), NOW).score.score;
        const confirmed = ELEMENT_OPTIONS[element as keyof typeof ELEMENT_OPTIONS].find((o) => o.status === 'confirmed')!;
        expect(score(applyElementAnswer(q, { element, answer: confirmed.id }, meta))).toBeGreaterThanOrEqual(score(q));
      }),
      { numRuns: 60 },
    );
  });

  it('switching framework loses no answer: every element reads the same after any round of switches', () => {
    const deal = makeDeal({ contactIds: ['cfo'] });
    const people = [makePerson('cfo', { title: 'CFO' })];
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 8 }), fc.array(fc.constantFrom(...FRAMEWORK_IDS), { minLength: 1, maxLength: 5 }), (edits, switches) => {
        let q = applyBantAnswer(newQualification('deal', deal.id, NOW), { letter: 'budget', answer: 'approved' }, meta);
        for (const e of edits) q = applyElementAnswer(q, e, meta);
        const seen = new Map<string, BantLetterStatus>();
        for (const id of switches) {
          const r = qualify({ entityType: 'deal', deal, people, activities: [], qualification: q }, withFramework(id), NOW);
          // the record is never rewritten by reading it with another framework
          expect(r.qualification).toBe(q);
          for (const el of r.framework.elements) {
            const prior = seen.get(el.id);
            if (prior !== undefined) expect(el.status).toBe(prior);
            seen.set(el.id, el.status);
          }
        }
        expect(qualificationSchema.safeParse(q).success).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('answers to the other elements', () => {
  it('an option sets the status it implies, is kept in the history and undoes', () => {
    const q0 = newQualification('deal', 'deal-1', NOW);
    const q1 = applyElementAnswer(q0, { element: 'metrics', answer: 'quantified', note: '-30 % de horas' }, meta);
    expect(q1.elements?.metrics).toMatchObject({ status: 'confirmed', answer: 'quantified', note: '-30 % de horas', setBy: 'u1' });
    expect(q1.history.at(-1)).toMatchObject({ kind: 'element', element: 'metrics' });
    expect(applyElementAnswer(q1, { element: 'metrics', answer: 'quantified' }, meta)).toBe(q1);
    const undone = undoLastChange(q1, meta);
    expect(undone.undone?.kind).toBe('element');
    expect(undone.qualification.elements?.metrics?.status).toBe('unknown');
  });

  it('the framework follows the account’s segment, else the team’s default', () => {
    const choice = { default: 'bant' as const, bySegment: { enterprise: 'meddicc' as const, smb: 'champ' as const } };
    const cfg = DEFAULT_QUALIFY_SETTINGS.committee;
    expect(frameworkFor(choice, makeAccount({ employees: 5000 }), cfg).id).toBe('meddicc');
    expect(frameworkFor(choice, makeAccount({ employees: 20 }), cfg).id).toBe('champ');
    expect(frameworkFor(choice, makeAccount({ employees: 500 }), cfg).id).toBe('bant');
    expect(frameworkFor(undefined, makeAccount({ employees: 5000 }), cfg).id).toBe('bant');
  });

  it('a pipeline\'s framework comes before the segment\'s; a choice saved before pipelines stays valid', () => {
    const choice = { default: 'bant' as const, bySegment: { enterprise: 'meddicc' as const }, byPipeline: { '7781': 'spiced' as const } };
    const cfg = DEFAULT_QUALIFY_SETTINGS.committee;
    expect(frameworkFor(choice, makeAccount({ employees: 5000 }), cfg, '7781').id).toBe('spiced');
    expect(frameworkFor(choice, makeAccount({ employees: 5000 }), cfg, 'default').id).toBe('meddicc');
    expect(frameworkFor(choice, makeAccount({ employees: 20 }), cfg, 'toString').id).toBe('bant');
    expect(frameworkChoiceSchema.safeParse({ default: 'bant', bySegment: {} }).success).toBe(true);
    expect(frameworkChoiceSchema.safeParse({ ...choice, byPipeline: { '7781': 'sandler' } }).success).toBe(false);
    expect(mappableElements(choice).map((e) => e.id)).toContain('situation'); // SPICED is in use through its pipeline
    // through qualify(): the deal's pipeline chooses
    const deal = makeDeal({ pipeline: { id: '7781', name: 'Enterprise new business' } });
    const settings: QualifySettings = { ...DEFAULT_QUALIFY_SETTINGS, frameworks: choice };
    const r = qualify({ entityType: 'deal', deal, people: [], activities: [], qualification: newQualification('deal', deal.id, NOW) }, settings, NOW);
    expect(r.framework.id).toBe('spiced');
  });

  it('MEDDICC through qualify(): its elements, its points instead of BANT’s, the economic buyer from the committee', () => {
    const deal = makeDeal({ contactIds: ['cfo'], bant: { budget: 'confirmed', authority: 'unknown', need: 'unknown', timing: 'confirmed' } });
    const people = [makePerson('cfo', { title: 'Directora Financiera' })];
    let q = newQualification('deal', deal.id, NOW);
    q = applyElementAnswer(q, { element: 'metrics', answer: 'quantified' }, meta);
    const r = qualify({ entityType: 'deal', deal, people, activities: [], qualification: q }, withFramework('meddicc'), NOW);
    expect(r.framework.id).toBe('meddicc');
    expect(r.framework.elements.map((e) => e.id)).toEqual(FRAMEWORKS.meddicc.elements.map((e) => e.id));
    expect(r.framework.elements.find((e) => e.id === 'authority')).toMatchObject({ status: 'partial', fromCommittee: true });
    expect(r.score.breakdown.some((i) => i.ruleId === 'element.metrics.confirmed' && i.points === 10)).toBe(true);
    expect(r.score.breakdown.some((i) => i.fact.kind === 'bant')).toBe(false);
    // the pain is unknown and weighs most: that is the question, put to a finance director
    expect(r.framework.next).toMatchObject({ element: 'need', personId: 'cfo' });
    expect(r.actions.some((a) => a.key.startsWith('discovery:budget'))).toBe(false);
    // the levers are MEDDICC's elements (and touches), never BANT's letters
    expect(r.score.levers.some((l) => l.key.startsWith('bant.'))).toBe(false);
    expect(r.score.levers.find((l) => l.key.startsWith('element.'))).toMatchObject({ key: 'element.need', points: 15, text: { es: 'Confirmar «Dolor identificado»: +15' } });
  });
});

describe('the elements a team maps to CRM fields', () => {
  it('are the frameworks in use\' own elements, once each, under the first framework\'s word; BANT letters never', () => {
    expect(mappableElements(undefined)).toEqual([]);
    expect(mappableElements({ default: 'champ', bySegment: {} })).toEqual([]); // CHAMP is BANT's four letters
    const spicedFirst = mappableElements({ default: 'spiced', bySegment: { enterprise: 'meddpicc' } });
    expect(spicedFirst.map((e) => e.id)).toEqual(['situation', 'metrics', 'decision-process', 'decision-criteria', 'paper-process', 'champion', 'competition']);
    expect(spicedFirst.find((e) => e.id === 'metrics')!.label.en).toBe('Impact');
  });
});
