// Prints the gzip and brotli size of every browser artifact and, with --check, fails over budget
// (DESIGN §5). Sizes come from the built files, so run `pnpm build` first (`pnpm size` does not build:
// it measures exactly what is there).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const embedDir = path.join(root, 'packages/widget/dist/embed');
const consoleDir = path.join(root, 'packages/console/dist');
const check = process.argv.includes('--check');
const KB = 1024;

function sizes(files) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

function manifest() {
  const file = path.join(embedDir, '.vite/manifest.json');
  if (!existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`pnpm build\` first`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The entry chunk plus everything it imports statically: what must arrive before the home view shows. */
function staticClosure(chunks, key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const child of chunks[key]?.imports ?? []) staticClosure(chunks, child, seen);
  return seen;
}

const chunks = manifest();
const entryKey = Object.keys(chunks).find((key) => chunks[key].isEntry);
const homeKeys = staticClosure(chunks, entryKey);
const homeFiles = [...homeKeys].flatMap((key) => [chunks[key].file, ...(chunks[key].css ?? [])]);
const lazyKeys = Object.keys(chunks).filter((key) => !homeKeys.has(key));

const rows = [
  { name: 'loader.js', files: ['loader.js'], budget: 2 * KB },
  { name: 'home view (app entry + static imports)', files: homeFiles, budget: 40 * KB },
  ...lazyKeys.map((key) => ({
    name: `lazy: ${chunks[key].name ?? key}`,
    files: [chunks[key].file],
    // DESIGN §5 budgets the chat chunk; the help chunk's budget is ours, to keep search light on phones.
    // Payment status's 10 KB is ours too: form, result and both locales' strings.
    // One chunk per locale but the inlined default (all of that locale's strings): ours, ≤ 6 KB each.
    budget: /i18n\/locales\//.test(key)
      ? 6 * KB
      : /chat/i.test(key)
        ? 28 * KB
        : /help/i.test(key)
          ? 12 * KB
          : /payments/i.test(key)
            ? 10 * KB
            : undefined,
  })),
];
const consoleAssets = existsSync(path.join(consoleDir, 'assets'))
  ? readdirSync(path.join(consoleDir, 'assets')).map((f) => path.join(consoleDir, 'assets', f))
  : [];

const fmt = (n) => `${(n / KB).toFixed(2)} KB`.padStart(10);
console.log(
  `${'artifact'.padEnd(46)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}   budget (gzip)`,
);
let over = 0;
for (const row of rows) {
  const s = sizes(row.files.map((f) => path.join(embedDir, f)));
  const verdict =
    row.budget === undefined
      ? ''
      : s.gzip <= row.budget
        ? `≤ ${fmt(row.budget).trim()} ok`
        : `> ${fmt(row.budget).trim()} OVER`;
  if (row.budget !== undefined && s.gzip > row.budget) over++;
  console.log(`${row.name.padEnd(46)}${fmt(s.raw)}${fmt(s.gzip)}${fmt(s.brotli)}   ${verdict}`);
}
if (consoleAssets.length > 0) {
  const s = sizes(consoleAssets);
  console.log(
    `${'console (all assets, not embedded)'.padEnd(46)}${fmt(s.raw)}${fmt(s.gzip)}${fmt(s.brotli)}`,
  );
}
if (check && over > 0) {
  console.error(`${over} artifact(s) over budget`);
  process.exit(1);
}
