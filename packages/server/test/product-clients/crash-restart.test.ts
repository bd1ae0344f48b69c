// @vitest-environment jsdom
// The console's workspace takes the page's document (focus, visibility); jsdom gives it one. The server runs
// in its own process, as operators run it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, freePort, stopProcess, waitUntilReady } from '../processes.js';
import {
  type Agent,
  agentPending,
  agentSends,
  agentText,
  drainedTo,
  expectExactlyOnceInOrder,
  openConsole,
  openVisitor,
  reloadVisitor,
  settle,
  type Visitor,
  visitorText,
} from './clients.js';

// Must show (issues 3 and 12): the SDK's outbox (visitor) and the console's outbox (agent) keep a conversation
// whole while the server is killed with SIGKILL and restarted twice, with messages written on both sides
// while it is down and a visitor page reloaded during the second outage: every message arrives exactly once,
// in order, on both sides.
const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-crash-'));
const PASSWORD = 'crash-test-password';
const PER_SIDE = 120;

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
      // Both clients come from 127.0.0.1; the limits under test elsewhere would only slow this down.
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGE_BURST: '100000',
    },
    stdio: 'ignore',
  });
  await waitUntilReady(url());
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
  port = await freePort();
  await startServer();
});

afterAll(async () => {
  await stopProcess(server, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('zero loss across server crashes, with the SDK and the console', () => {
  it('delivers every message exactly once, in order, on both sides, through two SIGKILLs and a reload', async () => {
    const first = await openVisitor(url());
    const pages: Visitor[] = [first];
    const agent: Agent = await openConsole(url(), PASSWORD, first.conversation.id);
    const page = () => pages.at(-1) as Visitor;
    try {
      let next = 0;
      const write = (count: number) => {
        for (const end = next + count; next < end; next++) {
          page().acked.push(page().conversation.send(visitorText(next)));
          agentSends(agent, agentText(next));
        }
      };
      const outage = async (reload: boolean) => {
        // Killed with sends in flight and more queued behind them, then more written while nothing answers.
        write(30);
        await drainedTo(page(), agent, 15);
        await stopProcess(server, 'SIGKILL');
        write(15);
        expect(page().conversation.pending.length).toBeGreaterThanOrEqual(15);
        expect(agentPending(agent)).toBeGreaterThanOrEqual(15);
        const restarted = startServer();
        if (reload) pages.push(await reloadVisitor(page(), url()));
        await restarted;
      };

      await outage(false);
      await outage(true);
      write(PER_SIDE - next);

      await settle(page(), agent, PER_SIDE);
      // Every send() of the reloaded page resolved with its stored message.
      const acked = await Promise.all(page().acked);
      expect(acked.map((m) => m.text)).toEqual(
        Array.from({ length: PER_SIDE - 90 }, (_, i) => visitorText(90 + i)),
      );
      await expectExactlyOnceInOrder(pages, agent, url(), PASSWORD, PER_SIDE);
    } finally {
      for (const visitor of pages) visitor.client.close();
      agent.close();
    }
  }, 120_000);
});
