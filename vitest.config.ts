import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['{utils,components,entrypoints,scripts,bench}/**/*.test.{ts,tsx}'],
    setupFiles: ['fake-indexeddb/auto'],
    environment: 'node',
    // No test may fail for being slow: CI shares two busy cores. Timings are measured in
    // `npm run bench`, never asserted here, so the limits only catch a test that hangs.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
