// Client-side rate limiting, one limiter per connection, shared by its push and pull loops, so
// Dealside stays inside each CRM's published limits instead of learning them from 429s:
//
// - HubSpot: a rolling ten-second window (100 requests on Free/Starter, 190 on Professional and
//   Enterprise private apps), and the CRM search endpoints' own limit of 5 requests per second.
//   The window is self-correcting: X-HubSpot-RateLimit-Max / -Remaining on each answer adjust it.
// - Salesforce: no per-second limit, but a daily request budget per org, reported on every answer
//   in `Sforce-Limit-Info: api-usage=used/limit`. We stop before the last few percent so the
//   team's other integrations are never starved by a sidebar.
// - Pipedrive: a rolling 2-second burst window per token (x-ratelimit-limit / -remaining /
//   -reset) and a daily token budget per company (x-daily-ratelimit-token-limit / -remaining).
// - Zoho CRM: API credits per org over a rolling 24 hours, and a cap on calls in flight at once
//   per org and app (a semaphore here: ConcurrencyLimit).
//
// Windows are sliding logs, not token buckets: a bucket of N refilled at N per window lets 2N
// through in some window, which a rolling-window server answers with 429s.

export type Clock = { now: () => number; sleep: (ms: number) => Promise<void> };

/**
 * At most `limit` requests in any `windowMs`-long interval. A request is stamped when it is let
 * through and stamped again when its answer arrives: the server counted it somewhere in between,
 * so counting it until `answer + window` can never undercount the server's own window.
 */
export class WindowLimiter {
  private stamps: Array<{ at: number }> = [];
  private blockedUntil = 0;

  constructor(
    public limit: number,
    public readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    const from = now - this.windowMs;
    if (this.stamps.some((s) => s.at <= from)) this.stamps = this.stamps.filter((s) => s.at > from);
  }

  /** How long until one more request may go (0: now). */
  delay(now: number): number {
    if (now < this.blockedUntil) return this.blockedUntil - now;
    this.prune(now);
    if (this.stamps.length < this.limit) return 0;
    const sorted = this.stamps.map((s) => s.at).sort((a, b) => a - b);
    return sorted[sorted.length - this.limit]! + this.windowMs - now;
  }

  /** Take a slot now if one is free; the returned stamp is moved to the answer's time with settle(). */
  tryAcquire(now: number): { at: number } | undefined {
    if (this.delay(now) > 0) return undefined;
    const stamp = { at: now };
    this.stamps.push(stamp);
    return stamp;
  }

  async acquire(clock: Clock, signal?: AbortSignal): Promise<{ at: number }> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const now = clock.now();
      const stamp = this.tryAcquire(now);
      if (stamp) return stamp;
      await clock.sleep(Math.max(1, this.delay(now)));
    }
  }

  /** The server says no requests until then (429 Retry-After). */
  blockUntil(at: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, at);
  }

  /** The server says only `remaining` are left in its window (other apps share it): use no more. */
  observeRemaining(remaining: number, now: number): void {
    this.prune(now);
    const serverUsed = this.limit - remaining;
    for (let i = this.stamps.length; i < serverUsed; i++) this.stamps.push({ at: now });
  }

  used(now: number): number {
    this.prune(now);
    return this.stamps.length;
  }
}

/** A daily budget the server reports (Salesforce requests, Pipedrive tokens). */
export class DailyBudget {
  used = 0;
  limit = 0;
  at = 0;

  constructor(
    /** share of the budget left alone for the team's other integrations */
    public readonly reserveShare = 0.05,
    public readonly resetMs = 24 * 3600_000,
  ) {}

  observe(used: number, limit: number, now: number): void {
    this.used = used;
    this.limit = limit;
    this.at = now;
  }

  /** Spent down to the reserve? Returns when to try again (epoch ms), or undefined when fine. */
  exhaustedUntil(now: number): number | undefined {
    if (this.limit <= 0) return undefined;
    if (now - this.at > this.resetMs) return undefined; // the reading is a day old
    if (this.limit - this.used > this.limit * this.reserveShare) return undefined;
    // Salesforce's window rolls over 24 hours and Pipedrive's resets at midnight: try again in an hour
    // (one request tells us where the budget stands then).
    return now + 3600_000;
  }
}

/** At most `limit` requests in flight at once (Zoho CRM's concurrency limit). */
export class ConcurrencyLimit {
  private active = 0;
  private waiting: Array<() => void> = [];

  constructor(public limit: number) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    while (this.active >= this.limit) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }

  get inFlight(): number {
    return this.active;
  }
}

