// Lint: TypeScript rules, React hooks, and the architecture's import boundaries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The domain core and the matcher are pure TypeScript: no extension APIs, no storage, no UI, no
// DOM. They must stay testable in milliseconds and usable by the command-line tools.
const PURE_CORE_BANNED = [
  { group: ['wxt', 'wxt/*', '@wxt-dev/*'], message: 'utils/domain and utils/match are pure: no WXT / browser APIs.' },
  { group: ['idb', 'idb/*', 'fake-indexeddb', 'fake-indexeddb/*'], message: 'utils/domain and utils/match are pure: no IndexedDB.' },
  { group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'preact', 'preact/*', '@tanstack/*'], message: 'utils/domain and utils/match are pure: no React.' },
  { group: ['**/store/**', '**/messaging/**', '**/background/**', '**/page/**', '**/components/**', '**/entrypoints/**'], message: 'utils/domain and utils/match import only pure code.' },
];

const ZOD_PATH = { name: 'zod', message: "Import zod/mini (import * as z from 'zod/mini'): it keeps content scripts small." };

/** Folders a layer may not import, as import patterns (relative or '@/'). */
const banned = (layer, folders) =>
  folders.map((f) => ({ group: [`**/${f}`, `**/${f}/**`], message: `${layer} does not import ${f} (ARCHITECTURE.md, "Layers").` }));

// The layers, from the surfaces down (ARCHITECTURE.md, "Layers"). Each block lists what a folder
// may NOT import; utils/boundaries.test.ts proves each rule bites and that folders form no cycle.
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx'];
const NO_TEST_CODE = banned('Production code', ['tests', 'bench']);

const LAYER_RULES = [
  // surfaces talk to the background through the protocol only
  { files: ['components/**/*.{ts,tsx}'], patterns: banned('A surface', ['store', 'sync', 'background', 'match', 'import/background', 'idb']) },
  // content scripts: the page's sites, the page session and the protocol (and the UI language)
  {
    files: ['utils/page/**/*.ts', 'entrypoints/*.content/**/*.ts'],
    patterns: banned('A content script', ['store', 'sync', 'background', 'match', 'domain', 'import', 'demo', 'components', 'text', 'csv', 'crms']),
  },
  // the store persists and queries
  { files: ['utils/store/**/*.ts'], patterns: banned('The store', ['messaging', 'background', 'sync', 'match', 'page', 'components', 'entrypoints', 'import', 'demo']) },
  // the background answers the protocol: it reads no surface and none of the options page's import
  { files: ['utils/background/**/*.ts'], patterns: banned('The background', ['components', 'entrypoints', 'import/page']) },
  // sync is the background's: no UI, no page, no surfaces' views
  { files: ['utils/sync/**/*.ts'], patterns: banned('Sync', ['components', 'page', 'entrypoints', 'background', 'import']) },
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-output/**', 'demo-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        { paths: [ZOD_PATH] },
      ],
    },
  },
  {
    files: ['**/*.tsx', 'components/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The UI runs on Preact (scripts/build/uiRuntime.ts), which does not focus on mount.
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='autoFocus']", message: 'autoFocus focuses nothing added after the page loaded: use useFocusOnMount (components/app/useFocusOnMount.ts) as the ref.' },
        // preact/compat picks a <select defaultValue>'s option by the option's value prop, not its text
        { selector: "JSXOpeningElement[name.name='option']:not(:has(JSXAttribute[name.name='value']))", message: 'Give every <option> a value: Preact selects a defaultValue by it.' },
      ],
    },
  },
  // production code never imports test support or benchmark code
  {
    files: ['utils/**/*.ts', 'components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [ZOD_PATH], patterns: NO_TEST_CODE }] },
  },
  ...LAYER_RULES.map(({ files, patterns }) => ({
    files,
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [ZOD_PATH], patterns: [...patterns, ...NO_TEST_CODE] }] },
  })),
  {
    // bench/match: the matcher's benchmark data, kept as pure as the matcher it feeds.
    files: ['utils/domain/**/*.ts', 'utils/match/**/*.ts', 'utils/text/**/*.ts', 'bench/match/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', { paths: [ZOD_PATH], patterns: PURE_CORE_BANNED }],
      // No DOM and no extension globals: time and I/O come in as parameters.
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'chrome', 'browser', 'indexedDB', 'localStorage', 'navigator', 'fetch'].map((name) => ({
          name,
          message: 'utils/domain and utils/match are pure.',
        })),
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass the time in as a parameter.' }],
    },
  },
  {
    files: ['utils/domain/**/*.ts', 'utils/match/**/*.ts', 'utils/text/**/*.ts'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [ZOD_PATH], patterns: [...PURE_CORE_BANNED, ...NO_TEST_CODE] }] },
  },
);
