import type { WidgetConfig } from '@topay-support/protocol';
import { PROTOCOL_VERSION } from '@topay-support/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUSINESS_HOURS } from '../src/demo/seed.js';
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
        greeting: {
          'zh-CN': expect.any(String),
          en: expect.any(String),
          'zh-TW': expect.any(String),
          ar: expect.any(String),
        },
        preChatForm: false,
        contactChannels: [
          { kind: 'phone', value: '400-820-8820' },
          { kind: 'email', value: 'support@topay.example' },
          { kind: 'wechat', value: 'TopayDemo' },
        ],
      },
      // No agent is connected in this test.
      availability: { online: false },
      // Test servers seed the demo merchant with its assistant off unless a suite asks.
      assistant: { enabled: false, name: 'Topay 助手' },
      protocolVersion: PROTOCOL_VERSION,
    });
    expect(JSON.stringify(body)).not.toContain('sk_demo_secret');
  });

  it('tells the widget whether the assistant answers visitors, and by which name (suggest is not for visitors)', async () => {
    const merchant = (await t.storage.merchants.findByKey('pk_demo'))!;
    for (const [mode, enabled] of [
      ['first', true],
      ['suggest', false],
      ['off', false],
    ] as const) {
      await t.storage.merchants.update(merchant.id, {
        settings: { ...merchant.settings, assistant: { mode, name: '小助手' } },
      });
      const body = (await (
        await config('?merchantKey=pk_demo', { origin: 'http://localhost:3000' })
      ).json()) as WidgetConfig;
      expect(body.assistant).toEqual({ enabled, name: '小助手' });
    }
    await t.storage.merchants.update(merchant.id, { settings: merchant.settings });
  });

  it('sends only an https logo, safe contact channels and the business hours', async () => {
    const merchant = await t.storage.merchants.create({
      key: 'pk_extras',
      secret: 'sk_extras',
      name: 'Extras',
      defaultLocale: 'en',
      allowedOrigins: ['http://localhost:*'],
      settings: {
        color: '#123456',
        position: 'left',
        colorScheme: 'light',
        greeting: {},
        logoUrl: 'https://cdn.example/logo.svg',
        businessHours: DEMO_BUSINESS_HOURS,
        contactChannels: [
          { kind: 'url', label: 'Evil', value: 'javascript:alert(1)' },
          { kind: 'url', label: 'Site', value: 'https://shop.example/help' },
          { kind: 'email', value: 'not an email' },
          { kind: 'wechat', value: 'javascript:alert(1)' },
          { kind: 'whatsapp', value: '+86 138 0000 0000' },
          { kind: 'fax', value: '123456' } as never,
        ],
      },
    });
    const body = (await (await config(`?merchantKey=${merchant.key}`)).json()) as {
      merchant: Record<string, unknown>;
    };
    expect(body.merchant.logoUrl).toBe('https://cdn.example/logo.svg');
    expect(body.merchant.businessHours).toEqual(DEMO_BUSINESS_HOURS);
    expect(body.merchant.contactChannels).toEqual([
      { kind: 'url', label: 'Site', value: 'https://shop.example/help' },
      { kind: 'whatsapp', value: '+86 138 0000 0000' },
    ]);
    expect(JSON.stringify(body)).not.toContain('javascript:');
  });

  it('drops a logo that is not https', async () => {
    for (const logoUrl of [
      'http://cdn.example/logo.svg',
      'javascript:alert(1)',
      'data:image/svg+xml,<svg/>',
    ]) {
      const merchant = await t.storage.merchants.create({
        key: `pk_logo_${logoUrl.length}`,
        secret: 's',
        name: 'Logo',
        defaultLocale: 'en',
        allowedOrigins: ['http://localhost:*'],
        settings: { color: '#123456', position: 'left', colorScheme: 'light', greeting: {}, logoUrl },
      });
      const body = (await (await config(`?merchantKey=${merchant.key}`)).json()) as {
        merchant: Record<string, unknown>;
      };
      expect(body.merchant).not.toHaveProperty('logoUrl');
    }
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
