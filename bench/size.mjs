// The widget's weight (docs/design.md#budgets), in two parts; with --check it fails over any budget. Run `pnpm build` first
// (`pnpm size` does not build: it measures exactly what is there).
//
// 1. Every file the widget build emits, gzip (the `.gz` the server sends) and brotli, each against its own budget. Every chunk has one: a chunk
//    this table does not know fails the check until it gets a budget here.
// 2. The home view as the browser downloads it: the built demo server on a free port, a merchant page on another
//    origin with the script tag, Chromium opens the panel and waits until the home view shows (popular articles
//    in) and the network is quiet, then adds up the encoded body sizes of every JS, CSS and JSON response from the
//    server's origin except loader.js. Once asking for gzip only (the budget is stated in gzip), once as Chromium
//    asks by default (brotli), for each locale: zh-CN is inlined, the others fetch their strings.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startDemoServer } from './lib/demo-server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const embedDir = path.join(root, 'packages/widget/dist/embed');
const consoleDir = path.join(root, 'packages/console/dist');
const cli = path.join(root, 'packages/server/dist/cli.js');
const check = process.argv.includes('--check');
const KB = 1024;

/** docs/design.md#budgets: what the browser downloads to show the home view, loader not counted. */
const HOME_BUDGET = 40 * KB;
const LOCALES = ['zh-CN', 'en', 'zh-TW', 'ar'];

/**
 * Per-file budgets (gzip), by the chunk's name in the Vite manifest. docs/design.md#budgets sets the loader's and the chat
 * chunk's; the rest are ours, a little above today's size, so growth is a decision rather than an accident.
 */
const FILE_BUDGETS = {
  'loader.js': 2 * KB,
  // The home bundle: Preact, signals, i18next, the SDK client, the panel and the home view with its lists.
  embed: 38 * KB,
  // The chat chunk and the two tiny ones the bundler splits beside it (the session's dynamic entry, and the
  // protocol's topic and file-type lists that chat shares with the session).
  chat: 28 * KB,
  session: 1 * KB,
  // Search, articles, votes, deflection: loaded on the visitor's first search or article, not with the home view.
  help: 8 * KB,
  // Payment status: form, result, its strings and CSS.
  payments: 10 * KB,
  // Rolldown's namespace-object helper, shared by the lazy chunks.
  'rolldown-runtime': 0.5 * KB,
  // One chunk per locale but the inlined zh-CN with its home strings, and one with its feature strings.
  en: 2 * KB,
  'zh-TW': 2 * KB,
  ar: 2 * KB,
  'en-features': 4 * KB,
  'zh-TW-features': 4 * KB,
  'ar-features': 4 * KB,
};

const fmt = (n) => `${(n / KB).toFixed(2)} KB`.padStart(10);
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
/** What the server sends to a gzip-only browser: the build's pre-compressed `.gz` (Zopfli), else zlib's best. */
const servedGzip = (file, bytes) =>
  existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`).length : gzip(bytes);
const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
let over = 0;

function verdict(size, budget) {
  if (budget === undefined) return '';
  if (size <= budget) return `≤ ${fmt(budget).trim()} ok`;
  over++;
  return `> ${fmt(budget).trim()} OVER`;
}

function row(name, raw, gz, br, note) {
  console.log(
    `${name.padEnd(50)}${raw === undefined ? ''.padStart(10) : fmt(raw)}${fmt(gz)}${fmt(br)}   ${note}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// 1. Files

for (const file of [cli, path.join(embedDir, 'loader.js'), path.join(embedDir, '.vite/manifest.json')]) {
  if (!existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`pnpm build\` first`);
    process.exit(1);
  }
}
const chunks = JSON.parse(readFileSync(path.join(embedDir, '.vite/manifest.json'), 'utf8'));
const entryKey = Object.keys(chunks).find((key) => chunks[key].isEntry);
const fileRows = [
  { name: 'loader.js', file: 'loader.js' },
  ...Object.values(chunks).flatMap((chunk) =>
    [chunk.file, ...(chunk.css ?? [])].map((file) => ({ name: chunk.name, file })),
  ),
];
// Anything else the build wrote (a stray asset, a chunk the manifest does not list) must be known too.
const listed = new Set(fileRows.map((r) => r.file));
for (const file of readdirSync(embedDir, { recursive: true }).map(String)) {
  if (/\.(js|css)$/.test(file) && !listed.has(file)) fileRows.push({ name: file, file });
}

