// How one step of `npm test` counts towards the total: pure, so its rules have a test.

export type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  /** a word for the summary line (the audit's "NOT CHECKED: advisory service unreachable") */
  note?: string;
};

/** What one step contributed to the total. */
export type StepOutcome = { name: string; passed: number; failed: number; skipped: number; line: string };

/**
 * A step without a report (types, lint) counts as one check. A test step counts its tests; if it
 * exited non-zero with no failing test (a crash, an unhandled error, a build that failed before
 * any test ran), that counts as one failure more, so a broken step can never read as a pass.
 */
export function outcomeOf(name: string, status: number | null, seconds: string, report?: VitestReport): StepOutcome {
  if (!report) {
    const ok = status === 0;
    return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, line: `${name}: ${ok ? 'ok' : 'FAILED'} (${seconds} s)` };
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  const extra = status !== 0 && report.numFailedTests === 0 ? 1 : 0;
  const failed = report.numFailedTests + extra;
  const why = extra ? ' — the run itself failed, see its output above' : '';
  return {
    name,
    passed: report.numPassedTests,
    failed,
    skipped,
    line: `${name}: ${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${seconds} s)${why}${report.note ? ` — ${report.note}` : ''}`,
  };
}
