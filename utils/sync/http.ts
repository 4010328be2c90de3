// One HTTP client per connection: the shared limiter, a time-out on every request, a few quick
// retries (429 with Retry-After, 5xx and time-outs with full-jitter backoff), a token refresh on
// 401, and errors classified so the engine knows whether to wait, retry later, ask the user to
// reconnect or show what the CRM refused. Time, fetch and randomness are injected.
import type * as z from 'zod/mini';
import type { SyncErrorCode, SyncErrorInfo } from '../store/syncRecords';
import { BudgetExhausted, type Clock, type ConnectionLimiter, type LimiterBucket } from './limiter';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type HttpDeps = Clock & {
  fetch: FetchLike;
  random: () => number;
  /** the engine's signal: aborting it stops every request (the worker is going away) */
  signal?: AbortSignal;
};

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly status?: number,
    /** epoch ms before which a retry is pointless */
    readonly retryAt?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }

  info(now: number): SyncErrorInfo {
    return { code: this.code, message: this.message, at: new Date(now).toISOString(), ...(this.status ? { status: this.status } : {}) };
  }
}

export function asSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  if (error instanceof BudgetExhausted) {
    return new SyncError('budget-exhausted', `${error.message} Sync resumes when the CRM resets it.`, undefined, error.until);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'AbortError') return new SyncError('aborted', 'The request was stopped.');
  return new SyncError('transient', message);
}

/** Full jitter: a random wait between 0 and min(cap, base·2^attempt). */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000, capMs = 15 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After in seconds or as an HTTP date → ms from now. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const s = Number(value.trim());
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export type HttpRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** absolute URL, or a path joined to the client's base URL */
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** form-encoded body (OAuth token endpoints) */
  form?: Record<string, string>;
  /** a body sent as it is (Dynamics 365 $batch: multipart/mixed) */
  raw?: { contentType: string; text: string };
  bucket?: LimiterBucket;
  headers?: Record<string, string>;
  /** answers that are not errors for this call (e.g. 404 on a lookup) */
  accept?: readonly number[];
  /**
   * Safe to send twice? Default: yes for GET/PUT/PATCH/DELETE, no for POST. A request that is not
   * is never repeated after a time-out or a 5xx (the CRM may have done it): the error goes back to
   * the connector, whose next attempt looks before it creates.
   */
  idempotent?: boolean;
};

export type HttpResponse<T = unknown> = { status: number; headers: Headers; body: T };

/**
 * The shape of a CRM's reply, as a zod/mini schema (built with lazySchema): only the fields the
 * connector reads, every other field passed through (z.looseObject). `request(req, schema)` checks
 * every answer it returns against it (a 2xx, or a status the request accepts), so a connector reads
 * only what the schema says is there.
 */
export type ReplySchema<T> = z.ZodMiniType<T>;

/** The first thing a reply got wrong, as "where: what was expected" (zod/mini carries no wording). */
export function replyIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the answer';
  const what = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.code === 'invalid_union' ? 'none of the expected shapes' : issue.code.replace(/_/g, ' ');
  return `${where}: ${what}`;
}

export type HttpClientOptions = {
  baseUrl: string;
  limiter: ConnectionLimiter;
  /** adds the credentials to a request (reads the current token each time) */
  authorize: (headers: Headers) => Promise<void>;
  /** 401: try to get a fresh token; true when the request is worth repeating */
  refresh?: () => Promise<boolean>;
  /** the CRM's error body → a sentence */
  describeError: (status: number, body: unknown) => string;
  /** some CRMs say "budget exhausted" with a 403 and a code (Salesforce REQUEST_LIMIT_EXCEEDED) */
  classify?: (status: number, body: unknown) => SyncErrorCode | undefined;
  crmName: string;
  timeoutMs?: number;
  /** quick retries inside one call before the error goes to the engine */
  maxAttempts?: number;
  /** wait inline for a Retry-After up to this long; longer waits go back to the engine */
  maxInlineWaitMs?: number;
  onRequest?: (req: HttpRequest) => void;
};

export class HttpClient {
  requests = 0;

  constructor(
    readonly deps: HttpDeps,
    readonly options: HttpClientOptions,
  ) {}

  get limiter(): ConnectionLimiter {
    return this.options.limiter;
  }

