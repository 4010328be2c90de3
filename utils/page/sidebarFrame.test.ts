// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
// The in-page sidebar costs a page nothing until there is a record to show, and then goes in when
// the page is idle, not in the middle of the page's own work.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSidebarFrame, type SidebarFrame } from './sidebarFrame';

let idle: (() => void)[] = [];
let frame: SidebarFrame | undefined;
const hosts = () => document.querySelectorAll('dealside-sidebar').length;
const runIdle = () => {
  const due = idle;
  idle = [];
  for (const fn of due) fn();
};

beforeEach(() => {
  fakeBrowser.reset();
  idle = [];
  let next = 0;
  const cancelled = new Set<number>();
  window.requestIdleCallback = ((cb: IdleRequestCallback) => {
    const id = ++next;
    idle.push(() => !cancelled.has(id) && cb({ didTimeout: false, timeRemaining: () => 50 }));
    return id;
  }) as typeof window.requestIdleCallback;
  window.cancelIdleCallback = (id: number) => void cancelled.add(id);
});

afterEach(() => {
  frame?.remove();
  frame = undefined;
});

describe('createSidebarFrame', () => {
  it('adds nothing and reads nothing while there is nothing to show', async () => {
    const read: unknown[] = [];
    const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    fakeBrowser.storage.local.get = ((keys: unknown) => (read.push(keys), get(keys as string))) as typeof fakeBrowser.storage.local.get;
    frame = createSidebarFrame(window);
    frame.hide();
    runIdle();
    await Promise.resolve();
    expect(hosts()).toBe(0);
    expect(read).toEqual([]);
    expect(frame.focus()).toBe(false);
  });

  it('inserts the frame when the page is idle after show()', () => {
    frame = createSidebarFrame(window);
    frame.show(7);
    expect(hosts()).toBe(0);
    runIdle();
    expect(hosts()).toBe(1);
    frame.show(7);
    runIdle();
    expect(hosts()).toBe(1);
  });

  it('inserts nothing if the record is gone before the page is idle', () => {
    frame = createSidebarFrame(window);
    frame.show(7);
    frame.hide();
    runIdle();
    expect(hosts()).toBe(0);
  });

  it('goes in at once for the keyboard command, and not again at idle', () => {
    frame = createSidebarFrame(window);
    frame.show(7);
    expect(frame.focus()).toBe(true);
    expect(hosts()).toBe(1);
    runIdle();
    expect(hosts()).toBe(1);
  });

  it('removed before the page is idle, it never goes in', () => {
    frame = createSidebarFrame(window);
    frame.show(7);
    frame.remove();
    runIdle();
    expect(hosts()).toBe(0);
  });
});
