// What every screenshot script ends with: run its main, exit 0 when done, print the error and exit
// 1 when it fails (a browser left open would otherwise keep the process alive).
import path from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { ROOT } from '../../tests/e2e/harness';

export function runScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}

/** A section of a page scrolled into view and saved as a PNG, its path printed. */
export async function saveSection(section: ElementHandle<Element>, out: string): Promise<void> {
  await section.scrollIntoView();
  await section.screenshot({ path: out as `${string}.png` });
  console.log(`Wrote ${path.relative(ROOT, out)}`);
}
