import { describe, expect, it } from 'vitest';
import { createCommandHandler, hasInPageSidebar, sidePanelOpener, type CommandTab } from './commands';

const HUBSPOT_CONTACT = 'https://app.hubspot.com/contacts/4481234/record/0-1/51001';

function fakeApis(inPage: boolean | 'throws') {
  const calls: string[] = [];
  return {
    calls,
    apis: {
      openSidePanel: (tab: CommandTab | undefined) => {
        calls.push(`side-panel ${tab?.id ?? '-'}`);
        return Promise.resolve();
      },
      focusInPageSidebar: (tabId: number) => {
        calls.push(`focus ${tabId}`);
        return inPage === 'throws' ? Promise.reject(new Error('Could not establish connection')) : Promise.resolve(inPage);
      },
    },
  };
}

describe('the keyboard command', () => {
  it('knows where the in-page sidebar is: CRM pages of one record, never LinkedIn', () => {
    expect(hasInPageSidebar(HUBSPOT_CONTACT)).toBe(true);
    expect(hasInPageSidebar('https://acme.lightning.force.com/lightning/r/Lead/00QDn00000AnDrSMAV/view')).toBe(true);
    expect(hasInPageSidebar('https://app.hubspot.com/contacts/4481234/objects/0-1/views/all/list')).toBe(false);
    expect(hasInPageSidebar('https://www.linkedin.com/in/mariajosegarcialopez/')).toBe(false);
    expect(hasInPageSidebar('https://example.com/contacts/1')).toBe(false);
    expect(hasInPageSidebar(undefined)).toBe(false);
  });

  it('focuses the in-page sidebar on a CRM record', async () => {
    const { apis, calls } = fakeApis(true);
    expect(await createCommandHandler(apis)('open-dealside', { id: 7, url: HUBSPOT_CONTACT })).toBe('in-page');
    expect(calls).toEqual(['focus 7']);
  });

  it('opens the side panel elsewhere, before awaiting anything (the gesture ends at the first await)', () => {
    const { apis, calls } = fakeApis(true);
    void createCommandHandler(apis)('open-dealside', { id: 8, url: 'https://www.linkedin.com/in/x/' });
    expect(calls).toEqual(['side-panel 8']); // synchronously
    void createCommandHandler(apis)('open-dealside', undefined); // Firefox before 126 gives no tab
    expect(calls).toEqual(['side-panel 8', 'side-panel -']);
  });

  it('falls back to the side panel when the CRM page shows no sidebar after all', async () => {
    for (const answer of [false, 'throws'] as const) {
      const { apis, calls } = fakeApis(answer);
      expect(await createCommandHandler(apis)('open-dealside', { id: 9, url: HUBSPOT_CONTACT })).toBe('side-panel-fallback');
      expect(calls).toEqual(['focus 9', 'side-panel 9']);
    }
  });

  it('with Dealside in the side panel, opens it on a CRM record too, synchronously, without asking the page', () => {
    const { apis, calls } = fakeApis(true);
    void createCommandHandler(apis, undefined, () => 'sidePanel')('open-dealside', { id: 7, url: HUBSPOT_CONTACT });
    expect(calls).toEqual(['side-panel 7']); // synchronously: still inside the shortcut's gesture
  });

  it('beside the page, or not known yet (a worker the command woke), asks the CRM page first', async () => {
    for (const placement of ['page', undefined] as const) {
      const { apis, calls } = fakeApis(true);
      expect(await createCommandHandler(apis, undefined, () => placement)('open-dealside', { id: 7, url: HUBSPOT_CONTACT })).toBe('in-page');
      expect(calls).toEqual(['focus 7']);
    }
    // not known yet, and the page is in side-panel mode: it answers that it shows no sidebar
    const { apis, calls } = fakeApis(false);
    expect(await createCommandHandler(apis, undefined, () => undefined)('open-dealside', { id: 7, url: HUBSPOT_CONTACT })).toBe('side-panel-fallback');
    expect(calls).toEqual(['focus 7', 'side-panel 7']);
  });

  it('ignores other commands and reports a side panel that would not open', async () => {
    const warnings: string[] = [];
    const { apis } = fakeApis(true);
    const handler = createCommandHandler({ ...apis, openSidePanel: () => Promise.reject(new Error('no gesture')) }, (m) => warnings.push(m));
    expect(await handler('something-else', { id: 1 })).toBe('ignored');
    expect(await handler('open-dealside', { id: 1, url: 'https://www.linkedin.com/feed/' })).toBe('failed');
    expect(warnings).toEqual(['Dealside: could not open the side panel (no gesture)']);
  });

  it("opens Chrome's side panel for the tab, or Firefox's sidebar", async () => {
    const opened: unknown[] = [];
    const record = (value: unknown) => {
      opened.push(value);
      return Promise.resolve();
    };
    await sidePanelOpener({ sidePanel: { open: record } })({ id: 3, windowId: 1 });
    await sidePanelOpener({ sidePanel: { open: record } })(undefined);
    await sidePanelOpener({ sidebarAction: { open: () => record('sidebar') } })({ id: 3 });
    expect(opened).toEqual([{ tabId: 3 }, { windowId: -2 }, 'sidebar']);
    await expect(sidePanelOpener({})({ id: 3 })).rejects.toThrow(/no side panel/);
  });
});
