// The published packages as a user gets them (`pnpm test:consumer`, run by CI after `pnpm build`):
// pack @topay-support/protocol, sdk and widget as `pnpm publish` would, install the tarballs with npm into a
// fresh project outside the workspace, type-check a TypeScript file against them (NodeNext resolution, the
// strictest reading of `exports`), then run it against a real demo server started from this checkout: help
// search, a payment look-up and a chat message the server acknowledges. It catches a `workspace:` version, a
// file missing from `dist` or a broken `exports` map before a user does.
//
// Writes a jest-style summary to .tmp/consumer-results.json (numPassedTests, numFailedTests, testResults[]),
// the format scripts/summarize-tests.mjs already reads. Exits 1 when any step fails.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packAll, root } from './lib/pack.mjs';

const results = [];
const keep = process.argv.includes('--keep');
const work = mkdtempSync(path.join(tmpdir(), 'topay-consumer-'));
const project = path.join(work, 'app');
let server;

async function step(title, run) {
  const started = Date.now();
  try {
    await run();
    results.push({ title, status: 'passed', duration: Date.now() - started });
    console.log(`  ✓ ${title}`);
    return true;
  } catch (error) {
    const message =
      error instanceof Error ? `${error.message}${error.stdout ? `\n${error.stdout}` : ''}` : String(error);
    results.push({ title, status: 'failed', duration: Date.now() - started, failureMessages: [message] });
    console.error(`  ✗ ${title}\n${message.replace(/^/gm, '    ')}`);
    return false;
  }
}

function skip(title) {
  results.push({
    title,
    status: 'failed',
    duration: 0,
    failureMessages: ['not run: an earlier step failed'],
  });
  console.error(`  ✗ ${title} (not run: an earlier step failed)`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startDemoServer() {
  const port = await freePort();
  const dataDir = path.join(work, 'data');
  mkdirSync(dataDir);
  server = spawn(process.execPath, [path.join(root, 'packages/server/dist/cli.js'), 'demo'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_AGENT_PASSWORD: 'consumer-test-pw',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the demo server exited with ${server.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return url;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the demo server did not become ready within 60 s');
}

// What a user writes: every import from the packages' public entry points, typed, nothing from the workspace.
const CONSUMER_TS = `import { API_ERROR_STATUS, LIMITS, PAYMENT_STATUSES, type PaymentStatus } from '@topay-support/protocol';
import { createSupportClient, SupportError, type Conversation } from '@topay-support/sdk';
import { mountWidget, VERSION, type InitOptions, type WidgetEvents } from '@topay-support/widget';

// Type-checked, not run: Node has no DOM to mount into.
export function mountOnPage(element: HTMLElement): () => void {
  const options: InitOptions = { merchantKey: 'pk_demo', container: element, colorScheme: 'auto' };
  const onMessage = (message: WidgetEvents['message'][0]): string => message.text;
  const widget = mountWidget({
    ...options,
    serverUrl: 'https://support.example.com',
    onEvent: (event, ...args) => console.log(event, args, onMessage),
  });
  widget.open();
  return widget;
}

const serverUrl = process.argv[2] ?? '';
const client = createSupportClient({ merchantKey: 'pk_demo', serverUrl, locale: 'en' });

const search = await client.help.search('payment failed');
if (search.results.length === 0) throw new Error('help search found nothing for "payment failed"');
console.log(JSON.stringify({ step: 'help', locale: search.locale, first: search.results[0]?.slug }));

const payment = await client.payments.lookup({ reference: 'demo-failed', email: 'buyer@example.com' });
const status: PaymentStatus = payment.status;
if (status !== 'failed' || payment.reason !== 'insufficient_funds' || !PAYMENT_STATUSES.includes(status)) {
  throw new Error(\`unexpected payment \${JSON.stringify(payment)}\`);
}
try {
  await client.payments.lookup({ reference: 'demo-failed', email: 'someone@example.com' });
  throw new Error('a wrong email found the payment');
} catch (error) {
  if (!(error instanceof SupportError) || error.code !== 'payment_not_found') throw error;
  if (API_ERROR_STATUS[error.code] !== 404) throw new Error('payment_not_found is not a 404');
}
console.log(JSON.stringify({ step: 'payment', status, reason: payment.reason }));

const conversation: Conversation = await client.chat.open({ topic: 'payment' });
const text = 'My payment failed, what can I do?';
if (text.length > LIMITS.messageLength) throw new Error('too long');
const stored = await conversation.send(text);
if (stored.seq !== 1 || stored.text !== text || stored.author.type !== 'visitor') {
  throw new Error(\`unexpected acknowledgement \${JSON.stringify(stored)}\`);
}
console.log(JSON.stringify({ step: 'chat', conversationId: conversation.id, seq: stored.seq, widget: VERSION }));
client.close();
`;

console.log(`consumer test in ${work}`);
let tarballs;
const packed = await step('pnpm pack protocol, sdk and widget', () => {
  tarballs = packAll(work);
});

const installed =
  packed &&
  (await step('npm install the tarballs into a fresh project outside the workspace', () => {
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'package.json'),
      `${JSON.stringify({ name: 'topay-consumer', private: true, type: 'module' }, null, 2)}\n`,
    );
    // --prefer-offline: what the npm cache holds is enough on a machine that has installed before.
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        ...Object.values(tarballs),
      ],
      { cwd: project, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
    );
    const lock = readFileSync(path.join(project, 'package-lock.json'), 'utf8');
    if (lock.includes('workspace:')) throw new Error('package-lock.json holds a workspace: version');
    for (const name of ['protocol', 'sdk', 'widget']) {
      const manifest = JSON.parse(
        readFileSync(path.join(project, 'node_modules/@topay-support', name, 'package.json'), 'utf8'),
      );
      if (!manifest.version) throw new Error(`@topay-support/${name} has no version`);
    }
  }));

const TYPECHECK = 'tsc --strict (NodeNext) type-checks a consumer file against the installed packages';
let checked = false;
if (!installed) skip(TYPECHECK);
else
  checked = await step(TYPECHECK, () => {
    writeFileSync(path.join(project, 'consumer.ts'), CONSUMER_TS);
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          types: [],
          strict: true,
          noEmit: false,
          outDir: 'out',
          skipLibCheck: false,
        },
        files: ['consumer.ts', 'process.d.ts'],
      }),
    );
    // The one Node global the file uses, declared here so the check needs nothing but the packages.
    writeFileSync(path.join(project, 'process.d.ts'), 'declare const process: { argv: string[] };\n');
    // The workspace's TypeScript, so the test needs nothing from the registry but the packages' dependencies.
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  });

