// `npm run hubspot-token-exchange`: the small server a team hosts so Dealside can sign in to
// HubSpot with OAuth. HubSpot's token endpoint wants the app's client secret for every code
// exchange and every refresh, and a browser extension cannot keep a secret. The extension's service
// worker posts the form it would post to HubSpot, without the secret; this adds the secret and
// forwards it to HubSpot, and returns HubSpot's status and JSON answer unchanged.
// How to create the HubSpot app, configure, run and host it: docs/hubspot-token-exchange.md.
//
// Dependency-free (node:http and the built-in fetch). It stores nothing and never logs a token, a
// code, a verifier or a secret: one line per request (time, method, path, grant type, status, ms).
//
//   POST    /oauth/token  grant_type=authorization_code (code, redirect_uri, code_verifier) or
//                         grant_type=refresh_token (refresh_token); client_id = HUBSPOT_CLIENT_ID
//   OPTIONS /oauth/token  CORS preflight, for the allowed extension origins only
//   GET     /healthz      200 "ok"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOKEN_PATH = '/oauth/token';
export const HEALTH_PATH = '/healthz';
export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_TOKEN_URL = 'https://api.hubapi.com/oauth/2026-03/token';
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024;

export type TokenExchangeConfig = {
  /** the HubSpot app's client id: the only client this exchange serves */
  clientId: string;
  /** the HubSpot app's client secret, added to every request forwarded to HubSpot */
  clientSecret: string;
  /** origins allowed by CORS, exactly as the browser sends them (chrome-extension://<id>) */
  allowedOrigins: readonly string[];
  /** HubSpot's token endpoint (default https://api.hubapi.com/oauth/2026-03/token) */
  tokenUrl?: string;
  /** default 8787; 0 picks a free port */
  port?: number;
  /** default 127.0.0.1: put a TLS reverse proxy in front */
  host?: string;
  /** how long to wait for HubSpot (default 15 s) */
  timeoutMs?: number;
  /** largest request body accepted (default 8 KB) */
  maxBodyBytes?: number;
  /** where the request lines go (default: stdout) */
  log?: (line: string) => void;
  /**
   * Tests only (the command line never sets it): keep each form received, as the caller sent it
   * except that a client_secret's value is replaced by "[redacted]".
   */
  recordRequests?: boolean;
};

export type RunningTokenExchange = {
  /** the token endpoint's address, e.g. http://127.0.0.1:8787/oauth/token */
  url: string;
  /** stop accepting requests, let the ones in flight finish (then cut what is left), close */
  stop: () => Promise<void>;
  /** with `recordRequests`: the forms received, in order */
  received?: Array<Record<string, string>>;
};

/** A configuration that cannot work, with every problem in words. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`The HubSpot token exchange cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension|https?):\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const CHROME_EXTENSION_ID = /^[a-p]{32}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The problems with one allowed origin, in words (none: it is fine). */
function originProblem(origin: string): string | undefined {
  if (origin === '*' || origin.includes('*')) {
    return 'DEALSIDE_EXTENSION_ORIGINS cannot contain "*": list each extension origin (chrome-extension://<extension id>).';
  }
  const callback = /^https:\/\/([a-p]{32})\.chromiumapp\.org\/?$/.exec(origin);
  if (callback) {
    return `${origin} is the sign-in callback URL, not the extension's origin: use chrome-extension://${callback[1]} in DEALSIDE_EXTENSION_ORIGINS.`;
  }
  if (!EXTENSION_ORIGIN.test(origin)) {
    return `"${origin}" in DEALSIDE_EXTENSION_ORIGINS is not an origin: write scheme and host only, without a path or a trailing slash (chrome-extension://<extension id>).`;
  }
  const chrome = /^chrome-extension:\/\/(.*)$/.exec(origin);
  if (chrome && !CHROME_EXTENSION_ID.test(chrome[1]!)) {
    return `"${origin}" in DEALSIDE_EXTENSION_ORIGINS: a Chrome extension id is 32 letters a–p (see chrome://extensions, or the callback URL in Options → Connections → Set up sign-in).`;
  }
  return undefined;
}

