import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable } from './postgres-database.js';
import { CLI, freePort, startBalancer, startRedisServer, stopProcess, waitUntilReady } from './processes.js';
import { redisTestUrl } from './redis-service.js';
import { expectExactlyOnceInOrder, openReliableChat, settleOutboxes } from './reliable-end.js';

// Must show (issue 7): two nodes on Postgres and Redis, the visitor on node A and the agent on node B,
// messages both ways while Redis restarts, node A is killed and restarted and node B is restarted
// gracefully (a rolling restart); every message arrives exactly once on both sides.
const PASSWORD = 'two-nodes-password';
const TOKEN_SECRET = 'two-nodes-shared-token-secret-0123456789';
const PER_SIDE = 120;

const runs = postgresAvailable('two nodes') && redisTestUrl('two nodes') !== undefined;

interface Node {
  name: string;
  port: number;
  dataDir: string;
  process?: ChildProcess;
}

describe.skipIf(!runs)('two nodes over Postgres and Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redisPort = 0;
  let redis: ChildProcess | undefined;
  const nodes: Node[] = [];
  const balancers: { close(): Promise<void> }[] = [];

  async function start(node: Node): Promise<void> {
    node.process = spawn(process.execPath, [CLI, 'demo'], {
      env: {
        PATH: process.env.PATH ?? '',
        // A separate disk per node: attachments and secrets must not depend on a shared folder.
        DATA_DIR: node.dataDir,
        DATABASE_URL: database.url,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        TOKEN_SECRET,
        PORT: String(node.port),
        HOST: '127.0.0.1',
        DEMO_AGENT_PASSWORD: PASSWORD,
        LOG_LEVEL: 'error',
        RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
        RATE_LIMIT_MESSAGE_BURST: '100000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUntilReady(`http://127.0.0.1:${node.port}`);
  }

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
    database = await createTestDatabase();
    redisPort = await freePort();
    redis = await startRedisServer(redisPort);
    for (const name of ['a', 'b']) {
      nodes.push({
        name,
        port: await freePort(),
        dataDir: mkdtempSync(path.join(tmpdir(), `topay-node-${name}-`)),
      });
    }
    // Both nodes migrate and seed the same empty database at once.
    await Promise.all(nodes.map(start));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(balancers.map((balancer) => balancer.close()));
    await Promise.all(nodes.map((node) => stopProcess(node.process, 'SIGKILL')));
    await stopProcess(redis, 'SIGKILL');
    for (const node of nodes) rmSync(node.dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('relays between nodes and loses nothing through a Redis restart, a killed node and a rolling restart', async () => {
    const [a, b] = nodes as [Node, Node];
    const up = (node: Node) => node.process?.exitCode === null && node.process.signalCode === null;
    // The visitor's proxy prefers node A and the agent's prefers node B; each falls back to the other.
    const visitorEntry = await startBalancer(() => [a, b].filter(up).map((node) => node.port));
    const agentEntry = await startBalancer(() => [b, a].filter(up).map((node) => node.port));
    balancers.push(visitorEntry, agentEntry);

    const chat = await openReliableChat({
      visitorUrl: `http://127.0.0.1:${visitorEntry.port}`,
      agentUrl: `http://127.0.0.1:${agentEntry.port}`,
      password: PASSWORD,
      reconnectionDelayMax: 300,
    });
    const { visitor, agent } = chat;
    try {
      // The only agent is connected to node B; node A, asked directly, still sees the team online.
      const config = await fetch(`http://127.0.0.1:${a.port}/v1/widget/config?merchantKey=pk_demo`);
      expect(((await config.json()) as { availability: { online: boolean } }).availability.online).toBe(true);

      const settle = () => settleOutboxes(chat);
      const sendBatch = async (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          visitor.enqueue(i);
          agent.enqueue(i);
          if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      const quarter = PER_SIDE / 4;

      // 1. Calm: every message crosses from node A to node B and back, live through Redis.
      await sendBatch(0, quarter);
      await settle();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(visitor.live).toBeGreaterThanOrEqual(quarter);
      expect(agent.live).toBeGreaterThanOrEqual(quarter);

      // 2. Redis dies mid-conversation and comes back empty.
      const sending = sendBatch(quarter, 2 * quarter);
      await stopProcess(redis, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
      redis = await startRedisServer(redisPort);
      await sending;
      await settle();

      // 3. Node A is killed; the visitor reconnects through its proxy to node B; A comes back.
      const sending2 = sendBatch(2 * quarter, 3 * quarter);
      await stopProcess(a.process, 'SIGKILL');
      await sending2;
      await settle();
      await start(a);

      // 4. Rolling restart: node B stops gracefully while messages flow, then comes back.
      const sending3 = sendBatch(3 * quarter, PER_SIDE);
      await stopProcess(b.process, 'SIGTERM');
      expect(b.process?.exitCode).toBe(0);
      await sending3;
      await settle();
      await start(b);

      await visitor.sync();
      await agent.sync();
      expect(visitor.retries + agent.retries).toBeGreaterThan(0);
      expectExactlyOnceInOrder(visitor, agent, PER_SIDE);
    } finally {
      chat.close();
    }
  }, 120_000);
});
