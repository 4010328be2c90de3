import { describe, expect, it } from 'vitest';
import { DailyBudget, WindowLimiter, hubspotLimiter, parseSforceLimitInfo, pipedriveLimiter, salesforceLimiter } from './limiter';
import { backoffMs, retryAfterMs } from './http';
import { VirtualClock } from '../../tests/support/sync';
import { mulberry32 } from '../demo/prng';

describe('WindowLimiter (a rolling window, like the CRMs count)', () => {
  it('lets `limit` through at once, then one more each time the oldest leaves the window', async () => {
    const clock = new VirtualClock(0);
    const w = new WindowLimiter(3, 10_000);
    const at: number[] = [];
    for (let i = 0; i < 7; i++) {
      await w.acquire(clock);
      at.push(clock.now());
    }
    expect(at).toEqual([0, 0, 0, 10_000, 10_000, 10_000, 20_000]);
  });

  it('never has more than `limit` in any window, unlike a token bucket', async () => {
    const clock = new VirtualClock(0);
    const w = new WindowLimiter(5, 1000);
    const stamps: number[] = [];
    const rnd = mulberry32(9);
    for (let i = 0; i < 200; i++) {
      clock.advance(Math.floor(rnd() * 300));
      await w.acquire(clock);
      stamps.push(clock.now());
    }
    for (const s of stamps) expect(stamps.filter((x) => x > s - 1000 && x <= s).length).toBeLessThanOrEqual(5);
  });

  it('counts a request until its answer + window, follows the server’s remaining count and honours a block', () => {
    const w = new WindowLimiter(2, 1000);
    const stamp = w.tryAcquire(0)!;
    stamp.at = 400; // answered at 400
    expect(w.tryAcquire(0)).toBeDefined();
    expect(w.delay(1001)).toBe(0); // the one stamped 0 left; the one answered at 400 stays until 1400
    w.tryAcquire(1001);
    expect(w.delay(1001)).toBe(399);
    const fresh = new WindowLimiter(10, 1000);
    fresh.observeRemaining(1, 0); // other apps used 9
    expect(fresh.used(0)).toBe(9);
    fresh.blockUntil(5000);
    expect(fresh.delay(100)).toBe(4900);
  });
});

describe('connection limiters read the CRMs’ headers', () => {
  it('HubSpot: adopts X-HubSpot-RateLimit-Max and -Remaining, and reports daily usage', () => {
    const l = hubspotLimiter('professional');
    expect(l.buckets.general.limit).toBe(190);
    expect(l.buckets.search!.limit).toBe(5);
    l.observe(new Headers({ 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-remaining': '40', 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-daily': '250000', 'x-hubspot-ratelimit-daily-remaining': '249000' }), 0);
    expect(l.buckets.general.limit).toBe(100);
    expect(l.buckets.general.used(0)).toBe(60);
    expect(l.last).toEqual({ kind: 'daily-requests', used: 1000, limit: 250000 });
  });

  it('Salesforce: Sforce-Limit-Info feeds the daily budget, which stops before the last 5 %', async () => {
    expect(parseSforceLimitInfo('api-usage=18/15000; per-app-api-usage=17/250(appName=x)')).toEqual([18, 15000]);
    expect(parseSforceLimitInfo(null)).toBeUndefined();
    const l = salesforceLimiter();
    l.observe(new Headers({ 'sforce-limit-info': 'api-usage=14000/15000' }), 0);
    await expect(l.acquire('general', new VirtualClock(1))).resolves.toBeTypeOf('function');
    l.observe(new Headers({ 'sforce-limit-info': 'api-usage=14300/15000' }), 0);
    await expect(l.acquire('general', new VirtualClock(1))).rejects.toMatchObject({ name: 'BudgetExhausted' });
    expect(l.last).toEqual({ kind: 'daily-requests', used: 14300, limit: 15000 });
  });

  it('Pipedrive: the burst window follows x-ratelimit-*, the daily budget x-daily-ratelimit-token-*', () => {
    const l = pipedriveLimiter(20);
    l.observe(new Headers({ 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '39', 'x-daily-ratelimit-token-limit': '30000', 'x-daily-ratelimit-token-remaining': '29990' }), 0);
    expect(l.buckets.general.limit).toBe(40);
    expect(l.last).toEqual({ kind: 'daily-tokens', used: 10, limit: 30000 });
    const budget = new DailyBudget(0.05);
    budget.observe(28_000, 30_000, 0);
    expect(budget.exhaustedUntil(1)).toBeUndefined();
    budget.observe(28_600, 30_000, 0);
    expect(budget.exhaustedUntil(1)).toBe(3_600_001);
  });
});

describe('backoff and Retry-After', () => {
  it('full jitter: uniform between 0 and min(cap, base·2^attempt)', () => {
    const rnd = mulberry32(1);
    const waits = Array.from({ length: 2000 }, () => backoffMs(3, rnd, 1000, 60_000));
    expect(Math.max(...waits)).toBeLessThan(8000);
    expect(Math.min(...waits)).toBeLessThan(200);
    expect(waits.reduce((a, b) => a + b, 0) / waits.length).toBeGreaterThan(3500);
    expect(backoffMs(40, () => 0.999, 1000, 60_000)).toBeLessThan(60_000);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('2', 0)).toBe(2000);
    expect(retryAfterMs('Sun, 22 Nov 2026 10:00:05 GMT', Date.parse('2026-11-22T10:00:00Z'))).toBe(5000);
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });
});
