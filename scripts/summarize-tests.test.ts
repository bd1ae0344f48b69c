import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { summarize } from './summarize-tests.mjs';

// Trimmed from real reports (vitest 4.1 `json`, Playwright 1.65 `json`, scripts/vitest-unhandled-reporter.ts):
// same fields, fewer tests, shorter messages.
const ROOT = '/repo';

const vitestFile = (name: string, tests: object[], extra: object = {}) => ({
  assertionResults: tests,
  status: tests.some((t) => (t as { status: string }).status === 'failed') ? 'failed' : 'passed',
  message: '',
  name: `${ROOT}/${name}`,
  ...extra,
});
const vitestTest = (
  title: string,
  status: string,
  failureMessages: string[] = [],
  ancestorTitles: string[] = [],
) => ({
  ancestorTitles,
  fullName: [...ancestorTitles, title].join(' '),
  status,
  title,
  failureMessages,
  meta: {},
  tags: [],
});
const vitestReport = (files: ReturnType<typeof vitestFile>[]) => {
  const all = files.flatMap((f) => f.assertionResults as { status: string }[]);
  return {
    numTotalTestSuites: files.length,
    numPassedTestSuites: files.filter((f) => f.status === 'passed').length,
    numFailedTestSuites: files.filter((f) => f.status === 'failed').length,
    numPendingTestSuites: 0,
    numTotalTests: all.length,
    numPassedTests: all.filter((t) => t.status === 'passed').length,
    numFailedTests: all.filter((t) => t.status === 'failed').length,
    numPendingTests: all.filter((t) => t.status === 'skipped').length,
    numTodoTests: all.filter((t) => t.status === 'todo').length,
    success: !files.some((f) => f.status === 'failed'),
    testResults: files,
  };
};

const VITEST_GREEN = vitestReport([
  vitestFile('packages/protocol/test/linkify.test.ts', [
    vitestTest('plain text', 'passed', [], ['linkify']),
    vitestTest('a URL alone', 'passed', [], ['linkify']),
    vitestTest('later', 'skipped', [], ['linkify']),
    vitestTest('someday', 'todo', [], ['linkify']),
  ]),
]);

const VITEST_RED = vitestReport([
  vitestFile('packages/server/test/chat.test.ts', [
    vitestTest('stores a message', 'passed'),
    vitestTest('relays it', 'failed', [
      'AssertionError: expected 1 to be 2 // Object.is equality\n    at chat.test.ts:2:31',
    ]),
    vitestTest('reconnects', 'passed', ['Error: socket hang up\n    at x'], ['sockets']),
  ]),
  vitestFile('packages/server/test/broken.test.ts', [], {
    status: 'failed',
    message: "Cannot find module './nope.js' imported from /repo/packages/server/test/broken.test.ts",
  }),
]);

const UNHANDLED = [
  {
    name: 'Error',
    message: 'boom from a timer',
    file: `${ROOT}/packages/server/test/chat.test.ts`,
    test: 'stores a message',
  },
];

const pwResult = (status: string, retry: number, message?: string) => ({
  workerIndex: retry,
  parallelIndex: 0,
  status,
  duration: 50,
  errors: message ? [{ message }] : [],
  ...(message ? { error: { message } } : {}),
  retry,
  startTime: '2026-12-07T05:18:38.242Z',
});
const pwSpec = (title: string, status: string, results: object[]) => ({
  title,
  ok: status !== 'unexpected',
  tags: [],
  tests: [
    {
      timeout: 30000,
      expectedStatus: 'passed',
      projectId: 'chromium',
      projectName: 'chromium',
      results,
      status,
    },
  ],
  id: title,
  file: 'chat.spec.ts',
  line: 1,
  column: 1,
});
const playwrightReport = (specs: ReturnType<typeof pwSpec>[], errors: object[] = []) => ({
  config: { rootDir: `${ROOT}/e2e` },
  suites: specs.length
    ? [
        {
          title: 'chat.spec.ts',
          file: 'chat.spec.ts',
          line: 0,
          column: 0,
          specs: [],
          suites: [{ title: 'chat', file: 'chat.spec.ts', line: 2, column: 6, specs }],
        },
      ]
    : [],
  errors,
  stats: {
    startTime: '2026-12-07T05:18:34.016Z',
    duration: 1000,
    expected: specs.filter((s) => s.tests[0]!.status === 'expected').length,
    skipped: specs.filter((s) => s.tests[0]!.status === 'skipped').length,
    unexpected: specs.filter((s) => s.tests[0]!.status === 'unexpected').length,
    flaky: specs.filter((s) => s.tests[0]!.status === 'flaky').length,
  },
});

