import { describe, expect, it } from 'vitest';
import {
  applyBantAnswer,
  bantAsOf,
  logObjection,
  newQualification,
  qualificationFromDeal,
  qualificationSchema,
  setActionState,
  setRoleOverride,
  undoLastChange,
} from './qualification';
import { makeDeal } from '../../../tests/support/records';

const T0 = new Date('2026-11-01T09:00:00Z');
const T1 = new Date('2026-11-10T09:00:00Z');
const T2 = new Date('2026-11-20T09:00:00Z');
const rep = (at: Date) => ({ by: 'user-lucia', at });

describe('applyBantAnswer', () => {
  it('sets the answer, the implied status and who/when/where, and appends to the history', () => {
    const q0 = newQualification('deal', 'deal-1', T0);
    const q1 = applyBantAnswer(q0, { letter: 'budget', answer: 'approved', amount: 120_000, currency: 'EUR', note: 'CFO confirmed' }, rep(T1));
    expect(q1.bant.budget).toEqual({
      status: 'confirmed',
      note: 'CFO confirmed',
      source: 'rep',
      setBy: 'user-lucia',
      setAt: T1.toISOString(),
      answer: 'approved',
      amount: 120_000,
      currency: 'EUR',
    });
    expect(q1.history).toHaveLength(1);
    expect(q1.history[0]).toMatchObject({ kind: 'budget', by: 'user-lucia', at: T1.toISOString(), before: q0.bant.budget, after: q1.bant.budget });
    expect(q1.updatedAt).toBe(T1.toISOString());
    expect(qualificationSchema.safeParse(q1).success).toBe(true);
  });

  it('never mutates the record it was given', () => {
    const q0 = newQualification('lead', 'p-1', T0);
    const frozen = JSON.stringify(q0);
    applyBantAnswer(q0, { letter: 'need', category: 'risk', statement: 'Ransomware last year' }, rep(T1));
    expect(JSON.stringify(q0)).toBe(frozen);
  });

  it('merges: fields left out stay, fields given as undefined are cleared', () => {
    let q = newQualification('deal', 'd', T0);
    q = applyBantAnswer(q, { letter: 'timing', horizon: 'next-quarter', targetDate: '2027-02-15' }, rep(T1));
    q = applyBantAnswer(q, { letter: 'timing', note: 'board meets in January' }, rep(T2));
    expect(q.bant.timing).toMatchObject({ horizon: 'next-quarter', targetDate: '2027-02-15', note: 'board meets in January', status: 'confirmed' });
    q = applyBantAnswer(q, { letter: 'timing', targetDate: undefined }, rep(T2));
    expect(q.bant.timing.targetDate).toBeUndefined();
    expect('targetDate' in q.bant.timing).toBe(false);
  });

  it('an explicit status wins over the implied one', () => {
    const q = applyBantAnswer(newQualification('deal', 'd', T0), { letter: 'budget', answer: 'approved', status: 'partial' }, rep(T1));
    expect(q.bant.budget.status).toBe('partial');
  });

  it('records the source (CRM sync, import)', () => {
    const q = applyBantAnswer(newQualification('deal', 'd', T0), { letter: 'need', category: 'scale', statement: 'x3 volume' }, { by: 'sync', at: T1, source: 'crm' });
    expect(q.bant.need.source).toBe('crm');
    expect(q.history[0]!.source).toBe('crm');
  });

  it('returns the same record when nothing changes (no history noise)', () => {
    const q1 = applyBantAnswer(newQualification('deal', 'd', T0), { letter: 'budget', answer: 'estimating' }, rep(T1));
    expect(applyBantAnswer(q1, { letter: 'budget', answer: 'estimating' }, rep(T2))).toBe(q1);
  });

  it('keeps authority valid when engaged is cleared', () => {
    const q = applyBantAnswer(newQualification('deal', 'd', T0), { letter: 'authority', economicBuyerId: 'p1', engaged: undefined }, rep(T1));
    expect(q.bant.authority.engaged).toBe(false);
    expect(qualificationSchema.safeParse(q).success).toBe(true);
  });
});

describe('role overrides, action states, objections', () => {
  it('sets and removes a role override, with history', () => {
    const q1 = setRoleOverride(newQualification('deal', 'd', T0), 'p1', 'champion', rep(T1));
    expect(q1.roleOverrides).toEqual({ p1: 'champion' });
    const q2 = setRoleOverride(q1, 'p1', undefined, rep(T2));
    expect(q2.roleOverrides).toEqual({});
    expect(q2.history.map((h) => h.kind)).toEqual(['role', 'role']);
    expect(setRoleOverride(q2, 'p1', undefined, rep(T2))).toBe(q2);
  });

  it('marks an action done or dismissed and reopens it', () => {
    const q1 = setActionState(newQualification('deal', 'd', T0), 'discovery:budget:unknown', 'done', rep(T1));
    expect(q1.actionStates['discovery:budget:unknown']).toEqual({ state: 'done', at: T1.toISOString(), by: 'user-lucia' });
    const q2 = setActionState(q1, 'discovery:budget:unknown', undefined, rep(T2));
    expect(q2.actionStates).toEqual({});
    expect(q2.history.at(-1)).toMatchObject({ kind: 'action', actionKey: 'discovery:budget:unknown' });
    expect(qualificationSchema.safeParse(q2).success).toBe(true);
  });

  it('logs a price objection', () => {
    const q = logObjection(newQualification('deal', 'd', T0), { kind: 'price', byPersonId: 'p2', note: 'Es caro' }, rep(T1));
    expect(q.objections).toEqual([{ kind: 'price', byPersonId: 'p2', note: 'Es caro', at: T1.toISOString() }]);
    expect(q.history.at(-1)?.kind).toBe('objection');
    expect(qualificationSchema.safeParse(q).success).toBe(true);
  });
});

