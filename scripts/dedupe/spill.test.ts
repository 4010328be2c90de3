// The CLI's pair spill: bytes written come back as written, from any position; the file goes on close.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSpill } from './spill';

const dir = mkdtempSync(join(tmpdir(), 'dealside-spill-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fileSpill', () => {
  it('reads back what was appended; its file is gone at once where the system allows, else on close', () => {
    const spill = fileSpill(dir);
    const a = new Int32Array([1, -2, 3, 2 ** 31 - 1]);
    const s = new Float64Array([4.5, -Infinity, 7.25]);
    spill.write(new Uint8Array(a.buffer));
    spill.write(new Uint8Array(s.buffer));
    // where an open file can be removed, it is gone at once (nothing left if the run is killed)
    if (process.platform !== 'win32') {
      expect(existsSync(spill.path)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    }
    const a2 = new Int32Array(4);
    const s2 = new Float64Array(3);
    spill.read(new Uint8Array(s2.buffer), 16);
    spill.read(new Uint8Array(a2.buffer), 0);
    expect(Array.from(a2)).toEqual(Array.from(a));
    expect(Array.from(s2)).toEqual(Array.from(s));
    expect(() => spill.read(new Uint8Array(8), 36)).toThrow(/asked/);
    spill.close();
    spill.close(); // twice is fine (the CLI closes it again on its way out)
    expect(existsSync(spill.path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => spill.write(new Uint8Array(1))).toThrow(/closed/);
  });
});
