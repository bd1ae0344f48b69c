// Sums the JSON reports of every suite (vitest, Playwright) into the one line CI reads:
// `N passed, N failed`. A missing report counts as a failure: a suite that did not run did not pass.
import { existsSync, readFileSync } from 'node:fs';

const reports = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

for (const file of reports) {
  if (!existsSync(file)) {
    console.error(`missing test report: ${file}`);
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // vitest's JSON reporter (jest-compatible)
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) failed += report.numFailedTestSuites;
  } else if (report.stats) {
    // Playwright's JSON reporter: flaky tests passed on retry and are counted as passed.
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    if ((report.errors ?? []).length > 0 && report.stats.unexpected === 0) failed += report.errors.length;
  } else {
    console.error(`unrecognised report format: ${file}`);
    failed++;
  }
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
