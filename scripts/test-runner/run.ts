// Runs the steps of `npm test` one after another — every step, whatever the ones before it did —
// and returns what each contributed, for the summary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { outcomeOf, type StepOutcome, type VitestReport } from './outcome';

export type Step = {
  name: string;
  command: string;
  args: string[];
  /** a vitest JSON report the step writes, relative to cwd; counted test by test when present */
  report?: string;
};

function readReport(file: string): VitestReport | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
  } catch {
    return undefined;
  }
}

export function runSteps(steps: readonly Step[], options: { cwd: string; quiet?: boolean }): StepOutcome[] {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    const report = step.report ? path.join(options.cwd, step.report) : undefined;
    if (report) rmSync(report, { force: true });
    if (!options.quiet) console.log(`\n▶ ${step.name}: ${step.command} ${step.args.join(' ')}`);
    const started = Date.now();
    const run = spawnSync(step.command, step.args, {
      cwd: options.cwd,
      stdio: options.quiet ? 'ignore' : 'inherit',
      env: process.env,
    });
    if (run.error) console.error(`${step.name}: could not run ${step.command}: ${run.error.message}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    outcomes.push(outcomeOf(step.name, run.status, seconds, report && existsSync(report) ? readReport(report) : undefined));
  }
  return outcomes;
}

/** The summary block: one line per step, then the total on a line of its own. */
export function summaryLines(outcomes: readonly StepOutcome[]): string[] {
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  const skipped = outcomes.reduce((n, o) => n + o.skipped, 0);
  return [
    '── Dealside test summary ──',
    ...outcomes.map((o) => `  ${o.line}`),
    `Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
  ];
}
