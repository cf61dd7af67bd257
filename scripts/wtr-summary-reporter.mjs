import { relative } from 'node:path';

/**
 * Adds one plain closing line to web-test-runner's output, `browser: N passed, N failed, N skipped`,
 * counting a test file that could not load as a failure (WTR's own counts leave those out).
 * It prints on process exit, because WTR's dynamic terminal erases what is written earlier.
 */
/** A session's test file, relative to the project. */
const fileOf = (session) => (session.testFile ? relative(process.cwd(), session.testFile) : '(unknown file)');

export function summaryReporter() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  /** `browser failed: file › suite › test: message`, one per failure, printed with the closing line. */
  const failures = [];
  const count = (suite, file, path) => {
    for (const test of suite.tests) {
      if (test.skipped) skipped += 1;
      else if (test.passed) passed += 1;
      else {
        failed += 1;
        const message = String(test.error?.message ?? '').split('\n')[0];
        failures.push(`browser failed: ${[file, ...path, test.name].join(' › ')}: ${message}`);
      }
    }
    for (const child of suite.suites) count(child, file, [...path, child.name]);
  };
  return {
    onTestRunFinished({ sessions }) {
      for (const session of sessions) {
        if (session.testResults) count(session.testResults, fileOf(session), []);
        if (session.errors?.length || (!session.passed && !session.testResults)) {
          failed += 1;
          const message = String(session.errors?.[0]?.message ?? 'did not run').split('\n')[0];
          failures.push(`browser failed: ${fileOf(session)}: ${message}`);
        }
      }
      const line = `browser: ${passed} passed, ${failed} failed, ${skipped} skipped`;
      process.once('exit', () => process.stdout.write(`\n${[...failures, line].join('\n')}\n`));
    },
  };
}
