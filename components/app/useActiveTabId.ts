// The id of the active tab in this window, kept current as the user switches tabs.
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';

export function useActiveTabId(enabled: boolean): number | undefined {
  const [tabId, setTabId] = useState<number>();
  useEffect(() => {
    if (!enabled) return;
    let windowId: number | undefined;
    let live = true;
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      if (!live || !tab) return;
      windowId = tab.windowId;
      setTabId(tab.id);
    });
    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (windowId === undefined || info.windowId === windowId) setTabId(info.tabId);
    };
    browser.tabs.onActivated.addListener(onActivated);
    return () => {
      live = false;
      browser.tabs.onActivated.removeListener(onActivated);
    };
  }, [enabled]);
  return tabId;
}
