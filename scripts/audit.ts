// `npm test`'s supply-chain step: `npm audit --omit=dev --audit-level=high --json`, judged by
// scripts/audit/decide.ts. A high or critical advisory in a production dependency fails; when the
// registry's advisory service cannot be reached the step says so plainly and does not fail. Writes
// a vitest-shaped report (test-output/audit.json) so the summary counts it: passed, failed, or
// skipped with the reason.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { decideAudit } from './audit/decide';

const TIME_LIMIT_MS = 120_000;

const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json', '--fetch-timeout=30000', '--fetch-retries=1'], {
  encoding: 'utf8',
  timeout: TIME_LIMIT_MS,
  maxBuffer: 64 * 1024 * 1024,
});
const verdict = decideAudit({
  status: run.status,
  stdout: run.stdout ?? '',
  stderr: `${run.stderr ?? ''}${run.error && (run.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT' ? `\n${run.error.message}` : ''}`,
  timedOut: (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || run.signal === 'SIGTERM',
});
console.log(`audit (production dependencies): ${verdict.message}`);
mkdirSync('test-output', { recursive: true });
writeFileSync(
  'test-output/audit.json',
  JSON.stringify({
    numPassedTests: verdict.kind === 'pass' ? 1 : 0,
    numFailedTests: verdict.kind === 'fail' ? 1 : 0,
    numPendingTests: verdict.kind === 'unreachable' ? 1 : 0,
    numTodoTests: 0,
    note: verdict.kind === 'unreachable' ? 'NOT CHECKED: advisory service unreachable' : undefined,
  }),
);
process.exit(verdict.kind === 'fail' ? 1 : 0);
