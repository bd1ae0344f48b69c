import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../test/server.js';
import { ApiFailure, createApi } from './api.js';

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
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await failure(api.login(credentials))).code).toBe('unauthorized');
    }
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
