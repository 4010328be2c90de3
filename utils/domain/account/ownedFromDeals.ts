// What a customer owns, from its won deals' lines (issue #18.6: "products owned … come from the sync
// connectors"). Pure: the connectors read each CRM's lines into `Deal.lines` (utils/sync/connectors),
// the sync's apply path calls `withCrmProducts` for every account a page touched, in the page's
// transaction.
//
// The rules:
// - Only closed-won deals with a close date count; the close date is when the product was owned from
//   (the day the CRM says it was won, `closedAt`, where it keeps one apart: Pipedrive).
// - A line's ARR: recurring with a billing period (`billingMonths`) → amount × 12 ÷ months; recurring
//   with no period (Salesforce, which has no standard recurrence field) → the amount is annual;
//   one-off (`oneOff`) → no ARR (the product is owned, with its seats, but brings no recurring revenue).
// - A product's lines on one deal add up (two lines of the same product are one purchase).
// - A deal with orders placed (lines `ordered`: a Dynamics 365 sales order's) owns by its orders'
//   lines only: the opportunity's own products were the forecast the order was made from, and
//   counting both would count each product twice. Without an order, the deal's own lines count.
// - A later won deal with the same product states the product's level from its close date — a
//   renewal or a re-contract restates the whole: more ARR is an expansion, less a contraction, the
//   same is no change (`changes`), never a second entry. One-off lines of a later deal do not move a
//   recurring level.
// - Except an add-on: a deal the CRM types as one (Salesforce "Existing Customer - Upgrade", an
//   "Upsell" / "Add-on" option; `Deal.dealType` 'add-on') sells more on top of what is owned, so its
//   lines add to the level (seats and ARR) instead of restating it. Each change says which kind of
//   deal made it (`via`: add-on, renewal, downgrade …), which revenue retention words.
// - Existing business the CRM says no more of (HubSpot's standard "existingbusiness", which covers
//   renewals and upsells alike) is read by its date: won near a renewal — from 90 days before to 60
//   days after an anniversary of the product's first purchase or of the account's first won deal
//   (a co-termed contract) — it restates, as a renewal; won mid-term it adds, as an add-on. Read as
//   a renewal everywhere, an upsell of 10 seats to a customer with 100 showed as a contraction of
//   90. The change's `via` says which reading was taken.
// - A product ends only when the data says so: a later won deal carrying it at no value (a renewal
//   that keeps the line at 0 — quantity 0 or amount 0). A lost renewal, or a renewal without the
//   line, ends nothing: a deal does not say what the customer cancelled. Bought again after it
//   ended, it is a new entry from that deal's close date.
// - Currencies: every won deal's line amounts are converted into the account's currency before the
//   steps are built, through the CRM's own rates (one rate set for every deal, so an exchange rate's
//   move never reads as an expansion or a contraction). The account's currency is its own, else its
//   won deals' when they are all in one, else the CRM's home currency. A deal in a currency the CRM
//   gives no rate for still owns its products (seats) but adds no ARR: what it would bring is kept
//   apart, per currency (`arrNotConverted`), and shown as left out — 100,000 MXN + 10,000 USD is
//   never "110,000 USD".
// - These entries are marked `source: 'crm'` and recomputed from all the account's deals each time;
//   what was entered here (demo, CSV import, by hand — no source) is kept as it is, and for a product
//   entered here that entry stands and the CRM's is not added (never counted twice).
import type { Account, Deal, DealLine, OwnedProduct } from '../entities';
import { isoMs } from '../time';
import { conversionFactor, type CurrencyRates } from '../currency';

