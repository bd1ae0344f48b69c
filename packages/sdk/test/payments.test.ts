import { createHmac } from 'node:crypto';
import type { Conversation as AgentConversation } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { createSupportClient, type SupportClient } from '../src/client/client.js';
import { SupportError } from '../src/client/errors.js';
import { memoryStorage } from './memory-storage.js';

const EMAIL = 'buyer@example.com';
const USER = 'demo-user-1';
// What the merchant's server computes: lowercase hex HMAC-SHA256 of the userId, keyed with the merchant secret.
const userHash = createHmac('sha256', 'sk_demo_secret').update(USER).digest('hex');

let t: TestServer;
let agentToken: string;
const clients: SupportClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  agentToken = await loginDemoAgent(t.url);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(() => t.close());

function client() {
  const c = createSupportClient({ merchantKey: 'pk_demo', serverUrl: t.url, storage: memoryStorage() });
  clients.push(c);
  return c;
}

describe('client.payments against a real server (demo seed)', () => {
  it('looks up a failed payment by reference and email: reason, no email, card as brand + last4', async () => {
    const payment = await client().payments.lookup({ reference: 'demo-failed', email: EMAIL });
    expect(payment).toMatchObject({
      reference: 'demo-failed',
      status: 'failed',
      reason: 'insufficient_funds',
      amount: { minor: 39_900, currency: 'CNY' },
      card: { brand: 'unionpay', last4: '6217' },
    });
    expect(payment.events.map((e) => e.type)).toEqual(['created', 'failed']);
    expect(JSON.stringify(payment)).not.toContain(EMAIL);
    expect(Object.keys(payment.card ?? {}).sort()).toEqual(['brand', 'last4']);
  });

  it('a wrong email and an unknown reference reject alike with payment_not_found', async () => {
    const c = client();
    const wrongEmail = await c.payments
      .lookup({ reference: 'demo-failed', email: 'someone@example.com' })
      .catch((e: unknown) => e);
    const unknown = await c.payments
      .lookup({ reference: 'no-such-payment', email: EMAIL })
      .catch((e: unknown) => e);
    for (const error of [wrongEmail, unknown]) {
      expect(error).toBeInstanceOf(SupportError);
      expect(error).toMatchObject({ code: 'payment_not_found', status: 404 });
    }
    expect((wrongEmail as Error).message).toBe((unknown as Error).message);
  });

  it('rejects an empty field as invalid_request without asking the server', async () => {
    await expect(client().payments.lookup({ reference: ' ', email: EMAIL })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('lists an identified user’s payments (all ten demo payments)', async () => {
    const c = client();
    c.identify({ userId: USER, userHash });
    const payments = await c.payments.list();
    expect(payments).toHaveLength(10);
    expect(new Set(payments.map((p) => p.reference))).toContain('demo-refunded');
    expect(JSON.stringify(payments)).not.toContain(EMAIL);
  });

  it('an anonymous visitor cannot list: unauthorized', async () => {
    const error = await client()
      .payments.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupportError);
    expect(error).toMatchObject({ code: 'unauthorized' });
  });

  it('a userHash that does not verify gets the server’s unauthorized', async () => {
    const c = client();
    c.identify({ userId: USER, userHash: '0'.repeat(64) });
    await expect(c.payments.list()).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('“ask about this payment” attaches it to the conversation the agent sees', async () => {
    const c = client();
    const conversation = await c.chat.open({
      topic: 'payment',
      email: EMAIL,
      payment: { reference: 'demo-declined', email: EMAIL },
    });
    const seen = await agentConversation(conversation.id);
    expect(seen.payment).toMatchObject({
      reference: 'demo-declined',
      status: 'failed',
      reason: 'card_declined',
    });

    // Asking about another payment opens that payment's own conversation; the first keeps its payment.
    const other = await c.chat.open({
      topic: 'payment',
      payment: { reference: 'demo-refunded', email: EMAIL },
    });
    expect(other.id).not.toBe(conversation.id);
    expect(other.payment).toEqual({ reference: 'demo-refunded', status: 'refunded' });
    expect((await agentConversation(other.id)).payment).toMatchObject({ reference: 'demo-refunded' });
    expect((await agentConversation(conversation.id)).payment).toMatchObject({ reference: 'demo-declined' });
  });

  it('an identified user asks about their own payment without the email', async () => {
    const c = client();
    c.identify({ userId: USER, userHash });
    const conversation = await c.chat.open({
      topic: 'payment',
      email: EMAIL,
      payment: { reference: 'demo-pending' },
    });
    expect((await agentConversation(conversation.id)).payment).toMatchObject({
      reference: 'demo-pending',
      status: 'pending',
    });
  });
});

async function agentConversation(id: string): Promise<AgentConversation> {
  const response = await fetch(`${t.url}/v1/agent/conversations/${id}`, {
    headers: { authorization: `Bearer ${agentToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { conversation: AgentConversation }).conversation;
}

describe('“ask about this payment” refused', () => {
  it('rejects (rather than hanging) when the payment is not the visitor’s', async () => {
    const c = client();
    const error = await c.chat
      .open({ topic: 'payment', email: EMAIL, payment: { reference: 'demo-failed', email: 'x@example.com' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupportError);
    expect(error).toMatchObject({ code: 'not_found' });
  });
});
