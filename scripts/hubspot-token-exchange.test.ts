// The HubSpot token exchange as shipped (scripts/hubspot-token-exchange.ts), in front of the local
// HubSpot fake (tests/fakes/hubspot.ts, whose /oauth/2026-03/token insists on the app's secret like
// HubSpot's), or of a recording upstream where the test must see exactly what was forwarded.
// Requests go through node:http so that Origin and other headers are sent exactly as written.
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubspotFake } from '../tests/fakes/hubspot';
import {
  ConfigError,
  DEFAULT_TOKEN_URL,
  configFromEnv,
  startTokenExchange,
  type RunningTokenExchange,
  type TokenExchangeConfig,
} from './hubspot-token-exchange';

const CLIENT_ID = '5f0c1a2b-1234-4cde-9f00-aa11bb22cc33';
const SECRET = 'the-app-secret-9f8e7d';
const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}`;
const REDIRECT = `https://${EXTENSION_ID}.chromiumapp.org/`;
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
  vi.restoreAllMocks();
});

type Answer = { status: number; headers: IncomingHttpHeaders; text: string; json: () => Record<string, unknown> };

/** One request over node:http, headers exactly as given; `body` may be a list of chunks (sent chunked). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | string[] } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    if (Array.isArray(options.body)) for (const chunk of options.body) req.write(chunk);
    else if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function post(url: string, form: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Answer> {
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  return send(url, { headers: { ...FORM, 'content-length': String(Buffer.byteLength(body)), ...headers }, body });
}

/** The HubSpot fake with the team's app, and the exchange in front of it (log captured). */
async function setup(overrides: Partial<TokenExchangeConfig> = {}) {
  const fake = new HubspotFake();
  await fake.start();
  stops.push(() => fake.stop());
  fake.apps.set(CLIENT_ID, { secret: SECRET, redirectUri: REDIRECT });
  const lines: string[] = [];
  const exchange = await startTokenExchange({
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    allowedOrigins: [ORIGIN],
    tokenUrl: `${fake.url}/oauth/2026-03/token`,
    port: 0,
    log: (line) => lines.push(line),
    recordRequests: true,
    ...overrides,
  });
  stops.push(() => exchange.stop());
  const base = exchange.url.replace(/\/oauth\/token$/, '');
  /** what reached HubSpot's token endpoint */
  const upstreamCalls = () => fake.log.filter((l) => l.path === '/oauth/2026-03/token').length;
  /** a fresh authorization code, as HubSpot's consent page would send to the extension */
  const code = async (): Promise<string> => {
    const q = new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 's', scope: 'oauth crm.objects.contacts.read' });
    const res = await fetch(`${fake.url}/oauth/authorize?${q}`, { redirect: 'manual' });
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  };
  return { fake, exchange, lines, base, upstreamCalls, code };
}

