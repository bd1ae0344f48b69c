import type { Message } from '@topay-support/protocol';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateBotKey } from '../src/features/integrations/bot-keys.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, next, ok } from './sockets-helpers.js';

let t: TestServer;
let merchantId: string;

beforeAll(async () => {
  t = await startTestServer();
  merchantId = (await t.storage.merchants.findByKey('pk_demo'))!.id;
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

/** A bot made exactly as `topay-support bot create` makes one. */
async function createBot(name = 'Refund bot') {
  const { id, key, keyHash } = generateBotKey();
  await t.storage.bots.create({ id, merchantId, name, keyHash });
  return { id, key };
}

function api(path: string, key: string, body?: unknown) {
  return fetch(`${t.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

describe('bot API keys', () => {
  it('let a bot list conversations and answer a visitor, who receives it live', async () => {
    const bot = await createBot();
    // The open needs someone available; a human agent is online, the bot is not "someone".
    await connectAgent(t.url, await loginDemoAgent(t.url));
    const { socket } = await connectVisitor(t.url);
    const { conversation } = ok(await socket.emitWithAck('conversation:open', { topic: 'refund' }));
    ok(
      await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'where is my refund?',
      }),
    );

    const list = await api('/v1/agent/conversations?status=open', bot.key);
    expect(list.status).toBe(200);
    const { conversations } = (await list.json()) as { conversations: Array<{ id: string }> };
    expect(conversations.map((c) => c.id)).toContain(conversation.id);

    const live = next<{ message: Message }>(
      socket,
      'message:new',
      (e) => e.message.text === 'Refund sent today.',
    );
    const sent = await api(`/v1/agent/conversations/${conversation.id}/messages`, bot.key, {
      text: 'Refund sent today.',
      clientId: 'bot-msg-0001',
    });
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as { message: Message };
    // The Message shape of docs/agent-api.md, unchanged: a bot writes as an agent, under its name.
    expect(message).toMatchObject({
      seq: 2,
      clientId: 'bot-msg-0001',
      author: { type: 'agent', id: bot.id, name: 'Refund bot' },
      text: 'Refund sent today.',
      attachments: [],
      sources: [],
    });
    expect((await live).message).toMatchObject({
      id: message.id,
      author: { type: 'agent', name: 'Refund bot' },
    });

    // Idempotent resend, exactly as for agents.
    const again = await api(`/v1/agent/conversations/${conversation.id}/messages`, bot.key, {
      text: 'Refund sent today.',
      clientId: 'bot-msg-0001',
    });
    expect(again.status).toBe(200);

    // Answering claimed the conversation for the bot, and it can resolve it.
    const resolved = await api(`/v1/agent/conversations/${conversation.id}/resolve`, bot.key, {});
    expect(await resolved.json()).toMatchObject({
      conversation: { status: 'resolved', assignee: { id: bot.id, name: 'Refund bot' } },
    });
  });

  it('identify as a bot, never log in, stay out of agent lists and off the agent socket', async () => {
    const bot = await createBot('Status bot');
    const me = await api('/v1/agent/me', bot.key);
    expect(await me.json()).toMatchObject({ agent: { id: bot.id, name: 'Status bot', role: 'bot' } });

    const login = await fetch(`${t.url}/v1/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bot-${bot.id}@bots.invalid`, password: '!bot' }),
    });
    expect(login.status).toBe(401);

    const agents = (await (await api('/v1/agent/agents', bot.key)).json()) as {
      agents: Array<{ agentId: string }>;
    };
    expect(agents.agents.length).toBeGreaterThan(0);
    expect(agents.agents.map((a) => a.agentId)).not.toContain(bot.id);

    const socket = io(`${t.url}/agent`, {
      auth: { token: bot.key },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    try {
      const error = await new Promise<Error & { data?: { code: string } }>((resolve, reject) => {
        socket.once('connect_error', resolve);
        socket.once('session:ready', () => reject(new Error('a bot key opened the agent socket')));
      });
      expect(error.data).toEqual({ code: 'unauthorized' });
    } finally {
      socket.disconnect();
    }
  });

  it('stop working the moment they are revoked', async () => {
    const bot = await createBot('Short-lived bot');
    expect((await api('/v1/agent/conversations', bot.key)).status).toBe(200);
    expect(await t.storage.bots.revoke(bot.id)).toBe(true);
    const refused = await api('/v1/agent/conversations', bot.key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) },
    });
    // Re-enabling the agent row (`agent enable`) does not bring a revoked key back.
    await t.storage.agents.setDisabled(bot.id, false);
    expect((await api('/v1/agent/conversations', bot.key)).status).toBe(401);
    expect((await t.storage.bots.findById(bot.id))?.revokedAt).toEqual(expect.any(String));
  });

  it('answer 401 with the standard error for wrong and garbage keys', async () => {
    const bot = await createBot('Real bot');
    const wrongSecret = `${bot.key.slice(0, -4)}AAAA`;
    const unknownBot = generateBotKey().key;
    for (const key of [
      wrongSecret,
      unknownBot,
      'tps_bot_',
      'tps_bot_nonsense_x',
      'not-a-token',
      'a'.repeat(3000),
    ]) {
      const response = await api('/v1/agent/conversations', key);
      expect(response.status, key).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    // Bots cannot be made transfer targets either: they take work only by acting themselves.
    const agentToken = await loginDemoAgent(t.url);
    const { socket } = await connectVisitor(t.url);
    await connectAgent(t.url, agentToken);
    const { conversation } = ok(await socket.emitWithAck('conversation:open', {}));
    const transfer = await api(`/v1/agent/conversations/${conversation.id}/transfer`, agentToken, {
      agentId: bot.id,
    });
    expect(transfer.status).toBe(400);
    expect(await transfer.json()).toEqual({
      error: { code: 'invalid_request', message: expect.stringMatching(/bot/) },
    });
  });
});
