// The background's copy of where Dealside shows on CRM pages (utils/page/crmPlacement.ts), kept
// for what must know it synchronously — the keyboard command decides between the in-page sidebar
// and the side panel before its first await (utils/background/commands.ts) — and what the toolbar
// button opens in Chrome: the side panel in side-panel mode (`openPanelOnActionClick`, which Chrome
// checks before the popup), the popup otherwise. Firefox keeps its sidebar_action and the popup.
//
// Read once when the worker starts and followed through storage.onChanged (a change wakes a
// sleeping worker). Until the first read answers, `current()` is undefined: a worker woken by the
// keyboard command itself does not know the choice yet (see commands.ts for what it does then).
import { CRM_PLACEMENT_KEY, parseCrmPlacement, type CrmPlacement } from '../page/crmPlacement';

export type PlacementApis = {
  /** the stored value (anything: parsed here) */
  read: () => Promise<unknown>;
  /** calls back with the new stored value whenever it changes */
  onChange: (listener: (raw: unknown) => void) => void;
  /** Chrome: whether the toolbar button opens the side panel instead of the popup; absent elsewhere */
  setActionOpensPanel?: (open: boolean) => Promise<void>;
};

export type PlacementCache = {
  /** the choice as last read or changed; undefined until the worker's first read answers */
  current(): CrmPlacement | undefined;
  /** settles once the first read has answered (or failed: then the default) */
  ready: Promise<void>;
};

export function followCrmPlacement(apis: PlacementApis, warn: (message: string) => void = () => {}): PlacementCache {
  let current: CrmPlacement | undefined;
  const apply = (placement: CrmPlacement) => {
    current = placement;
    apis.setActionOpensPanel?.(placement === 'sidePanel').catch((error: unknown) => {
      warn(`Dealside: could not set what the toolbar button opens (${error instanceof Error ? error.message : String(error)})`);
    });
  };
  let changedFirst = false;
  apis.onChange((raw) => {
    changedFirst = true;
    apply(parseCrmPlacement(raw));
  });
  const ready = apis
    .read()
    .catch(() => undefined)
    .then((raw) => {
      // a change reported before the read answered is newer than what the read saw
      if (!changedFirst) apply(parseCrmPlacement(raw));
    });
  return { current: () => current, ready };
}

type StorageApi = {
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>> };
    onChanged: { addListener(fn: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void };
  };
  sidePanel?: { setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void> };
};

/** The browser's APIs for followCrmPlacement: storage.local, and Chrome's sidePanel where there is one. */
export function crmPlacementApis(api: unknown): PlacementApis {
  const { storage, sidePanel } = api as StorageApi;
  return {
    read: () => storage.local.get(CRM_PLACEMENT_KEY).then((v) => v[CRM_PLACEMENT_KEY]),
    onChange: (listener) =>
      storage.onChanged.addListener((changes, area) => {
        if (area === 'local' && CRM_PLACEMENT_KEY in changes) listener(changes[CRM_PLACEMENT_KEY]!.newValue);
      }),
    ...(sidePanel?.setPanelBehavior ? { setActionOpensPanel: (open: boolean) => sidePanel.setPanelBehavior({ openPanelOnActionClick: open }) } : {}),
  };
}
