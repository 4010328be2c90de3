// @vitest-environment happy-dom
// The sidebar asks for its tab's view once per load: the view it prefetched while reading its
// language is the one the panel shows when it mounts, not asked for again (issue #15.2). The
// background is fake (wxt's fakeBrowser carries the message); the query code is the product's.
import { useEffect, useState } from 'react';
// `act` is the runtime's own: the build and these tests run on Preact (scripts/build/uiRuntime.ts)
import { act } from 'preact/test-utils';
import { createRoot, type Root } from 'react-dom/client';
import type { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DealsideProvider } from './DealsideProvider';
import { TAB_VIEW_FRESH_MS, prefetchTabView, useTabView } from './queries';

const TAB = 3;
let asked: number[] = [];
let root: Root | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  asked = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as { type?: string; tabId?: number };
    if (request.type !== 'tab/view') return undefined;
    asked.push(Date.now());
    return Promise.resolve({ ok: true, data: { tabId: TAB, state: 'no-page', workspaceMode: 'demo', updatedAt: new Date().toISOString() } });
  });
});

afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
});

function Panel() {
  const view = useTabView(TAB);
  return <p id="state">{view.data?.state ?? 'loading'}</p>;
}

/** The panel mounts only when the test says so: after the prefetch has answered, as on a real load. */
const show = new EventTarget();
const mountPanel = () => show.dispatchEvent(new Event('show'));
function Later() {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const on = () => setShown(true);
    show.addEventListener('show', on);
    return () => show.removeEventListener('show', on);
  }, []);
  return shown ? <Panel /> : null;
}

async function until(ok: () => boolean) {
  for (let i = 0; i < 200 && !ok(); i++) await act(() => new Promise((r) => setTimeout(r, 5)));
  expect(ok()).toBe(true);
}

async function load(): Promise<QueryClient> {
  let client: QueryClient | undefined;
  const el = document.createElement('div');
  document.body.append(el);
  root = createRoot(el);
  await act(async () => {
    root!.render(
      <DealsideProvider surface="sidebar" prefetch={(c) => ((client = c), prefetchTabView(c, TAB))}>
        <Later />
      </DealsideProvider>,
    );
  });
  await until(() => client?.getQueryData(['tab-view', TAB]) !== undefined);
  return client!;
}

describe('the tab view a surface prefetches', () => {
  it('is shown when the panel mounts, without asking the background again', async () => {
    await load();
    expect(asked).toHaveLength(1);
    await act(async () => {
      mountPanel();
    });
    await until(() => document.getElementById('state')?.textContent === 'no-page');
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(asked).toHaveLength(1);
  });

  it('is asked again when the background says the tab changed', async () => {
    const client = await load();
    await act(async () => {
      mountPanel();
    });
    await until(() => document.getElementById('state')?.textContent === 'no-page');
    const before = asked.length;
    await act(() => client.invalidateQueries({ queryKey: ['tab-view', TAB] }));
    await until(() => asked.length === before + 1);
  });

  it('stays fresh only for a moment', () => {
    expect(TAB_VIEW_FRESH_MS).toBeGreaterThan(0);
    expect(TAB_VIEW_FRESH_MS).toBeLessThanOrEqual(5_000);
  });
});
