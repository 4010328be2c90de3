// A deal's lines from the CRM (HubSpot line items, Salesforce OpportunityLineItem rows, Pipedrive deal
// products) onto our deal, and the owned products of the accounts whose won deals a page touched —
// both inside the page's transaction (apply.ts), so a worker stopped mid-pull leaves the account's
// products and the deal's lines in step. The rules of what a won deal makes owned are the domain's
// (utils/domain/account/ownedFromDeals.ts).
import type { Deal, DealLine } from '../domain/entities';
import { withCrmProducts } from '../domain/account/ownedFromDeals';
import type { OutboxTx } from '../store/outbox';
import type { CurrencyRates } from '../domain/currency';

/**
 * The deal's lines after the CRM's: `replace` (the connector read all of the deal's lines) sets them;
 * a group (a Zoho sales order: the lines whose id is `<group>/…`) replaces that group's lines only;
 * otherwise (a full read meets a deal's lines page by page) each line read replaces ours with its id.
 */
export function dealLinesAfter(current: readonly DealLine[] | undefined, read: readonly DealLine[], replace: boolean | { group: string }): DealLine[] {
  if (replace === true) return [...read];
  if (replace) return [...(current ?? []).filter((l) => !inGroup(l.id, replace.group)), ...read];
  // in place, so reading a line again as it was changes nothing
  const byId = new Map(read.map((l) => [l.id, l]));
  const kept = (current ?? []).map((l) => byId.get(l.id) ?? l);
  const known = new Set(kept.map((l) => l.id));
  return [...kept, ...read.filter((l) => !known.has(l.id))];
}

/**
 * A line of a group of lines (`<group>/<id>`), or the line of that id, alone or in its group (a
 * Dynamics 365 order line deleted comes back as its own id: `<order>/<that id>`).
 */
export function inGroup(lineId: string, group: string): boolean {
  return lineId === group || lineId.startsWith(`${group}/`) || lineId.endsWith(`/${group}`);
}

/** Whether a deal's change can move what its account owns, and the accounts it moves (before and after). */
export function accountsToDerive(before: Deal | undefined, after: Deal): string[] {
  const lined = (d: Deal | undefined) => !!d?.lines?.length;
  if (!lined(before) && !lined(after)) return [];
  if (
    before &&
    before.stage === after.stage &&
    before.closeDate === after.closeDate &&
    before.closedAt === after.closedAt &&
    before.accountId === after.accountId &&
    before.currency === after.currency &&
    before.dealType === after.dealType &&
    JSON.stringify(before.lines) === JSON.stringify(after.lines)
  ) {
    return [];
  }
  return [...new Set([before?.accountId, after.accountId].filter((id): id is string => !!id))];
}

/**
 * Recompute the CRM-derived owned products of these accounts from all their deals (a deal deleted
 * in a CRM but kept for the rep's work does not count), each in its account's currency through the
 * CRM's `rates` (read once per pull run: pull.ts). Returns the accounts that changed, and whether
 * any of these accounts' ARR leaves some out (a currency with no rate).
 */
export async function deriveOwnedProducts(
  tx: OutboxTx,
  accountIds: Iterable<string>,
  nowIso: string,
  rates?: CurrencyRates,
): Promise<{ changed: string[]; leftOut: boolean; rated: string[]; unrated: string[] }> {
  const changed: string[] = [];
  // which of them go through the rates (a deal in another currency than the account's) and which not
  const rated: string[] = [];
  const unrated: string[] = [];
  let leftOut = false;
  for (const id of accountIds) {
    const account = await tx.objectStore('accounts').get(id);
    if (!account || account.source === 'demo') {
      unrated.push(id);
      continue;
    }
    const deals = (await tx.objectStore('deals').index('byAccount').getAll(id)).filter((d) => !d.crmDeleted);
    const next = withCrmProducts(account, deals, rates);
    if (next.arrNotConverted?.length) leftOut = true;
    const own = next.currency?.toUpperCase();
    (next.arrNotConverted?.length || deals.some((d) => !!d.lines?.length && d.currency.toUpperCase() !== own) ? rated : unrated).push(id);
    if (next === account) continue;
    await tx.objectStore('accounts').put({ ...next, updatedAt: nowIso });
    changed.push(id);
  }
  return { changed, leftOut, rated, unrated };
}

/** The accounts that go through the rates after a derivation: `before` with `rated` added and `unrated` taken out. */
export function ratesAccountsAfter(before: readonly string[] | undefined, derived: { rated: readonly string[]; unrated: readonly string[] }): string[] | undefined {
  if (!derived.rated.length && !derived.unrated.length) return before ? [...before] : undefined;
  const ids = new Set(before);
  for (const id of derived.rated) ids.add(id);
  for (const id of derived.unrated) ids.delete(id);
  return [...ids];
}