const PLAYWRIGHT_FLAKY = playwrightReport([
  pwSpec('opens the panel', 'expected', [pwResult('passed', 0)]),
  pwSpec('two-way chat', 'flaky', [
    pwResult('failed', 0, 'Error: \u001b[2mexpect(\u001b[22mreceived).toBe(expected)'),
    pwResult('passed', 1),
  ]),
  pwSpec('on a phone', 'skipped', [pwResult('skipped', 0)]),
]);
const PLAYWRIGHT_RED = playwrightReport([
  pwSpec('always fails', 'unexpected', [
    pwResult('failed', 0, 'Error: \u001b[2mexpect(\u001b[22mreceived).toBe(expected)\n\nExpected: 2'),
    pwResult('failed', 1, 'Error: \u001b[2mexpect(\u001b[22mreceived).toBe(expected)\n\nExpected: 2'),
  ]),
]);
const PLAYWRIGHT_NO_SERVER = playwrightReport(
  [],
  [{ message: 'Error: Process from config.webServer was not able to start. Exit code: 1', stack: '…' }],
);

type Step = {
  step: string;
  status: 'passed' | 'failed' | 'skipped' | 'excluded';
  exitCode: number;
  log: string;
  reason: string;
  report: string[];
};
const step = (name: string, status: Step['status'], extra: Partial<Step> = {}): Step => ({
  step: name,
  status,
  exitCode: status === 'failed' ? 1 : 0,
  log: `.tmp/ci/${name}.log`,
  reason: '',
  report: [],
  ...extra,
});
const VITEST_REPORTS = ['.tmp/vitest-results.json', '.tmp/vitest-unhandled.json'];
const PW_REPORTS = ['.tmp/playwright-results.json'];
const checks = (status: Step['status'] = 'passed') =>
  ['install', 'build', 'lint', 'typecheck'].map((name) => step(name, name === 'install' ? 'passed' : status));
const BUILD_LOG = [
  'packages/widget build$ node scripts/build.mjs',
  'packages/widget build: src/widget.ts(3,1): error TS2304: Cannot find name \u001b[1mbroken\u001b[22m.',
  'packages/widget build: Failed',
  '/repo/packages/widget:',
  ' ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL  @topay-support/widget@0.1.0 build: `node scripts/build.mjs`',
  'Exit status 1',
].join('\n');

interface Case {
  name: string;
  steps?: Step[];
  reports: Record<string, unknown>;
  logs?: Record<string, string>;
  missingSteps?: string;
  /** Every line printed; the last is the one CI reads. */
  lines: string[];
}

