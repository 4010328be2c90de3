// The in-page sidebar's app, loaded by ./main.tsx once it has sent its first reads.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DealsideProvider } from '../../components/app/DealsideProvider';
import { ReturnFocusOnEscape } from '../../components/app/ReturnFocusOnEscape';
import { TabPanel } from '../../components/sidebar/TabPanel';
import { prefetchTabView } from '../../components/app/queries';
import type { LanguagePreference } from '../../utils/i18n/locale';

/** What the entry asked before this loaded: the tab's view, sent; the language choice, once read. */
export type EarlyReads = { view?: Promise<unknown>; language?: LanguagePreference };

export function start(tabId: number | undefined, early: EarlyReads): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <DealsideProvider surface="sidebar" language={early.language} prefetch={(client) => prefetchTabView(client, tabId, early.view)}>
        <ReturnFocusOnEscape />
        <TabPanel tabId={tabId} />
      </DealsideProvider>
    </StrictMode>,
  );
}
