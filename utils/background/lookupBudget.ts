// How many list rows a tab may have looked up (issue #14.1). A list page's rows are links, and a
// hostile page can add links of its own — guessed LinkedIn profiles or CRM record ids — to learn
// from us whether they are in the CRM. The badges never tell the page, and on top of that each tab
// has a bounded budget of lookups: a token bucket that lets an SDR scroll a long list at reading
// pace (a burst of CAPACITY rows, then RATE_PER_S a second) and stops a page from asking thousands.
// Lives in the background, which a page cannot reach or reset.

export const LOOKUP_CAPACITY = 200;
export const LOOKUP_RATE_PER_S = 5;
const MAX_TABS = 500;

export type LookupGrant = { granted: number; retryAfterMs?: number };

export function createLookupBudget(capacity = LOOKUP_CAPACITY, ratePerS = LOOKUP_RATE_PER_S) {
  const buckets = new Map<number, { tokens: number; at: number }>();
  return {
    /** Takes up to `wanted` lookups from the tab's budget at time `now` (ms). */
    take(tabId: number, wanted: number, now: number): LookupGrant {
      let bucket = buckets.get(tabId);
      if (!bucket) {
        if (buckets.size >= MAX_TABS) buckets.delete(buckets.keys().next().value as number);
        bucket = { tokens: capacity, at: now };
        buckets.set(tabId, bucket);
      } else {
        bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) * ratePerS) / 1000);
        bucket.at = now;
      }
      const granted = Math.max(0, Math.min(wanted, Math.floor(bucket.tokens)));
      bucket.tokens -= granted;
      if (granted === wanted) return { granted };
      // When the rest would fit (or the whole bucket, for more than it holds), at the refill rate.
      const missing = Math.min(wanted - granted, capacity) - bucket.tokens;
      return { granted, retryAfterMs: Math.max(200, Math.ceil((missing * 1000) / ratePerS)) };
    },
    forget(tabId: number): void {
      buckets.delete(tabId);
    },
  };
}
export type LookupBudget = ReturnType<typeof createLookupBudget>;
