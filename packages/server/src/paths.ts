import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file sits one level below the package root both as source (src/) and as build (dist/).
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(packageRoot, '../..');

/** Where the built browser assets live in this repository's layout. */
export interface AssetPaths {
  /** `loader.js` and the hashed widget bundle. */
  widgetDir: string;
  /** The console's `index.html` and assets. */
  consoleDir: string;
  /** The demo merchant page. */
  demoDir: string;
}

export const defaultAssetPaths: AssetPaths = {
  widgetDir: path.join(repoRoot, 'packages/widget/dist/embed'),
  consoleDir: path.join(repoRoot, 'packages/console/dist'),
  demoDir: path.join(repoRoot, 'examples/script-tag'),
};

/** The demo's help articles, next to the code that seeds them (the build copies them into dist/). */
export const demoArticlesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo/articles');
