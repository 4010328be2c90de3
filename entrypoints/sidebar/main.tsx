// The in-page sidebar (an iframe on CRM pages). The content script passes the tab id.
//
// This entry is small on purpose (issue #15.2): it asks the background for the tab's view and reads
// the language choice first, then loads the app (./app.tsx: React, the panels, the schemas — most of
// what the page loads, and its style sheet: a style sheet in the page would hold this script back
// until it had loaded). Both round trips run while the app loads, instead of after it.
import { sendUnchecked } from '../../utils/messaging/call';
import { readLanguagePreference } from '../../utils/page/preferences';
import { tabIdFromSearch } from '../../utils/page/tabParam';
import type { EarlyReads } from './app';

const tabId = tabIdFromSearch(location.search);
const view = tabId === undefined ? undefined : sendUnchecked({ type: 'tab/view', tabId });
// taken, and any failure shown, by the app; not an unhandled rejection meanwhile
view?.catch(() => undefined);
const early: EarlyReads = { ...(view ? { view } : {}) };
void readLanguagePreference().then((language) => (early.language = language));

void import('./app').then((app) => app.start(tabId, early));
