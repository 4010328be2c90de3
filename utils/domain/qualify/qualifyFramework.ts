// The framework part of qualify(): which framework the deal is read with, its elements' statuses
// (economic buyer and champion from the committee), the points they give on any date, the stage by
// the framework's rules, its levers and the next question to ask. BANT keeps its own path in
// qualify.ts (scoring model points, the team's stage rules); this only describes its four letters.
import type { BantForScore, ElementForScore } from '../qualification/scoring';
import type { BantState } from '../qualification/bant';
import type { Bilingual } from '../bilingual';
import type { Committee } from '../committee/committee';
import { inferRoleFromTitle } from '../committee/titles';
import { type ElementId, type Framework, isBantElement } from '../qualification/frameworks';
import {
  type ChampionDerivation,
  type ElementLever,
  type ElementSource,
  type ElementState,
  deriveChampion,
  elementLevers,
  elementStates,
  nextElement,
  statusesOf,
} from '../qualification/frameworkRules';
import { type Qualification, elementAnswerOf, elementsAsOf } from '../qualification/qualification';
import { pickQuestion } from '../qualification/discoveryBank';
import type { Person } from '../entities';
import type { StageResult } from '../qualification/stage';
import type { ScoreLever } from '../qualification/levers';
import { formatPoints } from '../../i18n/format';

export type NextQuestion = {
  element: ElementId;
  label: Bilingual;
  key: Bilingual;
  questionId: string;
  question: Bilingual;
  /** whom it is put to (the deal's main contact or the lead), whose role chose the question */
  personId?: string;
};

export type FrameworkView = {
  id: Framework['id'];
  name: string;
  elements: ElementState[];
  next?: NextQuestion;
  champion: ChampionDerivation;
};

export type FrameworkParts = {
  view: FrameworkView;
  /** scoring input for a framework other than BANT: element statuses on a date */
  scoreElements?: (atMs: number) => readonly ElementForScore[];
};

export function frameworkParts(
  framework: Framework,
  q: Qualification,
  bant: BantState,
  committee: Committee,
  bantOn: (atMs: number) => BantForScore,
  nowMs: number,
  person: Person | undefined,
): FrameworkParts {
  const champion = deriveChampion(elementAnswerOf(q, 'champion'), committee.members);
  const source: ElementSource = { bant, elements: q.elements, champion };
  const statuses = statusesOf(framework, source);
  const next = nextElement(framework, statuses);
  const view: FrameworkView = { id: framework.id, name: framework.name, elements: elementStates(framework, source), champion };
  if (next) {
    const status = statuses[next.id] === 'partial' ? 'partial' : 'unknown';
    const who = person ? inferRoleFromTitle(person.title) : undefined;
    const question = pickQuestion(next.id, { status, ...(who ? { function: who.function, seniority: who.seniority } : {}) });
    view.next = { element: next.id, label: next.label, key: next.key, questionId: question.id, question: question.text };
    if (person) view.next.personId = person.id;
  }
  if (framework.id === 'bant') return { view };
  const scoreElements = (atMs: number): ElementForScore[] => {
    const past = atMs >= nowMs ? undefined : { bant: bantOn(atMs), elements: elementsAsOf(q, atMs) };
    return framework.elements.map((e) => {
      const held = isBantElement(e.id)
        ? (past ? past.bant[e.id] : bant[e.id])
        : e.id === 'champion'
          ? { status: champion.status, setAt: elementAnswerOf(q, 'champion').setAt }
          : (past ? past.elements[e.id] : q.elements?.[e.id]) ?? { status: 'unknown' as const };
      return { id: e.id, label: e.label, points: e.points, status: held.status, ...(held.setAt !== undefined ? { setAt: held.setAt } : {}) };
    });
  };
  return { view, scoreElements };
}

/** An element lever worded like the score’s others (“Confirm “Champion”: +12”). */
export function asScoreLever(l: ElementLever): ScoreLever {
  return {
    key: `element.${l.element}`,
    kind: 'bant',
    points: l.points,
    action: l.action,
    text: { en: `${l.action.en}: ${formatPoints(l.points, 'en')}`, es: `${l.action.es}: ${formatPoints(l.points, 'es')}` },
  };
}

/**
 * The levers of a framework's open elements, merged by points with the score's engagement and
 * inactivity levers (its BANT levers are BANT's points, which this framework does not score).
 */
export function mergeLevers(framework: Framework, view: FrameworkView, others: readonly ScoreLever[]): ScoreLever[] {
  const statuses = Object.fromEntries(view.elements.map((e) => [e.id, e.status]));
  const own = elementLevers(framework, statuses).map(asScoreLever);
  return [...own, ...others.filter((l) => l.kind !== 'bant')].sort((a, b) => b.points - a.points);
}

/**
 * What the next actions read of a framework's stage: a reason naming an element BANT lacks (a
 * champion ruled out) is told as "not now" without a letter; the stage itself is kept.
 */
export function stageForActions(stage: StageResult<ElementId>): StageResult {
  const r = stage.reason;
  if ((r.code === 'stage.disqualified' || r.code === 'stage.nurture.negative') && !isBantElement(r.params.letter)) {
    return { stage: stage.stage, reason: { code: 'stage.new', params: { confirmed: 0, score: 0 } } };
  }
  if (r.code === 'stage.sql') return { stage: stage.stage, reason: { code: 'stage.sql', params: { letters: r.params.letters.filter(isBantElement) } } };
  return stage as StageResult;
}
