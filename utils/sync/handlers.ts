// The background's answers to the sync requests of the protocol (utils/messaging/protocol.ts).
// Spread into createHandlers (utils/background/handlers.ts). Tokens go in; no answer carries one.
import type { RequestHandlers } from '../messaging/router';
import type { DealsideEvent } from '../messaging/protocol';
import type { SyncService } from './service';
import { isRecordEntry, type ConflictRecord, type OutboxEntry } from '../store/syncRecords';
import { specOf, type SyncEntity } from '../domain/fields/recordFields';
import { isRoleField } from '../domain/fields/roleFields';

export type SyncHandlerDeps = {
  /** the background's sync service (created on first use) */
  sync?: () => Promise<SyncService>;
  broadcast: (event: DealsideEvent) => void;
};

/** Conflicts as the sidebar shows them: owners by name (the users store is read only when one is an owner's). */
async function views(s: SyncService, conflicts: readonly ConflictRecord[]) {
  const names = conflicts.some((c) => c.field === 'ownerId') ? new Map((await s.deps.db.getAll('users')).map((u) => [u.id, u.name])) : undefined;
  return conflicts.map((c) => conflictView(c, names));
}

type SyncRequestType = Extract<keyof RequestHandlers, `sync/${string}`>;
export type SyncHandlers = Pick<RequestHandlers, SyncRequestType>;

/**
 * A conflict as the sidebar shows it. An owner's values are our user ids: shown by the user's name
 * when `names` knows it (`ownerNames`), so the rep chooses between people, not ids.
 */
export function conflictView(c: ConflictRecord, names?: ReadonlyMap<string, string>) {
  const shown = (v: ConflictRecord['localValue']) => (c.field === 'ownerId' && typeof v === 'string' ? (names?.get(v) ?? v) : v);
  return {
    id: c.id,
    system: c.system,
    entity: c.ref.entity,
    localId: c.localId,
    field: c.field,
    label: isRoleField(c.field) ? 'Buying-committee role' : (specOf(c.ref.entity, c.field)?.label ?? c.field),
    localValue: shown(c.localValue),
    remoteValue: shown(c.remoteValue),
    base: shown(c.base),
    detectedAt: c.detectedAt,
  };
}

/**
 * Where an entry shows in Options → Connections. A logged touch (entity 'activity', which the
 * protocol's outbox view does not name yet) shows on the record it was logged on, its one field
 * `activity:<type>` (e.g. "activity:call"); retry and discard work on its entry id as on any other.
 */
function shownAs(e: OutboxEntry): { entity: SyncEntity; localId: string; fields: string[] } {
  if (isRecordEntry(e)) {
    return { entity: e.ref.entity, localId: e.ref.localId, fields: e.op === 'associate' && e.to ? [`link:${e.to.entity}`] : e.changes.map((c) => c.field) };
  }
  const on = (['person', 'deal', 'account'] as const).find((k) => typeof e.changes.find((c) => c.field === `${k}Id`)?.value === 'string');
  const type = e.changes.find((c) => c.field === 'type')?.value;
  return {
    entity: on ?? 'person',
    localId: on ? String(e.changes.find((c) => c.field === `${on}Id`)!.value) : e.ref.localId,
    fields: [`activity:${String(type ?? 'touch')}`],
  };
}

export function outboxEntryView(e: OutboxEntry) {
  return {
    id: e.id,
    system: e.system,
    ...shownAs(e),
    op: e.op,
    state: e.state,
    attempts: e.attempts,
    ...(e.state === 'pending' && e.nextAttemptAt < 8.64e15 ? { nextAttemptAt: new Date(e.nextAttemptAt).toISOString() } : {}),
    ...(e.lastError ? { lastError: e.lastError } : {}),
    createdAt: e.createdAt,
  };
}

export function createSyncHandlers(deps: SyncHandlerDeps): SyncHandlers {
  const sync = async (): Promise<SyncService> => {
    if (!deps.sync) throw new Error('CRM sync is not available in this context.');
    return deps.sync();
  };
  const changed = () => deps.broadcast({ type: 'event/sync-changed' });
  return {
    'sync/status': async () => (await sync()).status(),
    'sync/now': async ({ system }) => {
      const s = await sync();
      // The pass goes on in the background; progress arrives as event/sync-changed.
      void s.syncNow(system).catch((e: unknown) => console.warn('Dealside sync:', e));
      return s.status();
    },
    'sync/connect-token': async ({ system, token, baseUrl, tier }) => {
      const view = await (await sync()).connectToken({ system, token, ...(baseUrl ? { baseUrl } : {}), ...(tier ? { tier } : {}) });
      changed();
      return view;
    },
    'sync/connect-oauth': async ({ system, loginHost, orgUrl, dataCentre }) => {
      const view = await (await sync()).connectOAuth(system, { ...(loginHost ? { loginHost } : {}), ...(orgUrl ? { orgUrl } : {}), ...(dataCentre ? { dataCentre } : {}) });
      changed();
      return view;
    },
    'sync/oauth-get': async () => (await sync()).oauthSetup(),
    'sync/oauth-set': async ({ system, client }) => {
      if (client === null) return (await sync()).setOAuthClient(system, null);
      // what the CRM's set-up asks for (its catalogue entry's fields); its sign-in checks them
      const { clientId, loginHost, tokenUrl, tenant } = client;
      return (await sync()).setOAuthClient(system, { system, clientId, ...(loginHost ? { loginHost } : {}), ...(tokenUrl ? { tokenUrl } : {}), ...(tenant ? { tenant } : {}) });
    },
    'sync/disconnect': async ({ system, discardOutbox }) => {
      const status = await (await sync()).disconnect(system, { discardOutbox: discardOutbox === true });
      changed();
      return status;
    },
    'sync/conflicts': async ({ entityId }) => {
      const s = await sync();
      return views(s, await s.conflicts(entityId));
    },
    'sync/resolve-conflict': async ({ conflictId, choice }) => {
      const s = await sync();
      const localId = await s.resolveConflict(conflictId, choice);
      deps.broadcast({ type: 'event/entities-changed', ids: [localId] });
      changed();
      return views(s, await s.conflicts(localId));
    },
    'sync/deleted-record': async ({ entity, localId, action }) => {
      await (await sync()).resolveDeleted(entity, localId, action);
      deps.broadcast({ type: 'event/entities-changed', ids: [localId] });
      changed();
      return { done: true as const };
    },
    'sync/outbox': async ({ system }) => (await (await sync()).outbox(system)).map(outboxEntryView),
    'sync/retry': async ({ system, ids }) => {
      const s = await sync();
      await s.retry({ ...(system ? { system } : {}), ...(ids ? { ids } : {}) });
      changed();
      return s.status();
    },
    'sync/discard': async ({ ids }) => {
      const s = await sync();
      await s.discard(ids);
      changed();
      return s.status();
    },
    'sync/fields': async ({ system, entity, kind }) => (await sync()).describeFields(system, entity, kind),
    'sync/map-fields': async ({ system, entity, map }) => {
      const view = await (await sync()).setFieldMap(system, entity, map);
      changed();
      return view;
    },
    'sync/roles': async ({ system }) => (await sync()).describeRoles(system),
    'sync/map-roles': async ({ system, map }) => {
      const view = await (await sync()).setRoleMap(system, map);
      changed();
      return view;
    },
  };
}
