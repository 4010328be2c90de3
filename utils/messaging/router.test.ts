import { describe, expect, it, vi } from 'vitest';
import { createRequestListener, type RequestHandlers } from './router';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const uiSender = { id: ID, url: `${ORIGIN}options.html` };

function handlers(overrides: Partial<RequestHandlers> = {}): RequestHandlers {
  const fail = () => Promise.reject(new Error('not under test'));
  return {
    'page/detected': fail,
    'page/none': fail,
    'page/list': fail,
    'tab/view': fail,
    'workspace/status': fail,
    'workspace/remove-demo': fail,
    'workspace/load-demo': fail,
    'qualification/answer': fail,
    'qualification/element': fail,
    'qualification/action': fail,
    'qualification/role': fail,
    'qualification/objection': fail,
    'match/not-same': fail,
    'search/quick': fail,
    'settings/qualify-get': fail,
    'settings/qualify-set': fail,
    'diagnostics/list': fail,
    'diagnostics/clear': fail,
    'sync/status': fail,
    'sync/now': fail,
    'sync/connect-token': fail,
    'sync/connect-oauth': fail,
    'sync/disconnect': fail,
    'sync/conflicts': fail,
    'sync/resolve-conflict': fail,
    'sync/outbox': fail,
    'sync/retry': fail,
    'sync/discard': fail,
    'sync/fields': fail,
    'sync/map-fields': fail,
    'import/start': fail,
    'import/batch': fail,
    'import/finish': fail,
    'import/status': fail,
    'import/cancel': fail,
    ...overrides,
  } as RequestHandlers;
}

describe('createRequestListener', () => {
  it('ignores messages that are not requests (events, foreign shapes)', () => {
    const listen = createRequestListener(handlers(), { ownId: ID, ownOrigin: ORIGIN });
    expect(listen({ type: 'event/workspace-changed' }, uiSender)).toBeUndefined();
    expect(listen('hello', uiSender)).toBeUndefined();
    expect(listen(null, uiSender)).toBeUndefined();
  });

  it('answers an invalid request with a clear error instead of calling the handler', async () => {
    const view = vi.fn();
    const rejected = vi.fn();
    const listen = createRequestListener(handlers({ 'tab/view': view }), { ownId: ID, ownOrigin: ORIGIN }, rejected);
    await expect(listen({ type: 'tab/view', tabId: 'seven' }, uiSender)).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(view).not.toHaveBeenCalled();
    expect(rejected).toHaveBeenCalledWith('invalid message', 'tab/view');
  });

  it('refuses a type that names an inherited key of the schemas\' map', async () => {
    const rejected = vi.fn();
    const listen = createRequestListener(handlers(), { ownId: ID, ownOrigin: ORIGIN }, rejected);
    await expect(listen({ type: 'toString' }, uiSender)).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(rejected).toHaveBeenCalledWith('invalid message', 'toString');
  });

  it('refuses a forbidden sender', async () => {
    const listen = createRequestListener(handlers(), { ownId: ID, ownOrigin: ORIGIN });
    await expect(listen({ type: 'workspace/status' }, { id: 'intruder', url: 'https://x.test/' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('dispatches a valid request with the sender tab and wraps the answer', async () => {
    const listen = createRequestListener(
      handlers({ 'page/none': async (_r, c) => ({ tabId: c.tabId! }) }),
      { ownId: ID, ownOrigin: ORIGIN },
    );
    await expect(
      listen({ type: 'page/none', url: 'https://www.linkedin.com/feed/' }, { id: ID, url: 'https://www.linkedin.com/feed/', tab: { id: 9 }, frameId: 0 }),
    ).resolves.toEqual({ ok: true, data: { tabId: 9 } });
  });

  it('turns a handler failure into an error answer', async () => {
    const listen = createRequestListener(
      handlers({ 'workspace/status': () => Promise.reject(new Error('disk full')) }),
      { ownId: ID, ownOrigin: ORIGIN },
    );
    await expect(listen({ type: 'workspace/status' }, uiSender)).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'disk full' } });
  });
});
