// The CLI's memory log: silent unless asked for, one line a phase with the resident set and its peak.
import { describe, expect, it } from 'vitest';
import { memoryLogger } from './memlog';

describe('memoryLogger', () => {
  it('is off without DEALSIDE_DEDUPE_MEMLOG', () => {
    expect(memoryLogger({}, () => {})).toBeUndefined();
  });

  it('writes a line a phase: resident set, its peak, the heap, CPU time', () => {
    const lines: string[] = [];
    const log = memoryLogger({ DEALSIDE_DEDUPE_MEMLOG: '1' }, (line) => lines.push(line));
    log!('merged (3 pairs)');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^memlog merged \(3 pairs\): rss [\d.]+ MB, peak ([\d.]+|\?) MB, heap [\d.]+\/[\d.]+ MB, external .*cpu [\d.]+ s\n$/);
  });
});
