// The rules every framework shares, read from its data (frameworks.ts): which framework a deal is
// qualified with (the team's choice per segment), each element's status (the economic buyer and
// the champion derived from the buying committee, the rest as answered), the points, the stage,
// the levers and which element to ask about next.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import type { BantState, TimingHorizon } from './bant';
import type { Bilingual } from '../bilingual';
import type { CommitteeMember } from '../committee/committee';
import { type CommitteeConfig, segmentOf, segmentSchema } from '../committee/committeeConfig';
import type { Account, BantLetterStatus } from '../entities';
import {
  type ElementId,
  type Framework,
  type FrameworkElement,
  type OwnElementId,
  FRAMEWORKS,
  frameworkIdSchema,
  isBantElement,
} from './frameworks';
import type { ElementAnswer } from './qualification';
import { elementAnswerOf } from './qualification';
import { type StageResult, deriveStage } from './stage';

/**
 * The team's choice: one framework by default, another for some segments, and another for some
 * of the CRM's pipelines (by pipeline id; above the segment's). `byPipeline` is optional: choices
 * saved before pipelines stay valid.
 */
export const frameworkChoiceSchema = lazySchema(() => z.object({
  default: frameworkIdSchema,
  bySegment: z.partialRecord(segmentSchema, frameworkIdSchema),
  byPipeline: z.optional(z.record(z.string().check(z.minLength(1), z.maxLength(100)), frameworkIdSchema)),
}));
export type FrameworkChoice = z.infer<typeof frameworkChoiceSchema>;

export const DEFAULT_FRAMEWORK_CHOICE: FrameworkChoice = { default: 'bant', bySegment: {} };

/**
 * The framework a deal or lead is qualified with: its pipeline's, else its account's segment's,
 * else the default.
 */
export function frameworkFor(
  choice: FrameworkChoice | undefined,
  account: Pick<Account, 'employees'> | undefined,
  committee: Pick<CommitteeConfig, 'segments'>,
  pipelineId?: string,
): Framework {
  if (!choice) return FRAMEWORKS.bant;
  const byPipeline = pipelineId !== undefined && choice.byPipeline && Object.hasOwn(choice.byPipeline, pipelineId) ? choice.byPipeline[pipelineId] : undefined;
  if (byPipeline) return FRAMEWORKS[byPipeline];
  const segment = segmentOf(account?.employees, committee as CommitteeConfig);
  return FRAMEWORKS[(segment && choice.bySegment[segment]) || choice.default];
}

/** The frameworks the team's choice puts to use: the default first, then the segments' and pipelines' (once each). */
export function frameworksInUse(choice: FrameworkChoice | undefined): Framework[] {
  if (!choice) return [FRAMEWORKS.bant];
  return [...new Set([choice.default, ...Object.values(choice.bySegment), ...Object.values(choice.byPipeline ?? {})])].map((id) => FRAMEWORKS[id]);
}

/**
 * The elements with answers of their own (not BANT letters, which sync as BANT) that the frameworks
 * in use ask, in their order, each under the word of the first framework that asks it: what the
 * team may map to CRM fields in Options → Connections.
 */
export function mappableElements(choice: FrameworkChoice | undefined): Array<{ id: OwnElementId; label: Bilingual }> {
  const out = new Map<OwnElementId, Bilingual>();
  for (const framework of frameworksInUse(choice)) {
    for (const e of framework.elements) if (!isBantElement(e.id) && !out.has(e.id)) out.set(e.id, e.label);
  }
  return [...out].map(([id, label]) => ({ id, label }));
}

export type ChampionDerivation = {
  status: BantLetterStatus;
  championId?: string;
  reason: 'champion-engaged' | 'champion-cold' | 'no-champion' | 'rep-negative';
};

/**
 * Like authority (authority.ts): the champion is confirmed when someone in the committee holds the
 * role and the relationship is warm; a champion gone cold is partial; the rep's "nobody will
 * champion us" stands when no one holds the role; with nobody in the role the rep's belief is at
 * most partial, until they name the person.
 */
export function deriveChampion(answer: ElementAnswer, members: readonly CommitteeMember[]): ChampionDerivation {
  const champions = members.filter((m) => m.role === 'champion' && !m.leftCompany);
  const warm = champions.find((m) => !m.cold);
  if (warm) return { status: 'confirmed', championId: warm.personId, reason: 'champion-engaged' };
  if (champions[0]) return { status: 'partial', championId: champions[0].personId, reason: 'champion-cold' };
  if (answer.status === 'negative') return { status: 'negative', reason: 'rep-negative' };
  return { status: answer.status === 'unknown' ? 'unknown' : 'partial', reason: 'no-champion' };
}

