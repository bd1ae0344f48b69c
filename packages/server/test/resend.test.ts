import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.js';
import { ClientIdConflictError, type NewMessage } from '../src/storage/messages.js';
import { openPostgresStorage } from '../src/storage/postgres.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/storage.js';
import { DEMO_PASSWORD } from './helpers.js';
import { createTestDatabase, postgresAvailable } from './postgres-database.js';

// The one duplicate-message rule (storage `messages.findResend`, storage/messages.ts): asked directly, as the chat
// service does before refusing, and through `append`, where the unique key sends it there from every write path
// (SQLite's group commit, Postgres's one statement). Both must give the same answer.
interface ResendCase {
  name: string;
  /** Changes to the first message: what the second send carries. */
  second: (first: NewMessage, other: { conversationId: string; agentId: string }) => NewMessage;
  outcome: 'resend' | 'conflict' | 'new';
}

const CASES: ResendCase[] = [
  { name: 'the same message again', second: (m) => ({ ...m }), outcome: 'resend' },
  {
    name: 'the same message with other attachment ids (a resend after the upload was used)',
    second: (m) => ({ ...m, attachmentIds: ['gone'] }),
    outcome: 'resend',
  },
  {
    name: 'the same client id with another text',
    second: (m) => ({ ...m, text: 'changed' }),
    outcome: 'conflict',
  },
  {
    name: 'the same client id in another conversation',
    second: (m, o) => ({ ...m, conversationId: o.conversationId }),
    outcome: 'conflict',
  },
  {
    name: 'the same client id from another author',
    second: (m, o) => ({ ...m, authorType: 'agent', authorId: o.agentId, authorName: 'Agent' }),
    outcome: 'new',
  },
  { name: 'another client id', second: (m) => ({ ...m, clientId: `${m.clientId}-other` }), outcome: 'new' },
];

function defineResendRule(open: () => Promise<{ storage: Storage; drop(): Promise<void> }>) {
  let storage: Storage;
  let drop: () => Promise<void>;
  let merchantId: string;
  let agentId: string;

  beforeAll(async () => {
    ({ storage, drop } = await open());
    await storage.migrate();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-resend-seed-'));
    await seedDemo(storage, { dataDir, agentPassword: DEMO_PASSWORD });
    rmSync(dataDir, { recursive: true, force: true });
    merchantId = (await storage.merchants.findByKey('pk_demo'))!.id;
    agentId = (await storage.agents.listByMerchant(merchantId))[0]!.id;
  });
  afterAll(async () => {
    await storage.close();
    await drop();
  });

  async function twoConversations() {
    const visitor = await storage.visitors.create(merchantId);
    const open = () =>
      storage.conversations.create({
        merchantId,
        visitorId: visitor.id,
        topic: null,
        flagged: false,
        offline: false,
        context: {},
        payment: null,
      });
    const [one, two] = [await open(), await open()];
    const first: NewMessage = {
      conversationId: one.id,
      clientId: `client-${one.id}`,
      authorType: 'visitor',
      authorId: visitor.id,
      authorName: null,
      text: 'where is my refund?',
      internal: false,
      redacted: false,
      attachmentIds: [],
    };
    return { first, other: { conversationId: two.id, agentId } };
  }

  it.each(CASES)('$name', async (c) => {
    const { first, other } = await twoConversations();
    const stored = await storage.messages.append(first);
    const second = c.second(first, other);

    // Asked first, then appended: on Postgres the two would race for the pool, and an append that won would
    // make the question find its own message.
    if (c.outcome === 'conflict') {
      await expect(storage.messages.findResend(second)).rejects.toBeInstanceOf(ClientIdConflictError);
      await expect(storage.messages.append(second)).rejects.toBeInstanceOf(ClientIdConflictError);
    } else if (c.outcome === 'resend') {
      await expect(storage.messages.findResend(second)).resolves.toEqual({ ...stored, duplicate: true });
      await expect(storage.messages.append(second)).resolves.toEqual({ ...stored, duplicate: true });
    } else {
      await expect(storage.messages.findResend(second)).resolves.toBeUndefined();
      const result = await storage.messages.append(second);
      expect(result.duplicate).toBe(false);
      expect(result.message.id).not.toBe(stored.message.id);
    }
    // Nothing but the first message and a new one was stored.
    const held = await storage.messages.listLatest(first.conversationId, 10, true);
    expect(held.length).toBe(c.outcome === 'new' && second.conversationId === first.conversationId ? 2 : 1);
  });

  it('two sends of one new client id at once store it once; both answer with it', async () => {
    const { first } = await twoConversations();
    const [a, b] = await Promise.all([storage.messages.append(first), storage.messages.append(first)]);
    expect(a.message).toEqual(b.message);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await storage.messages.listLatest(first.conversationId, 10, true)).toHaveLength(1);
  });
}

describe('the resend rule on SQLite (group commit)', () => {
  defineResendRule(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topay-resend-'));
    return {
      storage: openSqliteStorage(path.join(dir, 'db.sqlite')),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
});

describe.skipIf(!postgresAvailable('resend rule'))('the resend rule on Postgres', () => {
  defineResendRule(async () => {
    const database = await createTestDatabase();
    return { storage: openPostgresStorage(database.url, { poolSize: 4 }), drop: () => database.drop() };
  });
});