describe('bantAsOf', () => {
  it('rebuilds the answers of a past date from the history', () => {
    let q = newQualification('deal', 'd', T0);
    q = applyBantAnswer(q, { letter: 'budget', answer: 'estimating' }, rep(T1));
    q = applyBantAnswer(q, { letter: 'budget', answer: 'approved' }, rep(T2));
    q = applyBantAnswer(q, { letter: 'need', category: 'risk', statement: 'audit' }, rep(T2));
    expect(bantAsOf(q, T0.getTime()).budget.status).toBe('unknown');
    expect(bantAsOf(q, T1.getTime()).budget.status).toBe('partial');
    expect(bantAsOf(q, T1.getTime()).need.status).toBe('unknown');
    expect(bantAsOf(q, T2.getTime())).toEqual(q.bant);
  });

  it('treats seeded letters (no history) as always held', () => {
    const q = qualificationFromDeal(makeDeal({ bant: { budget: 'confirmed', authority: 'unknown', need: 'confirmed', timing: 'partial' } }));
    expect(bantAsOf(q, T0.getTime() - 365 * 86_400_000)).toBe(q.bant);
  });
});

describe('undoLastChange', () => {
  const T3 = new Date('2026-11-21T09:00:00Z');
  it('puts the last answer back as it was, as a change of its own (so it syncs), and undoing again redoes', () => {
    let q = newQualification('deal', 'deal-1', T0);
    q = applyBantAnswer(q, { letter: 'budget', answer: 'estimating' }, rep(T1));
    q = applyBantAnswer(q, { letter: 'budget', answer: 'approved', amount: 50_000, currency: 'EUR' }, rep(T2));
    const undo = undoLastChange(q, rep(T3));
    expect(undo.undone?.kind).toBe('budget');
    expect(undo.qualification.bant.budget).toMatchObject({ status: 'partial', answer: 'estimating', setAt: T3.toISOString() });
    expect(undo.qualification.bant.budget.amount).toBeUndefined();
    expect(undo.qualification.history).toHaveLength(3);
    const redo = undoLastChange(undo.qualification, rep(T3));
    expect(redo.qualification.bant.budget).toMatchObject({ status: 'confirmed', answer: 'approved', amount: 50_000 });
  });

  it('undoes a role and an action marked done, back to what they were', () => {
    let q = newQualification('deal', 'deal-1', T0);
    q = setRoleOverride(q, 'p-1', 'influencer', rep(T1));
    q = setRoleOverride(q, 'p-1', 'champion', rep(T2));
    expect(undoLastChange(q, rep(T3)).qualification.roleOverrides['p-1']).toBe('influencer');
    q = setActionState(q, 'discovery:need:unknown', 'dismissed', rep(T2));
    q = setActionState(q, 'discovery:need:unknown', 'done', rep(T2));
    const undo = undoLastChange(q, rep(T3));
    expect(undo.qualification.actionStates['discovery:need:unknown']?.state).toBe('dismissed');
  });

  it("undoes only the user's own hand edits, and never over a value changed since", () => {
    let q = newQualification('deal', 'deal-1', T0);
    expect(undoLastChange(q, rep(T1))).toMatchObject({ reason: 'nothing' });
    q = applyBantAnswer(q, { letter: 'need', category: 'risk' }, rep(T1));
    // the CRM changed the same letter afterwards: undoing would overwrite its value
    q = applyBantAnswer(q, { letter: 'need', category: 'compliance' }, { by: 'sync', at: T2, source: 'crm' });
    const refused = undoLastChange(q, rep(T3));
    expect(refused).toMatchObject({ reason: 'changed-since' });
    expect(refused.qualification).toBe(q);
    // someone else's edit is not "my last change"
    expect(undoLastChange(applyBantAnswer(newQualification('deal', 'd', T0), { letter: 'timing', horizon: 'later' }, { by: 'user-diego', at: T1 }), rep(T2))).toMatchObject({ reason: 'nothing' });
    // objections are logged facts, not undone
    const logged = logObjection(newQualification('deal', 'd', T0), { kind: 'price', byPersonId: 'p', note: 'caro' }, rep(T1));
    expect(undoLastChange(logged, rep(T2))).toMatchObject({ reason: 'nothing' });
  });
});
