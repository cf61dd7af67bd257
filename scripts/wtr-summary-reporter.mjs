/**
 * Adds one plain closing line to web-test-runner's output, `browser: N passed, N failed, N skipped`,
 * counting a test file that could not load as a failure (WTR's own counts leave those out).
 * It prints on process exit, because WTR's dynamic terminal erases what is written earlier.
 */
export function summaryReporter() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const count = (suite) => {
    for (const test of suite.tests) {
      if (test.skipped) skipped += 1;
      else if (test.passed) passed += 1;
      else failed += 1;
    }
    for (const child of suite.suites) count(child);
  };
  return {
    onTestRunFinished({ sessions }) {
      for (const session of sessions) {
        if (session.testResults) count(session.testResults);
        if (session.errors?.length || (!session.passed && !session.testResults)) failed += 1;
      }
      const line = `browser: ${passed} passed, ${failed} failed, ${skipped} skipped`;
      process.once('exit', () => process.stdout.write(`\n${line}\n`));
    },
  };
}
