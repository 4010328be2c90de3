// End-to-end harness: Routing the browser's requests to local servers (fake CRM APIs, sign-in pages).
import type { CDPSession, Target } from 'puppeteer-core';
import type { Launched } from './browser';

// ---------------------------------------------------------------------------------------------
// Routing the browser's requests to local servers

export type ForwardRoute = {
  /** requests whose URL starts with this (e.g. 'https://api.hubapi.com/') … */
  prefix: string;
  /** … are answered by this local server: the rest of the URL is appended to it */
  to: string;
  /**
   * 'server': the local server answers CORS itself, as the real one must (the team's token
   * exchange): the request keeps the browser's Origin header, preflights go to the server, and
   * only the server's access-control headers reach the browser, which checks them.
   * Default: preflights are answered here and CORS headers that allow everything are added.
   */
  cors?: 'server';
};

/**
 * Answers every request of the browser (pages, popup windows such as the identity API's sign-in
 * window, and the extension's service worker) to the given prefixes from local servers, through
 * the DevTools Fetch domain on the browser target. Redirects are passed back as they are (the
 * sign-in window must see the redirect to https://<id>.chromiumapp.org/). CORS headers are added,
 * as a server that allows the extension would send them, unless the route says the server answers
 * CORS itself (`cors: 'server'`).
 */
export async function forwardRequests(launched: Launched, routes: readonly ForwardRoute[]): Promise<{ count: (prefix: string) => number; stop: () => Promise<void> }> {
  type Paused = {
    requestId: string;
    request: { url: string; method: string; headers: Record<string, string>; postData?: string; postDataEntries?: Array<{ bytes?: string }> };
  };
  const session = await launched.browser.target().createCDPSession();
  const workerSessions = new Set<CDPSession>();
  let stopped = false;
  const counts = new Map<string, number>();
  const cors = [
    { name: 'access-control-allow-origin', value: '*' },
    { name: 'access-control-allow-headers', value: 'authorization, content-type, accept' },
    { name: 'access-control-allow-methods', value: 'GET, POST, PATCH, PUT, DELETE' },
    { name: 'access-control-expose-headers', value: '*' },
  ];
  const onPaused = (session: CDPSession) => (event: Paused) => {
    void (async () => {
      const { requestId, request } = event;
      const route = routes.find((r) => request.url.startsWith(r.prefix));
      try {
        if (!route) {
          await session.send('Fetch.continueRequest', { requestId });
          return;
        }
        const serverCors = route.cors === 'server';
        if (request.method === 'OPTIONS' && !serverCors) {
          await session.send('Fetch.fulfillRequest', { requestId, responseCode: 204, responseHeaders: cors, body: '' });
          return;
        }
        counts.set(route.prefix, (counts.get(route.prefix) ?? 0) + 1);
        const body =
          request.postData ??
          (request.postDataEntries ? Buffer.concat(request.postDataEntries.map((e) => Buffer.from(e.bytes ?? '', 'base64'))).toString('utf8') : undefined);
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(([k]) => !(serverCors ? /^(host|referer|content-length)$/i : /^(host|origin|referer|content-length)$/i).test(k)),
        );
        const res = await fetch(`${route.to}${request.url.slice(route.prefix.length)}`, {
          method: request.method,
          headers,
          redirect: 'manual',
          ...(body !== undefined && request.method !== 'GET' && request.method !== 'HEAD' ? { body } : {}),
        });
        const bytes = Buffer.from(await res.arrayBuffer());
        const responseHeaders = [...res.headers.entries()]
          .filter(([k]) => !(serverCors ? /^(content-length|connection|keep-alive|transfer-encoding)$/i : /^(content-length|connection|keep-alive|transfer-encoding|access-control-.*)$/i).test(k))
          .map(([name, value]) => ({ name, value }));
        await session.send('Fetch.fulfillRequest', {
          requestId,
          responseCode: res.status,
          responseHeaders: serverCors ? responseHeaders : [...responseHeaders, ...cors],
          body: bytes.toString('base64'),
        });
      } catch (error) {
        await session.send('Fetch.failRequest', { requestId, errorReason: 'Failed' }).catch(() => {});
        // A request paused just before stop() or before its tab / worker went away cannot be
        // answered any more, and nothing waits for it: not a failure worth a stack trace.
        const message = error instanceof Error ? error.message : String(error);
        if (stopped || /Fetch domain is not enabled|Target closed|Session closed|No resource with given/i.test(message)) return;
        console.warn(`[e2e] forwarding ${request.url} failed: ${message}`);
      }
    })();
  };
  const patterns = routes.map((r) => ({ urlPattern: `${r.prefix}*` }));
  session.on('Fetch.requestPaused', onPaused(session));
  await session.send('Fetch.enable', { patterns });
  // The browser target does not see the extension service worker's own fetches: attach to it too
  // (again whenever the worker is restarted).
  const attach = async (target: Target) => {
    if (target.type() !== 'service_worker' || !target.url().startsWith(`chrome-extension://${launched.extensionId}/`)) return;
    const worker = await target.createCDPSession();
    workerSessions.add(worker);
    worker.on('Fetch.requestPaused', onPaused(worker));
    await worker.send('Fetch.enable', { patterns });
  };
  const onTarget = (t: Target) => void attach(t).catch(() => {});
  launched.browser.on('targetcreated', onTarget);
  for (const t of launched.browser.targets()) await attach(t);
  return {
    count: (prefix) => counts.get(prefix) ?? 0,
    stop: async () => {
      stopped = true;
      launched.browser.off('targetcreated', onTarget);
      for (const s of [session, ...workerSessions]) {
        await s.send('Fetch.disable').catch(() => {});
        await s.detach().catch(() => {});
      }
    },
  };
}
