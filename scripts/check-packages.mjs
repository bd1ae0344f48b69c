// Packaging lint for the published packages (`pnpm check:packages`, run by CI): packs each one as
// `pnpm publish` would and checks the tarball a user gets, not the workspace folder:
// - publint --strict on the tarball (exports, types, files; warnings fail too);
// - no `workspace:` version and no `source` condition (workspace-only) left in its package.json;
// - README.md, LICENSE (the root's, word for word) and CHANGELOG.md inside.
// Run `pnpm build` first. Writes a jest-style summary (one check per package) to .tmp/packages-results.json,
// the format scripts/summarize-tests.mjs reads, as the consumer test does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packAll, root, tarballFiles, tarballManifest } from './lib/pack.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'topay-pack-'));
const problems = [];
const results = [];
try {
  const license = readFileSync(path.join(root, 'LICENSE'), 'utf8');
  for (const [name, tarball] of Object.entries(packAll(dir))) {
    const where = `@topay-support/${name}`;
    try {
      execFileSync(path.join(root, 'node_modules/.bin/publint'), ['--strict', tarball], { stdio: 'inherit' });
    } catch {
      problems.push(`${where}: publint found problems (above)`);
    }
    const manifest = JSON.stringify(tarballManifest(tarball));
    if (manifest.includes('workspace:'))
      problems.push(`${where}: a workspace: version is left in package.json`);
    if (manifest.includes('"source"'))
      problems.push(`${where}: the workspace-only "source" condition is published`);
    const files = tarballFiles(tarball);
    for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
      if (!files.includes(file)) problems.push(`${where}: ${file} is missing from the tarball`);
    }
    if (readFileSync(path.join(root, 'packages', name, 'LICENSE'), 'utf8') !== license) {
      problems.push(`${where}: packages/${name}/LICENSE differs from the root LICENSE`);
    }
    const own = problems.filter((problem) => problem.startsWith(`${where}:`));
    results.push({
      title: `${where} packs clean (publint --strict, no workspace: versions, README, LICENSE, CHANGELOG)`,
      status: own.length > 0 ? 'failed' : 'passed',
      ...(own.length > 0 ? { failureMessages: own } : {}),
    });
    console.log(`${where}: ${files.length} files, ${path.basename(tarball)}`);
  }
} catch (error) {
  problems.push(`packing failed: ${error instanceof Error ? error.message : String(error)}`);
  results.push({
    title: 'pnpm pack the published packages',
    status: 'failed',
    failureMessages: [String(error)],
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const failed = results.filter((result) => result.status === 'failed').length;
mkdirSync(path.join(root, '.tmp'), { recursive: true });
writeFileSync(
  path.join(root, '.tmp/packages-results.json'),
  `${JSON.stringify(
    {
      numPassedTests: results.length - failed,
      numFailedTests: failed,
      numPendingTests: 0,
      numFailedTestSuites: failed > 0 ? 1 : 0,
      testResults: [{ name: 'scripts/check-packages.mjs', assertionResults: results }],
    },
    null,
    2,
  )}\n`,
);
if (problems.length > 0) {
  for (const problem of problems) console.error(`check-packages: ${problem}`);
  process.exit(1);
}
console.log('check-packages: every published package is clean');
