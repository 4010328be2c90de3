// Links a CRM reports deleted by their id alone (Dynamics 365 connections and opportunity products,
// Zoho CRM sales orders): where a deal keeps those ids, and what removing one does, in the pulled
// page's transaction. Split from apply.ts, which calls it.
import type { CrmSystem, Deal } from '../domain/entities';
import type { ConnectionRecord } from '../store/syncRecords';
import { entityKeyOf, recordStore, type OutboxTx } from '../store/outbox';
import { applyCrmRoles } from './roles';
import { accountsToDerive, inGroup } from './ownedProducts';
import { findByCrmId } from './crmDeletions';

/**
 * Where a deal keeps the CRM's id of one of its links (crmKeys, so its byCrmKey index finds the deal
 * from the id alone): `<system>:link:<link id>`, and `:<contact CRM id>` for a contact link.
 */
export function linkKey(system: CrmSystem, linkId: string, contactCrmId: string | null = null): string {
  return `${system}:link:${linkId}${contactCrmId ? `:${contactCrmId}` : ''}`;
}

/**
 * A link the CRM deleted, by its id: the deals that held it lose it — a line or a group of lines
 * (their products too, when no other line has them), or a contact: unlinked and its role cleared,
 * unless another link of the deal keeps the contact or our own link of them is still to be pushed.
 */
export async function removeLink(tx: OutboxTx, connection: ConnectionRecord, linkId: string, now: Date): Promise<{ changed: string[]; derive: string[]; conflicts: number }> {
  const system = connection.system;
  const base = linkKey(system, linkId);
  const out = { changed: [] as string[], derive: [] as string[], conflicts: 0 };
  const holders = await tx.objectStore('deals').index('byCrmKey').getAll(IDBKeyRange.bound(base, `${base}:\uffff`));
  const seen = new Set<string>();
  for (const held of holders) {
    if (seen.has(held.id)) continue;
    seen.add(held.id);
    const deal = (await tx.objectStore('deals').get(held.id)) ?? held;
    const mine = deal.crmKeys.filter((k) => k === base || k.startsWith(`${base}:`));
    if (mine.length === 0) continue;
    let next: Deal = withoutGroupLines({ ...deal, crmKeys: deal.crmKeys.filter((k) => !mine.includes(k)) }, linkId);
    const stillLinked = new Set(next.crmKeys.filter((k) => k.startsWith(`${system}:link:`)).map((k) => k.split(':')[3]).filter((c): c is string => !!c));
    const contacts = mine.map((k) => k.slice(base.length + 1)).filter((c) => c && !stillLinked.has(c));
    if (contacts.length && deal.crmDeleted?.system !== system) {
      const pushing = new Set(
        (await tx.objectStore('outbox').index('byEntity').getAll(entityKeyOf(system, deal.id))).filter((e) => e.op === 'associate' && e.to?.entity === 'person').map((e) => e.to!.localId),
      );
      const gone = new Set<string>();
      for (const c of contacts) {
        const p = await findByCrmId(tx, system, 'person', c);
        if (p && !pushing.has(p.id)) gone.add(p.id);
      }
      const roles = Object.fromEntries(contacts.map((c) => [c, null]));
      const res = await applyCrmRoles(tx, connection, next, roles, now, false);
      out.conflicts += res.conflicts;
      if (res.changed) out.changed.push(deal.id);
      next = { ...next, contactIds: next.contactIds.filter((id) => !gone.has(id)) };
    }
    await recordStore(tx, 'deal').put({ ...next, updatedAt: now.toISOString() });
    out.changed.push(deal.id);
    out.derive.push(...accountsToDerive(deal, next));
  }
  return out;
}

/** The deal without the lines of a group (or the line of that id), and their products when no other line has them. */
function withoutGroupLines(deal: Deal, group: string): Deal {
  const lines = (deal.lines ?? []).filter((l) => !inGroup(l.id, group));
  if (lines.length === (deal.lines ?? []).length) return deal;
  const kept = new Set(lines.map((l) => l.productId));
  const dropped = new Set((deal.lines ?? []).filter((l) => inGroup(l.id, group)).map((l) => l.productId));
  return { ...deal, lines, productIds: deal.productIds.filter((p) => !dropped.has(p) || kept.has(p)) };
}

/**
 * A group of lines read on one deal (a Dynamics 365 sales order, a Zoho CRM sales order) that another
 * deal still holds: the order was moved to another opportunity or deal in the CRM, which reports no
 * deletion for it. The other deals lose the group's lines and the ids of its links (`linkIds`), so
 * a moved order is owned once, by the deal it is on now. Returns the deals changed and the accounts
 * whose owned products they move.
 */
export async function moveGroup(
  tx: OutboxTx,
  system: CrmSystem,
  group: string,
  linkIds: readonly string[],
  toDealId: string,
  now: Date,
): Promise<{ changed: string[]; derive: string[] }> {
  const out = { changed: [] as string[], derive: [] as string[] };
  const holders = await tx.objectStore('deals').index('byCrmKey').getAll(linkKey(system, group));
  const keys = new Set([group, ...linkIds].map((id) => linkKey(system, id)));
  for (const held of holders) {
    if (held.id === toDealId || out.changed.includes(held.id)) continue;
    const deal = (await tx.objectStore('deals').get(held.id)) ?? held;
    const next = withoutGroupLines({ ...deal, crmKeys: deal.crmKeys.filter((k) => !keys.has(k)) }, group);
    await recordStore(tx, 'deal').put({ ...next, updatedAt: now.toISOString() });
    out.changed.push(deal.id);
    out.derive.push(...accountsToDerive(deal, next));
  }
  return out;
}
