import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, ok } from './sockets-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { METRICS_TOKEN: 'metrics-secret' } });
});
afterAll(async () => {
  disconnectAll();
  await t.close();
});

const metrics = async () =>
  (await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret' } })).text();

function value(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').at(-1)) : Number.NaN;
}

describe('/metrics', () => {
  it('needs the metrics token when one is configured', async () => {
    const wrong: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-secret' },
      { authorization: 'Bearer metrics-secret-and-more' },
      { authorization: 'Basic bWV0cmljcy1zZWNyZXQ=' },
      { authorization: 'metrics-secret' },
      { authorization: 'Bearer ' },
    ];
    for (const headers of wrong) {
      const response = await fetch(`${t.url}/metrics`, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(await response.json()).toEqual({
        error: { code: 'unauthorized', message: 'A valid metrics token is required' },
      });
    }
    const right = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret' } });
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('counts connections, relayed messages, ack latency, database and HTTP timings', async () => {
    await connectAgent(t.url, await loginDemoAgent(t.url));
    const { socket } = await connectVisitor(t.url);
    const { conversation } = ok(await socket.emitWithAck('conversation:open', {}));
    ok(
      await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: 'hi',
      }),
    );
    // The relay runs after the ack: wait for it to be counted rather than for a fixed pause.
    await expect
      .poll(async () => value(await metrics(), 'topay_messages_relayed_total{author="visitor"}'))
      .toBe(1);
    const text = await metrics();
    expect(value(text, 'topay_connected_sockets{role="visitor"}')).toBe(1);
    expect(value(text, 'topay_connected_sockets{role="agent"}')).toBe(1);
    expect(value(text, 'topay_messages_relayed_total{author="visitor"}')).toBe(1);
    expect(value(text, 'topay_message_ack_seconds_count')).toBe(1);
    expect(value(text, 'topay_db_query_seconds_count')).toBeGreaterThan(0);
    expect(text).toMatch(
      /topay_http_request_seconds_count\{method="POST",route="\/v1\/agent\/login",status="2xx"\} 1/,
    );
    expect(text).toContain('topay_process_cpu_seconds_total');
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('is open to anyone who reaches the port (the README says so), and holds no personal data', async () => {
    const open = await startTestServer();
    try {
      await connectAgent(open.url, await loginDemoAgent(open.url));
      const { socket } = await connectVisitor(open.url);
      const { conversation } = ok(
        await socket.emitWithAck('conversation:open', { email: 'buyer@example.com' }),
      );
      ok(
        await socket.emitWithAck('message:send', {
          conversationId: conversation.id,
          clientId: clientId(),
          text: 'my order 2024-SECRET-77',
        }),
      );
      const response = await fetch(`${open.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      // What it reveals: traffic and timings by route, socket counts, process figures.
      expect(value(text, 'topay_connected_sockets{role="visitor"}')).toBe(1);
      expect(text).toMatch(/topay_http_request_seconds_count\{method="POST",route="\/v1\/agent\/login"/);
      // What it does not: message text, emails, ids of visitors or conversations.
      for (const secret of ['SECRET', 'buyer@example.com', conversation.id])
        expect(text).not.toContain(secret);
      // A bearer header is ignored rather than checked: there is nothing to check it against.
      expect(
        (await fetch(`${open.url}/metrics`, { headers: { authorization: 'Bearer anything' } })).status,
      ).toBe(200);
    } finally {
      disconnectAll();
      await open.close();
    }
  });
});
