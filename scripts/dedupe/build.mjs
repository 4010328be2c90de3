// Bundles the dedupe CLI (`scripts/dedupe.ts` and what it imports) into one plain-JavaScript file
// that `node` runs without a TypeScript loader: `npm run dedupe` builds it (a fraction of a second)
// and runs it. tsx's loader (its module hooks and their worker thread) holds about 60 MB of the
// process's memory before the first row is read; a million rows must fit in ~300 MB.
// Usage: `node scripts/dedupe/build.mjs` → prints nothing, writes DEDUPE_BUNDLE.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEDUPE_BUNDLE = join(root, '.output', 'cli', 'dedupe.mjs');

/** Write the bundle (to a temporary name, then renamed: two runs at once never read half a file). */
export async function buildDedupe(out = DEDUPE_BUNDLE) {
  const result = await build({
    entryPoints: [join(root, 'scripts', 'dedupe.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'warning',
    // not the project's tsconfig.json: it extends WXT's generated one, absent until `wxt prepare`
    tsconfigRaw: {},
    // CommonJS packages in the bundle (papaparse, iconv-lite …) call require()
    banner: { js: "import { createRequire as __dealsideRequire } from 'node:module'; const require = __dealsideRequire(import.meta.url);" },
  });
  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.${process.pid}.partial`;
  writeFileSync(partial, result.outputFiles[0].contents);
  renameSync(partial, out);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildDedupe();
