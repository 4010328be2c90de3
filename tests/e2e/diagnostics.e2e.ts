// Selector health (issue #4, point 4): a CRM page whose DOM changed gives a clear "couldn't read
// this page" state with what the URL says, and the failure is listed in the options page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  launchWithExtension,
  openExtensionPage,
  openFixturePage,
  waitForSidebarFrame,
  waitForSurface,
  describeSurface,
  withFailureScreenshot,
  type Launched,
} from './harness';

const URL_REDESIGNED = 'https://app.hubspot.com/contacts/4481234/record/0-1/59999';

describe('a CRM page whose layout changed', () => {
  let launched: Launched;

  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('says it could not read the page, shows what the URL says, and lists it in diagnostics', () =>
    withFailureScreenshot('diagnostics-redesigned-page', async () => {
      const { page } = await openFixturePage(launched.browser, URL_REDESIGNED, { [URL_REDESIGNED]: 'hubspot/contact-redesigned.html' });
      const frame = await waitForSidebarFrame(page);
      const view = await waitForSurface(frame, (v) => v.state === 'unreadable', { timeoutMs: 30_000 });
      expect(view.entityName, describeSurface(view)).toBeUndefined();
      const text = await frame.$eval('[data-dealside-surface]', (el) => el.textContent ?? '');
      expect(text).toContain("Couldn't read this page");
      expect(text).toContain('59999');

      const { page: options } = await openExtensionPage(launched, 'options.html');
      await options.waitForSelector('[data-dealside="diagnostic"]', { timeout: 30_000 });
      const row = await options.$eval('[data-dealside="diagnostic"]', (el) => el.textContent ?? '');
      expect(row).toContain('hubspot');
      expect(row).toContain('hubspot.0-1.name');
      expect(row).toContain('Could not read');
      await options.close();
      await page.close();
    }));
});
