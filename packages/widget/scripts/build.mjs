// Builds the widget's three artifacts with Vite's JS API (no config file: the steps differ too much to share one):
//   dist/embed/app-[hash].js (+ chunks/) the script-tag app, imported by the loader
//   dist/embed/loader.js                 the stable-URL loader merchants paste, with the app's file name baked in
//   dist/lib/index.js + .d.ts            the npm entry, dependencies left external
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { gzipAsync as zopfliGzip } from '@gfx/zopfli';
import { build, defaultClientConditions } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const embedDir = join(root, 'dist/embed');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Modules only chat needs. `features/chat/model.ts` and `chat-view.tsx` are the home bundle's door to chat, and the
// SDK's `chat/storage.ts` answers "is there a chat to resume?" without loading any of this. The protocol's card-data
// detector, linkify, message merging and send-error rules serve only chat.
const CHAT_ONLY =
  /[\\/]widget[\\/]src[\\/]features[\\/]chat[\\/](?!model\.ts$|chat-view\.tsx$|messages\.ts$)|[\\/]sdk[\\/]src[\\/]chat[\\/](?!storage\.ts$)|[\\/]protocol[\\/]src[\\/](?:card-data|linkify|merge-messages|send-errors)\.ts$|[\\/]node_modules[\\/].*(?:socket\.io|engine\.io)/;
// Modules only the help center needs (search results, articles, votes, chat deflection, the protocol's article
// subset). `model.ts` and `help-view.tsx` are the home bundle's door to it, like chat's; `lists.tsx` and `nav.ts` stay
// in the home bundle too,
// since the home view lists popular articles and topics before the chunk loads. The SDK's `client.help` stays with
// the client: five one-line calls over the `requestJson` the home bundle has anyway.
const HELP_ONLY =
  /[\\/]widget[\\/]src[\\/]features[\\/]help[\\/](?!model\.ts$|help-view\.tsx$|messages\.ts$|lists\.tsx$|nav\.ts$)|[\\/]protocol[\\/]src[\\/]article-html\.ts$/;
// Payment status (form, result, list, strings, CSS): `model.ts` and `payments-view.tsx` are the home bundle's door.
// The SDK's `client.payments` stays with the client, like `client.help`. The protocol's `formatMoney` serves only it.
// Each feature's `messages.ts` is its English reference table: it goes with the English locale chunk
// (`i18n/locales/en.ts`, one lazy chunk per locale but the inlined zh-CN), never into the feature's chunk.
const PAYMENTS_ONLY =
  /[\\/]widget[\\/]src[\\/]features[\\/]payments[\\/](?!model\.ts$|payments-view\.tsx$|messages\.ts$)|[\\/]protocol[\\/]src[\\/]money\.ts$/;

// Vite wraps every `import()` in its preload helper (≈0.7 KB gzip in the home bundle), which would add <link> tags to
// the merchant's <head> and fire `vite:preloadError` on their window. With `modulePreload: false` and no CSS files
// (styles are constructable sheets built from strings) every import's dependency list is empty, so the helper only
// calls the import: this plugin makes it exactly that, and fails the build if a dependency list ever appears.
const PRELOAD_HELPER = /^\0vite\/preload-helper\.js$/;
const noPreloadHelper = {
  name: 'topay:no-preload-helper',
  enforce: 'pre',
  resolveId: { filter: { id: PRELOAD_HELPER }, handler: (id) => id },
  load: { filter: { id: PRELOAD_HELPER }, handler: () => 'export const __vitePreload = (load) => load();' },
  // After every plugin's generateBundle, where Vite writes the lists.
  writeBundle(_options, bundle) {
    for (const file of Object.values(bundle))
      if (file.type === 'chunk' && file.code.includes('__vite__mapDeps'))
        this.error(`${file.fileName} preloads dependencies: the no-op preload helper would skip them`);
  },
};

