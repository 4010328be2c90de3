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
    expect(hash()).toBe('0f6e7050beafdcb7194832605e8609ffec1200f9047583b7b153756d4e770f78');
  });
  it('another seed', () => {
    expect(hash(7)).toBe('6e0d3f3da721fecb3d7ea02743b42253aa46e7c43150f3458234737f537b21c9');
  });
});
