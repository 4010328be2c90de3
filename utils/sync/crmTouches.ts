// Touches the CRM holds (Zoho CRM notes), stored as activities of source 'crm' on the records they
// name, in the pulled page's transaction. Split from apply.ts, which calls it.
import { crmKey, type Activity, type CrmSystem, type Deal, type Person } from '../domain/entities';
import type { RemoteActivity } from './connector';
import type { OutboxTx } from '../store/outbox';
import { findByCrmId } from './crmDeletions';

/**
 * A touch read from the CRM (a Zoho note) as an activity of source 'crm' on the records it names
 * that we hold (a person's or a deal's account too, so the account's last touch sees it); one
 * Dealside logged itself (its marker names a touch we hold) is not stored twice. Returns the
 * records whose last touch may have moved.
 */
export async function applyActivity(tx: OutboxTx, system: CrmSystem, a: RemoteActivity, nowIso: string): Promise<string[]> {
  const store = tx.objectStore('activities');
  if (a.dealsideId && (await store.get(a.dealsideId))) return [];
  const person = a.links.personCrmId ? ((await findByCrmId(tx, system, 'person', a.links.personCrmId)) as Person | undefined) : undefined;
  const deal = a.links.dealCrmId ? ((await findByCrmId(tx, system, 'deal', a.links.dealCrmId)) as Deal | undefined) : undefined;
  const account = a.links.accountCrmId ? await findByCrmId(tx, system, 'account', a.links.accountCrmId) : undefined;
  const accountId = account?.id ?? deal?.accountId ?? person?.accountId;
  if (!person && !deal && !accountId) return []; // on nothing we hold
  const id = `${system}-activity-${a.crmId}`;
  const next: Activity = {
    id,
    type: a.type,
    at: a.at,
    ...(a.subject ? { subject: a.subject.slice(0, 200) } : {}),
    ...(a.body ? { body: a.body.slice(0, 4000) } : {}),
    ...(person ? { personId: person.id } : {}),
    ...(deal ? { dealId: deal.id } : {}),
    ...(accountId ? { accountId } : {}),
    crmRefs: [{ system, objectType: a.objectType, id: a.crmId }],
    crmKeys: [crmKey(system, 'activity', a.crmId)],
    source: 'crm',
  };
  const before = await store.get(id);
  const { createdAt: _created, ...was } = before ?? ({} as Activity);
  if (before && JSON.stringify(was) === JSON.stringify(next)) return [];
  await store.put({ ...next, createdAt: before?.createdAt ?? nowIso });
  return [person?.id, deal?.id, accountId].filter((x): x is string => !!x);
}

/**
 * Touches the CRM says were deleted (by its ids): each one read from it leaves; the rep's own
 * touches (logged in Dealside, then sent) stay. Returns the records whose last touch may have moved.
 */
export async function removeCrmActivities(tx: OutboxTx, system: CrmSystem, crmIds: readonly string[]): Promise<string[]> {
  const store = tx.objectStore('activities');
  const changed: string[] = [];
  for (const crmId of crmIds) {
    const id = `${system}-activity-${crmId}`;
    const a = await store.get(id);
    if (!a || a.source !== 'crm') continue;
    await store.delete(id);
    changed.push(...[a.personId, a.dealId, a.accountId].filter((x): x is string => !!x));
  }
  return changed;
}

/** How long before a listing began a touch must have been written to be taken as deleted when unlisted (clock skew). */
const LISTING_MARGIN_MS = 5 * 60_000;

/**
 * A complete listing of the touches of one object type the CRM still holds (Zoho CRM's notes, whose
 * deletions no deletion list reports): each touch of source 'crm' we read from that object type,
 * written before the listing began, that is not listed was deleted in the CRM and leaves. The rep's
 * own touches (logged in Dealside, then sent) stay. Returns the records whose last touch may have moved.
 */
export async function pruneListedActivities(tx: OutboxTx, system: CrmSystem, listing: { objectType: string; crmIds: readonly string[]; listedFrom: string }): Promise<string[]> {
  const listed = new Set(listing.crmIds);
  const before = Date.parse(listing.listedFrom) - LISTING_MARGIN_MS;
  const changed: string[] = [];
  const prefix = `${system}-activity-`;
  let cursor = await tx.objectStore('activities').openCursor(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
  while (cursor) {
    const a = cursor.value;
    const ref = a.crmRefs?.find((r) => r.system === system && r.objectType === listing.objectType);
    if (a.source === 'crm' && ref && !listed.has(ref.id) && Date.parse(a.at) < before) {
      await cursor.delete();
      changed.push(...[a.personId, a.dealId, a.accountId].filter((x): x is string => !!x));
    }
    cursor = await cursor.continue();
  }
  return changed;
}
