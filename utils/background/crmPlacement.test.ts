import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { crmPlacementApis, followCrmPlacement, type PlacementApis } from './crmPlacement';
import { saveCrmPlacement } from '../page/crmPlacement';

/** lets the fake storage's promises and events run */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** the browser's storage (WXT's fake), and Chrome's sidePanel recording what the toolbar button is set to open */
function chromeLike() {
  const behaviour: boolean[] = [];
  const api = {
    storage: fakeBrowser.storage,
    sidePanel: {
      setPanelBehavior: (b: { openPanelOnActionClick: boolean }) => {
        behaviour.push(b.openPanelOnActionClick);
        return Promise.resolve();
      },
    },
  };
  return { apis: crmPlacementApis(api), behaviour };
}

beforeEach(() => fakeBrowser.reset());

describe("the background's copy of where Dealside shows on CRM pages", () => {
  it('is unknown until the first read answers, then the stored choice (the default when none)', async () => {
    const { apis, behaviour } = chromeLike();
    const cache = followCrmPlacement(apis);
    expect(cache.current()).toBeUndefined();
    await cache.ready;
    expect(cache.current()).toBe('page');
    // beside the page, the toolbar button keeps the popup
    expect(behaviour).toEqual([false]);
  });

  it('in side-panel mode, the toolbar button opens the side panel; switching back gives the popup back', async () => {
    await saveCrmPlacement('sidePanel');
    const { apis, behaviour } = chromeLike();
    const cache = followCrmPlacement(apis);
    await cache.ready;
    expect(cache.current()).toBe('sidePanel');
    expect(behaviour).toEqual([true]);
    await saveCrmPlacement('page');
    await settle();
    expect(cache.current()).toBe('page');
    await saveCrmPlacement('sidePanel');
    await settle();
    expect(cache.current()).toBe('sidePanel');
    expect(behaviour).toEqual([true, false, true]);
  });

  it('a change reported before the first read answered wins over what the read saw', async () => {
    let answer: (raw: unknown) => void = () => {};
    let changed: (raw: unknown) => void = () => {};
    const apis: PlacementApis = { read: () => new Promise((resolve) => (answer = resolve)), onChange: (fn) => (changed = fn) };
    const cache = followCrmPlacement(apis);
    changed('sidePanel');
    answer(undefined);
    await cache.ready;
    expect(cache.current()).toBe('sidePanel');
  });

  it('a failed read is the default; a failed setPanelBehavior is reported, the choice still kept', async () => {
    const warnings: string[] = [];
    const cache = followCrmPlacement(
      { read: () => Promise.reject(new Error('no storage')), onChange: () => {}, setActionOpensPanel: () => Promise.reject(new Error('nope')) },
      (m) => warnings.push(m),
    );
    await cache.ready;
    await settle();
    expect(cache.current()).toBe('page');
    expect(warnings).toEqual(['Dealside: could not set what the toolbar button opens (nope)']);
  });

  it('without Chrome’s sidePanel (Firefox: sidebar_action) only the copy is kept', async () => {
    await saveCrmPlacement('sidePanel');
    const apis = crmPlacementApis({ storage: fakeBrowser.storage });
    expect(apis.setActionOpensPanel).toBeUndefined();
    const cache = followCrmPlacement(apis);
    await cache.ready;
    expect(cache.current()).toBe('sidePanel');
  });
});
