// End-to-end harness: Screenshots of failures and of every open page, and waiting for a condition.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { ROOT, SCREENSHOT_DIR, openBrowsers } from './browser';

// ---------------------------------------------------------------------------------------------
// Screenshots

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'screenshot';
}

/** Writes a PNG of every open page of every browser this process launched. Returns the files. */
export async function screenshotAllPages(name: string, dir = SCREENSHOT_DIR): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let n = 0;
  for (const browser of openBrowsers) {
    const pages = await browser.pages().catch(() => [] as Page[]);
    for (const page of pages) {
      n += 1;
      const file = path.join(dir, `${safeName(name)}${n === 1 ? '' : `-${n}`}.png`);
      try {
        // A tab in the background produces no frames: bring it to the front, and never wait long.
        await withTimeout(page.bringToFront(), 3_000, 'bringToFront');
        await withTimeout(page.screenshot({ path: file as `${string}.png`, fullPage: false }), 10_000, 'screenshot');
        files.push(file);
      } catch (error) {
        console.warn(`[e2e] Could not screenshot ${page.url()}: ${String(error)}`);
      }
    }
  }
  return files;
}

/**
 * Runs `fn`; if it throws, writes test-output/screenshots/<name>.png (and <name>-2.png … for
 * further pages) of every open page, then rethrows.
 */
/**
 * Poll until the probe gives a value (not undefined / false): the worker syncs on its own schedule,
 * so tests wait for what they expect rather than for a time. A probe that throws is tried again;
 * the last error is told if the deadline passes. No timing is asserted.
 */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * What every open page and frame shows, as text: CI keeps the log, not the screenshots, so a
 * failure that happens there only once can still be read afterwards.
 */
export async function describeAllPages(): Promise<string> {
  const lines: string[] = [];
  for (const browser of openBrowsers) {
    const pages = await browser.pages().catch(() => [] as Page[]);
    for (const page of pages) {
      for (const frame of page.frames()) {
        const text = await withTimeout(
          frame.evaluate(() => (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 600)),
          3_000,
          'reading the frame',
        ).catch((error: unknown) => `(unreadable: ${String(error)})`);
        lines.push(`  ${frame === page.mainFrame() ? 'page' : '  frame'} ${frame.url().slice(0, 160)}\n      ${text || '(no text)'}`);
      }
    }
  }
  return lines.join('\n');
}

export async function withFailureScreenshot<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const files = await screenshotAllPages(name);
    if (files.length) console.error(`[e2e] ${name} failed; screenshots: ${files.map((f) => path.relative(ROOT, f)).join(', ')}`);
    console.error(`[e2e] ${name} failed; what the open pages showed:\n${await describeAllPages().catch((e: unknown) => String(e))}`);
    throw error;
  }
}

/** Saves a PNG of one page under `dir`. */
export async function savePng(page: Page, dir: string, name: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${safeName(name)}.png`) as `${string}.png`;
  await withTimeout(page.bringToFront(), 3_000, 'bringToFront');
  await withTimeout(page.screenshot({ path: file }), 15_000, 'screenshot');
  return file;
}
