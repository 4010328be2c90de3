import { describe, expect, it } from 'vitest';
import { en } from '../messages';
import * as account from './account';
import * as connections from './connections';
import * as csvImport from './csvImport';
import * as options from './options';
import * as record from './record';
import * as sdr from './sdr';
import * as sections from './sections';

describe('the dictionary’s parts', () => {
  it('name each key once: no part overrides another’s when they are combined', () => {
    const parts = [record, options, csvImport, connections, account, sections, sdr];
    const keys = parts.flatMap((p) => Object.keys(p.en));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(Object.keys(en).length);
    for (const p of parts) expect(Object.keys(p.es).sort()).toEqual(Object.keys(p.en).sort());
  });
});