export type ElementState = {
  id: ElementId;
  label: Bilingual;
  key: Bilingual;
  status: BantLetterStatus;
  /** the option picked (elements that are not BANT letters) */
  answer?: string;
  note: string;
  setBy?: string;
  setAt?: string;
  /** the status comes from the buying committee (economic buyer, champion), not only from the rep */
  fromCommittee: boolean;
};

/** What the element statuses are read from: BANT (authority already derived) and the other answers. */
export type ElementSource = {
  bant: BantState;
  elements: Partial<Record<OwnElementId, ElementAnswer>> | undefined;
  champion?: ChampionDerivation;
};

export function elementStatus(source: ElementSource, id: ElementId): BantLetterStatus {
  if (isBantElement(id)) return source.bant[id].status;
  if (id === 'champion' && source.champion) return source.champion.status;
  return source.elements?.[id]?.status ?? 'unknown';
}

export function elementStates(framework: Framework, source: ElementSource): ElementState[] {
  return framework.elements.map((e) => {
    const held = isBantElement(e.id) ? source.bant[e.id] : elementAnswerOf({ elements: source.elements }, e.id);
    const state: ElementState = {
      id: e.id,
      label: e.label,
      key: e.key,
      status: elementStatus(source, e.id),
      note: held.note,
      fromCommittee: e.id === 'authority' || e.id === 'champion',
    };
    if ('answer' in held && typeof held.answer === 'string') state.answer = held.answer;
    if (held.setBy !== undefined) state.setBy = held.setBy;
    if (held.setAt !== undefined) state.setAt = held.setAt;
    return state;
  });
}

export type ElementStatuses = Partial<Record<ElementId, BantLetterStatus>>;

export function statusesOf(framework: Framework, source: ElementSource): ElementStatuses {
  const out: ElementStatuses = {};
  for (const e of framework.elements) out[e.id] = elementStatus(source, e.id);
  return out;
}

/** The framework's points for its elements' statuses (unknown gives none). */
export function frameworkPoints(framework: Framework, statuses: ElementStatuses): number {
  let sum = 0;
  for (const e of framework.elements) {
    const s = statuses[e.id] ?? 'unknown';
    if (s !== 'unknown') sum += e.points[s];
  }
  return sum;
}

/** The stage by the framework's own rules (the same order as BANT's: stage.ts). */
export function frameworkStage(
  framework: Framework,
  statuses: ElementStatuses,
  horizon: TimingHorizon | undefined,
  score: number,
  mqlThreshold: number,
): StageResult<ElementId> {
  const ids = framework.elements.map((e) => e.id);
  const full = Object.fromEntries(ids.map((id) => [id, statuses[id] ?? 'unknown'])) as Record<ElementId, BantLetterStatus>;
  // the timing answer counts only where the framework asks for timing
  const ownHorizon = ids.includes('timing') ? horizon : undefined;
  return deriveStage<ElementId>({ bant: full, horizon: ownHorizon, score }, framework.stage, { mql: mqlThreshold }, ids);
}

const STATUS_OPENNESS: Readonly<Record<BantLetterStatus, number>> = { unknown: 2, partial: 1, confirmed: 0, negative: 0 };

/**
 * The element to ask about now: the one that matters most (its weight) and is least known (unknown
 * counts twice a half answer); confirmed and ruled-out elements are answered. Ties: framework order.
 */
export function nextElement(framework: Framework, statuses: ElementStatuses): FrameworkElement | undefined {
  let best: FrameworkElement | undefined;
  let bestValue = 0;
  for (const e of framework.elements) {
    const value = e.weight * STATUS_OPENNESS[statuses[e.id] ?? 'unknown'];
    if (value > bestValue) {
      best = e;
      bestValue = value;
    }
  }
  return best;
}

export type ElementLever = { element: ElementId; points: number; action: Bilingual; from: 'unknown' | 'partial' };

/** Confirming an open element gains `confirmed − current`; a "no" is the customer's answer, not a lever. */
export function elementLevers(framework: Framework, statuses: ElementStatuses): ElementLever[] {
  const levers: ElementLever[] = [];
  for (const e of framework.elements) {
    const s = statuses[e.id] ?? 'unknown';
    if (s !== 'unknown' && s !== 'partial') continue;
    const points = e.points.confirmed - (s === 'partial' ? e.points.partial : 0);
    if (points <= 0) continue;
    levers.push({
      element: e.id,
      points,
      from: s,
      action: { en: `Confirm “${e.label.en}”`, es: `Confirmar «${e.label.es}»` },
    });
  }
  return levers.sort((a, b) => b.points - a.points);
}
