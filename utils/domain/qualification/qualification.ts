// The qualification record Dealside keeps per deal (or per lead before it has a deal): the BANT
// answers, an append-only history of every change, the rep's role overrides, logged objections and
// which next actions were done or dismissed. Every edit returns a new record; nothing mutates, so
// the store can write the result as is and the UI can compare old and new.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import {
  type AuthorityAnswer,
  type BantLetter,
  type BantSource,
  type BantState,
  type BudgetAnswer,
  type NeedAnswer,
  type TimingAnswer,
  authorityAnswerSchema,
  bantFromDeal,
  bantSourceSchema,
  bantStateSchema,
  budgetAnswerSchema,
  emptyBant,
  impliedStatus,
  needAnswerSchema,
  timingAnswerSchema,
} from './bant';
import { type BantLetterStatus, type Deal, bantLetterStatusSchema } from '../entities';
import { type CommitteeRole, committeeRoleSchema } from '../committee/roles';
import { type OwnElementId, elementIdSchema, elementOption } from './frameworks';

export const ACTION_STATES = ['done', 'dismissed'] as const;
export const actionStateKindSchema = lazySchema(() => z.enum(ACTION_STATES));
export type ActionStateKind = z.infer<typeof actionStateKindSchema>;

export const actionStateSchema = lazySchema(() => z.object({ state: actionStateKindSchema, at: z.string(), by: z.string() }));
export type ActionState = z.infer<typeof actionStateSchema>;

export const objectionSchema = lazySchema(() => z.object({
  kind: z.literal('price'),
  byPersonId: z.string(),
  at: z.string(),
  note: z.string(),
}));
export type Objection = z.infer<typeof objectionSchema>;

/**
 * The answer to a framework element that is not a BANT letter (MEDDICC's metrics, champion …):
 * the same evidence as a letter, and which of the element's options the rep picked.
 */
export const elementAnswerSchema = lazySchema(() => z.object({
  status: bantLetterStatusSchema,
  note: z.string(),
  source: bantSourceSchema,
  setBy: z.optional(z.string()),
  setAt: z.optional(z.string()),
  answer: z.optional(z.string()),
}));
export type ElementAnswer = z.infer<typeof elementAnswerSchema>;

export const emptyElementAnswer = (): ElementAnswer => ({ status: 'unknown', note: '', source: 'rep' });

const changeMeta = { at: lazySchema(() => z.string()), by: lazySchema(() => z.string()), source: bantSourceSchema };

export const historyEntrySchema = lazySchema(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('budget'), ...changeMeta, before: budgetAnswerSchema, after: budgetAnswerSchema }),
  z.object({ kind: z.literal('authority'), ...changeMeta, before: authorityAnswerSchema, after: authorityAnswerSchema }),
  z.object({ kind: z.literal('need'), ...changeMeta, before: needAnswerSchema, after: needAnswerSchema }),
  z.object({ kind: z.literal('timing'), ...changeMeta, before: timingAnswerSchema, after: timingAnswerSchema }),
  /** an answer to a framework element that is not a BANT letter */
  z.object({ kind: z.literal('element'), ...changeMeta, element: elementIdSchema, before: elementAnswerSchema, after: elementAnswerSchema }),
  z.object({
    kind: z.literal('role'),
    ...changeMeta,
    personId: z.string(),
    before: z.optional(committeeRoleSchema),
    after: z.optional(committeeRoleSchema),
  }),
  /** state absent: the action was reopened */
  z.object({ kind: z.literal('action'), ...changeMeta, actionKey: z.string(), state: z.optional(actionStateKindSchema) }),
  z.object({ kind: z.literal('objection'), ...changeMeta, objection: objectionSchema }),
]));
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const qualificationSchema = lazySchema(() => z.object({
  entityId: z.string(),
  entityType: z.enum(['deal', 'lead']),
  bant: bantStateSchema,
  /**
   * the answers to the other frameworks' elements, by element id (absent in records written before
   * frameworks: nothing answered). Kept whatever framework is in force, so switching loses nothing.
   */
  elements: z.optional(z.partialRecord(elementIdSchema, elementAnswerSchema)),
  history: z.array(historyEntrySchema),
  actionStates: z.record(z.string(), actionStateSchema),
  objections: z.optional(z.array(objectionSchema)),
  /** personId → role the rep assigned in this deal; wins over the role inferred from the title */
  roleOverrides: z.record(z.string(), committeeRoleSchema),
  updatedAt: z.string(),
}));
export type Qualification = z.infer<typeof qualificationSchema>;

