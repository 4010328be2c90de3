// The toolbar popup: what Dealside sees on this tab, and the way into the side panel.
import { browser } from 'wxt/browser';
import { useActiveTabId } from '../app/useActiveTabId';
import { useTabView, useWorkspaceStatus } from '../app/queries';
import { useTranslator } from '../app/DealsideProvider';
import { Pill } from '../ui/primitives';
import { QuickSearch } from './QuickSearch';

type SidePanelApi = { open(options: { windowId?: number; tabId?: number }): Promise<void> };
type SidebarActionApi = { open(): Promise<void> };

async function openSidePanel(tabId: number | undefined) {
  const api = browser as unknown as { sidePanel?: SidePanelApi; sidebarAction?: SidebarActionApi };
  if (api.sidePanel) {
    const win = await browser.windows.getCurrent();
    await api.sidePanel.open({ windowId: win.id });
  } else if (api.sidebarAction) {
    await api.sidebarAction.open();
  }
  void tabId;
  window.close();
}

export function PopupPage() {
  const { t } = useTranslator();
  const tabId = useActiveTabId(true);
  const view = useTabView(tabId);
  const status = useWorkspaceStatus();
  const entity = view.data?.entity;
  return (
    <main className="w-80 space-y-2 p-3">
      <div className="flex items-center justify-between">
        <h1 className="text-[12px] font-bold tracking-wider text-teal-700 uppercase">Dealside</h1>
        {status.data?.mode === 'demo' ? <Pill tone="violet">{t('demoBadge')}</Pill> : null}
      </div>
      <div className="rounded border border-slate-200 bg-white p-2">
        <div className="text-[11px] text-slate-500 uppercase">{t('currentTab')}</div>
        {entity ? (
          <>
            <div data-dealside="entity-name" className="font-semibold">{entity.displayName}</div>
            <div className="text-slate-600">
              {entity.verdict === 'in-crm' ? t('verdictInCrm') : entity.verdict === 'possible' ? t('verdictPossible') : t('verdictNew')}
            </div>
          </>
        ) : (
          <div className="text-slate-600">{t('stateNoPage')}</div>
        )}
      </div>
      <QuickSearch />
      <div className="flex gap-2">
        <button className="flex-1 rounded bg-teal-700 px-2 py-1.5 font-medium text-white" onClick={() => void openSidePanel(tabId)}>
          {t('openSidePanel')}
        </button>
        <button className="rounded border border-slate-300 px-2 py-1.5" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('options')}
        </button>
      </div>
    </main>
  );
}