const CASES: Case[] = [
  {
    name: 'all green: skipped and todo tests are counted as skipped',
    steps: [...checks(), step('vitest', 'passed', { report: VITEST_REPORTS }), step('size', 'passed')],
    reports: { '.tmp/vitest-results.json': VITEST_GREEN, '.tmp/vitest-unhandled.json': [] },
    lines: ['2 passed, 0 failed, 2 skipped'],
  },
  {
    name: 'a flaky Playwright test is a pass, listed by name above the last line with its retry',
    steps: [
      ...checks(),
      step('vitest', 'passed', { report: VITEST_REPORTS }),
      step('playwright', 'passed', { report: PW_REPORTS }),
    ],
    reports: {
      '.tmp/vitest-results.json': VITEST_GREEN,
      '.tmp/vitest-unhandled.json': [],
      '.tmp/playwright-results.json': PLAYWRIGHT_FLAKY,
    },
    lines: [
      '1 flaky (passed on a retry, counted as passed):',
      'flaky: e2e/chat.spec.ts › chat › two-way chat (passed on retry 1)',
      '4 passed, 0 failed, 3 skipped',
    ],
  },
  {
    name: 'vitest: failed tests, a file that never ran its tests, a retried pass and an unhandled error',
    steps: [...checks(), step('vitest', 'failed', { report: VITEST_REPORTS })],
    reports: { '.tmp/vitest-results.json': VITEST_RED, '.tmp/vitest-unhandled.json': UNHANDLED },
    lines: [
      'failed: packages/server/test/chat.test.ts › relays it: AssertionError: expected 1 to be 2 // Object.is equality',
      "failed: packages/server/test/broken.test.ts (no test ran): Cannot find module './nope.js' imported from /repo/packages/server/test/broken.test.ts",
      'unhandled error in packages/server/test/chat.test.ts › stores a message: Error: boom from a timer',
      '1 flaky (passed on a retry, counted as passed):',
      'flaky: packages/server/test/chat.test.ts › sockets › reconnects (passed on retry 1)',
      '2 passed, 3 failed',
    ],
  },
  {
    name: 'an unhandled error alone fails a run whose every test passed',
    steps: [...checks(), step('vitest', 'failed', { report: VITEST_REPORTS })],
    reports: { '.tmp/vitest-results.json': VITEST_GREEN, '.tmp/vitest-unhandled.json': UNHANDLED },
    lines: [
      'unhandled error in packages/server/test/chat.test.ts › stores a message: Error: boom from a timer',
      '2 passed, 1 failed, 2 skipped',
    ],
  },
  {
    name: 'a broken build: the build is named with the end of its log, and each suite that needed it',
    steps: [
      step('install', 'passed'),
      step('build', 'failed'),
      step('lint', 'passed'),
      step('typecheck', 'passed'),
      step('vitest', 'skipped', { reason: 'build failed', report: VITEST_REPORTS }),
      step('playwright', 'skipped', { reason: 'build failed', report: PW_REPORTS }),
      step('size', 'skipped', { reason: 'build failed' }),
    ],
    reports: {},
    logs: { '.tmp/ci/build.log': BUILD_LOG },
    lines: [
      'failed: build (exit 1)',
      '    packages/widget build$ node scripts/build.mjs',
      '    packages/widget build: src/widget.ts(3,1): error TS2304: Cannot find name broken.',
      '    packages/widget build: Failed',
      '    /repo/packages/widget:',
      '     ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL  @topay-support/widget@0.1.0 build: `node scripts/build.mjs`',
      '    Exit status 1',
      'not run: vitest: build failed',
      'not run: playwright: build failed',
      'not run: size: build failed',
      'failed: no tests ran',
      '0 passed, 5 failed',
    ],
  },
  {
    name: 'lint and typecheck fail: named, while the tests that ran still count',
    steps: [
      ...checks('failed').map((s) =>
        s.step === 'build' ? { ...s, status: 'passed' as const, exitCode: 0 } : s,
      ),
      step('vitest', 'passed', { report: VITEST_REPORTS }),
    ],
    reports: { '.tmp/vitest-results.json': VITEST_GREEN },
    logs: {
      '.tmp/ci/typecheck.log': 'src/a.ts(1,7): error TS2322: Type "x" is not assignable to type "number".',
    },
    lines: [
      'failed: lint (exit 1)',
      'failed: typecheck (exit 1)',
      '    src/a.ts(1,7): error TS2322: Type "x" is not assignable to type "number".',
      '2 passed, 2 failed, 2 skipped',
    ],
  },
  {
    // The shape scripts/consumer-test.mjs and scripts/check-packages.mjs write: title and status only.
    name: 'our own jest-style reports (consumer test, package checks) count like vitest reports',
    steps: [
      ...checks(),
      step('consumer', 'failed', { report: ['.tmp/consumer-results.json'] }),
      step('packages', 'passed', { report: ['.tmp/packages-results.json'] }),
    ],
    reports: {
      '.tmp/consumer-results.json': {
        numPassedTests: 1,
        numFailedTests: 1,
        numPendingTests: 0,
        numFailedTestSuites: 1,
        testResults: [
          {
            name: 'scripts/consumer-test.mjs',
            status: 'failed',
            assertionResults: [
              { title: 'pnpm pack protocol, sdk and widget', status: 'passed' },
              { title: 'a chat message is acknowledged', status: 'failed', failureMessages: ['timed out'] },
            ],
          },
        ],
      },
      '.tmp/packages-results.json': {
        numPassedTests: 1,
        numFailedTests: 0,
        numPendingTests: 0,
        numFailedTestSuites: 0,
        testResults: [
          {
            name: 'scripts/check-packages.mjs',
            status: 'passed',
            assertionResults: [{ title: 'sdk', status: 'passed' }],
          },
        ],
      },
    },
    lines: [
      'failed: scripts/consumer-test.mjs › a chat message is acknowledged: timed out',
      '2 passed, 1 failed',
    ],
  },
  {
    name: 'a hook that fails after its tests passed is a named failure, not "no test ran"',
    steps: [...checks(), step('vitest', 'failed', { report: VITEST_REPORTS })],
    reports: {
      '.tmp/vitest-results.json': vitestReport([
        vitestFile('packages/console/test/articles.test.tsx', [vitestTest('lists articles', 'passed')], {
          status: 'failed',
          message: 'Hook timed out in 30000ms.',
        }),
      ]),
      '.tmp/vitest-unhandled.json': [],
    },
    lines: [
      'failed: packages/console/test/articles.test.tsx (a hook failed after its tests): Hook timed out in 30000ms.',
      '1 passed, 1 failed',
    ],
  },
  {
    name: 'a suite that ran but wrote no report is a named failure with its log',
    steps: [...checks(), step('playwright', 'failed', { exitCode: 137, report: PW_REPORTS })],
    reports: { '.tmp/playwright-results.json': undefined },
    logs: { '.tmp/ci/playwright.log': 'Killed' },
    lines: [
      'failed: playwright wrote no report (.tmp/playwright-results.json); exit 137',
      '    Killed',
      'failed: no tests ran',
      '0 passed, 2 failed',
    ],
  },
  {
    name: "Playwright's own errors (the web server did not start) and a test failed on every retry",
    steps: [...checks(), step('playwright', 'failed', { report: PW_REPORTS })],
    reports: { '.tmp/playwright-results.json': { ...PLAYWRIGHT_RED, errors: PLAYWRIGHT_NO_SERVER.errors } },
    lines: [
      'failed: e2e/chat.spec.ts › chat › always fails: Error: expect(received).toBe(expected)',
      'failed: playwright: Error: Process from config.webServer was not able to start. Exit code: 1',
      '0 passed, 2 failed',
    ],
  },
  {
    name: 'a suite that failed with no failed test (say, a coverage threshold) is still a failure',
    steps: [...checks(), step('vitest', 'failed', { exitCode: 1, report: VITEST_REPORTS })],
    reports: { '.tmp/vitest-results.json': VITEST_GREEN },
    logs: { '.tmp/ci/vitest.log': 'ERROR: Coverage for lines (79%) does not meet global threshold (80%)' },
    lines: [
      'failed: vitest (exit 1)',
      '    ERROR: Coverage for lines (79%) does not meet global threshold (80%)',
      '2 passed, 1 failed, 2 skipped',
    ],
  },
  {
    name: 'zero tests run is a failure even when every step passed',
    steps: [...checks(), step('vitest', 'passed', { report: VITEST_REPORTS })],
    reports: { '.tmp/vitest-results.json': vitestReport([]) },
    lines: ['failed: no tests ran', '0 passed, 1 failed'],
  },
  {
    name: 'excluded steps are listed, not counted',
    steps: [
      ...checks(),
      step('vitest', 'passed', { report: VITEST_REPORTS }),
      step('playwright', 'excluded', { reason: 'not in CI_STEPS', report: PW_REPORTS }),
    ],
    reports: { '.tmp/vitest-results.json': VITEST_GREEN },
    lines: ['excluded: playwright (not in CI_STEPS)', '2 passed, 0 failed, 2 skipped'],
  },
  {
    name: 'without a steps file, reports on the command line (a missing one fails)',
    reports: { 'a.json': VITEST_GREEN, 'b.json': undefined, 'c.json': { something: 'else' } },
    lines: [
      'failed: missing test report b.json',
      'failed: unrecognised report c.json',
      '2 passed, 2 failed, 2 skipped',
    ],
  },
  {
    name: 'a steps file that is missing means CI recorded nothing: a failure',
    missingSteps: '.tmp/ci/steps.jsonl',
    reports: {},
    lines: [
      'failed: no steps file .tmp/ci/steps.jsonl: .ci/run did not record what it ran',
      'failed: no tests ran',
      '0 passed, 2 failed',
    ],
  },
];

