// Sums what CI ran into the one line CI reads, always last: `N passed, N failed` or
// `N passed, N failed, N skipped`. The lines before it say what that line cannot: every failed test, step and
// unhandled error by name, every suite that never ran and why, and every flaky test (counted as passed).
//
//   node scripts/summarize-tests.mjs --steps .tmp/ci/steps.jsonl [report.json …]
//
// `.ci/run` writes one line per step to the steps file ({ step, status, exitCode, log, report?, reason? }); a
// step's log is where the last lines of a failure come from. Reports are vitest's and Playwright's JSON reports
// (recognised by their shape) and vitest-unhandled.json (scripts/vitest-unhandled-reporter.ts), each found
// through its step's `report` or given on the command line. Zero tests run is a failure: nothing was proved.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TAIL_LINES = 12;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what this removes.
const ANSI = /\u001b\[[0-9;]*m/g;

const plain = (text) => String(text ?? '').replace(ANSI, '');
const firstLine = (text) => plain(text).trim().split('\n')[0] ?? '';

/** The last lines of a log, without colours or blank lines, indented under the line that names the failure. */
export function tail(text, lines = TAIL_LINES) {
  return plain(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .map((line) => `    ${line}`);
}

function relative(file, root) {
  return root && path.isAbsolute(file) ? path.relative(root, file) : file;
}

/** vitest's JSON reporter (jest-compatible): counts, failures by name, files that failed before any test ran. */
function vitestReport(report, root) {
  const out = { passed: 0, failed: 0, skipped: 0, lines: [] };
  for (const file of report.testResults ?? []) {
    const name = relative(file.name, root);
    // Our own jest-style reports (consumer test, package checks) carry only title and status.
    const tests = file.assertionResults ?? [];
    const failedTests = tests.filter((t) => t.status === 'failed');
    for (const test of tests) {
      const title = [name, ...(test.ancestorTitles ?? []), test.title].join(' › ');
      if (test.status === 'passed') {
        out.passed++;
        // A retried test that passed carries the failures of its earlier attempts.
        const retries = test.failureMessages?.length ?? 0;
        if (retries > 0) out.lines.push(`flaky: ${title} (passed on retry ${retries})`);
      } else if (test.status === 'failed') {
        out.failed++;
        out.lines.push(`failed: ${title}: ${firstLine(test.failureMessages?.[0])}`);
      } else {
        out.skipped++;
      }
    }
    // A file that failed with no failed test: an import threw before any test ran, or a hook threw
    // (an `afterAll` after its tests passed, which the report cannot tell apart from a message).
    if (file.status === 'failed' && failedTests.length === 0) {
      out.failed++;
      const why = tests.some((t) => t.status === 'passed') ? 'a hook failed after its tests' : 'no test ran';
      out.lines.push(`failed: ${name} (${why}): ${firstLine(file.message) || 'the file failed'}`);
    }
  }
  return out;
}

/** Errors vitest caught outside any test: each one is a failure, since it may have hidden one. */
function vitestUnhandled(errors, root) {
  return {
    passed: 0,
    failed: errors.length,
    skipped: 0,
    lines: errors.map((error) => {
      const where = [error.file && relative(error.file, root), error.test].filter(Boolean).join(' › ');
      return `unhandled error${where ? ` in ${where}` : ''}: ${error.name}: ${firstLine(error.message)}`;
    }),
  };
}

function* playwrightTests(suite, titles) {
  const here = suite.title ? [...titles, suite.title] : titles;
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) yield { title: [...here, spec.title], test };
  }
  for (const child of suite.suites ?? []) yield* playwrightTests(child, here);
}

/** Playwright's JSON reporter: every test's final status; `flaky` passed on a retry. */
function playwrightReport(report, root) {
  const out = { passed: 0, failed: 0, skipped: 0, lines: [] };
  const testDir = report.config?.rootDir;
  for (const suite of report.suites ?? []) {
    for (const { title, test } of playwrightTests(suite, [])) {
      // Spec files are titled relative to the test directory; name them from the repository root.
      const [file, ...rest] = title;
      const name = [testDir ? relative(path.join(testDir, file), root) : file, ...rest].join(' › ');
      const results = test.results ?? [];
      if (test.status === 'expected') out.passed++;
      else if (test.status === 'skipped') out.skipped++;
      else if (test.status === 'flaky') {
        out.passed++;
        const passedOn = results.find((r) => r.status === 'passed')?.retry ?? results.length - 1;
        out.lines.push(`flaky: ${name} (passed on retry ${passedOn})`);
      } else {
        out.failed++;
        const last = results.at(-1);
        out.lines.push(`failed: ${name}: ${firstLine(last?.error?.message ?? last?.status)}`);
      }
    }
  }
  // Errors outside any test: the web server did not start, a spec file did not load.
  for (const error of report.errors ?? []) {
    out.failed++;
    out.lines.push(`failed: playwright: ${firstLine(error.message)}`);
  }
  return out;
}

