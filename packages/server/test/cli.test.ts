import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type CliRun, runCli } from './processes.js';

// The CLI is tested as operators run it: the built file, in its own process.
const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-cli-'));

function run(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliRun> {
  return runCli(args, { DATA_DIR: dataDir, ...env }, input);
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; got: ${seen}`)),
      15_000,
    );
    child.stdout?.on('data', (chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    });
  });
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('bad configuration fails at start with one clear line', () => {
  it.each([
    [['serve'], { PORT: 'abc', TOKEN_SECRET: 'x'.repeat(32) }, /^topay-support: PORT must be a whole number/],
    [
      ['serve'],
      { DATABASE_URL: 'mysql://db/x', TOKEN_SECRET: 'x'.repeat(32) },
      /^topay-support: DATABASE_URL has unsupported scheme "mysql"/,
    ],
    [['serve'], {}, /^topay-support: TOKEN_SECRET is required in production/],
    [['demo'], { PORT: '-1' }, /^topay-support: PORT must be/],
  ])('%j with %j', async (args, env, expected) => {
    const result = await run(args, env);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(expected);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('operator commands', () => {
  it('migrates, creates a merchant and an agent who can then log in', async () => {
    const migrate = await run(['migrate']);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/applied: 0001_foundation/);
    expect((await run(['migrate'])).stdout).toMatch(/up to date/);

    const merchant = await run([
      'merchant',
      'create',
      '--name',
      'Shop 商店',
      '--origin',
      'https://shop.example',
      '--locale',
      'en',
    ]);
    expect(merchant.code).toBe(0);
    const key = /merchant key:\s+(pk_\S+)/.exec(merchant.stdout)?.[1];
    expect(/merchant secret:\s+sk_\S+/.test(merchant.stdout)).toBe(true);
    expect(key).toBeDefined();

    const badOrigin = await run(['merchant', 'create', '--name', 'X', '--origin', 'shop.example']);
    expect(badOrigin.code).toBe(1);
    expect(badOrigin.stderr).toMatch(/--origin "shop.example" is not an origin pattern/);

    const agent = await run(
      [
        'agent',
        'create',
        '--merchant',
        key!,
        '--email',
        'ops@shop.example',
        '--name',
        'Ops',
        '--password-stdin',
      ],
      {},
      'a-long-password-1\n',
    );
    expect(agent.code).toBe(0);
    const duplicate = await run([
      'agent',
      'create',
      '--merchant',
      key!,
      '--email',
      'ops@shop.example',
      '--name',
      'Ops',
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/exists already/);
    const unknownMerchant = await run([
      'agent',
      'create',
      '--merchant',
      'pk_nope',
      '--email',
      'a@b.example',
      '--name',
      'A',
    ]);
    expect(unknownMerchant.stderr).toMatch(/no merchant with key pk_nope/);

    // The production server serves that merchant's agent, and shuts down cleanly on SIGTERM.
    const server = spawn(process.execPath, [CLI, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        TOKEN_SECRET: 'y'.repeat(32),
      },
    });
    try {
      const url = await waitForOutput(server, /"url":"(http:\/\/[^"]+)"/);
      const login = await fetch(`${url}/v1/agent/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ops@shop.example', password: 'a-long-password-1' }),
      });
      expect(login.status).toBe(200);
      // No demo data in production.
      const demo = await fetch(`${url}/v1/widget/config?merchantKey=pk_demo`);
      expect(demo.status).toBe(401);
    } finally {
      server.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => server.on('close', resolve));
    expect(code).toBe(0);
  });

  it('exports articles to Markdown files and imports them back', async () => {
    const demoData = path.join(dataDir, 'articles-demo');
    const env = { DATA_DIR: demoData };
    // The demo seed gives the merchant its articles; running `demo` once is the quickest way.
    const demo = spawn(process.execPath, [CLI, 'demo'], {
      env: { PATH: process.env.PATH ?? '', ...env, PORT: '0', HOST: '127.0.0.1' },
    });
    await waitForOutput(demo, /(Agent login)/);
    demo.kill('SIGTERM');
    await new Promise((resolve) => demo.on('close', resolve));

    const out = path.join(dataDir, 'exported');
    const exported = await run(['articles', 'export', out, '--merchant', 'pk_demo'], env);
    expect(exported.stdout).toMatch(/exported 26 article\(s\)/);
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = path.join(out, 'en', 'refunds.md');
    expect(readFileSync(file, 'utf8')).toMatch(/^---\nslug: refunds\nlocale: en\n/);
    // Search keywords travel in the front matter, so an export/import round trip keeps them.
    expect(readFileSync(file, 'utf8')).toMatch(/^keywords:\n {2}- return$/m);
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/^title: .*$/m, 'title: Refunds, explained')
        .replace(/^keywords:\n/m, 'keywords:\n  - zorblax\n'),
    );
    const imported = await run(['articles', 'import', out, '--merchant', 'pk_demo'], env);
    expect(imported.stdout).toMatch(/imported 26 article\(s\)/);
    const again = path.join(dataDir, 'exported-again');
    await run(['articles', 'export', again, '--merchant', 'pk_demo'], env);
    expect(readFileSync(path.join(again, 'en', 'refunds.md'), 'utf8')).toMatch(
      /^title: Refunds, explained$/m,
    );
    expect(readFileSync(path.join(again, 'en', 'refunds.md'), 'utf8')).toMatch(/^keywords:\n {2}- zorblax$/m);

    const broken = path.join(dataDir, 'broken');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'bad.md'), '---\nslug: Bad Slug\n---\nbody');
    const failed = await run(['articles', 'import', broken, '--merchant', 'pk_demo'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^topay-support: bad\.md: slug/);
  });

  it('manages merchants, agents and a visitor’s data', async () => {
    const env = { DATA_DIR: path.join(dataDir, 'ops') };
    const created = await run(
      ['merchant', 'create', '--name', 'Ops Shop', '--origin', 'https://ops.example'],
      env,
    );
    const key = /merchant key:\s+(pk_\S+)/.exec(created.stdout)![1]!;
    expect((await run(['merchant', 'list'], env)).stdout).toContain(
      `${key}\tOps Shop\tzh-CN\thttps://ops.example`,
    );
    const updated = await run(
      ['merchant', 'update', key, '--add-origin', 'https://*.ops.example', '--locale', 'en'],
      env,
    );
    expect(updated.stdout).toContain('updated');
    expect((await run(['merchant', 'list'], env)).stdout).toContain(
      '\ten\thttps://ops.example https://*.ops.example',
    );
    expect((await run(['merchant', 'update', key, '--color', 'red'], env)).stderr).toMatch(/--color/);
    const rotated = await run(['merchant', 'rotate-secret', key], env);
    expect(rotated.stdout).toMatch(/^merchant secret: sk_\S+/);

    await run(
      ['agent', 'create', '--merchant', key, '--email', 'a@ops.example', '--name', 'A', '--password-stdin'],
      env,
      'first-password-1',
    );
    expect((await run(['agent', 'disable', 'a@ops.example'], env)).stdout).toContain('disabled');
    expect((await run(['agent', 'disable', 'nobody@ops.example'], env)).code).toBe(1);
    const reset = await run(['agent', 'reset-password', 'a@ops.example'], env);
    expect(reset.stdout).toMatch(/^new password: \S{10,}/);
    expect((await run(['agent', 'enable', 'a@ops.example'], env)).stdout).toContain('enabled');

    // A visitor with a conversation, written the way the server writes it.
    const { openSqliteStorage } = await import('../src/storage/sqlite.js');
    const storage = openSqliteStorage(path.join(env.DATA_DIR, 'topay-support.sqlite'));
    const owner = await storage.merchants.findByKey(key);
    const visitor = await storage.visitors.upsertIdentified(owner!.id, 'user-7');
    const conversation = await storage.conversations.create({
      merchantId: owner!.id,
      visitorId: visitor.id,
      topic: 'refund',
      flagged: false,
      offline: false,
      context: {},
      payment: null,
    });
    await storage.messages.append({
      conversationId: conversation.id,
      clientId: 'client-0001',
      authorType: 'visitor',
      authorId: visitor.id,
      authorName: null,
      text: 'where is my refund',
      internal: false,
      redacted: false,
      attachmentIds: [],
    });
    await storage.close();

    const exported = await run(['visitor', 'export', '--merchant', key, '--user', 'user-7'], env);
    const data = JSON.parse(exported.stdout) as {
      visitor: { userId: string };
      conversations: Array<{ messages: Array<{ text: string }> }>;
    };
    expect(data.visitor.userId).toBe('user-7');
    expect(data.conversations[0]?.messages.map((m) => m.text)).toEqual(['where is my refund']);
    expect((await run(['visitor', 'export', '--merchant', key], env)).stderr).toMatch(
      /exactly one of --visitor and --user/,
    );
    const deleted = await run(['visitor', 'delete', '--merchant', key, '--visitor', visitor.id], env);
    expect(deleted.stdout).toContain(`deleted visitor ${visitor.id}`);
    expect((await run(['visitor', 'export', '--merchant', key, '--user', 'user-7'], env)).stderr).toMatch(
      /no such visitor/,
    );
  });

  it('runs the demo, printing the URL and the login', async () => {
    const demo = spawn(process.execPath, [CLI, 'demo'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: path.join(dataDir, 'demo'),
        PORT: '0',
        HOST: '127.0.0.1',
      },
    });
    try {
      const banner = await waitForOutput(demo, /(Agent login\s+agent@demo\.test\s+\/\s+\S+)/);
      expect(banner).toMatch(/agent@demo\.test/);
    } finally {
      demo.kill('SIGINT');
    }
    expect(await new Promise((resolve) => demo.on('close', resolve))).toBe(0);
  });
});
