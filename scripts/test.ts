// `npm test`: types, lint, unit tests, end-to-end tests — in that order, stopping at the first
// failing step — then one summary line that CI reads: "Tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

type Step = { name: string; command: string; args: string[]; report?: string };

const steps: Step[] = [
  { name: 'types', command: 'npx', args: ['tsc', '--noEmit'] },
  { name: 'lint', command: 'npx', args: ['eslint', '.'] },
  {
    name: 'unit',
    command: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-output/unit.json'],
    report: 'test-output/unit.json',
  },
  { name: 'e2e', command: 'npx', args: ['tsx', 'scripts/run-e2e.ts'], report: 'test-output/e2e.json' },
];

const only = process.argv.slice(2);
mkdirSync('test-output', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
const summary: string[] = [];

for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  if (step.report) rmSync(step.report, { force: true });
  console.log(`\n▶ ${step.name}: ${step.command} ${step.args.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.command, step.args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.report && existsSync(step.report)) {
    const r = JSON.parse(readFileSync(step.report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    summary.push(`${step.name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed (${seconds} s)`);
  } else {
    summary.push(`${step.name}: ${run.status === 0 ? 'ok' : 'FAILED'} (${seconds} s)`);
  }
  if (run.status !== 0) {
    if (!step.report || failed === 0) failed += 1; // a step that failed without failing tests counts once
    break;
  }
}

console.log('\n── Dealside test summary ──');
for (const line of summary) console.log(`  ${line}`);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