/** The line's annual recurring revenue, or undefined for a one-off line or one without an amount. */
export function lineArr(line: Pick<DealLine, 'amount' | 'billingMonths' | 'oneOff'>): number | undefined {
  if (line.oneOff || line.amount === undefined || !Number.isFinite(line.amount)) return undefined;
  const months = line.billingMonths ?? 12;
  if (!(months > 0)) return undefined;
  return round2((line.amount * 12) / months);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

type WonDeal = Pick<Deal, 'id' | 'stage' | 'closeDate' | 'closedAt' | 'lines'> & { dealType?: Deal['dealType'] };

/** When a won deal was won: the day the CRM says, else its close date. */
const wonOn = (d: WonDeal) => d.closedAt ?? d.closeDate;

const DAY = 86_400_000;

/**
 * Whether `at` falls in a renewal window of a contract started on one of `starts`: from 90 days
 * before to 60 days after one of its anniversaries (yearly, the first one year after the start).
 */
export function nearAnniversary(at: string, starts: readonly string[]): boolean {
  const atMs = isoMs(at);
  if (atMs === undefined) return true; // no date to tell by: as a renewal, as before
  const year = new Date(atMs).getUTCFullYear();
  for (const start of starts) {
    const startMs = isoMs(start);
    if (startMs === undefined) continue;
    const s = new Date(startMs);
    for (const y of [year - 1, year, year + 1]) {
      if (y <= s.getUTCFullYear()) continue;
      const anniversary = Date.UTC(y, s.getUTCMonth(), s.getUTCDate());
      if (atMs >= anniversary - 90 * DAY && atMs <= anniversary + 60 * DAY) return true;
    }
  }
  return false;
}

/** One won deal's purchase of one product: its lines added up. */
type Step = { at: string; seats?: number; arr?: number; via?: NonNullable<Deal['dealType']> };

function stepsByProduct(deals: readonly WonDeal[]): Map<string, Step[]> {
  const won = deals
    .filter((d) => d.stage === 'closed-won' && isoMs(wonOn(d)) !== undefined && (d.lines?.length ?? 0) > 0)
    .sort((a, b) => isoMs(wonOn(a))! - isoMs(wonOn(b))! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Map<string, Step[]>();
  for (const d of won) {
    const mine = new Map<string, Step>();
    const lines = d.lines ?? [];
    for (const line of lines.some((l) => l.ordered) ? lines.filter((l) => l.ordered) : lines) {
      const step = mine.get(line.productId) ?? { at: wonOn(d)!, ...(d.dealType ? { via: d.dealType } : {}) };
      if (line.quantity !== undefined && Number.isFinite(line.quantity)) step.seats = (step.seats ?? 0) + line.quantity;
      const arr = lineArr(line);
      if (arr !== undefined) step.arr = round2((step.arr ?? 0) + arr);
      mine.set(line.productId, step);
    }
    for (const [productId, step] of mine) out.set(productId, [...(out.get(productId) ?? []), step]);
  }
  return out;
}

/** The products the won deals say the account owns (or owned), `source: 'crm'`, by product id. */
export function ownedFromDeals(deals: readonly WonDeal[]): OwnedProduct[] {
  const owned: OwnedProduct[] = [];
  const byProduct = [...stepsByProduct(deals)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // the account's first purchase: a contract that later products are co-termed to
  const firstWon = byProduct.reduce<string | undefined>((first, [, steps]) => (first === undefined || isoMs(steps[0]!.at)! < isoMs(first)! ? steps[0]!.at : first), undefined);
  for (const [productId, steps] of byProduct) {
    let entry: Building | undefined;
    for (const step of steps) {
      if (!entry || entry.endedAt) {
        if (entry) owned.push(finish(entry));
        // a first purchase at no value owns nothing
        if (step.arr === 0 && !step.seats) {
          entry = undefined;
          continue;
        }
        entry = { productId, since: step.at, start: step, level: step, changes: [] };
        continue;
      }
      if (step.arr === undefined) continue; // a one-off purchase does not move a recurring level
      // existing business: a renewal near an anniversary, an add-on mid-term
      const via: Step['via'] = step.via === 'existing' ? (nearAnniversary(step.at, [entry.since, ...(firstWon ? [firstWon] : [])]) ? 'renewal' : 'add-on') : step.via;
      // an add-on sells more on top: its lines add to the level (a negative line takes some back)
      const level: Step =
        via === 'add-on'
          ? {
              at: step.at,
              via,
              arr: round2((entry.level.arr ?? 0) + step.arr),
              ...(step.seats !== undefined || entry.level.seats !== undefined ? { seats: (entry.level.seats ?? 0) + (step.seats ?? 0) } : {}),
            }
          : { ...step, ...(via ? { via } : {}) };
      if (level.arr! <= 0 || level.seats === 0) {
        entry.endedAt = step.at;
        continue;
      }
      if (level.arr === entry.level.arr && level.seats === entry.level.seats) continue; // renewed as it was
      entry.changes.push({ at: step.at, arr: level.arr!, ...(level.seats !== undefined ? { seats: level.seats } : {}), ...(via ? { via } : {}) });
      entry.level = level;
    }
    if (entry) owned.push(finish(entry));
  }
  return owned;
}

type Building = { productId: string; since: string; start: Step; level: Step; changes: NonNullable<OwnedProduct['changes']>; endedAt?: string };

function finish(b: Building): OwnedProduct {
  const o: OwnedProduct = { productId: b.productId, since: b.since, source: 'crm' };
  if (b.level.seats !== undefined) o.seats = b.level.seats;
  // ended: no ARR now (retention reads what it was from startArr and the changes)
  if (b.level.arr !== undefined && !b.endedAt) o.arr = b.level.arr;
  if (b.changes.length > 0 || b.endedAt) o.startArr = b.start.arr ?? 0;
  if (b.changes.length > 0) o.changes = b.changes;
  if (b.endedAt) o.endedAt = b.endedAt;
  return o;
}

/**
 * The account's currency for its ARR: its own when it has one; else, when its won deals (with lines)
 * are all in one currency, that one; else the CRM's home currency; else (no rates known) the first
 * won deal's, as before.
 */
export function accountCurrency(account: Pick<Account, 'currency'>, deals: readonly (WonDeal & Pick<Deal, 'currency'>)[], rates?: CurrencyRates): string | undefined {
  if (account.currency) return account.currency;
  const won = deals.filter((d) => d.stage === 'closed-won' && isoMs(wonOn(d)) !== undefined && (d.lines?.length ?? 0) > 0);
  const codes = new Set(won.map((d) => d.currency.toUpperCase()));
  if (codes.size === 1) return won[0]!.currency;
  if (codes.size === 0) return undefined;
  return rates?.home ?? won[0]!.currency;
}

type NotConverted = NonNullable<Account['arrNotConverted']>;

/**
 * The deals with their lines' amounts in `currency`. A deal the rates cannot convert keeps its lines
 * (what was bought, its seats) without their amounts, so its ARR is left out of every level; what
 * it would bring now, in its own currency, is returned apart (`left`, per currency).
 */
function inCurrency<D extends WonDeal & Pick<Deal, 'currency'>>(deals: readonly D[], currency: string, rates: CurrencyRates | undefined, enteredHere: ReadonlySet<string>): { deals: D[]; left: NotConverted } {
  const out: D[] = [];
  const unconverted = new Map<string, D[]>();
  for (const d of deals) {
    const factor = conversionFactor(d.currency, currency, rates);
    if (d.stage !== 'closed-won' || !d.lines?.length || factor === 1) out.push(d);
    else if (factor !== undefined) out.push({ ...d, lines: d.lines.map((l) => (l.amount === undefined ? l : { ...l, amount: l.amount * factor })) });
    else {
      out.push({ ...d, lines: d.lines.map(({ amount: _, ...l }) => l) });
      const code = d.currency.toUpperCase();
      unconverted.set(code, [...(unconverted.get(code) ?? []), d]);
    }
  }
  // what the deals of each currency left out would bring now, derived as if they were all there were
  const left: NotConverted = [];
  for (const [code, own] of [...unconverted].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const arr = round2(ownedFromDeals(own).reduce((sum, o) => sum + (o.endedAt || enteredHere.has(o.productId) ? 0 : (o.arr ?? 0)), 0));
    if (arr > 0) left.push({ currency: code, arr });
  }
  return { deals: out, left };
}

/**
 * The account with its CRM-derived products recomputed from its deals: entries entered here are kept
 * (and win for their product), a prospect that now owns something is a customer, an account with no
 * currency takes one (`accountCurrency`), and `arr` is its products' ARR now, in that currency. Each
 * won deal's line amounts are converted into the account's currency through the CRM's `rates`
 * first; a deal they cannot convert adds no ARR, and what it would bring is kept apart
 * (`arrNotConverted`) instead of being added as if it were in the account's currency. The same
 * object when nothing changed.
 */
export function withCrmProducts(account: Account, deals: readonly (WonDeal & Pick<Deal, 'currency'>)[], rates?: CurrencyRates): Account {
  const kept = account.products.filter((o) => o.source !== 'crm');
  const enteredHere = new Set(kept.map((o) => o.productId));
  const target = accountCurrency(account, deals, rates);
  const converted = target ? inCurrency(deals, target, rates, enteredHere) : { deals: [...deals], left: [] };
  const derived = ownedFromDeals(converted.deals).filter((o) => !enteredHere.has(o.productId));
  const before = account.products.filter((o) => o.source === 'crm');
  const sameProducts = JSON.stringify(before) === JSON.stringify(derived);
  const owns = derived.some((o) => !o.endedAt);
  const lifecycle = account.lifecycle === 'prospect' && owns ? 'customer' : account.lifecycle;
  const currency = account.currency ?? (derived.length > 0 ? target : undefined);
  const products = [...kept, ...derived];
  // the account's ARR now: what its products bring, once the CRM says what it owns (else as it was)
  const arr = before.length > 0 || derived.length > 0 ? round2(products.reduce((sum, o) => sum + (o.endedAt ? 0 : (o.arr ?? 0)), 0)) : account.arr;
  const left = converted.left;
  const sameLeft = JSON.stringify(account.arrNotConverted ?? []) === JSON.stringify(left);
  if (sameProducts && lifecycle === account.lifecycle && currency === account.currency && arr === account.arr && sameLeft) return account;
  const next: Account = { ...account, products, lifecycle, ...(currency !== undefined ? { currency } : {}) };
  if (arr !== undefined) next.arr = arr;
  if (left.length > 0) next.arrNotConverted = left;
  else delete next.arrNotConverted;
  return next;
}