describe('summarize', () => {
  test.each(CASES)('$name', (c) => {
    const summary = summarize({
      steps: c.steps,
      reports: c.reports,
      logs: c.logs ?? {},
      root: ROOT,
      missingSteps: c.missingSteps,
    });
    expect(summary.lines).toEqual(c.lines);
    // The last line keeps exactly the form CI reads.
    expect(summary.lines.at(-1)).toMatch(/^\d+ passed, \d+ failed(, \d+ skipped)?$/);
  });
});

describe('the command', () => {
  test('reads the steps file and the reports and logs it names, prints the summary and fails', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'summarize-'));
    try {
      const steps = [
        { ...step('build', 'failed', { exitCode: 2 }), log: path.join(dir, 'build.log') },
        step('vitest', 'skipped', {
          reason: 'build failed',
          report: [path.join(dir, 'vitest-results.json')],
        }),
      ];
      writeFileSync(path.join(dir, 'steps.jsonl'), `${steps.map((s) => JSON.stringify(s)).join('\n')}\n`);
      writeFileSync(path.join(dir, 'build.log'), 'error TS2304: Cannot find name broken.\n');
      let output = '';
      let status = 0;
      try {
        execFileSync(
          process.execPath,
          [path.join(import.meta.dirname, 'summarize-tests.mjs'), '--steps', path.join(dir, 'steps.jsonl')],
          {
            encoding: 'utf8',
          },
        );
      } catch (error) {
        ({ stdout: output, status } = error as { stdout: string; status: number });
      }
      expect(status).toBe(1);
      expect(output.trim().split('\n')).toEqual([
        'failed: build (exit 2)',
        '    error TS2304: Cannot find name broken.',
        'not run: vitest: build failed',
        'failed: no tests ran',
        '0 passed, 3 failed',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
