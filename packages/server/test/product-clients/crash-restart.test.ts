import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, freePort } from './processes.js';
import { expectExactlyOnceInOrder, openReliableChat, settleOutboxes } from './reliable-end.js';

// Must show (issue 3): a few hundred messages both ways while the server is killed with SIGKILL
// and restarted twice; every acknowledged message arrives exactly once, in order, on both sides.
const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-crash-'));
const PASSWORD = 'crash-test-password';
const PER_SIDE = 150;

let port = 0;
let server: ChildProcess | undefined;
const url = () => `http://127.0.0.1:${port}`;

async function startServer(): Promise<void> {
  server = spawn(process.execPath, [CLI, 'demo'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_AGENT_PASSWORD: PASSWORD,
      LOG_LEVEL: 'error',
      // The test's sockets all come from 127.0.0.1; the limits under test elsewhere would only slow this down.
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGE_BURST: '100000',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url()}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not become ready');
}

async function killServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
  port = await freePort();
  await startServer();
});

afterAll(async () => {
  await killServer();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('zero loss across server crashes', () => {
  it('delivers every acknowledged message exactly once, in order, on both sides, through two SIGKILLs', async () => {
    const chat = await openReliableChat({
      visitorUrl: url(),
      agentUrl: url(),
      password: PASSWORD,
      reconnectionDelayMax: 200,
    });
    const { visitor, agent } = chat;
    try {
      let kills = 0;
      for (let i = 0; i < PER_SIDE; i++) {
        visitor.enqueue(i);
        agent.enqueue(i);
        if (i === Math.floor(PER_SIDE / 3) || i === Math.floor((2 * PER_SIDE) / 3)) {
          await killServer();
          kills++;
          await startServer();
        }
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      expect(kills).toBe(2);
      expect(visitor.retries + agent.retries).toBeGreaterThan(0);

      // Wait until both outboxes are empty, then a final sync on both sides.
      await settleOutboxes(chat);
      await visitor.sync();
      await agent.sync();

      expectExactlyOnceInOrder(visitor, agent, PER_SIDE);
    } finally {
      chat.close();
    }
  }, 90_000);
});