// i18next's debug logging: `this.logger.log/warn/deprecate/once(…)` print only when i18next was initialised with
// `debug: true` (its Logger returns null otherwise), which our private instance (`i18n/model.ts`) never is. Their
// messages are ~6 KB of English in the home bundle (≈1.8 KB gzip). Each such call whose arguments have no side
// effects becomes `null`, exactly what it returns without debug; everything else of i18next is left as it is.
const I18NEXT = /[\\/]node_modules[\\/]i18next[\\/]dist[\\/]esm[\\/]i18next\.js$/;
const DEBUG_ONLY = new Set(['log', 'warn', 'deprecate', 'once']);
const PURE = new Set([
  'Literal',
  'Identifier',
  'ThisExpression',
  'TemplateLiteral',
  'TemplateElement',
  'MemberExpression',
  'ChainExpression',
  'BinaryExpression',
  'LogicalExpression',
  'ConditionalExpression',
  'ArrayExpression',
  'ObjectExpression',
  'Property',
  'SpreadElement',
  'UnaryExpression',
]);
// `a.join(…)` and `s.slice(…)` build message text from arrays and strings; no other call counts as pure.
const TEXT_METHODS = new Set(['join', 'slice']);
const pure = (node) =>
  node === null ||
  ((PURE.has(node.type) ||
    (node.type === 'CallExpression' &&
      node.callee.type === 'MemberExpression' &&
      !node.callee.computed &&
      TEXT_METHODS.has(node.callee.property.name))) &&
    !(node.type === 'UnaryExpression' && node.operator === 'delete') &&
    // Child nodes must be pure too; plain data (a template's `{ raw, cooked }`, positions) is not code.
    Object.values(node).every((value) =>
      Array.isArray(value) ? value.every((v) => !isNode(v) || pure(v)) : !isNode(value) || pure(value),
    ));
function isNode(value) {
  return typeof value === 'object' && value !== null && typeof value.type === 'string';
}
const isDebugLog = (node) =>
  node.type === 'CallExpression' &&
  node.callee.type === 'MemberExpression' &&
  !node.callee.computed &&
  DEBUG_ONLY.has(node.callee.property.name) &&
  node.callee.object.type === 'MemberExpression' &&
  node.callee.object.object.type === 'ThisExpression' &&
  node.callee.object.property.name === 'logger' &&
  node.arguments.every(pure);
const i18nextWithoutDebugLogging = {
  name: 'topay:i18next-without-debug-logging',
  transform: {
    filter: { id: I18NEXT },
    handler(code) {
      const cuts = [];
      const walk = (node) => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(walk);
        if (typeof node.type === 'string' && isDebugLog(node)) return void cuts.push(node);
        for (const [key, value] of Object.entries(node)) if (key !== 'type') walk(value);
      };
      walk(this.parse(code));
      // Far fewer would mean i18next changed how it logs: look again rather than ship a half-done strip.
      if (cuts.length < 30) this.error(`i18next: expected 30+ debug-only logger calls, found ${cuts.length}`);
      let out = code;
      for (const node of cuts.sort((a, b) => b.start - a.start))
        out = `${out.slice(0, node.start)}null${out.slice(node.end)}`;
      return { code: out, map: null };
    },
  },
};

