import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { uiRuntimeAliases } from './scripts/build/uiRuntime';

export default defineConfig({
  plugins: [WxtVitest()],
  // the UI's tests render with the runtime that ships (Preact through preact/compat)
  resolve: { alias: uiRuntimeAliases },
  test: {
    include: ['{utils,components,entrypoints,scripts,bench}/**/*.test.{ts,tsx}'],
    setupFiles: ['fake-indexeddb/auto'],
    environment: 'node',
    // No test may fail for being slow: CI shares two busy cores. Timings are measured in
    // `npm run bench`, never asserted here, so the limits only catch a test that hangs.
    // react-query imports `react` too: bundled through the aliases above, not loaded by Node
    server: { deps: { inline: ['@tanstack/react-query', '@tanstack/query-core'] } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
