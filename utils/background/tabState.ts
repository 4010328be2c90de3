// What each tab shows, kept in storage.session so it survives the service worker being stopped
// (MV3 stops it after ~30 s idle) and is forgotten when the browser closes.
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { pageRefSchema } from '../sites/types';
import { pageSnapshotSchema } from '../sites/snapshot';

export const tabRecordSchema = lazySchema(() => z.object({
  url: z.string(),
  ref: z.optional(pageRefSchema),
  snapshot: z.optional(pageSnapshotSchema),
  updatedAt: z.string(),
}));
export type TabRecord = z.infer<typeof tabRecordSchema>;

const key = (tabId: number) => `tab:${tabId}`;

export async function getTabRecord(tabId: number): Promise<TabRecord | undefined> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)];
  const parsed = tabRecordSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

export async function setTabRecord(tabId: number, record: TabRecord): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: record });
}

export async function clearTabRecord(tabId: number): Promise<void> {
  await browser.storage.session.remove(key(tabId));
}