export type LimiterBucket = 'general' | 'search';

export type UsageReading = { kind: 'daily-requests' | 'daily-tokens' | 'daily-credits' | 'ten-second' | 'five-minute'; used: number; limit: number };

/** The limits of one connection. */
export class ConnectionLimiter {
  constructor(
    readonly buckets: Partial<Record<LimiterBucket, WindowLimiter>> & { general: WindowLimiter },
    readonly daily?: DailyBudget,
    private readonly readHeaders: (h: Headers, l: ConnectionLimiter, now: number) => void = () => {},
    /** calls in flight at once (Zoho CRM), released when the answer arrives */
    readonly concurrency?: ConcurrencyLimit,
  ) {}

  last?: UsageReading;

  /** Wait for a slot; call the returned function with the answer's time. */
  async acquire(bucket: LimiterBucket, clock: Clock, signal?: AbortSignal): Promise<(answeredAt: number) => void> {
    const until = this.daily?.exhaustedUntil(clock.now());
    if (until !== undefined) throw new BudgetExhausted(until, this.daily!);
    const search = bucket === 'search' ? this.buckets.search : undefined;
    const stamps = search ? [await search.acquire(clock, signal)] : [];
    stamps.push(await this.buckets.general.acquire(clock, signal));
    const release = this.concurrency ? await this.concurrency.acquire(signal) : undefined;
    return (answeredAt) => {
      for (const s of stamps) s.at = Math.max(s.at, answeredAt);
      release?.();
    };
  }

  observe(headers: Headers, now: number): void {
    this.readHeaders(headers, this, now);
  }

  blockUntil(bucket: LimiterBucket, at: number): void {
    (this.buckets[bucket] ?? this.buckets.general).blockUntil(at);
  }
}

export class BudgetExhausted extends Error {
  constructor(
    readonly until: number,
    readonly budget: DailyBudget,
  ) {
    super(`The daily API budget is nearly spent (${budget.used} of ${budget.limit} used).`);
    this.name = 'BudgetExhausted';
  }
}

