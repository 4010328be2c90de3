import { describe, expect, it } from 'vitest';
import { clipText } from './clip';

describe('clipText', () => {
  it('returns short text as is', () => {
    expect(clipText('María José', 200)).toBe('María José');
  });

  it('never cuts inside an emoji, a flag, or a letter and its accent', () => {
    const family = '👩‍👩‍👧'; // 8 UTF-16 units, one grapheme
    const name = 'a'.repeat(197) + family;
    const clipped = clipText(name, 200);
    expect(clipped).toBe('a'.repeat(197));
    expect(clipText('x'.repeat(199) + '🇪🇸', 200)).toBe('x'.repeat(199));
    const decomposed = 'Jose\u0301'; // José with a combining acute accent
    expect(clipText(decomposed, 4)).toBe('Jos');
    // nothing left broken: every result is well-formed UTF-16
    for (let max = 0; max < 20; max++) expect(clipText('🙂👍🏽👩‍💻ñ'.repeat(3), max).isWellFormed()).toBe(true);
  });

  it('keeps as much as fits', () => {
    expect(clipText('abc🙂def', 5)).toBe('abc🙂');
    expect(clipText('abc🙂def', 4)).toBe('abc');
  });
});
