import { describe, expect, it } from 'vitest';
import { checkBackgroundSender, checkSender } from './guard';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('checkSender', () => {
  it('accepts page requests from our content script on a supported site, top frame', () => {
    expect(
      checkSender('page/detected', { id: ID, url: 'https://app.hubspot.com/contacts/1/record/0-1/2', tab: { id: 3 }, frameId: 0 }, ID, ORIGIN),
    ).toEqual({ ok: true });
  });

  it('refuses another extension, an unsupported site, a sub-frame and a missing tab', () => {
    const page = { url: 'https://www.linkedin.com/in/x', tab: { id: 3 }, frameId: 0 };
    expect(checkSender('page/detected', { ...page, id: 'other' }, ID, ORIGIN).ok).toBe(false);
    expect(checkSender('page/detected', { ...page, id: ID, url: 'https://evil.example/' }, ID, ORIGIN).ok).toBe(false);
    expect(checkSender('page/detected', { ...page, id: ID, frameId: 4 }, ID, ORIGIN).ok).toBe(false);
    expect(checkSender('page/detected', { id: ID, url: page.url }, ID, ORIGIN).ok).toBe(false);
  });

  it('accepts UI requests only from our own extension pages', () => {
    expect(checkSender('tab/view', { id: ID, url: `${ORIGIN}sidepanel.html?tab=1` }, ID, ORIGIN).ok).toBe(true);
    // a content script (web page URL) may not ask for views or wipe the workspace
    expect(checkSender('workspace/remove-demo', { id: ID, url: 'https://app.hubspot.com/', tab: { id: 1 } }, ID, ORIGIN).ok).toBe(false);
  });
});

describe('checkSender: the in-page sidebar, framed by a web page', () => {
  const framed = (tab: number) => ({ id: ID, url: `${ORIGIN}sidebar.html?tab=${tab}`, tab: { id: 7 }, frameId: 3 });

  it('serves the tab that embeds it, and only that tab', () => {
    expect(checkSender('tab/view', framed(7), ID, ORIGIN, { type: 'tab/view', tabId: 7 })).toEqual({ ok: true });
    expect(checkSender('tab/shown', framed(7), ID, ORIGIN, { type: 'tab/shown', tabId: 7 })).toEqual({ ok: true });
    expect(checkSender('tab/shown', framed(12), ID, ORIGIN, { type: 'tab/shown', tabId: 12 })).toEqual({ ok: false, reason: 'the in-page sidebar asked for another tab' });
    // a page on a CRM host framing sidebar.html?tab=N for someone else's tab reads nothing
    expect(checkSender('tab/view', framed(12), ID, ORIGIN, { type: 'tab/view', tabId: 12 })).toEqual({ ok: false, reason: 'the in-page sidebar asked for another tab' });
  });

  it('makes only the sidebar’s own requests: no settings, connections, import or workspace', () => {
    expect(checkSender('qualification/answer', framed(7), ID, ORIGIN, {}).ok).toBe(true);
    for (const type of ['workspace/remove-demo', 'sync/disconnect', 'sync/connect-token', 'settings/qualify-set', 'settings/sdr-set', 'import/start', 'sync/discard'] as const) {
      expect(checkSender(type, framed(7), ID, ORIGIN, {}).ok, type).toBe(false);
    }
    // the same requests from the side panel or Options (not framed by a page) are theirs to make
    expect(checkSender('sync/disconnect', { id: ID, url: `${ORIGIN}options.html`, tab: { id: 9 }, frameId: 0 }, ID, ORIGIN, {}).ok).toBe(true);
    expect(checkSender('tab/view', { id: ID, url: `${ORIGIN}sidepanel.html?tab=12` }, ID, ORIGIN, { type: 'tab/view', tabId: 12 }).ok).toBe(true);
  });

  it('refuses any other extension page in a frame', () => {
    expect(checkSender('tab/view', { id: ID, url: `${ORIGIN}options.html`, tab: { id: 7 }, frameId: 3 }, ID, ORIGIN, { tabId: 7 }).ok).toBe(false);
  });
});

describe('checkBackgroundSender (content scripts)', () => {
  it('accepts our background only', () => {
    expect(checkBackgroundSender({ id: ID, url: `${ORIGIN}background.js` }, ID, ORIGIN)).toEqual({ ok: true });
    // another extension, another content script (it has a tab), a page pretending with our id
    expect(checkBackgroundSender({ id: 'other', url: 'chrome-extension://other/background.js' }, ID, ORIGIN).ok).toBe(false);
    expect(checkBackgroundSender({ id: ID, url: 'https://app.hubspot.com/', tab: { id: 2 }, frameId: 0 }, ID, ORIGIN).ok).toBe(false);
    expect(checkBackgroundSender({ id: ID, url: `${ORIGIN}sidebar.html?tab=2`, tab: { id: 2 }, frameId: 5 }, ID, ORIGIN).ok).toBe(false);
    expect(checkBackgroundSender({ id: ID, url: 'https://evil.example/' }, ID, ORIGIN).ok).toBe(false);
  });
});
