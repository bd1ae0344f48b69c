// What `npm install` gives a developer: each package.json `exports` target (every condition but the workspace's
// `source`) must be a built file that exists, inside the published `files`, with `types` before `default` so
// TypeScript picks the declarations; and the built entries must export the same names as the sources.
// The widget's checks live here too: its tests run in the jsdom project, whose tsconfig has no Node types.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Manifest {
  name: string;
  exports: Record<string, Record<string, string>>;
  files: string[];
}

const HOW_TO_FIX = 'run `pnpm build` first (`pnpm test` does)';

const PACKAGES = [
  {
    dir: 'sdk',
    entry: { types: './dist/index.d.ts', default: './dist/index.js' },
    exports: [
      'COMMAND_NAMES',
      'Emitter',
      'InvalidArgument',
      'SupportError',
      'WIDGET_EVENT_NAMES',
      'createCommandDispatcher',
      'createSupportClient',
      'hasActiveChat',
      'installLoader',
      'parseInitOptions',
      'reportError',
    ],
  },
  {
    dir: 'widget',
    entry: { types: './dist/lib/index.d.ts', default: './dist/lib/index.js' },
    exports: ['InvalidArgument', 'VERSION', 'createWidget', 'mountWidget'],
  },
] as const;

describe.each(PACKAGES)('@topay-support/$dir as published', ({ dir, entry, exports }) => {
  const root = path.join(packages, dir);
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

  test('"." points at the built entry and its declarations, types first', () => {
    const main = manifest.exports['.'];
    expect(main).toMatchObject(entry);
    const conditions = Object.keys(main ?? {}).filter((condition) => condition !== 'source');
    expect(conditions, 'TypeScript takes the first matching condition').toEqual(['types', 'default']);
  });

  test('every exported file exists after the build and is published', () => {
    for (const [subpath, targets] of Object.entries(manifest.exports)) {
      for (const [condition, target] of Object.entries(targets)) {
        // `source` is the workspace's own condition (TypeScript sources for tests and bundling); never published.
        if (condition === 'source') continue;
        const file = path.join(root, target);
        expect(
          existsSync(file),
          `${manifest.name} exports["${subpath}"].${condition}: ${target} is missing; ${HOW_TO_FIX}`,
        ).toBe(true);
        const published = manifest.files.some(
          (entry) => path.relative(path.join(root, entry), file).split(path.sep)[0] !== '..',
        );
        expect(published, `${target} is outside "files" ${JSON.stringify(manifest.files)}`).toBe(true);
      }
    }
  });

  test('Node resolves the package name to the built entry, not the sources', () => {
    // A package may import itself by name through its own `exports` (Node's self-reference). Asked of a fresh
    // Node: this runner's own process resolves with the workspace's `source` condition added.
    const { NODE_OPTIONS: _, ...env } = process.env;
    const url = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(manifest.name)}))`],
      { cwd: root, env, encoding: 'utf8' },
    ).trim();
    expect(path.relative(root, fileURLToPath(url))).toBe(path.normalize(entry.default));
  });

  test('the built entry exports the same names as the sources', async () => {
    const file = path.join(root, entry.default);
    expect(existsSync(file), `${file} is missing; ${HOW_TO_FIX}`).toBe(true);
    const built = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual([...exports].sort());
  });
});
