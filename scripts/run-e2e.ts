// `npm run test:e2e`: build the extension once (unless DEALSIDE_SKIP_BUILD=1), then run the
// end-to-end tests with the default and JSON reporters (test-output/e2e.json). The exit code of
// vitest is passed through.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, buildExtension } from '../tests/e2e/harness';

function main(): number {
  try {
    buildExtension();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
  fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  const args = [
    'vitest',
    'run',
    '-c',
    'vitest.e2e.config.ts',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-output/e2e.json',
    ...process.argv.slice(2),
  ];
  const run = spawnSync('npx', args, {
    cwd: ROOT,
    stdio: 'inherit',
    // Built above: the global setup must not build again.
    env: { ...process.env, DEALSIDE_SKIP_BUILD: '1' },
  });
  if (run.error) {
    console.error(run.error.message);
    return 1;
  }
  if (run.signal) {
    console.error(`vitest was stopped by ${run.signal}`);
    return 1;
  }
  return run.status ?? 1;
}

process.exit(main());
