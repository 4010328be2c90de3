// The in-page sidebar (an iframe on CRM pages). The content script passes the tab id.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DealsideProvider } from '../../components/app/DealsideProvider';
import { ReturnFocusOnEscape } from '../../components/app/ReturnFocusOnEscape';
import { TabPanel } from '../../components/sidebar/TabPanel';
import { prefetchTabView } from '../../components/app/queries';
import { tabIdFromSearch } from '../../utils/page/tabParam';

const tabId = tabIdFromSearch(location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DealsideProvider surface="sidebar" prefetch={(client) => prefetchTabView(client, tabId)}>
      <ReturnFocusOnEscape />
      <TabPanel tabId={tabId} />
    </DealsideProvider>
  </StrictMode>,
);
