import { describe, expect, it } from 'vitest';
import { tabIdFromSearch } from './tabParam';

describe('tabIdFromSearch', () => {
  it('reads a numeric tab id', () => expect(tabIdFromSearch('?tab=42')).toBe(42));
  it.each(['', '?tab=', '?tab=-1', '?tab=1e3', '?tab=abc', '?tab=12345678901'])('ignores %j', (s) =>
    expect(tabIdFromSearch(s)).toBeUndefined(),
  );
});
