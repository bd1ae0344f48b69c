import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Ack,
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  Message,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@topay-support/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Must show (issue 3): a few hundred messages both ways while the server is killed with SIGKILL
// and restarted twice; every acknowledged message arrives exactly once, in order, on both sides.
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-crash-'));
const PASSWORD = 'crash-test-password';
const PER_SIDE = 150;

let port = 0;
let server: ChildProcess | undefined;
const url = () => `http://127.0.0.1:${port}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

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

interface Outgoing {
  clientId: string;
  text: string;
}

/**
 * The client side of the protocol, as every real client implements it: keep each message until it
 * is acknowledged, resend it with the same client id after any failure, and after every reconnect
 * ask for everything after the last seq seen.
 */
class ReliableEnd<S extends Socket> {
  readonly received = new Map<string, Message>();
  readonly acked: Message[] = [];
  /** Calls that failed in flight (timeout, disconnect) and were retried: proof the crashes hit live traffic. */
  retries = 0;
  #outbox: Outgoing[] = [];
  #sending = false;

  constructor(
    readonly socket: S,
    readonly conversationId: () => string,
    readonly prefix: string,
  ) {
    socket.on(
      'message:new' as never,
      ((event: { conversationId: string; message: Message }) => {
        if (event.conversationId === this.conversationId())
          this.received.set(event.message.id, event.message);
      }) as never,
    );
    socket.on('connect', () => {
      void this.sync();
      void this.flush();
    });
  }

  highestContiguousSeq(): number {
    const seqs = new Set([...this.received.values()].map((m) => m.seq));
    let seq = 0;
    while (seqs.has(seq + 1)) seq++;
    return seq;
  }

  async sync(): Promise<void> {
    for (;;) {
      const result = await this.call<{ messages: Message[]; hasMore: boolean }>('messages:sync', {
        conversationId: this.conversationId(),
        afterSeq: this.highestContiguousSeq(),
      });
      if (!result) return;
      for (const message of result.messages) this.received.set(message.id, message);
      if (!result.hasMore) return;
    }
  }

  enqueue(index: number): void {
    this.#outbox.push({
      clientId: `${this.prefix}-${String(index).padStart(4, '0')}`,
      text: `${this.prefix} message ${index}`,
    });
    void this.flush();
  }

  get pending(): number {
    return this.#outbox.length;
  }

  async flush(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      while (this.#outbox.length > 0 && this.socket.connected) {
        const next = this.#outbox[0]!;
        const result = await this.call<{ message: Message }>('message:send', {
          conversationId: this.conversationId(),
          ...next,
        });
        if (!result) break;
        this.acked.push(result.message);
        this.received.set(result.message.id, result.message);
        this.#outbox.shift();
      }
    } finally {
      this.#sending = false;
    }
  }

  private async call<T>(event: string, payload: unknown): Promise<T | undefined> {
    try {
      const result = (await (this.socket as unknown as Socket)
        .timeout(2000)
        .emitWithAck(event, payload)) as Ack<T>;
      if (result.ok) return result.data;
      if (result.error.code === 'rate_limited')
        await new Promise((r) => setTimeout(r, result.error.retryAfterMs ?? 100));
      else throw new Error(`${event} refused: ${result.error.code} ${result.error.message}`);
    } catch (error) {
      if (error instanceof Error && error.message.includes('refused')) throw error;
      // Timeout or disconnect: the message stays in the outbox and goes again after reconnecting.
      this.retries++;
    }
    return undefined;
  }
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
    const login = await fetch(`${url()}/v1/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@demo.test', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const socketOptions = { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 };
    const agentSocket: Socket<AgentServerToClientEvents, AgentClientToServerEvents> = io(`${url()}/agent`, {
      ...socketOptions,
      auth: { token },
    });
    const visitorAuth: { merchantKey: string; visitorToken?: string } = { merchantKey: 'pk_demo' };
    const visitorSocket: Socket<VisitorServerToClientEvents, VisitorClientToServerEvents> = io(
      `${url()}/visitor`,
      {
        ...socketOptions,
        auth: visitorAuth,
      },
    );
    // The visitor's identity survives restarts through its token, as the SDK stores it.
    visitorSocket.on('session:ready', (session) => {
      if (session.visitorToken) visitorAuth.visitorToken = session.visitorToken;
    });
    try {
      await new Promise((resolve) => agentSocket.once('session:ready', resolve));
      await new Promise((resolve) => visitorSocket.once('session:ready', resolve));
      const opened = await visitorSocket.emitWithAck('conversation:open', {
        topic: 'payment',
        email: 'buyer@example.com',
      });
      if (!opened.ok) throw new Error(opened.error.message);
      const conversationId = opened.data.conversation.id;

      const visitor = new ReliableEnd(visitorSocket, () => conversationId, 'visitor');
      const agent = new ReliableEnd(agentSocket, () => conversationId, 'agent');

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
      const deadline = Date.now() + 30_000;
      while ((visitor.pending > 0 || agent.pending > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        void visitor.flush();
        void agent.flush();
      }
      expect({ visitor: visitor.pending, agent: agent.pending }).toEqual({ visitor: 0, agent: 0 });
      await visitor.sync();
      await agent.sync();

      for (const side of [visitor, agent]) {
        const messages = [...side.received.values()].sort((a, b) => a.seq - b.seq);
        // Gapless seqs from 1: nothing missing, nothing twice.
        expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 2 * PER_SIDE }, (_, i) => i + 1));
        expect(new Set(messages.map((m) => `${m.author.type}:${m.clientId}`)).size).toBe(2 * PER_SIDE);
        // Each sender's messages appear in the order they were sent.
        for (const type of ['visitor', 'agent'] as const) {
          const texts = messages.filter((m) => m.author.type === type).map((m) => m.text);
          expect(texts).toEqual(Array.from({ length: PER_SIDE }, (_, i) => `${type} message ${i}`));
        }
      }
      // Every acknowledged message is the one both sides hold.
      for (const message of [...visitor.acked, ...agent.acked]) {
        expect(visitor.received.get(message.id)).toEqual(message);
        expect(agent.received.get(message.id)).toEqual(message);
      }
    } finally {
      agentSocket.disconnect();
      visitorSocket.disconnect();
    }
  }, 90_000);
});
