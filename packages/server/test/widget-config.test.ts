import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const config = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/v1/widget/config${query}`, { headers });

describe('GET /v1/widget/config', () => {
  it("returns the merchant's public settings and nothing secret", async () => {
    const response = await config('?merchantKey=pk_demo', { origin: 'http://localhost:3000' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const body = await response.json();
    expect(body).toEqual({
      merchant: {
        name: 'Topay 演示商店',
        defaultLocale: 'zh-CN',
        color: expect.stringMatching(/^#[0-9a-f]{6}$/),
        position: 'right',
        colorScheme: 'auto',
        greeting: { 'zh-CN': expect.any(String), en: expect.any(String) },
        preChatForm: false,
      },
      // No agent is connected in this test.
      availability: { online: false },
      protocolVersion: 1,
    });
    expect(JSON.stringify(body)).not.toContain('sk_demo_secret');
  });

  it('refuses origins the merchant has not allowed, without CORS headers', async () => {
    const response = await config('?merchantKey=pk_demo', { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
  });

  it('answers preflights only for allowed origins', async () => {
    const allowed = await fetch(`${t.url}/v1/widget/config?merchantKey=pk_demo`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:9000', 'access-control-request-method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9000');
    const refused = await fetch(`${t.url}/v1/widget/config?merchantKey=pk_demo`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(refused.status).toBe(403);
  });

  it('explains a missing or unknown merchant key', async () => {
    const missing = await config('');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: 'invalid_request', message: 'merchantKey is required' },
    });
    const unknown = await config('?merchantKey=pk_nope');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
