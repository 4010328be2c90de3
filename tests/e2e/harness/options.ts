// End-to-end harness: the steps every sign-in test takes in Options → Connections before its own.
import type { Page } from 'puppeteer-core';
import type { Launched } from './browser';
import { openExtensionPage } from './fixtures';
import { askBackground, clickUntil } from './surfaces';

export type SignInSetUp = {
  options: Page;
  /** the CRM's connection card, as a selector */
  card: string;
  /** its "Sign in with …" button, as a selector */
  signIn: string;
  /** whether that button was disabled when the form opened (no app set up yet) */
  signInDisabled: boolean;
  /** the callback URL the set-up shows, to register with the CRM's app */
  redirect: string;
};

/**
 * Options with the demo workspace removed and every section loaded, `system`'s connect form open
 * and the admin's "Set up sign-in" unfolded.
 */
export async function openSignInSetUp(launched: Launched, system: string, timeoutMs: number): Promise<SignInSetUp> {
  const { page: options } = await openExtensionPage(launched, 'options.html');
  await askBackground(options, { type: 'workspace/remove-demo' });
  const card = `[data-dealside="connection"][data-system="${system}"]`;
  await options.waitForSelector(`${card}[data-status="none"]`, { timeout: timeoutMs });
  // The workspace section has re-rendered without the demo, and the sections below have loaded.
  await options.waitForSelector('[data-dealside="load-demo"]', { timeout: timeoutMs });
  await options.waitForSelector('[data-dealside="model-version"]', { timeout: timeoutMs });
  const signIn = `${card} [data-dealside="connect-oauth"]`;
  await clickUntil(options, `${card} [data-dealside="connect-open"]`, signIn);
  const signInDisabled = await options.$eval(signIn, (el) => (el as HTMLButtonElement).disabled);
  await clickUntil(options, `${card} [data-dealside="oauth-setup"] summary`, () =>
    options.$eval(`${card} [data-dealside="oauth-setup"]`, (el) => (el as HTMLDetailsElement).open),
  );
  const redirect = await options.$eval(`${card} [data-dealside="oauth-redirect"]`, (el) => (el as HTMLInputElement).value);
  return { options, card, signIn, signInDisabled, redirect };
}
