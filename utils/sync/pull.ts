// Pulling changes from one CRM (the sync engine's pull, engine.ts): each stream from its stored
// cursor, every page applied with its cursor in one transaction (apply.ts), the next page fetched
// while one is written.
import type { CrmConnector, PullPage } from './connector';
import type { ConnectionRecord } from '../store/syncRecords';
import { applyPage, deriveWithRates } from './apply';
import { getConnection } from './connections';
import type { EngineContext, RunReport } from './runContext';
import { sameRates, type CurrencyRates } from '../domain/currency';

/** How often a run that reads no deal reads the CRM's rates anyway, to follow an admin's new rate. */
export const RATES_EVERY_MS = 60 * 60_000;

export async function pullConnection(ctx: EngineContext, connection: ConnectionRecord, connector: CrmConnector, report: RunReport): Promise<void> {
  const system = connection.system;
  const streams = [...connector.streams].sort((a, b) => a.order - b.order);
  // The CRM's exchange rates: read once in the run, before the first page that can move what an
  // account owns (one request; none for a run that brings no deal), so every account's ARR is in
  // its own currency (utils/domain/account/ownedFromDeals.ts).
  let rates: Promise<CurrencyRates | 'refused' | undefined> | undefined;
  // an account's ARR left some out this run (a currency with no rate)
  let leftOut = false;
  // people or accounts added, changed or removed this run: any shown record may have a new duplicate
  let matched = false;
  for (const stream of streams) {
    ctx.check();
    const cursor = (await getConnection(ctx.db, system))?.cursors[stream.name];
    // Deletion checks run on their own cadence (a HubSpot check reads every archived record).
    const every = cursor?.everyMs ?? stream.everyMs;
    if (stream.everyMs && every && cursor?.checkedAt && !cursor.after && Date.parse(cursor.checkedAt) + every > ctx.deps.now()) continue;
    let done = 0;
    // The next page is fetched while this one is written (its cursor is already known).
    const pages = connector.pull(stream.name, cursor);
    let next = pages.next();
    try {
      for (;;) {
        const step = await next;
        if (step.done) break;
        const page = step.value;
        next = pages.next();
        ctx.check();
        done += page.records.length;
        const read = mayMoveOwned(page) ? await (rates ??= readRates(connector)) : undefined;
        const known = read === 'refused' ? undefined : read;
        const result = await applyPage(ctx.db, system, stream.name, page, ctx.nowDate(), {
          progress: { done, ...(page.total !== undefined ? { total: page.total } : {}) },
          ...(known ? { rates: known } : {}),
        });
        report.pulled += page.records.length;
        report.conflicts += result.conflicts;
        leftOut ||= !!result.arrLeftOut;
        if (result.matchChanges) {
          ctx.deps.onMatchChanges?.(result.matchChanges);
          matched = true;
        }
        const named = [...result.changedIds, ...(result.relatedIds ?? [])];
        if (named.length) ctx.deps.onChange?.(named, result.kinds ?? []);
        ctx.deps.onStatus?.(system);
      }
    } finally {
      next.catch(() => {}); // a prefetch cut short by an error is not an unhandled rejection
    }
  }
  // The rates moved since the accounts were derived with them (an admin's new rate; a pull of no
  // deal reads them at most hourly): the accounts that go through them follow, in this run.
  const stored = await getConnection(ctx.db, system);
  if (!rates && connector.readRates && stored?.rates && !(Date.parse(stored.ratesReadAt ?? '') + RATES_EVERY_MS > ctx.deps.now())) rates = readRates(connector);
  const read = rates ? await rates : undefined;
  const fresh = read && read !== 'refused' ? read : undefined;
  if (fresh && stored && !sameRates(fresh, stored.rates)) {
    ctx.check();
    const result = await deriveWithRates(ctx.db, system, fresh, ctx.nowDate());
    leftOut ||= !!result.arrLeftOut;
    if (result.matchChanges) {
      ctx.deps.onMatchChanges?.(result.matchChanges);
      matched = true;
    }
    if (result.changedIds.length) ctx.deps.onChange?.(result.changedIds, result.kinds ?? []);
  }
  // Which shown records the new or changed people and accounts are duplicates of is the matcher's
  // to say, not the page's ids: the background names a shown person with a new look-alike at each
  // page (utils/background/shownLookAlikes.ts), and the surfaces read every record view again once,
  // at the end of the run (a page's event names only the records it wrote and their related ones).
  if (matched) ctx.deps.onChange?.([]);
  const interval = ctx.deps.pullIntervalMs ?? 5 * 60_000;
  // Options says the CRM refused its rates only when that left something out (a run that read no
  // rates keeps what the last one found)
  const refused = rates ? (await rates) === 'refused' && leftOut : undefined;
  await ctx.setStatus(system, (c) => {
    const next: ConnectionRecord = { ...c, lastPullAt: ctx.nowDate().toISOString(), nextPullAt: ctx.deps.now() + interval };
    if (refused === true) next.ratesRefused = true;
    else if (refused === false) delete next.ratesRefused;
    if (fresh) {
      next.rates = fresh;
      next.ratesReadAt = ctx.nowDate().toISOString();
    }
    return next;
  });
}

/** Whether applying the page can derive an account's owned products again (apply.ts's `derive`). */
export function mayMoveOwned(page: PullPage): boolean {
  return (
    page.records.some((r) => r.entity === 'deal') ||
    !!page.links?.length ||
    !!page.removedLinks?.length ||
    !!page.deletions?.some((d) => d.entity === 'deal')
  );
}

/** The connector's rates, undefined when its CRM publishes none (apply.ts then knows the home currency alone). */
async function readRates(connector: CrmConnector): Promise<CurrencyRates | 'refused' | undefined> {
  return connector.readRates ? await connector.readRates() : undefined;
}
