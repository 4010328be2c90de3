// Who may send what. Requests are accepted only from this extension; page requests only from
// our content scripts on supported sites; UI requests only from our own extension pages; and a
// content script takes orders (./shellProtocol.ts) only from our background.
// Content scripts import only ./backgroundSender.ts (re-exported here).
import { PAGE_REQUESTS } from './pageProtocol';
import type { RequestType } from './protocol';
import { isSupportedUrl } from '../sites/hosts';
import type { SenderCheck, SenderInfo } from './backgroundSender';

export { checkBackgroundSender, type SenderCheck, type SenderInfo } from './backgroundSender';

/**
 * What the in-page sidebar (sidebar.html in an iframe on a CRM page — the one extension page a web
 * page can embed) may ask: its own tab's view and the record work done from it. Never the settings,
 * the connections, the import or the workspace: a page that frames sidebar.html gets no more than
 * the sidebar shows for that page.
 */
export const EMBEDDED_REQUESTS: ReadonlySet<string> = new Set([
  'tab/view',
  'tab/shown',
  'qualification/answer',
  'qualification/element',
  'qualification/action',
  'qualification/role',
  'qualification/objection',
  'qualification/undo',
  'match/not-same',
  'sync/status',
  'sync/conflicts',
  'sync/resolve-conflict',
  'sync/deleted-record',
  'crm/add-check',
  'crm/add',
  'crm/link-profile',
  'crm/add-account-check',
  'crm/add-account',
  'crm/link-company-page',
  'activity/log',
  'person/job-change',
  'settings/sdr-get',
  'account/plan-edit',
  'abm/review',
  'abm/account',
]);

export function checkSender(
  type: RequestType,
  sender: SenderInfo,
  ownId: string,
  ownOrigin: string,
  request?: unknown,
): SenderCheck {
  if (sender.id !== ownId) return { ok: false, reason: 'not from this extension' };
  const url = sender.url ?? '';
  if (PAGE_REQUESTS.has(type)) {
    if (sender.tab?.id === undefined) return { ok: false, reason: 'page request without a tab' };
    if (sender.frameId !== undefined && sender.frameId !== 0) return { ok: false, reason: 'page request from a sub-frame' };
    if (!isSupportedUrl(url)) return { ok: false, reason: 'page request from an unsupported site' };
    return { ok: true };
  }
  if (!url.startsWith(ownOrigin)) return { ok: false, reason: 'UI request from outside the extension pages' };
  // An extension page in a sub-frame is the in-page sidebar, framed by a web page: it serves the
  // tab that embeds it and nothing else (another page on a CRM host framing sidebar.html?tab=N
  // for someone else's tab gets nothing), and only the sidebar's own requests.
  if (sender.frameId !== undefined && sender.frameId !== 0) {
    if (!url.startsWith(`${ownOrigin}sidebar.html`) && !url.startsWith(`${ownOrigin}/sidebar.html`)) return { ok: false, reason: 'an embedded extension page other than the sidebar' };
    if (!EMBEDDED_REQUESTS.has(type)) return { ok: false, reason: 'not a request the in-page sidebar makes' };
    const tabId = (request as { tabId?: unknown } | undefined)?.tabId;
    if (tabId !== undefined && tabId !== sender.tab?.id) return { ok: false, reason: 'the in-page sidebar asked for another tab' };
  }
  return { ok: true };
}
