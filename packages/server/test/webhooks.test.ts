import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { generateWebhookSecret, validateWebhookUrl } from '../src/features/integrations/webhooks.js';
import { createServer, type TopayServer } from '../src/server.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/storage.js';
import type { WebhookEventType } from '../src/storage/webhooks.js';
import { DEMO_PASSWORD, loginDemoAgent, startTestServer, TEST_SECRET, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, ok } from './sockets-helpers.js';
import { type Receiver, startReceiver, verifySignature } from './webhook-receiver.js';

/** Fast retries for tests: the schedule is injectable, production uses 10 s, 1 min, 5 min, … */
const FAST = { backoffMs: [50, 50, 50], jitter: 0, pollIntervalMs: 20, timeoutMs: 2_000 };

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
afterEach(() => disconnectAll());

async function addWebhook(storage: Storage, hookPath: string, events?: WebhookEventType[]) {
  const merchant = (await storage.merchants.findByKey('pk_demo'))!;
  const secret = generateWebhookSecret();
  const webhook = await storage.webhooks.create({
    merchantId: merchant.id,
    url: receiver.url(hookPath),
    events: events ?? ['conversation.created', 'message.created', 'conversation.resolved'],
    secret,
  });
  return { ...webhook, secret };
}

describe('signed webhooks from a running server', () => {
  let t: TestServer;
  let token: string;
  beforeAll(async () => {
    t = await startTestServer({ webhooks: FAST });
    token = await loginDemoAgent(t.url);
  });
  afterAll(() => t.close());

  const api = (p: string, body?: unknown) =>
    fetch(`${t.url}${p}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });

  it('deliver conversation.created, message.created (not notes) and conversation.resolved, signed', async () => {
    const hook = await addWebhook(t.storage, '/all');
    await connectAgent(t.url, token);
    const { socket } = await connectVisitor(t.url);
    const { conversation } = ok(await socket.emitWithAck('conversation:open', { topic: 'refund' }));
    const visitorMessage = ok(
      await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: '我的退款呢？',
      }),
    );
    await receiver.waitFor('/all', (l) => l.length >= 2);
    const note = await api(`/v1/agent/conversations/${conversation.id}/messages`, {
      text: 'internal: check the refund queue',
      clientId: 'note-000001',
      internal: true,
    });
    expect(note.status).toBe(201);
    const reply = await api(`/v1/agent/conversations/${conversation.id}/messages`, {
      text: 'It was sent yesterday.',
      clientId: 'reply-00001',
    });
    expect(reply.status).toBe(201);
    await receiver.waitFor('/all', (l) => l.length >= 3);
    expect((await api(`/v1/agent/conversations/${conversation.id}/resolve`, {})).status).toBe(200);

    await receiver.waitFor('/all', (l) => l.some((r) => r.json.type === 'conversation.resolved'));
    // The outbox, not a pause, says nothing else follows: every event enqueued for this hook (a note would be
    // a fifth) is delivered, once, and the receiver holds exactly those.
    await expect
      .poll(async () =>
        (await t.storage.webhooks.listDeliveries(hook.id, 10)).map((d) => [d.status, d.attempts]),
      )
      .toEqual(Array(4).fill(['delivered', 1]));
    const got = receiver.received('/all');
    expect(got).toHaveLength(4);
    // Deliveries run in parallel, so arrival order is not promised; the set of events is.
    expect(got.map((r) => r.json.type).sort()).toEqual([
      'conversation.created',
      'conversation.resolved',
      'message.created',
      'message.created',
    ]);
    for (const request of got) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['topay-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(hook.secret, request.headers['topay-signature'] as string, request.body)).toBe(
        true,
      );
      expect(
        verifySignature(generateWebhookSecret(), request.headers['topay-signature'] as string, request.body),
      ).toBe(false);
      expect(request.headers['topay-webhook-id']).toBe(request.json.id);
      expect(request.json).toMatchObject({
        id: expect.any(String),
        createdAt: expect.stringMatching(/Z$/),
        merchantId: hook.merchantId,
        data: { conversation: { id: conversation.id } },
      });
    }
    expect(new Set(got.map((r) => r.json.id)).size).toBe(got.length);
    expect(got.map((r) => r.body).join('\n')).not.toContain('internal: check the refund queue');

    const events = got.map((r) => r.json);
    const created = events.find((e) => e.type === 'conversation.created');
    const resolved = events.find((e) => e.type === 'conversation.resolved');
    const fromVisitor = events.find((e) => e.type === 'message.created' && e.data.message?.seq === 1);
    const fromAgent = events.find((e) => e.type === 'message.created' && e.data.message?.seq === 3);
    expect(created!.data.conversation).toMatchObject({ status: 'open', topic: 'refund', lastMessage: null });
    expect(created!.data).not.toHaveProperty('message');
    expect(fromVisitor!.data.message).toMatchObject({
      id: visitorMessage.message.id,
      seq: 1,
      author: { type: 'visitor' },
      text: '我的退款呢？',
      attachments: [],
      sources: [],
    });
    expect(fromAgent!.data.message).toMatchObject({
      seq: 3,
      author: { type: 'agent', name: 'Demo Agent' },
      text: 'It was sent yesterday.',
    });
    // The same views as the agent API (§3.4), so one parser serves both.
    const shown = (await (await api(`/v1/agent/conversations/${conversation.id}`)).json()) as {
      conversation: Record<string, unknown>;
    };
    expect(resolved!.data.conversation).toMatchObject({
      id: conversation.id,
      status: 'resolved',
      visitor: shown.conversation.visitor,
      assignee: shown.conversation.assignee,
      createdAt: shown.conversation.createdAt,
      resolvedAt: shown.conversation.resolvedAt,
      lastMessage: { text: 'It was sent yesterday.' },
    });
  });

  it('send only the event types a webhook subscribed to', async () => {
    const hook = await addWebhook(t.storage, '/resolved-only', ['conversation.resolved']);
    await connectAgent(t.url, token);
    const { socket } = await connectVisitor(t.url);
    const { conversation } = ok(await socket.emitWithAck('conversation:open', {}));
    ok(
      await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'hi',
      }),
    );
    await api(`/v1/agent/conversations/${conversation.id}/resolve`, {});
    // Everything enqueued for this hook is the one resolved event, delivered: nothing else is on its way.
    await expect
      .poll(async () => (await t.storage.webhooks.listDeliveries(hook.id, 10)).map((d) => d.status))
      .toEqual(['delivered']);
    expect(receiver.received('/resolved-only').map((r) => r.json.type)).toEqual(['conversation.resolved']);
  });

  it('retry failures with backoff and deliver the same event on the third attempt', async () => {
    receiver.on('/flaky', (_request, nth) => (nth <= 2 ? 500 : 200));
    const hook = await addWebhook(t.storage, '/flaky', ['conversation.created']);
    await connectAgent(t.url, token);
    const { socket } = await connectVisitor(t.url);
    ok(await socket.emitWithAck('conversation:open', {}));
    const got = await receiver.waitFor('/flaky', (l) => l.length >= 3);
    expect(new Set(got.map((r) => r.headers['topay-webhook-id'])).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    for (const request of got) {
      expect(verifySignature(hook.secret, request.headers['topay-signature'] as string, request.body)).toBe(
        true,
      );
    }
    await expect
      .poll(async () => (await t.storage.webhooks.listDeliveries(hook.id, 1))[0]?.status)
      .toBe('delivered');
    const [delivery] = await t.storage.webhooks.listDeliveries(hook.id, 1);
    expect(delivery).toMatchObject({ attempts: 3, eventId: got[0]!.json.id });
    expect(delivery!.log.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    // Delivered is final: the dispatcher sends it no more, so the three requests are all there will be.
    expect(receiver.received('/flaky')).toHaveLength(3);
  });

  it('give up after the last scheduled attempt and mark the delivery failed', async () => {
    receiver.on('/down', () => 503);
    const hook = await addWebhook(t.storage, '/down', ['conversation.created']);
    await connectAgent(t.url, token);
    const { socket } = await connectVisitor(t.url);
    ok(await socket.emitWithAck('conversation:open', {}));
    await expect
      .poll(async () => (await t.storage.webhooks.listDeliveries(hook.id, 1))[0]?.status, { timeout: 5_000 })
      .toBe('failed');
    // backoffMs has three delays: four attempts in all.
    expect(receiver.received('/down')).toHaveLength(4);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/topay_webhook_attempts_total\{outcome="failed"\} [1-9]/);
    expect(metrics).toMatch(/topay_webhook_attempts_total\{outcome="retry"\} [1-9]/);
  });
});

describe('the webhook outbox is durable and shared', () => {
  let dataDir: string;
  const nodes: Array<{ server: TopayServer; storage: Storage }> = [];

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'topay-webhooks-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const node of nodes.splice(0)) await stopNode(node);
  });

  /** One server node over `file`, as `serve` runs it; several may share the file, like nodes share Postgres. */
  async function startNode(file: string) {
    const config = loadConfig(
      { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TOKEN_SECRET: TEST_SECRET },
      'production',
    );
    const storage = openSqliteStorage(path.join(dataDir, file));
    await storage.migrate();
    await seedDemo(storage, { dataDir, agentPassword: DEMO_PASSWORD });
    const server = await createServer({
      config: { ...config, tokenSecret: TEST_SECRET },
      storage,
      webhooks: FAST,
    });
    const url = await server.listen();
    const node = { server, storage, url };
    nodes.push(node);
    return node;
  }

  async function stopNode(node: { server: TopayServer; storage: Storage }) {
    const at = nodes.indexOf(node as (typeof nodes)[number]);
    if (at >= 0) nodes.splice(at, 1);
    await node.server.close();
    await node.storage.close();
  }

  it('resumes a delivery cut short by a shutdown after a restart', async () => {
    let hang = true;
    receiver.on('/restart', () => (hang ? 'hang' : 200));
    const first = await startNode('restart.sqlite');
    const hook = await addWebhook(first.storage, '/restart', ['conversation.created']);
    await connectAgent(first.url, await loginDemoAgent(first.url));
    const { socket } = await connectVisitor(first.url);
    ok(await socket.emitWithAck('conversation:open', {}));
    const [inFlight] = await receiver.waitFor('/restart', (l) => l.length >= 1);
    // The receiver is still thinking when the node stops: the attempt is given back, not counted.
    await stopNode(first);
    const pending = openSqliteStorage(path.join(dataDir, 'restart.sqlite'));
    const [stored] = await pending.webhooks.listDeliveries(hook.id, 1);
    await pending.close();
    expect(stored).toMatchObject({ status: 'pending', attempts: 0 });

    hang = false;
    const second = await startNode('restart.sqlite');
    const got = await receiver.waitFor('/restart', (l) => l.length >= 2);
    expect(got[1]!.headers['topay-webhook-id']).toBe(inFlight!.headers['topay-webhook-id']);
    expect(verifySignature(hook.secret, got[1]!.headers['topay-signature'] as string, got[1]!.body)).toBe(
      true,
    );
    await expect
      .poll(async () => (await second.storage.webhooks.listDeliveries(hook.id, 1))[0])
      .toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('sends what was queued while no server ran, once one starts', async () => {
    const storage = openSqliteStorage(path.join(dataDir, 'queued.sqlite'));
    await storage.migrate();
    await seedDemo(storage, { dataDir, agentPassword: DEMO_PASSWORD });
    const hook = await addWebhook(storage, '/queued');
    await storage.webhooks.enqueue({
      eventId: 'evt-queued-1',
      eventType: 'conversation.created',
      payload: JSON.stringify({ id: 'evt-queued-1', type: 'conversation.created' }),
      webhookIds: [hook.id],
      visitorId: null,
    });
    await storage.close();
    await startNode('queued.sqlite');
    const [got] = await receiver.waitFor('/queued', (l) => l.length >= 1);
    expect(got!.headers['topay-webhook-id']).toBe('evt-queued-1');
  });

  it('never sends one attempt twice when two nodes share the database', async () => {
    const a = await startNode('shared.sqlite');
    const b = await startNode('shared.sqlite');
    const hook = await addWebhook(a.storage, '/shared', ['message.created']);
    const count = 40;
    // Written through both nodes' storage, so both dispatchers see due work at once.
    for (let i = 0; i < count; i++) {
      await (i % 2 ? a : b).storage.webhooks.enqueue({
        eventId: `evt-shared-${i}`,
        eventType: 'message.created',
        payload: JSON.stringify({ id: `evt-shared-${i}` }),
        webhookIds: [hook.id],
        visitorId: null,
      });
    }
    const got = await receiver.waitFor('/shared', (l) => l.length >= count);
    expect(got.length).toBe(count);
    await expect
      .poll(async () =>
        (await a.storage.webhooks.listDeliveries(hook.id, 100)).map((d) => [d.status, d.attempts]),
      )
      .toEqual(Array(count).fill(['delivered', 1]));
    // Both dispatchers stopped (a node's close waits for its pass to end): any second copy of an attempt
    // was sent by now, so what the receiver holds is all there will be.
    await stopNode(a);
    await stopNode(b);
    const ids = receiver.received('/shared').map((r) => r.headers['topay-webhook-id']);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  });

  // Claim atomicity itself, with concurrent claimers on SQLite and Postgres: integrations-storage.test.ts.
});

describe('webhook URLs', () => {
  it.each([
    ['https://hooks.shop.example/topay', 'https://hooks.shop.example/topay'],
    ['http://localhost:3000/hook', 'http://localhost:3000/hook'],
    ['http://127.0.0.1:8080/hook#frag', 'http://127.0.0.1:8080/hook'],
    ['http://[::1]:8080/hook', 'http://[::1]:8080/hook'],
  ])('accepts %s', (raw, normalised) => {
    expect(validateWebhookUrl(raw)).toBe(normalised);
  });
  it.each([
    ['http://hooks.shop.example/topay', /only to localhost/],
    ['ftp://hooks.shop.example/', /must use https/],
    ['hooks.shop.example/topay', /not an absolute URL/],
    ['https://user:pass@hooks.shop.example/', /no credentials/],
  ])('refuses %s', (raw, message) => {
    expect(() => validateWebhookUrl(raw)).toThrow(message);
  });
});