function num(h: Headers, name: string): number | undefined {
  const v = h.get(name);
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export type HubspotTier = 'free' | 'starter' | 'professional' | 'enterprise';

/** HubSpot private-app limits per ten seconds by tier (the API limit increase add-on raises them further). */
export const HUBSPOT_TEN_SECOND_LIMIT: Record<HubspotTier, number> = { free: 100, starter: 100, professional: 190, enterprise: 190 };
export const HUBSPOT_SEARCH_PER_SECOND = 5;

export function hubspotLimiter(tier: HubspotTier = 'starter'): ConnectionLimiter {
  return new ConnectionLimiter(
    {
      general: new WindowLimiter(HUBSPOT_TEN_SECOND_LIMIT[tier], 10_000),
      search: new WindowLimiter(HUBSPOT_SEARCH_PER_SECOND, 1_000),
    },
    undefined,
    (h, l, now) => {
      const max = num(h, 'x-hubspot-ratelimit-max');
      const remaining = num(h, 'x-hubspot-ratelimit-remaining');
      const interval = num(h, 'x-hubspot-ratelimit-interval-milliseconds');
      if (max !== undefined && interval === l.buckets.general.windowMs && max > 0) l.buckets.general.limit = max;
      if (remaining !== undefined) l.buckets.general.observeRemaining(remaining, now);
      const daily = num(h, 'x-hubspot-ratelimit-daily');
      const dailyLeft = num(h, 'x-hubspot-ratelimit-daily-remaining');
      if (daily !== undefined && dailyLeft !== undefined) l.last = { kind: 'daily-requests', used: daily - dailyLeft, limit: daily };
    },
  );
}

/** `api-usage=18/15000; per-app-api-usage=…` → [18, 15000]. */
export function parseSforceLimitInfo(value: string | null): [number, number] | undefined {
  const m = value ? /api-usage=(\d+)\/(\d+)/.exec(value) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function salesforceLimiter(): ConnectionLimiter {
  return new ConnectionLimiter(
    // Salesforce limits concurrent long requests, not a rate; stay polite anyway.
    { general: new WindowLimiter(25, 1_000) },
    new DailyBudget(0.05),
    (h, l, now) => {
      const usage = parseSforceLimitInfo(h.get('sforce-limit-info'));
      if (!usage) return;
      l.daily!.observe(usage[0], usage[1], now);
      l.last = { kind: 'daily-requests', used: usage[0], limit: usage[1] };
    },
  );
}

export function pipedriveLimiter(burst = 20): ConnectionLimiter {
  return new ConnectionLimiter(
    { general: new WindowLimiter(burst, 2_000), search: new WindowLimiter(10, 2_000) },
    new DailyBudget(0.05),
    (h, l, now) => {
      const limit = num(h, 'x-ratelimit-limit');
      const remaining = num(h, 'x-ratelimit-remaining');
      if (limit !== undefined && limit > 0) l.buckets.general.limit = limit;
      if (remaining !== undefined) l.buckets.general.observeRemaining(remaining, now);
      const dailyLimit = num(h, 'x-daily-ratelimit-token-limit');
      const dailyLeft = num(h, 'x-daily-ratelimit-token-remaining');
      if (dailyLimit !== undefined && dailyLeft !== undefined) {
        l.daily!.observe(dailyLimit - dailyLeft, dailyLimit, now);
        l.last = { kind: 'daily-tokens', used: dailyLimit - dailyLeft, limit: dailyLimit };
      }
    },
  );
}

/** Dataverse service protection, per user in a 5-minute sliding window. */
export const DYNAMICS_WINDOW_MS = 5 * 60_000;
export const DYNAMICS_REQUESTS_PER_WINDOW = 6000;
/** combined execution time per window (20 minutes) */
export const DYNAMICS_EXECUTION_MS_PER_WINDOW = 20 * 60_000;
/** share of each limit left to the user's other apps (the same user signs in to Dynamics itself) */
const DYNAMICS_RESERVE = 0.1;

/**
 * Dynamics 365: the user's 6,000 requests per 5 minutes (less a reserve for the user's other
 * apps), adjusted by `x-ms-ratelimit-burst-remaining-xrm-requests` when the answer carries it; when
 * `x-ms-ratelimit-time-remaining-xrm-requests` says the execution time left is down to the reserve,
 * requests wait a minute (the window slides). A 429 with Retry-After blocks until then (http.ts).
 */
export function dynamicsLimiter(): ConnectionLimiter {
  return new ConnectionLimiter(
    { general: new WindowLimiter(Math.floor(DYNAMICS_REQUESTS_PER_WINDOW * (1 - DYNAMICS_RESERVE)), DYNAMICS_WINDOW_MS) },
    undefined,
    (h, l, now) => {
      const left = num(h, 'x-ms-ratelimit-burst-remaining-xrm-requests');
      if (left !== undefined) {
        l.buckets.general.observeRemaining(Math.max(0, left - Math.floor(DYNAMICS_REQUESTS_PER_WINDOW * DYNAMICS_RESERVE)), now);
        const used = DYNAMICS_REQUESTS_PER_WINDOW - left;
        l.last = { kind: 'five-minute', used: Math.max(0, used), limit: DYNAMICS_REQUESTS_PER_WINDOW };
      }
      const timeLeft = num(h, 'x-ms-ratelimit-time-remaining-xrm-requests');
      if (timeLeft !== undefined && timeLeft < DYNAMICS_EXECUTION_MS_PER_WINDOW * DYNAMICS_RESERVE) l.buckets.general.blockUntil(now + 60_000);
    },
  );
}

export type ZohoEdition = 'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate';
/** Zoho CRM's concurrency limit per org and app, by edition. */
export const ZOHO_CONCURRENCY: Record<ZohoEdition, number> = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 };

/**
 * Zoho CRM: half the edition's concurrency (the limit is per org and app, and every rep's
 * extension of the team counts against it), a polite 25 requests a second, and the org's API
 * credits when an answer says where they stand (`X-RATELIMIT-LIMIT` / `X-RATELIMIT-REMAINING`):
 * sync stops with 5 % of them left for the team's other integrations. A 429 TOO_MANY_REQUESTS
 * waits for Retry-After (or backs off); credits spent wait for the reset (http.ts).
 */
export function zohoLimiter(edition: ZohoEdition = 'standard'): ConnectionLimiter {
  return new ConnectionLimiter(
    { general: new WindowLimiter(25, 1_000) },
    new DailyBudget(0.05),
    (h, l, now) => {
      const limit = num(h, 'x-ratelimit-limit');
      const remaining = num(h, 'x-ratelimit-remaining');
      if (limit !== undefined && remaining !== undefined && limit > 0) {
        l.daily!.observe(limit - remaining, limit, now);
        l.last = { kind: 'daily-credits', used: limit - remaining, limit };
      }
    },
    new ConcurrencyLimit(Math.max(2, Math.floor(ZOHO_CONCURRENCY[edition] / 2))),
  );
}
