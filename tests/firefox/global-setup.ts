// Runs once before the Firefox tests: find (or install) Firefox and build the Firefox extension,
// then hand both paths to the test files.
import type { TestProject } from 'vitest/node';
import { buildFirefoxExtension, findFirefox } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    firefoxPath: string;
    firefoxExtensionDir: string;
  }
}

export default function setup(project: TestProject): void {
  const firefoxPath = findFirefox();
  const firefoxExtensionDir = buildFirefoxExtension();
  console.log(`[firefox] Firefox: ${firefoxPath}\n[firefox] Extension: ${firefoxExtensionDir}`);
  project.provide('firefoxPath', firefoxPath);
  project.provide('firefoxExtensionDir', firefoxExtensionDir);
}