/** A stand-in for HubSpot that records what it was sent and answers what the test says. */
async function recordingUpstream(answer: (form: URLSearchParams) => { status: number; body: string; contentType?: string } | Promise<{ status: number; body: string }>) {
  const seen: Array<{ form: URLSearchParams; contentType?: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      seen.push({ form, contentType: req.headers['content-type'] });
      void Promise.resolve(answer(form)).then((a) => {
        res.writeHead(a.status, { 'content-type': 'application/json;charset=utf-8', 'set-cookie': 'hs=1', 'x-hubspot-correlation-id': 'abc' });
        res.end(a.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/2026-03/token`, seen };
}

function expectWorded(answer: Answer, status: number, error: string, words?: RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = answer.json();
  expect(body).toEqual({ error, message: expect.any(String) });
  expect((body.message as string).length).toBeGreaterThan(30);
  if (words) expect(body.message).toMatch(words);
}

describe('the token exchange forwards to HubSpot with the app’s secret', () => {
  it('exchanges a code and then refreshes, returning HubSpot’s answers', async () => {
    const { exchange, fake, code } = await setup();
    const first = await post(exchange.url, { grant_type: 'authorization_code', code: await code(), redirect_uri: REDIRECT, code_verifier: VERIFIER, client_id: CLIENT_ID });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const tokens = first.json();
    expect(Object.keys(tokens).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    // a real token: HubSpot (the fake) accepts it
    const api = await fetch(`${fake.url}/crm/v3/objects/contacts`, { headers: { authorization: `Bearer ${tokens.access_token as string}` } });
    expect(api.status).toBe(200);

    const again = await post(exchange.url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string, client_id: CLIENT_ID });
    expect(again.status).toBe(200);
    const refreshed = again.json();
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toBe(tokens.refresh_token);
  });

  it('adds the secret and ignores one the caller sends; drops fields HubSpot is not meant to get', async () => {
    const upstream = await recordingUpstream(() => ({ status: 200, body: '{"access_token":"a","refresh_token":"r","expires_in":1800}' }));
    const { exchange } = await setup({ tokenUrl: upstream.url });
    const answer = await post(exchange.url, {
      grant_type: 'authorization_code',
      code: 'na1-code',
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      client_id: CLIENT_ID,
      client_secret: 'a-secret-from-the-caller',
      scope: 'oauth tickets',
      extra: 'x',
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{"access_token":"a","refresh_token":"r","expires_in":1800}');
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]!.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(upstream.seen[0]!.form)).toEqual({
      grant_type: 'authorization_code',
      code: 'na1-code',
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      client_id: CLIENT_ID,
      client_secret: SECRET,
    });
    expect(upstream.seen[0]!.form.getAll('client_secret')).toEqual([SECRET]);
    // HubSpot's own headers do not leak through
    expect(answer.headers['set-cookie']).toBeUndefined();
    // the test record never holds a secret's value
    expect(exchange.received![0]!.client_secret).toBe('[redacted]');

    await post(exchange.url, { grant_type: 'refresh_token', refresh_token: 'r-1', client_id: CLIENT_ID, redirect_uri: REDIRECT });
    expect(Object.fromEntries(upstream.seen[1]!.form)).toEqual({ grant_type: 'refresh_token', refresh_token: 'r-1', client_id: CLIENT_ID, client_secret: SECRET });
  });

  it('against HubSpot: a caller’s wrong secret does not matter; the server’s wrong secret gets HubSpot’s refusal unchanged', async () => {
    const { exchange, code } = await setup();
    const ok = await post(exchange.url, { grant_type: 'authorization_code', code: await code(), redirect_uri: REDIRECT, client_id: CLIENT_ID, client_secret: 'wrong' });
    expect(ok.status).toBe(200);

    const stale = await setup({ clientSecret: 'an-old-secret' });
    const refused = await post(stale.exchange.url, { grant_type: 'authorization_code', code: await stale.code(), redirect_uri: REDIRECT, client_id: CLIENT_ID });
    expect(refused.status).toBe(400);
    expect(refused.json()).toEqual({ status: 'BAD_CLIENT_SECRET', message: 'missing or invalid client secret', correlationId: expect.any(String) });
  });

  it('passes any HubSpot status and body through unchanged', async () => {
    const body = '{"status":"error","message":"You have reached your secondly limit.","category":"RATE_LIMITS"}';
    const upstream = await recordingUpstream(() => ({ status: 429, body }));
    const { exchange } = await setup({ tokenUrl: upstream.url });
    const answer = await post(exchange.url, { grant_type: 'refresh_token', refresh_token: 'r', client_id: CLIENT_ID }, { origin: ORIGIN });
    expect(answer.status).toBe(429);
    expect(answer.text).toBe(body);
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);

    const { exchange: real, code } = await setup();
    const badCode = await post(real.url, { grant_type: 'authorization_code', code: 'na1-unknown', redirect_uri: REDIRECT, client_id: CLIENT_ID });
    expect(badCode.status).toBe(400);
    expect(badCode.json()).toMatchObject({ status: 'BAD_AUTH_CODE' });
    const badRedirect = await post(real.url, { grant_type: 'authorization_code', code: await code(), redirect_uri: 'https://elsewhere.example/', client_id: CLIENT_ID });
    expect(badRedirect.json()).toMatchObject({ status: 'BAD_REDIRECT_URI' });
  });
});

describe('what the exchange refuses, in words', () => {
  it('refuses forms it must not forward, and HubSpot never sees them', async () => {
    const { exchange, upstreamCalls } = await setup();
    const url = exchange.url;
    const code = { grant_type: 'authorization_code', code: 'c', redirect_uri: REDIRECT, client_id: CLIENT_ID };
    expectWorded(await post(url, { ...code, client_id: 'another-apps-client-id' }), 400, 'unauthorized_client', /one HubSpot app.*HUBSPOT_CLIENT_ID/s);
    expectWorded(await post(url, { grant_type: 'refresh_token', refresh_token: 'r' }), 400, 'invalid_request', /client_id/);
    expectWorded(await post(url, { ...code, grant_type: 'client_credentials' }), 400, 'unsupported_grant_type', /authorization_code or refresh_token/);
    expectWorded(await post(url, { ...code, grant_type: 'password' }), 400, 'unsupported_grant_type');
    expectWorded(await post(url, { code: 'c', client_id: CLIENT_ID }), 400, 'invalid_request', /grant_type field is missing/);
    expectWorded(await post(url, { grant_type: 'authorization_code', redirect_uri: REDIRECT, client_id: CLIENT_ID }), 400, 'invalid_request', /needs code, which is missing/);
    expectWorded(await post(url, { grant_type: 'authorization_code', client_id: CLIENT_ID }), 400, 'invalid_request', /needs code and redirect_uri/);
    expectWorded(await post(url, { grant_type: 'refresh_token', client_id: CLIENT_ID }), 400, 'invalid_request', /needs refresh_token/);
    expectWorded(await post(url, `${new URLSearchParams(code)}&client_id=another-app`), 400, 'invalid_request', /more than once/);
    expect(upstreamCalls()).toBe(0);
  });

  it('accepts only form-encoded bodies of a sensible size', async () => {
    const { exchange, upstreamCalls } = await setup();
    const json = JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'r', client_id: CLIENT_ID });
    expectWorded(await send(exchange.url, { headers: { 'content-type': 'application/json' }, body: json }), 415, 'unsupported_media_type', /x-www-form-urlencoded/);
    expectWorded(await send(exchange.url, { body: 'grant_type=refresh_token' }), 415, 'unsupported_media_type');
    expectWorded(await send(exchange.url, { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }), 415, 'unsupported_media_type');
    // a charset parameter is fine
    const ok = await post(exchange.url, { grant_type: 'refresh_token', refresh_token: 'r', client_id: CLIENT_ID }, { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' });
    expect(ok.status).toBe(400); // HubSpot's answer: the refresh token is unknown
    expect(ok.json()).toMatchObject({ status: 'BAD_REFRESH_TOKEN' });
    expect(upstreamCalls()).toBe(1);

    const big = new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: 'r'.repeat(9000) }).toString();
    expectWorded(await post(exchange.url, big), 413, 'body_too_large', /8192 bytes/);
    // without a length announced (chunked), counted as it arrives
    const chunks = Array.from({ length: 12 }, () => 'a'.repeat(1000));
    expectWorded(await send(exchange.url, { headers: { ...FORM, 'transfer-encoding': 'chunked' }, body: chunks }), 413, 'body_too_large');
    expect(upstreamCalls()).toBe(1);
  });

  it('answers one path and a health check; other methods and paths are refused', async () => {
    const { exchange, base, upstreamCalls } = await setup();
    const get = await send(exchange.url, { method: 'GET' });
    expectWorded(get, 405, 'method_not_allowed', /POST only/);
    expect(get.headers.allow).toBe('POST, OPTIONS');
    expectWorded(await send(exchange.url, { method: 'PUT', headers: FORM, body: 'a=b' }), 405, 'method_not_allowed');
    expectWorded(await post(`${base}/oauth/2026-03/token`, { grant_type: 'refresh_token' }), 404, 'not_found', /POST \/oauth\/token/);
    expectWorded(await send(`${base}/`, { method: 'GET' }), 404, 'not_found');
    const health = await send(`${base}/healthz`, { method: 'GET' });
    expect(health.status).toBe(200);
    expect(health.text).toBe('ok');
    expectWorded(await send(`${base}/healthz`, { method: 'POST' }), 405, 'method_not_allowed');
    expect(upstreamCalls()).toBe(0);
  });
});

describe('CORS: only the extension’s origin', () => {
  it('answers the preflight for an allowed origin, never with "*"', async () => {
    const { exchange } = await setup({ allowedOrigins: [ORIGIN, 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba'] });
    const pre = await send(exchange.url, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(pre.headers['access-control-allow-methods']).toBe('POST');
    expect(pre.headers['access-control-allow-headers']).toContain('content-type');
    expect(pre.headers.vary).toContain('Origin');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();

    const other = await send(exchange.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expectWorded(other, 403, 'origin_not_allowed', /DEALSIDE_EXTENSION_ORIGINS/);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const put = await send(exchange.url, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' } });
    expectWorded(put, 403, 'preflight_refused');
    const headers = await send(exchange.url, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expectWorded(headers, 403, 'preflight_refused', /authorization/);
  });

  it('echoes an allowed origin on the answer; refuses other browser origins before HubSpot is asked', async () => {
    const { exchange, code, upstreamCalls } = await setup();
    const form = async () => ({ grant_type: 'authorization_code', code: await code(), redirect_uri: REDIRECT, client_id: CLIENT_ID });
    const allowed = await post(exchange.url, await form(), { origin: ORIGIN });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(allowed.headers.vary).toContain('Origin');

    const before = upstreamCalls();
    for (const origin of ['https://evil.example', 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba', 'null', `${ORIGIN}/`]) {
      const refused = await post(exchange.url, await form(), { origin });
      expectWorded(refused, 403, 'origin_not_allowed');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(upstreamCalls()).toBe(before);

    // a refusal to an allowed origin carries the header, so the extension can read the words
    const wordedForExtension = await post(exchange.url, { grant_type: 'password', client_id: CLIENT_ID }, { origin: ORIGIN });
    expect(wordedForExtension.status).toBe(400);
    expect(wordedForExtension.headers['access-control-allow-origin']).toBe(ORIGIN);

    // no Origin (curl, a server): served, without CORS headers
    const noOrigin = await post(exchange.url, await form());
    expect(noOrigin.status).toBe(200);
    expect(noOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('when HubSpot cannot be reached', () => {
  it('answers 502 in words when nothing listens there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { exchange } = await setup({ tokenUrl: `http://127.0.0.1:${port}/oauth/2026-03/token` });
    const answer = await post(exchange.url, { grant_type: 'refresh_token', refresh_token: 'r', client_id: CLIENT_ID }, { origin: ORIGIN });
    expectWorded(answer, 502, 'upstream_unreachable', new RegExp(`Could not reach HubSpot’s token endpoint \\(127\\.0\\.0\\.1:${port}\\).*ECONNREFUSED`));
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('answers 504 in words when HubSpot does not answer in time', async () => {
    const { exchange, fake } = await setup({ timeoutMs: 50 });
    fake.failNext(1, 'timeout', (req) => req.path === '/oauth/2026-03/token');
    const answer = await post(exchange.url, { grant_type: 'refresh_token', refresh_token: 'r', client_id: CLIENT_ID });
    expectWorded(answer, 504, 'upstream_timeout', /did not answer/);
  });
});

describe('configuration', () => {
  const valid = { HUBSPOT_CLIENT_ID: CLIENT_ID, HUBSPOT_CLIENT_SECRET: SECRET, DEALSIDE_EXTENSION_ORIGINS: ORIGIN };

  it('reads the environment, with defaults', () => {
    expect(configFromEnv(valid)).toEqual({ clientId: CLIENT_ID, clientSecret: SECRET, allowedOrigins: [ORIGIN], tokenUrl: DEFAULT_TOKEN_URL, port: 8787, host: '127.0.0.1' });
    const custom = configFromEnv({
      ...valid,
      DEALSIDE_EXTENSION_ORIGINS: ` ${ORIGIN} , chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba,`,
      PORT: '9000',
      HOST: '0.0.0.0',
      HUBSPOT_TOKEN_URL: 'https://eu1.api.hubapi.com/oauth/2026-03/token',
    });
    expect(custom).toMatchObject({
      allowedOrigins: [ORIGIN, 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba'],
      port: 9000,
      host: '0.0.0.0',
      tokenUrl: 'https://eu1.api.hubapi.com/oauth/2026-03/token',
    });
  });

  it('names every problem in words, and never the secret', () => {
    const problems = (env: Record<string, string>): string[] => {
      try {
        configFromEnv(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as Error).message).not.toContain(SECRET);
        return [...(e as ConfigError).problems];
      }
      return [];
    };
    expect(problems({})).toEqual([
      expect.stringMatching(/^HUBSPOT_CLIENT_ID is missing/),
      expect.stringMatching(/^HUBSPOT_CLIENT_SECRET is missing/),
      expect.stringMatching(/^DEALSIDE_EXTENSION_ORIGINS is missing.*chrome-extension:\/\/<extension id>/),
    ]);
    expect(problems({ ...valid, DEALSIDE_EXTENSION_ORIGINS: '*' })).toEqual([expect.stringContaining('cannot contain "*"')]);
    expect(problems({ ...valid, DEALSIDE_EXTENSION_ORIGINS: REDIRECT })).toEqual([`${REDIRECT} is the sign-in callback URL, not the extension's origin: use ${ORIGIN} in DEALSIDE_EXTENSION_ORIGINS.`]);
    expect(problems({ ...valid, DEALSIDE_EXTENSION_ORIGINS: 'chrome-extension://not-an-id' })).toEqual([expect.stringContaining('32 letters a–p')]);
    expect(problems({ ...valid, DEALSIDE_EXTENSION_ORIGINS: `${ORIGIN}/` })).toEqual([expect.stringContaining('without a path or a trailing slash')]);
    expect(problems({ ...valid, PORT: 'eighty' })).toEqual(['PORT must be a whole number from 0 to 65535; got "eighty".']);
    expect(problems({ ...valid, PORT: '70000' })).toEqual(['PORT must be a whole number from 0 to 65535; got "70000".']);
    expect(problems({ ...valid, HUBSPOT_TOKEN_URL: 'http://api.hubapi.com/oauth/2026-03/token' })).toEqual([expect.stringContaining('must start with https://')]);
    expect(problems({ ...valid, HUBSPOT_TOKEN_URL: 'api.hubapi.com' })).toEqual([expect.stringContaining('is not a web address')]);
    expect(problems({ ...valid, HUBSPOT_CLIENT_ID: 'five f0c' })).toEqual([expect.stringContaining('contains spaces')]);
  });

  it('refuses to start in-process with a configuration that cannot work', async () => {
    await expect(startTokenExchange({ clientId: CLIENT_ID, clientSecret: SECRET, allowedOrigins: ['*'], port: 0, log: () => {} })).rejects.toThrow(/cannot contain "\*"/);
    await expect(startTokenExchange({ clientId: CLIENT_ID, clientSecret: '', allowedOrigins: [ORIGIN], port: 0, log: () => {} })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('the log', () => {
  it('has one line per request, and no secret, code, verifier or token in it', async () => {
    const errors = vi.spyOn(console, 'error');
    const { exchange, base, lines, code } = await setup();
    const theCode = await code();
    const first = await post(exchange.url, { grant_type: 'authorization_code', code: theCode, redirect_uri: REDIRECT, code_verifier: VERIFIER, client_id: CLIENT_ID, client_secret: 'callers-secret-123' }, { origin: ORIGIN });
    const tokens = first.json();
    await post(exchange.url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string, client_id: CLIENT_ID }, { origin: ORIGIN });
    await post(exchange.url, { grant_type: 'sneaky-grant-value', client_id: CLIENT_ID });
    await post(`${base}/oauth/token/path-with-a-token-xyz`, { grant_type: 'refresh_token' });
    await send(`${base}/healthz`, { method: 'GET' });
    await send(exchange.url, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });

    const [startLine, ...requestLines] = lines;
    expect(startLine).toContain(`client id ${CLIENT_ID} listening on ${exchange.url}`);
    expect(requestLines).toHaveLength(6);
    for (const line of requestLines) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (POST|GET|OPTIONS) (\/oauth\/token|\/healthz|other) grant=(authorization_code|refresh_token|-) \d{3} \d+ms( [a-z_]+)?$/);
    }
    expect(requestLines[0]).toMatch(/ POST \/oauth\/token grant=authorization_code 200 /);
    expect(requestLines[1]).toMatch(/ POST \/oauth\/token grant=refresh_token 200 /);
    expect(requestLines[2]).toMatch(/ POST \/oauth\/token grant=- 400 \d+ms unsupported_grant_type$/);
    expect(requestLines[3]).toMatch(/ POST other grant=- 404 /);
    const all = lines.join('\n');
    for (const secret of [SECRET, 'callers-secret-123', theCode, VERIFIER, tokens.access_token as string, tokens.refresh_token as string, 'sneaky-grant-value', 'path-with-a-token-xyz']) {
      expect(all).not.toContain(secret);
    }
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('stopping', () => {
  it('lets a request in flight finish, then stops listening', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const upstreamReached = new Promise<void>((resolve) => (arrived = resolve));
    const upstream = await recordingUpstream(async () => {
      arrived();
      await held;
      return { status: 200, body: '{"access_token":"late"}' };
    });
    const exchange: RunningTokenExchange = await startTokenExchange({ clientId: CLIENT_ID, clientSecret: SECRET, allowedOrigins: [ORIGIN], tokenUrl: upstream.url, port: 0, log: () => {} });
    const inFlight = post(exchange.url, { grant_type: 'refresh_token', refresh_token: 'r', client_id: CLIENT_ID });
    await upstreamReached;
    const stopped = exchange.stop();
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ access_token: 'late' });
    await stopped;
    await expect(send(exchange.url, { method: 'GET' })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('the command line (npm run hubspot-token-exchange)', () => {
  const script = fileURLToPath(new URL('./hubspot-token-exchange.ts', import.meta.url));
  const root = path.dirname(path.dirname(script));

  function run(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    stops.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    return { child, exited, out: () => stdout, err: () => stderr };
  }

  it('exits with code 2 and says what to set when the configuration is incomplete', async () => {
    const cli = run({ HUBSPOT_CLIENT_SECRET: SECRET });
    expect(await cli.exited).toBe(2);
    expect(cli.err()).toContain('HUBSPOT_CLIENT_ID is missing');
    expect(cli.err()).toContain('DEALSIDE_EXTENSION_ORIGINS is missing');
    expect(cli.err()).toContain('docs/hubspot-token-exchange.md');
    expect(cli.err() + cli.out()).not.toContain(SECRET);
  });

  it('serves, and stops cleanly on SIGTERM', async () => {
    const fake = new HubspotFake();
    await fake.start();
    stops.push(() => fake.stop());
    const cli = run({ ...{ HUBSPOT_CLIENT_ID: CLIENT_ID, HUBSPOT_CLIENT_SECRET: SECRET, DEALSIDE_EXTENSION_ORIGINS: ORIGIN }, PORT: '0', HUBSPOT_TOKEN_URL: `${fake.url}/oauth/2026-03/token` });
    const url = await new Promise<string>((resolve, reject) => {
      const look = () => {
        const m = / listening on (http:\/\/\S+);/.exec(cli.out());
        if (m) resolve(m[1]!);
      };
      cli.child.stdout.on('data', look);
      void cli.exited.then((code) => reject(new Error(`exited with ${code}: ${cli.err()}`)));
    });
    const health = await send(url.replace(/\/oauth\/token$/, '/healthz'), { method: 'GET' });
    expect(health.text).toBe('ok');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.out()).toMatch(/SIGTERM: finishing the requests in flight, then stopping\./);
    expect(cli.out()).toMatch(/stopped\.\n$/);
    expect(cli.out() + cli.err()).not.toContain(SECRET);
  });
});
