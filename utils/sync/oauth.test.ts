// Signing in with the team's own OAuth apps (issue #6): an admin enters the Salesforce Connected
// App's consumer key, or the HubSpot app's client id and the team's token exchange address, in
// Options → Connections; reps then sign in through the browser's identity window (PKCE). Against
// the local Salesforce and HubSpot fakes (real HTTP) and the team's token exchange as shipped
// (scripts/hubspot-token-exchange.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { startTokenExchange } from '../../scripts/hubspot-token-exchange';
import { openStore, type Db } from '../store/db';
import { getSetting } from '../store/settings';
import { mulberry32 } from '../demo/prng';
import { SyncService, type SyncServiceDeps } from './service';
import { VirtualClock } from '../../tests/support/sync';
import type { LaunchWebAuthFlow } from './auth';
import { readSecret } from './secrets';
import { getConnection } from './connections';
import { hubspotOAuthConfig } from './connectors/hubspot/signIn';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

/** The identity window: opens the authorize URL (at the fake, wherever it says it is) and returns where it lands. */
function identityWindow(authorizeOrigin: string, seen: string[] = []): LaunchWebAuthFlow {
  return async ({ url }) => {
    seen.push(url);
    const u = new URL(url);
    const res = await fetch(`${authorizeOrigin}${u.pathname}${u.search}`, { redirect: 'manual' });
    return res.headers.get('location') ?? undefined;
  };
}

async function service(extra: Partial<SyncServiceDeps>, clock = new VirtualClock(), forTests = true) {
  const db = await openStore(`oauth-${Math.random()}`);
  const s = new SyncService(
    { db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(5), timeoutMs: 30_000, redirectUri: REDIRECT, ...extra },
    forTests,
  );
  return { s, db, clock };
}

const HUBSPOT_CLIENT = '5f0c1a2b-1234-4cde-9f00-aa11bb22cc33';

/** The HubSpot fake with the team's app registered, a token exchange that adds `secret`, and the app entered by an admin. */
async function hubspotApp(secret: string) {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now });
  await fake.start();
  stops.push(() => fake.stop());
  fake.apps.set(HUBSPOT_CLIENT, { secret: 'the-app-secret', redirectUri: REDIRECT });
  const exchange = await startTokenExchange({
    clientId: HUBSPOT_CLIENT,
    clientSecret: secret,
    allowedOrigins: ['chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
    tokenUrl: `${fake.url}/oauth/2026-03/token`,
    port: 0,
    log: () => {},
    recordRequests: true,
  });
  stops.push(() => exchange.stop());
  const seen: string[] = [];
  const { s, db } = await service({ launchWebAuthFlow: identityWindow(fake.url, seen), hubspotApi: fake.url }, clock);
  await s.setOAuthClient('hubspot', { system: 'hubspot', clientId: HUBSPOT_CLIENT, tokenUrl: exchange.url });
  return { clock, fake, exchange, s, db, seen, clientId: HUBSPOT_CLIENT };
}

