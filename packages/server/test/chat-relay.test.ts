import type { Ack, Message, TypingSignal, VisitorConversation, WidgetConfig } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardDataLeft } from '../../protocol/test/card-data-scan.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import {
  type AgentSocket,
  clientId,
  connectAgent,
  connectVisitor,
  disconnectAll,
  next,
  ok,
} from './sockets-helpers.js';

let t: TestServer;
let agentToken: string;
let agent: AgentSocket;

beforeAll(async () => {
  t = await startTestServer();
  agentToken = await loginDemoAgent(t.url);
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

async function onlineAgent() {
  agent = await connectAgent(t.url, agentToken);
  return agent;
}

describe('visitor ↔ agent relay', () => {
  it('relays messages both ways, with gapless seqs, typing and read state', async () => {
    await onlineAgent();
    const { socket: visitor } = await connectVisitor(t.url);
    const opened = ok(
      await visitor.emitWithAck('conversation:open', {
        topic: 'payment',
        context: { pageUrl: 'http://localhost:3000/checkout', locale: 'zh-CN' },
      }),
    );
    expect(opened.conversation).toMatchObject({
      status: 'open',
      topic: 'payment',
      lastSeq: 0,
      offline: false,
    });
    const conversationId = opened.conversation.id;
    expect(opened.created).toBe(true);
    const resumed = ok(await visitor.emitWithAck('conversation:open', {}));
    expect({ id: resumed.conversation.id, created: resumed.created }).toEqual({
      id: conversationId,
      created: false,
    });

    const atAgent = next<{ conversationId: string; message: Message }>(agent, 'message:new');
    const sent = ok(
      await visitor.emitWithAck('message:send', {
        conversationId,
        clientId: clientId(),
        text: '  付款失败了，怎么办？ ',
      }),
    );
    expect(sent.duplicate).toBe(false);
    expect(sent.message).toMatchObject({
      seq: 1,
      text: '付款失败了，怎么办？',
      author: { type: 'visitor' },
      attachments: [],
      sources: [],
    });
    expect((await atAgent).message.id).toBe(sent.message.id);

    const typingAtVisitor = next<TypingSignal & { name?: string }>(visitor, 'typing');
    agent.emit('typing', { conversationId, typing: true });
    expect(await typingAtVisitor).toEqual({ conversationId, typing: true, name: 'Demo Agent' });
    const typingAtAgent = next<TypingSignal>(agent, 'typing');
    visitor.emit('typing', { conversationId, typing: true });
    expect(await typingAtAgent).toEqual({ conversationId, typing: true });

    const atVisitor = next<{ message: Message }>(
      visitor,
      'message:new',
      (e) => e.message.author.type === 'agent',
    );
    const reply = ok(
      await agent.emitWithAck('message:send', {
        conversationId,
        clientId: clientId(),
        text: '请告诉我订单号',
      }),
    );
    expect(reply.message).toMatchObject({ seq: 2, author: { type: 'agent', name: 'Demo Agent' } });
    expect((await atVisitor).message.text).toBe('请告诉我订单号');

    // Answering claimed the conversation for the agent.
    const readAtVisitor = next<{ conversation: VisitorConversation }>(
      visitor,
      'conversation:updated',
      (e) => e.conversation.agentReadSeq >= 1,
    );
    agent.emit('conversation:read', { conversationId, seq: 1 });
    expect((await readAtVisitor).conversation).toMatchObject({
      status: 'assigned',
      assignee: { name: 'Demo Agent' },
    });

    const synced = ok(await visitor.emitWithAck('messages:sync', { conversationId, afterSeq: 0 }));
    expect(synced.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(synced.hasMore).toBe(false);
  });

  it('never shows internal notes to the visitor', async () => {
    await onlineAgent();
    const { socket: visitor } = await connectVisitor(t.url);
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', {}));
    ok(
      await visitor.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'hello',
      }),
    );
    const seen: Message[] = [];
    visitor.on('message:new', (e) => seen.push(e.message));
    ok(
      await agent.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'VIP customer',
        internal: true,
      }),
    );
    const hi = next(visitor, 'message:new', (e: { message: Message }) => e.message.text === 'Hi!');
    ok(
      await agent.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'Hi!',
      }),
    );
    await hi;
    // The visitor's own "hello" may echo back after its ack; the note must never arrive.
    expect(seen.map((m) => m.text).filter((text) => text !== 'hello')).toEqual(['Hi!']);
    const history = ok(
      await visitor.emitWithAck('messages:sync', { conversationId: conversation.id, afterSeq: 0 }),
    );
    expect(history.messages.map((m) => m.text)).toEqual(['hello', 'Hi!']);
    expect(history.messages.map((m) => m.seq)).toEqual([1, 3]);
  });
});