let url;
const started = await step('start a demo server from this checkout', async () => {
  url = await startDemoServer();
});

if (checked && started) {
  await step('run it: help search, a payment look-up and an acknowledged chat message', () => {
    const output = execFileSync(process.execPath, [path.join(project, 'out/consumer.js'), url], {
      cwd: project,
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const steps = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line).step);
    if (steps.join() !== 'help,payment,chat') throw new Error(`ran ${steps.join() || 'nothing'}\n${output}`);
  });
} else skip('run it: help search, a payment look-up and an acknowledged chat message');

if (started) {
  await step(
    'the widget at /widget/v<major>/loader.js is the latest loader, from the real build',
    async () => {
      const { version } = JSON.parse(readFileSync(path.join(root, 'packages/widget/package.json'), 'utf8'));
      const major = version.split('.')[0];
      const latest = await fetch(`${url}/widget/loader.js`);
      const pinned = await fetch(`${url}/widget/v${major}/loader.js`);
      if (!latest.ok || !pinned.ok) throw new Error(`loader: ${latest.status}, v${major}: ${pinned.status}`);
      const body = await pinned.text();
      if (body !== (await latest.text())) throw new Error('the pinned loader differs from the latest');
      const app = /app-[A-Za-z0-9_-]+\.js/.exec(body)?.[0];
      if (!app) throw new Error('the loader names no app file');
      const imported = await fetch(`${url}/widget/v${major}/${app}`);
      if (!imported.ok) throw new Error(`${app} under /widget/v${major}/: ${imported.status}`);
      if (!/immutable/.test(imported.headers.get('cache-control') ?? ''))
        throw new Error('the app file is not immutable');
    },
  );
  await step('the server describes its API at /v1/openapi.json', async () => {
    const response = await fetch(`${url}/v1/openapi.json`);
    const spec = await response.json();
    if (spec.openapi !== '3.1.0' || !spec.paths?.['/v1/payments/lookup'])
      throw new Error('no OpenAPI 3.1 description');
  });
}

server?.kill('SIGTERM');
if (!keep) rmSync(work, { recursive: true, force: true });

const failed = results.filter((result) => result.status === 'failed').length;
mkdirSync(path.join(root, '.tmp'), { recursive: true });
writeFileSync(
  path.join(root, '.tmp/consumer-results.json'),
  `${JSON.stringify(
    {
      numPassedTests: results.length - failed,
      numFailedTests: failed,
      numPendingTests: 0,
      numFailedTestSuites: failed > 0 ? 1 : 0,
      testResults: [{ name: 'scripts/consumer-test.mjs', assertionResults: results }],
    },
    null,
    2,
  )}\n`,
);
console.log(`consumer test: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
