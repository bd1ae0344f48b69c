import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeUserHash } from '../src/features/chat/identity.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { connectAgent, connectVisitor, disconnectAll, ok } from './sockets-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_FAILED_PAYMENT_LOOKUPS_PER_HOUR: '1000' } });
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

async function lookup(body: unknown, token?: string) {
  const started = performance.now();
  const response = await fetch(`${t.url}/v1/payments/lookup?merchantKey=pk_demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: JSON.parse(text) as Record<string, unknown>,
    ms: performance.now() - started,
    response,
  };
}

async function visitorToken() {
  const { session } = await connectVisitor(t.url);
  return session.visitorToken!;
}

describe('payment look-up with proof of ownership', () => {
  it('shows a failed payment with its reason, amount, card brand and last four only', async () => {
    const result = await lookup(
      { reference: ' demo-failed ', email: '  Buyer@Example.COM ' },
      await visitorToken(),
    );
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      payment: {
        reference: 'demo-failed',
        status: 'failed',
        reason: 'insufficient_funds',
        amount: { minor: 39_900, currency: 'CNY' },
        merchant: { name: 'Topay 演示商店' },
        card: { brand: 'unionpay', last4: '6217' },
        createdAt: expect.stringMatching(/Z$/),
        events: [
          { type: 'created', at: expect.any(String) },
          { type: 'failed', at: expect.any(String) },
        ],
      },
    });
    expect(result.text).not.toContain('buyer@example.com');
  });

  it('answers a wrong email and an unknown reference identically, after the same minimum delay', async () => {
    const token = await visitorToken();
    const wrongEmail = await lookup({ reference: 'demo-failed', email: 'someone@else.example' }, token);
    const unknown = await lookup({ reference: 'no-such-payment', email: 'buyer@example.com' }, token);
    expect(wrongEmail.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongEmail.json).toEqual(unknown.json);
    expect(wrongEmail.json).toEqual({ error: { code: 'payment_not_found', message: expect.any(String) } });
    for (const failure of [wrongEmail, unknown]) expect(failure.ms).toBeGreaterThanOrEqual(395);
    const success = await lookup({ reference: 'demo-succeeded', email: 'buyer@example.com' }, token);
    expect(success.ms).toBeGreaterThanOrEqual(395);
  });

  it('limits guessing per visitor, even for the right answer once limited', async () => {
    const token = await visitorToken();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await lookup({ reference: `guess-${i}`, email: 'buyer@example.com' }, token)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    const limited = await lookup({ reference: 'demo-failed', email: 'buyer@example.com' }, token);
    expect(limited.status).toBe(429);
    expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.json).toMatchObject({ error: { code: 'rate_limited' } });
    // Another visitor is not affected by that one's guessing.
    expect(
      (await lookup({ reference: 'demo-failed', email: 'buyer@example.com' }, await visitorToken())).status,
    ).toBe(200);
  }, 20_000);

  it('rejects malformed requests clearly', async () => {
    expect((await lookup({ reference: 'demo-failed' })).json).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringContaining('email') },
    });
    expect((await lookup({ reference: 'x'.repeat(500), email: 'a@b.c' })).status).toBe(400);
  });

  it('never answers with a full card number or an email, across every demo payment', async () => {
    const token = await visitorToken();
    const refs = ['demo-succeeded', 'demo-pending', 'demo-processing', 'demo-failed', 'demo-declined'];
    for (const reference of refs) {
      const { status, text } = await lookup({ reference, email: 'buyer@example.com' }, token);
      expect(status).toBe(200);
      expect(text).not.toMatch(/\d{6,}/);
      expect(text).not.toContain('@');
    }
  }, 20_000);
});

describe('identified users and "ask about this payment"', () => {
  const identity = { userId: 'demo-user-1', userHash: computeUserHash('sk_demo_secret', 'demo-user-1') };

  it('lists an identified user their own payments, and nobody else', async () => {
    const { session } = await connectVisitor(t.url, { identity });
    const own = await fetch(`${t.url}/v1/payments?merchantKey=pk_demo`, {
      headers: { authorization: `Bearer ${session.visitorToken}` },
    });
    expect(own.status).toBe(200);
    const { payments } = (await own.json()) as { payments: Array<{ reference: string }> };
    expect(payments).toHaveLength(10);
    const anonymous = await fetch(`${t.url}/v1/payments?merchantKey=pk_demo`, {
      headers: { authorization: `Bearer ${await visitorToken()}` },
    });
    expect(anonymous.status).toBe(401);
    const { session: forged } = await connectVisitor(t.url, {
      identity: { userId: 'demo-user-1', userHash: '0'.repeat(64) },
    });
    const refused = await fetch(`${t.url}/v1/payments?merchantKey=pk_demo`, {
      headers: { authorization: `Bearer ${forged.visitorToken}` },
    });
    expect(refused.status).toBe(401);
  });

  it('attaches a verified payment to the chat, which agents see as a card', async () => {
    const token = await loginDemoAgent(t.url);
    await connectAgent(t.url, token);
    const { socket } = await connectVisitor(t.url);
    const wrong = await socket.emitWithAck('conversation:open', {
      payment: { reference: 'demo-failed', email: 'x@y.example' },
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const { conversation } = ok(
      await socket.emitWithAck('conversation:open', {
        topic: 'payment',
        payment: { reference: 'demo-failed', email: 'buyer@example.com' },
      }),
    );
    const seen = await fetch(`${t.url}/v1/agent/conversations/${conversation.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(
      ((await seen.json()) as { conversation: { payment: unknown } }).conversation.payment,
    ).toMatchObject({
      reference: 'demo-failed',
      status: 'failed',
      reason: 'insufficient_funds',
      amount: { minor: 39_900, currency: 'CNY' },
    });

    // An identified user needs no email for their own payment.
    const { socket: identified } = await connectVisitor(t.url, { identity });
    const own = ok(
      await identified.emitWithAck('conversation:open', { payment: { reference: 'demo-refunded' } }),
    );
    const ownSeen = await fetch(`${t.url}/v1/agent/conversations/${own.conversation.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(
      ((await ownSeen.json()) as { conversation: { payment: { reference: string } } }).conversation.payment
        .reference,
    ).toBe('demo-refunded');
  });
});
