import { QueryClient } from '@tanstack/react-query';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { prefetchTabView } from './queries';
import { sendUnchecked } from '../../utils/messaging/call';

const view = (state: string) => ({ tabId: 7, state, workspaceMode: 'demo', updatedAt: '2026-12-07T09:00:00.000Z' });

/** The background's side of runtime messaging: answers tab/view with `answer()`, counting the asks. */
function background(answer: () => unknown): { asked: () => number } {
  let asked = 0;
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    if ((message as { type?: string }).type !== 'tab/view') return undefined;
    asked++;
    return Promise.resolve(answer());
  });
  return { asked: () => asked };
}

describe('prefetchTabView with the request the sidebar’s entry sent (issue #15.2)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('takes that answer, validated, without asking again; a later read asks afresh', async () => {
    const bg = background(() => ({ ok: true, data: view('reading') }));
    const sent = sendUnchecked({ type: 'tab/view', tabId: 7 });
    const client = new QueryClient();
    prefetchTabView(client, 7, sent);
    await expect.poll(() => client.getQueryData(['tab-view', 7])).toEqual(view('reading'));
    expect(bg.asked()).toBe(1);
    await client.refetchQueries({ queryKey: ['tab-view', 7] });
    expect(bg.asked()).toBe(2);
  });

  it('refuses an answer that is not a view, and says the background’s own error', async () => {
    background(() => ({ ok: true, data: { tabId: 7, state: 'no-such-state' } }));
    const client = new QueryClient();
    prefetchTabView(client, 7, sendUnchecked({ type: 'tab/view', tabId: 7 }));
    await expect.poll(() => client.getQueryState(['tab-view', 7])?.status).toBe('error');
    expect(client.getQueryState(['tab-view', 7])?.error).toMatchObject({ code: 'bad-response' });

    const other = new QueryClient();
    prefetchTabView(other, 7, Promise.resolve({ ok: false, error: { code: 'not-found', message: 'No such tab.' } }));
    await expect.poll(() => other.getQueryState(['tab-view', 7])?.status).toBe('error');
    expect(other.getQueryState(['tab-view', 7])?.error).toMatchObject({ code: 'not-found', message: 'No such tab.' });
  });

  it('a background that cannot be reached is an error the panel can show, not an unhandled rejection', async () => {
    // no listener: the fake browser's sendMessage throws, as Chromium does with no receiver
    const client = new QueryClient();
    prefetchTabView(client, 7, sendUnchecked({ type: 'tab/view', tabId: 7 }));
    await expect.poll(() => client.getQueryState(['tab-view', 7])?.status).toBe('error');
    expect(client.getQueryState(['tab-view', 7])?.error).toMatchObject({ code: 'unreachable' });
  });
});
