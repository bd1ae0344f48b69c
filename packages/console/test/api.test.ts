import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentApi } from '../src/agent-api.js';
import { ApiFailure, createApi, createRequester } from '../src/api.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiFailure);
  return error as ApiFailure;
}

describe('console API client', () => {
  it('logs in and reads the agent and merchant with the token', async () => {
    const api = createApi(`${server.baseUrl}/`);
    const login = await api.login({ email: 'agent@demo.test', password: DEMO_PASSWORD });
    expect(login.agent).toMatchObject({ email: 'agent@demo.test', name: 'Demo Agent', role: 'admin' });
    expect(Date.parse(login.expiresAt)).toBeGreaterThan(Date.now());
    const me = await api.me(login.token);
    expect(me.merchant.name).toBe('Topay 演示商店');
  });

  it('maps a wrong password to unauthorized (401)', async () => {
    const error = await failure(
      createApi(server.baseUrl).login({ email: 'agent@demo.test', password: 'wrong-password' }),
    );
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, retryAfterMs: undefined });
  });

  it('maps a malformed body to invalid_request (400)', async () => {
    const error = await failure(createApi(server.baseUrl).login({ email: 'not-an-email', password: 'x' }));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('maps a bad token to unauthorized', async () => {
    const error = await failure(createApi(server.baseUrl).me('garbage.token.value'));
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('reports rate limiting with the wait from Retry-After', async () => {
    const api = createApi(server.baseUrl);
    const credentials = { email: 'throttled@demo.test', password: 'wrong-password' };
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await failure(api.login(credentials))).code).toBe('unauthorized');
    }
    // The fifth failure locks the account for this address (README, "Agent accounts"), with its wait.
    const locked = await failure(api.login(credentials));
    expect(locked).toMatchObject({ code: 'account_locked', status: 429 });
    expect(locked.retryAfterMs).toBeGreaterThan(0);
    expect(locked.retryAfterMs).toBeLessThanOrEqual(15 * 60 * 1000);
    for (let attempt = 5; attempt < 10; attempt += 1) await failure(api.login(credentials));
    // The request throttle still answers the eleventh attempt from this address.
    const error = await failure(api.login(credentials));
    expect(error).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(10 * 60 * 1000);
  });

  it('maps a refused connection to network_error', async () => {
    const error = await failure(createApi('http://127.0.0.1:1').me('token'));
    expect(error).toMatchObject({ code: 'network_error', status: undefined });
  });
});

describe('agent API client', () => {
  async function agentApi() {
    const { token } = await createApi(server.baseUrl).login({
      email: 'agent@demo.test',
      password: DEMO_PASSWORD,
    });
    return createAgentApi(createRequester(server.baseUrl), token);
  }

  it('uploads raw bytes with a percent-encoded name, typed by content whatever the file claims', async () => {
    const api = await agentApi();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    // No type at all (a clipboard or an unknown extension): sent as octet-stream and sniffed.
    const attachment = await api.uploadAttachment(new File([png], ''), '付款 截图.png');
    expect(attachment).toMatchObject({ name: '付款 截图.png', contentType: 'image/png', size: png.length });
    expect(attachment.url.startsWith('/v1/attachments/')).toBe(true);

    const html = new File(['<html><script>alert(1)</script></html>'], 'x.png', { type: 'image/png' });
    expect(await failure(api.uploadAttachment(html, 'x.png'))).toMatchObject({
      code: 'invalid_request',
      status: 400,
    });
  });

  it('creates, refuses a taken shortcut with conflict (409), and deletes canned replies', async () => {
    const api = await agentApi();
    const created = await api.createCannedReply({ shortcut: 'api-test', text: 'Hello from the API test' });
    expect((await api.cannedReplies()).map((reply) => reply.id)).toContain(created.id);
    expect(await failure(api.createCannedReply({ shortcut: 'api-test', text: 'again' }))).toMatchObject({
      code: 'conflict',
      status: 409,
    });
    await expect(api.deleteCannedReply(created.id)).resolves.toBeUndefined();
    expect((await api.cannedReplies()).map((reply) => reply.id)).not.toContain(created.id);
  });
});
