// `npm run test:firefox` and the "firefox" step of `npm test`: the Firefox tests (vitest.firefox.config.ts)
// with the default and JSON reporters (test-output/firefox.json), after building the Firefox
// extension once. The global setup finds or installs Firefox ESR and says plainly when Firefox cannot be
// installed (the step then fails). The exit code of vitest is passed through.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../tests/e2e/harness';
import { buildFirefoxExtension } from '../tests/firefox/harness';

try {
  buildFirefoxExtension();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
const run = spawnSync(
  'npx',
  ['vitest', 'run', '-c', 'vitest.firefox.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-output/firefox.json', ...process.argv.slice(2)],
  // Built above: the global setup must not build again.
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, DEALSIDE_SKIP_BUILD: '1' } },
);
if (run.error) console.error(run.error.message);
if (run.signal) console.error(`vitest was stopped by ${run.signal}`);
process.exit(run.status ?? 1);
