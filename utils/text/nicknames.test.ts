import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_TS, NAMES_CSV, parseNicknameCsv, renderModule } from '../../scripts/dedupe/gen-nicknames';
import { expandGivenNickname, isKnownGivenName, nicknameEquivalent } from './nicknames';

describe('nicknames', () => {
  it('the generated English module matches data/nicknames/names.csv', () => {
    const expected = renderModule(parseNicknameCsv(readFileSync(NAMES_CSV, 'utf8')));
    expect(readFileSync(GENERATED_TS, 'utf8')).toBe(expected);
    expect(fileURLToPath(new URL('./nicknames-en.generated.ts', import.meta.url))).toBe(GENERATED_TS);
  });

  it.each([
    ['bob', 'robert'],
    ['bob', 'rob'],
    ['bill', 'william'],
    ['pepe', 'jose'],
    ['paco', 'francisco'],
    ['pancho', 'paco'],
    ['nacho', 'ignacio'],
    ['lola', 'dolores'],
    ['charo', 'rosario'],
    ['tono', 'antonio'],
    ['memo', 'guillermo'],
    ['beto', 'alberto'],
    ['beto', 'roberto'],
    ['chucho', 'jesus'],
    ['quique', 'enrique'],
    ['rafa', 'rafael'],
    ['pili', 'pilar'],
    ['conchi', 'concepcion'],
    ['manolo', 'manuel'],
    ['lupe', 'guadalupe'],
    ['paquita', 'francisca'],
    ['fer', 'fernando'],
    ['alex', 'alejandro'],
    ['santi', 'santiago'],
    ['juan', 'john'],
    ['johnny', 'juan'],
    ['guillermo', 'william'],
    ['inaki', 'ignacio'],
    ['jordi', 'jorge'],
  ])('%s ≈ %s', (a, b) => {
    expect(nicknameEquivalent(a, b)).toBe(true);
    expect(nicknameEquivalent(b, a)).toBe(true);
  });

  it.each([
    ['juan', 'jose'],
    ['maria', 'mario'],
    ['alberto', 'roberto'],
    ['carmen', 'pilar'],
  ])('%s ≠ %s', (a, b) => {
    expect(nicknameEquivalent(a, b)).toBe(false);
  });

  it('expands nicknames that stand for two names', () => {
    expect(expandGivenNickname('chema')).toEqual(['jose', 'maria']);
    expect(expandGivenNickname('juanjo')).toEqual(['juan', 'jose']);
    expect(expandGivenNickname('maite')).toEqual(['maria', 'teresa']);
    expect(expandGivenNickname('mayte')).toEqual(['maria', 'teresa']);
    expect(expandGivenNickname('marisa')).toEqual(['maria', 'luisa']);
    expect(expandGivenNickname('pepe')).toBeUndefined();
  });

  it('knows given names', () => {
    for (const n of ['maria', 'jose', 'carmen', 'john', 'aitor', 'ximena']) expect(isKnownGivenName(n)).toBe(true);
    expect(isKnownGivenName('garcia')).toBe(false);
  });
});
