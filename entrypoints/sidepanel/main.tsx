// The browser side panel (Chrome sidePanel, Firefox sidebar_action): the default surface on
// LinkedIn. With ?tab=<id> it shows that tab; otherwise it follows the active tab. Above the tab's
// record, the quick search ("is it in the CRM?"): with Dealside placed in the side panel the
// toolbar button opens this panel, not the popup that holds it otherwise.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DealsideProvider } from '../../components/app/DealsideProvider';
import { TabPanel } from '../../components/sidebar/TabPanel';
import { tabIdFromSearch } from '../../utils/page/tabParam';
import { useActiveTabId } from '../../components/app/useActiveTabId';
import { QuickSearch } from '../../components/popup/QuickSearch';

function SidePanel() {
  const fixed = tabIdFromSearch(location.search);
  const active = useActiveTabId(fixed === undefined);
  return (
    <>
      <div className="border-b border-slate-200 bg-white px-3 py-2">
        <QuickSearch focusOnOpen={false} />
      </div>
      <TabPanel tabId={fixed ?? active} />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DealsideProvider surface="sidepanel">
      <SidePanel />
    </DealsideProvider>
  </StrictMode>,
);
