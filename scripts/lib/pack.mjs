// Packs the published packages exactly as `pnpm publish` would (workspace: versions replaced, publishConfig
// applied), for the packaging lint and the consumer test. Run `pnpm build` first: the tarballs hold `dist/`.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The packages users install from npm, in dependency order. */
export const PUBLISHED = ['protocol', 'sdk', 'widget'];

const PNPM = ['--yes', 'pnpm@10.34.9'];

/** Packs each published package into `dir`; returns `{ name: tarball path }`. */
export function packAll(dir) {
  const tarballs = {};
  for (const name of PUBLISHED) {
    const before = new Set(readdirSync(dir));
    execFileSync('npx', [...PNPM, 'pack', '--pack-destination', dir], {
      cwd: path.join(root, 'packages', name),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const made = readdirSync(dir).filter((file) => file.endsWith('.tgz') && !before.has(file));
    if (made.length !== 1) throw new Error(`pnpm pack of ${name} made ${made.length} tarballs`);
    tarballs[name] = path.join(dir, made[0]);
  }
  return tarballs;
}

/** The file list of a tarball, without the `package/` prefix. */
export function tarballFiles(tarball) {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((file) => file.replace(/^package\//, ''));
}

/** The package.json inside a tarball, as npm will read it. */
export function tarballManifest(tarball) {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}
