// Logged touches → the CRM (issue #12 point 3). logActivity (sdrActions.ts) stores the touch and
// queues one 'create' per CRM, in the same transaction; the engine calls pushActivities for the
// due ones:
//
// - The touch is created once the records it was logged on exist in that CRM: a person, deal or
//   account whose create is still queued there makes it wait (as links do); one that is not in that
//   CRM at all (and not queued) is simply left out of its links there; a linked record whose create
//   the CRM refused makes the touch fail with that reason (retrying both sends both). A touch left
//   with no link in a CRM is refused there: a CRM activity on nothing is nobody's.
// - The links go with the create (HubSpot associations, Salesforce WhoId / WhatId, Pipedrive
//   person_id / org_id / deal_id), so one request makes it whole.
// - Exactly once: `attemptedAt` is stored before the request goes; a retry passes `retrySince`
//   and the connector looks for what the lost attempt made (by our id in a Dealside field, or by
//   the marker in the text) before creating.
import type { Db } from '../store/db';
import { crmKey, type Activity, type CrmSystem, type LoggedTouchType } from '../domain/entities';
import type { ActivityItem, CrmConnector, RemoteRef } from './connector';
import type { ActivityEntry, ConnectionRecord, OutboxEntry } from '../store/syncRecords';
import { SyncError } from './http';
import { STORE_OF, deferEntries, entriesOf, failEntries } from '../store/outbox';
import type { SyncRecord } from '../domain/fields/recordFields';
import type { RunReport } from './engine';

/** What a touch is called in messages. */
export const TOUCH_LABEL: Record<LoggedTouchType, string> = {
  call: 'call',
  'email-sent': 'e-mail',
  'email-replied': 'e-mail reply',
  meeting: 'meeting',
  note: 'note',
};

/**
 * The line a connector adds to a touch's text where the CRM has no field for our id (Pipedrive
 * activities and notes, Salesforce tasks without Dealside_Id__c, HubSpot without dealside_id): a
 * retry finds the touch by it.
 */
export function activityMarker(dealsideId: string): string {
  return `Dealside ref ${dealsideId}`;
}

/** The id in a text's marker line (a touch Dealside logged, read back from the CRM), if it has one. */
export function markerOf(text: string | null | undefined): string | undefined {
  return text ? /Dealside ref ([\w-]+)/.exec(text)?.[1] : undefined;
}

/**
 * Does this text carry the marker of exactly this touch? Not a prefix of another's: "Dealside ref
 * a-1" is not in "Dealside ref a-10" (the CRM may have turned the line breaks into HTML).
 */
