// @vitest-environment jsdom
// The console's workspace takes the page's document (focus, visibility); jsdom gives it one. The nodes run in
// their own processes, as operators run them.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable } from '../postgres-database.js';
import { CLI, freePort, startBalancer, startRedisServer, stopProcess, waitUntilReady } from '../processes.js';
import { redisTestUrl } from '../redis-service.js';
import {
  agentSends,
  agentText,
  expectExactlyOnceInOrder,
  openConsole,
  openVisitor,
  settle,
  visitorText,
} from './clients.js';

// Must show (issues 7 and 12): two nodes on Postgres and Redis, the visitor's SDK on node A and the agent's
// console on node B, messages both ways while Redis restarts, node A is killed and restarted and node B is
// restarted gracefully (a rolling restart); every message arrives exactly once, in order, on both sides.
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

    const visitorUrl = `http://127.0.0.1:${visitorEntry.port}`;
    const agentUrl = `http://127.0.0.1:${agentEntry.port}`;
    const visitor = await openVisitor(visitorUrl);
    const agent = await openConsole(agentUrl, PASSWORD, visitor.conversation.id);
    // Watching the product's own transport and conversation, not a socket of the test's.
    let liveAtAgent = 0;
    const offAgent = agent.workspace.transport.on('message:new', ({ message }) => {
      if (message.author.type === 'visitor') liveAtAgent++;
    });
    let liveAtVisitor = 0;
    const offVisitor = visitor.conversation.on('message', (message) => {
      if (message.author.type === 'agent') liveAtVisitor++;
    });
    try {
      // The only agent is connected to node B; node A, asked directly, still sees the team online.
      const config = await fetch(`http://127.0.0.1:${a.port}/v1/widget/config?merchantKey=pk_demo`);
      expect(((await config.json()) as { availability: { online: boolean } }).availability.online).toBe(true);

      let next = 0;
      const write = (count: number) => {
        for (const end = next + count; next < end; next++) {
          visitor.acked.push(visitor.conversation.send(visitorText(next)));
          agentSends(agent, agentText(next));
        }
      };
      const quarter = PER_SIDE / 4;
      // Waits until each side holds every message written so far: a phase ends with the conversation whole.
      const whole = () => settle(visitor, agent, next);

      // 1. Calm: every message crosses from node A to node B and back, live through Redis.
      write(quarter);
      await whole();
      expect(liveAtAgent).toBe(quarter);
      expect(liveAtVisitor).toBe(quarter);
      // Typing crosses nodes both ways, from the clients' own signals: the SDK's and the console's composer.
      visitor.conversation.setTyping(true);
      await expect.poll(() => agent.workspace.current.peek()?.visitorTyping.peek()).toBe(true);
      const agentTyping = new Promise<{ typing: boolean; name?: string }>((resolve) => {
        const off = visitor.conversation.on('typing', (event) => {
          if (!event.typing) return;
          off();
          resolve(event);
        });
      });
      agent.workspace.composer.setText(agent.conversationId, 'One moment');
      expect(await agentTyping).toEqual({ typing: true, name: 'Demo Agent' });
      agent.workspace.composer.setText(agent.conversationId, '');

      // 2. Redis dies mid-conversation and comes back empty.
      write(quarter / 2);
      await stopProcess(redis, 'SIGKILL');
      write(quarter / 2);
      redis = await startRedisServer(redisPort);
      await whole();

      // 3. Node A is killed; the visitor reconnects through its proxy to node B; A comes back.
      write(quarter / 2);
      await stopProcess(a.process, 'SIGKILL');
      write(quarter / 2);
      await whole();
      await start(a);

      // 4. Rolling restart: node B stops gracefully while messages flow, then comes back.
      write(quarter / 2);
      await stopProcess(b.process, 'SIGTERM');
      expect(b.process?.exitCode).toBe(0);
      write(quarter / 2);
      await whole();
      await start(b);

      await Promise.all(visitor.acked);
      await expectExactlyOnceInOrder([visitor], agent, agentUrl, PASSWORD, PER_SIDE);
    } finally {
      offAgent();
      offVisitor();
      visitor.client.close();
      agent.close();
    }
  }, 120_000);
});
