import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './helpers.js';

describe('closing the server', () => {
  it('cuts a request whose client stopped sending mid-body once the grace period is over', async () => {
    const t = await startTestServer({ closeGraceMs: 300 });
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    const closedByServer = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // A body that promises 1,000 bytes and stops after a few: the route waits for the rest forever.
    socket.write(
      'POST /v1/agent/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"email":',
    );
    // The request has reached the server (it is in flight, not idle) before the close begins.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await t.close();
    // Without the grace period, Node waits out its 300 s request timeout.
    expect(Date.now() - started).toBeLessThan(5_000);
    await closedByServer;
  });
});