// The widget's CSS lives in template strings (constructable stylesheets need no files). Its /* comments */ explain
// the rules to us, not to browsers: they leave the bundle (≈0.2 KB gzip in the home bundle). Only the styles modules.
const STYLES = /[\\/]widget[\\/]src[\\/](?:theme|features[\\/][\w-]+)[\\/]styles\.ts$/;
const cssCommentsOut = {
  name: 'topay:css-comments-out',
  transform: {
    filter: { id: STYLES },
    handler: (code) => ({ code: code.replace(/\/\*[\s\S]*?\*\//g, ''), map: null }),
  },
};

// engine.io-client registers WebTransport beside WebSocket and polling, so no bundler can drop it; the SDK asks for
// `transports: ['websocket', 'polling']` only (`packages/sdk/src/chat/connection.ts`), and engine.io never builds or
// upgrades to a transport outside that list. Its table loses the entry (≈0.5 KB gzip of the chat chunk, made room
// for one conversation per payment). The build fails if the table ever reads differently.
const ENGINE_TRANSPORTS = /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]index\.js$/;
const WITH_WEBTRANSPORT = `import { XHR } from "./polling-xhr.node.js";
import { WS } from "./websocket.node.js";
import { WT } from "./webtransport.js";
export const transports = {
    websocket: WS,
    webtransport: WT,
    polling: XHR,
};
`;
const engineWithoutWebTransport = {
  name: 'topay:engine-without-webtransport',
  transform: {
    filter: { id: ENGINE_TRANSPORTS },
    handler(code) {
      if (code.replace(/\r\n/g, '\n') !== WITH_WEBTRANSPORT)
        this.error('engine.io-client: its transports table changed; look again before dropping WebTransport');
      return {
        code: 'import { XHR } from "./polling-xhr.node.js";\nimport { WS } from "./websocket.node.js";\nexport const transports = { websocket: WS, polling: XHR };\n',
        map: null,
      };
    },
  },
};

const shared = {
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  define: { __TPS_VERSION__: JSON.stringify(version) },
  // Workspace packages export their TypeScript sources under `source`; bundle those, not stale dist files.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // No preset plugin: Vite's own Oxc transform handles Preact's automatic JSX runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
};

// (a) The app bundle the loader imports. Hashed names let the server cache it forever.
await build({
  ...shared,
  // Chunk URLs resolve against the app module itself, wherever the merchant's server mounts /widget/.
  base: './',
  plugins: [noPreloadHelper, i18nextWithoutDebugLogging, cssCommentsOut, engineWithoutWebTransport],
  build: {
    outDir: embedDir,
    emptyOutDir: true,
    manifest: true,
    minify: true,
    target: 'es2020',
    // Vite's preload helper would inject <link> tags into the merchant's <head>; lazy chunks load by import().
    modulePreload: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: join(root, 'src/embed.ts'),
      // Keeps `boot` exported (the loader calls it) and lets the entry export more: the chat chunk then imports
      // what it shares with the home view (Preact, signals, the SDK client) from the entry, not from extra chunks.
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: 'app-[hash].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        codeSplitting: {
          groups: [
            // One chat chunk (docs/design.md#budgets counts it as one): the widget's chat views and room, the SDK's chat
            // session, and socket.io-client, which the SDK imports lazily so it can never reach the home bundle.
            { name: 'chat', test: CHAT_ONLY, priority: 2, includeDependenciesRecursively: false },
            // One help chunk, loaded when the home view shows (or a help command, or chat deflection, needs it).
            { name: 'help', test: HELP_ONLY, priority: 2, includeDependenciesRecursively: false },
            // One payments chunk, loaded when the payments view first shows (`checkPayment`, the home entry).
            { name: 'payments', test: PAYMENTS_ONLY, priority: 2, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
});

const manifest = JSON.parse(readFileSync(join(embedDir, '.vite/manifest.json'), 'utf8'));
const entry = Object.values(manifest).find((chunk) => chunk.isEntry && chunk.src === 'src/embed.ts');
if (!entry) throw new Error('build: the manifest has no entry for src/embed.ts');

// (b) The loader: a classic script (it runs from a plain <script async>), at a URL that never changes.
await build({
  ...shared,
  define: { ...shared.define, __TPS_APP_ENTRY__: JSON.stringify(entry.file) },
  build: {
    outDir: embedDir,
    emptyOutDir: false,
    minify: true,
    target: 'es2020',
    copyPublicDir: false,
    rolldownOptions: {
      input: '@topay-support/sdk/loader-entry',
      output: { format: 'iife', entryFileNames: 'loader.js' },
    },
  },
});

// The build's version, next to the loader: the server serves these files under `/widget/v<major>/` too, the URL
// merchants pin a major at (docs/script-tag.md, "Versioned URLs").
writeFileSync(join(embedDir, 'version.json'), `${JSON.stringify({ version })}\n`);

// (c) The npm library: ESM with its dependencies external, so the merchant's bundler dedupes them.
await build({
  ...shared,
  build: {
    outDir: join(root, 'dist/lib'),
    emptyOutDir: true,
    minify: false,
    target: 'es2022',
    copyPublicDir: false,
    lib: { entry: join(root, 'src/index.ts'), formats: ['es'], fileName: () => 'index.js' },
    rolldownOptions: { external: [/^preact(\/|$)/, /^@preact\/signals/, /^i18next$/, /^@topay-support\//] },
  },
});
execFileSync(
  process.execPath,
  [join(root, '../../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

// Pre-compressed copies next to every script: the server sends `.br` or `.gz` as the browser accepts,
// without compressing on each request (a phone on a slow network gets ~40 KB instead of ~115 KB). The `.gz` is
// Zopfli's: the same gzip format every browser decodes, ~4% smaller than zlib's best (home bundle 39.4 → 37.8 KB),
// for a few seconds of build time, paid once here rather than per request.
for (const entryName of readdirSync(embedDir, { recursive: true })) {
  const file = join(embedDir, String(entryName));
  if (!/\.(js|css)$/.test(file)) continue;
  const bytes = readFileSync(file);
  writeFileSync(`${file}.gz`, await zopfliGzip(bytes, { numiterations: 5 }));
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
}

// Sizes for a glance; the budgets live in one place, `bench/size.mjs` (`pnpm size`), which measures the home view
// from the network in Chromium and gives every chunk its own budget.
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
for (const file of ['loader.js', entry.file])
  console.log(
    `  ${file.padEnd(22)} ${kb(readFileSync(join(embedDir, `${file}.gz`)).length).padStart(9)} gzip (as served)`,
  );
