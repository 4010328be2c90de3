import { describe, expect, it } from 'vitest';
import { createLookupBudget } from './lookupBudget';

describe('the lookup budget of a tab', () => {
  it('grants a burst up to its capacity, then refills at its rate', () => {
    const budget = createLookupBudget(200, 5);
    expect(budget.take(1, 150, 0)).toEqual({ granted: 150 });
    const rest = budget.take(1, 200, 0);
    expect(rest.granted).toBe(50);
    expect(rest.retryAfterMs).toBeGreaterThan(0);
    expect(budget.take(1, 10, 0)).toMatchObject({ granted: 0 });
    // two seconds later: ten more
    expect(budget.take(1, 50, 2000)).toMatchObject({ granted: 10 });
    // never more than the capacity, however long the tab waited
    expect(budget.take(1, 1000, 10_000_000).granted).toBe(200);
  });

  it('bounds what a page can ask in a minute, whatever it does', () => {
    const budget = createLookupBudget(200, 5);
    let granted = 0;
    for (let ms = 0; ms <= 60_000; ms += 50) granted += budget.take(7, 100, ms).granted;
    expect(granted).toBeLessThanOrEqual(200 + 5 * 60);
  });

  it('keeps tabs apart', () => {
    const budget = createLookupBudget(10, 1);
    expect(budget.take(1, 10, 0).granted).toBe(10);
    expect(budget.take(2, 10, 0).granted).toBe(10);
    budget.forget(1);
    expect(budget.take(1, 10, 0).granted).toBe(10);
  });
});