/** Which reporter wrote this, by its shape; undefined when it is none of them. */
export function readReport(report, root) {
  if (Array.isArray(report)) return vitestUnhandled(report, root);
  if (report && typeof report === 'object' && 'numPassedTests' in report) return vitestReport(report, root);
  if (report && typeof report === 'object' && 'stats' in report && 'suites' in report)
    return playwrightReport(report, root);
  return undefined;
}

/**
 * @typedef {{ step: string, status: 'passed' | 'failed' | 'skipped' | 'excluded', exitCode: number,
 *   log?: string, reason?: string, report?: string | string[] }} Step
 */

/**
 * The summary of one CI run. `steps`: what .ci/run recorded, in order; `reports`: file → parsed JSON (or
 * undefined when the file is missing); `logs`: file → text. Returns the lines to print, the last one CI's.
 *
 * @param {{ steps?: Step[], reports?: Record<string, unknown>, logs?: Record<string, string>, root?: string,
 *   missingSteps?: string }} run
 * @returns {{ lines: string[], passed: number, failed: number, skipped: number }}
 */
export function summarize({ steps = [], reports = {}, logs = {}, root = '', missingSteps }) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  const flaky = [];
  const notes = [];
  const seen = new Set();
  // Tests that ran, passed or failed: failed steps and suites that never ran are failures, not tests.
  let testsRun = 0;

  const add = (result) => {
    testsRun += result.passed + result.failed;
    total.passed += result.passed;
    total.failed += result.failed;
    total.skipped += result.skipped;
    for (const line of result.lines) (line.startsWith('flaky: ') ? flaky : failures).push(line);
  };
  if (missingSteps) {
    total.failed++;
    failures.push(`failed: no steps file ${missingSteps}: .ci/run did not record what it ran`);
  }
  const logTail = (step) => (step.log && logs[step.log] !== undefined ? tail(logs[step.log]) : []);

  for (const step of steps) {
    const stepReports = step.report ? [step.report].flat() : [];
    if (step.status === 'excluded') {
      notes.push(`excluded: ${step.step} (${step.reason ?? 'not asked for'})`);
      continue;
    }
    if (step.status === 'skipped') {
      // It never ran because an earlier step failed: that is a failure of its own, by name.
      total.failed++;
      failures.push(`not run: ${step.step}: ${step.reason ?? 'an earlier step failed'}`);
      for (const file of stepReports) seen.add(file);
      continue;
    }
    let explained = false;
    for (const file of stepReports) {
      seen.add(file);
      const report = reports[file];
      // The unhandled-errors file exists only when vitest got that far; its main report says the rest.
      if (report === undefined && file.endsWith('vitest-unhandled.json')) continue;
      const result = report === undefined ? undefined : readReport(report, root);
      if (!result) {
        total.failed++;
        const why = report === undefined ? 'wrote no report' : 'wrote an unrecognised report';
        failures.push(`failed: ${step.step} ${why} (${file}); exit ${step.exitCode}`, ...logTail(step));
        explained = true;
        continue;
      }
      add(result);
      if (result.failed > 0) explained = true;
    }
    // A failed check (install, build, lint, typecheck, size), or a suite that failed with no failed test:
    // one failure, named, with the end of its log.
    if (step.status === 'failed' && !explained) {
      total.failed++;
      failures.push(`failed: ${step.step} (exit ${step.exitCode})`, ...logTail(step));
    }
  }

  // Reports given on the command line that no step claimed (and runs without a steps file).
  for (const [file, report] of Object.entries(reports)) {
    if (seen.has(file)) continue;
    if (report === undefined) {
      if (file.endsWith('vitest-unhandled.json')) continue;
      total.failed++;
      failures.push(`failed: missing test report ${file}`);
      continue;
    }
    const result = readReport(report, root);
    if (result) add(result);
    else {
      total.failed++;
      failures.push(`failed: unrecognised report ${file}`);
    }
  }

  if (testsRun === 0) {
    total.failed++;
    failures.push('failed: no tests ran');
  }

  const lines = [...notes, ...failures];
  if (flaky.length > 0) lines.push(`${flaky.length} flaky (passed on a retry, counted as passed):`, ...flaky);
  lines.push(
    `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
  );
  return { lines, ...total };
}

function readJson(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { unreadable: String(error) };
  }
}

function main(argv) {
  let stepsFile;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--steps') stepsFile = argv[++i];
    else files.push(argv[i]);
  }
  const steps =
    stepsFile && existsSync(stepsFile)
      ? readFileSync(stepsFile, 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line))
      : [];
  const reports = {};
  const logs = {};
  for (const step of steps) {
    for (const file of step.report ? [step.report].flat() : []) reports[file] = readJson(file);
    if (step.log && existsSync(step.log)) logs[step.log] = readFileSync(step.log, 'utf8');
  }
  for (const file of files) reports[file] = readJson(file);
  const missingSteps = stepsFile && !existsSync(stepsFile) ? stepsFile : undefined;
  const summary = summarize({ steps, reports, logs, root: process.cwd(), missingSteps });
  for (const line of summary.lines) console.log(line);
  return summary.failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (error) {
    // A summary that cannot be made must still end with the line CI reads, and never as a pass.
    console.log(
      `failed: the summary itself (scripts/summarize-tests.mjs): ${firstLine(String(error?.stack ?? error))}`,
    );
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