describe('exactly once', () => {
  it('stores a resent client id once, and refuses the same id with other text', async () => {
    await onlineAgent();
    const { socket: visitor } = await connectVisitor(t.url);
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', {}));
    const id = clientId();
    const first = ok(
      await visitor.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: id,
        text: 'once',
      }),
    );
    const again = ok(
      await visitor.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: id,
        text: 'once',
      }),
    );
    expect(again).toEqual({ message: first.message, duplicate: true });
    const conflict = await visitor.emitWithAck('message:send', {
      conversationId: conversation.id,
      clientId: id,
      text: 'twice',
    });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'client_id_conflict' } });
    const parallel = await Promise.all(
      Array.from({ length: 5 }, () =>
        visitor.emitWithAck('message:send', {
          conversationId: conversation.id,
          clientId: 'parallel-0001',
          text: 'race',
        }),
      ),
    );
    const ids = new Set(parallel.map((r) => ok(r).message.id));
    expect(ids.size).toBe(1);
    const all = ok(
      await visitor.emitWithAck('messages:sync', { conversationId: conversation.id, afterSeq: 0 }),
    );
    expect(all.messages.map((m) => m.text)).toEqual(['once', 'race']);
  });
});

describe('authorisation', () => {
  it("treats another visitor's conversation id as unknown", async () => {
    await onlineAgent();
    const { socket: alice } = await connectVisitor(t.url);
    const { conversation } = ok(await alice.emitWithAck('conversation:open', {}));
    ok(
      await alice.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'my secret order',
      }),
    );
    const { socket: mallory } = await connectVisitor(t.url);
    for (const attempt of [
      mallory.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'hi',
      }),
      mallory.emitWithAck('messages:sync', { conversationId: conversation.id, afterSeq: 0 }),
      mallory.emitWithAck('conversation:rate', { conversationId: conversation.id, score: 1 }),
    ]) {
      expect(await attempt).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect((await t.storage.conversations.findById(conversation.id))?.lastSeq).toBe(1);
  });

  it('refuses a new message in an ended conversation and answers a resend of an acknowledged one', async () => {
    await onlineAgent();
    const { socket: visitor } = await connectVisitor(t.url);
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', {}));
    const sent = { conversationId: conversation.id, clientId: clientId(), text: 'is my refund on its way?' };
    const acked = ok(await visitor.emitWithAck('message:send', sent));
    const resolved = await fetch(`${t.url}/v1/agent/conversations/${conversation.id}/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}` },
    });
    expect(resolved.status).toBe(200);
    expect(await visitor.emitWithAck('message:send', { ...sent, clientId: clientId() })).toMatchObject({
      ok: false,
      error: { code: 'conversation_resolved' },
    });
    // The ack was lost on the way: the resend changes nothing and answers with what was stored.
    expect(ok(await visitor.emitWithAck('message:send', sent)).message).toEqual(acked.message);
    expect(await visitor.emitWithAck('message:send', { ...sent, text: 'another text' })).toMatchObject({
      ok: false,
      error: { code: 'client_id_conflict' },
    });
    expect((await t.storage.conversations.findById(conversation.id))?.lastSeq).toBe(acked.message.seq);
  });

  it("keeps one merchant's agents out of another merchant's conversations", async () => {
    const { socket: visitor } = await connectVisitor(t.url, {}, {});
    await onlineAgent();
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', {}));
    const demo = await t.storage.merchants.findByKey('pk_demo');
    const other = await t.storage.merchants.create({ ...demo!, key: 'pk_other_merchant', name: 'Other' });
    const { hashPassword } = await import('../src/auth/passwords.js');
    await t.storage.agents.create({
      merchantId: other.id,
      email: 'other@agent.test',
      name: 'Other',
      role: 'agent',
      passwordHash: await hashPassword('other-password-1'),
    });
    const login = await fetch(`${t.url}/v1/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'other@agent.test', password: 'other-password-1' }),
    });
    const { token } = (await login.json()) as { token: string };
    const stranger = await connectAgent(t.url, token);
    expect(
      await stranger.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const http = await fetch(`${t.url}/v1/agent/conversations/${conversation.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(http.status).toBe(404);
    const list = await fetch(`${t.url}/v1/agent/conversations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await list.json()) as { conversations: unknown[] }).conversations).toEqual([]);
  });
});

describe('bad input', () => {
  it('rejects malformed and oversized payloads with clear errors and keeps serving', async () => {
    await onlineAgent();
    const { socket: visitor } = await connectVisitor(t.url);
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', {}));
    const send = (payload: unknown) =>
      (
        visitor as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<{ message: Message }>> }
      ).emitWithAck('message:send', payload);
    expect(await send('just a string')).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await send({ conversationId: conversation.id, text: 'no client id' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('clientId') },
    });
    expect(
      await send({ conversationId: conversation.id, clientId: 'bad id with spaces', text: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(
      await send({ conversationId: conversation.id, clientId: clientId(), text: 'x'.repeat(4001) }),
    ).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
    expect(await send({ conversationId: conversation.id, clientId: clientId(), text: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    // No ack callback, unknown events, nulls: ignored without crashing the server.
    (visitor as unknown as { emit(...a: unknown[]): void }).emit('message:send', {
      conversationId: conversation.id,
    });
    (visitor as unknown as { emit(...a: unknown[]): void }).emit('no-such-event', 1, 2, 3);
    (visitor as unknown as { emit(...a: unknown[]): void }).emit('typing', null);
    (visitor as unknown as { emit(...a: unknown[]): void }).emit('conversation:read', {
      conversationId: 5,
      seq: 'x',
    });
    expect(
      ok(await send({ conversationId: conversation.id, clientId: clientId(), text: 'still here' })),
    ).toMatchObject({
      message: { text: 'still here' },
    });
  });

  it('redacts card numbers and CVCs before storing or relaying', async () => {
    await onlineAgent();
    const { socket: visitor } = await connectVisitor(t.url);
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', {}));
    const atAgent = next<{ message: Message }>(agent, 'message:new');
    const { message } = ok(
      await visitor.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'card 4242 4242 4242 4242 cvv 123, paid ¥1,299.00 on 2026-11-20, call 13812345678',
      }),
    );
    expect(message.redacted).toBe(true);
    expect(message.text).toBe(
      'card [card number removed] cvv [security code removed], paid ¥1,299.00 on 2026-11-20, call 13812345678',
    );
    const relayed = (await atAgent).message;
    expect(relayed.text).toBe(message.text);
    const stored = await t.storage.messages.findByClientId('visitor', message.author.id, message.clientId);
    expect(stored?.text).toBe(message.text);
    // Looked for as a thief would (any separators, widths or escapes), the card and the code are gone everywhere.
    const card = { cards: ['4242424242424242'], codes: [{ code: '123', after: 'cvv' }] };
    const places: [string, string][] = [
      ['ack', message.text],
      ['relay', relayed.text],
      ['storage', stored?.text ?? ''],
      ['storage row', JSON.stringify(stored)],
    ];
    for (const [where, text] of places)
      expect({ where, left: cardDataLeft(text, card) }).toEqual({ where, left: [] });
  });

  it('rate limits a burst of messages with a retry time', async () => {
    await onlineAgent();
    const { socket: visitor } = await connectVisitor(t.url);
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', {}));
    const results = [];
    for (let i = 0; i < 12; i++) {
      results.push(
        await visitor.emitWithAck('message:send', {
          conversationId: conversation.id,
          clientId: clientId(),
          text: `m${i}`,
        }),
      );
    }
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true);
    expect(results[10]).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterMs: expect.any(Number) },
    });
  });
});

describe('offline messages', () => {
  it('asks for an email when nobody is online, and agents find the message later', async () => {
    const { socket: visitor } = await connectVisitor(t.url);
    const config = (await (
      await fetch(`${t.url}/v1/widget/config?merchantKey=pk_demo`)
    ).json()) as WidgetConfig;
    expect(config.availability).toEqual({ online: false });
    expect(await visitor.emitWithAck('conversation:open', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    const { conversation } = ok(
      await visitor.emitWithAck('conversation:open', { email: 'buyer@example.com', name: '王小明' }),
    );
    expect(conversation.offline).toBe(true);
    ok(
      await visitor.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: '退款什么时候到账？',
      }),
    );

    const response = await fetch(`${t.url}/v1/agent/conversations?status=open`, {
      headers: { authorization: `Bearer ${agentToken}` },
    });
    const { conversations } = (await response.json()) as { conversations: Array<Record<string, unknown>> };
    expect(conversations.find((c) => c.id === conversation.id)).toMatchObject({
      offline: true,
      visitor: { name: '王小明', email: 'buyer@example.com' },
      lastMessage: { text: '退款什么时候到账？' },
      unreadCount: 1,
      waitingSince: expect.any(String),
    });

    const availability = next<{ online: boolean }>(visitor, 'availability', (e) => e.online);
    await onlineAgent();
    expect(await availability).toEqual({ online: true });
  });
});
