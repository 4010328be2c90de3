import { describe, expect, it } from 'vitest';
import { keyCommand, letterKey } from './keys';
import { FRAMEWORKS } from '../../utils/domain/qualification/frameworks';

const idle = { qualifying: true, sheetOpen: false };
const editingBudget = { ...idle, editing: 'budget' as const };

describe('sidebar keys', () => {
  it('opens a BANT letter with its key in either language (B or P for budget)', () => {
    expect(keyCommand('b', idle)).toEqual({ kind: 'open-letter', letter: 'budget' });
    expect(keyCommand('P', idle)).toEqual({ kind: 'open-letter', letter: 'budget' });
    expect(keyCommand('n', idle)).toEqual({ kind: 'open-letter', letter: 'need' });
    expect(keyCommand('t', editingBudget)).toEqual({ kind: 'open-letter', letter: 'timing' });
    expect(letterKey('budget', 'es')).toBe('P');
    expect(letterKey('budget', 'en')).toBe('B');
    expect(letterKey('timing', 'es')).toBe('T');
  });

  it('answers with digits and Enter only while a letter is open', () => {
    expect(keyCommand('3', idle)).toBeUndefined();
    expect(keyCommand('3', editingBudget)).toEqual({ kind: 'status', index: 2 });
    expect(keyCommand('6', editingBudget)).toEqual({ kind: 'option', key: '6' });
    expect(keyCommand('Enter', editingBudget)).toEqual({ kind: 'note' });
    expect(keyCommand('9', editingBudget)).toBeUndefined();
  });

  it('Escape closes the sheet, then the editor, then goes back to the page', () => {
    expect(keyCommand('Escape', { ...editingBudget, sheetOpen: true })).toEqual({ kind: 'close-sheet' });
    expect(keyCommand('Escape', editingBudget)).toEqual({ kind: 'close-editor' });
    expect(keyCommand('Escape', idle)).toEqual({ kind: 'to-page' });
  });

  it('moves between sections, undoes, and shows the sheet; no BANT keys without a deal or lead', () => {
    expect(keyCommand('j', idle)).toEqual({ kind: 'section', step: 1 });
    expect(keyCommand('K', idle)).toEqual({ kind: 'section', step: -1 });
    expect(keyCommand('u', idle)).toEqual({ kind: 'undo' });
    expect(keyCommand('?', idle)).toEqual({ kind: 'toggle-sheet' });
    const browsing = { qualifying: false, sheetOpen: false };
    expect(keyCommand('b', browsing)).toBeUndefined();
    expect(keyCommand('u', browsing)).toBeUndefined();
    expect(keyCommand('j', browsing)).toEqual({ kind: 'section', step: 1 });
  });

  it('R moves the weekly ABM review to the next account, only on a target account', () => {
    expect(keyCommand('r', { ...idle, reviewing: true })).toEqual({ kind: 'next-account' });
    expect(keyCommand('R', { qualifying: false, sheetOpen: false, reviewing: true })).toEqual({ kind: 'next-account' });
    expect(keyCommand('r', idle)).toBeUndefined();
    // the BANT letters keep their keys on a target account
    expect(keyCommand('n', { ...idle, reviewing: true })).toEqual({ kind: 'open-letter', letter: 'need' });
  });

  it('under MEDDICC its element keys open its elements, in Spanish and English alike; B/P A N T no longer do', () => {
    const es = { ...idle, framework: { elements: FRAMEWORKS.meddicc.elements, locale: 'es' as const } };
    expect(keyCommand('m', es)).toEqual({ kind: 'open-element', element: 'metrics' });
    expect(keyCommand('E', es)).toEqual({ kind: 'open-element', element: 'authority' });
    expect(keyCommand('i', es)).toEqual({ kind: 'open-element', element: 'need' });
    expect(keyCommand('c', es)).toEqual({ kind: 'open-element', element: 'champion' });
    expect(keyCommand('b', es)).toBeUndefined();
    // the keys the sidebar keeps stay its own
    expect(keyCommand('u', es)).toEqual({ kind: 'undo' });
    expect(keyCommand('j', es)).toEqual({ kind: 'section', step: 1 });
    // SPICED: Pain is P in English and D (dolor) in Spanish; both work in either language
    const spiced = (locale: 'en' | 'es') => ({ ...idle, framework: { elements: FRAMEWORKS.spiced.elements, locale } });
    expect(keyCommand('d', spiced('es'))).toEqual({ kind: 'open-element', element: 'need' });
    expect(keyCommand('p', spiced('es'))).toEqual({ kind: 'open-element', element: 'need' });
    expect(keyCommand('p', spiced('en'))).toEqual({ kind: 'open-element', element: 'need' });
  });

  it('with no editor open, 5–8 answer the question asked now — only as many as it offers', () => {
    const asking = { ...idle, framework: { elements: FRAMEWORKS.meddicc.elements, locale: 'en' as const }, nextAnswers: 3 };
    expect(keyCommand('5', asking)).toEqual({ kind: 'next-option', index: 0 });
    expect(keyCommand('7', asking)).toEqual({ kind: 'next-option', index: 2 });
    expect(keyCommand('8', asking)).toBeUndefined();
    expect(keyCommand('3', asking)).toBeUndefined();
    // an open editor keeps 5–8 for itself
    expect(keyCommand('5', { ...asking, editing: 'metrics' })).toEqual({ kind: 'option', key: '5' });
    // BANT is unchanged: no editor open, no answer key
    expect(keyCommand('5', idle)).toBeUndefined();
  });
});