function tokenUrlProblem(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `HUBSPOT_TOKEN_URL "${raw}" is not a web address (the default is ${DEFAULT_TOKEN_URL}).`;
  }
  if (u.username || u.password) return 'HUBSPOT_TOKEN_URL must not contain a user name or password.';
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname)) return undefined; // a local test server
  return `HUBSPOT_TOKEN_URL must start with https:// (the client secret travels to it); got ${u.protocol}//${u.host}.`;
}

/** Every problem with a configuration, in words. */
export function configProblems(config: TokenExchangeConfig): string[] {
  const problems: string[] = [];
  if (!config.clientId?.trim()) {
    problems.push('HUBSPOT_CLIENT_ID is missing: copy the client id from your HubSpot app’s Auth settings.');
  } else if (/\s/.test(config.clientId)) {
    problems.push('HUBSPOT_CLIENT_ID contains spaces: copy the client id again from your HubSpot app’s Auth settings.');
  }
  if (!config.clientSecret?.trim()) {
    problems.push('HUBSPOT_CLIENT_SECRET is missing: copy the client secret from your HubSpot app’s Auth settings (keep it out of version control).');
  }
  if (!config.allowedOrigins?.length) {
    problems.push(
      'DEALSIDE_EXTENSION_ORIGINS is missing: the origins allowed to call this exchange, comma-separated, e.g. chrome-extension://<extension id> (the id is in the callback URL https://<extension id>.chromiumapp.org/).',
    );
  } else {
    for (const origin of config.allowedOrigins) {
      const problem = originProblem(origin);
      if (problem) problems.push(problem);
    }
  }
  if (config.port !== undefined && !(Number.isInteger(config.port) && config.port >= 0 && config.port <= 65535)) {
    problems.push(`PORT must be a whole number from 0 to 65535; got "${String(config.port)}".`);
  }
  if (config.host !== undefined && !config.host.trim()) problems.push('HOST is empty: leave it unset for 127.0.0.1, or give the address to listen on.');
  if (config.tokenUrl !== undefined) {
    const problem = tokenUrlProblem(config.tokenUrl);
    if (problem) problems.push(problem);
  }
  if (config.timeoutMs !== undefined && !(config.timeoutMs > 0)) problems.push('The upstream time-out must be a positive number of milliseconds.');
  if (config.maxBodyBytes !== undefined && !(config.maxBodyBytes > 0)) problems.push('The body limit must be a positive number of bytes.');
  return problems;
}

/** The configuration from environment variables; throws a ConfigError naming every problem. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): TokenExchangeConfig {
  const text = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const origins = (text('DEALSIDE_EXTENSION_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const portText = text('PORT');
  const port = portText === undefined ? DEFAULT_PORT : /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  const config: TokenExchangeConfig = {
    clientId: text('HUBSPOT_CLIENT_ID') ?? '',
    clientSecret: env.HUBSPOT_CLIENT_SECRET ?? '',
    allowedOrigins: origins,
    tokenUrl: text('HUBSPOT_TOKEN_URL') ?? DEFAULT_TOKEN_URL,
    port,
    host: text('HOST') ?? DEFAULT_HOST,
  };
  const problems = configProblems(config);
  if (portText !== undefined && Number.isNaN(port)) {
    // configProblems words it with the number; say what was typed instead
    const i = problems.findIndex((p) => p.startsWith('PORT '));
    problems[i] = `PORT must be a whole number from 0 to 65535; got "${portText}".`;
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

// ---------------------------------------------------------------------------------------------
// The server

type Refusal = { status: number; error: string; message: string; headers?: Record<string, string> };

/** The fields forwarded to HubSpot for each grant; anything else the caller sends is dropped. */
const FORWARDED_FIELDS = {
  authorization_code: ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'client_id'],
  refresh_token: ['grant_type', 'refresh_token', 'client_id'],
} as const;
const ALLOWED_REQUEST_HEADERS = ['content-type', 'accept'];
const LOGGED_METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