console.log(
  `${'file (gzip budget per file)'.padEnd(50)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}   budget (gzip)`,
);
const gzipByFile = new Map();
for (const { name, file } of fileRows.sort((a, b) => a.file.localeCompare(b.file))) {
  const bytes = readFileSync(path.join(embedDir, file));
  const gz = servedGzip(path.join(embedDir, file), bytes);
  gzipByFile.set(file, gz);
  const budget = FILE_BUDGETS[name];
  let note;
  if (budget === undefined) {
    over++;
    note = `NO BUDGET: add "${name}" to FILE_BUDGETS in bench/size.mjs`;
  } else note = verdict(gz, budget);
  row(`${file}${name === 'loader.js' ? '' : ` (${name})`}`, bytes.length, gz, brotli(bytes), note);
}

// The entry and what it imports statically: what a bundle analysis alone would call the home view. The network
// measure below is the one that counts (it sees lazy chunks the home view asks for at once); this row is kept to
// spot a static import that drags a chunk in.
const staticClosure = (key, seen = new Set()) => {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const child of chunks[key]?.imports ?? []) staticClosure(child, seen);
  return seen;
};
const closure = [...staticClosure(entryKey)].map((key) => chunks[key].file);
{
  const all = closure.map((file) => readFileSync(path.join(embedDir, file)));
  row(
    'entry + static imports (manifest)',
    all.reduce((s, b) => s + b.length, 0),
    closure.reduce((s, file) => s + gzipByFile.get(file), 0),
    all.reduce((s, b) => s + brotli(b), 0),
    `${closure.length} file(s), for reference`,
  );
}
const consoleAssets = existsSync(path.join(consoleDir, 'assets'))
  ? readdirSync(path.join(consoleDir, 'assets')).map((f) => readFileSync(path.join(consoleDir, 'assets', f)))
  : [];
if (consoleAssets.length > 0)
  row(
    'console (all assets, not embedded)',
    consoleAssets.reduce((s, b) => s + b.length, 0),
    consoleAssets.reduce((s, b) => s + gzip(b), 0),
    consoleAssets.reduce((s, b) => s + brotli(b), 0),
    '',
  );

// ---------------------------------------------------------------------------------------------------------
// 2. The home view, from the network

