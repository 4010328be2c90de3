// Sync in the background service worker: one SyncService for the worker's life, woken by the
// alarm it sets, by the browser starting, by the network coming back, and by edits. The browser
// APIs are passed in (entrypoints/background/index.ts), so this stays testable.
import type { Db } from '../store/db';
import type { DealsideEvent } from '../messaging/protocol';
import { SyncService, type SyncServiceDeps } from './service';
import type { LaunchWebAuthFlow } from './auth';
import { sealLegacySecrets } from './secrets';

export const SYNC_ALARM = 'dealside-sync';

export type BrowserSyncApis = {
  /** chrome.alarms (needs the "alarms" permission); without it a timer while the worker lives */
  alarms?: { create: (name: string, info: { when: number }) => unknown; clear: (name: string) => unknown };
  /**
   * chrome.identity for OAuth sign-in. "identity" is an optional permission the options page asks
   * for in the sign-in click, so the API is looked up each time (it appears once granted).
   */
  identity?: () => { launchWebAuthFlow: LaunchWebAuthFlow; getRedirectURL: (path?: string) => string } | undefined;
  isOnline?: () => boolean;
  /** the sign-in callback URL before the identity API is granted (Chrome: https://<id>.chromiumapp.org/) */
  defaultRedirectUri?: string;
  /** the UI's language (Options' choice, else the browser's) */
  uiLocale?: () => Promise<'en' | 'es'>;
};

export type BackgroundSync = {
  service: () => Promise<SyncService>;
  /** run a pass soon (alarm, start-up, back online) */
  wake: () => void;
  /** on worker start: resume if a connection exists (never creates the engine otherwise) */
  startIfConnected: () => Promise<void>;
};

export function createBackgroundSync(deps: {
  db: () => Promise<Db>;
  broadcast: (event: DealsideEvent) => void;
  apis: BrowserSyncApis;
  oauthClients?: SyncServiceDeps['oauthClients'];
  fetch?: SyncServiceDeps['fetch'];
  /** people and accounts a pull changed (the background's duplicate matcher follows them) */
  onMatchChanges?: SyncServiceDeps['onMatchChanges'];
}): BackgroundSync {
  let service: Promise<SyncService> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastStatus = 0;
  let statusTimer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (at: number | undefined) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (deps.apis.alarms) {
      if (at === undefined) void deps.apis.alarms.clear(SYNC_ALARM);
      else void deps.apis.alarms.create(SYNC_ALARM, { when: Math.max(at, Date.now() + 1000) });
      return;
    }
    // No alarms permission: a timer, which only fires while the worker is alive.
    if (at !== undefined) timer = setTimeout(() => wake(), Math.min(Math.max(at - Date.now(), 1000), 5 * 60_000));
  };

  // Progress can arrive per page: tell the surfaces at most once a second.
  const onStatus = () => {
    const now = Date.now();
    if (now - lastStatus >= 1000) {
      lastStatus = now;
      deps.broadcast({ type: 'event/sync-changed' });
    } else {
      statusTimer ??= setTimeout(() => {
        statusTimer = undefined;
        lastStatus = Date.now();
        deps.broadcast({ type: 'event/sync-changed' });
      }, 1000);
    }
  };

  const get = () =>
    (service ??= deps.db().then(
      (db) =>
        new SyncService({
          db,
          fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
          now: () => Date.now(),
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
          random: Math.random,
          schedule,
          ...(deps.apis.isOnline ? { isOnline: deps.apis.isOnline } : {}),
          ...(deps.apis.uiLocale ? { uiLocale: deps.apis.uiLocale } : {}),
          onChange: (ids, kinds) => deps.broadcast({ type: 'event/entities-changed', ids, ...(kinds ? { kinds } : {}) }),
          ...(deps.onMatchChanges ? { onMatchChanges: deps.onMatchChanges } : {}),
          onStatus,
          ...(deps.apis.identity
            ? {
                launchWebAuthFlow: (details) => {
                  const identity = deps.apis.identity?.();
                  if (!identity) throw new Error('Dealside may not open sign-in windows yet: allow it when the browser asks, then try again');
                  return identity.launchWebAuthFlow(details);
                },
                redirectUri: () => deps.apis.identity?.()?.getRedirectURL() ?? deps.apis.defaultRedirectUri,
              }
            : {}),
          ...(deps.oauthClients ? { oauthClients: deps.oauthClients } : {}),
        }),
    ));

  const wake = () => {
    void get()
      .then((s) => s.kick())
      .catch((e: unknown) => console.warn('Dealside sync:', e));
  };

  return {
    service: get,
    wake,
    startIfConnected: async () => {
      const db = await deps.db();
      // Tokens stored in plaintext by a version before #14 are sealed now, connected or not.
      await sealLegacySecrets(db).catch(() => 0);
      if ((await db.count('syncConnections')) > 0) wake();
    },
  };
}
