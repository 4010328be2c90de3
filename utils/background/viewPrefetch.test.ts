import { describe, expect, it } from 'vitest';
import { createViewPrefetch } from './viewPrefetch';
import type { TabView } from '../messaging/views';

const view = (tabId: number) => ({ tabId, state: 'no-page', workspaceMode: 'demo', updatedAt: 'x' }) as TabView;

describe('view prefetch', () => {
  it('gives the view started for this turn once, and none for another turn', async () => {
    const t = 0;
    const p = createViewPrefetch(() => t, 1000);
    p.start(7, 1, async () => view(7));
    expect(p.take(7, 2)).toBeUndefined();
    p.start(7, 2, async () => view(7));
    await expect(p.take(7, 2)).resolves.toMatchObject({ tabId: 7 });
    expect(p.take(7, 2)).toBeUndefined();
  });

  it('drops what is old, what records changed and what its builder dropped', async () => {
    let t = 0;
    const p = createViewPrefetch(() => t, 1000);
    p.start(7, 1, async () => view(7));
    t = 1001;
    expect(p.take(7, 1)).toBeUndefined();
    p.start(7, 2, async () => view(7));
    p.forget();
    expect(p.take(7, 2)).toBeUndefined();
    p.start(7, 3, async () => view(7));
    p.drop(7, 2);
    p.drop(8);
    expect(p.take(7, 3)).toBeDefined();
    p.start(7, 4, async () => view(7));
    p.drop(7);
    expect(p.take(7, 4)).toBeUndefined();
  });

  it('forgets a view whose build failed', async () => {
    const p = createViewPrefetch(() => 0, 1000);
    p.start(7, 1, async () => Promise.reject(new Error('no db')));
    await new Promise((r) => setTimeout(r, 0));
    expect(p.take(7, 1)).toBeUndefined();
  });

  it('releases the work that waits for the view once it is taken and shown, dropped or forgotten', async () => {
    const p = createViewPrefetch(() => 0, 60_000, 60_000);
    const released: string[] = [];
    p.start(7, 1, async (r) => (void r.then(() => released.push('shown')), view(7)));
    p.start(8, 1, async (r) => (void r.then(() => released.push('dropped')), view(8)));
    p.start(9, 1, async (r) => (void r.then(() => released.push('forgotten')), view(9)));
    p.start(10, 1, async (r) => (void r.then(() => released.push('taken, then forgotten')), view(10)));
    p.start(11, 1, async (r) => (void r.then(() => released.push('taken for an old turn')), view(11)));
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual([]);
    // taken: held while the surface renders what it took
    void p.take(7, 1);
    void p.take(10, 1);
    expect(p.take(11, 2)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual(['taken for an old turn']);
    p.shown(8); // nothing taken for tab 8: no effect
    p.shown(7);
    p.drop(8);
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual(['taken for an old turn', 'shown', 'dropped']);
    p.forget();
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual(['taken for an old turn', 'shown', 'dropped', 'forgotten', 'taken, then forgotten']);
  });

  it('stops waiting for a surface that never says it has shown the view', async () => {
    const p = createViewPrefetch(() => 0, 60_000, 20);
    let released = false;
    p.start(7, 1, async (r) => (void r.then(() => (released = true)), view(7)));
    void p.take(7, 1);
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toBe(false);
    await expect.poll(() => released).toBe(true);
  });
});
