// Shared machinery of the local fake CRM servers: a node:http server on 127.0.0.1 with a random
// port, JSON parsing, fault injection and counters. Each CRM's fake (hubspot.ts, salesforce.ts,
// pipedrive.ts) implements its routes, shapes, paging, limits and error bodies on top.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a fault does to a request:
 * - a status (429, 500, 502, 503, 401): answered at once with the CRM's own error body, nothing done;
 * - 'timeout': never answered (the client's time-out fires), nothing done — or, when the chaos says
 *   `markTimeouts`, answered at once with 504 and `x-fake-fault: timeout`, nothing done, for a test
 *   whose `fetch` turns that into the client's own time-out at once (see TIMEOUT_MARK): a time-out
 *   short enough to make the fault quick would also fire on a machine too busy to answer in time;
 * - 'lost-response': the request IS carried out, then the connection is dropped without an answer —
 *   the case that creates duplicates in clients that are not idempotent;
 * - `{ malformed }`: the request IS carried out, and its answer's body is replaced by what
 *   `malformed` makes of it (a proxy's HTML page, a field of the wrong type, a list gone missing).
 */
export type Fault = 429 | 500 | 502 | 503 | 401 | 'timeout' | 'lost-response' | { malformed: (body: unknown) => unknown };

export type FakeRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  rawBody: string;
};

export type FakeResponse = { status: number; body?: unknown; headers?: Record<string, string> };

export type FakeCounters = {
  requests: number;
  /** records the CRM created (not upserts that found one) */
  creates: number;
  rateLimited: number;
  faults: number;
  byRoute: Record<string, number>;
};

type QueuedFault = { fault: Fault; match?: (req: FakeRequest) => boolean };

/** Random faults: each matching request fails with probability `rate`, with one of `faults`. */
export type Chaos = {
  rate: number;
  faults: readonly Fault[];
  random: () => number;
  match?: (req: FakeRequest) => boolean;
  /** 'timeout' answered at once with TIMEOUT_MARK rather than never (see Fault) */
  markTimeouts?: boolean;
};

/** The header of a 'timeout' fault answered at once (`markTimeouts`). */
export const TIMEOUT_MARK = 'x-fake-fault';

export abstract class FakeServer {
  private server?: Server;
  url = '';
  counters: FakeCounters = { requests: 0, creates: 0, rateLimited: 0, faults: 0, byRoute: {} };
  private queue: QueuedFault[] = [];
  private chaos?: Chaos;
  /** every request, in order (method + path), for tests that check what was sent */
  log: Array<{ method: string; path: string; status: number }> = [];
  keepLog = true;

  constructor(readonly now: () => number = Date.now) {}

  /** The next n matching requests fail with this fault. */
  failNext(n: number, fault: Fault, match?: (req: FakeRequest) => boolean): void {
    for (let i = 0; i < n; i++) this.queue.push({ fault, match });
  }

  /** Forget faults still queued. */
  clearFaults(): void {
    this.queue = [];
  }

  /** Every matching request fails with probability `rate`, with one of these faults. */
  setChaos(chaos: Chaos | undefined): void {
    this.chaos = chaos;
  }

  resetCounters(): void {
    this.counters = { requests: 0, creates: 0, rateLimited: 0, faults: 0, byRoute: {} };
    this.log = [];
  }

  /** The CRM's answer to a request. */
  protected abstract handle(req: FakeRequest): FakeResponse | Promise<FakeResponse>;
  /** The CRM's error body for an injected status. */
  protected abstract faultBody(status: number): FakeResponse;
  /** A short route name for the counters ('POST /crm/v3/objects/contacts/search'). */
  protected abstract route(req: FakeRequest): string;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private pickFault(req: FakeRequest): Fault | undefined {
    const i = this.queue.findIndex((q) => !q.match || q.match(req));
    if (i >= 0) return this.queue.splice(i, 1)[0]!.fault;
    const c = this.chaos;
    if (c && (!c.match || c.match(req)) && c.random() < c.rate) return c.faults[Math.floor(c.random() * c.faults.length)];
    return undefined;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown = undefined;
    if (rawBody) {
      const type = req.headers['content-type'] ?? '';
      if (type.includes('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(rawBody));
      else {
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = rawBody;
        }
      }
    }
    const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody };
    this.counters.requests++;
    const route = this.route(request);
    this.counters.byRoute[route] = (this.counters.byRoute[route] ?? 0) + 1;
    const fault = this.pickFault(request);
    if (fault !== undefined) this.counters.faults++;
    if (fault === 'timeout') {
      if (this.keepLog) this.log.push({ method: request.method, path: request.path, status: 0 });
      if (this.chaos?.markTimeouts) {
        res.writeHead(504, { [TIMEOUT_MARK]: 'timeout', 'content-length': '0' });
        res.end();
      }
      return; // never answered; closed by the client's abort or stop()
    }
    let response: FakeResponse;
    if (typeof fault === 'number') response = this.faultBody(fault);
    else {
      try {
        response = await this.handle(request);
      } catch (e) {
        response = this.faultBody(500);
        console.error('fake server error', e);
      }
    }
    if (response.status === 429) this.counters.rateLimited++;
    if (typeof fault === 'object') response = { ...response, body: fault.malformed(response.body) };
    if (this.keepLog) this.log.push({ method: request.method, path: request.path, status: fault === 'lost-response' ? 0 : response.status });
    if (fault === 'lost-response') {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = { date: new Date(this.now()).toUTCString(), ...(response.headers ?? {}) };
    let payload = '';
    if (response.body !== undefined && response.body !== null) {
      headers['content-type'] ??= 'application/json;charset=UTF-8';
      payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    }
    res.writeHead(response.status, headers);
    res.end(payload);
  }
}

/** A rolling window of request times (the way the CRMs count). */
export class RollingWindow {
  private stamps: number[] = [];
  constructor(
    public limit: number,
    readonly windowMs: number,
  ) {}

  /** Count one request now; false when it is over the limit (it is then not counted). */
  hit(now: number): boolean {
    this.prune(now);
    if (this.stamps.length >= this.limit) return false;
    this.stamps.push(now);
    return true;
  }

  remaining(now: number): number {
    this.prune(now);
    return Math.max(0, this.limit - this.stamps.length);
  }

  /** seconds until one more request is allowed (for Retry-After), at least 1 */
  retryAfterSeconds(now: number): number {
    this.prune(now);
    const oldest = this.stamps[0] ?? now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  /** ms until one more request is allowed */
  resetMs(now: number): number {
    this.prune(now);
    const oldest = this.stamps[0] ?? now;
    return Math.max(0, oldest + this.windowMs - now);
  }

  private prune(now: number): void {
    const from = now - this.windowMs;
    let i = 0;
    while (i < this.stamps.length && this.stamps[i]! <= from) i++;
    if (i) this.stamps.splice(0, i);
  }
}

let correlation = 0;
export function correlationId(): string {
  correlation++;
  return `c0${correlation.toString(16).padStart(6, '0')}-2c40-4a64-ae48-b4cec88dad24`;
}

/** Monotonic modification times: never two writes at the same millisecond, never backwards. */
export class ModClock {
  private last = 0;
  constructor(private readonly now: () => number) {}
  tick(): number {
    this.last = Math.max(this.now(), this.last + 1);
    return this.last;
  }
}