describe('sign-in set up by an admin', () => {
  it('without a client, sign-in says what an admin has to enter, and token connections still work', async () => {
    const { s } = await service({ launchWebAuthFlow: async () => undefined });
    await expect(s.connectOAuth('salesforce')).rejects.toThrow(/Connected App consumer key/);
    await expect(s.connectOAuth('hubspot')).rejects.toThrow(/token exchange address/);
    expect(await s.oauthSetup()).toEqual({ redirectUri: REDIRECT });
  });

  it('checks what the admin enters and says what is wrong', async () => {
    const { s, db } = await service({}, new VirtualClock(), false);
    await expect(s.setOAuthClient('salesforce', { system: 'salesforce', clientId: 'not a key!' })).rejects.toThrow(/consumer key/);
    await expect(s.setOAuthClient('salesforce', { system: 'salesforce', clientId: '3MVG9fakeConsumerKey.abc', loginHost: 'https://evil.example.com' })).rejects.toThrow(
      /not a Salesforce login address/,
    );
    await expect(s.setOAuthClient('salesforce', { system: 'salesforce', clientId: '3MVG9fakeConsumerKey.abc', loginHost: 'login.salesforce' })).rejects.toThrow(/not a web address/);
    await expect(s.setOAuthClient('hubspot', { system: 'hubspot', clientId: '5f0c1a2b-1234-4cde-9f00-aa11bb22cc33', tokenUrl: 'http://auth.acme.example/token' })).rejects.toThrow(/https/);
    await expect(s.setOAuthClient('hubspot', { system: 'hubspot', clientId: '5f0c1a2b-1234-4cde-9f00-aa11bb22cc33', tokenUrl: 'https://user:pw@auth.acme.example/token' })).rejects.toThrow(
      /passwords/,
    );
    expect(await getSetting(db, 'oauthClients')).toBeUndefined();

    const view = await s.setOAuthClient('salesforce', { system: 'salesforce', clientId: ' 3MVG9fakeConsumerKey.abc ', loginHost: 'https://acme.my.salesforce.com/some/path' });
    expect(view.salesforce).toEqual({ clientId: '3MVG9fakeConsumerKey.abc', loginHost: 'https://acme.my.salesforce.com', builtIn: false });
    await s.setOAuthClient('hubspot', { system: 'hubspot', clientId: '5f0c1a2b-1234-4cde-9f00-aa11bb22cc33', tokenUrl: 'https://auth.acme.example/hubspot/token' });
    expect((await s.oauthSetup()).hubspot).toEqual({ clientId: '5f0c1a2b-1234-4cde-9f00-aa11bb22cc33', tokenUrl: 'https://auth.acme.example/hubspot/token', builtIn: false });
    // removing one keeps the other
    await s.setOAuthClient('salesforce', null);
    expect(await getSetting(db, 'oauthClients')).toEqual({ hubspot: { clientId: '5f0c1a2b-1234-4cde-9f00-aa11bb22cc33', tokenUrl: 'https://auth.acme.example/hubspot/token' } });
  });

  it('a client built into the build wins and is shown as such', async () => {
    const { s } = await service({ oauthClients: { salesforce: { clientId: 'built-in-consumer-key' } } });
    expect((await s.oauthSetup()).salesforce).toEqual({ clientId: 'built-in-consumer-key', builtIn: true });
  });

  it('Salesforce: the admin’s Connected App and My Domain are used to sign in (PKCE, no secret)', async () => {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now });
    await fake.start();
    stops.push(() => fake.stop());
    fake.clients.set('3MVG9teamConsumerKey', { redirectUri: REDIRECT });
    const seen: string[] = [];
    const { s, db } = await service({ launchWebAuthFlow: identityWindow(fake.url, seen) }, clock);
    await s.setOAuthClient('salesforce', { system: 'salesforce', clientId: '3MVG9teamConsumerKey', loginHost: fake.url });
    const view = await s.connectOAuth('salesforce');
    expect(view).toMatchObject({ system: 'salesforce', authKind: 'oauth', status: 'connected' });
    const authorize = new URL(seen[0]!);
    expect(authorize.origin).toBe(fake.url);
    expect(authorize.searchParams.get('client_id')).toBe('3MVG9teamConsumerKey');
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT);
    const secret = (await readSecret(db, 'salesforce'))!;
    expect(secret).toMatchObject({ clientId: '3MVG9teamConsumerKey', tokenUrl: `${fake.url}/services/oauth2/token` });
    expect(secret.clientSecret).toBeUndefined();
  });

  it('HubSpot: the code and every refresh go through the team’s token exchange, which adds the secret', async () => {
    const { clock, fake, exchange, s, db, seen, clientId } = await hubspotApp('the-app-secret');
    const received = exchange.received!;

    // the user who signs in is an owner in the portal: they sign the answers from now on
    const owner = fake.addOwner({ firstName: 'Lucía', lastName: 'Martín', email: fake.signInUser.email, userId: fake.signInUser.userId });
    const view = await s.connectOAuth('hubspot');
    expect(view).toMatchObject({ system: 'hubspot', authKind: 'oauth', status: 'connected', label: expect.stringContaining('4481234') });
    expect(await getSetting(db, 'currentUser')).toEqual({ userId: `hubspot-user-${owner.userId}`, name: 'Lucía Martín' });
    expect(new URL(seen[0]!).origin + new URL(seen[0]!).pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(new URL(seen[0]!).searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['crm.objects.contacts.write', 'crm.objects.owners.read']));
    // the extension never had the secret: the exchange added it
    expect(received[0]).toMatchObject({ grant_type: 'authorization_code', client_id: clientId, redirect_uri: REDIRECT });
    expect(received[0]!.client_secret).toBeUndefined();
    expect(received[0]!.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const secret = (await readSecret(db, 'hubspot'))!;
    expect(secret.tokenUrl).toBe(exchange.url);
    expect(secret.clientSecret).toBeUndefined();

    // the access token expires: the engine refreshes it through the exchange and carries on
    // (the owners scope was asked: a record's owner is named, not only its id)
    const diego = fake.addOwner({ firstName: 'Diego', lastName: 'Quispe', email: 'diego@iberia.example' });
    fake.seed('contacts', { firstname: 'Ana Belén', lastname: 'Soto', email: 'ana.soto@example.es', hubspot_owner_id: diego.id });
    clock.advance(31 * 60_000);
    const report = await s.syncNow('hubspot');
    expect(report.errors).toEqual([]);
    expect(received.some((f) => f.grant_type === 'refresh_token' && f.client_id === clientId)).toBe(true);
    expect(received.every((f) => f.client_secret === undefined)).toBe(true);
    expect((await readSecret(db, 'hubspot'))!.accessToken).not.toBe(secret.accessToken);
    const people = await db.getAll('people');
    const ana = people.find((p) => p.fullName === 'Ana Belén Soto');
    expect(ana?.ownerId).toBeDefined();
    expect((await db.get('users', ana!.ownerId!))?.name).toBe('Diego Quispe');
  });

  describe('HubSpot: settings.currencies.read asked as optional, only when the app lists it', () => {
    const required = hubspotOAuthConfig({ clientId: HUBSPOT_CLIENT, redirectUri: REDIRECT }).scopes;
    const rates = async (s: SyncService, db: Db) => s.engine.connectorFor((await getConnection(db, 'hubspot'))!).readRates!();

    it('an app that lists it: asked in optional_scope (not in scope), granted, and the rates read', async () => {
      const { fake, s, db, seen, exchange } = await hubspotApp('the-app-secret');
      fake.apps.get(HUBSPOT_CLIENT)!.scopes = { required: [...required], optional: ['settings.currencies.read'] };
      await s.setOAuthClient('hubspot', { system: 'hubspot', clientId: HUBSPOT_CLIENT, tokenUrl: exchange.url, optionalScopes: 'settings.currencies.read' });
      expect((await s.oauthSetup()).hubspot).toMatchObject({ optionalScopes: 'settings.currencies.read' });
      await s.connectOAuth('hubspot');
      const url = new URL(seen[0]!);
      expect(url.searchParams.get('optional_scope')).toBe('settings.currencies.read');
      expect(url.searchParams.get('scope')!.split(' ')).toEqual([...required]);
      expect(await rates(s, db)).not.toBe('refused');
    });

    it('an app registered before (it does not list it): not asked, sign-in works as before, the rates refused', async () => {
      const { fake, s, db, seen } = await hubspotApp('the-app-secret');
      fake.apps.get(HUBSPOT_CLIENT)!.scopes = { required: [...required], optional: [] };
      await s.connectOAuth('hubspot');
      expect(new URL(seen[0]!).searchParams.has('optional_scope')).toBe(false);
      expect(await rates(s, db)).toBe('refused');
    });

    it('why it is not always asked: HubSpot refuses a scope the app does not list', async () => {
      const { fake, s, exchange } = await hubspotApp('the-app-secret');
      fake.apps.get(HUBSPOT_CLIENT)!.scopes = { required: [...required], optional: [] };
      await s.setOAuthClient('hubspot', { system: 'hubspot', clientId: HUBSPOT_CLIENT, tokenUrl: exchange.url, optionalScopes: 'settings.currencies.read' });
      await expect(s.connectOAuth('hubspot')).rejects.toThrow(/sign-in window was closed/);
    });

    it('what an admin enters is checked: scope names, and only those Dealside uses are asked', async () => {
      const { s, exchange } = await hubspotApp('the-app-secret');
      await expect(s.setOAuthClient('hubspot', { system: 'hubspot', clientId: HUBSPOT_CLIENT, tokenUrl: exchange.url, optionalScopes: 'settings.currencies.read; drop' })).rejects.toThrow(
        /not a HubSpot scope name/,
      );
      await s.setOAuthClient('hubspot', { system: 'hubspot', clientId: HUBSPOT_CLIENT, tokenUrl: exchange.url, optionalScopes: 'crm.lists.read, settings.currencies.read' });
      expect((await s.oauthSetup()).hubspot?.optionalScopes).toBe('settings.currencies.read');
    });
  });

  it('HubSpot: an exchange that does not add the secret gets HubSpot’s refusal, in words', async () => {
    const { s, db } = await hubspotApp('an-old-secret');
    await expect(s.connectOAuth('hubspot')).rejects.toThrow('HubSpot did not issue a token (missing or invalid client secret). Try connecting again.');
    expect(await db.count('syncConnections')).toBe(0);
  });
});