/** Who made an edit and when; the source defaults to the rep typing it. */
export type EditMeta = { by: string; at: Date; source?: BantSource };

export function newQualification(
  entityType: Qualification['entityType'],
  entityId: string,
  at: Date,
  bant: BantState = emptyBant(),
): Qualification {
  return { entityId, entityType, bant, history: [], actionStates: {}, roleOverrides: {}, updatedAt: at.toISOString() };
}

/** The record a deal starts with before anyone edits it: its seed-level BANT statuses mapped in. */
export function qualificationFromDeal(deal: Deal): Qualification {
  return {
    entityId: deal.id,
    entityType: 'deal',
    bant: bantFromDeal(deal),
    history: [],
    actionStates: {},
    roleOverrides: {},
    updatedAt: deal.updatedAt,
  };
}

type Details<A> = Partial<Omit<A, 'status' | 'note' | 'source' | 'setBy' | 'setAt'>>;
type EditFields<A> = Details<A> & { note?: string; status?: BantLetterStatus };

/**
 * A rep's answer for one letter. Fields present replace the stored ones (present as undefined:
 * cleared), missing fields stay. Without an explicit status, changed details set the status they
 * imply (budget "approved" → confirmed …).
 */
export type BantEdit =
  | ({ letter: 'budget' } & EditFields<BudgetAnswer>)
  | ({ letter: 'authority' } & EditFields<AuthorityAnswer>)
  | ({ letter: 'need' } & EditFields<NeedAnswer>)
  | ({ letter: 'timing' } & EditFields<TimingAnswer>);

const META_FIELDS = new Set(['letter', 'status', 'note']);