  url(req: HttpRequest): string {
    const base = /^https?:\/\//.test(req.url) ? req.url : `${this.options.baseUrl.replace(/\/$/, '')}${req.url}`;
    const u = new URL(base);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** A request whose answer is checked against the reply's schema (see ReplySchema). */
  async request<T>(req: HttpRequest, reply: ReplySchema<T>): Promise<HttpResponse<T>>;
  /** A request whose answer nobody reads but its status (writes answered with 204, $batch text). */
  async request(req: HttpRequest): Promise<HttpResponse<unknown>>;
  async request<T>(req: HttpRequest, reply?: ReplySchema<T>): Promise<HttpResponse<T | unknown>> {
    const res = await this.exchange(req);
    if (!reply) return res;
    const parsed = reply.safeParse(res.body);
    if (parsed.success) return { ...res, body: parsed.data };
    // The CRM answered, but not in the shape its API publishes (a proxy's page, a changed API): a
    // sync error that waits and tries again, like a 5xx; the outbox and the cursors are untouched.
    const crm = this.options.crmName;
    throw new SyncError(
      'transient',
      `${crm} sent an answer Dealside could not read (${req.method} ${this.path(req)}, ${replyIssue(parsed.error)}). Nothing was lost: your changes wait and Dealside tries again at the next sync. If this keeps happening, ${crm} may have changed its API: tell whoever looks after Dealside in your team.`,
      res.status,
    );
  }

  /** The request's path, without the host or the query (which may hold ids and filters). */
  private path(req: HttpRequest): string {
    try {
      return new URL(this.url(req)).pathname;
    } catch {
      return req.url;
    }
  }

  private async exchange(req: HttpRequest): Promise<HttpResponse> {
    const { deps, options } = this;
    const maxAttempts = options.maxAttempts ?? 4;
    const maxInlineWait = options.maxInlineWaitMs ?? 30_000;
    const idempotent = req.idempotent ?? req.method !== 'POST';
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      if (deps.signal?.aborted) throw new SyncError('aborted', 'Sync stopped (the background was closed).');
      let settle: (at: number) => void;
      try {
        settle = await options.limiter.acquire(req.bucket ?? 'general', deps, deps.signal);
      } catch (e) {
        throw asSyncError(e);
      }
      let response: Response;
      let body: unknown;
      try {
        [response, body] = await this.send(req);
      } catch (e) {
        settle(deps.now());
        const err =
          e instanceof SyncError
            ? e
            : deps.signal?.aborted
              ? new SyncError('aborted', 'Sync stopped (the background was closed).')
              : new SyncError('offline', `${options.crmName} could not be reached (${e instanceof Error ? e.message : String(e)}). Dealside retries when the network is back.`);
        if (err.code === 'aborted' || !idempotent || attempt + 1 >= maxAttempts) throw err;
        await deps.sleep(backoffMs(attempt, deps.random, 500, 8000));
        continue;
      }
      const now = deps.now();
      settle(now);
      options.limiter.observe(response.headers, now);
      const { status } = response;
      if ((status >= 200 && status < 300) || req.accept?.includes(status)) return { status, headers: response.headers, body };

      const detail = options.describeError(status, body);
      const classified = options.classify?.(status, body);
      if (status === 401 && !refreshed && options.refresh) {
        refreshed = true;
        if (await options.refresh()) {
          attempt--; // a refresh is not a failed attempt
          continue;
        }
      }
      if (status === 401) {
        throw new SyncError('auth', `${options.crmName} no longer accepts Dealside's access (${detail}). Reconnect ${options.crmName} in Options → Connections; unsynced edits are kept and sent after you reconnect.`, status);
      }
      // a 429 that says the day's budget is spent (Zoho CRM's credits) waits for the reset, not a few seconds
      if (classified === 'budget-exhausted') {
        throw new SyncError('budget-exhausted', `${options.crmName}'s daily API budget is used up (${detail}). Sync resumes when it resets; edits are kept.`, status, now + 3600_000);
      }
      if (status === 429 || classified === 'rate-limited') {
        const wait = retryAfterMs(response.headers.get('retry-after'), now) ?? backoffMs(attempt, deps.random, 1000, 10_000) + 1000;
        const retryAt = now + wait;
        options.limiter.blockUntil(req.bucket ?? 'general', retryAt);
        if (wait <= maxInlineWait && attempt + 1 < maxAttempts) continue; // the limiter waits
        throw new SyncError('rate-limited', `${options.crmName} asked Dealside to slow down (${detail}). Sync resumes by itself.`, status, retryAt);
      }
      if (status >= 500 || status === 408) {
        if (idempotent && attempt + 1 < maxAttempts) {
          await deps.sleep(backoffMs(attempt, deps.random, 500, 8000));
          continue;
        }
        throw new SyncError('transient', `${options.crmName} had a problem (${status}: ${detail}). Dealside retries later.`, status);
      }
      if (status === 403) throw new SyncError(classified ?? 'forbidden', `${options.crmName} refused the request (${detail}). Check that the connected user or app has access.`, status);
      if (status === 404) throw new SyncError('not-found', `${options.crmName} could not find it (${detail}).`, status);
      throw new SyncError(classified ?? 'invalid', `${options.crmName} refused the change (${status}: ${detail}).`, status);
    }
  }

  private async send(req: HttpRequest): Promise<[Response, unknown]> {
    const { deps, options } = this;
    this.requests++;
    options.onRequest?.(req);
    const headers = new Headers(req.headers);
    headers.set('accept', 'application/json');
    await options.authorize(headers);
    let body: BodyInit | undefined;
    if (req.raw) {
      headers.set('content-type', req.raw.contentType);
      body = req.raw.text;
    } else if (req.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(req.body);
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort(deps.signal?.reason);
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = options.timeoutMs ?? 30_000;
    // Real time on purpose: a time-out measures the network, whatever clock the engine runs on.
    const timer = setTimeout(() => controller.abort(new SyncError('timeout', `${options.crmName} did not answer within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
    try {
      const response = await deps.fetch(this.url(req), { method: req.method, headers, body, signal: controller.signal });
      return [response, await readBody(response)];
    } catch (e) {
      if (controller.signal.aborted && controller.signal.reason instanceof SyncError) throw controller.signal.reason;
      throw e;
    } finally {
      clearTimeout(timer);
      deps.signal?.removeEventListener('abort', onAbort);
    }
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
