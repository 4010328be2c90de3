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
});
