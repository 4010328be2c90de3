import { jaroWinkler as skyraJaroWinkler } from '@skyra/jaro-winkler';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, jaroWinkler, levenshteinSimilarity, phonetic } from './similarity';

/** @skyra/jaro-winkler with its common-prefix count capped at four, as the definition says. */
function reference(a: string, b: string): number {
  if (a === b) return 1;
  const raw = skyraJaroWinkler(a, b);
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  if (prefix === 4) {
    const jaro = 2 * raw - 1; // the library scaled a prefix of 4 as 5
    return jaro + 0.4 * (1 - jaro);
  }
  return raw;
}

describe('jaroWinkler', () => {
  it.each([
    ['martha', 'marhta', 0.9611],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.8133],
    ['johnson', 'johnsen', 0.9429],
    ['garcia', 'garcia', 1],
    ['abc', '', 0],
  ])('%s / %s ≈ %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('equals @skyra/jaro-winkler (prefix capped at four) on random names', () => {
    const word = fc.stringMatching(/^[a-fñ]{0,12}$/);
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(jaroWinkler(a, b)).toBeCloseTo(reference(a, b), 10);
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const x = jaroWinkler(a, b);
        return x === jaroWinkler(b, a) && x >= 0 && x <= 1;
      }),
    );
  });
});

describe('levenshtein and phonetic keys', () => {
  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(levenshteinSimilarity('bedfordstreet', 'bedfordstret')).toBeCloseTo(12 / 13, 5);
  });

  it.each([
    ['gonzalez', 'gonsales'],
    ['garcia', 'garsia'],
    ['smith', 'smyth'],
  ])('%s sounds like %s', (a, b) => {
    expect(phonetic(a)).toBe(phonetic(b));
  });
});
