import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpPaymentProvider } from '../src/features/payments/http-provider.js';
import { ProviderUnavailableError } from '../src/features/payments/provider.js';

// The payment platform is outside our system: a real local HTTP server plays it, with its faults.
type Behaviour = (request: IncomingMessage, response: ServerResponse) => void;
let behaviour: Behaviour;
let hits = 0;
let platform: Server;
let baseUrl = '';

const merchant = { id: 'm1', key: 'pk_live_1', name: 'Shop' };
const payment = {
  reference: 'ord-1',
  status: 'failed',
  reason: 'card_declined',
  amount: { minor: 1999, currency: 'USD' },
  merchant: { name: 'Shop' },
  card: { brand: 'Visa', last4: '4242' },
  email: 'payer@example.com',
  userId: 'u-1',
  createdAt: '2026-11-20T10:00:00+08:00',
  events: [
    { type: 'created', at: '2026-11-20T10:00:00+08:00' },
    { type: 'failed', at: '2026-11-20T10:00:05+08:00' },
    { type: 'some_future_event', at: '2026-11-20T10:00:06+08:00' },
  ],
};

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

beforeAll(async () => {
  platform = createServer((request, response) => {
    hits++;
    behaviour(request, response);
  });
  await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => platform.close(() => resolve())));
beforeEach(() => {
  hits = 0;
});

const provider = (overrides: Partial<Parameters<typeof createHttpPaymentProvider>[0]> = {}) =>
  createHttpPaymentProvider({
    baseUrl,
    token: 'secret-token',
    timeoutMs: 200,
    retries: 2,
    cacheTtlMs: 1000,
    ...overrides,
  });

describe('http payment provider', () => {
  it('asks the documented endpoint with the bearer token and maps the answer', async () => {
    let seen: { url?: string; auth?: string } = {};
    behaviour = (request, response) => {
      seen = { url: request.url, auth: request.headers.authorization };
      json(response, 200, payment);
    };
    const found = await provider().find(merchant, 'ord-1');
    expect(seen).toEqual({ url: '/v1/merchants/pk_live_1/payments/ord-1', auth: 'Bearer secret-token' });
    expect(found).toEqual({
      email: 'payer@example.com',
      userId: 'u-1',
      view: {
        reference: 'ord-1',
        status: 'failed',
        reason: 'card_declined',
        amount: { minor: 1999, currency: 'USD' },
        merchant: { name: 'Shop' },
        card: { brand: 'visa', last4: '4242' },
        createdAt: '2026-11-20T02:00:00.000Z',
        events: [
          { type: 'created', at: '2026-11-20T02:00:00.000Z' },
          { type: 'failed', at: '2026-11-20T02:00:05.000Z' },
        ],
      },
    });
  });

  it('treats 404 as "no such payment", without retrying', async () => {
    behaviour = (_request, response) => json(response, 404, { error: 'not found' });
    expect(await provider().find(merchant, 'nope')).toBeUndefined();
    expect(hits).toBe(1);
  });

  it('retries a 500 and succeeds when the platform recovers', async () => {
    let calls = 0;
    behaviour = (_request, response) =>
      ++calls < 3 ? json(response, 500, { error: 'boom' }) : json(response, 200, payment);
    expect((await provider().find(merchant, 'ord-1'))?.view.status).toBe('failed');
    expect(calls).toBe(3);
  });

  it('gives up on a slow platform after the timeout and retries', async () => {
    behaviour = (_request, response) => setTimeout(() => json(response, 200, payment), 1000);
    const started = Date.now();
    await expect(provider().find(merchant, 'ord-1')).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(hits).toBe(3);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses garbage, contract violations and oversized answers', async () => {
    behaviour = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('<html>not json</html>');
    };
    await expect(provider().find(merchant, 'ord-1')).rejects.toThrow(/not JSON/);
    behaviour = (_request, response) => json(response, 200, { ...payment, status: 'exploded' });
    await expect(provider().find(merchant, 'ord-1')).rejects.toThrow(/contract/);
    behaviour = (_request, response) => json(response, 200, { ...payment, reference: 'someone-elses' });
    await expect(provider().find(merchant, 'ord-1')).rejects.toThrow(/another payment/);
    behaviour = (_request, response) => json(response, 200, { ...payment, padding: 'x'.repeat(400_000) });
    await expect(provider().find(merchant, 'ord-1')).rejects.toThrow(/too large/);
  });

  it('keeps only the last four digits even if the platform sends a full card number', async () => {
    behaviour = (_request, response) =>
      json(response, 200, { ...payment, card: { brand: 'mastercard', last4: '5555 5555 5555 4444' } });
    expect((await provider().find(merchant, 'ord-1'))?.view.card).toEqual({
      brand: 'mastercard',
      last4: '4444',
    });
  });

  it('caches answers briefly', async () => {
    behaviour = (_request, response) => json(response, 200, payment);
    const cached = provider();
    await cached.find(merchant, 'ord-1');
    await cached.find(merchant, 'ord-1');
    expect(hits).toBe(1);
  });

  it('opens the circuit after repeated failures and then fails fast without calling the platform', async () => {
    behaviour = (_request, response) => json(response, 503, { error: 'down' });
    const fragile = provider({ retries: 0, breakerVolume: 3, breakerResetMs: 60_000 });
    for (let i = 0; i < 3; i++)
      await expect(fragile.find(merchant, `ord-${i}`)).rejects.toBeInstanceOf(ProviderUnavailableError);
    const before = hits;
    await expect(fragile.find(merchant, 'ord-9')).rejects.toThrow(/unavailable/);
    expect(hits).toBe(before);
    expect(fragile.breaker.opened).toBe(true);
  });

  it("lists a user's payments and drops any that are not theirs", async () => {
    behaviour = (request, response) => {
      expect(request.url).toBe('/v1/merchants/pk_live_1/users/u-1/payments?limit=10');
      json(response, 200, { payments: [payment, { ...payment, reference: 'ord-2', userId: 'u-2' }] });
    };
    const list = await provider().listForUser(merchant, 'u-1', 10);
    expect(list.map((p) => p.view.reference)).toEqual(['ord-1']);
  });
});

describe('server with PAYMENT_PROVIDER=http', () => {
  it('looks payments up on the platform and says provider_unavailable when it is down', async () => {
    const { startTestServer } = await import('./helpers.js');
    const t = await startTestServer({
      env: { PAYMENT_PROVIDER: 'http', PAYMENT_API_URL: baseUrl, PAYMENT_API_TOKEN: 'secret-token' },
    });
    try {
      const ask = (reference: string) =>
        fetch(`${t.url}/v1/payments/lookup?merchantKey=pk_demo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reference, email: 'PAYER@example.com' }),
        });
      behaviour = (_request, response) => json(response, 200, { ...payment, reference: 'ord-ok' });
      const found = await ask('ord-ok');
      expect(found.status).toBe(200);
      expect(JSON.stringify(await found.json())).not.toContain('payer@example.com');
      behaviour = (_request, response) => json(response, 500, {});
      const down = await ask('ord-down');
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ error: { code: 'provider_unavailable' } });
    } finally {
      await t.close();
    }
  });
});
