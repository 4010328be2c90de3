// Time arithmetic for the domain core. Records carry ISO-8601 strings; the clock is a parameter.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const ZERO = 48;
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Milliseconds of an ISO date, or undefined when absent or unparseable (bad CRM data is common).
 * The stored form "2026-11-22T10:00:00.000Z" takes a fast path: qualifying 100,000 entities parses
 * millions of dates, and Date.parse dominated the profile.
 */
export function isoMs(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(10) === 84 /* T */ && iso.charCodeAt(19) === 46 /* . */) {
    const month = digits(iso, 5, 7);
    const day = digits(iso, 8, 10);
    const hour = digits(iso, 11, 13);
    const minute = digits(iso, 14, 16);
    const second = digits(iso, 17, 19);
    // out-of-range fields fall through to Date.parse, which rejects them
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59) {
      const ms = Date.UTC(digits(iso, 0, 4), month - 1, day, hour, minute, second, digits(iso, 20, 23));
      if (!Number.isNaN(ms)) return ms;
    }
  }
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

// The same few instants recur across a whole run (now, now − 7 days …, now + 2 days for every
// entity's trend and due dates); toISOString was a tenth of the profile, so remember recent ones.
const isoCache = new Map<number, string>();

export function msIso(ms: number): string {
  let iso = isoCache.get(ms);
  if (iso === undefined) {
    if (isoCache.size >= 256) isoCache.clear();
    iso = new Date(ms).toISOString();
    isoCache.set(ms, iso);
  }
  return iso;
}

/** Whole days from `from` to `to` (floor), both in ms. */
export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY_MS);
}
