// `npm test`: types, lint, the supply-chain audit, unit tests, end-to-end tests in Chromium, then the
// Firefox tests. Every step runs even when an earlier one failed (a type error must not hide what
// the browser tests would say), then one summary line per step and the total on a line of its own
// — "Tests: N passed, N failed" — which CI reads. Exits
// non-zero when anything failed. `npm test -- unit e2e` runs only the named steps.
import { mkdirSync } from 'node:fs';
import { runSteps, summaryLines, type Step } from './test-runner/run';

const steps: Step[] = [
  { name: 'types', command: 'npx', args: ['tsc', '--noEmit'] },
  { name: 'lint', command: 'npx', args: ['eslint', '.'] },
  // npm audit of production dependencies: fails on high / critical, says "NOT CHECKED" when the advisory service is unreachable
  { name: 'audit', command: 'npx', args: ['tsx', 'scripts/audit.ts'], report: 'test-output/audit.json' },
  {
    name: 'unit',
    command: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-output/unit.json'],
    report: 'test-output/unit.json',
  },
  { name: 'e2e', command: 'npx', args: ['tsx', 'scripts/run-e2e.ts'], report: 'test-output/e2e.json' },
  // web-ext lint and Firefox ESR through WebDriver BiDi (installs firefox-esr when root and missing)
  { name: 'firefox', command: 'npx', args: ['tsx', 'scripts/run-firefox.ts'], report: 'test-output/firefox.json' },
];

function main(): number {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !steps.some((s) => s.name === name));
  if (unknown.length) {
    console.error(`Unknown step ${unknown.join(', ')}; the steps are ${steps.map((s) => s.name).join(', ')}.`);
    return 2;
  }
  mkdirSync('test-output', { recursive: true });
  const outcomes = runSteps(
    steps.filter((s) => !only.length || only.includes(s.name)),
    { cwd: process.cwd() },
  );
  console.log(`\n${summaryLines(outcomes).join('\n')}`);
  return outcomes.some((o) => o.failed > 0) ? 1 : 0;
}

process.exit(main());
