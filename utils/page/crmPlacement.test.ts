import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CRM_PLACEMENTS, CRM_PLACEMENT_KEY, parseCrmPlacement, readCrmPlacement, saveCrmPlacement, watchCrmPlacement, type CrmPlacement } from './crmPlacement';

beforeEach(() => fakeBrowser.reset());

describe('where Dealside shows on CRM pages', () => {
  it('is beside the page unless the side panel was chosen', () => {
    expect(parseCrmPlacement(undefined)).toBe('page');
    expect(parseCrmPlacement('page')).toBe('page');
    expect(parseCrmPlacement('sidePanel')).toBe('sidePanel');
    for (const raw of ['side-panel', 'SIDEPANEL', 'sidepanel', true, 1, null, {}, ['sidePanel'], new String('sidePanel')]) expect(parseCrmPlacement(raw)).toBe('page');
  });

  it('is stored under one key for every CRM site; the default as no value', async () => {
    expect(await readCrmPlacement()).toBe('page');
    await saveCrmPlacement('sidePanel');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ [CRM_PLACEMENT_KEY]: 'sidePanel' });
    expect(await readCrmPlacement()).toBe('sidePanel');
    await saveCrmPlacement('page');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await readCrmPlacement()).toBe('page');
  });

  it('a stored value that is no placement reads as the default', async () => {
    await fakeBrowser.storage.local.set({ [CRM_PLACEMENT_KEY]: { sidePanel: true } });
    expect(await readCrmPlacement()).toBe('page');
  });

  it('is followed live, and the watch stops when asked', async () => {
    const seen: CrmPlacement[] = [];
    const stop = watchCrmPlacement((p) => seen.push(p));
    await saveCrmPlacement('sidePanel');
    await fakeBrowser.storage.local.set({ uiLanguage: 'es' });
    await saveCrmPlacement('page');
    stop();
    await saveCrmPlacement('sidePanel');
    expect(seen).toEqual(['sidePanel', 'page']);
  });
});

describe('reading the placement without a schema library', () => {
  // What a stored placement is, as a zod/mini schema; the hand-written check must agree with it.
  const schema = z.catch(z.enum(CRM_PLACEMENTS as ['page', 'sidePanel']), 'page');
  it('gives what the schema gives, for any value', () => {
    const anything = fc.anything({ withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withDate: true, withMap: true });
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom<unknown>('page', 'sidePanel', 'sidepanel', 'side-panel', ''), fc.string(), anything), (raw) => {
        expect(parseCrmPlacement(raw)).toBe(schema.parse(raw));
      }),
      { numRuns: 2000 },
    );
  });
});
