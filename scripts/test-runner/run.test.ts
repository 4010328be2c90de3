import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outcomeOf } from './outcome';
import { runSteps, summaryLines } from './run';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dealside-runner-'));
  dirs.push(dir);
  return dir;
}

/** A step that writes a vitest-shaped report and exits with `code`. */
function reportingStep(name: string, counts: { passed: number; failed: number }, code: number) {
  const report = { numPassedTests: counts.passed, numFailedTests: counts.failed, numPendingTests: 0, numTodoTests: 0 };
  const script = `require('fs').writeFileSync(${JSON.stringify(`${name}.json`)}, ${JSON.stringify(JSON.stringify(report))}); process.exit(${code})`;
  return { name, command: process.execPath, args: ['-e', script], report: `${name}.json` };
}

describe('npm test runner', () => {
  it('runs every step after a failing one and totals them on a line of its own', () => {
    const cwd = tempDir();
    const outcomes = runSteps(
      [
        { name: 'types', command: process.execPath, args: ['-e', 'process.exit(2)'] },
        { name: 'lint', command: process.execPath, args: ['-e', 'process.exit(0)'] },
        reportingStep('unit', { passed: 7, failed: 1 }, 1),
        reportingStep('e2e', { passed: 3, failed: 0 }, 0),
      ],
      { cwd, quiet: true },
    );
    expect(outcomes.map((o) => o.name)).toEqual(['types', 'lint', 'unit', 'e2e']);
    const lines = summaryLines(outcomes);
    expect(lines[1]).toMatch(/^ {2}types: FAILED \(\d+\.\d s\)$/);
    expect(lines[2]).toMatch(/^ {2}lint: ok/);
    expect(lines[3]).toMatch(/^ {2}unit: 7 passed, 1 failed/);
    expect(lines[4]).toMatch(/^ {2}e2e: 3 passed, 0 failed/);
    expect(lines.at(-1)).toBe('Tests: 11 passed, 2 failed');
  });

  it('counts a test step that crashed before writing its report as a failure', () => {
    const cwd = tempDir();
    const [outcome] = runSteps([{ name: 'e2e', command: process.execPath, args: ['-e', 'throw new Error("no browser")'], report: 'e2e.json' }], {
      cwd,
      quiet: true,
    });
    expect(outcome).toMatchObject({ passed: 0, failed: 1 });
    expect(summaryLines([outcome!]).at(-1)).toBe('Tests: 0 passed, 1 failed');
  });

  it('counts a run that failed with every test passing (an unhandled error) as one failure', () => {
    const o = outcomeOf('unit', 1, '1.0', { numPassedTests: 10, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 });
    expect(o).toMatchObject({ passed: 10, failed: 1 });
    expect(o.line).toContain('the run itself failed');
  });

  it('a command that cannot be started is a failure, not a pass', () => {
    const [outcome] = runSteps([{ name: 'lint', command: '/nonexistent/eslint', args: [] }], { cwd: tempDir(), quiet: true });
    expect(outcome).toMatchObject({ passed: 0, failed: 1 });
  });

  it('the audit step: a finding fails the run; an unreachable advisory service is said on its line and fails nothing', () => {
    const cwd = tempDir();
    const auditStep = (name: string, report: object, code: number) => ({
      name,
      command: process.execPath,
      args: ['-e', `require('fs').writeFileSync('${name}.json', ${JSON.stringify(JSON.stringify(report))}); process.exit(${code})`],
      report: `${name}.json`,
    });
    const [unreachable, finding] = runSteps(
      [
        auditStep('audit', { numPassedTests: 0, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, note: 'NOT CHECKED: advisory service unreachable' }, 0),
        auditStep('audit2', { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0 }, 1),
      ],
      { cwd, quiet: true },
    );
    expect(unreachable).toMatchObject({ passed: 0, failed: 0, skipped: 1 });
    expect(unreachable!.line).toMatch(/^audit: 0 passed, 0 failed, 1 skipped \(\d+\.\d s\) — NOT CHECKED: advisory service unreachable$/);
    expect(finding).toMatchObject({ failed: 1 });
    // npm test runs it, after lint
    const steps = readFileSync(new URL('../test.ts', import.meta.url), 'utf8');
    expect(steps).toContain("{ name: 'audit', command: 'npx', args: ['tsx', 'scripts/audit.ts'], report: 'test-output/audit.json' }");
  });
});