export function applyBantAnswer(q: Qualification, edit: BantEdit, meta: EditMeta): Qualification {
  const letter: BantLetter = edit.letter;
  const before = q.bant[letter];
  const merged: Record<string, unknown> = { ...before };
  let detailsChanged = false;
  for (const [key, value] of Object.entries(edit)) {
    if (META_FIELDS.has(key)) continue;
    if (merged[key] !== value) detailsChanged = true;
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  if (edit.note !== undefined) merged.note = edit.note;
  if (letter === 'authority' && merged.engaged === undefined) merged.engaged = false;
  const draft = merged as BantState[typeof letter];
  const status = edit.status ?? (detailsChanged ? impliedStatus(letter, draft) : before.status);
  if (!detailsChanged && status === before.status && draft.note === before.note) return q;
  const at = meta.at.toISOString();
  const source = meta.source ?? 'rep';
  const after = { ...draft, status, source, setBy: meta.by, setAt: at };
  const entry = { kind: letter, at, by: meta.by, source, before, after } as HistoryEntry;
  return { ...q, bant: { ...q.bant, [letter]: after }, history: [...q.history, entry], updatedAt: at };
}

/** A rep's answer to an element that is not a BANT letter; same rules as applyBantAnswer. */
export type ElementEdit = { element: OwnElementId; status?: BantLetterStatus; note?: string; answer?: string | null };

/** The answer held for an element (unknown when never answered). */
export function elementAnswerOf(q: Pick<Qualification, 'elements'>, element: OwnElementId): ElementAnswer {
  return q.elements?.[element] ?? emptyElementAnswer();
}

/**
 * Picking an option sets the status it implies unless the rep sets one; `answer: null` clears the
 * option. Nothing changed → the same record (no history entry).
 */
export function applyElementAnswer(q: Qualification, edit: ElementEdit, meta: EditMeta): Qualification {
  const before = elementAnswerOf(q, edit.element);
  const draft: ElementAnswer = { ...before };
  const answerChanged = edit.answer !== undefined && (edit.answer ?? undefined) !== before.answer;
  if (edit.answer === null) delete draft.answer;
  else if (edit.answer !== undefined) draft.answer = edit.answer;
  if (edit.note !== undefined) draft.note = edit.note;
  const implied = answerChanged ? (elementOption(edit.element, draft.answer)?.status ?? 'unknown') : before.status;
  const status = edit.status ?? implied;
  if (!answerChanged && status === before.status && draft.note === before.note) return q;
  const at = meta.at.toISOString();
  const source = meta.source ?? 'rep';
  const after: ElementAnswer = { ...draft, status, source, setBy: meta.by, setAt: at };
  const entry: HistoryEntry = { kind: 'element', at, by: meta.by, source, element: edit.element, before, after };
  return { ...q, elements: { ...q.elements, [edit.element]: after }, history: [...q.history, entry], updatedAt: at };
}

/** The element answers as they stood at `at` (a change after `at` means the element held its `before`). */
export function elementsAsOf(q: Qualification, at: number): Partial<Record<OwnElementId, ElementAnswer>> {
  const result: Partial<Record<OwnElementId, ElementAnswer>> = { ...q.elements };
  const seen = new Set<string>();
  for (let i = q.history.length - 1; i >= 0; i--) {
    const entry = q.history[i]!;
    if (entry.kind !== 'element' || seen.has(entry.element)) continue;
    if (Date.parse(entry.at) <= at) {
      seen.add(entry.element);
      continue;
    }
    result[entry.element as OwnElementId] = entry.before;
  }
  return result;
}

/** Assign (or with undefined, remove) the rep's role for a person in this deal. */
export function setRoleOverride(
  q: Qualification,
  personId: string,
  role: CommitteeRole | undefined,
  meta: EditMeta,
): Qualification {
  const before = q.roleOverrides[personId];
  if (before === role) return q;
  const at = meta.at.toISOString();
  const roleOverrides = { ...q.roleOverrides };
  if (role === undefined) delete roleOverrides[personId];
  else roleOverrides[personId] = role;
  const entry: HistoryEntry = { kind: 'role', at, by: meta.by, source: meta.source ?? 'rep', personId, before, after: role };
  return { ...q, roleOverrides, history: [...q.history, entry], updatedAt: at };
}

/** Mark a next action done or dismissed (undefined reopens it); remembered by the action's key. */
export function setActionState(
  q: Qualification,
  actionKey: string,
  state: ActionStateKind | undefined,
  meta: EditMeta,
): Qualification {
  if (q.actionStates[actionKey]?.state === state) return q;
  const at = meta.at.toISOString();
  const actionStates = { ...q.actionStates };
  if (state === undefined) delete actionStates[actionKey];
  else actionStates[actionKey] = { state, at, by: meta.by };
  const entry: HistoryEntry = { kind: 'action', at, by: meta.by, source: meta.source ?? 'rep', actionKey, state };
  return { ...q, actionStates, history: [...q.history, entry], updatedAt: at };
}

/** Log a price objection and who raised it (whether they hold authority decides the next action). */
export function logObjection(
  q: Qualification,
  objection: { kind: 'price'; byPersonId: string; note: string },
  meta: EditMeta,
): Qualification {
  const at = meta.at.toISOString();
  const logged: Objection = { ...objection, at };
  const entry: HistoryEntry = { kind: 'objection', at, by: meta.by, source: meta.source ?? 'rep', objection: logged };
  return { ...q, objections: [...(q.objections ?? []), logged], history: [...q.history, entry], updatedAt: at };
}

/**
 * The BANT answers as they stood at `at`, rebuilt from the history, so a past score uses the
 * answers of that day. A letter never edited here (seeded from the CRM) counts as always held.
 */
export function bantAsOf(q: Qualification, at: number): BantState {
  if (q.history.length === 0) return q.bant;
  const result: BantState = { ...q.bant };
  const seen = new Set<BantLetter>();
  // Walk back from the newest change: a change after `at` means the letter held its `before`.
  for (let i = q.history.length - 1; i >= 0; i--) {
    const entry = q.history[i]!;
    if (entry.kind !== 'budget' && entry.kind !== 'authority' && entry.kind !== 'need' && entry.kind !== 'timing') continue;
    if (seen.has(entry.kind)) continue;
    const entryMs = Date.parse(entry.at);
    if (entryMs <= at) {
      seen.add(entry.kind);
      continue;
    }
    (result as Record<BantLetter, unknown>)[entry.kind] = entry.before;
  }
  return result;
}

const LETTER_KINDS = new Set<HistoryEntry['kind']>(['budget', 'authority', 'need', 'timing', 'element']);

export type UndoResult =
  | { undone: HistoryEntry; qualification: Qualification }
  /** nothing of theirs to undo, or what they changed was changed again since (in the CRM, by someone else) */
  | { undone?: undefined; reason: 'nothing' | 'changed-since'; qualification: Qualification };

const sameAnswer = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Undo the last change `meta.by` made by hand to this deal or lead: a BANT answer, a role, or an
 * action marked done / dismissed (objections are not undone: they are logged facts). The undo is
 * itself a change in the history, so the CRM sync sends it like any other, and undoing again redoes.
 * A change someone else (or the CRM) has changed again since is not undone: that would overwrite
 * their value.
 */
export function undoLastChange(q: Qualification, meta: EditMeta): UndoResult {
  const index = q.history.findLastIndex(
    (e) => e.by === meta.by && e.source === 'rep' && (LETTER_KINDS.has(e.kind) || e.kind === 'role' || e.kind === 'action'),
  );
  const entry = index >= 0 ? q.history[index] : undefined;
  if (!entry) return { reason: 'nothing', qualification: q };
  const at = meta.at.toISOString();
  const source = meta.source ?? 'rep';
  if (entry.kind === 'budget' || entry.kind === 'authority' || entry.kind === 'need' || entry.kind === 'timing') {
    const current = q.bant[entry.kind];
    if (!sameAnswer(current, entry.after)) return { reason: 'changed-since', qualification: q };
    const restored = { ...entry.before, source, setBy: meta.by, setAt: at };
    const change = { kind: entry.kind, at, by: meta.by, source, before: current, after: restored } as HistoryEntry;
    return { undone: entry, qualification: { ...q, bant: { ...q.bant, [entry.kind]: restored }, history: [...q.history, change], updatedAt: at } };
  }
  if (entry.kind === 'element') {
    const element = entry.element as OwnElementId;
    const current = elementAnswerOf(q, element);
    if (!sameAnswer(current, entry.after)) return { reason: 'changed-since', qualification: q };
    const restored = { ...entry.before, source, setBy: meta.by, setAt: at };
    const change: HistoryEntry = { kind: 'element', at, by: meta.by, source, element, before: current, after: restored };
    return { undone: entry, qualification: { ...q, elements: { ...q.elements, [element]: restored }, history: [...q.history, change], updatedAt: at } };
  }
  if (entry.kind === 'role') {
    if (q.roleOverrides[entry.personId] !== entry.after) return { reason: 'changed-since', qualification: q };
    return { undone: entry, qualification: setRoleOverride(q, entry.personId, entry.before, meta) };
  }
  if (entry.kind === 'action') {
    if (q.actionStates[entry.actionKey]?.state !== entry.state) return { reason: 'changed-since', qualification: q };
    const previous = q.history.slice(0, index).findLast((e) => e.kind === 'action' && e.actionKey === entry.actionKey);
    const state = previous?.kind === 'action' ? previous.state : undefined;
    return { undone: entry, qualification: setActionState(q, entry.actionKey, state, meta) };
  }
  return { reason: 'nothing', qualification: q };
}
