// End-to-end tests: real Chromium with the built extension, fixture pages served at their real
// URLs by request interception. `npm run test:e2e` (scripts/run-e2e.ts) builds and runs these.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    // One Chromium at a time: the machine has two cores.
    fileParallelism: false,
    // Generous: CI shares two busy cores; a limit only catches a test that hangs.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
