import { describe, expect, it } from 'vitest';
import { BANT_LETTERS } from '../qualification/bant';
import { BANT_KEYS } from './labels';

describe('BANT keys', () => {
  it('show B for budget in English and P (presupuesto) in Spanish; A, N, T in both', () => {
    expect(BANT_LETTERS.map((l) => BANT_KEYS[l].en).join('')).toBe('BANT');
    expect(BANT_LETTERS.map((l) => BANT_KEYS[l].es).join('')).toBe('PANT');
  });

  it('never give one key to two letters across the languages, so both sets work together', () => {
    const owner = new Map<string, string>();
    for (const letter of BANT_LETTERS)
      for (const key of [BANT_KEYS[letter].en, BANT_KEYS[letter].es]) {
        expect(owner.get(key) ?? letter, `${key} is taken by ${owner.get(key)}`).toBe(letter);
        owner.set(key, letter);
      }
  });
});