class Refused extends Error {
  readonly refusal: Refusal;
  constructor(refusal: Refusal) {
    super(refusal.message);
    this.refusal = refusal;
  }
}

function refuse(status: number, error: string, message: string, headers?: Record<string, string>): never {
  throw new Refused({ status, error, message, ...(headers ? { headers } : {}) });
}

/** The request body, at most `limit` bytes (413 past that). */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = (): Refused =>
    new Refused({
      status: 413,
      error: 'body_too_large',
      message: `The request body is larger than ${limit} bytes; a token request is a few hundred bytes.`,
      headers: { connection: 'close' },
    });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // let the body drain so the answer reaches the caller
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!over) reject(e);
    });
  });
}

function isFormContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** The caller's form, checked; refuses (400) what HubSpot should never see. */
function checkedForm(raw: string): Record<string, string> {
  const params = new URLSearchParams(raw);
  const form = Object.create(null) as Record<string, string>; // no prototype: "__proto__" is just a field
  for (const [key, value] of params) {
    if (Object.prototype.hasOwnProperty.call(form, key)) {
      refuse(400, 'invalid_request', `The field ${JSON.stringify(key.slice(0, 40))} appears more than once; send each field once.`);
    }
    form[key] = value;
  }
  return form;
}

function forwardedForm(form: Record<string, string>, config: Required<Pick<TokenExchangeConfig, 'clientId' | 'clientSecret'>>): URLSearchParams {
  const grant = form.grant_type;
  if (!grant) refuse(400, 'invalid_request', 'The grant_type field is missing: send authorization_code (with code and redirect_uri) or refresh_token (with refresh_token).');
  if (grant !== 'authorization_code' && grant !== 'refresh_token') {
    refuse(400, 'unsupported_grant_type', 'This exchange only accepts grant_type authorization_code or refresh_token.');
  }
  if (!form.client_id) refuse(400, 'invalid_request', 'The client_id field is missing: send the HubSpot app’s client id.');
  if (form.client_id !== config.clientId) {
    refuse(
      400,
      'unauthorized_client',
      'This exchange serves one HubSpot app, and client_id is not its client id. Check the client id entered in Dealside (Options → Connections → Set up sign-in) against HUBSPOT_CLIENT_ID on the server.',
    );
  }
  const missing =
    grant === 'authorization_code' ? (['code', 'redirect_uri'] as const).filter((f) => !form[f]) : (['refresh_token'] as const).filter((f) => !form[f]);
  if (missing.length) {
    refuse(400, 'invalid_request', `grant_type ${grant} needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} missing.`);
  }
  const out = new URLSearchParams();
  for (const field of FORWARDED_FIELDS[grant]) {
    if (form[field]) out.set(field, form[field]);
  }
  // Whatever secret the caller sent is dropped (it is not among the fields copied): this is the app's.
  out.set('client_secret', config.clientSecret);
  return out;
}

function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Start the exchange. Resolves once it listens; throws a ConfigError when the configuration
 * cannot work (nothing is started then).
 */
