import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, ok } from './sockets-helpers.js';

interface Received {
  from: string | undefined;
  to: string[];
  data: string;
}

let smtp: SMTPServer;
let smtpPort = 0;
const inbox: Received[] = [];
let t: TestServer;

beforeAll(async () => {
  // A real SMTP server on loopback, receiving what the product sends.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        data += chunk;
      });
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await startTestServer({
    env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: 'help@shop.example' },
  });
});

afterAll(async () => {
  disconnectAll();
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('transcript email', () => {
  it('mails the transcript to the visitor when an agent resolves the chat', async () => {
    const token = await loginDemoAgent(t.url);
    await connectAgent(t.url, token);
    const { socket } = await connectVisitor(t.url);
    const { conversation } = ok(
      await socket.emitWithAck('conversation:open', { email: 'buyer@example.com', name: 'Buyer' }),
    );
    ok(
      await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: '退款到账了吗？',
      }),
    );
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await fetch(`${t.url}/v1/agent/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: 'Refunded today.', clientId: 'reply-0000001' }),
    });
    const resolved = await fetch(`${t.url}/v1/agent/conversations/${conversation.id}/resolve`, {
      method: 'POST',
      headers,
    });
    expect(resolved.status).toBe(200);

    await expect.poll(() => inbox.length, { timeout: 5000 }).toBe(1);
    const mail = inbox[0]!;
    expect(mail.from).toBe('help@shop.example');
    expect(mail.to).toEqual(['buyer@example.com']);
    expect(mail.data).toMatch(/Subject: /);
    // The body is quoted-printable or base64 encoded; decode the plain-text part before reading it.
    const body = decodeBody(mail.data);
    expect(body).toContain('退款到账了吗？');
    expect(body).toContain('Refunded today.');
  });
});

function decodeBody(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head ?? ''))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head ?? '')) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
