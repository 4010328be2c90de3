// Firefox tests: the Firefox build checked by `web-ext lint`, and Firefox ESR driven through
// WebDriver BiDi with the build installed. `npm test` runs them as the "firefox" step
// (scripts/run-firefox.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.firefox.ts'],
    environment: 'node',
    globalSetup: ['tests/firefox/global-setup.ts'],
    fileParallelism: false,
    // Generous: CI shares two busy cores; a limit only catches a test that hangs.
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
