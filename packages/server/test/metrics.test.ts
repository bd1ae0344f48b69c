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
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
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
    await new Promise((resolve) => setTimeout(resolve, 50));
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
