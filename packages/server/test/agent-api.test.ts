import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords.js';
import { computeUserHash } from '../src/features/chat/identity.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, ok } from './sockets-helpers.js';

let t: TestServer;
let token: string;

beforeAll(async () => {
  t = await startTestServer();
  token = await loginDemoAgent(t.url);
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

function api(path: string, init: { method?: string; body?: unknown; as?: string } = {}) {
  return fetch(`${t.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${init.as ?? token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
}

async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function visitorConversation(text = '我的退款呢？') {
  await connectAgent(t.url, token);
  const { socket, session } = await connectVisitor(t.url);
  const { conversation } = ok(await socket.emitWithAck('conversation:open', { topic: 'refund' }));
  ok(
    await socket.emitWithAck('message:send', { conversationId: conversation.id, clientId: clientId(), text }),
  );
  return { socket, session, id: conversation.id };
}

describe('agent HTTP API (docs/agent-api.md)', () => {
  it('lists, shows, claims, reads, resolves and reopens with the documented shapes', async () => {
    const { id } = await visitorConversation();
    const list = await json<{ conversations: Array<Record<string, unknown>>; nextCursor: string | null }>(
      await api('/v1/agent/conversations?status=open'),
    );
    const listed = list.conversations.find((c) => c.id === id)!;
    expect(listed).toMatchObject({
      id,
      status: 'open',
      topic: 'refund',
      visitor: { id: expect.any(String) },
      lastMessage: {
        id: expect.any(String),
        clientId: expect.any(String),
        seq: 1,
        author: { type: 'visitor', id: expect.any(String) },
        text: '我的退款呢？',
        attachments: [],
        sources: [],
        createdAt: expect.stringMatching(/Z$/),
      },
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(listed).not.toHaveProperty('assignee');
    expect(list).toHaveProperty('nextCursor');

    const shown = await json(await api(`/v1/agent/conversations/${id}`));
    expect(shown).toEqual({ conversation: expect.objectContaining({ id, status: 'open' }) });

    for (let i = 0; i < 2; i++) {
      const claimed = await api(`/v1/agent/conversations/${id}/claim`, { method: 'POST' });
      expect(claimed.status).toBe(200);
      expect(await json(claimed)).toMatchObject({
        conversation: { status: 'assigned', assignee: { name: 'Demo Agent' } },
      });
    }
    expect(await json(await api(`/v1/agent/conversations/${id}/read`, { method: 'POST' }))).toMatchObject({
      conversation: { agentReadSeq: 1, unreadCount: 0 },
    });
    for (let i = 0; i < 2; i++) {
      expect(
        await json(await api(`/v1/agent/conversations/${id}/resolve`, { method: 'POST' })),
      ).toMatchObject({
        conversation: { status: 'resolved', resolvedAt: expect.any(String) },
      });
    }
    expect(await json(await api(`/v1/agent/conversations/${id}/reopen`, { method: 'POST' }))).toMatchObject({
      conversation: { status: 'assigned', resolvedAt: null },
    });
    const byStatus = await json<{ conversations: Array<{ id: string }> }>(
      await api('/v1/agent/conversations?status=assigned'),
    );
    expect(byStatus.conversations.map((c) => c.id)).toContain(id);
  });

  it('posts messages idempotently: 201, then 200 with the same message, 409 for other text', async () => {
    const { id, socket } = await visitorConversation();
    const body = { text: '已经为你查询', clientId: 'bot-reply-00000001' };
    const first = await api(`/v1/agent/conversations/${id}/messages`, { body });
    expect(first.status).toBe(201);
    const created = await json<{ message: Record<string, unknown> }>(first);
    expect(created.message).toMatchObject({
      seq: 2,
      clientId: body.clientId,
      author: { type: 'agent', name: 'Demo Agent' },
    });
    const again = await api(`/v1/agent/conversations/${id}/messages`, { body });
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual(created);
    const conflict = await api(`/v1/agent/conversations/${id}/messages`, {
      body: { ...body, text: 'different' },
    });
    expect(conflict.status).toBe(409);
    expect(await json(conflict)).toMatchObject({ error: { code: 'client_id_conflict' } });

    const after = await json<{ messages: Array<{ seq: number }> }>(
      await api(`/v1/agent/conversations/${id}/messages?after=1`),
    );
    expect(after.messages.map((m) => m.seq)).toEqual([2]);
    const visitorView = ok(await socket.emitWithAck('messages:sync', { conversationId: id, afterSeq: 0 }));
    expect(visitorView.messages.map((m) => m.text)).toEqual(['我的退款呢？', '已经为你查询']);
  });

  it('answers bad requests with the JSON error shape', async () => {
    const { id } = await visitorConversation();
    expect((await api('/v1/agent/conversations?status=nope')).status).toBe(400);
    expect((await api('/v1/agent/conversations/does-not-exist')).status).toBe(404);
    const tooLong = await api(`/v1/agent/conversations/${id}/messages`, {
      body: { text: 'x'.repeat(4001), clientId: 'long-text-0001' },
    });
    expect(tooLong.status).toBe(413);
    expect(await json(tooLong)).toMatchObject({ error: { code: 'too_large' } });
    expect((await api(`/v1/agent/conversations/${id}/messages`, { body: { text: 'no id' } })).status).toBe(
      400,
    );
    expect((await api('/v1/agent/conversations', { as: 'garbage' })).status).toBe(401);
  });

  it('filters by topic, searches text and pages with a cursor', async () => {
    const unique = `needle-${Date.now().toString(36)}`;
    const { id } = await visitorConversation(`hello ${unique}`);
    const found = await json<{ conversations: Array<{ id: string }> }>(
      await api(`/v1/agent/conversations?q=${unique}`),
    );
    expect(found.conversations.map((c) => c.id)).toEqual([id]);
    const none = await json<{ conversations: unknown[] }>(
      await api(`/v1/agent/conversations?q=${unique}&topic=complaint`),
    );
    expect(none.conversations).toEqual([]);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { conversations: Array<{ id: string }>; nextCursor: string | null } = await json(
        await api(`/v1/agent/conversations?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      );
      for (const c of page.conversations) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });

  it('transfers to another agent and manages canned replies', async () => {
    const { id } = await visitorConversation();
    const merchant = await t.storage.merchants.findByKey('pk_demo');
    const colleague = await t.storage.agents.create({
      merchantId: merchant!.id,
      email: `colleague-${Date.now().toString(36)}@demo.test`,
      name: 'Colleague',
      role: 'agent',
      passwordHash: await hashPassword('colleague-password'),
    });
    const agents = await json<{ agents: Array<{ agentId: string; status: string }> }>(
      await api('/v1/agent/agents'),
    );
    expect(agents.agents.find((a) => a.agentId === colleague.id)).toMatchObject({ status: 'offline' });
    expect(
      await json(await api(`/v1/agent/conversations/${id}/transfer`, { body: { agentId: colleague.id } })),
    ).toMatchObject({
      conversation: { status: 'assigned', assignee: { id: colleague.id, name: 'Colleague' } },
    });
    expect(
      (await api(`/v1/agent/conversations/${id}/transfer`, { body: { agentId: 'nobody' } })).status,
    ).toBe(404);

    const created = await api('/v1/agent/canned-replies', {
      body: { shortcut: 'refund-time', text: '退款通常 5–10 个工作日到账。' },
    });
    expect(created.status).toBe(201);
    const { cannedReply } = await json<{ cannedReply: { id: string } }>(created);
    expect(
      (await api('/v1/agent/canned-replies', { body: { shortcut: 'refund-time', text: 'dup' } })).status,
    ).toBe(409);
    expect(await json(await api('/v1/agent/canned-replies'))).toMatchObject({
      cannedReplies: [{ id: cannedReply.id, shortcut: 'refund-time' }],
    });
    expect((await api(`/v1/agent/canned-replies/${cannedReply.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/v1/agent/canned-replies/${cannedReply.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('identity, rating and transcripts', () => {
  it('follows a verified user across devices, and refuses a forged hash its history', async () => {
    await connectAgent(t.url, token);
    const identity = {
      userId: 'demo-user-1',
      userHash: computeUserHash('sk_demo_secret', 'demo-user-1'),
      email: 'buyer@example.com',
    };
    const { socket: phone, session: phoneSession } = await connectVisitor(t.url, { identity });
    const { conversation } = ok(await phone.emitWithAck('conversation:open', {}));
    ok(
      await phone.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'from my phone',
      }),
    );

    const { socket: laptop, session: laptopSession } = await connectVisitor(t.url, { identity });
    expect(laptopSession.visitorId).toBe(phoneSession.visitorId);
    const current = ok(await laptop.emitWithAck('conversation:current'));
    expect(current.messages.map((m) => m.text)).toEqual(['from my phone']);

    const { socket: forger, session: forged } = await connectVisitor(t.url, {
      identity: { userId: 'demo-user-1', userHash: 'f'.repeat(64) },
    });
    expect(forged.identityRejected).toBe(true);
    expect(forged.visitorId).not.toBe(phoneSession.visitorId);
    expect(ok(await forger.emitWithAck('conversation:current'))).toEqual({
      conversation: null,
      messages: [],
    });

    // The identified visitor's token alone (after logout, no identity) does not reopen the history.
    const { socket: loggedOut } = await connectVisitor(t.url, { visitorToken: phoneSession.visitorToken });
    expect(ok(await loggedOut.emitWithAck('conversation:current'))).toEqual({
      conversation: null,
      messages: [],
    });
  });

  it('keeps an anonymous visitor via the token, and moves their chat along when they identify', async () => {
    await connectAgent(t.url, token);
    const { socket, session } = await connectVisitor(t.url);
    const { conversation } = ok(await socket.emitWithAck('conversation:open', {}));
    ok(
      await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'before login',
      }),
    );
    const { session: again } = await connectVisitor(t.url, { visitorToken: session.visitorToken });
    expect(again.visitorId).toBe(session.visitorId);
    const identity = { userId: 'user-42', userHash: computeUserHash('sk_demo_secret', 'user-42') };
    const { socket: identified } = await connectVisitor(t.url, {
      visitorToken: session.visitorToken,
      identity,
    });
    expect(ok(await identified.emitWithAck('conversation:current')).messages.map((m) => m.text)).toEqual([
      'before login',
    ]);
  });

  it('takes a rating once resolved and serves the transcript to its visitor only', async () => {
    const { socket, session, id } = await visitorConversation('where is my refund');
    const early = await socket.emitWithAck('conversation:rate', { conversationId: id, score: 5 });
    expect(early).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await api(`/v1/agent/conversations/${id}/messages`, {
      body: { text: 'It was sent today.', clientId: 'agent-answer-01' },
    });
    await api(`/v1/agent/conversations/${id}/messages`, {
      body: { text: 'note: VIP', clientId: 'agent-note-0001', internal: true },
    });
    await api(`/v1/agent/conversations/${id}/resolve`, { method: 'POST' });
    const rated = ok(
      await socket.emitWithAck('conversation:rate', {
        conversationId: id,
        score: 4,
        comment: 'quick, thanks',
      }),
    );
    expect(rated.conversation).toMatchObject({
      status: 'resolved',
      rating: { score: 4, comment: 'quick, thanks' },
    });
    expect(await socket.emitWithAck('conversation:rate', { conversationId: id, score: 9 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(
      await socket.emitWithAck('message:send', {
        conversationId: id,
        clientId: clientId(),
        text: 'one more',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conversation_resolved' },
    });

    const transcript = await fetch(`${t.url}/v1/visitor/conversations/${id}/transcript?merchantKey=pk_demo`, {
      headers: { authorization: `Bearer ${session.visitorToken}`, origin: 'http://localhost:3000' },
    });
    expect(transcript.status).toBe(200);
    expect(transcript.headers.get('content-disposition')).toMatch(/^attachment; filename="conversation-/);
    expect(transcript.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const text = await transcript.text();
    expect(text).toContain('where is my refund');
    expect(text).toContain('Demo Agent:');
    expect(text).not.toContain('VIP');

    const { session: stranger } = await connectVisitor(t.url);
    const denied = await fetch(`${t.url}/v1/visitor/conversations/${id}/transcript?merchantKey=pk_demo`, {
      headers: { authorization: `Bearer ${stranger.visitorToken}` },
    });
    expect(denied.status).toBe(404);
  });
});
