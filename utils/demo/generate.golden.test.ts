// The demo workspace is pinned: the same seed and `now` must give byte-identical output, so a
// restructure of the generator (or a change to its data) cannot alter the demo unnoticed. The
// hashes were computed on main before `generate.ts` was split by entity. A deliberate change to
// the demo updates them in the same commit, saying why.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from './generate';

const NOW = new Date('2026-03-15T10:30:00.000Z');

function hash(seed?: number): string {
  const ws = generateDemoWorkspace(seed === undefined ? { now: NOW } : { now: NOW, seed });
  return createHash('sha256').update(JSON.stringify(ws)).digest('hex');
}

describe('generateDemoWorkspace output is pinned', () => {
  it('default seed', () => {
    expect(hash()).toBe('99552ead8a84a06290157cc0772ff092f324ecaf83f7d2c00f2c36170bc02282');
  });
  it('another seed', () => {
    expect(hash(7)).toBe('790ed3f143ae04024a2f71231a4e5ae7ad91bdfc735bbef635cca1d8e695282a');
  });
});
