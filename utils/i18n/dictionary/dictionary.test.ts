import { describe, expect, it } from 'vitest';
import { en } from '../messages';
import { sidebarMessages } from '../sidebarMessages';
import * as account from './account';
import * as connections from './connections';
import * as csvImport from './csvImport';
import * as options from './options';
import * as popup from './popup';
import * as record from './record';
import * as sdr from './sdr';
import * as sections from './sections';
import * as sync from './sync';

const SIDEBAR_PARTS = [record, sync, account, sections, sdr, popup];
const OPTIONS_ONLY_PARTS = [options, csvImport, connections];

describe('the dictionary’s parts', () => {
  it('name each key once: no part overrides another’s when they are combined', () => {
    const parts = [...SIDEBAR_PARTS, ...OPTIONS_ONLY_PARTS];
    const keys = parts.flatMap((p) => Object.keys(p.en));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(Object.keys(en).length);
    for (const p of parts) expect(Object.keys(p.es).sort()).toEqual(Object.keys(p.en).sort());
  });

  it('the sidebar’s dictionary is its parts, in both languages, and Options’ has them all', () => {
    const keys = SIDEBAR_PARTS.flatMap((p) => Object.keys(p.en)).sort();
    expect(Object.keys(sidebarMessages.en).sort()).toEqual(keys);
    expect(Object.keys(sidebarMessages.es).sort()).toEqual(keys);
    expect(Object.keys(en)).toEqual(expect.arrayContaining(keys));
  });
});
