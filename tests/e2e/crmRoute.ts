// Routes the extension service worker's requests to a CRM's API (https://api.hubapi.com, a
// Salesforce instance, a Pipedrive company domain) to that CRM's local fake (tests/fakes/) through
// the DevTools Fetch domain on the service-worker target: the extension code is the shipped one,
// talking to the CRM's real address.
import type { CDPSession, Target } from 'puppeteer-core';
import type { Page } from 'puppeteer-core';
import { askBackground, launchWithExtension, openExtensionPage, until, type Launched } from './harness';

export const HUBSPOT_API = 'https://api.hubapi.com/';

type Paused = {
  requestId: string;
  request: { url: string; method: string; headers: Record<string, string>; postData?: string; postDataEntries?: Array<{ bytes?: string }> };
};

/** HubSpot's API host, answered by the HubSpot fake (see routeCrmToFake). */
export function routeHubspotToFake(launched: Launched, fakeUrl: string, options: RouteOptions = {}): Promise<CrmRoute> {
  return routeCrmToFake(launched, HUBSPOT_API, fakeUrl, options);
}

export type CrmRoute = { requests: () => number; stop: () => Promise<void> };

/**
 * The built extension in a profile where HubSpot's API host was allowed before ("Connect" is
 * granted at once), its worker's HubSpot requests answered by the fake; `close` ends both.
 */
export async function launchOnHubspotFake(
  browser: { extensionDir: string; chromePath: string },
  fakeUrl: string,
): Promise<{ launched: Launched; route: CrmRoute; close: () => Promise<void> }> {
  const launched = await launchWithExtension(browser.extensionDir, { executablePath: browser.chromePath, granted: { origins: [`${HUBSPOT_API}*`] } });
  const route = await routeHubspotToFake(launched, fakeUrl);
  const close = async () => {
    await route.stop();
    await launched.close();
  };
  return { launched, route, close };
}

type RouteOptions = {
  /**
   * Called once the fake has carried a request out, before its answer goes back: 'drop' and the
   * worker never gets it; 'stop-worker' and the extension's service worker is stopped as well,
   * before the answer could reach it (the route lets go of it so it can stop, and attaches to
   * the next one).
   */
  afterAnswer?: (request: { method: string; path: string }) => Promise<'drop' | 'stop-worker' | undefined>;
};

/**
 * Answers the extension service worker's requests under `apiBase` (e.g. 'https://api.hubapi.com/')
 * from the fake, as the CRM would (plus the CORS headers a page-less fetch without the optional
 * host permission needs: a headless browser cannot click "Allow" on the permission prompt).
 * Re-attaches if the worker restarts.
 */
export async function routeCrmToFake(
  launched: Launched,
  apiBase: string,
  fakeUrl: string,
  options: RouteOptions = {},
): Promise<CrmRoute> {
  const sessions = new Set<CDPSession>();
  let count = 0;
  const attach = async (target: Target) => {
    if (target.type() !== 'service_worker' || !target.url().startsWith(`chrome-extension://${launched.extensionId}/`)) return;
    const session = await target.createCDPSession();
    sessions.add(session);
    session.on('Fetch.requestPaused', (event: Paused) => void answer(session, event));
    await session.send('Fetch.enable', { patterns: [{ urlPattern: `${apiBase}*` }] });
  };
  const cors = [
    { name: 'access-control-allow-origin', value: '*' },
    { name: 'access-control-allow-headers', value: 'authorization, content-type' },
    { name: 'access-control-allow-methods', value: 'GET, POST, PATCH, PUT, DELETE' },
    { name: 'access-control-expose-headers', value: '*' },
  ];
  const answer = async (session: CDPSession, { requestId, request }: Paused) => {
    try {
      if (request.method === 'OPTIONS') {
        await session.send('Fetch.fulfillRequest', { requestId, responseCode: 204, responseHeaders: cors, body: '' });
        return;
      }
      count++;
      const url = new URL(request.url);
      const body =
        request.postData ??
        (request.postDataEntries ? Buffer.concat(request.postDataEntries.map((e) => Buffer.from(e.bytes ?? '', 'base64'))).toString('utf8') : undefined);
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => !/^(host|origin|referer|content-length)$/i.test(k)));
      const res = await fetch(`${fakeUrl}${url.pathname}${url.search}`, { method: request.method, headers, ...(body !== undefined && request.method !== 'GET' ? { body } : {}) });
      const bytes = Buffer.from(await res.arrayBuffer());
      const after = await options.afterAnswer?.({ method: request.method, path: url.pathname });
      if (after === 'drop' || after === 'stop-worker') {
        await session.send('Fetch.failRequest', { requestId, errorReason: 'Aborted' }).catch(() => {});
        if (after === 'stop-worker') {
          // A worker with a debugger attached is never stopped: detach, then close it (as puppeteer's WebWorker.close does).
          await Promise.all([...sessions].map((s) => s.detach().catch(() => {})));
          sessions.clear();
          await launched.worker.close().catch(() => {});
        }
        return;
      }
      const responseHeaders = [...res.headers.entries()].filter(([k]) => !/^(content-length|connection|keep-alive|transfer-encoding)$/i.test(k)).map(([name, value]) => ({ name, value }));
      await session.send('Fetch.fulfillRequest', { requestId, responseCode: res.status, responseHeaders: [...responseHeaders, ...cors], body: bytes.toString('base64') });
    } catch (error) {
      await session.send('Fetch.failRequest', { requestId, errorReason: 'Failed' }).catch(() => {});
      // a fake told to lose the answer ('lost-response') closes the socket: that is the test's fault
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const lost = cause?.code === 'UND_ERR_SOCKET' || /other side closed/.test(cause?.message ?? '');
      if (!lost) console.warn(`[e2e] route to the fake of ${apiBase} failed:`, error);
    }
  };
  const onTarget = (t: Target) => void attach(t).catch(() => {});
  launched.browser.on('targetcreated', onTarget);
  for (const t of launched.browser.targets()) await attach(t);
  return {
    requests: () => count,
    stop: async () => {
      launched.browser.off('targetcreated', onTarget);
      await Promise.all([...sessions].map((s) => s.detach().catch(() => {})));
    },
  };
}


type SyncStatus = { connections: Array<{ system: string; lastPullAt?: string; outbox: { pending: number } }> };

/**
 * Options open, the demo removed (demo records never sync), the team's default for "Add to CRM",
 * and the CRM connected by token and pulled once. Returns the Options page, for asking the background.
 */
export async function connectCrm(
  launched: Launched,
  system: 'hubspot' | 'salesforce' | 'pipedrive',
  token: string,
  options: { addAs: 'lead' | 'contact'; baseUrl?: string },
): Promise<Page> {
  const { page } = await openExtensionPage(launched, 'options.html');
  await askBackground(page, { type: 'workspace/remove-demo' });
  await askBackground(page, { type: 'settings/sdr-set', settings: { addAs: options.addAs } });
  const connected = await askBackground<{ status: string }>(page, { type: 'sync/connect-token', system, token, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
  if (connected.status !== 'connected') throw new Error(`${system} did not connect: ${connected.status}`);
  await until('the first sync', async () => !!(await askBackground<SyncStatus>(page, { type: 'sync/status' })).connections.find((c) => c.system === system)?.lastPullAt, 90_000);
  return page;
}

/** Until nothing is left to send to `system` (its outbox is empty). */
export function outboxEmpty(options: Page, system: string): Promise<true> {
  return until(`an empty ${system} outbox`, async () => (await askBackground<SyncStatus>(options, { type: 'sync/status' })).connections.find((c) => c.system === system)?.outbox.pending === 0, 90_000);
}
