import type { LinkedConversationsResponse, Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeUserHash } from '../src/features/chat/identity.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import {
  connectAgent,
  connectVisitor,
  disconnectAll,
  next,
  ok,
  type VisitorSocket,
} from './sockets-helpers.js';

// One conversation per payment: "ask about this payment" for a second payment opens that payment's
// own conversation instead of replacing the first one's payment; the visitor lists and switches
// between them; agents see the same visitor's conversations linked.

let t: TestServer;
let agentToken: string;
beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_FAILED_PAYMENT_LOOKUPS_PER_HOUR: '1000' } });
  agentToken = await loginDemoAgent(t.url);
});
// An agent online: conversations start without asking for an email.
beforeEach(async () => {
  await connectAgent(t.url, agentToken);
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

const buyer = 'buyer@example.com';
const identity = { userId: 'demo-user-1', userHash: computeUserHash('sk_demo_secret', 'demo-user-1') };

function askAbout(socket: VisitorSocket, reference: string) {
  return socket
    .emitWithAck('conversation:open', { topic: 'payment', payment: { reference, email: buyer } })
    .then(ok);
}

let clientIds = 0;
function send(socket: VisitorSocket, conversationId: string, text: string) {
  clientIds += 1;
  return socket
    .emitWithAck('message:send', { conversationId, clientId: `pc-${clientIds}-${Date.now()}`, text })
    .then(ok);
}

async function agent<T>(path: string, init: RequestInit = {}): Promise<{ status: number; json: T }> {
  const response = await fetch(`${t.url}/v1/agent${path}`, {
    ...init,
    headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
  });
  return { status: response.status, json: (await response.json()) as T };
}

async function visitorHistory(socket: VisitorSocket, conversationId: string): Promise<Message[]> {
  return ok(await socket.emitWithAck('messages:sync', { conversationId, afterSeq: 0 })).messages;
}

describe('one conversation per payment', () => {
  it('gives two payments two conversations, each keeping its own payment, and resumes each by payment', async () => {
    const { socket } = await connectVisitor(t.url);
    const first = await askAbout(socket, 'demo-failed');
    const second = await askAbout(socket, 'demo-declined');
    expect(first.created).toBe(true);
    expect(second.created).toBe(true);
    expect(second.conversation.id).not.toBe(first.conversation.id);
    expect(first.conversation.payment).toEqual({ reference: 'demo-failed', status: 'failed' });
    expect(second.conversation.payment).toEqual({ reference: 'demo-declined', status: 'failed' });

    // The first conversation still carries its own payment, for agents too.
    const seen = await agent<{ conversation: { payment: { reference: string } } }>(
      `/conversations/${first.conversation.id}`,
    );
    expect(seen.json.conversation.payment.reference).toBe('demo-failed');

    // Asking about the first payment again resumes its conversation, not the newest one.
    const again = await askAbout(socket, 'demo-failed');
    expect(again.created).toBe(false);
    expect(again.conversation.id).toBe(first.conversation.id);
  });

  it('never posts a message into the other conversation', async () => {
    const { socket } = await connectVisitor(t.url);
    const a = (await askAbout(socket, 'demo-expired')).conversation.id;
    const b = (await askAbout(socket, 'demo-pending')).conversation.id;
    const relayed: Array<{ conversationId: string; text: string }> = [];
    socket.on('message:new', (event) =>
      relayed.push({ conversationId: event.conversationId, text: event.message.text }),
    );
    await send(socket, a, 'about the expired card');
    await send(socket, b, 'about the pending one');
    await send(socket, a, 'still the expired card');

    const inA = (await visitorHistory(socket, a))
      .filter((m) => m.author.type === 'visitor')
      .map((m) => m.text);
    const inB = (await visitorHistory(socket, b))
      .filter((m) => m.author.type === 'visitor')
      .map((m) => m.text);
    expect(inA).toEqual(['about the expired card', 'still the expired card']);
    expect(inB).toEqual(['about the pending one']);
    // Seqs stay gapless per conversation: each numbers its own messages from 1.
    const seqsB = (await visitorHistory(socket, b)).map((m) => m.seq);
    expect(seqsB).toEqual(seqsB.map((_, index) => index + 1));

    await expect
      .poll(() => relayed.filter((r) => r.text.startsWith('about') || r.text.startsWith('still')).length)
      .toBe(3);
    for (const event of relayed) {
      if (event.text.includes('pending')) expect(event.conversationId).toBe(b);
      if (event.text.includes('expired')) expect(event.conversationId).toBe(a);
    }
  });

  it('creates one conversation when the same payment is asked about twice at once', async () => {
    // An identified user's own payment needs no email, so nothing slows the second ask down.
    const { socket } = await connectVisitor(t.url, { identity });
    const ask = () =>
      socket.emitWithAck('conversation:open', { payment: { reference: 'demo-processing' } }).then(ok);
    const [one, two] = await Promise.all([ask(), ask()]);
    expect(one.conversation.id).toBe(two.conversation.id);
    expect([one.created, two.created].sort()).toEqual([false, true]);
  });

  it('starts a new conversation about a payment whose conversation has ended', async () => {
    const { socket } = await connectVisitor(t.url);
    const first = await askAbout(socket, 'demo-refunded');
    expect(
      (await agent(`/conversations/${first.conversation.id}/resolve`, { method: 'POST', body: '{}' })).status,
    ).toBe(200);
    const later = await askAbout(socket, 'demo-refunded');
    expect(later.created).toBe(true);
    expect(later.conversation.id).not.toBe(first.conversation.id);
  });
});

describe('a visitor switching between conversations', () => {
  it('lists open conversations with payment, last message and unread replies, and joins one', async () => {
    const { socket } = await connectVisitor(t.url);
    const a = (await askAbout(socket, 'demo-disputed')).conversation.id;
    const b = (await askAbout(socket, 'demo-cancelled')).conversation.id;
    await send(socket, a, 'why disputed?');
    await send(socket, b, 'why cancelled?');
    const reply = await agent(`/conversations/${b}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'It was cancelled by the shop.', clientId: `agent-reply-${Date.now()}` }),
    });
    expect(reply.status).toBe(201);

    await expect
      .poll(async () => {
        const { conversations } = ok(await socket.emitWithAck('conversations:list'));
        return conversations.find((c) => c.id === b)?.lastMessage?.text;
      })
      .toBe('It was cancelled by the shop.');
    const { conversations } = ok(await socket.emitWithAck('conversations:list'));
    expect(conversations.map((c) => c.id).sort()).toEqual([a, b].sort());
    const summaryA = conversations.find((c) => c.id === a)!;
    const summaryB = conversations.find((c) => c.id === b)!;
    expect(summaryA).toMatchObject({
      payment: { reference: 'demo-disputed', status: 'disputed' },
      lastMessage: { text: 'why disputed?', authorType: 'visitor' },
      status: 'open',
    });
    expect(summaryB).toMatchObject({
      payment: { reference: 'demo-cancelled', status: 'cancelled' },
      lastMessage: { text: 'It was cancelled by the shop.', authorType: 'agent' },
      unreadCount: 1,
    });
    // The visitor's own messages and replies they read are not unread.
    expect(summaryA.unreadCount).toBe(0);
    // Newest activity first: B has the agent's reply.
    expect(conversations[0]!.id).toBe(b);

    const joined = ok(await socket.emitWithAck('conversation:join', { conversationId: a }));
    expect(joined.conversation.id).toBe(a);
    expect(joined.conversation.payment?.reference).toBe('demo-disputed');
    expect(joined.messages.map((m) => m.text)).toContain('why disputed?');
    expect(joined.messages.map((m) => m.text)).not.toContain('why cancelled?');

    // Reading B's reply clears its unread count.
    const seqB = summaryB.lastMessage && (await visitorHistory(socket, b)).at(-1)!.seq;
    socket.emit('conversation:read', { conversationId: b, seq: seqB! });
    await next(
      socket,
      'conversation:updated',
      (e: { conversation: { id: string; visitorReadSeq: number } }) =>
        e.conversation.id === b && e.conversation.visitorReadSeq === seqB,
    );
    const after = ok(await socket.emitWithAck('conversations:list')).conversations;
    expect(after.find((c) => c.id === b)?.unreadCount).toBe(0);
  });

  it("cannot join or list another visitor's conversation", async () => {
    const { socket: owner } = await connectVisitor(t.url);
    const theirs = (await askAbout(owner, 'demo-succeeded')).conversation.id;
    const { socket: stranger } = await connectVisitor(t.url);
    const refused = await stranger.emitWithAck('conversation:join', { conversationId: theirs });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(ok(await stranger.emitWithAck('conversations:list')).conversations).toEqual([]);
    const bad = await stranger.emitWithAck('conversation:join', { conversationId: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('leaves ended conversations out of the list', async () => {
    const { socket } = await connectVisitor(t.url);
    const a = (await askAbout(socket, 'demo-partially-refunded')).conversation.id;
    const b = (await askAbout(socket, 'demo-failed')).conversation.id;
    await agent(`/conversations/${a}/resolve`, { method: 'POST', body: '{}' });
    const { conversations } = ok(await socket.emitWithAck('conversations:list'));
    expect(conversations.map((c) => c.id)).toEqual([b]);
  });
});

describe("agents see a visitor's conversations linked", () => {
  it("lists the same visitor's other conversations, and nobody else's", async () => {
    const { socket } = await connectVisitor(t.url);
    const a = (await askAbout(socket, 'demo-failed')).conversation.id;
    const b = (await askAbout(socket, 'demo-declined')).conversation.id;
    await send(socket, b, 'the declined one');
    const { socket: other } = await connectVisitor(t.url);
    await askAbout(other, 'demo-expired');

    const linkedA = await agent<LinkedConversationsResponse>(`/conversations/${a}/linked`);
    expect(linkedA.status).toBe(200);
    expect(linkedA.json.conversations).toEqual([
      expect.objectContaining({
        id: b,
        payment: { reference: 'demo-declined', status: 'failed' },
        lastMessage: expect.objectContaining({ text: 'the declined one', authorType: 'visitor' }),
      }),
    ]);
    const linkedB = await agent<LinkedConversationsResponse>(`/conversations/${b}/linked`);
    expect(linkedB.json.conversations.map((c) => c.id)).toEqual([a]);
    // Linked entries carry the reference and status only, never the payment's details.
    expect(JSON.stringify(linkedB.json)).not.toContain('amount');

    const missing = await agent<{ error: { code: string } }>('/conversations/no-such-id/linked');
    expect(missing.status).toBe(404);
    const anonymous = await fetch(`${t.url}/v1/agent/conversations/${a}/linked`);
    expect(anonymous.status).toBe(401);
  });
});
