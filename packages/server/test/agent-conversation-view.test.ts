import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.js';
import { createAttachmentUrlSigner } from '../src/features/attachments/urls.js';
import { loadAgentConversation } from '../src/features/chat/views.js';
import type { MessageRecord } from '../src/storage/messages.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/storage.js';
import { DEMO_PASSWORD } from './helpers.js';

// The one agents' view of a conversation (features/chat/views.ts): the console and the agent API see it with
// notes, webhook receivers without. Every case is read for both audiences from a real SQLite file.
interface ViewCase {
  name: string;
  /** Messages in order: `v:` from the visitor, `n:` an agent's internal note, `a:` an agent's reply. */
  messages: string[];
  /** Pass the last stored message as the caller's `lastMessage` (as the relay does after a send). */
  justStored?: boolean;
  assigned?: boolean;
  agents: { lastMessage: string | null; unreadCount: number };
  webhooks: { lastMessage: string | null; unreadCount: number };
}

const CASES: ViewCase[] = [
  {
    name: 'no messages yet',
    messages: [],
    agents: { lastMessage: null, unreadCount: 0 },
    webhooks: { lastMessage: null, unreadCount: 0 },
  },
  {
    name: 'a visitor message last',
    messages: ['v:hello', 'a:hi', 'v:my refund?'],
    agents: { lastMessage: 'my refund?', unreadCount: 2 },
    webhooks: { lastMessage: 'my refund?', unreadCount: 2 },
  },
  {
    name: 'an internal note last',
    messages: ['v:hello', 'n:VIP, be quick'],
    agents: { lastMessage: 'VIP, be quick', unreadCount: 1 },
    webhooks: { lastMessage: 'hello', unreadCount: 1 },
  },
  {
    name: 'an internal note just stored and handed over',
    messages: ['v:hello', 'n:check the refund queue'],
    justStored: true,
    agents: { lastMessage: 'check the refund queue', unreadCount: 1 },
    webhooks: { lastMessage: 'hello', unreadCount: 1 },
  },
  {
    name: 'assigned, an agent reply last',
    messages: ['v:hello', 'a:on it'],
    assigned: true,
    agents: { lastMessage: 'on it', unreadCount: 1 },
    webhooks: { lastMessage: 'on it', unreadCount: 1 },
  },
];

let storage: Storage;
let dataDir: string;
let merchantId: string;
let agent: { id: string; name: string };
const urls = createAttachmentUrlSigner('test-secret-test-secret-test-secret');

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'topay-agent-view-'));
  storage = openSqliteStorage(path.join(dataDir, 'db.sqlite'));
  await storage.migrate();
  await seedDemo(storage, { dataDir, agentPassword: DEMO_PASSWORD });
  merchantId = (await storage.merchants.findByKey('pk_demo'))!.id;
  const [first] = await storage.agents.listByMerchant(merchantId);
  agent = { id: first!.id, name: first!.name };
});
afterAll(async () => {
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the agents’ view of a conversation', () => {
  it.each(CASES)('$name', async (c) => {
    const visitor = await storage.visitors.create(merchantId);
    let record = await storage.conversations.create({
      merchantId,
      visitorId: visitor.id,
      topic: null,
      flagged: false,
      offline: false,
      context: {},
      payment: null,
    });
    let last: MessageRecord | undefined;
    for (const [i, spec] of c.messages.entries()) {
      const [kind, text] = [spec.slice(0, 1), spec.slice(2)];
      const stored = await storage.messages.append({
        conversationId: record.id,
        clientId: `${record.id}-${i}`,
        authorType: kind === 'v' ? 'visitor' : 'agent',
        authorId: kind === 'v' ? visitor.id : agent.id,
        authorName: kind === 'v' ? null : agent.name,
        text,
        internal: kind === 'n',
        redacted: false,
        attachmentIds: [],
      });
      last = stored.message;
      record = stored.conversation;
    }
    if (c.assigned) {
      record = (await storage.conversations.update(record.id, { status: 'assigned', assigneeId: agent.id }))!;
    }
    for (const audience of ['agents', 'webhooks'] as const) {
      const view = await loadAgentConversation(
        { storage, urls, baseUrl: '', agentName: async (id) => (await storage.agents.findById(id))?.name },
        record,
        { notes: audience === 'agents', ...(c.justStored ? { lastMessage: last } : {}) },
      );
      expect(
        { lastMessage: view.lastMessage?.text ?? null, unreadCount: view.unreadCount },
        audience,
      ).toEqual(c[audience]);
      expect(view.lastMessage?.internal ?? false, audience).toBe(
        audience === 'agents' && (c.messages.at(-1)?.startsWith('n:') ?? false),
      );
      expect(view.assignee, audience).toEqual(c.assigned ? { id: agent.id, name: agent.name } : undefined);
    }
  });
});
