import { describe, expect, it } from 'vitest';
import {
  type BantLetter,
  type BantState,
  bantFromDeal,
  bantStateSchema,
  emptyBant,
  horizonForDate,
  impliedStatus,
} from './bant';
import type { BantLetterStatus } from '../entities';
import { makeDeal } from '../../../tests/support/records';

const base = { status: 'unknown', note: '', source: 'rep' } as const;

describe('impliedStatus', () => {
  const cases: Array<[BantLetter, Partial<BantState[BantLetter]>, BantLetterStatus]> = [
    // budget: where the money stands (DOMAIN.md)
    ['budget', { answer: 'approved' }, 'confirmed'],
    ['budget', { answer: 'estimating' }, 'partial'],
    ['budget', { answer: 'business-case' }, 'partial'],
    ['budget', { answer: 'none' }, 'negative'],
    ['budget', { amount: 50_000, currency: 'EUR' }, 'partial'],
    ['budget', {}, 'unknown'],
    // need: both a category and a statement, or it is a tourist
    ['need', { category: 'compliance', statement: 'NIS2 audit in March' }, 'confirmed'],
    ['need', { category: 'risk' }, 'partial'],
    ['need', { statement: 'They want to grow' }, 'partial'],
    ['need', { category: 'scale', statement: '   ' }, 'partial'],
    ['need', {}, 'unknown'],
    // timing: "not now" is partial or negative, never confirmed
    ['timing', { horizon: 'this-quarter' }, 'confirmed'],
    ['timing', { horizon: 'next-quarter', targetDate: '2027-02-01' }, 'confirmed'],
    ['timing', { horizon: 'later' }, 'partial'],
    ['timing', { horizon: 'no-timeline' }, 'negative'],
    ['timing', { targetDate: '2027-06-01' }, 'partial'],
    ['timing', {}, 'unknown'],
    // authority: a named and engaged economic buyer
    ['authority', { economicBuyerId: 'p1', engaged: true }, 'confirmed'],
    ['authority', { economicBuyerId: 'p1', engaged: false }, 'partial'],
    ['authority', { engaged: true }, 'unknown'],
  ];
  it.each(cases)('%s %j → %s', (letter, fields, expected) => {
    const answer = { ...base, ...(letter === 'authority' ? { engaged: false } : {}), ...fields } as BantState[BantLetter];
    expect(impliedStatus(letter, answer)).toBe(expected);
  });
});

describe('horizonForDate', () => {
  const now = new Date('2026-11-22T10:00:00Z'); // Q4 2026
  it.each([
    ['2026-12-15', 'this-quarter'],
    ['2026-10-01', 'this-quarter'],
    ['2026-01-10', 'this-quarter'], // a past date is due now
    ['2027-01-15', 'next-quarter'],
    ['2027-03-31', 'next-quarter'],
    ['2027-04-01', 'later'],
    ['not a date', 'no-timeline'],
  ])('%s → %s', (date, horizon) => {
    expect(horizonForDate(date, now)).toBe(horizon);
  });
});

describe('bantFromDeal', () => {
  it('maps the seed statuses, keeps the details the deal states, and validates', () => {
    const deal = makeDeal({
      ownerId: 'u1',
      amount: 80_000,
      currency: 'MXN',
      closeDate: '2027-01-31',
      bant: { budget: 'confirmed', authority: 'confirmed', need: 'partial', timing: 'unknown' },
    });
    const bant = bantFromDeal(deal);
    expect(bantStateSchema.safeParse(bant).success).toBe(true);
    expect(bant.budget).toMatchObject({ status: 'confirmed', amount: 80_000, currency: 'MXN', source: 'crm', setBy: 'u1', setAt: deal.updatedAt });
    expect(bant.authority).toMatchObject({ status: 'confirmed', engaged: true });
    expect(bant.need.status).toBe('partial');
    expect(bant.timing).toEqual({ ...base, status: 'unknown' });
  });

  it('gives an empty model for a deal without seed BANT, and maps sources', () => {
    expect(bantFromDeal(makeDeal({ bant: undefined }))).toEqual(emptyBant());
    const imported = bantFromDeal(makeDeal({ source: 'import', bant: { budget: 'partial', authority: 'unknown', need: 'unknown', timing: 'unknown' } }));
    expect(imported.budget.source).toBe('import');
    const local = bantFromDeal(makeDeal({ source: 'local', bant: { budget: 'partial', authority: 'unknown', need: 'unknown', timing: 'unknown' } }));
    expect(local.budget.source).toBe('rep');
  });
});
