import { describe, expect, it } from 'vitest';
import { firstShown, nextShown } from './stableOrder';

describe('next actions keep their places while a page is looked at', () => {
  it('shows the top three of the ranking at first', () => {
    expect(firstShown(['a', 'b', 'c', 'd'], 3)).toEqual({ order: ['a', 'b', 'c', 'd'], shown: ['a', 'b', 'c'], fresh: [] });
  });

  it('adds an action ranked first after the ones shown, marked new, instead of above them', () => {
    const before = firstShown(['budget', 'timing', 'champion', 'follow-up'], 3);
    const after = nextShown(before, ['duplicate', 'budget', 'timing', 'champion', 'follow-up'], 3);
    expect(after.shown).toEqual(['budget', 'timing', 'champion', 'duplicate']);
    expect(after.fresh).toEqual(['duplicate']);
    expect(after.order).toEqual(['budget', 'timing', 'champion', 'follow-up', 'duplicate']);
  });

  it('lets the next one up take the place of an action done, without re-ranking the rest', () => {
    const before = firstShown(['a', 'b', 'c', 'd', 'e'], 3);
    // the ranking also swapped c and b: the list does not follow while the page is looked at
    const after = nextShown(before, ['c', 'b', 'd', 'e'], 3);
    expect(after.shown).toEqual(['b', 'c', 'd']);
    expect(after.order).toEqual(['b', 'c', 'd', 'e']);
  });

  it('keeps a new action marked until it is gone, and returns the same list when nothing changed', () => {
    const one = nextShown(firstShown(['a', 'b'], 3), ['x', 'a', 'b'], 3);
    expect(nextShown(one, ['x', 'a', 'b'], 3)).toBe(one);
    const two = nextShown(one, ['a', 'b', 'y'], 3);
    expect(two).toEqual({ order: ['a', 'b', 'y'], shown: ['a', 'b', 'y'], fresh: ['y'] });
  });
});
