import type { Conversation } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords.js';
import { generateBotKey } from '../src/features/integrations/bot-keys.js';
import type { AgentRecord } from '../src/storage/agents.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, next, ok } from './sockets-helpers.js';

let t: TestServer;
let token: string;
let demoMerchantId: string;
let otherMerchantId: string;

const PASSWORD = 'transfer-test-password';

async function createAgent(merchantId: string, name: string): Promise<AgentRecord> {
  return t.storage.agents.create({
    merchantId,
    email: `${name.toLowerCase().replaceAll(' ', '-')}-${Date.now().toString(36)}@example.test`,
    name,
    role: 'agent',
    passwordHash: await hashPassword(PASSWORD),
  });
}

async function login(email: string): Promise<string> {
  const response = await fetch(`${t.url}/v1/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

function transfer(conversationId: string, agentId: string) {
  return fetch(`${t.url}/v1/agent/conversations/${conversationId}/transfer`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agentId }),
  });
}

async function conversation(id: string): Promise<Conversation> {
  const response = await fetch(`${t.url}/v1/agent/conversations/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { conversation: Conversation }).conversation;
}

beforeAll(async () => {
  t = await startTestServer();
  token = await loginDemoAgent(t.url);
  const demo = (await t.storage.merchants.findByKey('pk_demo'))!;
  demoMerchantId = demo.id;
  const other = await t.storage.merchants.create({
    ...demo,
    key: 'pk_other_shop',
    secret: 'sk_other_shop_secret',
    name: 'Other Shop',
  });
  otherMerchantId = other.id;
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

describe('transferring a conversation', () => {
  it('refuses a disabled agent, a bot, another merchant’s agent and an unknown id, changing nothing', async () => {
    const me = await connectAgent(t.url, token);
    const { socket: visitor } = await connectVisitor(t.url);
    const { conversation: opened } = ok(await visitor.emitWithAck('conversation:open', { topic: 'refund' }));
    ok(
      await visitor.emitWithAck('message:send', {
        conversationId: opened.id,
        clientId: clientId(),
        text: 'where is my refund?',
      }),
    );
    const claimed = await fetch(`${t.url}/v1/agent/conversations/${opened.id}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(claimed.status).toBe(200);
    const before = await conversation(opened.id);
    expect(before.status).toBe('assigned');

    const disabled = await createAgent(demoMerchantId, 'Disabled Colleague');
    await t.storage.agents.setDisabled(disabled.id, true);
    const { id: botId, keyHash } = generateBotKey();
    await t.storage.bots.create({ id: botId, merchantId: demoMerchantId, name: 'Refund bot', keyHash });
    const foreign = await createAgent(otherMerchantId, 'Foreign Agent');
    // The other merchant's agent is online and listening: they must hear nothing of this conversation.
    const foreignSocket = await connectAgent(t.url, await login(foreign.email));
    const heardAbroad: string[] = [];
    foreignSocket.on('conversation:updated', (event) => heardAbroad.push(event.conversation.id));
    foreignSocket.on('message:new', (event) => heardAbroad.push(event.conversationId));
    const updates: Conversation[] = [];
    me.on('conversation:updated', (event) => {
      if (event.conversation.id === opened.id) updates.push(event.conversation);
    });

    const refusals = [
      { target: disabled.id, status: 400, code: 'invalid_request', message: /disabled/ },
      { target: botId, status: 400, code: 'invalid_request', message: /bot/ },
      { target: foreign.id, status: 404, code: 'not_found', message: /No such agent/ },
      { target: 'no-such-agent', status: 404, code: 'not_found', message: /No such agent/ },
      { target: crypto.randomUUID(), status: 404, code: 'not_found', message: /No such agent/ },
    ];
    for (const { target, status, code, message } of refusals) {
      const response = await transfer(opened.id, target);
      expect(response.status, target).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, target).toBe(code);
      expect(body.error.message, target).toMatch(message);
      expect(await conversation(opened.id), target).toEqual(before);
    }
    // A foreign agent's 404 reads exactly like an unknown id's: nothing tells that they exist.
    const foreignBody = await (await transfer(opened.id, foreign.id)).json();
    const unknownBody = await (await transfer(opened.id, 'no-such-agent')).json();
    expect(foreignBody).toEqual(unknownBody);

    // A real colleague takes it; that update arrives, and is the only one the refusals let through.
    const colleague = await createAgent(demoMerchantId, 'Colleague');
    const handedOver = next<{ conversation: Conversation }>(
      me,
      'conversation:updated',
      (event) => event.conversation.id === opened.id && event.conversation.assignee?.id === colleague.id,
    );
    expect((await transfer(opened.id, colleague.id)).status).toBe(200);
    await handedOver;
    const refusedTargets = new Set(refusals.map((refusal) => refusal.target));
    expect(updates.filter((update) => refusedTargets.has(update.assignee?.id ?? ''))).toEqual([]);
    expect(updates.map((update) => update.assignee?.id)).toEqual([colleague.id]);
    expect(heardAbroad).toEqual([]);
  });

  it('refuses the disabled agent, the bot and the foreign agent over a bot key too', async () => {
    // Bots act through the same agent API: a bot's transfer follows the same rules.
    const { id, key, keyHash } = generateBotKey();
    await t.storage.bots.create({ id, merchantId: demoMerchantId, name: 'Triage bot', keyHash });
    await connectAgent(t.url, token);
    const { socket: visitor } = await connectVisitor(t.url);
    const { conversation: opened } = ok(await visitor.emitWithAck('conversation:open', {}));
    const disabled = await createAgent(demoMerchantId, 'Disabled Too');
    await t.storage.agents.setDisabled(disabled.id, true);
    const foreign = await createAgent(otherMerchantId, 'Foreign Too');
    for (const [target, status] of [
      [disabled.id, 400],
      [id, 400],
      [foreign.id, 404],
    ] as const) {
      const response = await fetch(`${t.url}/v1/agent/conversations/${opened.id}/transfer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: target }),
      });
      expect(response.status, target).toBe(status);
    }
    expect((await conversation(opened.id)).status).toBe('open');
  });
});
