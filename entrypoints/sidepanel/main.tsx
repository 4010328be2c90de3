// The browser side panel (Chrome sidePanel, Firefox sidebar_action): the default surface on
// LinkedIn. With ?tab=<id> it shows that tab; otherwise it follows the active tab.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DealsideProvider } from '../../components/app/DealsideProvider';
import { TabPanel } from '../../components/sidebar/TabPanel';
import { tabIdFromSearch } from '../../utils/page/tabParam';
import { useActiveTabId } from '../../components/app/useActiveTabId';

function SidePanel() {
  const fixed = tabIdFromSearch(location.search);
  const active = useActiveTabId(fixed === undefined);
  return <TabPanel tabId={fixed ?? active} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DealsideProvider surface="sidepanel">
      <SidePanel />
    </DealsideProvider>
  </StrictMode>,
);
