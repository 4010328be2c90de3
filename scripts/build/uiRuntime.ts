// The UI's runtime: the code is written against React's API (types from @types/react, hooks,
// @tanstack/react-query) and runs on Preact through preact/compat. A sidebar frame loads its
// whole bundle on every CRM page load: react-dom alone was ~200 KB of the ~530 KB minified it
// evaluated before the first paint, Preact is ~15 KB (ARCHITECTURE.md, "Dependencies").
// Both the extension's build (wxt.config.ts) and the unit tests (vitest.config.ts) resolve
// through this list, so the tests exercise what ships.
import type { Alias } from 'vite';

export const uiRuntimeAliases: Alias[] = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  // tests only: markup rendered to a string (preact-render-to-string, a dev dependency)
  { find: /^react-dom\/server$/, replacement: 'preact/compat/server' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];
