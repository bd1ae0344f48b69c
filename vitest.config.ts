import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { unhandledErrorsReporter } from './scripts/vitest-unhandled-reporter.js';

// Workspace packages export their TypeScript sources under the `source` condition, so tests run
// against the code as written, without a build step in between.
const resolve = { conditions: ['source', ...defaultClientConditions] };
const ssr = {
  resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] },
};

export default defineConfig({
  resolve,
  ssr,
  test: {
    // Under CI, scripts/summarize-tests.mjs reads both files: the JSON report has no unhandled errors.
    reporters: process.env.CI
      ? [
          'default',
          ['json', { outputFile: '.tmp/vitest-results.json' }],
          unhandledErrorsReporter('.tmp/vitest-unhandled.json'),
        ]
      : ['default'],
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'node',
          environment: 'node',
          include: ['packages/{protocol,sdk,server}/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.dom.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['packages/{widget,console}/**/*.test.{ts,tsx}', 'packages/sdk/**/*.dom.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 20_000,
          // The console's and widget's suites start and close a real server in their hooks. Closing waits for
          // requests in flight and the assistant's replies being written; in a full CI run on two cores one
          // such close once took over 30 s (36 ms alone), so the hooks get a minute.
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