export function hasActivityMarker(text: string | null | undefined, dealsideId: string): boolean {
  if (!text) return false;
  const marker = activityMarker(dealsideId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${marker}(?![\\w-])`).test(text);
}

export type ActivityPushContext = {
  db: Db;
  connection: ConnectionRecord;
  connector: CrmConnector;
  crmName: string;
  now: () => number;
  report: RunReport;
  check: () => void;
  remoteRef: (record: SyncRecord) => RemoteRef | undefined;
  markAttempted: (entries: readonly OutboxEntry[]) => Promise<void>;
  onBatchError: (entries: readonly OutboxEntry[], error: unknown) => Promise<void>;
  onItemError: (entry: OutboxEntry, error: SyncError) => Promise<void>;
};

type LinkEntity = 'person' | 'deal' | 'account';
const LINKS: ReadonlyArray<[LinkEntity, 'personId' | 'dealId' | 'accountId']> = [
  ['person', 'personId'],
  ['deal', 'dealId'],
  ['account', 'accountId'],
];

type Resolution =
  | { kind: 'ready'; links: ActivityItem['links'] }
  | { kind: 'wait'; until: number }
  | { kind: 'refused'; message: string };

/** Where the touch's links stand in this CRM. */
async function resolveLinks(ctx: ActivityPushContext, activity: Activity): Promise<Resolution> {
  const system = ctx.connection.system;
  const links: ActivityItem['links'] = {};
  let until: number | undefined;
  for (const [entity, key] of LINKS) {
    const id = activity[key];
    if (!id) continue;
    const record = (await ctx.db.get(STORE_OF[entity], id)) as SyncRecord | undefined;
    // gone here, demo data (its CRM ids are invented), or deleted in this CRM: not a link there
    if (!record || record.source === 'demo' || ('crmDeleted' in record && record.crmDeleted?.system === system)) continue;
    const remote = ctx.remoteRef(record);
    if (remote) {
      links[entity] = remote;
      continue;
    }
    const create = (await entriesOf(ctx.db, system, id)).find((e) => e.op === 'create');
    if (!create) continue; // not in this CRM: logged on the records that are
    if (create.state === 'failed') {
      return {
        kind: 'refused',
        message: `This ${TOUCH_LABEL[activity.type as LoggedTouchType] ?? 'activity'} waits for its ${entity}, which ${ctx.crmName} refused to create (${create.lastError?.message ?? 'see that change'}). Retry both.`,
      };
    }
    until = Math.max(until ?? 0, create.nextAttemptAt);
  }
  if (until !== undefined) return { kind: 'wait', until: Math.max(ctx.now() + 1000, until) };
  if (!links.person && !links.deal && !links.account) {
    return {
      kind: 'refused',
      message: `None of the records this ${TOUCH_LABEL[activity.type as LoggedTouchType] ?? 'activity'} was logged on is in ${ctx.crmName}, so it was not logged there.`,
    };
  }
  return { kind: 'ready', links };
}

export function activityItem(activity: Activity, links: ActivityItem['links'], retrySince?: string): ActivityItem {
  const type = activity.type as LoggedTouchType;
  return {
    dealsideId: activity.id,
    type,
    at: activity.at,
    ...(activity.subject ? { subject: activity.subject } : {}),
    ...(activity.body ? { body: activity.body } : {}),
    ...(activity.durationMin !== undefined ? { durationMin: activity.durationMin } : {}),
    direction: type === 'email-replied' ? 'inbound' : type === 'email-sent' ? 'outbound' : (activity.direction ?? 'outbound'),
    links,
    ...(retrySince ? { retrySince } : {}),
  };
}

/** Push due touches of one CRM: see the file's comment. */
export async function pushActivities(ctx: ActivityPushContext, due: readonly ActivityEntry[]): Promise<void> {
  const { db, connection, connector, report } = ctx;
  const system: CrmSystem = connection.system;
  const at = () => new Date(ctx.now()).toISOString();
  if (!connector.logActivities) {
    ctx.check();
    await failEntries(db, due.map((e) => e.id), { code: 'invalid', message: `Dealside cannot log activities in ${ctx.crmName} yet.`, at: at() });
    report.failed += due.length;
    return;
  }
  const ready: Array<{ entry: ActivityEntry; activity: Activity; links: ActivityItem['links'] }> = [];
  for (const entry of due) {
    const activity = await db.get('activities', entry.ref.localId);
    if (!activity || activity.crmRefs?.some((r) => r.system === system)) {
      // removed here, or already made (a pull or an earlier pass recorded it): nothing to send
      ctx.check();
      const tx = db.transaction('outbox', 'readwrite');
      await tx.store.delete(entry.id);
      await tx.done;
      if (activity) report.pushed++;
      continue;
    }
    const res = await resolveLinks(ctx, activity);
    ctx.check();
    if (res.kind === 'wait') {
      await deferEntries(db, [entry.id], () => res.until, undefined, false);
      report.deferred++;
    } else if (res.kind === 'refused') {
      await failEntries(db, [entry.id], { code: 'not-found', message: res.message, at: at() });
      report.failed++;
    } else ready.push({ entry, activity, links: res.links });
  }
  for (let i = 0; i < ready.length; i += connector.batchSize) {
    const chunk = ready.slice(i, i + connector.batchSize);
    // Remember that the create went out before it goes: a lost answer makes the next attempt look first.
    ctx.check();
    await ctx.markAttempted(chunk.map((c) => c.entry));
    let results;
    try {
      results = await connector.logActivities(chunk.map((c) => activityItem(c.activity, c.links, c.entry.attemptedAt)));
    } catch (e) {
      await ctx.onBatchError(chunk.map((c) => c.entry), e);
      continue;
    }
    ctx.check();
    const tx = db.transaction(['activities', 'outbox'], 'readwrite');
    const failed: Array<{ entry: ActivityEntry; error: SyncError }> = [];
    for (let j = 0; j < chunk.length; j++) {
      const { entry } = chunk[j]!;
      const result = results[j];
      if (!result || !result.ok) {
        failed.push({ entry, error: result && !result.ok ? result.error : new SyncError('transient', 'No answer for this activity.') });
        continue;
      }
      const current = await tx.objectStore('activities').get(entry.ref.localId);
      if (current) {
        const crmRefs = [...(current.crmRefs ?? []).filter((r) => r.system !== system), { system, objectType: result.objectType, id: result.crmId }];
        const crmKeys = [...(current.crmKeys ?? []).filter((k) => !k.startsWith(`${system}:`)), crmKey(system, 'activity', result.crmId)];
        await tx.objectStore('activities').put({ ...current, crmRefs, crmKeys });
      }
      await tx.objectStore('outbox').delete(entry.id);
      report.pushed++;
      if (result.created) report.created++;
    }
    await tx.done;
    for (const f of failed) await ctx.onItemError(f.entry, f.error);
  }
}