/** A merchant's page on its own origin with nothing but the script tag (no `lang`: the browser's locale decides). */
function startHostPage(widgetOrigin) {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<script async src="${widgetOrigin}/widget/loader.js" data-merchant-key="pk_demo"></script></head>
<body><h1>Shop</h1></body></html>`;
  const server = createServer((_request, response) =>
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(html),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }),
    ),
  );
}

const QUIET_MS = 1000;

/** Opens the panel in a fresh context and returns what came from the widget's origin until the network was quiet. */
async function measure(browser, pageUrl, widgetOrigin, locale, encoding) {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 800 },
    ...(encoding ? { extraHTTPHeaders: { 'accept-encoding': encoding } } : {}),
  });
  const page = await context.newPage();
  const responses = [];
  let inFlight = 0;
  let lastActivity = Date.now();
  const pending = [];
  page.on('request', () => {
    inFlight++;
    lastActivity = Date.now();
  });
  const settle = async (request, failed) => {
    try {
      const response = failed ? null : await request.response();
      if (response && new URL(request.url()).origin === widgetOrigin) {
        const sizes = await request.sizes();
        responses.push({
          path: new URL(request.url()).pathname,
          type: response.headers()['content-type'] ?? '',
          encoding: response.headers()['content-encoding'] ?? 'none',
          bytes: sizes.responseBodySize,
        });
      }
    } finally {
      inFlight--;
      lastActivity = Date.now();
    }
  };
  page.on('requestfinished', (request) => pending.push(settle(request, false)));
  page.on('requestfailed', (request) => pending.push(settle(request, true)));
  try {
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.locator('topay-support .launcher').click({ timeout: 15_000 });
    // The home view in the wanted locale, with the help center's popular articles listed.
    await page
      .locator(`topay-support [role="dialog"][lang="${locale}"] .greeting`)
      .waitFor({ timeout: 15_000 });
    await page.locator('topay-support [role="dialog"] .help-item').first().waitFor({ timeout: 15_000 });
    const deadline = Date.now() + 15_000;
    while (inFlight > 0 || Date.now() - lastActivity < QUIET_MS) {
      if (Date.now() > deadline) throw new Error(`the network never went quiet (${inFlight} in flight)`);
      await page.waitForTimeout(100);
    }
    await Promise.all(pending);
  } finally {
    await context.close();
  }
  const counted = responses.filter(
    (r) => /javascript|css|json/.test(r.type) && r.path !== '/widget/loader.js',
  );
  if (encoding) {
    const wrong = counted.filter((r) => r.path.startsWith('/widget/') && r.encoding !== encoding);
    if (wrong.length > 0)
      throw new Error(
        `asked for ${encoding} only, got ${wrong.map((r) => `${r.path} as ${r.encoding}`).join(', ')}`,
      );
  }
  return counted;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-size-'));
const demo = startDemoServer(dataDir, { agentPassword: 'size-bench-password', startTimeoutMs: 30000 });
let host;
let browser;
try {
  const widgetOrigin = await demo.url;
  host = await startHostPage(widgetOrigin);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  console.log(
    `\nhome view from the network (Chromium opens the panel; JS, CSS and JSON from the widget's origin, loader excluded)`,
  );
  console.log(
    `${'locale · response'.padEnd(50)}${''.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}   budget (gzip)`,
  );
  const totals = [];
  for (const locale of LOCALES) {
    const gz = await measure(browser, host.url, widgetOrigin, locale, 'gzip');
    const br = await measure(browser, host.url, widgetOrigin, locale, undefined);
    const brBy = new Map(br.map((r) => [r.path, r.bytes]));
    const strip = (p) => p.replace(/\?.*$/, '');
    for (const r of gz) {
      const file = strip(r.path).replace(/^\/widget\//, '');
      const note = r.encoding === 'none' ? 'not compressed by the server' : '';
      row(`  ${locale} · ${file}`, undefined, r.bytes, brBy.get(r.path) ?? 0, note);
      // The server sends the build's .gz: the network and the file must agree, or one of the two is wrong.
      if (r.encoding === 'gzip' && gzipByFile.has(file) && gzipByFile.get(file) !== r.bytes)
        throw new Error(`${file}: ${r.bytes} B over the network, ${gzipByFile.get(file)} B as a file`);
    }
    const sumGz = gz.reduce((s, r) => s + r.bytes, 0);
    const sumBr = br.reduce((s, r) => s + r.bytes, 0);
    totals.push({ locale, sumGz, sumBr });
    row(
      `home view, ${locale} (${gz.length} responses)`,
      undefined,
      sumGz,
      sumBr,
      verdict(sumGz, HOME_BUDGET),
    );
  }
  const worst = totals.reduce((a, b) => (b.sumGz > a.sumGz ? b : a));
  console.log(
    `\nhome view (network, gzip, loader excluded): ${(worst.sumGz / KB).toFixed(2)} KB at most (${worst.locale}), budget ${(HOME_BUDGET / KB).toFixed(0)} KB; brotli ${(Math.max(...totals.map((t) => t.sumBr)) / KB).toFixed(2)} KB`,
  );
} finally {
  await browser?.close();
  host?.server.close();
  demo.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

if (check && over > 0) {
  console.error(`${over} budget(s) exceeded or missing`);
  process.exit(1);
}
