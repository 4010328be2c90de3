import { jaroWinkler as skyraJaroWinkler } from '@skyra/jaro-winkler';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, jaroWinkler, levenshteinSimilarity, oneSlipApart, phonetic } from './similarity';

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

/** optimal string alignment distance (one adjacent swap counts as one edit) */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

describe('oneSlipApart', () => {
  it('is true exactly when one change, insertion, deletion or swap of neighbours makes one string the other', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'm', '.'), maxLength: 8 });
    fc.assert(fc.property(word, word, (a, b) => oneSlipApart(a, b) === osa(a, b) <= 1), { numRuns: 3000 });
    expect(oneSlipApart('gmial.com', 'gmail.com')).toBe(true);
    expect(oneSlipApart('hotmial.es', 'hotmail.es')).toBe(true);
    expect(oneSlipApart('gmaill.com', 'gmail.com')).toBe(true);
    expect(oneSlipApart('gmal.com', 'gmail.com')).toBe(true);
    expect(oneSlipApart('gamil.co', 'gmail.com')).toBe(false);
  });
});
