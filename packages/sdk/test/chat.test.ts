import type { Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from '../../server/test/helpers.js';
import type { ConnectionState } from '../src/chat/connection.js';
import type { Conversation } from '../src/chat/types.js';
import { createSupportClient, type SupportClient } from '../src/client/client.js';
import { memoryStorage } from './memory-storage.js';

let t: TestServer;
let agentToken: string;
const clients: SupportClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  agentToken = await loginDemoAgent(t.url);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(() => t.close());

function client(storage = memoryStorage()) {
  const c = createSupportClient({ merchantKey: 'pk_demo', serverUrl: t.url, storage });
  clients.push(c);
  return c;
}

async function agentApi<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${t.url}/v1/agent${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const agentReply = (conversationId: string, text: string) =>
  agentApi<Message>(`/conversations/${conversationId}/messages`, { text, clientId: crypto.randomUUID() });

async function storedTexts(conversationId: string): Promise<string[]> {
  const { messages } = await agentApi<{ messages: Message[] }>(
    `/conversations/${conversationId}/messages?after=0`,
  );
  return messages.map((m) => m.text);
}

const nextMessage = (conversation: Conversation, text: string) =>
  new Promise<Message>((resolve) => {
    const off = conversation.on('message', (m) => {
      if (m.text === text) {
        off();
        resolve(m);
      }
    });
  });

// A new conversation while no agent is online needs an email (the offline form).
const OPEN = { topic: 'payment', email: 'buyer@example.com' } as const;

const reconnected = (c: SupportClient) =>
  new Promise<void>((resolve) => {
    const off = c.on('connection', (state) => {
      if (state !== 'connected') return;
      off();
      resolve();
    });
  });

/** Resolves when the client reports the connection lost (any state but `connected`). */
const dropped = (c: SupportClient) =>
  new Promise<void>((resolve) => {
    const off = c.on('connection', (state) => {
      if (state === 'connected') return;
      off();
      resolve();
    });
  });

/** Disconnects every visitor socket on the server side, as a restart would; the client comes back by itself. */
const dropVisitors = () => t.server.io.of('/visitor').disconnectSockets(true);

describe('client.chat against a real server', () => {
  it('connects, opens, sends and gets the stored message; reports connection states; keeps the token', async () => {
    const storage = memoryStorage();
    const c = client(storage);
    const states: ConnectionState[] = [];
    c.on('connection', (s) => states.push(s));
    expect(await c.chat.current()).toBeNull();
    const conversation = await c.chat.open(OPEN);
    expect(conversation).toMatchObject({ status: 'open', topic: 'payment', history: [] });
    const message = await conversation.send('  My payment failed  ');
    expect(message).toMatchObject({ seq: 1, text: 'My payment failed', author: { type: 'visitor' } });
    expect(conversation.history.map((m) => m.seq)).toEqual([1]);
    expect(conversation.pending).toEqual([]);
    expect(states.slice(0, 2)).toEqual(['connecting', 'connected']);
    expect(storage.getItem('topay-support:pk_demo:visitor')).toMatch(/./);
    await expect(conversation.transcript()).resolves.toContain('My payment failed');
  });

  it('receives an agent reply sent through the agent HTTP API', async () => {
    const conversation = await client().chat.open(OPEN);
    await conversation.send('hello?');
    const arrived = nextMessage(conversation, '您好，请问订单号是多少？');
    await agentReply(conversation.id, '您好，请问订单号是多少？');
    expect(await arrived).toMatchObject({ author: { type: 'agent' }, seq: 2 });
    expect(conversation.history.map((m) => m.text)).toEqual(['hello?', '您好，请问订单号是多少？']);
  });

  it('a message sent while the socket is down waits in the outbox and goes out once, after the reconnect', async () => {
    const c = client();
    const conversation = await c.chat.open(OPEN);
    await conversation.send('before');
    const down = dropped(c);
    const back = reconnected(c);
    dropVisitors();
    await down;
    const sent = conversation.send('while offline');
    expect(conversation.pending).toMatchObject([{ text: 'while offline', state: 'sending' }]);
    await back;
    await expect(sent).resolves.toMatchObject({ seq: 2 });
    expect(await storedTexts(conversation.id)).toEqual(['before', 'while offline']);
  });

  it('a reload resends the outbox with the same clientIds: a message whose ack was lost is not duplicated', async () => {
    const storage = memoryStorage();
    const first = await client(storage).chat.open(OPEN);
    const delivered = await first.send('stored, but the ack was lost');
    // What a page that crashed mid-send leaves behind: the delivered entry (same clientId) and an unsent one.
    storage.setItem(
      `topay-support:pk_demo:outbox:${first.id}`,
      JSON.stringify([
        { clientId: delivered.clientId, text: delivered.text, queuedAt: delivered.createdAt },
        { clientId: 'reload-2', text: 'never sent', queuedAt: delivered.createdAt },
      ]),
    );
    const reloaded = client(storage);
    const again = await reloaded.chat.current();
    expect(again?.id).toBe(first.id);
    await new Promise<void>((resolve) => {
      const check = () => again!.pending.length === 0 && again!.history.length === 2 && resolve();
      again!.on('change', check);
      check();
    });
    expect(await storedTexts(first.id)).toEqual(['stored, but the ack was lost', 'never sent']);
    expect(again!.history.map((m) => [m.seq, m.clientId])).toEqual([
      [1, delivered.clientId],
      [2, 'reload-2'],
    ]);
    expect(storage.getItem(`topay-support:pk_demo:outbox:${first.id}`)).toBeNull();
  });

  it('syncs what it missed while disconnected, in seq order', async () => {
    const c = client();
    const conversation = await c.chat.open(OPEN);
    await conversation.send('anyone?');
    const down = dropped(c);
    const back = reconnected(c);
    dropVisitors();
    await down;
    await agentReply(conversation.id, 'one');
    await agentReply(conversation.id, 'two');
    const arrived = nextMessage(conversation, 'two');
    await back;
    await arrived;
    expect(conversation.history.map((m) => [m.seq, m.text])).toEqual([
      [1, 'anyone?'],
      [2, 'one'],
      [3, 'two'],
    ]);
  });

  it('a reply missed while disconnected arrives even when its own queued message is stored right after it', async () => {
    const c = client();
    const conversation = await c.chat.open(OPEN);
    await conversation.send('anyone?');
    const down = dropped(c);
    const back = reconnected(c);
    dropVisitors();
    await down;
    // Stored while the visitor is away: its push is lost. The visitor's own message, queued meanwhile, is stored
    // right after it on reconnect, so the ack runs ahead of the reply (seq 3 before seq 2 is known).
    await agentReply(conversation.id, 'missed push');
    const queued = conversation.send('are you there?');
    await back;
    await expect(queued).resolves.toMatchObject({ seq: 3 });
    await expect
      .poll(() => conversation.history.map((m) => [m.seq, m.text]))
      .toEqual([
        [1, 'anyone?'],
        [2, 'missed push'],
        [3, 'are you there?'],
      ]);
  });

  it('status, read and rating: resolve by the agent, then rate', async () => {
    const conversation = await client().chat.open(OPEN);
    await conversation.send('thanks');
    const resolved = new Promise<void>((resolve) =>
      conversation.on('status', (s) => s === 'resolved' && resolve()),
    );
    await agentApi(`/conversations/${conversation.id}/read`, {});
    await agentApi(`/conversations/${conversation.id}/resolve`, {});
    await resolved;
    expect(conversation.agentReadSeq).toBe(1);
    await expect(conversation.send('too late')).rejects.toMatchObject({ code: 'conversation_resolved' });
    await conversation.rate(5, 'fast and kind');
    expect(conversation.rating).toMatchObject({ score: 5 });
  });

  it('logout forgets the visitor: a new client with the same storage is a stranger', async () => {
    const storage = memoryStorage();
    const c = client(storage);
    const conversation = await c.chat.open(OPEN);
    c.logout();
    expect(conversation.attached).toBe(false);
    expect(storage.length).toBe(0);
    expect(await client(storage).chat.current()).toBeNull();
  });
});
