import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createServer } from '../src/server.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import { TEST_SECRET } from './helpers.js';
import { CLI, type CliRun, runCli } from './processes.js';

// `bot …` and `webhook …` as operators run them: the built CLI in its own process (like cli.test.ts).
const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-cli-integrations-'));

function run(args: string[]): Promise<CliRun> {
  return runCli(args, { DATA_DIR: dataDir });
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('bot and webhook commands', () => {
  let merchantKey: string;

  beforeAll(async () => {
    const created = await run([
      'merchant',
      'create',
      '--name',
      'Bot Shop',
      '--origin',
      'https://bots.example',
    ]);
    merchantKey = /merchant key:\s+(pk_\S+)/.exec(created.stdout)![1]!;
  });

  it('create a bot key that works once, list it, and revoke it by id prefix', async () => {
    const created = await run(['bot', 'create', '--merchant', merchantKey, '--name', 'Refund bot']);
    expect(created.code).toBe(0);
    const id = /^bot (\S+) created: Refund bot$/m.exec(created.stdout)?.[1];
    const key = /^key: (tps_bot_\S+)$/m.exec(created.stdout)?.[1];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(key?.startsWith(`tps_bot_${id}_`)).toBe(true);

    // Only a hash is stored: the key appears nowhere in the database.
    const storage = openSqliteStorage(path.join(dataDir, 'topay-support.sqlite'));
    const stored = await storage.bots.findById(id!);
    expect(stored?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(key!.split('_').at(-1));

    // The key works against a server over the same database.
    const config = loadConfig(
      { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TOKEN_SECRET: TEST_SECRET },
      'production',
    );
    const server = await createServer({ config: { ...config, tokenSecret: TEST_SECRET }, storage });
    const url = await server.listen();
    try {
      const me = await fetch(`${url}/v1/agent/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(await me.json()).toMatchObject({ agent: { id, name: 'Refund bot', role: 'bot' } });

      const listed = await run(['bot', 'list', '--merchant', merchantKey]);
      expect(listed.stdout).toMatch(
        new RegExp(`^${id}\\tRefund bot\\tactive\\tcreated \\S+\\tlast used \\S+`, 'm'),
      );

      expect((await run(['bot', 'revoke', 'zz-not-hex'])).stderr).toMatch(/is not a bot id or key/);
      const revoked = await run(['bot', 'revoke', id!.slice(0, 8)]);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toBe(`bot ${id} (Refund bot) revoked\n`);
      const refused = await fetch(`${url}/v1/agent/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(refused.status).toBe(401);
      expect((await run(['bot', 'list', '--merchant', merchantKey])).stdout).toMatch(/\trevoked \S+Z\t/);
      // Revoking by the key itself (what an operator may have at hand) is fine too, and idempotent.
      expect((await run(['bot', 'revoke', key!])).code).toBe(0);
    } finally {
      await server.close();
      await storage.close();
    }

    const noMerchant = await run(['bot', 'create', '--merchant', 'pk_nope', '--name', 'X']);
    expect(noMerchant.code).toBe(1);
    expect(noMerchant.stderr).toBe('topay-support: no merchant with key pk_nope\n');
    expect((await run(['bot', 'revoke', '0000'])).stderr).toMatch(/no bot with id 0000/);
  });

  it('add, list and remove webhooks; show deliveries; refuse bad URLs and events', async () => {
    const added = await run([
      'webhook',
      'add',
      '--merchant',
      merchantKey,
      '--url',
      'https://hooks.bots.example/topay',
      '--events',
      'message.created,conversation.resolved',
    ]);
    expect(added.code).toBe(0);
    const id =
      /^webhook (\S+) added: https:\/\/hooks\.bots\.example\/topay \(message\.created, conversation\.resolved\)$/m.exec(
        added.stdout,
      )?.[1];
    expect(id).toBeDefined();
    expect(added.stdout).toMatch(/^signing secret: whsec_[A-Za-z0-9_-]{43}$/m);

    expect((await run(['webhook', 'list', '--merchant', merchantKey])).stdout).toContain(
      `${id}\thttps://hooks.bots.example/topay\tmessage.created,conversation.resolved\t`,
    );
    expect((await run(['webhook', 'deliveries', id!])).stdout).toBe('no deliveries yet\n');

    // A delivery that failed once and is waiting for its retry, as the dispatcher records it.
    const storage = openSqliteStorage(path.join(dataDir, 'topay-support.sqlite'));
    await storage.webhooks.enqueue({
      eventId: 'evt-cli-1',
      eventType: 'message.created',
      payload: '{}',
      webhookIds: [id!],
      visitorId: null,
    });
    const [claim] = await storage.webhooks.claimDue({
      now: new Date().toISOString(),
      leaseUntil: new Date(Date.now() + 60_000).toISOString(),
      limit: 1,
    });
    await storage.webhooks.complete(claim!, {
      status: 'pending',
      attempts: 1,
      nextAttemptAt: '2030-01-01T00:00:00.000Z',
      log: [{ at: '2026-01-01T00:00:00.000Z', durationMs: 12, statusCode: 502 }],
    });
    await storage.close();
    const deliveries = await run(['webhook', 'deliveries', id!]);
    expect(deliveries.stdout).toMatch(
      /^\S+Z {2}message\.created {2}evt-cli-1 {2}pending after 1 attempt\(s\), next attempt 2030-01-01T00:00:00\.000Z\n {4}2026-01-01T00:00:00\.000Z {2}HTTP 502 {2}12 ms\n$/,
    );

    for (const [args, message] of [
      [['--url', 'http://hooks.bots.example/'], /--url: plain http is allowed only to localhost/],
      [['--url', 'https://hooks.bots.example/', '--events', 'message.deleted'], /--events must list some of/],
    ] as const) {
      const refused = await run(['webhook', 'add', '--merchant', merchantKey, ...args]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(message);
    }

    expect((await run(['webhook', 'remove', id!])).stdout).toBe(`webhook ${id} removed\n`);
    const again = await run(['webhook', 'remove', id!]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no webhook with id/);
    expect((await run(['webhook', 'deliveries', id!])).code).toBe(1);
  });
});
