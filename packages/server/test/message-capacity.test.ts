import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Ack, Message } from '@topay-support/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { createServer, type TopayServer } from '../src/server.js';
import { openPostgresStorage } from '../src/storage/postgres.js';
import type { Storage } from '../src/storage/storage.js';
import { DEMO_PASSWORD, TEST_SECRET } from './helpers.js';
import { createTestDatabase, postgresAvailable } from './postgres-database.js';
import { clientId, connectVisitor, disconnectAll, ok } from './sockets-helpers.js';

// Past capacity (MESSAGE_QUEUE_SIZE), a node refuses new messages at once with rate_limited and
// retryAfterMs instead of queueing them for the database; resent with the same client ids, each is
// stored once. Real Postgres: a row lock held by another session keeps the admitted messages
// waiting inside the database, which is what "the database cannot keep up" looks like to a node.
const available = postgresAvailable('message capacity');
const QUEUE = 4;
type SendAck = Ack<{ message: Message; duplicate: boolean }>;

describe.skipIf(!available)('a node past capacity', () => {
  let database: { url: string; drop(): Promise<void> };
  let storage: Storage;
  let dataDir: string;
  const servers: TopayServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    storage = openPostgresStorage(database.url);
    await storage.migrate();
    dataDir = mkdtempSync(path.join(tmpdir(), 'topay-capacity-'));
    await seedDemo(storage, { dataDir, agentPassword: DEMO_PASSWORD });
  });

  afterAll(async () => {
    disconnectAll();
    for (const server of servers) await server.close();
    await storage?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A node on the shared database with this queue; its log lines are kept. */
  async function startNode(queue: Record<string, string>) {
    const logLines: string[] = [];
    const config = loadConfig(
      {
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        TOKEN_SECRET: TEST_SECRET,
        ...queue,
        // The abuse limits stay out of the way: what refuses here must be the capacity.
        RATE_LIMIT_MESSAGE_BURST: '1000',
        RATE_LIMIT_MESSAGES_PER_MINUTE: '1000',
      },
      'demo',
    );
    const server = await createServer({
      config: { ...config, tokenSecret: TEST_SECRET },
      storage,
      logDestination: { write: (line: string) => logLines.push(line) },
    });
    servers.push(server);
    const url = await server.listen();
    const metric = async (name: string) => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line ? Number(line.split(' ').at(-1)) : Number.NaN;
    };
    const { socket } = await connectVisitor(url);
    const { conversation } = ok(await socket.emitWithAck('conversation:open', {}));
    const send = (id: string): Promise<SendAck> =>
      socket.emitWithAck('message:send', { conversationId: conversation.id, clientId: id, text: `m ${id}` });
    return { metric, send, conversation, logLines };
  }

  /** Another session holds the conversation's row lock: the node's writes wait inside Postgres. */
  async function lockConversation(id: string) {
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select 1 from conversations where id = $1 for update', [id]);
    let held = true;
    return {
      async release() {
        if (held) await blocker.query('commit');
        held = false;
      },
      async end() {
        if (held) await blocker.query('rollback');
        await blocker.end();
      },
    };
  }

  function expectRefusedAtOnce(refusals: SendAck[]) {
    for (const refusal of refusals) {
      expect(refusal.ok).toBe(false);
      if (refusal.ok) continue;
      expect(refusal.error.code).toBe('rate_limited');
      expect(refusal.error.retryAfterMs).toBeGreaterThanOrEqual(100);
      expect(refusal.error.retryAfterMs).toBeLessThanOrEqual(10_000);
    }
  }

  it('refuses at once past MESSAGE_QUEUE_SIZE with rate_limited and retryAfterMs, and stores every resent message once', async () => {
    const { metric, send, conversation, logLines } = await startNode({ MESSAGE_QUEUE_SIZE: String(QUEUE) });
    const lock = await lockConversation(conversation.id);
    try {
      const admittedIds = Array.from({ length: QUEUE }, () => clientId());
      const admitted = admittedIds.map(send);
      let admittedSettled = false;
      void Promise.allSettled(admitted).then(() => {
        admittedSettled = true;
      });
      // The node now holds QUEUE messages it cannot commit.
      await expect.poll(() => metric('topay_messages_pending')).toBe(QUEUE);

      const floodIds = Array.from({ length: 20 }, () => clientId());
      const started = performance.now();
      const refusals = await Promise.all(floodIds.map(send));
      const took = performance.now() - started;
      expectRefusedAtOnce(refusals);
      // At once: answered while the admitted messages are still stuck behind the lock, not after
      // waiting for a pool connection or a timeout.
      expect(admittedSettled).toBe(false);
      expect(took).toBeLessThan(1_000);
      expect(await metric('topay_messages_refused_total')).toBe(floodIds.length);

      await lock.release();
      const acks = await Promise.all(admitted);
      expect(acks.map((ack) => ok(ack).message.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);

      // The outbox comes back with the same client ids (an admitted one too, resent after a lost
      // ack), one at a time as a client would: each is stored once, none twice.
      const resent: SendAck[] = [];
      for (const id of [...floodIds, admittedIds[0]!]) resent.push(await send(id));
      expect(resent.every((ack) => ack.ok)).toBe(true);
      expect(resent.filter((ack) => ack.ok && ack.data.duplicate)).toHaveLength(1);
      // Gapless, and each visitor message exactly once (the demo's assistant may answer in between).
      const stored = await storage.messages.listAfter(conversation.id, 0, 100, true);
      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
      const visitors = stored.filter((m) => m.authorType === 'visitor').map((m) => m.clientId);
      expect(visitors.sort()).toEqual([...admittedIds, ...floodIds].sort());
      expect(await metric('topay_messages_pending')).toBe(0);
    } finally {
      await lock.end();
    }
    // A refusal is counted, not logged: no warning or error line for any of them.
    const loud = logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 40);
    expect(loud.filter((line) => !line.includes('not found: run `pnpm build` first'))).toEqual([]);
  });

  it('refuses at once when what the node holds would take longer than MESSAGE_QUEUE_MAX_WAIT_MS at its pace', async () => {
    const { metric, send, conversation } = await startNode({ MESSAGE_QUEUE_MAX_WAIT_MS: '200' });
    // The node's pace: 40 messages, one after another, each committed.
    for (let i = 0; i < 40; i += 1) ok(await send(clientId()));
    const lock = await lockConversation(conversation.id);
    try {
      // 40 more it cannot commit: at its pace (about 40 in the last second or two) that is far more
      // than 200 ms of work, so past the first 32 (always admitted) it refuses.
      const ids = Array.from({ length: 40 }, () => clientId());
      const acks: SendAck[] = [];
      const outcomes = ids.map((id) => send(id).then((ack) => acks.push(ack)));
      await expect.poll(() => acks.length).toBeGreaterThanOrEqual(8);
      expectRefusedAtOnce(acks);
      expect(await metric('topay_messages_pending')).toBe(32);
      await lock.release();
      await Promise.all(outcomes);
      expect(acks.filter((ack) => ack.ok)).toHaveLength(32);
    } finally {
      await lock.end();
    }
  });
});
