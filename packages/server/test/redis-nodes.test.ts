import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Message } from '@topay-support/protocol';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { createServer, type TopayServer } from '../src/server.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/storage.js';
import { DEMO_PASSWORD, loginDemoAgent, TEST_SECRET } from './helpers.js';
import { runCli } from './processes.js';
import { redisTestUrl } from './redis-service.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, next, ok } from './sockets-helpers.js';

// Several nodes in one process, sharing one database and one Redis: what Redis carries between
// nodes (relays, typing, presence, rate limits) and what the database carries (attachment bytes)
// must behave as on one node. The two-process test (two-nodes.test.ts) covers crashes and restarts.
const redisUrl = redisTestUrl('several nodes over Redis');

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!redisUrl)('several nodes over Redis', () => {
  const dirs: string[] = [];
  const servers: TopayServer[] = [];
  let storage: Storage;
  let databaseFile: string;
  let redisDatabaseUrl: string;
  let nodeA: string;
  let nodeB: string;
  /** From 127.0.0.1, against the shared budget of RATE_LIMIT_CONVERSATIONS_PER_HOUR. */
  let conversationsOpened = 0;

  async function startNode(env: Record<string, string>): Promise<string> {
    // Each node has its own DATA_DIR: nothing may depend on a disk the other node cannot see.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-redis-node-'));
    dirs.push(dataDir);
    const config = loadConfig(
      {
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        TOKEN_SECRET: TEST_SECRET,
        ...env,
      },
      'demo',
    );
    const server = await createServer({ config: { ...config, tokenSecret: TEST_SECRET }, storage });
    servers.push(server);
    return server.listen();
  }

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topay-redis-db-'));
    dirs.push(dir);
    databaseFile = path.join(dir, 'shared.sqlite');
    storage = openSqliteStorage(databaseFile);
    await storage.migrate();
    await seedDemo(storage, { dataDir: dir, agentPassword: DEMO_PASSWORD });
    // A database of its own, emptied first, keeps counters from earlier runs out of the way.
    const url = new URL(redisUrl as string);
    url.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
    const redis = new Redis(url.toString());
    await redis.flushdb();
    redis.disconnect();
    redisDatabaseUrl = url.toString();
    const env = {
      REDIS_URL: url.toString(),
      RATE_LIMIT_CONVERSATIONS_PER_HOUR: '3',
    };
    nodeA = await startNode(env);
    nodeB = await startNode(env);
  });
  afterEach(() => disconnectAll());
  afterAll(async () => {
    for (const server of servers) await server.close();
    await storage.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('relays messages and typing between a visitor on one node and an agent on the other', async () => {
    const agent = await connectAgent(nodeB, await loginDemoAgent(nodeB));
    const { socket: visitor } = await connectVisitor(nodeA, {}, {});
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', {}));
    conversationsOpened++;

    const atAgent = next<{ message: Message }>(
      agent,
      'message:new',
      (e) => e.message.text === 'hello from A',
    );
    ok(
      await visitor.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'hello from A',
      }),
    );
    await atAgent;

    const typing = next<{ conversationId: string; typing: boolean }>(visitor, 'typing');
    agent.emit('typing', { conversationId: conversation.id, typing: true });
    expect(await typing).toMatchObject({ conversationId: conversation.id, typing: true });

    const atVisitor = next<{ message: Message }>(
      visitor,
      'message:new',
      (e) => e.message.text === 'hi from B',
    );
    ok(
      await agent.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'hi from B',
      }),
    );
    await atVisitor;
  });

  it('shares presence: node A sees an agent connected only to node B, and sees them leave', async () => {
    const availability = async () =>
      (
        (await (await fetch(`${nodeA}/v1/widget/config?merchantKey=pk_demo`)).json()) as {
          availability: { online: boolean };
        }
      ).availability.online;
    // The previous test's agent is leaving asynchronously.
    await expect.poll(availability).toBe(false);
    const agent = await connectAgent(nodeB, await loginDemoAgent(nodeB));
    expect(await availability()).toBe(true);
    agent.disconnect();
    await expect.poll(availability).toBe(false);
  });

  it('serves an attachment uploaded through one node from the other', async () => {
    const { session } = await connectVisitor(nodeA);
    const uploaded = await fetch(`${nodeA}/v1/visitor/attachments?merchantKey=pk_demo`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session.visitorToken}`,
        'content-type': 'application/octet-stream',
        'x-file-name': 'receipt.png',
      },
      body: PNG,
    });
    expect(uploaded.status).toBe(201);
    const { attachment } = (await uploaded.json()) as { attachment: { url: string } };
    const served = await fetch(`${nodeB}${attachment.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
  });

  it('reports Redis in /readyz, and says not ready while Redis is unreachable', async () => {
    expect(await (await fetch(`${nodeA}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'ok' },
    });
    const orphan = await startNode({ REDIS_URL: 'redis://127.0.0.1:1' });
    const response = await fetch(`${orphan}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'ok', redis: 'failing' },
    });
  });

  it('deletes a visitor everywhere from the CLI: database, live sockets on every node, and Redis', async () => {
    const agent = await connectAgent(nodeB, await loginDemoAgent(nodeB));
    const { socket: visitor, session } = await connectVisitor(nodeA);
    const { conversation } = ok(
      await visitor.emitWithAck('conversation:open', { email: 'gone@example.com' }),
    );
    conversationsOpened++;
    const relayed = next<{ message: Message }>(agent, 'message:new', (e) => e.message.text === 'forget me');
    ok(
      await visitor.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'forget me',
      }),
    );
    await relayed;
    const redis = new Redis(redisDatabaseUrl);
    const mentions = async () => {
      const entries = await redis.xrangeBuffer('topay:socket.io', '-', '+');
      return entries.filter(([, fields]) =>
        fields.some((field) => field.includes(session.visitorId as string)),
      ).length;
    };
    expect(await mentions()).toBeGreaterThan(0);

    const disconnected = new Promise<string>((resolve) => visitor.once('disconnect', resolve));
    const result = await runCli(
      ['visitor', 'delete', '--merchant', 'pk_demo', '--visitor', session.visitorId as string],
      { DATABASE_URL: `sqlite://${databaseFile}`, REDIS_URL: redisDatabaseUrl },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /deleted visitor .*Redis: disconnected their sockets, removed [1-9]\d* relayed event/,
    );
    expect(await disconnected).toBe('io server disconnect');
    expect(await mentions()).toBe(0);
    expect(await storage.visitors.findById(session.visitorId as string)).toBeUndefined();
    redis.disconnect();
  });

  it('ends an agent’s sockets on every node at once: a password change on A ends B’s, a CLI reset ends A’s', async () => {
    const merchant = (await storage.merchants.findByKey('pk_demo'))!;
    await storage.agents.create({
      merchantId: merchant.id,
      email: 'roaming@demo.test',
      name: 'Roaming',
      role: 'agent',
      passwordHash: await hashPassword('roaming-password-1'),
    });
    const signIn = async (url: string, password: string) => {
      const response = await fetch(`${url}/v1/agent/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'roaming@demo.test', password }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const closed = (socket: Awaited<ReturnType<typeof connectAgent>>) =>
      new Promise<string>((resolve) => socket.once('disconnect', resolve));
    // The nodes' sweep runs every 15 s: an end within 3 s of the change is the adapter's doing.
    const soon = (ended: Promise<string>) =>
      Promise.race([
        ended,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('socket still open 3 s after the change')), 3_000),
        ),
      ]);

    const onB = await connectAgent(nodeB, await signIn(nodeB, 'roaming-password-1'));
    const token = await signIn(nodeA, 'roaming-password-1');
    const endedOnB = closed(onB);
    const changed = await fetch(`${nodeA}/v1/agent/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ currentPassword: 'roaming-password-1', newPassword: 'roaming-password-2' }),
    });
    expect(changed.status).toBe(200);
    expect(await soon(endedOnB)).toBe('io server disconnect');

    const onA = await connectAgent(nodeA, await signIn(nodeB, 'roaming-password-2'));
    const endedOnA = closed(onA);
    const result = await runCli(['agent', 'reset-password', 'roaming@demo.test'], {
      DATABASE_URL: `sqlite://${databaseFile}`,
      REDIS_URL: redisDatabaseUrl,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await soon(endedOnA)).toBe('io server disconnect');
  });

  // Last: it spends what is left of this address's budget for new conversations.
  it('counts one rate-limit budget across nodes', async () => {
    const open = async (url: string) => {
      const { socket } = await connectVisitor(url);
      const result = await socket.emitWithAck('conversation:open', { email: 'buyer@example.com' });
      if (result.ok) conversationsOpened++;
      return result;
    };
    // The budget is three new conversations an hour from one address, whichever node they reach.
    const nodes = [nodeA, nodeB];
    for (let i = 0; conversationsOpened < 3; i++) {
      expect((await open(nodes[i % 2] as string)).ok).toBe(true);
    }
    for (const url of nodes) {
      const refused = await open(url);
      expect(refused.ok ? 'opened' : refused.error.code).toBe('rate_limited');
    }
  });
});
