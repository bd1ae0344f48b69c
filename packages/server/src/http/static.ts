import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { AssetPaths } from '../paths.js';

const HASHED = /-[A-Za-z0-9_-]{8,}\.(js|css|woff2|svg|png)(\.br|\.gz)?$/;

/**
 * The major version of the built widget, from the `version.json` its build writes next to `loader.js`;
 * undefined for a build without one (then only the unversioned URLs exist).
 */
export function widgetMajor(widgetDir: string): number | undefined {
  const file = path.join(widgetDir, 'version.json');
  if (!existsSync(file)) return undefined;
  const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
  const major = typeof version === 'string' ? Number(version.split('.')[0]) : Number.NaN;
  return Number.isInteger(major) ? major : undefined;
}

/**
 * Serves the widget (to any origin: it is public code, and merchants' pages load it cross-origin),
 * the console and, in the demo, the demo merchant page.
 */
export async function registerStatic(app: FastifyInstance, assets: AssetPaths, demo: boolean): Promise<void> {
  const missing = Object.entries(assets).filter(([, dir]) => !existsSync(dir));
  for (const [name, dir] of missing) app.log.warn({ dir }, `${name} not found: run \`pnpm build\` first`);
  const present = (dir: string) => existsSync(dir);
  // The same files at `/widget/` (follows the latest release) and `/widget/v<major>/` (pinned by merchants
  // who want no breaking change): the loader imports the app relative to its own URL, so each prefix is whole.
  const major = present(assets.widgetDir) ? widgetMajor(assets.widgetDir) : undefined;
  const widgetPrefixes = present(assets.widgetDir)
    ? ['/widget/', ...(major === undefined ? [] : [`/widget/v${major}/`])]
    : [];
  for (const prefix of widgetPrefixes)
    await app.register(fastifyStatic, {
      root: assets.widgetDir,
      prefix,
      decorateReply: false,
      cacheControl: false,
      // The build writes .br and .gz next to each script; they go to browsers that accept them.
      preCompressed: true,
      setHeaders(res, filePath) {
        res.setHeader('access-control-allow-origin', '*');
        res.setHeader('cross-origin-resource-policy', 'cross-origin');
        res.setHeader('x-content-type-options', 'nosniff');
        // The same URL is sent as br, gzip or plain: shared caches must key on the encoding.
        res.setHeader('vary', 'accept-encoding');
        // Hashed files never change; loader.js keeps its URL across releases (both the latest and the pinned
        // major's, which moves with every release of that major), so it is revalidated often.
        res.setHeader(
          'cache-control',
          HASHED.test(path.basename(filePath))
            ? 'public, max-age=31536000, immutable'
            : 'public, max-age=300',
        );
      },
    });
  if (present(assets.consoleDir))
    await app.register(fastifyStatic, {
      root: assets.consoleDir,
      prefix: '/console/',
      decorateReply: false,
      cacheControl: false,
      index: ['index.html'],
      setHeaders(res, filePath) {
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('x-frame-options', 'DENY');
        res.setHeader(
          'cache-control',
          HASHED.test(path.basename(filePath)) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  app.get('/console', (_request, reply) => reply.redirect('/console/'));
  if (demo && present(assets.demoDir)) {
    await app.register(fastifyStatic, {
      root: assets.demoDir,
      prefix: '/',
      decorateReply: false,
      cacheControl: false,
      setHeaders(res) {
        res.setHeader('cache-control', 'no-cache');
      },
    });
  } else {
    app.get('/', (_request, reply) => reply.redirect('/console/'));
  }
}
