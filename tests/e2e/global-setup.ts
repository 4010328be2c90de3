// Runs once before the e2e files: build the extension (unless DEALSIDE_SKIP_BUILD=1) and find
// Chromium (installing it with apt-get when possible), then hand both paths to the test files.
import type { TestProject } from 'vitest/node';
import { buildExtension, findChromium } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    extensionDir: string;
    chromePath: string;
  }
}

export default function setup(project: TestProject): void {
  const chromePath = findChromium();
  const extensionDir = buildExtension();
  console.log(`[e2e] Chromium: ${chromePath}\n[e2e] Extension: ${extensionDir}`);
  project.provide('chromePath', chromePath);
  project.provide('extensionDir', extensionDir);
}
