// Step 6, history: the customers' product history (seat and price changes, cancelled products,
// what former customers had) and each deal's way through the stages. Each has its own random
// stream and runs last, so nothing generated before it moves.
import { type Account, type Deal, type DealStage } from '../../domain/entities';
import {
  type DemoContext,
  DAY,
  MINUTE,
  RECURRING,
  ROUND_TO,
  dropUndefined,
  iso,
  money,
  quantity,
  roundTo,
} from './context';

/**
 * What retention reads: seat and price changes of the last year (mostly growth), products some
 * customers cancelled, and the products former customers had until they left. Its own random
 * stream, run last, so nothing generated before it moves.
 */
export function generateProductHistory(ctx: DemoContext): void {
  const rng = ctx.rng('product-history');
  const now = ctx.nowMs;
  const round = (x: number, currency: string) => Math.max(ROUND_TO[currency] ?? 100, roundTo(x, ROUND_TO[currency] ?? 100));
  const ended = (account: Account, count: number, endedFrom: number, endedTo: number) => {
    const owned = new Set(account.products.map((p) => p.productId));
    const currency = account.currency ?? 'EUR';
    for (const entry of rng.sample(RECURRING.filter((e) => !owned.has(e.product.id)), count)) {
      const endedMs = now - rng.int(endedFrom, endedTo) * DAY;
      const qty = quantity(rng, entry, account.employees ?? 200);
      account.products.push(
        dropUndefined({
          productId: entry.product.id,
          since: iso(ctx.snap(endedMs - rng.int(365, 1000) * DAY)),
          seats: entry.per === 'seat' ? qty : undefined,
          startArr: money(entry.product.listPrice * qty * rng.real(0.72, 1), currency),
          endedAt: iso(ctx.snap(endedMs)),
        }),
      );
    }
  };
  for (const { account } of ctx.accounts) {
    const currency = account.currency ?? 'EUR';
    if (account.lifecycle === 'customer') {
      for (const p of account.products) {
        if (p.arr === undefined || Date.parse(p.since) > now - 300 * DAY || !rng.chance(0.35)) continue;
        const before = round(p.arr * (rng.chance(0.7) ? rng.real(0.6, 0.92) : rng.real(1.08, 1.4)), currency);
        if (before === p.arr) continue;
        p.startArr = before;
        p.changes = [{ at: iso(ctx.snap(now - rng.int(20, 330) * DAY)), arr: p.arr, ...(p.seats !== undefined ? { seats: p.seats } : {}) }];
      }
      if (rng.chance(0.12)) ended(account, 1, 15, 330);
    } else if (account.lifecycle === 'former-customer') {
      ended(account, rng.int(1, 2), 20, 700);
    }
  }
}

/**
 * Each deal's way through the stages (for the weekly ABM review's "what moved"): from discovery
 * to where it is, spread between its creation and its last touch, a closed deal closing on its
 * close date; about one open deal in six moved within the last week. Its own random stream, run
 * last, so nothing generated before it moves.
 */
export function generateStageHistory(ctx: DemoContext): void {
  const rng = ctx.rng('stage-history');
  const now = ctx.nowMs;
  const OPEN: DealStage[] = ['discovery', 'qualification', 'proposal', 'negotiation'];
  for (const d of ctx.deals) {
    const stage = d.deal.stage;
    const closed = stage === 'closed-won' || stage === 'closed-lost';
    // a lost deal was lost from any open stage; the others went through every stage before theirs
    const reached = closed ? (stage === 'closed-won' ? 3 : rng.int(0, 3)) : OPEN.indexOf(stage);
    const path = [...OPEN.slice(0, reached + 1), ...(closed ? [stage] : [])];
    if (path.length < 2) continue;
    const end = closed ? Math.min(d.closeMs, now) : Math.min(d.lastTouchMs, now);
    const recent = !closed && rng.chance(1 / 6);
    const last = recent ? now - rng.int(0, 6) * DAY - rng.int(60, 600) * MINUTE : end;
    const start = d.createdMs + DAY;
    if (last <= start) continue;
    const changes: NonNullable<Deal['stageChanges']> = [];
    for (let i = 1; i < path.length; i++) {
      const at = i === path.length - 1 ? last : start + ((last - start) * i) / (path.length - 1) - rng.int(0, 3) * DAY;
      changes.push({ at: iso(Math.max(start, Math.min(at, last))), from: path[i - 1]!, to: path[i]! });
    }
    d.deal.stageChanges = changes;
  }
}
