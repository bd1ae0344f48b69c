import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter } from 'vitest/node';

/**
 * vitest's JSON report leaves out errors thrown outside any test (a timer that throws after its test ended, a
 * rejection nobody awaited): the run fails, yet every count says it passed. This reporter writes them to a
 * file of their own, which scripts/summarize-tests.mjs counts as failures, each with its message.
 */
export function unhandledErrorsReporter(outputFile: string): Reporter {
  return {
    onTestRunEnd(_modules, errors) {
      mkdirSync(path.dirname(outputFile), { recursive: true });
      const plain = errors.map((error) => {
        const where = error as { VITEST_TEST_PATH?: unknown; VITEST_TEST_NAME?: unknown };
        return {
          name: typeof error.name === 'string' ? error.name : 'Error',
          message: typeof error.message === 'string' ? error.message : String(error),
          ...(typeof where.VITEST_TEST_PATH === 'string' ? { file: where.VITEST_TEST_PATH } : {}),
          ...(typeof where.VITEST_TEST_NAME === 'string' ? { test: where.VITEST_TEST_NAME } : {}),
        };
      });
      writeFileSync(outputFile, `${JSON.stringify(plain, null, 2)}\n`);
    },
  };
}
