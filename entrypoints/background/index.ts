// Composition root of the background service worker: open the store, register the handlers.
// Listeners are registered synchronously at start-up so a woken worker receives the message
// that woke it.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openStore, type Db } from '../../utils/store/db';
import { createRequestListener } from '../../utils/messaging/router';
import { createHandlers } from '../../utils/background/handlers';
import { clearTabRecord, getTabRecord } from '../../utils/background/tabState';
import { forgetTabThatLeft, noteNoRecordPage, type NoRecordDeps, type TabLeftDeps } from '../../utils/background/tabLeft';
import { parsePageUrl } from '../../utils/sites';
import { ensureWorkspace } from '../../utils/background/workspace';
import { createMatchService } from '../../utils/background/matchService';
import { isSupportedUrl } from '../../utils/sites/hosts';
import { SYNC_ALARM, createBackgroundSync } from '../../utils/sync/background';
import { shellSchemas, type DealsideEvent, type ShellMessage } from '../../utils/messaging/protocol';
import { createCommandHandler, sidePanelOpener } from '../../utils/background/commands';
import { crmPlacementApis, followCrmPlacement } from '../../utils/background/crmPlacement';
import { createCoalescingBroadcast } from '../../utils/background/broadcaster';
import { createViewPrefetch } from '../../utils/background/viewPrefetch';
import { createShownPeople, followMatchChanges } from '../../utils/background/shownLookAlikes';
import { browserLanguages, resolveLocale } from '../../utils/i18n/locale';
import { readLanguagePreference } from '../../utils/page/preferences';

export default defineBackground(() => {
  const now = () => new Date();
  let dbPromise: Promise<Db> | undefined;
  const db = () => (dbPromise ??= openStore());

  // Coalesced: a page navigating every few ms, or a sync storing page after page, sends one event
  // per window, never one per change (utils/background/broadcaster.ts).
  const coalesced = createCoalescingBroadcast((event: DealsideEvent) => {
    // Rejects when no surface is open; that is fine.
    browser.runtime.sendMessage(event).catch(() => {});
  });
  // A tab's view built ahead for its sidebar (page/detected → the first tab/view) is stale once
  // records change: every event that says so, from any part of the worker, forgets them.
  const views = createViewPrefetch();
  const broadcast = (event: DealsideEvent) => {
    if (event.type !== 'event/tab-changed' && event.type !== 'event/diagnostics-changed') views.forget();
    coalesced(event);
  };

  // First run, or a demo seed the worker was stopped in the middle of.
  const ready = db()
    .then((d) => ensureWorkspace(d, now()))
    .then((seeded) => {
      if (seeded) broadcast({ type: 'event/workspace-changed' });
    })
    .catch((error: unknown) => console.error('Dealside: could not prepare the workspace', error));

  const readyDb = async () => {
    await ready;
    return db();
  };
  // CRM sync: the outbox is pushed and changes pulled when the alarm fires, the browser starts,
  // the network returns or an edit is stored. Optional APIs: without the "alarms" / "identity"
  // permissions sync still runs (timers while awake, token connections only).
  const matches = createMatchService(now);
  // What a pull changes reaches the duplicate matcher at once (no rebuild), and a shown person who
  // gained a look-alike in the page is named to the surfaces then, not at the run's end.
  const shown = createShownPeople();
  const followMatches = followMatchChanges({ matches, shown, broadcast });
  const sync = createBackgroundSync({
    db: readyDb,
    broadcast,
    onMatchChanges: (changes) => void readyDb().then((d) => followMatches(d, changes)).catch(() => {}),
    apis: {
      alarms: browser.alarms,
      identity: () =>
        browser.identity ? { launchWebAuthFlow: (d) => browser.identity.launchWebAuthFlow(d), getRedirectURL: (p) => browser.identity.getRedirectURL(p) } : undefined,
      isOnline: () => globalThis.navigator?.onLine !== false,
      uiLocale: async () => resolveLocale(await readLanguagePreference(), browserLanguages()),
      ...(import.meta.env.FIREFOX ? {} : { defaultRedirectUri: `https://${browser.runtime.id}.chromiumapp.org/` }),
    },
  });
  browser.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) sync.wake();
  });
  browser.runtime.onStartup?.addListener(() => sync.wake());
  globalThis.addEventListener?.('online', () => sync.wake());
  void sync.startIfConnected().catch(() => {});

  const handlers = createHandlers({ db: readyDb, now, broadcast, matches, sync: sync.service, views, shown });
  browser.runtime.onMessage.addListener(
    createRequestListener(
      handlers,
      { ownId: browser.runtime.id, ownOrigin: browser.runtime.getURL('/') },
      (reason, type) => console.warn(`Dealside: refused ${type} (${reason})`),
    ),
  );

  // Where Dealside shows on CRM pages (Options): a copy for the keyboard command, which must decide
  // synchronously, and what Chrome's toolbar button opens (the side panel in side-panel mode).
  const placement = followCrmPlacement(crmPlacementApis(browser), (message) => console.warn(message));

  // The keyboard command (Alt+Shift+D unless the user changed it): Dealside for this tab, focused.
  const runCommand = createCommandHandler(
    {
      openSidePanel: sidePanelOpener(browser),
      focusInPageSidebar: (tabId) =>
        browser.tabs
          .sendMessage(tabId, { type: 'shell/focus-sidebar' } satisfies ShellMessage, { frameId: 0 })
          .then((answer) => shellSchemas().answer.safeParse(answer).data?.shown === true),
    },
    (message) => console.warn(message),
    placement.current,
  );
  browser.commands?.onCommand.addListener((command, tab) => void runCommand(command, tab));

  // A tab that leaves the supported sites no longer shows a record. Without the tabs permission
  // the URL is visible only for our hosts, which is exactly what is needed here.
  // The URL being loaded is pendingUrl while a navigation is under way (url is still the old one).
  const onSupportedSite = (t: { url?: string; pendingUrl?: string }) => {
    const url = t.pendingUrl || t.url;
    return !!url && isSupportedUrl(url);
  };
  // Events can reach a busy worker late: forgetTabThatLeft looks at the tab as it is now, and keeps
  // a record its next page reported meanwhile (utils/background/tabLeft.ts).
  const tabLeftDeps: TabLeftDeps = {
    now: () => Date.now(),
    currentTab: (tabId) => browser.tabs.get(tabId).catch(() => undefined),
    onSupportedSite,
    getTabRecord,
    clearTabRecord: (tabId) => {
      shown.forget(tabId);
      return clearTabRecord(tabId);
    },
    tabChanged: (tabId) => broadcast({ type: 'event/tab-changed', tabId }),
  };
  // A supported site's page that no site recognises: its content script only reads the URL (no
  // extension API touched on such a page load), so the worker says page/none for it.
  const noRecordDeps: NoRecordDeps = {
    now: () => Date.now(),
    currentTab: tabLeftDeps.currentTab,
    getTabRecord,
    noRecordUrl: (t) => {
      const url = t.pendingUrl || t.url;
      return url && isSupportedUrl(url) && parsePageUrl(url) === null ? url : undefined;
    },
    showsNone: (tabId, url) => handlers['page/none']({ type: 'page/none', url }, { sender: {}, tabId }).then(() => {}),
  };
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status !== 'loading') return;
    if (!onSupportedSite(tab)) void forgetTabThatLeft(tabId, tabLeftDeps).catch(() => {});
    else if (noRecordDeps.noRecordUrl(tab)) void noteNoRecordPage(tabId, noRecordDeps).catch(() => {});
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    shown.forget(tabId);
    void clearTabRecord(tabId);
  });
});
