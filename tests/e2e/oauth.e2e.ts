// Issue #6, signing in with OAuth end to end, as an admin and a rep do it in Options → Connections:
// the admin enters the team's HubSpot app (client id + the team's token exchange address) and
// copies the callback URL; the rep clicks "Sign in with HubSpot"; the browser's identity window
// opens HubSpot's consent page, which redirects to https://<extension id>.chromiumapp.org/ with a
// code; the service worker exchanges it (PKCE) through the team's exchange, which adds the app
// secret; the connection is made and the first sync runs. HubSpot's pages and API are the local
// HubSpot fake, and the exchange is the real one (scripts/hubspot-token-exchange.ts) in front of
// it, reached at their real addresses through the DevTools Fetch domain. The exchange answers CORS
// itself: it allows only this extension's origin, and the browser checks its answer. The profile
// is one where the user already allowed the identity API and HubSpot's host (a headless browser
// cannot click the permission prompt itself).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HubspotFake } from '../fakes/hubspot';
import { startTokenExchange, type RunningTokenExchange } from '../../scripts/hubspot-token-exchange';
import { askBackground, forwardRequests, launchWithExtension, withFailureScreenshot, openSignInSetUp, type Launched } from './harness';

const CLIENT_ID = '5f0c1a2b-1234-4cde-9f00-aa11bb22cc33';
const EXCHANGE = 'https://auth.iberia-logistica.example/hubspot/token';

const ask = askBackground;

describe('Sign in with HubSpot (OAuth, PKCE, the team’s token exchange)', () => {
  let launched: Launched;
  let fake: HubspotFake;
  let exchange: RunningTokenExchange;
  const exchangeLog: string[] = [];
  let routes: Awaited<ReturnType<typeof forwardRequests>>;

  beforeAll(async () => {
    fake = new HubspotFake();
    await fake.start();
    fake.seed('contacts', { firstname: 'Ana Belén', lastname: 'Soto', email: 'ana.soto@iberialogistica.es', jobtitle: 'Jefa de Compras' });
    launched = await launchWithExtension(inject('extensionDir'), {
      executablePath: inject('chromePath'),
      granted: { permissions: ['identity'], origins: ['https://api.hubapi.com/*'] },
    });
    fake.apps.set(CLIENT_ID, { secret: 'the-app-secret', redirectUri: `https://${launched.extensionId}.chromiumapp.org/` });
    // The team's exchange, configured as an admin would: this app, its secret, this extension.
    const extensionOrigin = `chrome-extension://${launched.extensionId}`;
    exchange = await startTokenExchange({
      clientId: CLIENT_ID,
      clientSecret: 'the-app-secret',
      allowedOrigins: [extensionOrigin],
      tokenUrl: `${fake.url}/oauth/2026-03/token`,
      port: 0,
      log: (line) => exchangeLog.push(line),
      recordRequests: true,
    });
    routes = await forwardRequests(launched, [
      { prefix: 'https://app.hubspot.com/', to: `${fake.url}/` },
      { prefix: 'https://api.hubapi.com/', to: `${fake.url}/` },
      { prefix: EXCHANGE, to: exchange.url, cors: 'server' },
    ]);
  }, 90_000);

  afterAll(async () => {
    await routes?.stop();
    await launched?.close();
    await exchange?.stop();
    await fake?.stop();
  });

  it('an admin sets up the app once; a rep signs in with one click and the first sync runs', () =>
    withFailureScreenshot('oauth-hubspot', async () => {
      const { options, card, signIn, signInDisabled, redirect } = await openSignInSetUp(launched, 'hubspot', 15_000);
      expect(signInDisabled).toBe(true);

      // The admin: the callback URL to register, then the app's client id and the exchange.
      expect(redirect).toBe(`https://${launched.extensionId}.chromiumapp.org/`);
      // A mistyped address is refused with what to do, and nothing is saved.
      await options.type(`${card} [data-dealside="oauth-client-id"]`, CLIENT_ID);
      await options.type(`${card} [data-dealside="oauth-address"]`, 'http://auth.iberia-logistica.example/token');
      await options.click(`${card} [data-dealside="oauth-save"]`);
      const refused = await options.waitForSelector(`${card} [data-dealside="oauth-error"]`, { timeout: 30_000 });
      expect(await refused!.evaluate((el) => el.textContent)).toMatch(/must start with https/);
      await options.click(`${card} [data-dealside="oauth-address"]`, { clickCount: 3 });
      await options.type(`${card} [data-dealside="oauth-address"]`, EXCHANGE);
      await options.click(`${card} [data-dealside="oauth-save"]`);
      await options.waitForSelector(`${card} [data-dealside="oauth-saved"]`, { timeout: 30_000 });
      await options.waitForFunction((sel) => !(document.querySelector(sel) as HTMLButtonElement | null)?.disabled, { timeout: 30_000 }, signIn);

      // The rep: one click. The identity window goes to HubSpot's consent page and comes back.
      await options.click(signIn);
      await options.waitForSelector(`${card}[data-status="connected"]`, { timeout: 90_000 });
      expect(routes.count('https://app.hubspot.com/')).toBeGreaterThanOrEqual(1);
      const received = exchange.received!;
      expect(received[0]).toMatchObject({ grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: redirect });
      expect(received[0]!.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // the extension never saw the secret; the exchange added it
      expect(received.every((f) => f.client_secret === undefined)).toBe(true);
      // one line per request, and no secret, code or verifier in them
      expect(exchangeLog.some((l) => / POST \/oauth\/token grant=authorization_code 200 /.test(l))).toBe(true);
      for (const secret of ['the-app-secret', received[0]!.code!, received[0]!.code_verifier!]) expect(exchangeLog.join('\n')).not.toContain(secret);

      // The first sync ran with the OAuth token: HubSpot's contact is in the workspace.
      const found = await options.waitForFunction(
        async () => {
          const r = (await (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; data?: Array<{ name: string }> }> } } }).chrome.runtime.sendMessage({
            type: 'search/quick',
            query: 'Ana',
          })) as { ok: boolean; data?: Array<{ name: string }> };
          return r.ok && r.data?.some((x) => x.name.includes('Ana Belén Soto')) ? true : false;
        },
        { timeout: 30_000, polling: 500 },
      );
      expect(await found.jsonValue()).toBe(true);
      const status = await ask<{ connections: Array<{ system: string; authKind: string; label: string }> }>(options, { type: 'sync/status' });
      expect(status.connections.find((c) => c.system === 'hubspot')).toMatchObject({ authKind: 'oauth', label: expect.stringContaining('4481234') });
      await options.close();
    }));
});