export async function startTokenExchange(config: TokenExchangeConfig): Promise<RunningTokenExchange> {
  const problems = configProblems(config);
  if (problems.length) throw new ConfigError(problems);
  const clientId = config.clientId.trim();
  const clientSecret = config.clientSecret;
  const allowed = new Set(config.allowedOrigins);
  const tokenUrl = config.tokenUrl ?? DEFAULT_TOKEN_URL;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = config.log ?? ((line: string) => console.log(line));
  const received = config.recordRequests ? ([] as Array<Record<string, string>>) : undefined;
  const upstreamHost = new URL(tokenUrl).host;
  const inFlight = new Set<AbortController>();
  let closing = false;

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: string): void => {
    if (res.headersSent || res.destroyed) return;
    // While stopping, answers close their connection, so nothing keeps the server open after them.
    res.writeHead(status, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers, ...(closing ? { connection: 'close' } : {}) });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, headers: Record<string, string>, body: { error: string; message: string }): void =>
    send(res, status, { ...headers, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<{ status: number; grant?: string; note?: string }> {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://exchange.invalid').pathname;
    } catch {
      pathname = '';
    }
    const method = req.method ?? 'GET';
    if (pathname === HEALTH_PATH) {
      if (method === 'GET' || method === 'HEAD') {
        send(res, 200, { 'content-type': 'text/plain; charset=utf-8' }, 'ok');
        return { status: 200 };
      }
      sendJson(res, 405, { allow: 'GET, HEAD' }, { error: 'method_not_allowed', message: `${HEALTH_PATH} answers GET only; token requests go to POST ${TOKEN_PATH}.` });
      return { status: 405 };
    }
    if (pathname !== TOKEN_PATH) {
      sendJson(res, 404, {}, { error: 'not_found', message: `Nothing here: this server answers POST ${TOKEN_PATH} (the token exchange) and GET ${HEALTH_PATH}.` });
      return { status: 404 };
    }

    // CORS: an allowed origin is echoed, never "*"; a request without Origin (curl, a server) is
    // served without CORS headers; a browser request from any other origin is refused.
    const origin = req.headers.origin;
    const originAllowed = origin !== undefined && allowed.has(origin);
    const cors: Record<string, string> = { vary: 'Origin' };
    if (originAllowed) cors['access-control-allow-origin'] = origin;
    if (origin !== undefined && !originAllowed) {
      sendJson(res, 403, cors, {
        error: 'origin_not_allowed',
        message: 'This exchange does not accept requests from this origin. An admin adds the extension’s origin (chrome-extension://<extension id>) to DEALSIDE_EXTENSION_ORIGINS on the server.',
      });
      req.resume();
      return { status: 403, note: 'origin_not_allowed' };
    }

    if (method === 'OPTIONS') {
      const requested = (req.headers['access-control-request-method'] ?? '').toUpperCase();
      const requestedHeaders = String(req.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
      const badHeaders = requestedHeaders.filter((h) => !ALLOWED_REQUEST_HEADERS.includes(h));
      if (requested !== 'POST' || badHeaders.length) {
        sendJson(res, 403, cors, {
          error: 'preflight_refused',
          message: `Only POST with the headers ${ALLOWED_REQUEST_HEADERS.join(', ')} is allowed${badHeaders.length ? `; not ${badHeaders.join(', ')}` : ''}.`,
        });
        return { status: 403, note: 'preflight_refused' };
      }
      send(
        res,
        204,
        {
          ...cors,
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': ALLOWED_REQUEST_HEADERS.join(', '),
          'access-control-max-age': '600',
        },
        '',
      );
      return { status: 204 };
    }
    if (method !== 'POST') {
      sendJson(res, 405, { ...cors, allow: 'POST, OPTIONS' }, { error: 'method_not_allowed', message: `${TOKEN_PATH} accepts POST only (a form-encoded token request).` });
      req.resume();
      return { status: 405, note: 'method_not_allowed' };
    }

    let grant: string | undefined;
    try {
      if (!isFormContentType(req.headers['content-type'])) {
        req.resume();
        refuse(415, 'unsupported_media_type', 'Send the token request as application/x-www-form-urlencoded, as HubSpot’s token endpoint expects.');
      }
      const form = checkedForm(await readBody(req, maxBodyBytes));
      if (form.grant_type === 'authorization_code' || form.grant_type === 'refresh_token') grant = form.grant_type;
      if (received) received.push(form.client_secret === undefined ? { ...form } : { ...form, client_secret: '[redacted]' });
      const body = forwardedForm(form, { clientId, clientSecret });

      const abort = new AbortController();
      const timedOut = new Error('timeout');
      inFlight.add(abort);
      const timer = setTimeout(() => abort.abort(timedOut), timeoutMs);
      let answer: Response;
      let text: string;
      try {
        answer = await fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: body.toString(),
          signal: abort.signal,
          redirect: 'manual',
        });
        text = await answer.text();
      } catch (e) {
        if (abort.signal.aborted && abort.signal.reason === timedOut) {
          refuse(504, 'upstream_timeout', `HubSpot’s token endpoint (${upstreamHost}) did not answer within ${Math.round(timeoutMs / 1000)} s. Try again in a moment.`);
        }
        if (abort.signal.aborted) refuse(503, 'shutting_down', 'The token exchange is restarting. Try again in a moment.');
        refuse(
          502,
          'upstream_unreachable',
          `Could not reach HubSpot’s token endpoint (${upstreamHost}): ${describeFetchError(e)}. Try again; if it keeps failing, check this server’s outbound network and HUBSPOT_TOKEN_URL.`,
        );
      } finally {
        clearTimeout(timer);
        inFlight.delete(abort);
      }
      // HubSpot's status and body, unchanged (its headers are not: nothing of HubSpot's leaks here).
      send(res, answer.status, { ...cors, 'content-type': answer.headers.get('content-type') ?? 'application/json; charset=utf-8' }, text);
      return { status: answer.status, ...(grant ? { grant } : {}) };
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      const { status, error, message, headers } = e.refusal;
      sendJson(res, status, { ...cors, ...(headers ?? {}) }, { error, message });
      return { status, ...(grant ? { grant } : {}), note: error };
    }
  }

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    // Logged only when it is one of ours: a path or method is typed by the caller.
    const method = LOGGED_METHODS.has(req.method ?? '') ? req.method! : 'other';
    let pathname = 'other';
    try {
      const p = new URL(req.url ?? '/', 'http://exchange.invalid').pathname;
      if (p === TOKEN_PATH || p === HEALTH_PATH) pathname = p;
    } catch {
      // logged as "other"
    }
    handle(req, res)
      .catch((e: unknown) => {
        // A bug, not a caller's mistake: say so without details (they might hold a form value).
        console.error(`hubspot-token-exchange: internal error (${e instanceof Error ? e.name : 'unknown'})`);
        sendJson(res, 500, {}, { error: 'internal_error', message: 'The token exchange failed unexpectedly. Try again; the server log has the time.' });
        return { status: 500, note: 'internal' } as { status: number; grant?: string; note?: string };
      })
      .then(({ status, grant, note }) => {
        const ms = Math.round(performance.now() - started);
        // Only fixed words and numbers: nothing a caller typed, so no token, code or secret.
        log(`${new Date().toISOString()} ${method} ${pathname} grant=${grant ?? '-'} ${status} ${ms}ms${note ? ` ${note}` : ''}`);
      });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? DEFAULT_PORT, config.host ?? DEFAULT_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}${TOKEN_PATH}`;
  log(`HubSpot token exchange for client id ${clientId} listening on ${url}; allowed origins: ${[...allowed].join(', ')}; forwarding to ${tokenUrl}`);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      closing = true;
      // Requests still waiting for HubSpot after the grace period are answered 503, then every
      // connection left is cut.
      const cut = setTimeout(() => {
        for (const a of inFlight) a.abort(new Error('shutdown'));
        setTimeout(() => server.closeAllConnections(), 200).unref();
      }, graceMs);
      cut.unref();
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      server.closeIdleConnections();
    });
    return stopping;
  };
  return { url, stop: () => stop(), ...(received ? { received } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Command line

async function main(): Promise<number> {
  let config: TokenExchangeConfig;
  try {
    config = configFromEnv(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      console.error('See docs/hubspot-token-exchange.md.');
      return 2;
    }
    throw e;
  }
  let running: RunningTokenExchange;
  try {
    running = await startTokenExchange(config);
  } catch (e) {
    const code = (e as { code?: string }).code;
    console.error(
      code === 'EADDRINUSE'
        ? `The HubSpot token exchange cannot start: ${config.host}:${config.port} is already in use. Stop the other server or set PORT.`
        : `The HubSpot token exchange cannot start: ${e instanceof Error ? e.message : String(e)}`,
    );
    return 1;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      console.log(`${new Date().toISOString()} ${signal}: finishing the requests in flight, then stopping.`);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      // A second signal stops at once.
      const now = () => process.exit(130);
      process.once('SIGTERM', now);
      process.once('SIGINT', now);
      void running.stop().then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  console.log(`${new Date().toISOString()} stopped.`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
